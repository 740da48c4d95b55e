// CloudWorksService: schedules, runs, notifications and flows.
#include <string>
#include <vector>

#include "service/cloud_works_convert.h"
#include "service/cloud_works_service.h"
#include "service/request_validation.h"

namespace anaplan::service {
namespace {

using Conn = core::cw::CloudWorksConnection;
using Ctx = core::CallContext;

absl::Status CheckSchedule(const v1::ScheduleRequest& request) {
  absl::Status status =
      CheckRequired(request.integration_id(), "integration_id");
  if (status.ok() && !request.has_schedule()) {
    status = CheckRequired("", "schedule");
  }
  return status;
}

// A notification is named directly or through its integration, whose
// notificationId is read first (the SDK's integration_id= form).
absl::StatusOr<std::string> NotificationIdOf(Conn& c,
                                             const std::string& notification_id,
                                             const std::string& integration_id,
                                             const Ctx& ctx) {
  if (!notification_id.empty()) return notification_id;
  absl::StatusOr<core::cw::Integration> integration =
      c.GetIntegration(integration_id, ctx);
  if (!integration.ok()) return integration.status();
  if (integration->notification_id.empty()) {
    return absl::NotFoundError("integration " + integration_id +
                               " has no notification configuration");
  }
  return integration->notification_id;
}

}  // namespace

// -------------------------------------------------------------- schedules

grpc::Status CloudWorksServiceImpl::CreateSchedule(
    grpc::ServerContext* context, const v1::ScheduleRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run("CreateSchedule", context, CheckSchedule(*request),
             [&](Conn& c, const Ctx& ctx) {
               return c.CreateSchedule(request->integration_id(),
                                       FromProto(request->schedule()), ctx);
             });
}

grpc::Status CloudWorksServiceImpl::UpdateSchedule(
    grpc::ServerContext* context, const v1::ScheduleRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run("UpdateSchedule", context, CheckSchedule(*request),
             [&](Conn& c, const Ctx& ctx) {
               return c.UpdateSchedule(request->integration_id(),
                                       FromProto(request->schedule()), ctx);
             });
}

grpc::Status CloudWorksServiceImpl::SetScheduleStatus(
    grpc::ServerContext* context, const v1::SetScheduleStatusRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run("SetScheduleStatus", context,
             CheckRequired(request->integration_id(), "integration_id"),
             [&](Conn& c, const Ctx& ctx) {
               return c.SetScheduleStatus(request->integration_id(),
                                          request->status(), ctx);
             });
}

grpc::Status CloudWorksServiceImpl::DeleteSchedule(
    grpc::ServerContext* context, const v1::DeleteScheduleRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run("DeleteSchedule", context,
             CheckRequired(request->integration_id(), "integration_id"),
             [&](Conn& c, const Ctx& ctx) {
               return c.DeleteSchedule(request->integration_id(), ctx);
             });
}

// ------------------------------------------------------------------- runs

grpc::Status CloudWorksServiceImpl::GetRunHistory(
    grpc::ServerContext* context, const v1::GetRunHistoryRequest* request,
    v1::GetRunHistoryResponse* response) {
  return Run("GetRunHistory", context,
             CheckRequired(request->integration_id(), "integration_id"),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto history = c.GetRunHistory(request->integration_id(), ctx);
               if (!history.ok()) return history.status();
               for (const auto& run : history->runs) {
                 *response->add_runs() = ToProto(run);
               }
               response->set_total_runs(history->total_runs);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::GetRunStatus(
    grpc::ServerContext* context, const v1::GetRunStatusRequest* request,
    v1::IntegrationRun* response) {
  return Run("GetRunStatus", context,
             CheckRequired(request->run_id(), "run_id"),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto run = c.GetRunStatus(request->run_id(), ctx);
               if (!run.ok()) return run.status();
               *response = ToProto(*run);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::GetRunError(
    grpc::ServerContext* context, const v1::GetRunErrorRequest* request,
    v1::GetRunErrorResponse* response) {
  return Run("GetRunError", context, CheckRequired(request->run_id(), "run_id"),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto errors = c.GetRunError(request->run_id(), ctx);
               if (!errors.ok()) return errors.status();
               for (const auto& e : *errors)
                 *response->add_errors() = ToProto(e);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::GetImportErrorDump(
    grpc::ServerContext* context, const v1::GetImportErrorDumpRequest* request,
    v1::ErrorDump* response) {
  return Run("GetImportErrorDump", context,
             CheckRequired(request->run_id(), "run_id"),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto dump = c.GetImportErrorDump(request->run_id(), ctx);
               if (!dump.ok()) return dump.status();
               response->set_content(*std::move(dump));
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::GetProcessErrorDump(
    grpc::ServerContext* context, const v1::GetProcessErrorDumpRequest* request,
    v1::ErrorDump* response) {
  absl::Status checked = CheckRequired(request->run_id(), "run_id");
  if (checked.ok()) checked = CheckRequired(request->action_id(), "action_id");
  return Run("GetProcessErrorDump", context, checked,
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto dump = c.GetProcessErrorDump(request->run_id(),
                                                 request->action_id(), ctx);
               if (!dump.ok()) return dump.status();
               response->set_content(*std::move(dump));
               return absl::OkStatus();
             });
}

// ---------------------------------------------------------- notifications

grpc::Status CloudWorksServiceImpl::GetNotificationConfig(
    grpc::ServerContext* context,
    const v1::GetNotificationConfigRequest* request,
    v1::NotificationConfig* response) {
  absl::Status checked =
      request->ref_case() == v1::GetNotificationConfigRequest::REF_NOT_SET
          ? CheckRequired("", "notification_id")
          : absl::OkStatus();
  return Run("GetNotificationConfig", context, checked,
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto id = NotificationIdOf(c, request->notification_id(),
                                          request->integration_id(), ctx);
               if (!id.ok()) return id.status();
               auto config = c.GetNotificationConfig(*id, ctx);
               if (!config.ok()) return config.status();
               *response = ToProto(*config);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::CreateNotificationConfig(
    grpc::ServerContext* context,
    const v1::CreateNotificationConfigRequest* request,
    v1::CreateNotificationConfigResponse* response) {
  return Run("CreateNotificationConfig", context, absl::OkStatus(),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto id = c.CreateNotificationConfig(
                   FromProto(request->config()), ctx);
               if (!id.ok()) return id.status();
               response->set_notification_id(*id);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::UpdateNotificationConfig(
    grpc::ServerContext* context,
    const v1::UpdateNotificationConfigRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run("UpdateNotificationConfig", context,
             CheckRequired(request->notification_id(), "notification_id"),
             [&](Conn& c, const Ctx& ctx) {
               return c.UpdateNotificationConfig(request->notification_id(),
                                                 FromProto(request->config()),
                                                 ctx);
             });
}

grpc::Status CloudWorksServiceImpl::DeleteNotificationConfig(
    grpc::ServerContext* context,
    const v1::DeleteNotificationConfigRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  absl::Status checked =
      request->ref_case() == v1::DeleteNotificationConfigRequest::REF_NOT_SET
          ? CheckRequired("", "notification_id")
          : absl::OkStatus();
  return Run("DeleteNotificationConfig", context, checked,
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto id = NotificationIdOf(c, request->notification_id(),
                                          request->integration_id(), ctx);
               if (!id.ok()) return id.status();
               return c.DeleteNotificationConfig(*id, ctx);
             });
}

// ------------------------------------------------------------------ flows

grpc::Status CloudWorksServiceImpl::GetFlows(grpc::ServerContext* context,
                                             const v1::GetFlowsRequest* request,
                                             v1::GetFlowsResponse* response) {
  return Run("GetFlows", context, absl::OkStatus(),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto flows = c.GetFlows(request->current_user_only(), ctx);
               if (!flows.ok()) return flows.status();
               for (const auto& f : *flows) *response->add_flows() = ToProto(f);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::GetFlow(grpc::ServerContext* context,
                                            const v1::GetFlowRequest* request,
                                            v1::Flow* response) {
  return Run("GetFlow", context, CheckRequired(request->flow_id(), "flow_id"),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto flow = c.GetFlow(request->flow_id(), ctx);
               if (!flow.ok()) return flow.status();
               *response = ToProto(*flow);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::CreateFlow(
    grpc::ServerContext* context, const v1::CreateFlowRequest* request,
    v1::CreateFlowResponse* response) {
  return Run("CreateFlow", context, absl::OkStatus(),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               auto id = c.CreateFlow(FromProto(request->flow()), ctx);
               if (!id.ok()) return id.status();
               response->set_flow_id(*id);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::UpdateFlow(
    grpc::ServerContext* context, const v1::UpdateFlowRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run("UpdateFlow", context,
             CheckRequired(request->flow_id(), "flow_id"),
             [&](Conn& c, const Ctx& ctx) {
               return c.UpdateFlow(request->flow_id(),
                                   FromProto(request->flow()), ctx);
             });
}

grpc::Status CloudWorksServiceImpl::DeleteFlow(
    grpc::ServerContext* context, const v1::DeleteFlowRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run("DeleteFlow", context,
             CheckRequired(request->flow_id(), "flow_id"),
             [&](Conn& c, const Ctx& ctx) {
               return c.DeleteFlow(request->flow_id(), ctx);
             });
}

grpc::Status CloudWorksServiceImpl::RunFlow(grpc::ServerContext* context,
                                            const v1::RunFlowRequest* request,
                                            v1::RunFlowResponse* response) {
  return Run("RunFlow", context, CheckRequired(request->flow_id(), "flow_id"),
             [&](Conn& c, const Ctx& ctx) -> absl::Status {
               std::vector<std::string> steps(request->only_steps().begin(),
                                              request->only_steps().end());
               auto id = c.RunFlow(request->flow_id(), steps, ctx);
               if (!id.ok()) return id.status();
               response->set_run_id(*id);
               return absl::OkStatus();
             });
}

}  // namespace anaplan::service
