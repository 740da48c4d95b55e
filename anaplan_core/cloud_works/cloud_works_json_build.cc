// Request bodies of the CloudWorks API, shaped as the live spec writes them.
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

#include "anaplan_core/cloud_works/cloud_works_json.h"
#include "anaplan_core/json/json_util.h"

namespace anaplan::core::cw {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void StrIf(Writer& w, const char* key, const std::string& value) {
  if (!value.empty()) Str(w, key, value);
}

void StrArray(Writer& w, const char* key,
              const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& v : values) {
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndArray();
}

std::string Text(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The type's fields; with `only_set` (PATCH) empty ones are left out.
void WriteConnectionBody(Writer& w, const ConnectionInput& in, bool only_set) {
  w.StartObject();
  StrIf(w, "name", in.name);
  switch (in.type) {
    case ConnectionType::kAmazonS3:
      StrIf(w, "accessKeyId", in.access_key_id);
      StrIf(w, "secretAccessKey", in.secret_access_key);
      StrIf(w, "bucketName", in.bucket_name);
      StrIf(w, "roleArn", in.role_arn);
      break;
    case ConnectionType::kAzureBlob:
      StrIf(w, "storageAccountName", in.storage_account_name);
      StrIf(w, "containerName", in.container_name);
      StrIf(w, "sasToken", in.sas_token);
      // The live spec writes snake_case auth_method on create/update (the
      // SDK sends authMethod); SAS is the backwards-compatible default.
      if (!in.auth_method.empty() || !only_set) {
        Str(w, "auth_method",
            in.auth_method.empty() ? "SAS-based" : in.auth_method);
      }
      break;
    case ConnectionType::kGoogleBigQuery:
      StrIf(w, "dataset", in.dataset);
      if (!in.service_account_key_json.empty()) {
        w.Key("serviceAccountKey");
        w.RawValue(in.service_account_key_json.c_str(),
                   in.service_account_key_json.size(), rapidjson::kObjectType);
      }
      break;
  }
  StrIf(w, "workspaceId", in.workspace_id);
  w.EndObject();
}

void WriteEndpoint(Writer& w, const JobEndpoint& e) {
  w.StartObject();
  Str(w, "type", e.type);
  StrIf(w, "connectionId", e.connection_id);
  StrIf(w, "file", e.file);
  StrIf(w, "table", e.table);
  StrIf(w, "actionId", e.action_id);
  StrIf(w, "fileId", e.file_id);
  if (e.overwrite.has_value()) {
    w.Key("overwrite");
    w.Bool(*e.overwrite);
  }
  w.EndObject();
}

void WriteSchedule(Writer& w, const Schedule& s) {
  w.StartObject();
  Str(w, "name", s.name);
  Str(w, "type", s.type);
  Str(w, "timezone", s.timezone);
  StrIf(w, "time", s.time);
  StrIf(w, "fromTime", s.from_time);
  StrIf(w, "toTime", s.to_time);
  w.Key("daysOfWeek");
  w.StartArray();
  for (int d : s.days_of_week) w.Int(d);
  w.EndArray();
  if (s.day_of_month > 0) {
    w.Key("dayOfMonth");
    w.Int(s.day_of_month);
  }
  if (s.day_of_week.has_value()) {
    w.Key("dayOfWeek");
    w.Int(*s.day_of_week);
  }
  if (s.repeat_every > 0) {
    w.Key("repeatEvery");
    w.Int(s.repeat_every);
  }
  Str(w, "startDate", s.start_date);
  StrIf(w, "endDate", s.end_date);
  w.EndObject();
}

}  // namespace

std::string ConnectionJson(const ConnectionInput& input) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Str(w, "type", ConnectionTypeName(input.type));
  w.Key("body");
  WriteConnectionBody(w, input, false);
  w.EndObject();
  return Text(buffer);
}

std::string ConnectionPatchJson(const ConnectionInput& input) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("body");
  WriteConnectionBody(w, input, true);
  w.EndObject();
  return Text(buffer);
}

std::string IntegrationJson(const IntegrationInput& input) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Str(w, "name", input.name);
  Str(w, "version", "2.0");
  Str(w, "workspaceId", input.workspace_id);
  Str(w, "modelId", input.model_id);
  StrIf(w, "processId", input.process_id);
  w.Key("nuxVisible");
  w.Bool(input.nux_visible);
  if (!input.jobs.empty()) {
    w.Key("jobs");
    w.StartArray();
    for (const IntegrationJob& job : input.jobs) {
      w.StartObject();
      Str(w, "type", job.type);
      w.Key("sources");
      w.StartArray();
      for (const JobEndpoint& e : job.sources) WriteEndpoint(w, e);
      w.EndArray();
      w.Key("targets");
      w.StartArray();
      for (const JobEndpoint& e : job.targets) WriteEndpoint(w, e);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return Text(buffer);
}

std::string ScheduleJson(const std::string& integration_id,
                         const Schedule& schedule) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Str(w, "integrationId", integration_id);
  w.Key("schedule");
  WriteSchedule(w, schedule);
  w.EndObject();
  return Text(buffer);
}

std::string NotificationJson(const NotificationInput& input) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  StrArray(w, "integrationIds", input.integration_ids);
  StrArray(w, "channels", input.channels);
  w.Key("notifications");
  w.StartObject();
  w.Key("config");
  w.StartArray();
  for (const NotificationRule& rule : input.config) {
    w.StartObject();
    Str(w, "type", rule.type);
    StrArray(w, "users", rule.users);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return Text(buffer);
}

std::string FlowJson(const FlowInput& input) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  Str(w, "name", input.name);
  Str(w, "version", "2.0");
  Str(w, "type", "IntegrationFlow");
  w.Key("steps");
  w.StartArray();
  for (const FlowStepInput& step : input.steps) {
    w.StartObject();
    Str(w, "type", "Integration");
    Str(w, "referrer", step.referrer);
    if (!step.depends_on.empty()) StrArray(w, "dependsOn", step.depends_on);
    w.Key("isSkipped");
    w.Bool(step.is_skipped);
    w.Key("exceptionBehavior");
    w.StartArray();
    std::vector<ExceptionBehavior> behaviour = step.exception_behavior;
    if (behaviour.empty()) {
      behaviour = {{"failure", "stop"}, {"partial_success", "continue"}};
    }
    for (const ExceptionBehavior& b : behaviour) {
      w.StartObject();
      Str(w, "type", b.type);
      Str(w, "strategy", b.strategy);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Text(buffer);
}

std::string RunFlowJson(const std::vector<std::string>& only_steps) {
  if (only_steps.empty()) return "";
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  StrArray(w, "stepsToRun", only_steps);
  w.EndObject();
  return Text(buffer);
}

}  // namespace anaplan::core::cw
