#ifndef ANAPLAN_CORE_RETRY_RETRY_POLICY_H_
#define ANAPLAN_CORE_RETRY_RETRY_POLICY_H_

#include "absl/status/status.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core {

/// Decides whether a failed attempt may be tried again (design.md §4,
/// conventions.md §4). Immutable and cheap; shared freely.
///
/// Transient: UNAVAILABLE (5xx, 408, connect/reset/TLS), RESOURCE_EXHAUSTED
/// (429) and DEADLINE_EXCEEDED of one attempt while the caller's deadline is
/// still ahead. Everything else (other 4xx, CANCELLED, INTERNAL...) is
/// permanent. A non-idempotent request is retried only when the failure
/// proves it was not processed: a transport failure marked
/// IsRequestNotSent (resolve/connect/TLS handshake) or an HTTP 429 or 503
/// answer; never after a timeout or a reset once bytes were sent.
class RetryPolicy {
 public:
  /// `max_attempts` counts the first try; values below 1 mean 1.
  explicit RetryPolicy(int max_attempts)
      : max_attempts_(max_attempts < 1 ? 1 : max_attempts) {}

  int max_attempts() const { return max_attempts_; }

  /// True when `status` is worth trying again, before idempotency rules.
  bool IsTransient(const absl::Status& status, const CallContext& ctx) const;

  /// True when a request of `idempotency` that failed with `status` may be
  /// sent again (attempt counts and budgets aside).
  bool MayRetry(const absl::Status& status, Idempotency idempotency,
                const CallContext& ctx) const;

 private:
  int max_attempts_;
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_RETRY_RETRY_POLICY_H_
