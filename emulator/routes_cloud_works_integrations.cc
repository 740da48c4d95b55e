// CloudWorks integrations and schedules (anaplan-api.md §8.2, §8.3).
#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/cloud_works_engine.h"
#include "emulator/cloud_works_json.h"
#include "emulator/cloud_works_routes_util.h"
#include "emulator/http_util.h"
#include "emulator/paging.h"
#include "emulator/task_engine.h"

namespace anaplan::emulator {
namespace {

int64_t ToId(const std::string& text) {
  int64_t id = 0;
  return absl::SimpleAtoi(text, &id) ? id : -1;
}

CwEndpoint ReadEndpoint(const rapidjson::Value& v) {
  CwEndpoint e;
  e.type = JsonString(v, "type");
  e.connection_id = JsonString(v, "connectionId");
  e.file = JsonString(v, "file");
  e.table = JsonString(v, "table");
  e.action_id = JsonString(v, "actionId");
  e.file_id = JsonString(v, "fileId");
  if (JsonHas(v, "overwrite") && v["overwrite"].IsBool()) {
    e.overwrite = v["overwrite"].GetBool();
  }
  return e;
}

// "" when the endpoint fits the job and the model; else why.
std::string CheckEndpoint(CloudWorksState& cw, Model& model,
                          const CwEndpoint& e, const std::string& want,
                          bool target) {
  if (e.type != want) {
    return absl::StrCat("Invalid endpoint type ", e.type, ", expected ", want);
  }
  if (want == "Anaplan") {
    const int64_t id = ToId(e.action_id);
    const std::string segment = SegmentForObjectId(id);
    const bool ok = target ? segment == "imports"
                           : (segment == "exports" || segment == "processes");
    if (!ok || !ObjectExists(model, segment, id)) {
      return absl::StrCat("Invalid actionId ", e.action_id);
    }
    if (target && model.FindFile(ToId(e.file_id)) == nullptr) {
      return absl::StrCat("Invalid fileId ", e.file_id);
    }
    return "";
  }
  const CwConnection* c = cw.FindConnection(e.connection_id);
  if (c == nullptr || c->type != want) {
    return absl::StrCat("Invalid connectionId ", e.connection_id);
  }
  if ((want == "GoogleBigQuery" ? e.table : e.file).empty()) {
    return want == "GoogleBigQuery" ? "table is required" : "file is required";
  }
  return "";
}

// Reads and checks an IntegrationInput into `out`; "" or why not.
std::string ReadIntegration(State& state, const rapidjson::Value& doc,
                            CwIntegration& out)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  out.name = JsonString(doc, "name");
  out.workspace_id = JsonString(doc, "workspaceId");
  out.model_id = JsonString(doc, "modelId");
  out.process_id = JsonString(doc, "processId");
  out.nux_visible = JsonBool(doc, "nuxVisible", false);
  if (out.name.empty()) return "name is required";
  if (JsonString(doc, "version") != "2.0") return "version must be 2.0";
  Model* model = state.tenant().FindModel(out.model_id);
  if (model == nullptr || model->workspace_id != out.workspace_id) {
    return "Invalid workspaceId or modelId";
  }
  if (!out.process_id.empty() &&
      model->processes.count(ToId(out.process_id)) == 0) {
    return absl::StrCat("Invalid processId ", out.process_id);
  }
  out.jobs.clear();
  if (JsonHas(doc, "jobs") && doc["jobs"].IsArray()) {
    for (const auto& j : doc["jobs"].GetArray()) {
      CwJob job;
      job.type = JsonString(j, "type");
      std::string source_type, target_type;
      for (const char* cloud : {"AmazonS3", "AzureBlob", "GoogleBigQuery"}) {
        if (job.type == absl::StrCat(cloud, "ToAnaplan")) {
          source_type = cloud;
          target_type = "Anaplan";
        } else if (job.type == absl::StrCat("AnaplanTo", cloud)) {
          source_type = "Anaplan";
          target_type = cloud;
        }
      }
      if (source_type.empty()) return "Invalid job type " + job.type;
      for (const char* key : {"sources", "targets"}) {
        if (!JsonHas(j, key) || !j[key].IsArray() || j[key].Empty()) {
          return absl::StrCat(key, " are required");
        }
        const bool target = std::string(key) == "targets";
        for (const auto& e : j[key].GetArray()) {
          CwEndpoint endpoint = ReadEndpoint(e);
          std::string why =
              CheckEndpoint(state.cloud_works(), *model, endpoint,
                            target ? target_type : source_type, target);
          if (!why.empty()) return why;
          (target ? job.targets : job.sources).push_back(std::move(endpoint));
        }
      }
      out.jobs.push_back(std::move(job));
    }
  }
  if (out.process_id.empty() && out.jobs.empty()) {
    return "jobs are required without processId";
  }
  out.type = !out.process_id.empty()                         ? "Process"
             : absl::EndsWith(out.jobs[0].type, "ToAnaplan") ? "Import"
                                                             : "Export";
  return "";
}

CwIntegration* IntegrationOf(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = state.cloud_works().FindIntegration(call.params[0]);
  if (i == nullptr) SendCwError(call, 404, "Integration not found");
  return i;
}

void ListIntegrations(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const bool mine = call.req.get_param_value("myIntegrations") == "1";
  const std::string me = DisplayName(state, call.user_email);
  std::vector<const CwIntegration*> items;
  for (const auto& [id, i] : state.cloud_works().integrations) {
    if (!mine || i.versioned.created_by == me) items.push_back(&i);
  }
  // CloudWorks sorts with sortBy=name|-name (no '+').
  const std::string sort_by = call.req.get_param_value("sortBy");
  if (!sort_by.empty()) {
    if (sort_by != "name" && sort_by != "-name") {
      return SendCwError(call, 400, "Invalid sortBy " + sort_by);
    }
    const bool desc = sort_by[0] == '-';
    std::stable_sort(items.begin(), items.end(),
                     [desc](const CwIntegration* a, const CwIntegration* b) {
                       return desc ? b->name < a->name : a->name < b->name;
                     });
  }
  std::vector<ListRow> rows;
  for (const CwIntegration* i : items) {
    JsonOut out;
    WriteIntegration(out.w(), state, *i, false);
    rows.push_back({out.str(), {}, {}});
  }
  SendPagedList(call, std::move(rows),
                {"integrations", CwSchema("integration"), false, {}, false},
                state.settings().max_page_size, false);
}

void GetIntegration(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = IntegrationOf(call, state);
  if (i == nullptr) return;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, CwSchema("integration"));
  w.Key("integration");
  WriteIntegration(w, state, *i, true);
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void CreateIntegration(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  CloudWorksState& cw = state.cloud_works();
  CwIntegration i;
  std::string why = ReadIntegration(state, doc, i);
  if (!why.empty()) return SendCwError(call, 400, why);
  i.id = cw.NewId();
  TouchVersioned(i.versioned, state, call.user_email, true);
  // Creating an integration also creates its notification configuration.
  CwNotification n;
  n.id = cw.NewId();
  n.integration_ids = {i.id};
  i.notification_id = n.id;
  cw.notifications.emplace(n.id, std::move(n));
  const std::string id = i.id;
  cw.integrations.emplace(id, std::move(i));
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteStatusObject(w, 200, "Success");
  w.Key("integration");
  w.StartObject();
  FieldStr(w, "integrationId", id);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void UpdateIntegration(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = IntegrationOf(call, state);
  if (i == nullptr) return;
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  CwIntegration updated = *i;
  std::string why = ReadIntegration(state, doc, updated);
  if (!why.empty()) return SendCwError(call, 400, why);
  TouchVersioned(updated.versioned, state, call.user_email, false);
  *i = std::move(updated);
  SendCwSuccess(call);
}

void DeleteIntegration(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = IntegrationOf(call, state);
  if (i == nullptr) return;
  if (RunningRun(state, *i) != nullptr) {
    return SendCwError(call, 409, "Integration is already running");
  }
  CloudWorksState& cw = state.cloud_works();
  cw.notifications.erase(i->notification_id);
  cw.integrations.erase(call.params[0]);
  SendCwSuccess(call);
}

void CancelIntegration(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = IntegrationOf(call, state);
  if (i == nullptr) return;
  if (CancelRun(state, *i)) return SendCwSuccess(call);
  // The live answer for an idle integration (or a finished run).
  SendCwError(
      call, 409,
      absl::StrCat("Integration ", call.params[0], " is not in running state"));
}

// -------------------------------------------------------------- schedules

// "" when the body holds a valid schedule; the object's text in `json`.
std::string ReadSchedule(const rapidjson::Document& doc, std::string& json) {
  if (!JsonHas(doc, "schedule") || !doc["schedule"].IsObject()) {
    return "schedule is required";
  }
  const rapidjson::Value& s = doc["schedule"];
  static const std::set<std::string> kTypes = {"hourly", "daily", "weekly",
                                               "monthly_specific_day",
                                               "monthly_relative_weekday"};
  if (!kTypes.count(JsonString(s, "type"))) {
    return "Invalid value for type";
  }
  for (const char* key : {"name", "timezone", "startDate", "endDate"}) {
    if (JsonString(s, key).empty()) {
      return absl::StrCat("Invalid value for ", key);
    }
  }
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  s.Accept(w);
  json = buffer.GetString();
  return "";
}

void PutSchedule(Call& call, State& state, bool create)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = IntegrationOf(call, state);
  if (i == nullptr) return;
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  if (!create && JsonString(doc, "integrationId") != i->id) {
    // Live: updates need the id in the body as well as in the path.
    return SendCwError(call, 400, "Invalid value for integration_id");
  }
  if (!create && !i->schedule) {
    return SendCwError(call, 404, "Schedule not found");
  }
  if (create && i->schedule) {
    return SendCwError(call, 400, "Schedule already exists");
  }
  std::string json;
  std::string why = ReadSchedule(doc, json);
  if (!why.empty()) return SendCwError(call, 400, why);
  i->schedule = CwSchedule{json, i->schedule ? i->schedule->active : true};
  SendCwSuccess(call);
}

void CreateSchedule(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  PutSchedule(call, state, true);
}

void UpdateSchedule(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  PutSchedule(call, state, false);
}

void SetScheduleStatus(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = IntegrationOf(call, state);
  if (i == nullptr) return;
  const std::string& status = call.params[1];
  // The spec lists no 400 here: an unknown status word is an unknown path.
  if (!i->schedule || (status != "enabled" && status != "disabled")) {
    return SendCwError(call, 404, "Resource not found");
  }
  i->schedule->active = status == "enabled";
  SendCwSuccess(call);
}

void DeleteSchedule(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = IntegrationOf(call, state);
  if (i == nullptr) return;
  if (!i->schedule) return SendCwError(call, 404, "Schedule not found");
  i->schedule.reset();
  SendCwSuccess(call);
}

}  // namespace

void RegisterCloudWorksIntegrationRoutes(Router& router, ServerContext& ctx) {
  const std::string base = kCwBase;
  // /notification/{id} before /{id}.
  RegisterCloudWorksNotificationRoutes(router, ctx);
  AddCwRoute(router, ctx, "GET", base + "/?", &ListIntegrations);
  AddCwRoute(router, ctx, "POST", base + "/?", &CreateIntegration);
  const std::string one = base + "/([^/]+)";
  AddCwRoute(router, ctx, "GET", one, &GetIntegration);
  AddCwRoute(router, ctx, "PUT", one, &UpdateIntegration);
  AddCwRoute(router, ctx, "DELETE", one, &DeleteIntegration);
  AddCwRoute(router, ctx, "POST", one + "/cancel", &CancelIntegration);
  AddCwRoute(router, ctx, "POST", one + "/schedule", &CreateSchedule);
  AddCwRoute(router, ctx, "PUT", one + "/schedule", &UpdateSchedule);
  AddCwRoute(router, ctx, "DELETE", one + "/schedule", &DeleteSchedule);
  AddCwRoute(router, ctx, "POST", one + "/schedule/status/([^/]+)",
             &SetScheduleStatus);
}

}  // namespace anaplan::emulator
