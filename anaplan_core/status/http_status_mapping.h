#ifndef ANAPLAN_CORE_STATUS_HTTP_STATUS_MAPPING_H_
#define ANAPLAN_CORE_STATUS_HTTP_STATUS_MAPPING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

#include "anaplan_core/http/http_types.h"

namespace anaplan::core {

/// THE mapping of an Anaplan HTTP answer to absl::Status (design.md §3).
/// 2xx → OK. Otherwise:
///  - 400 → INVALID_ARGUMENT (Anaplan's message kept);
///  - 401 → UNAUTHENTICATED;  403, 452 → PERMISSION_DENIED;
///  - 404, 410 → NOT_FOUND (reason ANAPLAN_NOT_FOUND);
///  - 408 → UNAVAILABLE (a transient timeout on the server side);
///  - 409 → ABORTED (reason ANAPLAN_CONFLICT);
///  - 412, 422, 423, 424 → FAILED_PRECONDITION;
///  - 429 → RESOURCE_EXHAUSTED (reason ANAPLAN_RATE_LIMITED, retry_after);
///  - 499 → CANCELLED;  5xx → UNAVAILABLE (reason ANAPLAN_UNAVAILABLE);
///  - other 4xx → INVALID_ARGUMENT;  1xx/3xx/other → UNKNOWN.
/// The message reads "Anaplan answered 404 Not Found for GET <path>: <what
/// Anaplan said>" (no host, no query, never a header value). ErrorInfo
/// carries http_status, request_id, reason and, for 429/503 with a
/// Retry-After header, retry_after.
absl::Status HttpResponseToStatus(const HttpResponse& response,
                                  absl::string_view method,
                                  absl::string_view url);

/// The status code for an HTTP status alone (no message, no payloads).
absl::StatusCode HttpStatusToCode(int http_status);

/// Standard reason phrase ("Not Found"), or "" for unknown codes.
absl::string_view HttpReasonPhrase(int http_status);

/// The request id the server sent (x-request-id or a known alias), or "".
std::string RequestIdOf(const HttpResponse& response);

/// What an Anaplan error body says, from any of its envelopes
/// (anaplan-api.md §1.3: integration, auth, SCIM, OAuth), else the body text;
/// whitespace-trimmed and capped at a few hundred characters.
std::string AnaplanErrorMessage(absl::string_view body);

/// The path of `url` without scheme, host or query, for messages.
std::string PathForMessage(absl::string_view url);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_STATUS_HTTP_STATUS_MAPPING_H_
