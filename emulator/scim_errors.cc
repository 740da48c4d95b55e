#include "emulator/scim_errors.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace anaplan::emulator {
namespace {

constexpr size_t kMaxEntitlements = 50;

}  // namespace

void ScimError(Call& call, int status, const std::string& detail,
               const std::string& scim_type) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("schemas");
  w.StartArray();
  WriteStr(w, "urn:ietf:params:scim:api:messages:2.0:Error");
  w.EndArray();
  FieldStr(w, "status", absl::StrCat(status));
  FieldStr(w, "detail", detail);
  if (!scim_type.empty()) FieldStr(w, "scimType", scim_type);
  w.EndObject();
  call.res.status = status;
  call.res.set_content(out.str(), kScimJson);
}

void SendScim(Call& call, int status, const std::string& body) {
  call.res.status = status;
  call.res.set_content(body, kScimJson);
}

bool ReadEntitlements(Call& call, State& state, const rapidjson::Value& list,
                      std::vector<std::string>* out) {
  if (!list.IsArray()) {
    ScimError(call, 400, "entitlements must be an array", "invalidValue");
    return false;
  }
  for (const auto& e : list.GetArray()) {
    const std::string type = JsonString(e, "type", "WORKSPACE");
    if (type != "WORKSPACE") continue;  // IDS/NAMES are derived views
    const std::string id = JsonString(e, "value");
    if (state.tenant().FindWorkspace(id) == nullptr) {
      ScimError(call, 400, absl::StrCat("Unknown workspace ", id),
                "invalidValue");
      return false;
    }
    if (std::find(out->begin(), out->end(), id) == out->end()) {
      out->push_back(id);
    }
  }
  if (out->size() > kMaxEntitlements) {
    ScimError(call, 400, "At most 50 workspaces per call", "invalidValue");
    return false;
  }
  return true;
}

}  // namespace anaplan::emulator
