#include "service/bulk_service.h"

#include <chrono>
#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"
#include "service/credentials_per_call.h"
#include "service/family_rpc.h"
#include "service/grpc_status.h"
#include "service/proto_convert.h"

namespace anaplan::service {
namespace {

constexpr absl::string_view kTaskStatusTypeUrl =
    "type.googleapis.com/anaplan.v1.TaskStatus";

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
  return RunFamilyRpc(
      method, context, options_, connection_ != nullptr, kind == Kind::kUnary,
      checked,
      [&](const core::CallContext& ctx) { return body(*connection_, ctx); });
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
