// ScimConnection over a RestClient (anaplan-api.md §9).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

#include "anaplan_core/bulk/bulk_urls.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/scim/scim_connection.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

constexpr char kUserSchema[] = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr char kPatchSchema[] = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

absl::StatusOr<ScimUser> ParseUser(const rapidjson::Value& json) {
  ScimUser u;
  ANAPLAN_ASSIGN_OR_RETURN(u.id, RequiredString(json, "id", "user"));
  u.external_id = OptionalString(json, "externalId");
  u.user_name = OptionalString(json, "userName");
  if (const rapidjson::Value* name = FindObject(json, "name")) {
    u.family_name = OptionalString(*name, "familyName");
    u.given_name = OptionalString(*name, "givenName");
    u.formatted_name = OptionalString(*name, "formatted");
  }
  u.display_name = OptionalString(json, "displayName");
  u.active = OptionalBool(json, "active");
  if (const rapidjson::Value* emails = FindArray(json, "emails")) {
    for (const auto& e : emails->GetArray()) {
      u.emails.push_back({OptionalString(e, "value"), OptionalString(e, "type"),
                          OptionalBool(e, "primary")});
    }
  }
  if (const rapidjson::Value* ents = FindArray(json, "entitlements")) {
    for (const auto& e : ents->GetArray()) {
      u.entitlements.push_back(
          {OptionalString(e, "value"), OptionalString(e, "display"),
           OptionalString(e, "type"), OptionalBool(e, "primary")});
    }
  }
  if (const rapidjson::Value* meta = FindObject(json, "meta")) {
    u.resource_type = OptionalString(*meta, "resourceType");
    u.location = OptionalString(*meta, "location");
    u.created = OptionalString(*meta, "created");
    u.last_modified = OptionalString(*meta, "lastModified");
  }
  return u;
}

absl::Status CheckUserId(const std::string& id) {
  if (id.empty()) return InvalidField("id", "id is required");
  return absl::OkStatus();
}

absl::Status CheckInput(const ScimUserInput& input) {
  if (input.user_name.empty()) {
    return InvalidField("user.user_name", "user_name is required");
  }
  if (input.family_name.empty()) {
    return InvalidField("user.family_name", "family_name is required");
  }
  if (input.given_name.empty()) {
    return InvalidField("user.given_name", "given_name is required");
  }
  return absl::OkStatus();
}

std::string UserJson(const ScimUserInput& input, const std::string& id) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("schemas");
  w.StartArray();
  w.String(kUserSchema);
  w.EndArray();
  if (!id.empty()) Str(w, "id", id);
  Str(w, "userName", input.user_name);
  if (!input.external_id.empty()) Str(w, "externalId", input.external_id);
  w.Key("name");
  w.StartObject();
  Str(w, "familyName", input.family_name);
  Str(w, "givenName", input.given_name);
  w.EndObject();
  if (input.active.has_value()) {
    w.Key("active");
    w.Bool(*input.active);
  }
  if (!input.entitlements.empty()) {
    w.Key("entitlements");
    w.StartArray();
    for (const auto& e : input.entitlements) {
      w.StartObject();
      Str(w, "value", e.value);
      if (!e.display.empty()) Str(w, "display", e.display);
      Str(w, "type", e.type.empty() ? std::string("WORKSPACE") : e.type);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return buffer.GetString();
}

absl::StatusOr<std::vector<std::string>> Resources(
    const rapidjson::Value& json) {
  std::vector<std::string> out;
  if (const rapidjson::Value* list = FindArray(json, "Resources")) {
    for (const auto& item : list->GetArray()) out.push_back(ToJsonText(item));
  }
  return out;
}

class ScimConnectionImpl final : public ScimConnection {
 public:
  ScimConnectionImpl(std::shared_ptr<RestClient> rest, std::string scim_url)
      : rest_(std::move(rest)), base_(std::move(scim_url)) {}

  absl::StatusOr<std::string> GetServiceProviderConfig(
      const CallContext& ctx) override {
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(absl::StrCat(base_, "/ServiceProviderConfig"), ctx));
    return ToJsonText(json);
  }

  absl::StatusOr<std::vector<std::string>> GetResourceTypes(
      const CallContext& ctx) override {
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(absl::StrCat(base_, "/ResourceTypes"), ctx));
    return Resources(json);
  }

  absl::StatusOr<std::vector<std::string>> GetResourceSchemas(
      const CallContext& ctx) override {
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->GetJson(absl::StrCat(base_, "/Schemas"), ctx));
    return Resources(json);
  }

  absl::Status GetUsers(const std::optional<ScimFilter>& filter, int page_size,
                        const ScimPageFn& on_page,
                        const CallContext& ctx) override {
    if (page_size < 0 || page_size > kMaxScimPageSize) {
      return InvalidField("page_size", "page_size must be 1 to 100");
    }
    const int count = page_size == 0 ? kMaxScimPageSize : page_size;
    std::string filter_param;
    if (filter.has_value()) {
      ANAPLAN_ASSIGN_OR_RETURN(std::string text, RenderScimFilter(*filter));
      filter_param = absl::StrCat("&filter=", internal::UrlEncode(text));
    }
    int64_t start = 1;
    while (true) {
      ANAPLAN_ASSIGN_OR_RETURN(
          rapidjson::Document json,
          rest_->GetJson(absl::StrCat(base_, "/Users?startIndex=", start,
                                      "&count=", count, filter_param),
                         ctx));
      ANAPLAN_ASSIGN_OR_RETURN(
          int64_t total, RequiredInt(json, "totalResults", "ListResponse"));
      std::vector<ScimUser> users;
      if (const rapidjson::Value* list = FindArray(json, "Resources")) {
        for (const auto& item : list->GetArray()) {
          ANAPLAN_ASSIGN_OR_RETURN(ScimUser u, ParseUser(item));
          users.push_back(std::move(u));
        }
      }
      ANAPLAN_RETURN_IF_ERROR(on_page(users, total));
      // An empty page ends the listing even if totalResults says more.
      if (users.empty()) return absl::OkStatus();
      start += static_cast<int64_t>(users.size());
      if (start > total) return absl::OkStatus();
    }
  }

  absl::StatusOr<ScimUser> GetUser(const std::string& id,
                                   const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckUserId(id));
    ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document json,
                             rest_->GetJson(UserUrl(id), ctx));
    return ParseUser(json);
  }

  absl::StatusOr<ScimUser> AddUser(const ScimUserInput& input,
                                   const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckInput(input));
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->SendJson("POST", absl::StrCat(base_, "/Users"),
                        UserJson(input, ""), Idempotency::kNonIdempotent, ctx));
    return ParseUser(json);
  }

  absl::StatusOr<ScimUser> ReplaceUser(const std::string& id,
                                       const ScimUserInput& input,
                                       const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckUserId(id));
    ANAPLAN_RETURN_IF_ERROR(CheckInput(input));
    // A full replace is idempotent.
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->SendJson("PUT", UserUrl(id), UserJson(input, id),
                        Idempotency::kIdempotent, ctx));
    return ParseUser(json);
  }

  absl::StatusOr<ScimUser> UpdateUser(
      const std::string& id, const std::vector<ScimPatchOp>& operations,
      const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(CheckUserId(id));
    if (operations.empty()) {
      return InvalidField("operations", "at least one operation is required");
    }
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("schemas");
    w.StartArray();
    w.String(kPatchSchema);
    w.EndArray();
    w.Key("Operations");
    w.StartArray();
    for (size_t i = 0; i < operations.size(); ++i) {
      const ScimPatchOp& op = operations[i];
      const std::string field = absl::StrCat("operations[", i, "]");
      if (op.op != "add" && op.op != "remove" && op.op != "replace") {
        return InvalidField(absl::StrCat(field, ".op"),
                            "op must be add, remove or replace");
      }
      if (op.op == "remove" && op.path.empty()) {
        return InvalidField(absl::StrCat(field, ".path"),
                            "remove needs a path");
      }
      w.StartObject();
      Str(w, "op", op.op);
      if (!op.path.empty()) Str(w, "path", op.path);
      if (!op.value_json.empty()) {
        rapidjson::Document value;
        if (value.Parse(op.value_json.data(), op.value_json.size())
                .HasParseError()) {
          return InvalidField(absl::StrCat(field, ".value"),
                              "value is not valid JSON");
        }
        w.Key("value");
        value.Accept(w);
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    // Re-applying the same operations gives the same user.
    ANAPLAN_ASSIGN_OR_RETURN(
        rapidjson::Document json,
        rest_->SendJson("PATCH", UserUrl(id), buffer.GetString(),
                        Idempotency::kIdempotent, ctx));
    return ParseUser(json);
  }

 private:
  std::string UserUrl(const std::string& id) const {
    return absl::StrCat(base_, "/Users/", internal::UrlEncode(id));
  }

  std::shared_ptr<RestClient> rest_;
  std::string base_;
};

}  // namespace

std::shared_ptr<ScimConnection> MakeScimConnection(
    std::shared_ptr<RestClient> rest, std::string scim_url) {
  return std::make_shared<ScimConnectionImpl>(std::move(rest),
                                              std::move(scim_url));
}

}  // namespace anaplan::core
