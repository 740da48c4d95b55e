#ifndef ANAPLAN_CORE_TESTING_MOCK_HTTP_TRANSPORT_H_
#define ANAPLAN_CORE_TESTING_MOCK_HTTP_TRANSPORT_H_

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/http/http_types.h"

namespace anaplan::testing {

/// A table-driven HttpTransport for unit tests (after tensorstore's mock).
///
/// Rules pair a method ("" = any) and a URL regex (ECMAScript, searched in
/// the full URL including the query: anchor with `$`, escape `?` as `\\?`)
/// with outcomes. For each request, the first rule (in the order added) that
/// matches and still has queued outcomes answers with the oldest one; when no
/// queued outcome is left, the first matching rule with a handler or a
/// default answers. A request no rule answers gets UNIMPLEMENTED naming it.
/// Every request is recorded. Thread-safe; handlers run outside the lock.
class MockHttpTransport : public core::HttpTransport {
 public:
  using Outcome = absl::StatusOr<core::HttpResponse>;
  using Handler = std::function<Outcome(const core::HttpRequest&,
                                        const core::CallContext&)>;

  /// Queues `outcome` `times` times for matching requests.
  void AddResponse(absl::string_view method, absl::string_view url_regex,
                   Outcome outcome, int times = 1);
  /// Answers matching requests with `outcome` whenever nothing is queued.
  void SetDefault(absl::string_view method, absl::string_view url_regex,
                  Outcome outcome);
  /// Answers matching requests by calling `handler` when nothing is queued.
  void SetHandler(absl::string_view method, absl::string_view url_regex,
                  Handler handler);

  /// Copies of every request received, in order.
  std::vector<core::HttpRequest> requests() const;
  /// How many requests matched `method` ("" = any) and `url_regex`.
  int CountOf(absl::string_view method, absl::string_view url_regex) const;
  int total_count() const;
  /// Requests no rule answered.
  int unmatched_count() const;
  /// When false, recorded requests keep no body (large chunk tests).
  void set_record_bodies(bool record);

  absl::StatusOr<core::HttpResponse> Send(
      const core::HttpRequest& request, const core::CallContext& ctx) override;

 private:
  struct Rule {
    std::string method;
    std::string pattern;
    std::regex regex;
    std::deque<Outcome> queued;
    std::optional<Outcome> fallback;
    Handler handler;
  };
  Rule& RuleFor(absl::string_view method, absl::string_view url_regex)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable anaplan::Mutex mu_;
  std::vector<std::unique_ptr<Rule>> rules_ ABSL_GUARDED_BY(mu_);
  std::vector<core::HttpRequest> requests_ ABSL_GUARDED_BY(mu_);
  int unmatched_ ABSL_GUARDED_BY(mu_) = 0;
  bool record_bodies_ ABSL_GUARDED_BY(mu_) = true;
};

/// A response with `status`, `body` and optional headers (names are
/// lower-cased, as the real transport does).
core::HttpResponse MakeResponse(int status, std::string body = "",
                                core::HttpHeaders headers = {});

/// A 200 response carrying `json` with Content-Type application/json.
core::HttpResponse JsonResponse(std::string json, int status = 200);

}  // namespace anaplan::testing

#endif  // ANAPLAN_CORE_TESTING_MOCK_HTTP_TRANSPORT_H_
