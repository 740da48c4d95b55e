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

/// The frame every RPC of the ALM, Audit and SCIM servicers runs in, as
/// BulkServiceImpl::Run does for Bulk: `checked` (request validation) first,
/// then UNAUTHENTICATED without a connection, admission by the limiter,
/// a CallContext (the unary ceiling for unary RPCs), `body`, and the
/// conversion of the outcome with ToGrpcStatus (one stderr line on failure).
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
