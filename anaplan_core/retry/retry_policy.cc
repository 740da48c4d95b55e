#include "anaplan_core/retry/retry_policy.h"

#include "anaplan_core/status/error_info.h"

namespace anaplan::core {

bool RetryPolicy::IsTransient(const absl::Status& status,
                              const CallContext& ctx) const {
  if (ctx.IsCancelled() || ctx.Expired()) return false;
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kDeadlineExceeded:
      return true;
    case absl::StatusCode::kDataLoss:
      // A body damaged in transit (the transport's ANAPLAN_DATA_LOSS): a
      // fresh read usually gets good bytes. Non-idempotent requests are
      // still not resent (MayRetry).
      return GetErrorInfo(status).reason == "ANAPLAN_DATA_LOSS";
    default:
      return false;
  }
}

bool RetryPolicy::MayRetry(const absl::Status& status, Idempotency idempotency,
                           const CallContext& ctx) const {
  if (!IsTransient(status, ctx)) return false;
  if (idempotency == Idempotency::kIdempotent) return true;
  // A POST that starts a task must not run twice: only failures that prove
  // the server never processed it allow a resend (reliability §A1).
  if (IsRequestNotSent(status)) return true;
  const ErrorInfo info = GetErrorInfo(status);
  return info.http_status == 429 || info.http_status == 503;
}

}  // namespace anaplan::core
