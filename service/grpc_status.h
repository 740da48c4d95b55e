#ifndef ANAPLAN_SERVICE_GRPC_STATUS_H_
#define ANAPLAN_SERVICE_GRPC_STATUS_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace anaplan::service {

/// Domain of every google.rpc.ErrorInfo the service sends.
inline constexpr absl::string_view kErrorDomain = "anaplan.v1";
/// Trailing metadata keys carrying facts about the failing Anaplan call.
inline constexpr absl::string_view kHttpStatusTrailer = "anaplan-http-status";
inline constexpr absl::string_view kRequestIdTrailer = "anaplan-request-id";
/// Longest message sent to callers; longer ones are cut and end in "...".
inline constexpr std::size_t kMaxMessageBytes = 1024;
/// absl::Status payloads under this prefix are serialized protobuf messages
/// (e.g. anaplan.v1.TaskStatus) copied verbatim into the rich details as
/// google.protobuf.Any.
inline constexpr absl::string_view kAnyTypeUrlPrefix = "type.googleapis.com/";

/// THE converter from absl::Status (anaplan_core's error model) to
/// grpc::Status. Codes map one-to-one. For a non-OK status:
///  - the message is trimmed to kMaxMessageBytes; for INTERNAL and UNKNOWN
///    only its first line is kept (no stack traces or dumps reach callers);
///  - the binary error details hold a serialized google.rpc.Status with the
///    same code and message, and details: ErrorInfo{reason, domain
///    "anaplan.v1", metadata http_status/request_id/chunk_index/field/...}
///    when core attached any fact, RetryInfo when it attached retry_after,
///    BadRequest when it named a request field, plus every payload stored
///    under kAnyTypeUrlPrefix (the failed task's anaplan.v1.TaskStatus);
///  - when `context` is not null, `anaplan-http-status` and
///    `anaplan-request-id` are added to its trailing metadata.
grpc::Status ToGrpcStatus(const absl::Status& status,
                          grpc::ServerContextBase* context = nullptr);

/// Cuts `message` to at most `max_bytes` bytes (on a UTF-8 boundary),
/// ending it with "..." when cut.
std::string TrimMessage(absl::string_view message, std::size_t max_bytes);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_GRPC_STATUS_H_
