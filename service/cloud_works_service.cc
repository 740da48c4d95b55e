// CloudWorksService: the RPC frame, connections and integrations.
#include "service/cloud_works_service.h"

#include <utility>

#include "service/cloud_works_convert.h"
#include "service/family_rpc.h"
#include "service/grpc_status.h"
#include "service/request_validation.h"

namespace anaplan::service {

CloudWorksServiceImpl::CloudWorksServiceImpl(
    std::shared_ptr<core::cw::CloudWorksConnection> connection,
    BulkServiceOptions options)
    : connection_(std::move(connection)), options_(std::move(options)) {}

grpc::Status CloudWorksServiceImpl::Run(absl::string_view method,
                                        grpc::ServerContext* context,
                                        const absl::Status& checked,
                                        Body body) {
  // Every CloudWorks RPC is unary.
  return RunFamilyRpc(
      method, context, options_, connection_ != nullptr,
      /*unary=*/true, checked,
      [&](const core::CallContext& ctx) { return body(*connection_, ctx); });
}

// ------------------------------------------------------------ connections

grpc::Status CloudWorksServiceImpl::GetConnections(
    grpc::ServerContext* context, const v1::GetConnectionsRequest* /*request*/,
    v1::GetConnectionsResponse* response) {
  return Run("GetConnections", context, absl::OkStatus(),
             [&](core::cw::CloudWorksConnection& c,
                 const core::CallContext& ctx) -> absl::Status {
               auto items = c.GetConnections(ctx);
               if (!items.ok()) return items.status();
               for (const auto& item : *items) {
                 *response->add_connections() = ToProto(item);
               }
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::CreateConnection(
    grpc::ServerContext* context, const v1::CreateConnectionRequest* request,
    v1::CreateConnectionResponse* response) {
  auto input = FromProto(request->connection(), "connection");
  return Run("CreateConnection", context, input.status(),
             [&](core::cw::CloudWorksConnection& c,
                 const core::CallContext& ctx) -> absl::Status {
               auto id = c.CreateConnection(*input, ctx);
               if (!id.ok()) return id.status();
               response->set_connection_id(*id);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::UpdateConnection(
    grpc::ServerContext* context, const v1::UpdateConnectionRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  auto input = FromProto(request->connection(), "connection");
  absl::Status checked =
      CheckRequired(request->connection_id(), "connection_id");
  if (checked.ok()) checked = input.status();
  return Run(
      "UpdateConnection", context, checked,
      [&](core::cw::CloudWorksConnection& c, const core::CallContext& ctx) {
        return c.UpdateConnection(request->connection_id(), *input, ctx);
      });
}

grpc::Status CloudWorksServiceImpl::PatchConnection(
    grpc::ServerContext* context, const v1::PatchConnectionRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  auto input = FromProto(request->connection(), "connection");
  absl::Status checked =
      CheckRequired(request->connection_id(), "connection_id");
  if (checked.ok()) checked = input.status();
  return Run(
      "PatchConnection", context, checked,
      [&](core::cw::CloudWorksConnection& c, const core::CallContext& ctx) {
        return c.PatchConnection(request->connection_id(), *input, ctx);
      });
}

grpc::Status CloudWorksServiceImpl::DeleteConnection(
    grpc::ServerContext* context, const v1::DeleteConnectionRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run(
      "DeleteConnection", context,
      CheckRequired(request->connection_id(), "connection_id"),
      [&](core::cw::CloudWorksConnection& c, const core::CallContext& ctx) {
        return c.DeleteConnection(request->connection_id(), ctx);
      });
}

// ----------------------------------------------------------- integrations

grpc::Status CloudWorksServiceImpl::GetIntegrations(
    grpc::ServerContext* context, const v1::GetIntegrationsRequest* request,
    v1::GetIntegrationsResponse* response) {
  return Run("GetIntegrations", context,
             CheckSort(request->sort_by(), request->descending()),
             [&](core::cw::CloudWorksConnection& c,
                 const core::CallContext& ctx) -> absl::Status {
               auto items =
                   c.GetIntegrations(request->sort_by(), request->descending(),
                                     request->current_user_only(), ctx);
               if (!items.ok()) return items.status();
               for (const auto& item : *items) {
                 *response->add_integrations() = ToProto(item);
               }
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::GetIntegration(
    grpc::ServerContext* context, const v1::GetIntegrationRequest* request,
    v1::Integration* response) {
  return Run("GetIntegration", context,
             CheckRequired(request->integration_id(), "integration_id"),
             [&](core::cw::CloudWorksConnection& c,
                 const core::CallContext& ctx) -> absl::Status {
               auto item = c.GetIntegration(request->integration_id(), ctx);
               if (!item.ok()) return item.status();
               *response = ToProto(*item);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::CreateIntegration(
    grpc::ServerContext* context, const v1::CreateIntegrationRequest* request,
    v1::CreateIntegrationResponse* response) {
  return Run("CreateIntegration", context, absl::OkStatus(),
             [&](core::cw::CloudWorksConnection& c,
                 const core::CallContext& ctx) -> absl::Status {
               auto id =
                   c.CreateIntegration(FromProto(request->integration()), ctx);
               if (!id.ok()) return id.status();
               response->set_integration_id(*id);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::UpdateIntegration(
    grpc::ServerContext* context, const v1::UpdateIntegrationRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run(
      "UpdateIntegration", context,
      CheckRequired(request->integration_id(), "integration_id"),
      [&](core::cw::CloudWorksConnection& c, const core::CallContext& ctx) {
        return c.UpdateIntegration(request->integration_id(),
                                   FromProto(request->integration()), ctx);
      });
}

grpc::Status CloudWorksServiceImpl::DeleteIntegration(
    grpc::ServerContext* context, const v1::DeleteIntegrationRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run(
      "DeleteIntegration", context,
      CheckRequired(request->integration_id(), "integration_id"),
      [&](core::cw::CloudWorksConnection& c, const core::CallContext& ctx) {
        return c.DeleteIntegration(request->integration_id(), ctx);
      });
}

grpc::Status CloudWorksServiceImpl::RunIntegration(
    grpc::ServerContext* context, const v1::RunIntegrationRequest* request,
    v1::RunIntegrationResponse* response) {
  return Run("RunIntegration", context,
             CheckRequired(request->integration_id(), "integration_id"),
             [&](core::cw::CloudWorksConnection& c,
                 const core::CallContext& ctx) -> absl::Status {
               auto id = c.RunIntegration(request->integration_id(), ctx);
               if (!id.ok()) return id.status();
               response->set_run_id(*id);
               return absl::OkStatus();
             });
}

grpc::Status CloudWorksServiceImpl::CancelIntegration(
    grpc::ServerContext* context, const v1::CancelIntegrationRequest* request,
    v1::CloudWorksEmpty* /*response*/) {
  return Run(
      "CancelIntegration", context,
      CheckRequired(request->integration_id(), "integration_id"),
      [&](core::cw::CloudWorksConnection& c, const core::CallContext& ctx) {
        return c.CancelIntegration(request->integration_id(), ctx);
      });
}

}  // namespace anaplan::service
