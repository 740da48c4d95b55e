#include "service/alm_service.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

#include "anaplan_core/status/error_info.h"
#include "service/family_rpc.h"

namespace anaplan::service {
namespace {

constexpr size_t kReportChunkBytes = 64 * 1024;

void ToProto(const core::Revision& r, v1::Revision* out) {
  out->set_id(r.id);
  out->set_name(r.name);
  out->set_description(r.description);
  out->set_created_on(r.created_on);
  out->set_created_by(r.created_by);
  out->set_creation_method(r.creation_method);
  out->set_applied_on(r.applied_on);
  out->set_applied_by(r.applied_by);
}

void ToProto(const core::AlmTask& t, v1::AlmTask* out) {
  out->set_task_id(t.task_id);
  out->set_task_state(t.task_state);
  out->set_creation_time(t.creation_time);
  out->set_current_step(t.current_step);
  if (t.result.has_value()) {
    v1::AlmTaskResult* r = out->mutable_result();
    r->set_successful(t.result->successful);
    r->set_source_revision_id(t.result->source_revision_id);
    r->set_target_revision_id(t.result->target_revision_id);
    r->set_report_file_url(t.result->report_file_url);
    if (t.result->error.has_value()) {
      r->mutable_error()->set_title(t.result->error->title);
      r->mutable_error()->set_message_text(t.result->error->message_text);
    }
  }
}

void ToProto(const core::ChangeCounts& c, v1::ChangeCounts* out) {
  out->set_modified(c.modified);
  out->set_deleted(c.deleted);
  out->set_created(c.created);
}

absl::Duration ToDuration(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

absl::Status CheckPollInterval(const google::protobuf::Duration& d) {
  if (d.seconds() < 0 || d.nanos() < 0) {
    return core::InvalidField("poll_interval",
                              "poll_interval must not be negative");
  }
  return absl::OkStatus();
}

const char* KindName(core::AlmTaskKind kind) {
  switch (kind) {
    case core::AlmTaskKind::kSync:
      return "sync";
    case core::AlmTaskKind::kComparisonReport:
      return "comparison report";
    case core::AlmTaskKind::kSummaryReport:
      return "summary report";
  }
  return "ALM";
}

absl::Status Outcome(core::AlmTaskKind kind, const core::AlmTask& task) {
  const bool ok = task.result.has_value() && task.result->successful;
  std::string why;
  if (task.result.has_value() && task.result->error.has_value()) {
    why = task.result->error->title + ": " + task.result->error->message_text;
  }
  return AlmTaskFailure(KindName(kind), task.task_id, task.Done(), ok, why);
}

}  // namespace

AlmServiceImpl::AlmServiceImpl(std::shared_ptr<core::AlmConnection> connection,
                               BulkServiceOptions options)
    : connection_(std::move(connection)), options_(std::move(options)) {}

grpc::Status AlmServiceImpl::ChangeModelStatus(
    grpc::ServerContext* context, const v1::ChangeModelStatusRequest* request,
    v1::ChangeModelStatusResponse*) {
  return RunFamilyRpc("ChangeModelStatus", context, options_,
                      connection_ != nullptr, true, absl::OkStatus(),
                      [&](const core::CallContext& ctx) {
                        return connection_->ChangeModelStatus(
                            request->model_id(), request->status(), ctx);
                      });
}

grpc::Status AlmServiceImpl::GetRevisions(
    grpc::ServerContext* context, const v1::GetRevisionsRequest* request,
    v1::RevisionList* response) {
  return RunFamilyRpc(
      "GetRevisions", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) -> absl::Status {
        auto revs =
            connection_->GetRevisions(request->model_id(), request->sort_by(),
                                      request->descending(), ctx);
        if (!revs.ok()) return revs.status();
        for (const auto& r : *revs) ToProto(r, response->add_revisions());
        return absl::OkStatus();
      });
}

grpc::Status AlmServiceImpl::GetLatestRevision(
    grpc::ServerContext* context, const v1::GetLatestRevisionRequest* request,
    v1::GetLatestRevisionResponse* response) {
  return RunFamilyRpc(
      "GetLatestRevision", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) -> absl::Status {
        auto rev = connection_->GetLatestRevision(request->model_id(), ctx);
        if (!rev.ok()) return rev.status();
        if (rev->has_value()) ToProto(**rev, response->mutable_revision());
        return absl::OkStatus();
      });
}

grpc::Status AlmServiceImpl::GetSyncableRevisions(
    grpc::ServerContext* context,
    const v1::GetSyncableRevisionsRequest* request,
    v1::RevisionList* response) {
  return RunFamilyRpc(
      "GetSyncableRevisions", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) -> absl::Status {
        auto revs = connection_->GetSyncableRevisions(
            request->model_id(), request->source_model_id(), ctx);
        if (!revs.ok()) return revs.status();
        for (const auto& r : *revs) ToProto(r, response->add_revisions());
        return absl::OkStatus();
      });
}

grpc::Status AlmServiceImpl::CreateRevision(
    grpc::ServerContext* context, const v1::CreateRevisionRequest* request,
    v1::Revision* response) {
  return RunFamilyRpc(
      "CreateRevision", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) -> absl::Status {
        auto rev = connection_->CreateRevision(
            request->model_id(), request->name(), request->description(), ctx);
        if (!rev.ok()) return rev.status();
        ToProto(*rev, response);
        return absl::OkStatus();
      });
}

grpc::Status AlmServiceImpl::GetModelsForRevision(
    grpc::ServerContext* context,
    const v1::GetModelsForRevisionRequest* request,
    v1::GetModelsForRevisionResponse* response) {
  return RunFamilyRpc("GetModelsForRevision", context, options_,
                      connection_ != nullptr, true, absl::OkStatus(),
                      [&](const core::CallContext& ctx) -> absl::Status {
                        auto models = connection_->GetModelsForRevision(
                            request->model_id(), request->revision_id(), ctx);
                        if (!models.ok()) return models.status();
                        for (const auto& m : *models) {
                          v1::ModelRevision* out = response->add_models();
                          out->set_model_id(m.model_id);
                          out->set_model_name(m.model_name);
                          out->set_workspace_id(m.workspace_id);
                          out->set_applied_by(m.applied_by);
                          out->set_applied_on(m.applied_on);
                          out->set_applied_method(m.applied_method);
                          out->set_model_deleted(m.model_deleted);
                        }
                        return absl::OkStatus();
                      });
}

grpc::Status AlmServiceImpl::GetSyncTasks(
    grpc::ServerContext* context, const v1::GetSyncTasksRequest* request,
    v1::GetSyncTasksResponse* response) {
  return RunFamilyRpc(
      "GetSyncTasks", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) -> absl::Status {
        auto tasks = connection_->GetSyncTasks(request->model_id(), ctx);
        if (!tasks.ok()) return tasks.status();
        for (const auto& t : *tasks) ToProto(t, response->add_tasks());
        return absl::OkStatus();
      });
}

grpc::Status AlmServiceImpl::StartTask(const char* method,
                                       core::AlmTaskKind kind,
                                       grpc::ServerContext* context,
                                       const v1::AlmTaskRequest* request,
                                       v1::AlmTask* response) {
  return RunFamilyRpc(method, context, options_, connection_ != nullptr, true,
                      CheckPollInterval(request->poll_interval()),
                      [&](const core::CallContext& ctx) -> absl::Status {
                        core::AlmTaskSpec spec{request->source_revision_id(),
                                               request->source_model_id(),
                                               request->target_revision_id()};
                        auto task = connection_->StartTask(
                            kind, request->model_id(), spec, ctx);
                        if (!task.ok()) return task.status();
                        if (!request->no_wait() && !task->Done()) {
                          task = connection_->WaitTask(
                              kind, request->model_id(), task->task_id,
                              ToDuration(request->poll_interval()), ctx);
                          if (!task.ok()) return task.status();
                        }
                        ToProto(*task, response);
                        return Outcome(kind, *task);
                      });
}

grpc::Status AlmServiceImpl::GetTask(const char* method, core::AlmTaskKind kind,
                                     grpc::ServerContext* context,
                                     const v1::GetAlmTaskRequest* request,
                                     v1::AlmTask* response) {
  return RunFamilyRpc(method, context, options_, connection_ != nullptr, true,
                      absl::OkStatus(),
                      [&](const core::CallContext& ctx) -> absl::Status {
                        auto task = connection_->GetTask(
                            kind, request->model_id(), request->task_id(), ctx);
                        if (!task.ok()) return task.status();
                        ToProto(*task, response);
                        return absl::OkStatus();
                      });
}

grpc::Status AlmServiceImpl::GetSyncTask(grpc::ServerContext* context,
                                         const v1::GetAlmTaskRequest* request,
                                         v1::AlmTask* response) {
  return GetTask("GetSyncTask", core::AlmTaskKind::kSync, context, request,
                 response);
}

grpc::Status AlmServiceImpl::SyncModels(grpc::ServerContext* context,
                                        const v1::AlmTaskRequest* request,
                                        v1::AlmTask* response) {
  return StartTask("SyncModels", core::AlmTaskKind::kSync, context, request,
                   response);
}

grpc::Status AlmServiceImpl::WatchSyncTask(
    grpc::ServerContext* context, const v1::WatchAlmTaskRequest* request,
    grpc::ServerWriter<v1::AlmTask>* writer) {
  return RunFamilyRpc(
      "WatchSyncTask", context, options_, connection_ != nullptr, false,
      CheckPollInterval(request->poll_interval()),
      [&](const core::CallContext& ctx) {
        return connection_->WatchTask(
            core::AlmTaskKind::kSync, request->model_id(), request->task_id(),
            ToDuration(request->poll_interval()),
            [&](const core::AlmTask& task) -> absl::Status {
              v1::AlmTask out;
              ToProto(task, &out);
              if (!writer->Write(out)) {
                return absl::CancelledError("the caller went away");
              }
              return absl::OkStatus();
            },
            ctx);
      });
}

grpc::Status AlmServiceImpl::CreateComparisonReport(
    grpc::ServerContext* context, const v1::AlmTaskRequest* request,
    v1::AlmTask* response) {
  return StartTask("CreateComparisonReport",
                   core::AlmTaskKind::kComparisonReport, context, request,
                   response);
}

grpc::Status AlmServiceImpl::GetComparisonReportTask(
    grpc::ServerContext* context, const v1::GetAlmTaskRequest* request,
    v1::AlmTask* response) {
  return GetTask("GetComparisonReportTask",
                 core::AlmTaskKind::kComparisonReport, context, request,
                 response);
}

grpc::Status AlmServiceImpl::GetComparisonReport(
    grpc::ServerContext* context, const v1::GetAlmReportRequest* request,
    grpc::ServerWriter<v1::DataChunk>* writer) {
  return RunFamilyRpc(
      "GetComparisonReport", context, options_, connection_ != nullptr, false,
      absl::OkStatus(), [&](const core::CallContext& ctx) {
        return connection_->GetComparisonReport(
            request->model_id(), request->target_revision_id(),
            request->source_revision_id(),
            [&](absl::string_view bytes) -> absl::Status {
              for (size_t at = 0; at < bytes.size(); at += kReportChunkBytes) {
                v1::DataChunk chunk;
                chunk.set_data(
                    std::string(bytes.substr(at, kReportChunkBytes)));
                if (!writer->Write(chunk)) {
                  return absl::CancelledError("the caller went away");
                }
              }
              return absl::OkStatus();
            },
            ctx);
      });
}

grpc::Status AlmServiceImpl::CreateComparisonSummary(
    grpc::ServerContext* context, const v1::AlmTaskRequest* request,
    v1::AlmTask* response) {
  return StartTask("CreateComparisonSummary", core::AlmTaskKind::kSummaryReport,
                   context, request, response);
}

grpc::Status AlmServiceImpl::GetComparisonSummaryTask(
    grpc::ServerContext* context, const v1::GetAlmTaskRequest* request,
    v1::AlmTask* response) {
  return GetTask("GetComparisonSummaryTask", core::AlmTaskKind::kSummaryReport,
                 context, request, response);
}

grpc::Status AlmServiceImpl::GetComparisonSummary(
    grpc::ServerContext* context, const v1::GetAlmReportRequest* request,
    v1::SummaryReport* response) {
  return RunFamilyRpc(
      "GetComparisonSummary", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) -> absl::Status {
        auto report = connection_->GetSummaryReport(
            request->model_id(), request->target_revision_id(),
            request->source_revision_id(), ctx);
        if (!report.ok()) return report.status();
        response->set_target_revision_id(report->target_revision_id);
        response->set_source_revision_id(report->source_revision_id);
        ToProto(report->totals, response->mutable_totals());
        ToProto(report->line_items, response->mutable_line_items());
        ToProto(report->roles_contents, response->mutable_roles_contents());
        ToProto(report->lists, response->mutable_lists());
        ToProto(report->modules, response->mutable_modules());
        return absl::OkStatus();
      });
}

}  // namespace anaplan::service
