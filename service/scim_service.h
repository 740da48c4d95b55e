#ifndef ANAPLAN_SERVICE_SCIM_SERVICE_H_
#define ANAPLAN_SERVICE_SCIM_SERVICE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

#include "anaplan/v1/scim.grpc.pb.h"
#include "anaplan_core/scim/scim_connection.h"
#include "service/bulk_service.h"

namespace anaplan::service {

/// The core filter of a request filter.
/// \error INVALID_ARGUMENT (field "filter"): an empty term, a comparison
///   without attribute or operator, nesting deeper than 16.
absl::StatusOr<core::ScimFilter> FromProto(const v1::ScimFilter& filter);

/// anaplan.v1.ScimService over a core::ScimConnection. Filters arrive
/// structured and are rendered by core with quoting (no string injection).
/// Thread-safe.
class ScimServiceImpl final : public v1::ScimService::Service {
 public:
  ScimServiceImpl(std::shared_ptr<core::ScimConnection> connection,
                  BulkServiceOptions options);

  grpc::Status GetServiceProviderConfig(
      grpc::ServerContext* context,
      const v1::GetServiceProviderConfigRequest* request,
      google::protobuf::Struct* response) override;
  grpc::Status GetResourceTypes(grpc::ServerContext* context,
                                const v1::GetResourceTypesRequest* request,
                                v1::ScimResourceList* response) override;
  grpc::Status GetResourceSchemas(grpc::ServerContext* context,
                                  const v1::GetResourceSchemasRequest* request,
                                  v1::ScimResourceList* response) override;
  grpc::Status GetUsers(grpc::ServerContext* context,
                        const v1::GetScimUsersRequest* request,
                        v1::GetScimUsersResponse* response) override;
  grpc::Status StreamUsers(
      grpc::ServerContext* context, const v1::GetScimUsersRequest* request,
      grpc::ServerWriter<v1::GetScimUsersResponse>* writer) override;
  grpc::Status GetUser(grpc::ServerContext* context,
                       const v1::GetScimUserRequest* request,
                       v1::ScimUser* response) override;
  grpc::Status AddUser(grpc::ServerContext* context,
                       const v1::AddScimUserRequest* request,
                       v1::ScimUser* response) override;
  grpc::Status ReplaceUser(grpc::ServerContext* context,
                           const v1::ReplaceScimUserRequest* request,
                           v1::ScimUser* response) override;
  grpc::Status UpdateUser(grpc::ServerContext* context,
                          const v1::UpdateScimUserRequest* request,
                          v1::ScimUser* response) override;

 private:
  std::shared_ptr<core::ScimConnection> connection_;
  BulkServiceOptions options_;
};

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_SCIM_SERVICE_H_
