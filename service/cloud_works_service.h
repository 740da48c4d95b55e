#ifndef ANAPLAN_SERVICE_CLOUD_WORKS_SERVICE_H_
#define ANAPLAN_SERVICE_CLOUD_WORKS_SERVICE_H_

#include <memory>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

#include "anaplan/v1/cloud_works.grpc.pb.h"
#include "anaplan_core/cloud_works/cloud_works_connection.h"
#include "anaplan_core/common/call_context.h"
#include "service/bulk_service.h"

namespace anaplan::service {

/// anaplan.v1.CloudWorksService over a core::cw::CloudWorksConnection. Each
/// RPC checks its ids (INVALID_ARGUMENT naming the field), converts the
/// request, lets core validate the payload and call CloudWorks, and maps the
/// result with ToGrpcStatus. Shares the Bulk servicer's options (unary
/// deadline ceiling, admission limiter). Thread-safe.
class CloudWorksServiceImpl final : public v1::CloudWorksService::Service {
 public:
  /// A null `connection` means no Anaplan credentials: every RPC that
  /// passes validation fails UNAUTHENTICATED.
  CloudWorksServiceImpl(
      std::shared_ptr<core::cw::CloudWorksConnection> connection,
      BulkServiceOptions options);

  // Connections and integrations (cloud_works_service.cc).
  grpc::Status GetConnections(grpc::ServerContext* context,
                              const v1::GetConnectionsRequest* request,
                              v1::GetConnectionsResponse* response) override;
  grpc::Status CreateConnection(
      grpc::ServerContext* context, const v1::CreateConnectionRequest* request,
      v1::CreateConnectionResponse* response) override;
  grpc::Status UpdateConnection(grpc::ServerContext* context,
                                const v1::UpdateConnectionRequest* request,
                                v1::CloudWorksEmpty* response) override;
  grpc::Status PatchConnection(grpc::ServerContext* context,
                               const v1::PatchConnectionRequest* request,
                               v1::CloudWorksEmpty* response) override;
  grpc::Status DeleteConnection(grpc::ServerContext* context,
                                const v1::DeleteConnectionRequest* request,
                                v1::CloudWorksEmpty* response) override;
  grpc::Status GetIntegrations(grpc::ServerContext* context,
                               const v1::GetIntegrationsRequest* request,
                               v1::GetIntegrationsResponse* response) override;
  grpc::Status GetIntegration(grpc::ServerContext* context,
                              const v1::GetIntegrationRequest* request,
                              v1::Integration* response) override;
  grpc::Status CreateIntegration(
      grpc::ServerContext* context, const v1::CreateIntegrationRequest* request,
      v1::CreateIntegrationResponse* response) override;
  grpc::Status UpdateIntegration(grpc::ServerContext* context,
                                 const v1::UpdateIntegrationRequest* request,
                                 v1::CloudWorksEmpty* response) override;
  grpc::Status DeleteIntegration(grpc::ServerContext* context,
                                 const v1::DeleteIntegrationRequest* request,
                                 v1::CloudWorksEmpty* response) override;
  grpc::Status RunIntegration(grpc::ServerContext* context,
                              const v1::RunIntegrationRequest* request,
                              v1::RunIntegrationResponse* response) override;
  grpc::Status CancelIntegration(grpc::ServerContext* context,
                                 const v1::CancelIntegrationRequest* request,
                                 v1::CloudWorksEmpty* response) override;
  // Schedules, runs, notifications and flows (cloud_works_service_runs.cc).
  grpc::Status CreateSchedule(grpc::ServerContext* context,
                              const v1::ScheduleRequest* request,
                              v1::CloudWorksEmpty* response) override;
  grpc::Status UpdateSchedule(grpc::ServerContext* context,
                              const v1::ScheduleRequest* request,
                              v1::CloudWorksEmpty* response) override;
  grpc::Status SetScheduleStatus(grpc::ServerContext* context,
                                 const v1::SetScheduleStatusRequest* request,
                                 v1::CloudWorksEmpty* response) override;
  grpc::Status DeleteSchedule(grpc::ServerContext* context,
                              const v1::DeleteScheduleRequest* request,
                              v1::CloudWorksEmpty* response) override;
  grpc::Status GetRunHistory(grpc::ServerContext* context,
                             const v1::GetRunHistoryRequest* request,
                             v1::GetRunHistoryResponse* response) override;
  grpc::Status GetRunStatus(grpc::ServerContext* context,
                            const v1::GetRunStatusRequest* request,
                            v1::IntegrationRun* response) override;
  grpc::Status GetRunError(grpc::ServerContext* context,
                           const v1::GetRunErrorRequest* request,
                           v1::GetRunErrorResponse* response) override;
  grpc::Status GetImportErrorDump(grpc::ServerContext* context,
                                  const v1::GetImportErrorDumpRequest* request,
                                  v1::ErrorDump* response) override;
  grpc::Status GetProcessErrorDump(
      grpc::ServerContext* context,
      const v1::GetProcessErrorDumpRequest* request,
      v1::ErrorDump* response) override;
  grpc::Status GetNotificationConfig(
      grpc::ServerContext* context,
      const v1::GetNotificationConfigRequest* request,
      v1::NotificationConfig* response) override;
  grpc::Status CreateNotificationConfig(
      grpc::ServerContext* context,
      const v1::CreateNotificationConfigRequest* request,
      v1::CreateNotificationConfigResponse* response) override;
  grpc::Status UpdateNotificationConfig(
      grpc::ServerContext* context,
      const v1::UpdateNotificationConfigRequest* request,
      v1::CloudWorksEmpty* response) override;
  grpc::Status DeleteNotificationConfig(
      grpc::ServerContext* context,
      const v1::DeleteNotificationConfigRequest* request,
      v1::CloudWorksEmpty* response) override;
  grpc::Status GetFlows(grpc::ServerContext* context,
                        const v1::GetFlowsRequest* request,
                        v1::GetFlowsResponse* response) override;
  grpc::Status GetFlow(grpc::ServerContext* context,
                       const v1::GetFlowRequest* request,
                       v1::Flow* response) override;
  grpc::Status CreateFlow(grpc::ServerContext* context,
                          const v1::CreateFlowRequest* request,
                          v1::CreateFlowResponse* response) override;
  grpc::Status UpdateFlow(grpc::ServerContext* context,
                          const v1::UpdateFlowRequest* request,
                          v1::CloudWorksEmpty* response) override;
  grpc::Status DeleteFlow(grpc::ServerContext* context,
                          const v1::DeleteFlowRequest* request,
                          v1::CloudWorksEmpty* response) override;
  grpc::Status RunFlow(grpc::ServerContext* context,
                       const v1::RunFlowRequest* request,
                       v1::RunFlowResponse* response) override;

 private:
  using Body = absl::FunctionRef<absl::Status(core::cw::CloudWorksConnection&,
                                              const core::CallContext&)>;

  /// The frame of every RPC: `checked` is the validation result; when OK
  /// and a connection exists, runs `body` and converts its status.
  grpc::Status Run(absl::string_view method, grpc::ServerContext* context,
                   const absl::Status& checked, Body body);

  std::shared_ptr<core::cw::CloudWorksConnection> connection_;
  BulkServiceOptions options_;
};

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_CLOUD_WORKS_SERVICE_H_
