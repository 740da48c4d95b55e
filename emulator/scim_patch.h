#ifndef ANAPLAN_EMULATOR_SCIM_PATCH_H_
#define ANAPLAN_EMULATOR_SCIM_PATCH_H_

#include "emulator/json_util.h"
#include "emulator/router.h"
#include "emulator/scim_store.h"
#include "emulator/state.h"

namespace anaplan::emulator {

/// Applies one operation of a SCIM PATCH body (`op` add/replace/remove on
/// active, externalId, name, name.familyName/givenName or entitlements; no
/// path means an object of attributes) to `u`. False when it cannot, the
/// 400 already sent.
bool ApplyScimPatchOp(Call& call, State& state, const rapidjson::Value& op,
                      ScimUserRecord* u)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_SCIM_PATCH_H_
