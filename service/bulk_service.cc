#include "service/bulk_service.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include "anaplan_core/status/error_info.h"
#include "service/credentials_per_call.h"
#include "service/grpc_status.h"
#include "service/logging.h"
#include "service/proto_convert.h"

namespace anaplan::service {
namespace {

constexpr absl::string_view kTaskStatusTypeUrl =
    "type.googleapis.com/anaplan.v1.TaskStatus";

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

/// The first message of a failed task's details, to make the error readable.
std::string FirstFailureText(const core::TaskResult& result) {
  for (const auto& detail : result.details) {
    if (!detail.local_message_text.empty()) return detail.local_message_text;
  }
  for (const auto& nested : result.nested_results) {
    if (nested.successful) continue;
    std::string text = FirstFailureText(nested);
    if (!text.empty()) return text;
  }
  return "";
}

}  // namespace

core::CallContext MakeCallContext(const grpc::ServerContextBase& context,
                                  std::optional<absl::Duration> unary_ceiling) {
  core::CallContext ctx;
  const auto deadline = context.deadline();
  if (deadline != std::chrono::system_clock::time_point::max()) {
    ctx.deadline = absl::FromChrono(deadline);
  } else if (unary_ceiling.has_value()) {
    ctx.deadline = absl::Now() + *unary_ceiling;
  }
  // IsCancelled() is thread-safe for the sync API and also turns true when
  // the caller's deadline passes.
  const grpc::ServerContextBase* server_context = &context;
  ctx.cancelled = [server_context] { return server_context->IsCancelled(); };
  // The caller's own Anaplan credentials win over the server's profile.
  ApplyCallCredentials(context, ctx);
  return ctx;
}

absl::Status CheckTaskOutcome(const core::TaskStatus& task) {
  core::ErrorInfo info;
  std::string message;
  if (task.task_state == core::TaskState::kCancelled) {
    info.reason = "ANAPLAN_TASK_CANCELLED";
    message = absl::StrCat("task ", task.task_id, " of action ", task.action_id,
                           " was cancelled");
  } else if (task.task_state == core::TaskState::kComplete &&
             !(task.result.has_value() && task.result->successful)) {
    info.reason = "ANAPLAN_TASK_FAILED";
    message = absl::StrCat("task ", task.task_id, " of action ", task.action_id,
                           " completed unsuccessfully");
    const std::string why =
        task.result.has_value() ? FirstFailureText(*task.result) : "";
    if (!why.empty()) absl::StrAppend(&message, ": ", why);
  } else {
    return absl::OkStatus();
  }
  absl::Status status =
      core::MakeError(absl::StatusCode::kAborted, message, info);
  status.SetPayload(kTaskStatusTypeUrl,
                    absl::Cord(ToProto(task).SerializeAsString()));
  return status;
}

BulkServiceImpl::BulkServiceImpl(
    std::shared_ptr<core::BulkConnection> connection,
    BulkServiceOptions options)
    : connection_(std::move(connection)), options_(options) {}

grpc::Status BulkServiceImpl::Run(absl::string_view method,
                                  grpc::ServerContext* context, Kind kind,
                                  const absl::Status& checked, Body body) {
  absl::Status status = checked;
  if (status.ok()) status = CheckCallCredentials(*context);
  if (status.ok() && connection_ == nullptr) {
    status = absl::UnauthenticatedError(
        "no Anaplan credentials configured: start the server with "
        "--user_email and --password(_file), or --token(_file)");
  }
  // Held until the RPC returns: its slots free as the handler ends.
  ConcurrencyLimiter::Permit permit;
  if (status.ok() && options_.limiter != nullptr) {
    absl::StatusOr<ConcurrencyLimiter::Permit> admitted =
        options_.limiter->Acquire(*context, method);
    if (admitted.ok()) {
      permit = *std::move(admitted);
    } else {
      status = admitted.status();
    }
  }
  if (status.ok()) {
    const core::CallContext ctx = MakeCallContext(
        *context, kind == Kind::kUnary
                      ? std::optional<absl::Duration>(options_.max_unary_wait)
                      : std::nullopt);
    status = body(*connection_, ctx);
  }
  grpc::Status result = ToGrpcStatus(status, context);
  if (!result.ok()) LogRpcError(method, result);
  return result;
}

absl::StatusOr<core::TaskStatus> BulkServiceImpl::RunTask(
    core::BulkConnection& connection, const core::ModelRef& model,
    int64_t action_id, const TaskRunSpec& spec, const core::CallContext& ctx) {
  core::RunOptions run_options;
  run_options.wait_for_completion = spec.wait_for_completion;
  run_options.poll_interval = spec.poll_interval;
  absl::StatusOr<core::TaskStatus> task =
      connection.RunAction(model, action_id, run_options, ctx);
  if (!task.ok() || spec.status_only) return task;
  absl::Status outcome = CheckTaskOutcome(*task);
  if (!outcome.ok()) return outcome;
  return task;
}

}  // namespace anaplan::service
