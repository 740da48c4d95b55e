#ifndef ANAPLAN_EMULATOR_SCIM_ERRORS_H_
#define ANAPLAN_EMULATOR_SCIM_ERRORS_H_

#include <string>
#include <vector>

#include "emulator/json_util.h"
#include "emulator/router.h"
#include "emulator/state.h"

namespace anaplan::emulator {

/// The SCIM media type of every reply under /scim/1/0/v2.
inline constexpr char kScimJson[] = "application/scim+json";

/// Sends a SCIM error (RFC 7644 §3.12): `status`, `detail` and, when not
/// empty, `scimType`.
void ScimError(Call& call, int status, const std::string& detail,
               const std::string& scim_type = "");

/// Sends `body` with `status` as application/scim+json.
void SendScim(Call& call, int status, const std::string& body);

/// Workspace ids of the WORKSPACE entries of an `entitlements` array (at
/// most 50, each a known workspace, duplicates dropped) appended to `out`;
/// false when invalid, the 400 already sent.
bool ReadEntitlements(Call& call, State& state, const rapidjson::Value& list,
                      std::vector<std::string>* out)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_SCIM_ERRORS_H_
