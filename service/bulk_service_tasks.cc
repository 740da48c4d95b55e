// BulkService tasks: run, watch, cancel, status, dumps and logs. Every
// action reference is resolved once per call (ResolveAction).
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "anaplan_core/status/error_info.h"
#include "service/bulk_service.h"
#include "service/proto_convert.h"
#include "service/request_validation.h"
#include "service/stream_adapters.h"

namespace anaplan::service {
namespace {

/// Model ids, the action-like ref `field` and (when `task_id` is given) a
/// non-empty task id.
template <typename Request>
absl::Status CheckTaskRequest(const Request& request, bool present,
                              const v1::ObjectRef& ref, absl::string_view field,
                              const std::string* task_id) {
  absl::Status status =
      CheckModelIds(request.workspace_id(), request.model_id());
  if (status.ok()) status = CheckObjectRef(present, ref, field);
  if (status.ok() && task_id != nullptr) {
    status = CheckRequired(*task_id, "task_id");
  }
  return status;
}

template <typename Request>
core::ModelRef ModelOf(const Request& request) {
  return core::ModelRef{request.workspace_id(), request.model_id()};
}

/// A sink that streams DataChunk messages; empty pieces are skipped.
ChunkingSink DataChunkSink(grpc::ServerWriter<v1::DataChunk>* writer) {
  return ChunkingSink([writer](DataPiece& piece) {
    if (piece.data.empty()) return true;
    v1::DataChunk chunk;
    return WriteWithPieceData(writer, chunk, chunk.mutable_data(), piece);
  });
}

}  // namespace

grpc::Status BulkServiceImpl::RunAction(grpc::ServerContext* context,
                                        const v1::RunActionRequest* request,
                                        v1::RunActionResponse* response) {
  absl::Status checked = CheckTaskRequest(*request, request->has_action(),
                                          request->action(), "action", nullptr);
  if (checked.ok()) {
    checked = CheckPollInterval(request->has_poll_interval(),
                                request->poll_interval(), "poll_interval");
  }
  return Run("RunAction", context, Kind::kUnary, checked,
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model = ModelOf(*request);
               absl::StatusOr<int64_t> id =
                   c.ResolveAction(model, FromProto(request->action()), ctx);
               if (!id.ok()) return id.status();
               TaskRunSpec spec;
               // proto3 optional: unset means wait.
               spec.wait_for_completion = !request->has_wait_for_completion() ||
                                          request->wait_for_completion();
               spec.status_only = request->status_only();
               spec.poll_interval = FromProto(request->poll_interval());
               absl::StatusOr<core::TaskStatus> task =
                   RunTask(c, model, *id, spec, ctx);
               if (!task.ok()) return task.status();
               *response->mutable_task() = ToProto(*task);
               return absl::OkStatus();
             });
}

grpc::Status BulkServiceImpl::GetTaskSummaries(
    grpc::ServerContext* context, const v1::GetTaskSummariesRequest* request,
    v1::GetTaskSummariesResponse* response) {
  return Run("GetTaskSummaries", context, Kind::kUnary,
             CheckTaskRequest(*request, request->has_action(),
                              request->action(), "action", nullptr),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model = ModelOf(*request);
               absl::StatusOr<int64_t> id =
                   c.ResolveAction(model, FromProto(request->action()), ctx);
               if (!id.ok()) return id.status();
               auto tasks = c.GetTaskSummaries(model, *id, ctx);
               if (!tasks.ok()) return tasks.status();
               for (const auto& task : *tasks) {
                 *response->add_tasks() = ToProto(task);
               }
               return absl::OkStatus();
             });
}

grpc::Status BulkServiceImpl::GetTaskStatus(
    grpc::ServerContext* context, const v1::GetTaskStatusRequest* request,
    v1::TaskStatus* response) {
  return Run("GetTaskStatus", context, Kind::kUnary,
             CheckTaskRequest(*request, request->has_action(),
                              request->action(), "action", &request->task_id()),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model = ModelOf(*request);
               absl::StatusOr<int64_t> id =
                   c.ResolveAction(model, FromProto(request->action()), ctx);
               if (!id.ok()) return id.status();
               auto task = c.GetTaskStatus(model, *id, request->task_id(), ctx);
               if (!task.ok()) return task.status();
               *response = ToProto(*task);
               return absl::OkStatus();
             });
}

grpc::Status BulkServiceImpl::WatchTask(
    grpc::ServerContext* context, const v1::WatchTaskRequest* request,
    grpc::ServerWriter<v1::TaskStatus>* writer) {
  absl::Status checked =
      CheckTaskRequest(*request, request->has_action(), request->action(),
                       "action", &request->task_id());
  if (checked.ok()) {
    checked = CheckPollInterval(request->has_poll_interval(),
                                request->poll_interval(), "poll_interval");
  }
  return Run("WatchTask", context, Kind::kStream, checked,
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model = ModelOf(*request);
               absl::StatusOr<int64_t> id =
                   c.ResolveAction(model, FromProto(request->action()), ctx);
               if (!id.ok()) return id.status();
               return c.WatchTask(
                   model, *id, request->task_id(),
                   FromProto(request->poll_interval()),
                   [writer](const core::TaskStatus& task) {
                     return writer->Write(ToProto(task)) ? absl::OkStatus()
                                                         : StreamCancelled();
                   },
                   ctx);
             });
}

grpc::Status BulkServiceImpl::CancelTask(grpc::ServerContext* context,
                                         const v1::CancelTaskRequest* request,
                                         v1::TaskStatus* response) {
  return Run("CancelTask", context, Kind::kUnary,
             CheckTaskRequest(*request, request->has_action(),
                              request->action(), "action", &request->task_id()),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model = ModelOf(*request);
               absl::StatusOr<int64_t> id =
                   c.ResolveAction(model, FromProto(request->action()), ctx);
               if (!id.ok()) return id.status();
               auto task = c.CancelTask(model, *id, request->task_id(), ctx);
               if (!task.ok()) return task.status();
               *response = ToProto(*task);
               return absl::OkStatus();
             });
}

grpc::Status BulkServiceImpl::GetImportDump(
    grpc::ServerContext* context, const v1::GetImportDumpRequest* request,
    grpc::ServerWriter<v1::DataChunk>* writer) {
  return Run("GetImportDump", context, Kind::kStream,
             CheckTaskRequest(*request, request->has_import(),
                              request->import(), "import", &request->task_id()),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model = ModelOf(*request);
               absl::StatusOr<int64_t> id =
                   c.ResolveAction(model, FromProto(request->import()), ctx);
               if (!id.ok()) return id.status();
               ChunkingSink sink = DataChunkSink(writer);
               absl::Status status =
                   c.GetImportDump(model, *id, request->task_id(), sink, ctx);
               return status.ok() ? sink.Finish() : status;
             });
}

grpc::Status BulkServiceImpl::GetProcessDump(
    grpc::ServerContext* context, const v1::GetProcessDumpRequest* request,
    grpc::ServerWriter<v1::DataChunk>* writer) {
  absl::Status checked =
      CheckTaskRequest(*request, request->has_process(), request->process(),
                       "process", &request->task_id());
  if (checked.ok() && request->object_id() <= 0) {
    checked = core::InvalidField("object_id", "must be positive");
  }
  return Run("GetProcessDump", context, Kind::kStream, checked,
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model = ModelOf(*request);
               absl::StatusOr<int64_t> id =
                   c.ResolveAction(model, FromProto(request->process()), ctx);
               if (!id.ok()) return id.status();
               ChunkingSink sink = DataChunkSink(writer);
               absl::Status status =
                   c.GetProcessDump(model, *id, request->task_id(),
                                    request->object_id(), sink, ctx);
               return status.ok() ? sink.Finish() : status;
             });
}

grpc::Status BulkServiceImpl::GetOptimizerLog(
    grpc::ServerContext* context, const v1::GetOptimizerLogRequest* request,
    grpc::ServerWriter<v1::DataChunk>* writer) {
  return Run("GetOptimizerLog", context, Kind::kStream,
             CheckTaskRequest(*request, request->has_action(),
                              request->action(), "action", &request->task_id()),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model = ModelOf(*request);
               absl::StatusOr<int64_t> id =
                   c.ResolveAction(model, FromProto(request->action()), ctx);
               if (!id.ok()) return id.status();
               ChunkingSink sink = DataChunkSink(writer);
               absl::Status status =
                   c.GetOptimizerLog(model, *id, request->task_id(), sink, ctx);
               return status.ok() ? sink.Finish() : status;
             });
}

}  // namespace anaplan::service
