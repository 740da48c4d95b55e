#include "service/family_rpc.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"
#include "service/credentials_per_call.h"
#include "service/grpc_status.h"
#include "service/logging.h"

namespace anaplan::service {
namespace {

/// Failed RPCs are logged by the RPC interceptor (event `rpc`, with code
/// and message); this debug line adds which servicer path failed. Messages
/// come from core or validation and never contain secrets.
void LogRpcError(absl::string_view method, const grpc::Status& status) {
  LogEvent(LogLevel::kDebug, "rpc_failed",
           {{"method", method},
            {"code", absl::StatusCodeToString(
                         static_cast<absl::StatusCode>(status.error_code()))},
            {"message", status.error_message()}});
}

}  // namespace

grpc::Status RunFamilyRpc(
    absl::string_view method, grpc::ServerContext* context,
    const BulkServiceOptions& options, bool has_connection, bool unary,
    const absl::Status& checked,
    absl::FunctionRef<absl::Status(const core::CallContext&)> body) {
  absl::Status status = checked;
  if (status.ok()) status = CheckCallCredentials(*context);
  if (status.ok() && !has_connection) {
    status = absl::UnauthenticatedError(
        "no Anaplan credentials configured: start the server with "
        "--user_email and --password(_file), or --token(_file)");
  }
  // Held until the RPC returns: its slots free as the handler ends.
  ConcurrencyLimiter::Permit permit;
  if (status.ok() && options.limiter != nullptr) {
    absl::StatusOr<ConcurrencyLimiter::Permit> admitted =
        options.limiter->Acquire(*context, method);
    if (admitted.ok()) {
      permit = *std::move(admitted);
    } else {
      status = admitted.status();
    }
  }
  if (status.ok()) {
    const core::CallContext ctx = MakeCallContext(
        *context, unary ? std::optional<absl::Duration>(options.max_unary_wait)
                        : std::nullopt);
    status = body(ctx);
  }
  grpc::Status result = ToGrpcStatus(status, context);
  if (!result.ok()) LogRpcError(method, result);
  return result;
}

absl::Status AlmTaskFailure(absl::string_view what, absl::string_view task_id,
                            bool complete, bool successful,
                            absl::string_view error_text) {
  if (!complete || successful) return absl::OkStatus();
  core::ErrorInfo info;
  info.reason = "ANAPLAN_TASK_FAILED";
  std::string message =
      absl::StrCat(what, " task ", task_id, " completed unsuccessfully");
  if (!error_text.empty()) absl::StrAppend(&message, ": ", error_text);
  return core::MakeError(absl::StatusCode::kAborted, message, info);
}

}  // namespace anaplan::service
