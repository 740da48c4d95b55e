// Tasks (§4.5, §4.6), failure dumps (§4.7) and optimizer logs (§4.10) of
// BulkConnectionImpl.
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

#include "anaplan_core/bulk/bulk_connection_impl.h"
#include "anaplan_core/bulk/bulk_fetch.h"
#include "anaplan_core/bulk/bulk_json.h"
#include "anaplan_core/files/chunk_downloader.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"
#include "anaplan_core/tasks/task_poller.h"

namespace anaplan::core {
namespace {

using internal::IdFamily;

absl::Status CheckTaskId(const std::string& task_id) {
  if (!task_id.empty()) return absl::OkStatus();
  return InvalidField("task_id", "task_id must not be empty");
}

absl::Status CheckFamily(int64_t id, IdFamily family, absl::string_view field,
                         absl::string_view what) {
  if (internal::FamilyOf(id) == family) return absl::OkStatus();
  return InvalidField(field, absl::StrCat("id ", id, " is not ", what));
}

// A chunk id of a dump listing: "0" or 0.
absl::StatusOr<std::string> ChunkId(const rapidjson::Value& chunk) {
  if (!chunk.IsObject()) {
    ErrorInfo info;
    info.reason = "ANAPLAN_BAD_RESPONSE";
    return MakeError(absl::StatusCode::kInternal,
                     "malformed reply: chunks[] is not an object", info);
  }
  std::string id = OptionalString(chunk, "id");
  if (!id.empty()) return id;
  ANAPLAN_ASSIGN_OR_RETURN(int64_t number,
                           RequiredInt(chunk, "id", "chunks[]"));
  return absl::StrCat(number);
}

// True when a failed task-start POST may have been processed: the request
// may have reached Anaplan (not provably unsent) and no answer says it was
// refused (a 429/503 reply means it was not processed, reliability §A1).
bool OutcomeUnknown(const absl::Status& status, const CallContext& ctx) {
  if (ctx.IsCancelled() || ctx.Expired()) return false;
  if (status.code() != absl::StatusCode::kUnavailable &&
      status.code() != absl::StatusCode::kDeadlineExceeded) {
    return false;
  }
  if (IsRequestNotSent(status)) return false;
  const std::optional<int> http = GetErrorInfo(status).http_status;
  return !http || (*http != 429 && *http != 503);
}

}  // namespace

absl::StatusOr<std::string> BulkConnectionImpl::StartTask(
    const ModelRef& model, int64_t action_id, const std::string& segment,
    const CallContext& ctx) {
  const absl::Time sent = absl::Now();
  // Starting a task is not idempotent: RestClient resends it only when the
  // failure proves Anaplan never saw it, so one call never makes two tasks.
  absl::StatusOr<rapidjson::Document> reply = rest_->SendJson(
      "POST", urls_.Tasks(model, segment, action_id),
      R"({"localeName":"en_US"})", Idempotency::kNonIdempotent, ctx);
  if (reply.ok()) {
    ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* task,
                             RequiredObject(*reply, "task"));
    return RequiredString(*task, "taskId", "task");
  }
  if (!OutcomeUnknown(reply.status(), ctx)) return reply.status();
  // The request may have started a task whose reply was lost. Rather than
  // guess (and maybe start a second one), look: a task of this action
  // created since the request was sent is ours when it is the only one.
  // Anaplan's clock judges creationTime; one behind ours hides our task
  // (the call then fails as before), one ahead could show a task started
  // just before ours, which is why more than one candidate fails too.
  absl::StatusOr<std::vector<TaskSummary>> tasks =
      GetTaskSummaries(model, action_id, ctx);
  if (!tasks.ok()) {
    return Annotate(reply.status(),
                    absl::StrCat("the task may have started; listing tasks "
                                 "to find it failed too (",
                                 tasks.status().message(), ")"));
  }
  const int64_t since = absl::ToUnixMillis(sent);
  std::vector<std::string> candidates;
  for (const TaskSummary& t : *tasks) {
    if (t.creation_time >= since) candidates.push_back(t.task_id);
  }
  if (candidates.size() == 1) return candidates.front();
  return Annotate(
      reply.status(),
      candidates.empty()
          ? std::string("outcome unknown: no task of this action appeared "
                        "since the request; not resent")
          : absl::StrCat("outcome unknown: ", candidates.size(),
                         " tasks of this action started since the request (",
                         absl::StrJoin(candidates, ", "), "); not resent"));
}

absl::Duration BulkConnectionImpl::PollInterval(
    absl::Duration requested) const {
  return requested > absl::ZeroDuration() ? requested
                                          : rest_->options().poll_delay;
}

int BulkConnectionImpl::BatchSize(int requested) const {
  int batch =
      requested > 0 ? requested : rest_->options().transfer.download_batch_size;
  return std::clamp(batch, 1, 64);
}

absl::StatusOr<TaskStatus> BulkConnectionImpl::RunAction(
    const ModelRef& model, int64_t action_id, const RunOptions& options,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_ASSIGN_OR_RETURN(std::string segment,
                           internal::ActionSegment(action_id));
  ANAPLAN_ASSIGN_OR_RETURN(std::string task_id,
                           StartTask(model, action_id, segment, ctx));
  GetTaskStatusFn get = [&](const CallContext& poll_ctx) {
    return GetTaskStatus(model, action_id, task_id, poll_ctx);
  };
  if (!options.wait_for_completion) return get(ctx);
  return PollUntilDone(get, PollingPolicy(PollInterval(options.poll_interval)),
                       *sleeper_, ctx);
}

absl::StatusOr<std::vector<TaskSummary>> BulkConnectionImpl::GetTaskSummaries(
    const ModelRef& model, int64_t action_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_ASSIGN_OR_RETURN(std::string segment,
                           internal::ActionSegment(action_id));
  return internal::ListAll<TaskSummary>(*rest_,
                                        urls_.Tasks(model, segment, action_id),
                                        "tasks", &ParseTaskSummary, ctx);
}

absl::StatusOr<TaskStatus> BulkConnectionImpl::GetTaskStatus(
    const ModelRef& model, int64_t action_id, const std::string& task_id,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_RETURN_IF_ERROR(CheckTaskId(task_id));
  ANAPLAN_ASSIGN_OR_RETURN(std::string segment,
                           internal::ActionSegment(action_id));
  ANAPLAN_ASSIGN_OR_RETURN(
      TaskStatus status,
      internal::GetOne<TaskStatus>(
          *rest_, urls_.Task(model, segment, action_id, task_id), "task",
          &ParseTaskStatus, ctx));
  status.action_id = action_id;
  return status;
}

absl::Status BulkConnectionImpl::WatchTask(
    const ModelRef& model, int64_t action_id, const std::string& task_id,
    absl::Duration poll_interval,
    const std::function<absl::Status(const TaskStatus&)>& on_change,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_RETURN_IF_ERROR(CheckTaskId(task_id));
  ANAPLAN_RETURN_IF_ERROR(internal::ActionSegment(action_id).status());
  GetTaskStatusFn get = [&](const CallContext& poll_ctx) {
    return GetTaskStatus(model, action_id, task_id, poll_ctx);
  };
  return WatchUntilDone(get, PollingPolicy(PollInterval(poll_interval)),
                        *sleeper_, on_change, ctx);
}

absl::StatusOr<TaskStatus> BulkConnectionImpl::CancelTask(
    const ModelRef& model, int64_t action_id, const std::string& task_id,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_RETURN_IF_ERROR(CheckTaskId(task_id));
  ANAPLAN_ASSIGN_OR_RETURN(std::string segment,
                           internal::ActionSegment(action_id));
  HttpRequest request = internal::MakeRequest(
      *rest_, "DELETE", urls_.Task(model, segment, action_id, task_id));
  request.headers.emplace_back("Content-Type", "application/json");
  // Cancelling twice is harmless: DELETE is retried like a read.
  ANAPLAN_RETURN_IF_ERROR(
      rest_->Execute(std::move(request), Idempotency::kIdempotent, ctx)
          .status());
  return GetTaskStatus(model, action_id, task_id, ctx);
}

absl::Status BulkConnectionImpl::FetchChunks(
    const std::string& chunks_url, const std::vector<std::string>& chunk_ids,
    int batch_size, ByteSink& sink, const CallContext& ctx) {
  FetchChunkFn fetch = [&](int64_t index, const CallContext& chunk_ctx,
                           std::string& out) -> absl::Status {
    std::string url = absl::StrCat(
        chunks_url, "/",
        internal::UrlEncode(chunk_ids[static_cast<size_t>(index)]));
    HttpRequest request = internal::MakeRequest(*rest_, "GET", std::move(url));
    // Inflated here (libdeflate, into the recycled buffer), not by libcurl.
    request.decode_body = [&out](HttpResponse& response) {
      return DecodeChunkBody(response, out);
    };
    return rest_
        ->Execute(std::move(request), Idempotency::kIdempotent, chunk_ctx)
        .status();
  };
  return DownloadChunks(static_cast<int64_t>(chunk_ids.size()), batch_size, -1,
                        fetch, sink, ctx);
}

absl::Status BulkConnectionImpl::StreamDump(const std::string& base_url,
                                            ByteSink& sink,
                                            const CallContext& ctx) {
  std::vector<std::string> chunk_ids;
  absl::Status listed = rest_->GetPaged(
      absl::StrCat(base_url, "/chunks"), "chunks",
      [&](const rapidjson::Value& chunk) -> absl::Status {
        ANAPLAN_ASSIGN_OR_RETURN(std::string id, ChunkId(chunk));
        chunk_ids.push_back(std::move(id));
        return absl::OkStatus();
      },
      ctx);
  if (!listed.ok() && listed.code() != absl::StatusCode::kNotFound) {
    return listed;
  }
  if (listed.ok() && !chunk_ids.empty()) {
    return FetchChunks(absl::StrCat(base_url, "/chunks"), chunk_ids,
                       BatchSize(0), sink, ctx);
  }
  // No chunk listing (or an empty one): the whole dump answers for itself,
  // 404 when there is none.
  absl::Status whole = internal::GetWhole(*rest_, base_url, sink, ctx);
  if (whole.code() == absl::StatusCode::kNotFound) {
    return Annotate(whole, "no failure dump for this task");
  }
  return whole;
}

absl::Status BulkConnectionImpl::GetImportDump(const ModelRef& model,
                                               int64_t import_id,
                                               const std::string& task_id,
                                               ByteSink& sink,
                                               const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_RETURN_IF_ERROR(CheckTaskId(task_id));
  ANAPLAN_RETURN_IF_ERROR(CheckFamily(import_id, IdFamily::kImport, "import_id",
                                      "an import id (112…)"));
  return StreamDump(
      absl::StrCat(urls_.Task(model, "imports", import_id, task_id), "/dump"),
      sink, ctx);
}

absl::Status BulkConnectionImpl::GetProcessDump(
    const ModelRef& model, int64_t process_id, const std::string& task_id,
    int64_t object_id, ByteSink& sink, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_RETURN_IF_ERROR(CheckTaskId(task_id));
  ANAPLAN_RETURN_IF_ERROR(CheckFamily(process_id, IdFamily::kProcess,
                                      "process_id", "a process id (118…)"));
  if (object_id <= 0) {
    return InvalidField("object_id", "object_id must be set");
  }
  return StreamDump(
      absl::StrCat(urls_.Task(model, "processes", process_id, task_id),
                   "/dumps/", object_id),
      sink, ctx);
}

absl::Status BulkConnectionImpl::GetOptimizerLog(const ModelRef& model,
                                                 int64_t action_id,
                                                 const std::string& task_id,
                                                 ByteSink& sink,
                                                 const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_RETURN_IF_ERROR(CheckTaskId(task_id));
  // The optimizer action itself (117…), not the process that runs it.
  ANAPLAN_RETURN_IF_ERROR(CheckFamily(action_id, IdFamily::kAction, "action_id",
                                      "an action id (117…)"));
  return internal::GetWhole(
      *rest_,
      absl::StrCat(urls_.Model(model), "/optimizeActions/", action_id,
                   "/tasks/", internal::UrlEncode(task_id), "/solutionLogs"),
      sink, ctx);
}

}  // namespace anaplan::core
