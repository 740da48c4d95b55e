#ifndef ANAPLAN_CORE_HTTP_REST_CLIENT_INTERNAL_H_
#define ANAPLAN_CORE_HTTP_REST_CLIENT_INTERNAL_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "rapidjson/document.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/client_options.h"
#include "anaplan_core/http/http_types.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/retry/backoff_policy.h"

namespace anaplan::core::internal {

/// Test seams of MakeRestClient: the clock judging token expiry and the
/// random source of backoff jitter. Empty members mean the real ones.
struct RestClientHooks {
  std::function<absl::Time()> now;
  BackoffPolicy::UniformSource uniform;
  /// Capacity and refill of the per-client retry budget (RetryBudget).
  double retry_budget_capacity = 10.0;
  double retry_budget_refill = 0.5;
};

/// MakeRestClient with test seams.
std::shared_ptr<RestClient> MakeRestClientWithHooks(
    const ClientOptions& options, std::shared_ptr<HttpTransport> transport,
    std::shared_ptr<const Credentials> credentials,
    std::shared_ptr<Sleeper> sleeper, RestClientHooks hooks);

/// `url` with `name=value` appended to its query.
std::string AddQueryParameter(const std::string& url, const std::string& name,
                              const std::string& value);

/// The paging loop of RestClient::GetPaged (anaplan-api.md §3.3), over
/// `get_json` (one GET returning parsed JSON). Pages are fetched one after
/// another so items reach `on_item` in order and only one page is held at a
/// time. `page_size` is capped to [1, 5000]; a server that returns fewer
/// items than asked sets the size of later pages. Stops when offset reaches
/// meta.paging.totalSize, on an empty page, or after a page without
/// meta.paging.
/// \error whatever get_json or on_item return; INTERNAL (reason
///   ANAPLAN_BAD_RESPONSE) when the server ignores the offset (repeats a
///   page).
absl::Status PageThrough(
    const std::function<
        absl::StatusOr<rapidjson::Document>(const std::string&)>& get_json,
    const std::string& url, const char* key, int page_size,
    const std::function<absl::Status(const rapidjson::Value&)>& on_item);

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_HTTP_REST_CLIENT_INTERNAL_H_
