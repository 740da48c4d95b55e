#ifndef ANAPLAN_SERVICE_FAMILY_RPC_H_
#define ANAPLAN_SERVICE_FAMILY_RPC_H_

#include <optional>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

#include "anaplan_core/common/call_context.h"
#include "service/bulk_service.h"

namespace anaplan::service {

/// The frame every servicer RPC runs in (Bulk, Transactional, ALM, Audit,
/// CloudWorks, SCIM), so that they cannot drift apart: `checked` (request
/// validation) first, then the caller's `authorization` metadata
/// (UNAUTHENTICATED when malformed), UNAUTHENTICATED without a connection,
/// admission by the limiter, a CallContext (the unary ceiling for unary
/// RPCs), `body`, and the conversion of the outcome with ToGrpcStatus (one
/// debug log event on failure; the RPC interceptor logs every call).
grpc::Status RunFamilyRpc(
    absl::string_view method, grpc::ServerContext* context,
    const BulkServiceOptions& options, bool has_connection, bool unary,
    const absl::Status& checked,
    absl::FunctionRef<absl::Status(const core::CallContext&)> body);

/// ABORTED (reason ANAPLAN_TASK_FAILED) naming an ALM task that completed
/// unsuccessfully, with its error title and text; OK otherwise.
absl::Status AlmTaskFailure(absl::string_view what, absl::string_view task_id,
                            bool complete, bool successful,
                            absl::string_view error_text);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_FAMILY_RPC_H_
