#ifndef ANAPLAN_EMULATOR_SCIM_STORE_H_
#define ANAPLAN_EMULATOR_SCIM_STORE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"

#include "emulator/model_data.h"

namespace anaplan::emulator {

/// A SCIM user (anaplan-api.md §9).
struct ScimUserRecord {
  std::string id;  ///< 32 lowercase hex.
  std::string external_id;
  std::string user_name;
  std::string family_name;
  std::string given_name;
  bool active = true;
  std::vector<std::string> workspace_ids;
  absl::Time created;
  absl::Time last_modified;
};

/// SCIM users, seeded lazily from the tenant's users (all workspaces as
/// entitlements for tenant admins, none for others).
struct ScimStore {
  bool seeded = false;
  int next_id = 1;
  std::vector<ScimUserRecord> users;

  void SeedFrom(const Tenant& tenant);
  ScimUserRecord* Find(const std::string& id);
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_SCIM_STORE_H_
