#ifndef ANAPLAN_CORE_STATUS_ERROR_INFO_H_
#define ANAPLAN_CORE_STATUS_ERROR_INFO_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace anaplan::core {

/// Structured facts attached to an absl::Status as payloads (type URLs under
/// type.anaplan.dev/), so the service can turn them into gRPC rich error
/// details and trailing metadata without parsing messages.
///
/// Reasons used (ErrorInfo.reason): ANAPLAN_HTTP_ERROR, ANAPLAN_CONFLICT,
/// ANAPLAN_RATE_LIMITED, ANAPLAN_UNAVAILABLE, ANAPLAN_TIMEOUT,
/// ANAPLAN_BAD_CREDENTIALS, ANAPLAN_NOT_FOUND, ANAPLAN_TASK_FAILED,
/// ANAPLAN_TASK_CANCELLED, ANAPLAN_CHUNK_FAILED, ANAPLAN_DATA_LOSS,
/// ANAPLAN_BAD_RESPONSE, INVALID_REQUEST.
struct ErrorInfo {
  /// Upper snake case reason; empty when none was attached.
  std::string reason;
  /// HTTP status Anaplan answered, when the error came from a response.
  std::optional<int> http_status;
  /// Request id (X-Request-Id / correlation id) of the failing call.
  std::string request_id;
  /// How long the server asked to wait (Retry-After), when it did.
  std::optional<absl::Duration> retry_after;
  /// Chunk index of a failed chunk transfer, when one failed.
  std::optional<int64_t> chunk_index;
  /// Field of the request that failed validation (e.g. "header.chunk_size").
  std::string field;
};

/// Attaches `info` to `status` (no-op for OK). Existing values are replaced:
/// each field set in `info` overwrites the stored one; fields left unset in
/// `info` (empty string, nullopt) keep what was stored before.
void AttachErrorInfo(absl::Status& status, const ErrorInfo& info);

/// Reads what AttachErrorInfo stored; fields absent when nothing was stored.
ErrorInfo GetErrorInfo(const absl::Status& status);

/// Convenience: a status of `code` with `message` and `info` attached.
absl::Status MakeError(absl::StatusCode code, absl::string_view message,
                       const ErrorInfo& info);

/// INVALID_ARGUMENT naming the offending request field.
absl::Status InvalidField(absl::string_view field, absl::string_view message);

/// Returns `status` with "<context>: " prefixed to its message, payloads kept.
absl::Status Annotate(const absl::Status& status, absl::string_view context);

/// Marks a transport failure that provably happened before any byte of the
/// request reached the server (resolve failure, connection refused), so a
/// non-idempotent request may be sent again. No-op for OK. Kept as a separate
/// payload: it is an internal fact for the retry loop, not an error detail.
void MarkRequestNotSent(absl::Status& status);

/// True when MarkRequestNotSent was applied to `status`.
bool IsRequestNotSent(const absl::Status& status);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_STATUS_ERROR_INFO_H_
