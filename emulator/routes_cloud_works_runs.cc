// CloudWorks runs, run history, errors, dumps (anaplan-api.md §8.4) and
// integration flows (§8.6).
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/cloud_works_engine.h"
#include "emulator/cloud_works_json.h"
#include "emulator/cloud_works_routes_util.h"
#include "emulator/http_util.h"
#include "emulator/paging.h"

namespace anaplan::emulator {
namespace {

void SendRunId(Call& call, const std::string& id) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteStatusObject(w, 200, "Success");
  w.Key("run");
  w.StartObject();
  FieldStr(w, "id", id);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

CwRun* RunOf(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwRun* run = state.cloud_works().FindRun(call.params[0]);
  if (run == nullptr) SendCwError(call, 404, "Run not found");
  return run;
}

void RunIntegration(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwIntegration* i = state.cloud_works().FindIntegration(call.params[0]);
  if (i == nullptr) return SendCwError(call, 404, "Integration not found");
  if (RunningRun(state, *i) != nullptr) {
    return SendCwError(call, 409, "Integration is already running");
  }
  CwRun& run = StartIntegrationRun(state, *i, call.user_email);
  SendRunId(call, run.id);
}

void GetRunHistory(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CloudWorksState& cw = state.cloud_works();
  CwIntegration* i = cw.FindIntegration(call.params[0]);
  if (i == nullptr) return SendCwError(call, 404, "Integration not found");
  // Newest first; limit/offset are honoured when given (the SDK sends none).
  std::vector<const CwRun*> runs;
  for (auto it = i->run_ids.rbegin(); it != i->run_ids.rend(); ++it) {
    if (const CwRun* run = cw.FindRun(*it)) runs.push_back(run);
  }
  int64_t offset = 0;
  int64_t limit = static_cast<int64_t>(runs.size());
  if (call.req.has_param("offset") &&
      !absl::SimpleAtoi(call.req.get_param_value("offset"), &offset)) {
    return SendCwError(call, 400, "Invalid offset");
  }
  if (call.req.has_param("limit") &&
      !absl::SimpleAtoi(call.req.get_param_value("limit"), &limit)) {
    return SendCwError(call, 400, "Invalid limit");
  }
  const int64_t total = static_cast<int64_t>(runs.size());
  const int64_t first = std::clamp<int64_t>(offset, 0, total);
  const int64_t last =
      std::clamp<int64_t>(first + std::max<int64_t>(limit, 0), first, total);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("meta");
  w.StartObject();
  w.Key("paging");
  w.StartObject();
  FieldInt(w, "currentPageSize", last - first);
  FieldInt(w, "totalSize", total);
  FieldInt(w, "offset", first);
  w.EndObject();
  FieldStr(w, "schema", CwSchema("history"));
  w.EndObject();
  WriteStatusObject(w, 200, "Success");
  w.Key("history_of_runs");
  w.StartObject();
  FieldStr(w, "integrationId", i->id);
  FieldStr(w, "name", i->name);
  FieldStr(w, "integrationType", i->type);
  if (!i->process_id.empty()) FieldStr(w, "processId", i->process_id);
  FieldStr(w, "version", "2.0");
  w.Key("schedule");
  if (i->schedule) {
    WriteSchedule(w, *i->schedule);
  } else {
    w.Null();
  }
  FieldStr(w, "workspaceId", i->workspace_id);
  FieldStr(w, "modelId", i->model_id);
  FieldStr(w, "createdBy", i->versioned.created_by);
  FieldStr(w, "creationDate", IsoTimestamp(i->versioned.created));
  FieldStr(w, "modifiedBy", i->versioned.modified_by);
  FieldStr(w, "modificationDate", IsoTimestamp(i->versioned.modified));
  FieldInt(w, "status", 1);
  if (!i->notification_id.empty()) {
    FieldStr(w, "notificationId", i->notification_id);
  }
  w.Key("runs");
  w.StartArray();
  for (int64_t k = first; k < last; ++k) {
    WriteRun(w, *runs[static_cast<size_t>(k)], false);
  }
  w.EndArray();
  FieldInt(w, "totalRuns", total);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void GetRunStatus(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwRun* run = RunOf(call, state);
  if (run == nullptr) return;
  PollRun(state, *run);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteStatusObject(w, 200, "Success");
  w.Key("run");
  WriteRun(w, *run, true);
  w.Key("meta");
  w.StartObject();
  // Live replies cite the 1/0 schema URL although served under 2/0.
  FieldStr(w, "schema",
           "https://api.cloudworks.anaplan.com/1/0/integrations/objects/run");
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void GetRunErrors(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwRun* run = RunOf(call, state);
  if (run == nullptr) return;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteStatusObject(w, 200, "Success");
  w.Key("meta");
  w.StartObject();
  w.EndObject();
  // The spec types "runs" as an array; live sends {} for a clean run (and
  // the SDK reads one object). We follow the spec: [] when clean.
  w.Key("runs");
  w.StartArray();
  if (!run->errors.empty()) {
    w.StartObject();
    FieldStr(w, "id", run->id);
    w.Key("errorMessages");
    w.StartArray();
    for (const CwRunError& e : run->errors) {
      w.StartObject();
      w.Key("errorMessage");
      w.StartArray();
      for (const TaskDetail& d : e.details) {
        w.StartObject();
        FieldStr(w, "localMessageText", d.local_message_text);
        FieldInt(w, "occurrences", d.occurrences);
        FieldStr(w, "type", d.type);
        w.Key("values");
        w.StartArray();
        for (const std::string& v : d.values) WriteStr(w, v);
        w.EndArray();
        w.EndObject();
      }
      w.EndArray();
      FieldStr(w, "actionId", absl::StrCat(e.action_id));
      FieldStr(w, "actionName", e.action_name);
      FieldBool(w, "failureDumpGenerated", e.failure_dump_generated);
      w.EndObject();
    }
    w.EndArray();
    FieldStr(w, "taskId", run->task_id);
    FieldStr(w, "creationDate", IsoTimestamp(run->start));
    FieldStr(w, "modificationDate", IsoTimestamp(run->end));
    FieldStr(w, "createdBy", run->triggered_by);
    FieldStr(w, "modifiedBy", run->triggered_by);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void NoDump(Call& call) {
  SendCwError(call, 404, "Your integration run was successful / no errors");
}

void GetImportDump(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwRun* run = RunOf(call, state);
  if (run == nullptr) return;
  if (run->dumps.empty()) return NoDump(call);
  std::string content;
  for (const auto& [action_id, dump] : run->dumps) content += dump;
  call.res.set_content(content, kTextContentType);
}

void GetProcessDump(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwRun* run = RunOf(call, state);
  if (run == nullptr) return;
  int64_t action_id = 0;
  auto it = absl::SimpleAtoi(call.params[1], &action_id)
                ? run->dumps.find(action_id)
                : run->dumps.end();
  if (it == run->dumps.end()) return NoDump(call);
  call.res.set_content(it->second, kTextContentType);
}

// ------------------------------------------------------------------ flows

// Reads and checks a FlowInput; "" or why not.
std::string ReadFlow(CloudWorksState& cw, const rapidjson::Document& doc,
                     CwFlow& flow) {
  flow.name = JsonString(doc, "name");
  if (flow.name.empty()) return "name is required";
  if (JsonString(doc, "version") != "2.0") return "version must be 2.0";
  if (JsonString(doc, "type") != "IntegrationFlow") {
    return "type must be IntegrationFlow";
  }
  flow.steps.clear();
  int enabled = 0;
  if (JsonHas(doc, "steps") && doc["steps"].IsArray()) {
    for (const auto& s : doc["steps"].GetArray()) {
      CwFlowStep step;
      step.referrer = JsonString(s, "referrer");
      if (JsonString(s, "type") != "Integration" ||
          cw.FindIntegration(step.referrer) == nullptr) {
        return absl::StrCat("Invalid step referrer ", step.referrer);
      }
      if (JsonHas(s, "dependsOn") && s["dependsOn"].IsArray()) {
        for (const auto& d : s["dependsOn"].GetArray()) {
          if (d.IsString()) step.depends_on.emplace_back(d.GetString());
        }
      }
      step.is_skipped = JsonBool(s, "isSkipped", false);
      if (JsonHas(s, "exceptionBehavior") && s["exceptionBehavior"].IsArray()) {
        for (const auto& b : s["exceptionBehavior"].GetArray()) {
          CwExceptionBehavior behaviour{JsonString(b, "type"),
                                        JsonString(b, "strategy")};
          if ((behaviour.type != "failure" &&
               behaviour.type != "partial_success") ||
              (behaviour.strategy != "stop" &&
               behaviour.strategy != "continue")) {
            return "Invalid exceptionBehavior";
          }
          step.exception_behavior.push_back(behaviour);
        }
      }
      if (!step.is_skipped) ++enabled;
      flow.steps.push_back(std::move(step));
    }
  }
  if (flow.steps.size() > 100) return "A flow has at most 100 steps";
  if (enabled < 2) return "A flow needs at least 2 enabled steps";
  return "";
}

CwFlow* FlowOf(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwFlow* flow = state.cloud_works().FindFlow(call.params[0]);
  if (flow == nullptr) SendCwError(call, 404, "Integration flow not found");
  return flow;
}

void ListFlows(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const bool mine = call.req.get_param_value("myIntegrations") == "1";
  const std::string me = DisplayName(state, call.user_email);
  std::vector<ListRow> rows;
  for (const auto& [id, flow] : state.cloud_works().flows) {
    if (mine && flow.versioned.created_by != me) continue;
    JsonOut out;
    WriteFlow(out.w(), state, flow, false);
    rows.push_back({out.str(), {}, {}});
  }
  SendPagedList(
      call, std::move(rows),
      {"integrationFlows", CwSchema("integrationflow"), false, {}, false},
      state.settings().max_page_size, false);
}

void GetFlow(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwFlow* flow = FlowOf(call, state);
  if (flow == nullptr) return;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, CwSchema("integrationflow"));
  w.Key("integrationFlow");
  WriteFlow(w, state, *flow, true);
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void CreateFlow(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  CloudWorksState& cw = state.cloud_works();
  CwFlow flow;
  std::string why = ReadFlow(cw, doc, flow);
  if (!why.empty()) return SendCwError(call, 400, why);
  flow.id = cw.NewId();
  TouchVersioned(flow.versioned, state, call.user_email, true);
  const std::string id = flow.id;
  cw.flows.emplace(id, std::move(flow));
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteStatusObject(w, 200, "Success");
  w.Key("integrationFlow");
  w.StartObject();
  FieldStr(w, "integrationFlowId", id);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void UpdateFlow(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwFlow* flow = FlowOf(call, state);
  if (flow == nullptr) return;
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  CwFlow updated = *flow;
  std::string why = ReadFlow(state.cloud_works(), doc, updated);
  if (!why.empty()) return SendCwError(call, 400, why);
  TouchVersioned(updated.versioned, state, call.user_email, false);
  *flow = std::move(updated);
  SendCwSuccess(call);
}

void DeleteFlow(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (FlowOf(call, state) == nullptr) return;
  // The referenced integrations stay.
  state.cloud_works().flows.erase(call.params[0]);
  SendCwSuccess(call);
}

void RunFlow(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwFlow* flow = FlowOf(call, state);
  if (flow == nullptr) return;
  // Flows cannot run alongside their steps (steps of a flow run at once).
  for (const CwFlowStep& step : flow->steps) {
    const CwIntegration* i = state.cloud_works().FindIntegration(step.referrer);
    if (i != nullptr && RunningRun(state, *i) != nullptr) {
      return SendCwError(call, 409, "Integration is already running");
    }
  }
  std::vector<std::string> only;
  if (!call.req.body.empty()) {
    rapidjson::Document doc;
    if (!ParseCwBody(call, doc)) return;
    if (JsonHas(doc, "stepsToRun") && doc["stepsToRun"].IsArray()) {
      for (const auto& s : doc["stepsToRun"].GetArray()) {
        const std::string id = s.IsString() ? s.GetString() : "";
        const bool known = std::any_of(
            flow->steps.begin(), flow->steps.end(),
            [&](const CwFlowStep& st) { return st.referrer == id; });
        if (!known) return SendCwError(call, 400, "Invalid stepsToRun " + id);
        only.push_back(id);
      }
    }
  }
  CwFlowRun& run = ExecuteFlow(state, *flow, only, call.user_email);
  SendRunId(call, run.id);
}

}  // namespace

void RegisterCloudWorksRunRoutes(Router& router, ServerContext& ctx) {
  const std::string base = kCwBase;
  AddCwRoute(router, ctx, "GET", base + "/runs/([^/]+)", &GetRunHistory);
  AddCwRoute(router, ctx, "GET", base + "/runerror/([^/]+)", &GetRunErrors);
  AddCwRoute(router, ctx, "GET", base + "/run/([^/]+)/dumps", &GetImportDump);
  AddCwRoute(router, ctx, "GET",
             base + "/run/([^/]+)/process/import/([^/]+)/dumps",
             &GetProcessDump);
  AddCwRoute(router, ctx, "GET", base + "/run/([^/]+)", &GetRunStatus);
  AddCwRoute(router, ctx, "POST", base + "/([^/]+)/run", &RunIntegration);
  const std::string flows = kFlowBase;
  AddCwRoute(router, ctx, "GET", flows + "/?", &ListFlows);
  AddCwRoute(router, ctx, "POST", flows + "/?", &CreateFlow);
  AddCwRoute(router, ctx, "GET", flows + "/([^/]+)", &GetFlow);
  AddCwRoute(router, ctx, "PUT", flows + "/([^/]+)", &UpdateFlow);
  AddCwRoute(router, ctx, "DELETE", flows + "/([^/]+)", &DeleteFlow);
  AddCwRoute(router, ctx, "POST", flows + "/([^/]+)/run", &RunFlow);
}

}  // namespace anaplan::emulator
