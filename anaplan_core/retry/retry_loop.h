#ifndef ANAPLAN_CORE_RETRY_RETRY_LOOP_H_
#define ANAPLAN_CORE_RETRY_RETRY_LOOP_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/retry/backoff_policy.h"
#include "anaplan_core/retry/retry_budget.h"
#include "anaplan_core/retry/retry_policy.h"

namespace anaplan::core {

/// Everything one retry loop needs besides the attempt itself. The pointers
/// are borrowed for the duration of the loop; `budget` may be null.
struct RetryLoopParams {
  const RetryPolicy* policy = nullptr;
  const BackoffPolicy* backoff = nullptr;
  RetryBudget* budget = nullptr;
  Sleeper* sleeper = nullptr;
  Idempotency idempotency = Idempotency::kIdempotent;
  /// Names the operation in final errors, e.g. "GET /2/0/workspaces".
  std::string operation;
};

namespace internal {

/// The verdict after a failed attempt: retry after `wait`, or stop with
/// `final_status`.
struct RetryDecision {
  bool retry = false;
  absl::Duration wait;
  absl::Status final_status;
};

/// Decides what follows failure `failure` of attempt number `attempt`.
RetryDecision DecideAfterFailure(const RetryLoopParams& params,
                                 const absl::Status& failure, int attempt,
                                 const CallContext& ctx);

/// The error returned when the loop stops after `attempts` attempts.
absl::Status FinalError(const RetryLoopParams& params, absl::Status failure,
                        int attempts);

}  // namespace internal

/// Runs `attempt(n)` (n = 1, 2, ...; returns absl::StatusOr<T>) until it
/// succeeds or the failure is final (google-cloud-cpp's rest_retry_loop):
///  - permanent failures, and failures a non-idempotent request may not be
///    resent after, return at once (RetryPolicy::MayRetry);
///  - transient ones are retried up to policy.max_attempts(), waiting
///    BackoffPolicy::Delay(n), raised to the server's Retry-After (ErrorInfo
///    retry_after) when it asks for more;
///  - a Retry-After above the backoff cap, a wait that would pass ctx's
///    deadline, or an empty retry budget stop at once with the last error,
///    retry_after set to the wait the server or backoff wanted (so the
///    service can emit RetryInfo);
///  - a cancelled ctx during a wait returns CANCELLED.
/// Errors after more than one attempt are prefixed "<operation> failed
/// after N attempts: "; payloads are kept. Successes refill the budget.
template <typename T, typename Attempt>
absl::StatusOr<T> RetryLoop(const RetryLoopParams& params,
                            const CallContext& ctx, Attempt&& attempt) {
  for (int n = 1;; ++n) {
    absl::StatusOr<T> result = attempt(n);
    if (result.ok()) {
      if (params.budget != nullptr) params.budget->OnSuccess();
      return result;
    }
    internal::RetryDecision decision =
        internal::DecideAfterFailure(params, result.status(), n, ctx);
    if (!decision.retry) return std::move(decision.final_status);
    absl::Status slept = params.sleeper->Sleep(decision.wait, ctx);
    if (!slept.ok()) return internal::FinalError(params, std::move(slept), n);
  }
}

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_RETRY_RETRY_LOOP_H_
