#ifndef ANAPLAN_SERVICE_API_FAMILIES_H_
#define ANAPLAN_SERVICE_API_FAMILIES_H_

#include <memory>

#include "absl/status/statusor.h"
#include "grpcpp/server_builder.h"

#include "anaplan_core/http/rest_client.h"
#include "service/alm_service.h"
#include "service/audit_service.h"
#include "service/bulk_service.h"
#include "service/scim_service.h"
#include "service/server_options.h"

namespace anaplan::service {

/// The ALM, Audit and SCIM servicers of one server. They share one
/// RestClient (one Anaplan session): ALM under options.client's api_url,
/// Audit under options.audit_url, SCIM under options.scim_url.
struct ApiFamilies {
  std::unique_ptr<AlmServiceImpl> alm;
  std::unique_ptr<AuditServiceImpl> audit;
  std::unique_ptr<ScimServiceImpl> scim;

  /// Registers the three services with `builder` (they must outlive it).
  void Register(grpc::ServerBuilder& builder);
};

/// Builds the servicers over the server's one Anaplan client `rest`, so every
/// family shares its token (and its logout). Null `rest` (no credentials):
/// they answer UNAUTHENTICATED.
absl::StatusOr<std::unique_ptr<ApiFamilies>> MakeApiFamilies(
    const ServerOptions& options, const BulkServiceOptions& service_options,
    std::shared_ptr<core::RestClient> rest);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_API_FAMILIES_H_
