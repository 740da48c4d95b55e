#include "emulator/scim_discovery.h"

#include <vector>

#include "absl/strings/str_cat.h"

#include "emulator/http_util.h"
#include "emulator/json_util.h"

namespace anaplan::emulator {
namespace {

constexpr char kListUrn[] =
    "urn:ietf:params:scim:api:messages:2.0:ListResponse";
constexpr char kUserUrn[] = "urn:ietf:params:scim:schemas:core:2.0:User";

std::string Base(const Call& call) {
  return absl::StrCat(BaseUrl(call.req, call.tls), "/scim/1/0/v2");
}

void Schemas(JsonWriter& w, const char* urn) {
  w.Key("schemas");
  w.StartArray();
  WriteStr(w, urn);
  w.EndArray();
}

void Supported(JsonWriter& w, const char* key, bool supported) {
  w.Key(key);
  w.StartObject();
  FieldBool(w, "supported", supported);
  w.EndObject();
}

struct Attribute {
  const char* name;
  const char* type;
  bool multi_valued;
  bool required;
  const char* mutability;
  const char* returned;
  const char* uniqueness;
  const char* description;
  std::vector<Attribute> sub;
};

void WriteAttribute(JsonWriter& w, const Attribute& a) {
  w.StartObject();
  FieldStr(w, "name", a.name);
  FieldStr(w, "type", a.type);
  FieldBool(w, "multiValued", a.multi_valued);
  FieldStr(w, "description", a.description);
  FieldBool(w, "required", a.required);
  FieldBool(w, "caseExact", false);
  FieldStr(w, "mutability", a.mutability);
  FieldStr(w, "returned", a.returned);
  FieldStr(w, "uniqueness", a.uniqueness);
  if (!a.sub.empty()) {
    w.Key("subAttributes");
    w.StartArray();
    for (const Attribute& s : a.sub) WriteAttribute(w, s);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

std::string ServiceProviderConfigJson(const Call& call) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  Schemas(w, "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
  FieldStr(w, "documentationUri", "https://scimapi.docs.apiary.io/");
  // The live example claims patch/filter unsupported although both work
  // (scim README, Discrepancies); the emulator tells the truth.
  Supported(w, "patch", true);
  w.Key("bulk");
  w.StartObject();
  FieldBool(w, "supported", false);
  FieldInt(w, "maxOperations", 0);
  FieldInt(w, "maxPayloadSize", 0);
  w.EndObject();
  w.Key("filter");
  w.StartObject();
  FieldBool(w, "supported", true);
  FieldInt(w, "maxResults", 100);
  w.EndObject();
  Supported(w, "changePassword", false);
  Supported(w, "sort", false);
  Supported(w, "etag", false);
  w.Key("authenticationSchemes");
  w.StartArray();
  for (const char* name : {"AnaplanAuthToken", "Basic"}) {
    w.StartObject();
    FieldStr(w, "name", name);
    FieldStr(w, "type",
             name == std::string("Basic") ? "httpbasic" : "oauthbearertoken");
    FieldStr(w, "description",
             absl::StrCat("Authentication with the ", name, " scheme"));
    FieldStr(w, "specUri", "https://tools.ietf.org/html/rfc7617");
    FieldStr(w, "documentationUri", "https://scimapi.docs.apiary.io/");
    w.EndObject();
  }
  w.EndArray();
  w.Key("meta");
  w.StartObject();
  FieldStr(w, "resourceType", "ServiceProviderConfig");
  FieldStr(w, "location", absl::StrCat(Base(call), "/ServiceProviderConfig"));
  FieldStr(w, "created", "2020-01-01T00:00:00.000Z");
  FieldStr(w, "lastModified", "2020-01-01T00:00:00.000Z");
  w.EndObject();
  w.EndObject();
  return out.str();
}

std::string ResourceTypesJson(const Call& call) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  Schemas(w, kListUrn);
  FieldInt(w, "totalResults", 1);
  FieldInt(w, "startIndex", 1);
  FieldInt(w, "itemsPerPage", 10);
  w.Key("Resources");
  w.StartArray();
  w.StartObject();
  Schemas(w, "urn:ietf:params:scim:schemas:core:2.0:ResourceType");
  w.Key("meta");
  w.StartObject();
  FieldStr(w, "resourceType", "ResourceType");
  FieldStr(w, "location", absl::StrCat(Base(call), "/ResourceTypes/User"));
  w.EndObject();
  FieldStr(w, "id", "User");
  FieldStr(w, "name", "User");
  FieldStr(w, "endpoint", "/Users");
  FieldStr(w, "description", "User Account");
  FieldStr(w, "schema", kUserUrn);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return out.str();
}

std::string SchemasJson(const Call& call) {
  const std::vector<Attribute> attributes = {
      {"id",
       "string",
       false,
       true,
       "readOnly",
       "always",
       "server",
       "Unique identifier for a user by Service Provider.",
       {}},
      {"externalId",
       "string",
       false,
       false,
       "readWrite",
       "default",
       "none",
       "Unique Identifier for a user as defined by provisioning client.",
       {}},
      {"userName",
       "string",
       false,
       true,
       "readOnly",
       "default",
       "server",
       "Username of the User.",
       {}},
      {"name",
       "complex",
       false,
       true,
       "readWrite",
       "default",
       "none",
       "Components of users real name",
       {{"familyName",
         "string",
         false,
         true,
         "readWrite",
         "default",
         "none",
         "Family name of the User",
         {}},
        {"givenName",
         "string",
         false,
         true,
         "readWrite",
         "default",
         "none",
         "Given name of the User",
         {}},
        {"formatted",
         "string",
         false,
         false,
         "readOnly",
         "default",
         "none",
         "Formatted name of the User",
         {}}}},
      {"displayName",
       "string",
       false,
       false,
       "readOnly",
       "default",
       "none",
       "Display Name of the User, givenName and familyName.",
       {}},
      {"active",
       "boolean",
       false,
       false,
       "readWrite",
       "default",
       "none",
       "Whether the user can log into Anaplan.",
       {}},
      {"entitlements",
       "complex",
       true,
       false,
       "readWrite",
       "default",
       "none",
       "Workspaces the User has.",
       {{"value",
         "string",
         false,
         false,
         "readWrite",
         "default",
         "none",
         "A WorkspaceId",
         {}},
        {"display",
         "string",
         false,
         false,
         "readWrite",
         "default",
         "none",
         "A Workspace name",
         {}},
        {"type",
         "string",
         false,
         false,
         "readOnly",
         "default",
         "none",
         "WORKSPACE, WORKSPACE_IDS or WORKSPACE_NAMES",
         {}},
        {"primary",
         "boolean",
         false,
         false,
         "readOnly",
         "default",
         "none",
         "Primary value",
         {}}}},
      {"emails",
       "complex",
       true,
       false,
       "readWrite",
       "default",
       "none",
       "A list of emails for the User.",
       {{"value",
         "string",
         false,
         false,
         "readWrite",
         "default",
         "none",
         "The email address",
         {}},
        {"type",
         "string",
         false,
         false,
         "readOnly",
         "default",
         "none",
         "The type of email",
         {}},
        {"primary",
         "boolean",
         false,
         false,
         "readOnly",
         "default",
         "none",
         "Primary value",
         {}}}},
  };
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  Schemas(w, kListUrn);
  FieldInt(w, "totalResults", 1);
  FieldInt(w, "startIndex", 1);
  FieldInt(w, "itemsPerPage", 10);
  w.Key("Resources");
  w.StartArray();
  w.StartObject();
  w.Key("meta");
  w.StartObject();
  FieldStr(w, "resourceType", "Schema");
  FieldStr(w, "location", absl::StrCat(Base(call), "/Schemas/", kUserUrn));
  w.EndObject();
  FieldStr(w, "id", kUserUrn);
  FieldStr(w, "name", "User");
  FieldStr(w, "description", "User Account");
  w.Key("attributes");
  w.StartArray();
  for (const Attribute& a : attributes) WriteAttribute(w, a);
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return out.str();
}

}  // namespace anaplan::emulator
