// SCIM 2.0 (anaplan-api.md §9) under /scim/1/0/v2: users with filters,
// 1-based paging (count <= 100), create, replace, PATCH; discovery
// documents without auth. DELETE /Users/{id} answers 501 like the live API.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/sync.h"
#include "emulator/http_util.h"
#include "emulator/json_util.h"
#include "emulator/routes.h"
#include "emulator/scim_discovery.h"
#include "emulator/scim_errors.h"
#include "emulator/scim_filter_eval.h"
#include "emulator/scim_patch.h"

namespace anaplan::emulator {
namespace {

constexpr char kBase[] = "/scim/1/0/v2";
constexpr char kUserUrn[] = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr char kListUrn[] =
    "urn:ietf:params:scim:api:messages:2.0:ListResponse";

void WriteUser(JsonWriter& w, const Call& call, Tenant& tenant,
               const ScimUserRecord& u) {
  w.StartObject();
  w.Key("schemas");
  w.StartArray();
  WriteStr(w, kUserUrn);
  w.EndArray();
  FieldStr(w, "id", u.id);
  if (!u.external_id.empty()) FieldStr(w, "externalId", u.external_id);
  FieldStr(w, "userName", u.user_name);
  w.Key("name");
  w.StartObject();
  FieldStr(w, "familyName", u.family_name);
  FieldStr(w, "givenName", u.given_name);
  FieldStr(w, "formatted", absl::StrCat(u.given_name, " ", u.family_name));
  w.EndObject();
  FieldStr(w, "displayName", absl::StrCat(u.given_name, " ", u.family_name));
  FieldBool(w, "active", u.active);
  w.Key("emails");
  w.StartArray();
  w.StartObject();
  FieldStr(w, "value", u.user_name);
  FieldStr(w, "type", "work");
  FieldBool(w, "primary", true);
  w.EndObject();
  w.EndArray();
  w.Key("entitlements");
  w.StartArray();
  std::vector<std::string> names;
  for (const std::string& id : u.workspace_ids) {
    const Workspace* ws = tenant.FindWorkspace(id);
    const std::string name = ws != nullptr ? ws->name : id;
    names.push_back(name);
    w.StartObject();
    FieldStr(w, "value", id);
    FieldStr(w, "display", name);
    FieldStr(w, "type", "WORKSPACE");
    w.EndObject();
  }
  if (!u.workspace_ids.empty()) {
    w.StartObject();
    FieldStr(w, "value", absl::StrJoin(u.workspace_ids, ","));
    FieldStr(w, "type", "WORKSPACE_IDS");
    w.EndObject();
    w.StartObject();
    FieldStr(w, "value", absl::StrJoin(names, ","));
    FieldStr(w, "type", "WORKSPACE_NAMES");
    w.EndObject();
  }
  w.EndArray();
  w.Key("meta");
  w.StartObject();
  FieldStr(w, "resourceType", "User");
  FieldStr(w, "location",
           absl::StrCat(BaseUrl(call.req, call.tls), kBase, "/Users/", u.id));
  FieldStr(w, "created", IsoTimestamp(u.created));
  FieldStr(w, "lastModified", IsoTimestamp(u.last_modified));
  w.EndObject();
  w.EndObject();
}

void SendUser(Call& call, State& state, int status, const ScimUserRecord& u)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  JsonOut out;
  WriteUser(out.w(), call, state.tenant(), u);
  SendScim(call, status, out.str());
}

// The User Admin role gate (tenant admins hold it here); 403 otherwise.
bool IsUserAdmin(State& state, Call& call)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const User* user = state.tenant().FindUserByEmail(call.user_email);
  if (user != nullptr && user->tenant_admin) return true;
  ScimError(call, 403, "User does not have the User Admin role");
  return false;
}

std::string CallerId(State& state, const Call& call)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const User* user = state.tenant().FindUserByEmail(call.user_email);
  return user != nullptr ? user->id : "";
}

// Reads name/externalId/active/entitlements of a create or replace body
// into `u`; false (400 sent) when invalid.
bool ReadUserBody(Call& call, State& state, const rapidjson::Value& body,
                  ScimUserRecord* u) ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const rapidjson::Value* name =
      JsonHas(body, "name") && body["name"].IsObject() ? &body["name"]
                                                       : nullptr;
  if (JsonString(body, "userName").empty() || name == nullptr ||
      JsonString(*name, "familyName").empty() ||
      JsonString(*name, "givenName").empty()) {
    ScimError(call, 400,
              "userName, name.familyName and name.givenName are required",
              "invalidValue");
    return false;
  }
  u->family_name = JsonString(*name, "familyName");
  u->given_name = JsonString(*name, "givenName");
  u->external_id = JsonString(body, "externalId");
  u->active = JsonBool(body, "active", true);
  u->workspace_ids.clear();
  if (JsonHas(body, "entitlements") &&
      !ReadEntitlements(call, state, body["entitlements"], &u->workspace_ids)) {
    return false;
  }
  return true;
}

bool ParseBody(Call& call, rapidjson::Document& body) {
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject()) {
    ScimError(call, 400, "Request body is not a JSON object", "invalidSyntax");
    return false;
  }
  return true;
}

void ListUsers(ServerContext& ctx, Call& call) {
  int64_t start = 1, count = 50;
  if ((call.req.has_param("startIndex") &&
       !absl::SimpleAtoi(call.req.get_param_value("startIndex"), &start)) ||
      (call.req.has_param("count") &&
       !absl::SimpleAtoi(call.req.get_param_value("count"), &count))) {
    return ScimError(call, 400, "startIndex and count must be integers",
                     "invalidValue");
  }
  if (count > 100 || count < 0) {
    return ScimError(call, 400, "count must be between 0 and 100",
                     "invalidValue");
  }
  start = std::max<int64_t>(start, 1);  // RFC 7644 §3.4.2.4
  ScimPredicate predicate = [](const ScimUserRecord&) { return true; };
  if (call.req.has_param("filter")) {
    auto parsed = ParseScimFilter(call.req.get_param_value("filter"));
    if (!parsed.ok()) {
      return ScimError(call, 400,
                       "The specified filter syntax was invalid, or the "
                       "specified attribute and filter comparison "
                       "combination is not supported",
                       "invalidValue");
    }
    predicate = *parsed;
  }
  anaplan::MutexLock lock(&ctx.state.mu());
  if (!IsUserAdmin(ctx.state, call)) return;
  std::vector<const ScimUserRecord*> matches;
  for (const ScimUserRecord& u : ctx.state.scim().users) {
    if (predicate(u)) matches.push_back(&u);
  }
  const int64_t total = static_cast<int64_t>(matches.size());
  const int64_t begin = std::min(total, start - 1);
  const int64_t end = std::min(total, begin + count);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("schemas");
  w.StartArray();
  WriteStr(w, kListUrn);
  w.EndArray();
  FieldInt(w, "totalResults", total);
  FieldInt(w, "startIndex", start);
  FieldInt(w, "itemsPerPage", end - begin);
  w.Key("Resources");
  w.StartArray();
  for (int64_t i = begin; i < end; ++i) {
    WriteUser(w, call, ctx.state.tenant(), *matches[static_cast<size_t>(i)]);
  }
  w.EndArray();
  w.EndObject();
  SendScim(call, 200, out.str());
}

void CreateUser(ServerContext& ctx, Call& call) {
  rapidjson::Document body;
  if (!ParseBody(call, body)) return;
  anaplan::MutexLock lock(&ctx.state.mu());
  State& state = ctx.state;
  if (!IsUserAdmin(state, call)) return;
  ScimStore& store = state.scim();
  ScimUserRecord u;
  if (!ReadUserBody(call, state, body, &u)) return;
  u.user_name = JsonString(body, "userName");
  for (const ScimUserRecord& other : store.users) {
    if (absl::EqualsIgnoreCase(other.user_name, u.user_name)) {
      return ScimError(call, 409, "User name already exists", "uniqueness");
    }
  }
  u.id = absl::StrFormat("5c1e0000000000000000%012x", store.next_id++);
  u.created = u.last_modified = absl::Now();
  store.users.push_back(u);
  RecordEvent(state.audit_log(), "ACL-1", CallerId(state, call), u.id, "USER",
              absl::StrCat("SCIM user ", u.user_name, " created"));
  SendUser(call, state, 201, store.users.back());
}

void GetUser(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  if (!IsUserAdmin(ctx.state, call)) return;
  ScimUserRecord* u = ctx.state.scim().Find(call.params[0]);
  if (u == nullptr) {
    return ScimError(call, 404,
                     absl::StrCat("User ", call.params[0], " not found"));
  }
  SendUser(call, ctx.state, 200, *u);
}

void ReplaceUser(ServerContext& ctx, Call& call) {
  rapidjson::Document body;
  if (!ParseBody(call, body)) return;
  anaplan::MutexLock lock(&ctx.state.mu());
  State& state = ctx.state;
  if (!IsUserAdmin(state, call)) return;
  ScimUserRecord* u = state.scim().Find(call.params[0]);
  if (u == nullptr) {
    return ScimError(call, 404,
                     absl::StrCat("User ", call.params[0], " not found"));
  }
  ScimUserRecord next = *u;
  if (!ReadUserBody(call, state, body, &next)) return;
  // userName is readOnly (live schema): a replace keeps it.
  next.last_modified = absl::Now();
  *u = next;
  RecordEvent(state.audit_log(), "ACL-2", CallerId(state, call), u->id, "USER",
              absl::StrCat("SCIM user ", u->user_name, " replaced"));
  SendUser(call, state, 200, *u);
}

void PatchUser(ServerContext& ctx, Call& call) {
  rapidjson::Document body;
  if (!ParseBody(call, body)) return;
  if (!JsonHas(body, "Operations") || !body["Operations"].IsArray() ||
      body["Operations"].Empty()) {
    return ScimError(call, 400, "Operations is required", "invalidSyntax");
  }
  anaplan::MutexLock lock(&ctx.state.mu());
  State& state = ctx.state;
  if (!IsUserAdmin(state, call)) return;
  ScimUserRecord* u = state.scim().Find(call.params[0]);
  if (u == nullptr) {
    return ScimError(call, 404,
                     absl::StrCat("User ", call.params[0], " not found"));
  }
  // All or nothing: operations apply to a copy.
  ScimUserRecord next = *u;
  for (const auto& op : body["Operations"].GetArray()) {
    if (!op.IsObject() || !ApplyScimPatchOp(call, state, op, &next)) {
      if (!op.IsObject()) {
        ScimError(call, 400, "operation must be an object", "invalidSyntax");
      }
      return;
    }
  }
  next.last_modified = absl::Now();
  *u = next;
  RecordEvent(state.audit_log(), "ACL-3", CallerId(state, call), u->id, "USER",
              absl::StrCat("SCIM user ", u->user_name, " updated"));
  SendUser(call, state, 200, *u);
}

}  // namespace

void RegisterScimRoutes(Router& router, ServerContext& ctx) {
  const std::string base = kBase;
  router.Add("GET", base + "/Users", RouteAuth::kToken,
             [&ctx](Call& c) { ListUsers(ctx, c); });
  router.Add("POST", base + "/Users", RouteAuth::kToken,
             [&ctx](Call& c) { CreateUser(ctx, c); });
  const std::string user = base + "/Users/([^/]+)";
  router.Add("GET", user, RouteAuth::kToken,
             [&ctx](Call& c) { GetUser(ctx, c); });
  router.Add("PUT", user, RouteAuth::kToken,
             [&ctx](Call& c) { ReplaceUser(ctx, c); });
  router.Add("PATCH", user, RouteAuth::kToken,
             [&ctx](Call& c) { PatchUser(ctx, c); });
  router.Add("DELETE", user, RouteAuth::kToken,
             [](Call& c) { ScimError(c, 501, "Not Implemented"); });
  // Discovery needs no credential (live spec, issue #180).
  router.Add("GET", base + "/ServiceProviderConfig", RouteAuth::kNone,
             [](Call& c) { SendScim(c, 200, ServiceProviderConfigJson(c)); });
  router.Add("GET", base + "/ResourceTypes", RouteAuth::kNone,
             [](Call& c) { SendScim(c, 200, ResourceTypesJson(c)); });
  router.Add("GET", base + "/Schemas", RouteAuth::kNone,
             [](Call& c) { SendScim(c, 200, SchemasJson(c)); });
}

}  // namespace anaplan::emulator
