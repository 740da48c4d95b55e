#include "anaplan_core/retry/retry_loop.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/observer.h"
#include "anaplan_core/status/error_info.h"

namespace anaplan::core::internal {
namespace {

RetryDecision Stop(const RetryLoopParams& params, const absl::Status& failure,
                   int attempts, std::optional<absl::Duration> retry_after) {
  absl::Status final_status = failure;
  if (retry_after) {
    ErrorInfo info;
    info.retry_after = *retry_after;
    AttachErrorInfo(final_status, info);
  }
  RetryDecision decision;
  decision.final_status = FinalError(params, std::move(final_status), attempts);
  return decision;
}

}  // namespace

absl::Status FinalError(const RetryLoopParams& params, absl::Status failure,
                        int attempts) {
  // A single attempt's error already names the request (mapping and
  // transport messages say "for GET /path"); only retries add context.
  if (attempts <= 1) return failure;
  return Annotate(failure, absl::StrCat(params.operation, " failed after ",
                                        attempts, " attempts"));
}

RetryDecision DecideAfterFailure(const RetryLoopParams& params,
                                 const absl::Status& failure, int attempt,
                                 const CallContext& ctx) {
  const std::optional<absl::Duration> server_wait =
      GetErrorInfo(failure).retry_after;
  if (!params.policy->MayRetry(failure, params.idempotency, ctx) ||
      attempt >= params.policy->max_attempts()) {
    return Stop(params, failure, attempt, std::nullopt);
  }
  absl::Duration wait = params.backoff->Delay(attempt);
  if (server_wait) {
    // Retry-After is a floor; one above the cap is not worth waiting for.
    if (*server_wait > params.backoff->max_backoff()) {
      return Stop(params, failure, attempt, server_wait);
    }
    wait = std::max(wait, *server_wait);
  }
  if (absl::Now() + wait >= ctx.deadline) {
    return Stop(params, failure, attempt, wait);
  }
  if (params.budget != nullptr && !params.budget->TryAcquire()) {
    return Stop(params, failure, attempt, std::nullopt);
  }
  GetObserver().OnRetry(params.operation, RetryReasonOf(failure));
  RetryDecision decision;
  decision.retry = true;
  decision.wait = wait;
  return decision;
}

}  // namespace anaplan::core::internal
