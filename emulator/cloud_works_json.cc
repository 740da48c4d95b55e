// CloudWorks response shapes (cloud_works_json.h).
#include "emulator/cloud_works_json.h"

#include <optional>

#include "absl/strings/str_cat.h"

#include "emulator/http_util.h"

namespace anaplan::emulator {
namespace {

// Flow steps use "YYYY-MM-DD HH:MM:SS.ffffff+00:00" (not ISO 8601).
std::string StepTimestamp(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

void WriteVersioned(JsonWriter& w, const CwVersioned& v) {
  FieldStr(w, "createdBy", v.created_by);
  FieldStr(w, "creationDate", IsoTimestamp(v.created));
  FieldStr(w, "modifiedBy", v.modified_by);
  FieldStr(w, "modificationDate", IsoTimestamp(v.modified));
}

void WriteErrorCode(JsonWriter& w, const std::optional<int>& code) {
  w.Key("executionErrorCode");
  if (code.has_value()) {
    w.Int(*code);
  } else {
    w.Null();
  }
}

// `end` is empty while the run is still running (no endDate then).
void WriteLatestRun(JsonWriter& w, const std::string& triggered_by,
                    absl::Time start, std::optional<absl::Time> end,
                    bool success, const std::string& message,
                    const std::optional<int>& code) {
  w.Key("latestRun");
  w.StartObject();
  FieldStr(w, "triggeredBy", triggered_by);
  FieldStr(w, "startDate", IsoTimestamp(start));
  if (end) FieldStr(w, "endDate", IsoTimestamp(*end));
  FieldBool(w, "success", success);
  FieldStr(w, "message", message);
  WriteErrorCode(w, code);
  FieldStr(w, "triggerSource", "manual");
  w.EndObject();
}

void WriteEndpoint(JsonWriter& w, State& state, const CwEndpoint& e)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  w.StartObject();
  FieldStr(w, "type", e.type);
  if (!e.connection_id.empty()) {
    FieldStr(w, "connectionId", e.connection_id);
    const CwConnection* c = state.cloud_works().FindConnection(e.connection_id);
    FieldStr(w, "connectionName", c ? c->body.at("name") : "");
    FieldBool(w, "isConnectionDeleted", c == nullptr);
    if (c != nullptr && c->body.count("bucketName")) {
      FieldStr(w, "bucketName", c->body.at("bucketName"));
    }
  }
  if (!e.file.empty()) FieldStr(w, "file", e.file);
  if (!e.table.empty()) FieldStr(w, "table", e.table);
  if (!e.action_id.empty()) FieldStr(w, "actionId", e.action_id);
  if (!e.file_id.empty()) FieldStr(w, "fileId", e.file_id);
  if (e.overwrite.has_value()) FieldBool(w, "overwrite", *e.overwrite);
  w.EndObject();
}

}  // namespace

std::string CwSchema(const std::string& kind) {
  return absl::StrCat("https://api.cloudworks.anaplan.com/2/0/integrations/",
                      "objects/", kind);
}

void SendCwSuccess(Call& call) {
  JsonOut out;
  out.w().StartObject();
  WriteStatusObject(out.w(), 200, "Success");
  out.w().EndObject();
  SendJson(call.res, 200, out.str());
}

void SendCwError(Call& call, int status, const std::string& message) {
  SendIntegrationError(call.req, call.res, status, message);
}

void WriteConnection(JsonWriter& w, const CwConnection& c) {
  w.StartObject();
  FieldStr(w, "connectionId", c.id);
  FieldStr(w, "connectionType", c.type);
  w.Key("body");
  w.StartObject();
  // Only the non-secret fields are ever returned.
  for (const char* key : {"name", "bucketName", "storageAccountName",
                          "containerName", "dataset", "authMethod"}) {
    auto it = c.body.find(key);
    if (it != c.body.end()) FieldStr(w, key, it->second);
  }
  w.EndObject();
  WriteVersioned(w, c.versioned);
  FieldInt(w, "status", 1);
  w.Key("integrationErrorCode");
  w.Null();
  w.Key("workspaceId");
  if (c.workspace_id.empty()) {
    w.Null();
  } else {
    WriteStr(w, c.workspace_id);
  }
  auto auth = c.body.find("authMethod");
  w.Key("authMethod");
  if (auth == c.body.end()) {
    w.Null();
  } else {
    WriteStr(w, auth->second);
  }
  w.EndObject();
}

void WriteSchedule(JsonWriter& w, const CwSchedule& s) {
  rapidjson::Document doc;
  doc.Parse(s.json.data(), s.json.size());
  if (!doc.IsObject()) doc.SetObject();
  doc.RemoveMember("status");
  doc.AddMember(
      "status",
      rapidjson::Value(s.active ? "Active" : "Inactive", doc.GetAllocator()),
      doc.GetAllocator());
  doc.Accept(w);
}

void WriteIntegration(JsonWriter& w, State& state, const CwIntegration& i,
                      bool detail) {
  w.StartObject();
  FieldStr(w, "integrationId", i.id);
  FieldStr(w, "name", i.name);
  // The SDK notes get_integration lacks integrationType; the spec's
  // IntegrationDetail extends the summary, so both carry it.
  FieldStr(w, "integrationType", i.type);
  if (!i.process_id.empty()) FieldStr(w, "processId", i.process_id);
  FieldStr(w, "workspaceId", i.workspace_id);
  FieldStr(w, "modelId", i.model_id);
  WriteVersioned(w, i.versioned);
  FieldBool(w, "nuxVisible", i.nux_visible);
  if (!i.notification_id.empty()) {
    FieldStr(w, "notificationId", i.notification_id);
  }
  if (i.schedule.has_value()) {
    w.Key("schedule");
    WriteSchedule(w, *i.schedule);
  }
  if (!i.run_ids.empty()) {
    const CwRun* run = state.cloud_works().FindRun(i.run_ids.back());
    if (run != nullptr) {
      WriteLatestRun(
          w, run->triggered_by, run->start,
          run->running ? std::nullopt : std::optional<absl::Time>(run->end),
          run->success, run->message, run->execution_error_code);
    }
  }
  if (detail) {
    FieldStr(w, "version", "2.0");
    w.Key("jobs");
    w.StartArray();
    for (const CwJob& job : i.jobs) {
      w.StartObject();
      FieldStr(w, "type", job.type);
      w.Key("sources");
      w.StartArray();
      for (const CwEndpoint& e : job.sources) WriteEndpoint(w, state, e);
      w.EndArray();
      w.Key("targets");
      w.StartArray();
      for (const CwEndpoint& e : job.targets) WriteEndpoint(w, state, e);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

void WriteRun(JsonWriter& w, const CwRun& run, bool status_shape) {
  // A running run has no end yet: endDate and lastRun are left out (the
  // spec types them as non-null), and it was last modified when it started.
  const absl::Time modified = run.running ? run.start : run.end;
  w.StartObject();
  FieldStr(w, "id", run.id);
  if (status_shape) {
    FieldStr(w, "integrationId", run.integration_id);
  } else {
    FieldStr(w, "triggeredBy", run.triggered_by);
    // Epoch seconds of the end (live-confirmed integer, not ISO).
    if (!run.running) FieldInt(w, "lastRun", absl::ToUnixSeconds(run.end));
  }
  FieldStr(w, "traceId", run.trace_id);
  FieldStr(w, "startDate", IsoTimestamp(run.start));
  if (!run.running) FieldStr(w, "endDate", IsoTimestamp(run.end));
  FieldBool(w, "success", run.success);
  FieldStr(w, "message", run.message);
  WriteErrorCode(w, run.execution_error_code);
  FieldStr(w, "triggerSource", run.trigger_source);
  if (status_shape) {
    FieldStr(w, "creationDate", IsoTimestamp(run.start));
    FieldStr(w, "modificationDate", IsoTimestamp(modified));
    FieldStr(w, "createdBy", run.triggered_by);
    FieldStr(w, "modifiedBy", run.triggered_by);
    w.Key("flowGroupId");
    if (run.flow_group_id.empty()) {
      w.Null();
    } else {
      WriteStr(w, run.flow_group_id);
    }
  }
  w.EndObject();
}

void WriteNotification(JsonWriter& w, State& state, const CwNotification& n) {
  w.StartObject();
  FieldStr(w, "notificationId", n.id);
  w.Key("integrationIds");
  w.StartArray();
  for (const std::string& id : n.integration_ids) WriteStr(w, id);
  w.EndArray();
  w.Key("channels");
  w.StartArray();
  for (const std::string& c : n.channels) WriteStr(w, c);
  w.EndArray();
  w.Key("notifications");
  w.StartObject();
  w.Key("config");
  w.StartArray();
  for (const CwNotificationRule& rule : n.config) {
    w.StartObject();
    FieldStr(w, "type", rule.type);
    w.Key("users");
    w.StartArray();
    for (const std::string& guid : rule.users) {
      const User* user = state.tenant().FindUserById(guid);
      w.StartObject();
      FieldStr(w, "userGuid", guid);
      FieldStr(w, "firstName", user ? user->first_name : "");
      FieldStr(w, "lastName", user ? user->last_name : "");
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

void WriteFlow(JsonWriter& w, State& state, const CwFlow& f, bool detail) {
  w.StartObject();
  FieldStr(w, "id", f.id);
  FieldStr(w, "name", f.name);
  WriteVersioned(w, f.versioned);
  FieldBool(w, "nuxVisible", false);
  FieldInt(w, "stepsCount", static_cast<int64_t>(f.steps.size()));
  if (!f.runs.empty()) {
    const CwFlowRun& run = f.runs.back();
    WriteLatestRun(w, run.triggered_by, run.start, run.end, run.success,
                   run.message, std::nullopt);
  }
  if (detail) {
    FieldStr(w, "version", "2.0");
    w.Key("steps");
    w.StartArray();
    for (const CwFlowStep& step : f.steps) {
      const CwIntegration* i =
          state.cloud_works().FindIntegration(step.referrer);
      w.StartObject();
      FieldStr(w, "referrer", step.referrer);
      FieldStr(w, "name", i ? i->name : "");
      if (i != nullptr) FieldStr(w, "type", i->type);
      FieldStr(w, "createdBy", f.versioned.created_by);
      FieldStr(w, "createdDate", StepTimestamp(f.versioned.created));
      FieldStr(w, "modifiedDate", StepTimestamp(f.versioned.modified));
      FieldStr(w, "modifiedBy", f.versioned.modified_by);
      FieldStr(w, "modelId", i ? i->model_id : "");
      FieldStr(w, "workspaceId", i ? i->workspace_id : "");
      w.Key("dependsOn");
      w.StartArray();
      for (const std::string& d : step.depends_on) WriteStr(w, d);
      w.EndArray();
      FieldBool(w, "isSkipped", step.is_skipped);
      w.Key("exceptionBehavior");
      w.StartArray();
      for (const CwExceptionBehavior& b : step.exception_behavior) {
        w.StartObject();
        FieldStr(w, "type", b.type);
        FieldStr(w, "strategy", b.strategy);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace anaplan::emulator
