#ifndef ANAPLAN_SERVICE_AUDIT_SERVICE_H_
#define ANAPLAN_SERVICE_AUDIT_SERVICE_H_

#include <memory>

#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

#include "anaplan/v1/audit.grpc.pb.h"
#include "anaplan_core/audit/audit_connection.h"
#include "service/bulk_service.h"

namespace anaplan::service {

/// anaplan.v1.AuditService over a core::AuditConnection. The 30-day window
/// and the event type are checked before any Anaplan call
/// (INVALID_ARGUMENT naming the field). Thread-safe.
class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  AuditServiceImpl(std::shared_ptr<core::AuditConnection> connection,
                   BulkServiceOptions options);

  grpc::Status GetEvents(grpc::ServerContext* context,
                         const v1::GetEventsRequest* request,
                         v1::GetEventsResponse* response) override;
  grpc::Status StreamEvents(
      grpc::ServerContext* context, const v1::GetEventsRequest* request,
      grpc::ServerWriter<v1::GetEventsResponse>* writer) override;
  grpc::Status SearchEvents(grpc::ServerContext* context,
                            const v1::GetEventsRequest* request,
                            v1::GetEventsResponse* response) override;

  grpc::Status GetUsers(grpc::ServerContext* context,
                        const v1::GetUsersRequest* request,
                        v1::GetUsersResponse* response) override;
  grpc::Status GetUser(grpc::ServerContext* context,
                       const v1::GetUserRequest* request,
                       v1::TenantUser* response) override;

 private:
  std::shared_ptr<core::AuditConnection> connection_;
  BulkServiceOptions options_;
};

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_AUDIT_SERVICE_H_
