// Tenant-level Integration API: workspaces, models, users and bulk model
// deletion (anaplan-api.md §4.1, §4.2, §7.2). Top-level listings validate
// `sort` strictly and honour `s` for tenant admins (§3.4, §3.5).

#include <algorithm>

#include "absl/strings/str_cat.h"

#include "anaplan_core/common/sync.h"
#include "emulator/http_util.h"
#include "emulator/json_util.h"
#include "emulator/paging.h"
#include "emulator/routes.h"

namespace anaplan::emulator {
namespace {

constexpr char kObjectSchema[] = "https://api.anaplan.com/2/0/objects/";

const User* CallerOf(ServerContext& ctx, const Call& call)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx.state.mu()) {
  return ctx.state.tenant().FindUserByEmail(call.user_email);
}

std::string WorkspaceJson(const Workspace& ws, bool tenant_details) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "id", ws.id);
  FieldStr(w, "name", ws.name);
  FieldBool(w, "active", ws.active);
  FieldInt(w, "sizeAllowance", ws.size_allowance);
  if (tenant_details) FieldInt(w, "currentSize", ws.current_size);
  w.EndObject();
  return out.str();
}

bool TransactionRunning(const Model& model) {
  return std::any_of(model.tasks.begin(), model.tasks.end(), [](const Task& t) {
    return t.state == TaskState::kNotStarted ||
           t.state == TaskState::kInProgress;
  });
}

std::string ModelJson(const Call& call, Tenant& tenant, const Model& model,
                      bool details, bool single) {
  const Workspace* ws = tenant.FindWorkspace(model.workspace_id);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "id", model.id);
  FieldStr(w, "name", model.name);
  FieldStr(w, "activeState", model.active_state);
  FieldStr(w, "currentWorkspaceId", model.workspace_id);
  FieldStr(w, "currentWorkspaceName", ws != nullptr ? ws->name : "");
  FieldStr(w, "modelUrl",
           absl::StrCat(BaseUrl(call.req, call.tls),
                        "/core40/anaplan/framework.jsp?selectedWorkspaceId=",
                        model.workspace_id,
                        "&takeAction=modelDetail&selectedModelId=", model.id));
  w.Key("categoryValues");
  w.StartArray();
  w.EndArray();
  if (details) {
    FieldInt(w, "lastSavedSerialNumber", model.last_saved_serial_number);
    FieldStr(w, "lastModifiedByUserGuid", model.last_modified_by_user_guid);
    FieldInt(w, "memoryUsage", model.memory_usage);
    FieldStr(w, "isoCreationDate", model.iso_creation_date);
    FieldStr(w, "lastModified", model.last_modified);
    if (single)
      FieldBool(w, "modelTransactionRunning", TransactionRunning(model));
  }
  w.EndObject();
  return out.str();
}

std::string UserJson(const User& user, const std::string& customer_guid) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "id", user.id);
  FieldStr(w, "email", user.email);
  FieldStr(w, "firstName", user.first_name);
  FieldStr(w, "lastName", user.last_name);
  FieldBool(w, "active", user.active);
  FieldStr(w, "lastLoginDate", user.last_login_date);
  FieldBool(w, "emailOptIn", false);
  FieldStr(w, "customerId", customer_guid);
  w.EndObject();
  return out.str();
}

void SendSingle(Call& call, const char* key, const char* schema,
                const std::string& json) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, absl::StrCat(kObjectSchema, schema));
  w.Key(key);
  w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void ListWorkspaces(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  std::vector<ListRow> rows;
  for (const Workspace& ws : ctx.state.tenant().workspaces) {
    rows.push_back({WorkspaceJson(ws, QueryFlag(call.req, "tenantDetails")),
                    {{"name", SortText(ws.name)},
                     {"sizeAllowance",
                      SortNumber(static_cast<double>(ws.size_allowance))}},
                    {ws.name}});
  }
  const User* caller = CallerOf(ctx, call);
  SendPagedList(call, std::move(rows),
                {"workspaces",
                 absl::StrCat(kObjectSchema, "workspace"),
                 true,
                 {"name", "sizeAllowance"},
                 true},
                ctx.state.settings().max_page_size,
                caller != nullptr && caller->tenant_admin);
}

void GetWorkspace(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  const Workspace* ws = ctx.state.tenant().FindWorkspace(call.params[0]);
  const User* caller = CallerOf(ctx, call);
  // Non-admins get 404 even for listed workspaces (anaplan-openapi notes).
  if (ws == nullptr || caller == nullptr || !caller->workspace_admin) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  SendSingle(call, "workspace", "workspace",
             WorkspaceJson(*ws, QueryFlag(call.req, "tenantDetails")));
}

void ListModels(ServerContext& ctx, Call& call, bool in_workspace) {
  anaplan::MutexLock lock(&ctx.state.mu());
  Tenant& tenant = ctx.state.tenant();
  if (in_workspace && tenant.FindWorkspace(call.params[0]) == nullptr) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  std::vector<ListRow> rows;
  for (const Model& model : tenant.models) {
    if (in_workspace && model.workspace_id != call.params[0]) continue;
    rows.push_back({ModelJson(call, tenant, model,
                              QueryFlag(call.req, "modelDetails"), false),
                    {{"name", SortText(model.name)},
                     {"activeState", SortText(model.active_state)}},
                    {model.name}});
  }
  const User* caller = CallerOf(ctx, call);
  SendPagedList(call, std::move(rows),
                {"models",
                 absl::StrCat(kObjectSchema, "model"),
                 true,
                 {"name", "activeState"},
                 true},
                ctx.state.settings().max_page_size,
                caller != nullptr && caller->tenant_admin);
}

void GetModel(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  Tenant& tenant = ctx.state.tenant();
  const Model* model = tenant.FindModel(call.params[0]);
  if (model == nullptr) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  SendSingle(call, "model", "model",
             ModelJson(call, tenant, *model,
                       QueryFlag(call.req, "modelDetails"), true));
}

void ListUsers(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  const Tenant& tenant = ctx.state.tenant();
  std::vector<ListRow> rows;
  for (const User& user : tenant.users) {
    rows.push_back(
        {UserJson(user, tenant.customer_guid),
         {{"firstName", SortText(user.first_name)},
          {"lastName", SortText(user.last_name)},
          {"email", SortText(user.email)},
          {"active", SortNumber(user.active ? 1 : 0)},
          {"lastLoginDate", SortText(user.last_login_date)}},
         {absl::StrCat(user.first_name, " ", user.last_name), user.email}});
  }
  const User* caller = CallerOf(ctx, call);
  SendPagedList(call, std::move(rows),
                {"users",
                 absl::StrCat(kObjectSchema, "user"),
                 true,
                 {"firstName", "lastName", "email", "active", "lastLoginDate"},
                 true},
                ctx.state.settings().max_page_size,
                caller != nullptr && caller->tenant_admin);
}

void GetUser(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  const Tenant& tenant = ctx.state.tenant();
  const User* user = call.params[0] == "me"
                         ? tenant.FindUserByEmail(call.user_email)
                         : tenant.FindUserById(call.params[0]);
  if (user == nullptr) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  SendSingle(call, "user", "user", UserJson(*user, tenant.customer_guid));
}

// Validates the body and deletes the closed models of the workspace.
// GET /workspaces/{id}/admins and /visitors. Emulated roles are tenant-wide:
// workspace admins administer every workspace, the other users visit them.
void ListWorkspacePeople(ServerContext& ctx, Call& call, bool admins) {
  anaplan::MutexLock lock(&ctx.state.mu());
  Tenant& tenant = ctx.state.tenant();
  const Workspace* ws = tenant.FindWorkspace(call.params[0]);
  if (ws == nullptr) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  std::vector<ListRow> rows;
  for (const User& user : tenant.users) {
    if (user.workspace_admin != admins) continue;
    JsonOut out;
    JsonWriter& w = out.w();
    w.StartObject();
    FieldStr(w, "firstName", user.first_name);
    FieldStr(w, "lastName", user.last_name);
    FieldStr(w, "email", user.email);
    FieldBool(w, "active", user.active);
    w.Key("otherWorkspaces");
    w.StartArray();
    for (const Workspace& other : tenant.workspaces) {
      if (other.id != ws->id) w.String(other.name.c_str());
    }
    w.EndArray();
    w.EndObject();
    rows.push_back({out.str(), {}, {}});
  }
  const char* key = admins ? "admins" : "visitors";
  SendPagedList(call, std::move(rows),
                {key,
                 absl::StrCat(kObjectSchema, admins ? "admin" : "visitor"),
                 false,
                 {},
                 false},
                ctx.state.settings().max_page_size, false);
}

void BulkDeleteModels(ServerContext& ctx, Call& call) {
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject()) {
    return SendIntegrationError(call.req, call.res, 400, "Malformed JSON body");
  }
  if (body.HasMember("modelIds")) {
    return SendIntegrationError(
        call.req, call.res, 400,
        "Identified an unrecognized 'modelIds' field in the request body.");
  }
  if (!body.HasMember("modelIdsToDelete") ||
      !body["modelIdsToDelete"].IsArray() || body["modelIdsToDelete"].Empty()) {
    return SendIntegrationError(call.req, call.res, 400,
                                "Expected mandatory field 'modelIdsToDelete' "
                                "to be present and not empty.");
  }
  anaplan::MutexLock lock(&ctx.state.mu());
  Tenant& tenant = ctx.state.tenant();
  if (tenant.FindWorkspace(call.params[0]) == nullptr) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  int deleted = 0;
  std::vector<std::pair<std::string, std::string>> failures;
  for (const rapidjson::Value& v : body["modelIdsToDelete"].GetArray()) {
    std::string id = v.IsString() ? v.GetString() : "";
    auto it = std::find_if(
        tenant.models.begin(), tenant.models.end(), [&](const Model& m) {
          return m.id == id && m.workspace_id == call.params[0];
        });
    if (it == tenant.models.end()) {
      failures.emplace_back(id, "Model ID does not exist.");
    } else if (it->open) {
      failures.emplace_back(
          id, "Model is open. Please close the model before trying again.");
    } else {
      tenant.models.erase(it);
      ++deleted;
    }
  }
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, absl::StrCat(kObjectSchema, "bulkDeleteModels"));
  FieldInt(w, "modelsDeleted", deleted);
  if (!failures.empty()) {
    w.Key("bulkDeleteModelsFailures");
    w.StartArray();
    for (const auto& [id, message] : failures) {
      w.StartObject();
      FieldStr(w, "modelId", id);
      FieldStr(w, "message", message);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

}  // namespace

void RegisterTenantRoutes(Router& router, ServerContext& ctx) {
  const RouteAuth kAuth = RouteAuth::kToken;
  router.Add("GET", "/2/0/workspaces/?", kAuth,
             [&ctx](Call& c) { ListWorkspaces(ctx, c); });
  router.Add("GET", "/2/0/workspaces/([^/]+)", kAuth,
             [&ctx](Call& c) { GetWorkspace(ctx, c); });
  router.Add("GET", "/2/0/workspaces/([^/]+)/admins/?", kAuth,
             [&ctx](Call& c) { ListWorkspacePeople(ctx, c, true); });
  router.Add("GET", "/2/0/workspaces/([^/]+)/visitors/?", kAuth,
             [&ctx](Call& c) { ListWorkspacePeople(ctx, c, false); });
  router.Add("GET", "/2/0/workspaces/([^/]+)/models/?", kAuth,
             [&ctx](Call& c) { ListModels(ctx, c, true); });
  // The workspace-scoped model path exists but has no GET (Anaplan: 405).
  router.Add("POST", "/2/0/workspaces/([^/]+)/models/([^/]+)", kAuth,
             [](Call& c) {
               SendIntegrationError(c.req, c.res, 405, "Method Not Allowed");
             });
  router.Add("POST", "/2/0/workspaces/([^/]+)/bulkDeleteModels", kAuth,
             [&ctx](Call& c) { BulkDeleteModels(ctx, c); });
  router.Add("GET", "/2/0/models/?", kAuth,
             [&ctx](Call& c) { ListModels(ctx, c, false); });
  router.Add("GET", "/2/0/models/([^/]+)", kAuth,
             [&ctx](Call& c) { GetModel(ctx, c); });
  router.Add("GET", "/2/0/users/?", kAuth,
             [&ctx](Call& c) { ListUsers(ctx, c); });
  router.Add("GET", "/2/0/users/([^/]+)", kAuth,
             [&ctx](Call& c) { GetUser(ctx, c); });
}

}  // namespace anaplan::emulator
