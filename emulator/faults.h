#ifndef ANAPLAN_EMULATOR_FAULTS_H_
#define ANAPLAN_EMULATOR_FAULTS_H_

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"

#include "anaplan_core/common/sync.h"

namespace anaplan::emulator {

/// What a fault does to a matching request.
enum class FaultAction {
  kStatus,        ///< Answer `status` (+ Retry-After) instead of routing.
  kReset,         ///< Reset the TCP connection without any response.
  kTruncate,      ///< Send headers and half the body, then close.
  kStall,         ///< Sleep `delay_ms`, then answer normally.
  kDropResponse,  ///< Handle the request (state changes!), then reset.
  kCorrupt,       ///< Flip bytes of the response body.
};

/// A fault that fired for one request.
struct FaultHit {
  std::string id;
  FaultAction action = FaultAction::kStatus;
  int status = 503;
  /// Retry-After to send. A rule's "date+N" is sent as the HTTP-date N
  /// seconds after the next whole second at the time the fault fires, so
  /// the wait it asks for is at least N seconds.
  std::string retry_after;
  int delay_ms = 0;
  /// reset: bytes of the request body read before the reset (0 = none);
  /// truncate: bytes of the response body sent (0 = half of it).
  int64_t after_bytes = 0;
};

/// Armed fault rules (POST /__emulator/faults, --fault). A rule matches a
/// request when the method is equal (or the rule's is "*") and the path
/// regex is found in the path (std::regex_search, ECMAScript). It lets the
/// first `skip` matching requests pass, fires on the next `count` (-1 =
/// forever), then disarms. Thread-safe.
class FaultRegistry {
 public:
  /// Adds one rule (JSON object) or several (JSON array), e.g.
  /// `{"method":"PUT","path":"/chunks/","count":2,"status":503,
  ///   "retry_after":"1","action":"status"}`.
  /// \error InvalidArgument for malformed JSON, a bad regex, an unknown
  /// action or a status outside 100..599.
  absl::Status AddFromJson(std::string_view json);

  /// The fault to apply to this request, if any (counts it as fired).
  std::optional<FaultHit> Match(const std::string& method,
                                const std::string& path);

  /// JSON array of every rule with its `seen` and `fired` counters.
  std::string ListJson() const;

  /// Removes every rule.
  void Clear();

 private:
  struct Rule {
    FaultHit hit;
    std::string method;
    std::string path_pattern;
    std::regex path;
    int count = 1;
    int skip = 0;
    int seen = 0;
    int fired = 0;
  };

  mutable anaplan::Mutex mu_;
  std::vector<Rule> rules_ ABSL_GUARDED_BY(mu_);
  int next_id_ ABSL_GUARDED_BY(mu_) = 1;
};

/// "status", "reset", ... for an action.
const char* FaultActionName(FaultAction action);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_FAULTS_H_
