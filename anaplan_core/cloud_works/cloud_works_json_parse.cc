// Parsers of CloudWorks replies (cloud_works_json.h).
#include "absl/strings/str_cat.h"

#include "anaplan_core/cloud_works/cloud_works_json.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core::cw {
namespace {

absl::Status BadResponse(absl::string_view what) {
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_RESPONSE";
  return MakeError(absl::StatusCode::kInternal,
                   absl::StrCat("unexpected CloudWorks reply: ", what), info);
}

absl::Status NeedObject(const rapidjson::Value& value, absl::string_view what) {
  return value.IsObject() ? absl::OkStatus()
                          : BadResponse(absl::StrCat(what, " is no object"));
}

std::optional<int> OptionalIntOrNull(const rapidjson::Value& v,
                                     const char* key) {
  if (!v.HasMember(key) || v[key].IsNull()) return std::nullopt;
  return static_cast<int>(OptionalInt(v, key));
}

std::vector<std::string> Strings(const rapidjson::Value& v, const char* key) {
  std::vector<std::string> out;
  const rapidjson::Value* array = FindArray(v, key);
  if (array == nullptr) return out;
  for (const auto& item : array->GetArray()) {
    if (item.IsString()) out.emplace_back(item.GetString());
  }
  return out;
}

Versioned ParseVersioned(const rapidjson::Value& v) {
  Versioned out;
  out.created_by = OptionalString(v, "createdBy");
  out.creation_date = OptionalString(v, "creationDate");
  out.modified_by = OptionalString(v, "modifiedBy");
  out.modification_date = OptionalString(v, "modificationDate");
  return out;
}

std::optional<LatestRun> ParseLatestRun(const rapidjson::Value& v,
                                        const char* key) {
  const rapidjson::Value* run = FindObject(v, key);
  // {} or absent: never ran.
  if (run == nullptr || run->ObjectEmpty()) return std::nullopt;
  LatestRun out;
  out.triggered_by = OptionalString(*run, "triggeredBy");
  out.start_date = OptionalString(*run, "startDate");
  out.end_date = OptionalString(*run, "endDate");
  out.success = OptionalBool(*run, "success");
  out.message = OptionalString(*run, "message");
  out.execution_error_code = OptionalIntOrNull(*run, "executionErrorCode");
  out.trigger_source = OptionalString(*run, "triggerSource");
  return out;
}

JobEndpoint ParseEndpoint(const rapidjson::Value& v) {
  JobEndpoint e;
  e.type = OptionalString(v, "type");
  e.connection_id = OptionalString(v, "connectionId");
  e.file = OptionalString(v, "file");
  e.table = OptionalString(v, "table");
  e.action_id = OptionalString(v, "actionId");
  e.file_id = OptionalString(v, "fileId");
  if (v.HasMember("overwrite") && v["overwrite"].IsBool()) {
    e.overwrite = v["overwrite"].GetBool();
  }
  e.connection_name = OptionalString(v, "connectionName");
  e.is_connection_deleted = OptionalBool(v, "isConnectionDeleted");
  return e;
}

std::vector<ExceptionBehavior> ParseBehaviour(const rapidjson::Value& v) {
  std::vector<ExceptionBehavior> out;
  const rapidjson::Value* array = FindArray(v, "exceptionBehavior");
  if (array == nullptr) return out;
  for (const auto& b : array->GetArray()) {
    if (!b.IsObject()) continue;
    out.push_back({OptionalString(b, "type"), OptionalString(b, "strategy")});
  }
  return out;
}

absl::StatusOr<RunError> ParseOneRunError(const rapidjson::Value& v) {
  ANAPLAN_RETURN_IF_ERROR(NeedObject(v, "runs[]"));
  RunError out;
  out.id = OptionalString(v, "id");
  out.task_id = OptionalString(v, "taskId");
  const rapidjson::Value* messages = FindArray(v, "errorMessages");
  if (messages == nullptr) return out;
  for (const auto& m : messages->GetArray()) {
    if (!m.IsObject()) continue;
    RunErrorMessage msg;
    msg.action_id = OptionalString(m, "actionId");
    msg.action_name = OptionalString(m, "actionName");
    msg.failure_dump_generated = OptionalBool(m, "failureDumpGenerated");
    if (const rapidjson::Value* details = FindArray(m, "errorMessage")) {
      for (const auto& d : details->GetArray()) {
        RunErrorDetail detail;
        if (d.IsString()) {
          detail.local_message_text = d.GetString();
        } else if (d.IsObject()) {
          detail.local_message_text = OptionalString(d, "localMessageText");
          detail.occurrences = OptionalInt(d, "occurrences");
          detail.type = OptionalString(d, "type");
          if (const rapidjson::Value* values = FindArray(d, "values")) {
            for (const auto& value : values->GetArray()) {
              detail.values.push_back(value.IsString() ? value.GetString()
                                                       : ToJsonText(value));
            }
          }
        }
        msg.details.push_back(std::move(detail));
      }
    }
    out.error_messages.push_back(std::move(msg));
  }
  return out;
}

}  // namespace

Schedule ParseSchedule(const rapidjson::Value& v) {
  Schedule s;
  s.name = OptionalString(v, "name");
  s.type = OptionalString(v, "type");
  s.timezone = OptionalString(v, "timezone");
  s.time = OptionalString(v, "time");
  s.from_time = OptionalString(v, "fromTime");
  s.to_time = OptionalString(v, "toTime");
  if (const rapidjson::Value* days = FindArray(v, "daysOfWeek")) {
    for (const auto& d : days->GetArray()) {
      if (d.IsInt()) s.days_of_week.push_back(d.GetInt());
    }
  }
  s.day_of_month = static_cast<int>(OptionalInt(v, "dayOfMonth"));
  s.day_of_week = OptionalIntOrNull(v, "dayOfWeek");
  s.repeat_every = static_cast<int>(OptionalInt(v, "repeatEvery"));
  s.start_date = OptionalString(v, "startDate");
  s.end_date = OptionalString(v, "endDate");
  s.status = OptionalString(v, "status");
  return s;
}

absl::StatusOr<Connection> ParseConnection(const rapidjson::Value& v) {
  ANAPLAN_RETURN_IF_ERROR(NeedObject(v, "connection"));
  Connection c;
  ANAPLAN_ASSIGN_OR_RETURN(c.connection_id,
                           RequiredString(v, "connectionId", "connection"));
  c.connection_type = OptionalString(v, "connectionType");
  if (const rapidjson::Value* body = FindObject(v, "body")) {
    c.name = OptionalString(*body, "name");
    c.bucket_name = OptionalString(*body, "bucketName");
    c.storage_account_name = OptionalString(*body, "storageAccountName");
    c.container_name = OptionalString(*body, "containerName");
    c.dataset = OptionalString(*body, "dataset");
    c.auth_method = OptionalString(*body, "authMethod");
  }
  if (c.auth_method.empty()) c.auth_method = OptionalString(v, "authMethod");
  c.status = static_cast<int>(OptionalInt(v, "status"));
  c.integration_error_code = OptionalIntOrNull(v, "integrationErrorCode");
  c.workspace_id = OptionalString(v, "workspaceId");
  c.versioned = ParseVersioned(v);
  return c;
}

absl::StatusOr<Integration> ParseIntegration(const rapidjson::Value& v) {
  ANAPLAN_RETURN_IF_ERROR(NeedObject(v, "integration"));
  Integration out;
  ANAPLAN_ASSIGN_OR_RETURN(out.integration_id,
                           RequiredString(v, "integrationId", "integration"));
  out.name = OptionalString(v, "name");
  out.integration_type = OptionalString(v, "integrationType");
  out.model_id = OptionalString(v, "modelId");
  out.workspace_id = OptionalString(v, "workspaceId");
  out.process_id = OptionalString(v, "processId");
  out.nux_visible = OptionalBool(v, "nuxVisible");
  out.notification_id = OptionalString(v, "notificationId");
  if (const rapidjson::Value* s = FindObject(v, "schedule")) {
    if (!s->ObjectEmpty()) out.schedule = ParseSchedule(*s);
  }
  out.latest_run = ParseLatestRun(v, "latestRun");
  if (const rapidjson::Value* jobs = FindArray(v, "jobs")) {
    for (const auto& j : jobs->GetArray()) {
      if (!j.IsObject()) continue;
      IntegrationJob job;
      job.type = OptionalString(j, "type");
      if (const rapidjson::Value* a = FindArray(j, "sources")) {
        for (const auto& e : a->GetArray()) {
          if (e.IsObject()) job.sources.push_back(ParseEndpoint(e));
        }
      }
      if (const rapidjson::Value* a = FindArray(j, "targets")) {
        for (const auto& e : a->GetArray()) {
          if (e.IsObject()) job.targets.push_back(ParseEndpoint(e));
        }
      }
      out.jobs.push_back(std::move(job));
    }
  }
  out.version = OptionalString(v, "version");
  out.versioned = ParseVersioned(v);
  return out;
}

absl::StatusOr<IntegrationRun> ParseRun(const rapidjson::Value& v) {
  ANAPLAN_RETURN_IF_ERROR(NeedObject(v, "run"));
  IntegrationRun r;
  ANAPLAN_ASSIGN_OR_RETURN(r.id, RequiredString(v, "id", "run"));
  r.integration_id = OptionalString(v, "integrationId");
  r.trace_id = OptionalString(v, "traceId");
  r.triggered_by = OptionalString(v, "triggeredBy");
  r.last_run = OptionalInt(v, "lastRun");
  r.start_date = OptionalString(v, "startDate");
  r.end_date = OptionalString(v, "endDate");
  r.success = OptionalBool(v, "success");
  r.message = OptionalString(v, "message");
  r.execution_error_code = OptionalIntOrNull(v, "executionErrorCode");
  r.flow_group_id = OptionalString(v, "flowGroupId");
  r.trigger_source = OptionalString(v, "triggerSource");
  return r;
}

absl::StatusOr<RunHistory> ParseRunHistory(const rapidjson::Value& v) {
  ANAPLAN_RETURN_IF_ERROR(NeedObject(v, "history_of_runs"));
  RunHistory out;
  if (const rapidjson::Value* runs = FindArray(v, "runs")) {
    for (const auto& r : runs->GetArray()) {
      ANAPLAN_ASSIGN_OR_RETURN(IntegrationRun run, ParseRun(r));
      out.runs.push_back(std::move(run));
    }
  }
  out.total_runs =
      OptionalInt(v, "totalRuns", static_cast<int64_t>(out.runs.size()));
  return out;
}

absl::StatusOr<std::vector<RunError>> ParseRunErrors(
    const rapidjson::Value& reply) {
  std::vector<RunError> out;
  if (!reply.IsObject() || !reply.HasMember("runs")) return out;
  const rapidjson::Value& runs = reply["runs"];
  if (runs.IsArray()) {
    for (const auto& r : runs.GetArray()) {
      ANAPLAN_ASSIGN_OR_RETURN(RunError e, ParseOneRunError(r));
      out.push_back(std::move(e));
    }
  } else if (runs.IsObject() && !runs.ObjectEmpty()) {
    ANAPLAN_ASSIGN_OR_RETURN(RunError e, ParseOneRunError(runs));
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<NotificationConfig> ParseNotificationConfig(
    const rapidjson::Value& v) {
  ANAPLAN_RETURN_IF_ERROR(NeedObject(v, "notifications"));
  NotificationConfig out;
  ANAPLAN_ASSIGN_OR_RETURN(
      out.notification_id,
      RequiredString(v, "notificationId", "notifications"));
  out.integration_ids = Strings(v, "integrationIds");
  out.channels = Strings(v, "channels");
  const rapidjson::Value* n = FindObject(v, "notifications");
  const rapidjson::Value* config = n ? FindArray(*n, "config") : nullptr;
  if (config == nullptr) return out;
  for (const auto& c : config->GetArray()) {
    if (!c.IsObject()) continue;
    NotificationRule rule;
    rule.type = OptionalString(c, "type");
    if (const rapidjson::Value* users = FindArray(c, "users")) {
      for (const auto& u : users->GetArray()) {
        if (u.IsString()) {
          rule.users.emplace_back(u.GetString());
        } else if (u.IsObject()) {
          NotificationUser user{OptionalString(u, "userGuid"),
                                OptionalString(u, "firstName"),
                                OptionalString(u, "lastName")};
          rule.users.push_back(user.user_guid);
          rule.user_details.push_back(std::move(user));
        }
      }
    }
    out.config.push_back(std::move(rule));
  }
  return out;
}

absl::StatusOr<Flow> ParseFlow(const rapidjson::Value& v) {
  ANAPLAN_RETURN_IF_ERROR(NeedObject(v, "integrationFlow"));
  Flow out;
  ANAPLAN_ASSIGN_OR_RETURN(out.id, RequiredString(v, "id", "integrationFlow"));
  out.name = OptionalString(v, "name");
  out.steps_count = static_cast<int>(OptionalInt(v, "stepsCount"));
  out.notification_id = OptionalString(v, "notificationId");
  out.latest_run = ParseLatestRun(v, "latestRun");
  out.nux_visible = OptionalBool(v, "nuxVisible");
  out.version = OptionalString(v, "version");
  out.versioned = ParseVersioned(v);
  if (const rapidjson::Value* steps = FindArray(v, "steps")) {
    for (const auto& s : steps->GetArray()) {
      if (!s.IsObject()) continue;
      FlowStep step;
      step.referrer = OptionalString(s, "referrer");
      step.name = OptionalString(s, "name");
      step.type = OptionalString(s, "type");
      step.created_by = OptionalString(s, "createdBy");
      step.created_date = OptionalString(s, "createdDate");
      step.modified_date = OptionalString(s, "modifiedDate");
      step.modified_by = OptionalString(s, "modifiedBy");
      step.model_id = OptionalString(s, "modelId");
      step.workspace_id = OptionalString(s, "workspaceId");
      step.depends_on = Strings(s, "dependsOn");
      step.is_skipped = OptionalBool(s, "isSkipped");
      step.exception_behavior = ParseBehaviour(s);
      out.steps.push_back(std::move(step));
    }
  }
  return out;
}

absl::StatusOr<std::string> CreatedId(const rapidjson::Value& reply,
                                      const char* wrapper, const char* key) {
  if (const rapidjson::Value* w = FindObject(reply, wrapper)) {
    std::string id = OptionalString(*w, key);
    if (!id.empty()) return id;
  }
  std::string id = reply.IsObject() ? OptionalString(reply, key) : "";
  if (!id.empty()) return id;
  return BadResponse(absl::StrCat("no ", key, " in the create reply"));
}

}  // namespace anaplan::core::cw
