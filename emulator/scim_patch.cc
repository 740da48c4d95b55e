#include "emulator/scim_patch.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

#include "emulator/scim_errors.h"

namespace anaplan::emulator {

bool ApplyScimPatchOp(Call& call, State& state, const rapidjson::Value& op,
                      ScimUserRecord* u) {
  const std::string kind = absl::AsciiStrToLower(JsonString(op, "op"));
  const std::string path = JsonString(op, "path");
  const bool has_value = JsonHas(op, "value");
  if (kind != "add" && kind != "replace" && kind != "remove") {
    ScimError(call, 400, "op must be add, remove or replace", "invalidSyntax");
    return false;
  }
  if (kind != "remove" && !has_value) {
    ScimError(call, 400, "value is required", "invalidValue");
    return false;
  }
  if (path.empty()) {
    // No path: the value is an object of attributes to set.
    if (kind == "remove" || !op["value"].IsObject()) {
      ScimError(call, 400, "a path is required", "noTarget");
      return false;
    }
    for (const auto& m : op["value"].GetObject()) {
      rapidjson::Document sub;
      sub.SetObject();
      auto& a = sub.GetAllocator();
      sub.AddMember("op", rapidjson::Value(kind.c_str(), a), a);
      sub.AddMember("path", rapidjson::Value(m.name, a), a);
      sub.AddMember("value", rapidjson::Value(m.value, a), a);
      if (!ApplyScimPatchOp(call, state, sub, u)) return false;
    }
    return true;
  }
  const rapidjson::Value* value = has_value ? &op["value"] : nullptr;
  auto text = [&](std::string* field) {
    if (kind == "remove") {
      field->clear();
      return true;
    }
    if (!value->IsString()) {
      ScimError(call, 400, absl::StrCat(path, " must be a string"),
                "invalidValue");
      return false;
    }
    *field = value->GetString();
    return true;
  };
  if (path == "active") {
    if (kind == "remove" || !value->IsBool()) {
      ScimError(call, 400, "active must be a boolean", "invalidValue");
      return false;
    }
    u->active = value->GetBool();
    return true;
  }
  if (path == "externalId") return text(&u->external_id);
  if (path == "name.familyName" || path == "name.givenName") {
    if (kind == "remove") {
      ScimError(call, 400, absl::StrCat(path, " is required"), "mutability");
      return false;
    }
    return text(path == "name.familyName" ? &u->family_name : &u->given_name);
  }
  if (path == "name") {
    if (kind == "remove" || !value->IsObject()) {
      ScimError(call, 400, "name must be an object", "invalidValue");
      return false;
    }
    const std::string family = JsonString(*value, "familyName");
    const std::string given = JsonString(*value, "givenName");
    if (!family.empty()) u->family_name = family;
    if (!given.empty()) u->given_name = given;
    return true;
  }
  if (path == "entitlements") {
    std::vector<std::string> ids;
    if (value != nullptr && !ReadEntitlements(call, state, *value, &ids)) {
      return false;
    }
    if (kind == "replace") {
      u->workspace_ids = ids;
    } else if (kind == "add") {
      for (const std::string& id : ids) {
        if (std::find(u->workspace_ids.begin(), u->workspace_ids.end(), id) ==
            u->workspace_ids.end()) {
          u->workspace_ids.push_back(id);
        }
      }
    } else if (value == nullptr) {
      u->workspace_ids.clear();
    } else {
      for (const std::string& id : ids) {
        u->workspace_ids.erase(
            std::remove(u->workspace_ids.begin(), u->workspace_ids.end(), id),
            u->workspace_ids.end());
      }
    }
    return true;
  }
  ScimError(call, 400, absl::StrCat("Unsupported path ", path), "invalidPath");
  return false;
}

}  // namespace anaplan::emulator
