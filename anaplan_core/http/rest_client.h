#ifndef ANAPLAN_CORE_HTTP_REST_CLIENT_H_
#define ANAPLAN_CORE_HTTP_REST_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/client_options.h"
#include "anaplan_core/http/http_types.h"

namespace anaplan::core {

/// Whether a request may be sent again after a failure that leaves its fate
/// unknown. GET, DELETE and PUT of a chunk by index are idempotent; a POST
/// that starts a task is not: it is retried only when the failure proves it
/// was never processed (connect refused, 429, or 503).
enum class Idempotency { kIdempotent, kNonIdempotent };

/// Waits between retries; tests inject one that records and returns at once.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  /// Sleeps `d` or until ctx is cancelled (then returns CANCELLED).
  virtual absl::Status Sleep(absl::Duration d, const CallContext& ctx) = 0;
};

/// Anaplan REST calls with everything around them: the auth header (token
/// fetched lazily, cached, refreshed before expiry, one re-authentication and
/// one resend on 401), the retry loop (design.md §4: 429, 5xx and transport
/// failures retried with jittered exponential backoff, Retry-After honoured
/// as a floor, all within ctx's deadline), and the mapping of the final
/// response to absl::Status with ErrorInfo attached (http status, request
/// id, reason, retry_after). Thread-safe.
class RestClient {
 public:
  virtual ~RestClient() = default;

  /// Sends `request` (relative URLs are not allowed) and returns the 2xx
  /// response; any other outcome is an error as described above.
  virtual absl::StatusOr<HttpResponse> Execute(HttpRequest request,
                                               Idempotency idempotency,
                                               const CallContext& ctx) = 0;

  /// GET returning parsed JSON.
  virtual absl::StatusOr<rapidjson::Document> GetJson(
      const std::string& url, const CallContext& ctx) = 0;
  /// POST/PUT/PATCH/DELETE with a JSON body (may be empty) returning parsed
  /// JSON, or an empty object when the reply has no body.
  virtual absl::StatusOr<rapidjson::Document> SendJson(
      absl::string_view method, const std::string& url, std::string json_body,
      Idempotency idempotency, const CallContext& ctx) = 0;

  /// Pages through a listing (anaplan-api.md §3.3): adds limit/offset to
  /// `url` (which may already hold a query), reads meta.paging
  /// {currentPageSize,totalSize}, adapts when the server returns smaller
  /// pages than asked, and calls `on_item` for each element of `key` in
  /// order. A missing key is an empty page.
  virtual absl::Status GetPaged(
      const std::string& url, const char* key,
      const std::function<absl::Status(const rapidjson::Value&)>& on_item,
      const CallContext& ctx) = 0;

  /// Obtains a token now unless one is cached (one authenticate call for
  /// basic credentials): proves the credentials work. Static tokens are
  /// taken on trust (OK). \error as RestClient calls fail to authenticate.
  virtual absl::Status VerifyCredentials(const CallContext& /*ctx*/) {
    return absl::OkStatus();
  }

  /// Logs out every token this client obtained (POST /token/logout, one
  /// attempt each): its own and those it exchanged for callers' per-call
  /// Basic credentials, so none can be used after shutdown. No call for a
  /// session without a token or with a static token (not ours to revoke).
  /// Returns how many tokens were logged out.
  /// \error the first failed logout (the others are still attempted).
  virtual absl::StatusOr<int> Logout(const CallContext& /*ctx*/) { return 0; }

  /// Options in force (page size, poll delay, transfer settings...).
  virtual const ClientOptions& options() const = 0;
};

/// A RestClient over `transport` authenticating with `credentials`.
/// `sleeper` may be null (real sleeping).
std::shared_ptr<RestClient> MakeRestClient(
    const ClientOptions& options, std::shared_ptr<HttpTransport> transport,
    std::shared_ptr<const Credentials> credentials,
    std::shared_ptr<Sleeper> sleeper = nullptr);

/// The libcurl transport (connection reuse, timeouts, cancellation, proxy
/// and CA bundle from options.http).
absl::StatusOr<std::shared_ptr<HttpTransport>> MakeCurlTransport(
    const HttpOptions& options);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_HTTP_REST_CLIENT_H_
