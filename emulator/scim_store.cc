#include "emulator/scim_store.h"

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"

namespace anaplan::emulator {

void ScimStore::SeedFrom(const Tenant& tenant) {
  seeded = true;
  const absl::Time now = absl::Now();
  for (const User& user : tenant.users) {
    ScimUserRecord r;
    r.id = user.id;
    r.user_name = user.email;
    r.family_name = user.last_name;
    r.given_name = user.first_name;
    r.active = user.active;
    if (user.tenant_admin) {
      for (const Workspace& ws : tenant.workspaces) {
        r.workspace_ids.push_back(ws.id);
      }
    }
    r.created = now;
    r.last_modified = now;
    users.push_back(r);
  }
}

ScimUserRecord* ScimStore::Find(const std::string& id) {
  // id is case-insensitive (live schema: caseExact false).
  const std::string want = absl::AsciiStrToLower(id);
  for (ScimUserRecord& u : users) {
    if (absl::AsciiStrToLower(u.id) == want) return &u;
  }
  return nullptr;
}

}  // namespace anaplan::emulator
