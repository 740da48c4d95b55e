#include "service/api_families.h"

#include <utility>

#include "anaplan_core/alm/alm_connection.h"
#include "anaplan_core/audit/audit_connection.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/scim/scim_connection.h"

namespace anaplan::service {

void ApiFamilies::Register(grpc::ServerBuilder& builder) {
  builder.RegisterService(alm.get());
  builder.RegisterService(audit.get());
  builder.RegisterService(scim.get());
}

absl::StatusOr<std::unique_ptr<ApiFamilies>> MakeApiFamilies(
    const ServerOptions& options, const BulkServiceOptions& service_options,
    std::shared_ptr<core::RestClient> rest) {
  std::shared_ptr<core::AlmConnection> alm;
  std::shared_ptr<core::AuditConnection> audit;
  std::shared_ptr<core::ScimConnection> scim;
  if (rest != nullptr) {
    alm = core::MakeAlmConnection(rest, options.client.endpoints.api_url);
    audit = core::MakeAuditConnection(rest, options.audit_url,
                                      options.client.endpoints.api_url);
    scim = core::MakeScimConnection(rest, options.scim_url);
  }
  auto families = std::make_unique<ApiFamilies>();
  families->alm =
      std::make_unique<AlmServiceImpl>(std::move(alm), service_options);
  families->audit =
      std::make_unique<AuditServiceImpl>(std::move(audit), service_options);
  families->scim =
      std::make_unique<ScimServiceImpl>(std::move(scim), service_options);
  return families;
}

}  // namespace anaplan::service
