#include "service/audit_service.h"

#include <utility>
#include <vector>

#include "anaplan_core/status/error_info.h"
#include "service/family_rpc.h"

namespace anaplan::service {
namespace {

core::AuditQuery QueryOf(const v1::GetEventsRequest& request) {
  core::AuditQuery q;
  q.event_type = request.event_type().empty() ? "all" : request.event_type();
  q.days_into_past = request.days_into_past();
  q.date_from_ms = request.date_from_ms();
  q.date_to_ms = request.date_to_ms();
  return q;
}

void ToProto(const core::AuditEvent& e, v1::AuditEvent* out) {
  out->set_id(e.id);
  out->set_event_type_id(e.event_type_id);
  out->set_user_id(e.user_id);
  out->set_tenant_id(e.tenant_id);
  out->set_object_id(e.object_id);
  out->set_object_type_id(e.object_type_id);
  out->set_object_tenant_id(e.object_tenant_id);
  out->set_message(e.message);
  out->set_success(e.success);
  out->set_error_number(e.error_number);
  out->set_ip_address(e.ip_address);
  out->set_user_agent(e.user_agent);
  out->set_session_id(e.session_id);
  out->set_host_name(e.host_name);
  out->set_service_version(e.service_version);
  out->set_event_date(e.event_date);
  out->set_event_time_zone(e.event_time_zone);
  out->set_created_date(e.created_date);
  out->set_created_time_zone(e.created_time_zone);
  out->set_checksum(e.checksum);
  out->set_additional_attributes_json(e.additional_attributes_json);
}

void UserToProto(const core::TenantUser& u, v1::TenantUser* out) {
  out->set_id(u.id);
  out->set_email(u.email);
  out->set_first_name(u.first_name);
  out->set_last_name(u.last_name);
  out->set_active(u.active);
  out->set_last_login_date(u.last_login_date);
  out->set_email_opt_in(u.email_opt_in);
  out->set_customer_id(u.customer_id);
}

}  // namespace

AuditServiceImpl::AuditServiceImpl(
    std::shared_ptr<core::AuditConnection> connection,
    BulkServiceOptions options)
    : connection_(std::move(connection)), options_(std::move(options)) {}

grpc::Status AuditServiceImpl::GetEvents(grpc::ServerContext* context,
                                         const v1::GetEventsRequest* request,
                                         v1::GetEventsResponse* response) {
  const core::AuditQuery query = QueryOf(*request);
  return RunFamilyRpc(
      "GetEvents", context, options_, connection_ != nullptr, true,
      core::ValidateAuditQuery(query), [&](const core::CallContext& ctx) {
        return connection_->GetEvents(
            query,
            [&](const std::vector<core::AuditEvent>& events, int64_t total) {
              for (const auto& e : events) ToProto(e, response->add_events());
              response->set_total_size(total);
              return absl::OkStatus();
            },
            ctx);
      });
}

grpc::Status AuditServiceImpl::SearchEvents(grpc::ServerContext* context,
                                            const v1::GetEventsRequest* request,
                                            v1::GetEventsResponse* response) {
  const core::AuditQuery query = QueryOf(*request);
  return RunFamilyRpc(
      "SearchEvents", context, options_, connection_ != nullptr, true,
      core::ValidateAuditQuery(query), [&](const core::CallContext& ctx) {
        return connection_->SearchEvents(
            query,
            [&](const std::vector<core::AuditEvent>& events, int64_t total) {
              for (const auto& e : events) ToProto(e, response->add_events());
              response->set_total_size(total);
              return absl::OkStatus();
            },
            ctx);
      });
}

grpc::Status AuditServiceImpl::StreamEvents(
    grpc::ServerContext* context, const v1::GetEventsRequest* request,
    grpc::ServerWriter<v1::GetEventsResponse>* writer) {
  const core::AuditQuery query = QueryOf(*request);
  return RunFamilyRpc(
      "StreamEvents", context, options_, connection_ != nullptr, false,
      core::ValidateAuditQuery(query), [&](const core::CallContext& ctx) {
        return connection_->GetEvents(
            query,
            [&](const std::vector<core::AuditEvent>& events,
                int64_t total) -> absl::Status {
              v1::GetEventsResponse page;
              for (const auto& e : events) ToProto(e, page.add_events());
              page.set_total_size(total);
              if (!writer->Write(page)) {
                return absl::CancelledError("the caller went away");
              }
              return absl::OkStatus();
            },
            ctx);
      });
}

grpc::Status AuditServiceImpl::GetUsers(grpc::ServerContext* context,
                                        const v1::GetUsersRequest* /*request*/,
                                        v1::GetUsersResponse* response) {
  return RunFamilyRpc("GetUsers", context, options_, connection_ != nullptr,
                      true, absl::OkStatus(),
                      [&](const core::CallContext& ctx) -> absl::Status {
                        auto users = connection_->GetUsers(ctx);
                        if (!users.ok()) return users.status();
                        for (const auto& u : *users) {
                          UserToProto(u, response->add_users());
                        }
                        return absl::OkStatus();
                      });
}

grpc::Status AuditServiceImpl::GetUser(grpc::ServerContext* context,
                                       const v1::GetUserRequest* request,
                                       v1::TenantUser* response) {
  absl::Status valid =
      request->user_id().empty()
          ? core::InvalidField("user_id", "user_id is required (or \"me\")")
          : absl::OkStatus();
  return RunFamilyRpc(
      "GetUser", context, options_, connection_ != nullptr, true,
      std::move(valid), [&](const core::CallContext& ctx) -> absl::Status {
        auto user = connection_->GetUser(request->user_id(), ctx);
        if (!user.ok()) return user.status();
        UserToProto(*user, response);
        return absl::OkStatus();
      });
}

}  // namespace anaplan::service
