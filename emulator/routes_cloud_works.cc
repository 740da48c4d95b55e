// CloudWorks connections and integrations (anaplan-api.md §8.1-8.2), plus
// the test controls of the emulated cloud storage behind connections.
#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/sync.h"
#include "emulator/cloud_works_engine.h"
#include "emulator/cloud_works_json.h"
#include "emulator/cloud_works_routes_util.h"
#include "emulator/http_util.h"
#include "emulator/paging.h"
#include "emulator/routes.h"
#include "emulator/task_engine.h"

namespace anaplan::emulator {
namespace {

// Required body fields per connection type; the secrets are the fields a
// credential check would use.
struct TypeSpec {
  std::vector<std::string> required;
  std::vector<std::string> optional;
  std::string secret;
};

const TypeSpec* SpecOf(const std::string& type) {
  static const auto* specs = new std::map<std::string, TypeSpec>{
      {"AmazonS3",
       {{"name", "accessKeyId", "secretAccessKey", "bucketName"},
        {"roleArn"},
        "secretAccessKey"}},
      {"AzureBlob",
       {{"name", "storageAccountName", "containerName", "sasToken"},
        {},
        "sasToken"}},
      {"GoogleBigQuery", {{"name", "dataset"}, {}, ""}},
  };
  auto it = specs->find(type);
  return it == specs->end() ? nullptr : &it->second;
}

// Copies the type's fields of `body` into `out`; "" when fine, else why.
std::string ReadConnectionBody(const std::string& type,
                               const rapidjson::Value& body, bool partial,
                               std::map<std::string, std::string>& out) {
  const TypeSpec* spec = SpecOf(type);
  if (spec == nullptr) return absl::StrCat("Invalid connection type ", type);
  std::vector<std::string> fields = spec->required;
  fields.insert(fields.end(), spec->optional.begin(), spec->optional.end());
  for (const std::string& f : fields) {
    std::string value = JsonString(body, f.c_str());
    if (!value.empty()) {
      out[f] = value;
    } else if (!partial &&
               std::count(spec->required.begin(), spec->required.end(), f)) {
      return absl::StrCat("Invalid request body: ", f, " is required");
    }
  }
  if (type == "AzureBlob") {
    // The spec writes auth_method on requests, the SDK authMethod.
    std::string method =
        JsonString(body, "auth_method", JsonString(body, "authMethod"));
    if (!method.empty()) {
      out["authMethod"] = method;
    } else if (!partial) {
      out["authMethod"] = "SAS-based";
    }
  }
  if (type == "GoogleBigQuery") {
    if (JsonHas(body, "serviceAccountKey") &&
        body["serviceAccountKey"].IsObject()) {
      rapidjson::StringBuffer buffer;
      JsonWriter w(buffer);
      body["serviceAccountKey"].Accept(w);
      out["serviceAccountKey"] = buffer.GetString();
    } else if (!partial || JsonHas(body, "serviceAccountKey")) {
      return "Invalid request body: serviceAccountKey must be an object";
    }
  }
  if (!spec->secret.empty() && out.count(spec->secret) &&
      absl::StartsWith(out[spec->secret], "invalid")) {
    return "Credentials are invalid";
  }
  return "";
}

bool NameTaken(CloudWorksState& cw, const std::string& name,
               const std::string& except_id) {
  for (const auto& [id, c] : cw.connections) {
    if (id != except_id && c.body.count("name") && c.body.at("name") == name) {
      return true;
    }
  }
  return false;
}

// ------------------------------------------------------------ connections

void ListConnections(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  std::vector<ListRow> rows;
  for (const auto& [id, c] : state.cloud_works().connections) {
    JsonOut out;
    WriteConnection(out.w(), c);
    rows.push_back({out.str(), {}, {}});
  }
  SendPagedList(call, std::move(rows),
                {"connections", CwSchema("connection"), false, {}, false},
                state.settings().max_page_size, false);
}

void CreateConnection(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  CloudWorksState& cw = state.cloud_works();
  CwConnection c;
  c.type = JsonString(doc, "type");
  if (!JsonHas(doc, "body") || !doc["body"].IsObject()) {
    return SendCwError(call, 400, "Invalid request body: body is required");
  }
  std::string error = ReadConnectionBody(c.type, doc["body"], false, c.body);
  if (!error.empty()) return SendCwError(call, 400, error);
  if (NameTaken(cw, c.body["name"], "")) {
    return SendCwError(call, 400, "Duplicate resource name not allowed");
  }
  c.workspace_id = JsonString(doc["body"], "workspaceId");
  if (!c.workspace_id.empty() &&
      state.tenant().FindWorkspace(c.workspace_id) == nullptr) {
    return SendCwError(call, 400, "Invalid workspaceId");
  }
  c.id = cw.NewId();
  TouchVersioned(c.versioned, state, call.user_email, true);
  const std::string id = c.id;
  cw.connections.emplace(id, std::move(c));
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteStatusObject(w, 200, "Success");
  // The spec documents a top-level connectionId, the SDK reads
  // connections.connectionId: send both.
  FieldStr(w, "connectionId", id);
  w.Key("connections");
  w.StartObject();
  FieldStr(w, "connectionId", id);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void ReplaceConnection(Call& call, State& state, bool patch)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CloudWorksState& cw = state.cloud_works();
  CwConnection* c = cw.FindConnection(call.params[0]);
  if (c == nullptr) return SendCwError(call, 404, "Connection not found");
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  // Spec: {"type", "body": {...}} (PATCH: {"body"}); the SDK sends the bare
  // body. Both are accepted.
  const bool wrapped = JsonHas(doc, "body") && doc["body"].IsObject();
  const rapidjson::Value& body = wrapped ? doc["body"] : doc;
  const std::string type = JsonString(doc, "type", c->type);
  if (type != c->type) {
    return SendCwError(call, 400, "Connection type cannot change");
  }
  std::map<std::string, std::string> fields =
      patch ? c->body : std::map<std::string, std::string>{};
  std::string error = ReadConnectionBody(c->type, body, patch, fields);
  if (!error.empty()) return SendCwError(call, 400, error);
  if (NameTaken(cw, fields["name"], c->id)) {
    return SendCwError(call, 400, "Duplicate resource name not allowed");
  }
  c->body = std::move(fields);
  const std::string workspace = JsonString(body, "workspaceId");
  if (!workspace.empty()) c->workspace_id = workspace;
  TouchVersioned(c->versioned, state, call.user_email, false);
  SendCwSuccess(call);
}

void UpdateConnection(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  ReplaceConnection(call, state, false);
}

void PatchConnection(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  ReplaceConnection(call, state, true);
}

void DeleteConnection(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CloudWorksState& cw = state.cloud_works();
  if (cw.FindConnection(call.params[0]) == nullptr) {
    return SendCwError(call, 404, "Connection not found");
  }
  for (const auto& [id, integration] : cw.integrations) {
    for (const CwJob& job : integration.jobs) {
      for (const auto* list : {&job.sources, &job.targets}) {
        for (const CwEndpoint& e : *list) {
          if (e.connection_id == call.params[0]) {
            return SendCwError(
                call, 409,
                absl::StrCat("Connection is used by integration ", id));
          }
        }
      }
    }
  }
  cw.connections.erase(call.params[0]);
  SendCwSuccess(call);
}

// Emulated cloud storage (test control, no token needed).
void PutObject(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwConnection* c = state.cloud_works().FindConnection(call.params[0]);
  if (c == nullptr) return SendCwError(call, 404, "Connection not found");
  c->objects[call.params[1]] = call.req.body;
  SendCwSuccess(call);
}

void GetObject(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwConnection* c = state.cloud_works().FindConnection(call.params[0]);
  auto it = c ? c->objects.find(call.params[1]) : decltype(c->objects.end()){};
  if (c == nullptr || it == c->objects.end()) {
    return SendCwError(call, 404, "Object not found");
  }
  call.res.set_content(it->second, "text/csv");
}

}  // namespace

void AddCwRoute(Router& router, ServerContext& ctx, const std::string& method,
                const std::string& pattern, CwHandler handler) {
  router.Add(method, pattern,
             absl::StartsWith(pattern, "/__emulator") ? RouteAuth::kNone
                                                      : RouteAuth::kToken,
             [&ctx, handler](Call& call) {
               anaplan::MutexLock lock(&ctx.state.mu());
               handler(call, ctx.state);
             });
}

bool ParseCwBody(Call& call, rapidjson::Document& doc) {
  if (ParseJson(call.req.body, doc).ok() && doc.IsObject()) return true;
  SendCwError(call, 400, "Invalid request body");
  return false;
}

void TouchVersioned(CwVersioned& v, State& state, const std::string& email,
                    bool created) {
  const absl::Time now = absl::Now();
  v.modified_by = DisplayName(state, email);
  v.modified = now;
  if (created) {
    v.created_by = v.modified_by;
    v.created = now;
  }
}

void RegisterCloudWorksRoutes(Router& router, ServerContext& ctx) {
  const std::string base = kCwBase;
  AddCwRoute(router, ctx, "GET", base + "/connections/?", &ListConnections);
  AddCwRoute(router, ctx, "POST", base + "/connections/?", &CreateConnection);
  AddCwRoute(router, ctx, "PUT", base + "/connections/([^/]+)",
             &UpdateConnection);
  AddCwRoute(router, ctx, "PATCH", base + "/connections/([^/]+)",
             &PatchConnection);
  AddCwRoute(router, ctx, "DELETE", base + "/connections/([^/]+)",
             &DeleteConnection);
  const std::string objects =
      "/__emulator/cloudworks/connections/([^/]+)/objects/(.+)";
  AddCwRoute(router, ctx, "PUT", objects, &PutObject);
  AddCwRoute(router, ctx, "GET", objects, &GetObject);
  // Fixed segments (run, runs, runerror, notification) before /{id}.
  RegisterCloudWorksRunRoutes(router, ctx);
  RegisterCloudWorksIntegrationRoutes(router, ctx);
}

}  // namespace anaplan::emulator
