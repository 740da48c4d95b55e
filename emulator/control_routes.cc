// Test controls under /__emulator/ (anaplan-api.md §11.10). They need no
// token and are never subject to fault injection.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include <openssl/evp.h>

#include "anaplan_core/common/sync.h"
#include "emulator/http_util.h"
#include "emulator/import_engine.h"
#include "emulator/json_util.h"
#include "emulator/routes.h"

namespace anaplan::emulator {
namespace {

constexpr RouteAuth kOpen = RouteAuth::kNone;

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += absl::StrFormat("%02x", digest[i]);
  }
  return hex;
}

void SendOk(Call& call) { SendJson(call.res, 200, "{\"ok\":true}"); }

void SendBadRequest(Call& call, std::string_view message) {
  SendIntegrationError(call.req, call.res, 400, message);
}

void Reset(ServerContext& ctx, Call& call) {
  if (absl::Status s = ctx.state.Reset(); !s.ok()) {
    return SendIntegrationError(call.req, call.res, 500,
                                std::string(s.message()));
  }
  ctx.faults.Clear();
  ctx.request_log.Clear();
  SendOk(call);
}

// Expires every token, or only {"token": "<value>"} when given.
void ExpireTokens(ServerContext& ctx, Call& call) {
  rapidjson::Document body;
  std::string only;
  if (!call.req.body.empty() && ParseJson(call.req.body, body).ok()) {
    only = JsonString(body, "token");
  }
  anaplan::MutexLock lock(&ctx.state.mu());
  if (only.empty()) {
    ctx.state.ExpireAllTokens();
    return SendOk(call);
  }
  TokenStatus status;
  Token* token = ctx.state.FindToken(only, &status);
  if (token == nullptr) {
    return SendIntegrationError(call.req, call.res, 404, "Unknown token");
  }
  token->expires_at = absl::Now();
  SendOk(call);
}

void FileInfo(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  Model* model = ctx.state.tenant().FindModel(call.params[1]);
  FileEntry* file = nullptr;
  if (model != nullptr && model->workspace_id == call.params[0]) {
    int64_t id = ParseObjectId(call.params[2]);
    auto alias = model->file_aliases.find(call.params[2]);
    if (alias != model->file_aliases.end()) id = alias->second;
    file = model->FindFile(id);
  }
  if (file == nullptr) {
    return SendIntegrationError(call.req, call.res, 404, "Unknown file");
  }
  // The count-only sink knows sizes and the digest but not the bytes.
  const std::string content = file->sink ? "" : FileContent(*file);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(file->id));
  FieldStr(w, "name", file->name);
  FieldInt(
      w, "size",
      file->sink ? file->sink->size() : static_cast<int64_t>(content.size()));
  FieldStr(w, "sha256",
           file->sink ? file->sink->Sha256Hex() : Sha256Hex(content));
  FieldInt(w, "chunkCount", file->chunk_count);
  FieldInt(w, "complete_calls", file->complete_calls);
  FieldInt(w, "chunk_put_attempts", file->chunk_put_attempts);
  w.Key("chunks_present");
  w.StartArray();
  for (const auto& [index, bytes] : file->chunks) w.Int(index);
  if (file->sink) {
    for (int index : file->sink->Indexes()) w.Int(index);
  }
  w.EndArray();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void AllTasks(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  std::map<int64_t, int> counts;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("tasks");
  w.StartArray();
  for (const Model& model : ctx.state.tenant().models) {
    for (const Task& task : model.tasks) {
      ++counts[task.object_id];
      w.StartObject();
      FieldStr(w, "taskId", task.task_id);
      FieldStr(w, "workspaceId", model.workspace_id);
      FieldStr(w, "modelId", model.id);
      FieldStr(w, "segment", task.segment);
      FieldStr(w, "objectId", absl::StrCat(task.object_id));
      FieldStr(w, "taskState", TaskStateName(task.state));
      FieldInt(w, "creationTime", UnixMillis(task.creation_time));
      FieldInt(w, "polls", task.polls);
      FieldStr(w, "startedBy", task.started_by);
      w.EndObject();
    }
  }
  w.EndArray();
  w.Key("counts");
  w.StartObject();
  for (const auto& [id, n] : counts) FieldInt(w, absl::StrCat(id).c_str(), n);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void DumpList(const ListData& list, JsonWriter& w) {
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(list.id));
  FieldStr(w, "name", list.name);
  w.Key("properties");
  w.StartArray();
  for (const ListProperty& p : list.properties) WriteStr(w, p.name);
  w.EndArray();
  w.Key("items");
  w.StartArray();
  for (const ListItem& item : list.items) {
    w.StartObject();
    FieldStr(w, "id", absl::StrCat(item.id));
    FieldStr(w, "name", item.name);
    FieldStr(w, "code", item.code);
    FieldStr(w, "parent", item.parent);
    w.Key("properties");
    w.StartObject();
    for (const auto& [key, value] : item.properties)
      FieldStr(w, key.c_str(), value);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void DumpModule(const ModuleData& module, JsonWriter& w) {
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(module.id));
  FieldStr(w, "name", module.name);
  w.Key("dimensions");
  w.StartArray();
  for (const std::string& d : module.dimensions) WriteStr(w, d);
  w.EndArray();
  w.Key("lineItems");
  w.StartArray();
  for (const LineItem& li : module.line_items) WriteStr(w, li.name);
  w.EndArray();
  w.Key("cells");
  w.StartArray();
  for (const auto& [coordinates, values] : module.cells) {
    w.StartObject();
    w.Key("coordinates");
    w.StartArray();
    for (const std::string& c : coordinates) WriteStr(w, c);
    w.EndArray();
    w.Key("values");
    w.StartObject();
    for (const auto& [name, value] : values)
      FieldDouble(w, name.c_str(), value);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void ModelData(ServerContext& ctx, Call& call, bool list) {
  anaplan::MutexLock lock(&ctx.state.mu());
  Model* model = ctx.state.tenant().FindModel(call.params[0]);
  JsonOut out;
  if (model != nullptr && list) {
    if (const ListData* l = model->FindList(call.params[1])) {
      DumpList(*l, out.w());
      return SendJson(call.res, 200, out.str());
    }
  } else if (model != nullptr) {
    if (const ModuleData* m = model->FindModule(call.params[1])) {
      DumpModule(*m, out.w());
      return SendJson(call.res, 200, out.str());
    }
  }
  SendIntegrationError(call.req, call.res, 404,
                       "Unknown model, list or module");
}

void GetSettings(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  const Settings& s = ctx.state.settings();
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldInt(w, "task_polls_in_progress", s.task_polls_in_progress);
  FieldInt(w, "max_page_size", s.max_page_size);
  FieldInt(w, "token_ttl_seconds", s.token_ttl_seconds);
  FieldInt(w, "export_chunk_size", s.export_chunk_size);
  FieldBool(w, "model_busy_conflict", s.model_busy_conflict);
  FieldStr(w, "sink_mode", s.sink_count ? "count" : "store");
  FieldInt(w, "cloudworks_run_polls_in_progress",
           s.cloudworks_run_polls_in_progress);
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void PutSettings(ServerContext& ctx, Call& call) {
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject()) {
    return SendBadRequest(call, "Expected a JSON object");
  }
  {
    anaplan::MutexLock lock(&ctx.state.mu());
    Settings& s = ctx.state.settings();
    s.task_polls_in_progress = static_cast<int>(
        JsonInt(body, "task_polls_in_progress", s.task_polls_in_progress));
    s.max_page_size =
        static_cast<int>(JsonInt(body, "max_page_size", s.max_page_size));
    s.token_ttl_seconds = static_cast<int>(
        JsonInt(body, "token_ttl_seconds", s.token_ttl_seconds));
    s.export_chunk_size =
        JsonInt(body, "export_chunk_size", s.export_chunk_size);
    s.model_busy_conflict =
        JsonBool(body, "model_busy_conflict", s.model_busy_conflict);
    s.sink_count = JsonString(body, "sink_mode",
                              s.sink_count ? "count" : "store") == "count";
    s.cloudworks_run_polls_in_progress =
        static_cast<int>(JsonInt(body, "cloudworks_run_polls_in_progress",
                                 s.cloudworks_run_polls_in_progress));
  }
  GetSettings(ctx, call);
}

}  // namespace

void RegisterControlRoutes(Router& router, ServerContext& ctx) {
  const std::string base = "/__emulator";
  router.Add("GET", base + "/health", kOpen, SendOk);
  router.Add("POST", base + "/reset", kOpen,
             [&ctx](Call& c) { Reset(ctx, c); });
  router.Add("POST", base + "/tokens/expire", kOpen,
             [&ctx](Call& c) { ExpireTokens(ctx, c); });
  router.Add("GET", base + "/faults", kOpen,
             [&ctx](Call& c) { SendJson(c.res, 200, ctx.faults.ListJson()); });
  router.Add("POST", base + "/faults", kOpen, [&ctx](Call& c) {
    absl::Status added = ctx.faults.AddFromJson(c.req.body);
    if (!added.ok()) return SendBadRequest(c, std::string(added.message()));
    SendJson(c.res, 200, ctx.faults.ListJson());
  });
  router.Add("DELETE", base + "/faults", kOpen, [&ctx](Call& c) {
    ctx.faults.Clear();
    SendOk(c);
  });
  router.Add("GET", base + "/requests", kOpen, [&ctx](Call& c) {
    SendJson(c.res, 200,
             RequestLog::ToJson(
                 ctx.request_log.Entries(c.req.get_param_value("path"))));
  });
  router.Add("DELETE", base + "/requests", kOpen, [&ctx](Call& c) {
    ctx.request_log.Clear();
    SendOk(c);
  });
  router.Add("GET", base + "/files/([^/]+)/([^/]+)/([^/]+)", kOpen,
             [&ctx](Call& c) { FileInfo(ctx, c); });
  router.Add("GET", base + "/tasks", kOpen,
             [&ctx](Call& c) { AllTasks(ctx, c); });
  router.Add("GET", base + "/model/([^/]+)/lists/([^/]+)", kOpen,
             [&ctx](Call& c) { ModelData(ctx, c, true); });
  router.Add("GET", base + "/model/([^/]+)/modules/([^/]+)", kOpen,
             [&ctx](Call& c) { ModelData(ctx, c, false); });
  router.Add("GET", base + "/settings", kOpen,
             [&ctx](Call& c) { GetSettings(ctx, c); });
  router.Add("PUT", base + "/settings", kOpen,
             [&ctx](Call& c) { PutSettings(ctx, c); });
}

}  // namespace anaplan::emulator
