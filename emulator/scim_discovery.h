#ifndef ANAPLAN_EMULATOR_SCIM_DISCOVERY_H_
#define ANAPLAN_EMULATOR_SCIM_DISCOVERY_H_

#include <string>

#include "emulator/router.h"

namespace anaplan::emulator {

/// The SCIM discovery documents as Anaplan serves them (live captures in
/// tests/schemas/anaplan-openapi/scim/README.md), with URLs on this host.
std::string ServiceProviderConfigJson(const Call& call);
std::string ResourceTypesJson(const Call& call);
std::string SchemasJson(const Call& call);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_SCIM_DISCOVERY_H_
