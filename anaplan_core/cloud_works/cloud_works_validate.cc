// Request checks of CloudWorks payloads (cloud_works_json.h): what the live
// spec marks required, plus the enums it lists.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#include "anaplan_core/cloud_works/cloud_works_json.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core::cw {
namespace {

std::string Path(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : absl::StrCat(prefix, ".", field);
}

absl::Status Need(const std::string& value, const std::string& prefix,
                  const std::string& field) {
  if (!value.empty()) return absl::OkStatus();
  const std::string path = Path(prefix, field);
  return InvalidField(path, absl::StrCat(path, " is required"));
}

absl::Status OneOf(const std::string& value, const std::set<std::string>& ok,
                   const std::string& prefix, const std::string& field) {
  if (ok.count(value) > 0) return absl::OkStatus();
  const std::string path = Path(prefix, field);
  return InvalidField(path,
                      absl::StrCat(path, " is \"", value, "\", must be one of ",
                                   absl::StrJoin(ok, ", ")));
}

bool AllDigits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status NumericId(const std::string& value, const std::string& prefix,
                       const std::string& field) {
  ANAPLAN_RETURN_IF_ERROR(Need(value, prefix, field));
  if (AllDigits(value)) return absl::OkStatus();
  const std::string path = Path(prefix, field);
  return InvalidField(
      path, absl::StrCat(path, " must be a numeric id, got \"", value, "\""));
}

// HH:mm with 00..23 and 00..59.
bool IsClockTime(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return false;
  if (!AllDigits(t.substr(0, 2)) || !AllDigits(t.substr(3))) return false;
  return std::stoi(t.substr(0, 2)) < 24 && std::stoi(t.substr(3)) < 60;
}

bool IsDate(const std::string& d) {
  return d.size() == 10 && d[4] == '-' && d[7] == '-' &&
         AllDigits(d.substr(0, 4)) && AllDigits(d.substr(5, 2)) &&
         AllDigits(d.substr(8, 2));
}

absl::Status CheckFormat(bool ok, const std::string& prefix,
                         const std::string& field, const char* format) {
  if (ok) return absl::OkStatus();
  const std::string path = Path(prefix, field);
  return InvalidField(path, absl::StrCat(path, " must be ", format));
}

absl::Status CheckServiceAccountKey(const std::string& text,
                                    const std::string& prefix) {
  absl::StatusOr<rapidjson::Document> doc = ParseJson(text);
  return CheckFormat(doc.ok() && doc->IsObject(), prefix,
                     "service_account_key_json", "a JSON object");
}

const std::set<std::string>& CloudTypes() {
  static const auto* types =
      new std::set<std::string>{"AmazonS3", "AzureBlob", "GoogleBigQuery"};
  return *types;
}

absl::Status CheckEndpoint(const JobEndpoint& e, const std::string& want_type,
                           bool is_target, const std::string& prefix) {
  if (e.type != want_type) {
    const std::string path = Path(prefix, "type");
    return InvalidField(
        path, absl::StrCat(path, " is \"", e.type, "\", the job type needs \"",
                           want_type, "\""));
  }
  if (want_type == "Anaplan") {
    ANAPLAN_RETURN_IF_ERROR(NumericId(e.action_id, prefix, "action_id"));
    if (is_target)
      ANAPLAN_RETURN_IF_ERROR(NumericId(e.file_id, prefix, "file_id"));
    return absl::OkStatus();
  }
  ANAPLAN_RETURN_IF_ERROR(Need(e.connection_id, prefix, "connection_id"));
  if (want_type == "GoogleBigQuery") return Need(e.table, prefix, "table");
  return Need(e.file, prefix, "file");
}

absl::Status CheckJob(const IntegrationJob& job, const std::string& prefix) {
  // Job types pair one cloud type with Anaplan: XToAnaplan or AnaplanToX.
  std::string source_type, target_type;
  for (const std::string& cloud : CloudTypes()) {
    if (job.type == cloud + "ToAnaplan") {
      source_type = cloud;
      target_type = "Anaplan";
    } else if (job.type == "AnaplanTo" + cloud) {
      source_type = "Anaplan";
      target_type = cloud;
    }
  }
  if (source_type.empty()) {
    const std::string path = Path(prefix, "type");
    return InvalidField(
        path, absl::StrCat(path, " is \"", job.type,
                           "\", must be <AmazonS3|AzureBlob|GoogleBigQuery>"
                           "ToAnaplan or AnaplanTo<...>"));
  }
  if (job.sources.empty()) return Need("", prefix, "sources");
  if (job.targets.empty()) return Need("", prefix, "targets");
  for (size_t i = 0; i < job.sources.size(); ++i) {
    ANAPLAN_RETURN_IF_ERROR(
        CheckEndpoint(job.sources[i], source_type, false,
                      Path(prefix, absl::StrCat("sources[", i, "]"))));
  }
  for (size_t i = 0; i < job.targets.size(); ++i) {
    ANAPLAN_RETURN_IF_ERROR(
        CheckEndpoint(job.targets[i], target_type, true,
                      Path(prefix, absl::StrCat("targets[", i, "]"))));
  }
  return absl::OkStatus();
}

}  // namespace

const char* ConnectionTypeName(ConnectionType type) {
  switch (type) {
    case ConnectionType::kAmazonS3:
      return "AmazonS3";
    case ConnectionType::kAzureBlob:
      return "AzureBlob";
    case ConnectionType::kGoogleBigQuery:
      return "GoogleBigQuery";
  }
  return "";
}

absl::Status ValidateConnectionInput(const ConnectionInput& in, bool patch,
                                     const std::string& prefix) {
  if (patch) {
    const bool any = !in.name.empty() || !in.workspace_id.empty() ||
                     !in.access_key_id.empty() ||
                     !in.secret_access_key.empty() || !in.bucket_name.empty() ||
                     !in.role_arn.empty() || !in.storage_account_name.empty() ||
                     !in.container_name.empty() || !in.sas_token.empty() ||
                     !in.auth_method.empty() || !in.dataset.empty() ||
                     !in.service_account_key_json.empty();
    if (!any) {
      return InvalidField(prefix, absl::StrCat(prefix, " sets no field"));
    }
    if (!in.service_account_key_json.empty()) {
      return CheckServiceAccountKey(in.service_account_key_json, prefix);
    }
    return absl::OkStatus();
  }
  ANAPLAN_RETURN_IF_ERROR(Need(in.name, prefix, "name"));
  switch (in.type) {
    case ConnectionType::kAmazonS3:
      ANAPLAN_RETURN_IF_ERROR(Need(in.access_key_id, prefix, "access_key_id"));
      ANAPLAN_RETURN_IF_ERROR(
          Need(in.secret_access_key, prefix, "secret_access_key"));
      return Need(in.bucket_name, prefix, "bucket_name");
    case ConnectionType::kAzureBlob:
      ANAPLAN_RETURN_IF_ERROR(
          Need(in.storage_account_name, prefix, "storage_account_name"));
      ANAPLAN_RETURN_IF_ERROR(
          Need(in.container_name, prefix, "container_name"));
      return Need(in.sas_token, prefix, "sas_token");
    case ConnectionType::kGoogleBigQuery:
      ANAPLAN_RETURN_IF_ERROR(Need(in.dataset, prefix, "dataset"));
      ANAPLAN_RETURN_IF_ERROR(Need(in.service_account_key_json, prefix,
                                   "service_account_key_json"));
      return CheckServiceAccountKey(in.service_account_key_json, prefix);
  }
  return absl::OkStatus();
}

absl::Status ValidateIntegrationInput(const IntegrationInput& in,
                                      const std::string& prefix) {
  ANAPLAN_RETURN_IF_ERROR(Need(in.name, prefix, "name"));
  ANAPLAN_RETURN_IF_ERROR(Need(in.workspace_id, prefix, "workspace_id"));
  ANAPLAN_RETURN_IF_ERROR(Need(in.model_id, prefix, "model_id"));
  if (!in.process_id.empty()) {
    ANAPLAN_RETURN_IF_ERROR(NumericId(in.process_id, prefix, "process_id"));
  } else if (in.jobs.empty()) {
    const std::string path = Path(prefix, "jobs");
    return InvalidField(path,
                        absl::StrCat(path, " is required without process_id"));
  }
  for (size_t i = 0; i < in.jobs.size(); ++i) {
    ANAPLAN_RETURN_IF_ERROR(
        CheckJob(in.jobs[i], Path(prefix, absl::StrCat("jobs[", i, "]"))));
  }
  return absl::OkStatus();
}

absl::Status ValidateSchedule(const Schedule& s, const std::string& prefix) {
  ANAPLAN_RETURN_IF_ERROR(Need(s.name, prefix, "name"));
  ANAPLAN_RETURN_IF_ERROR(
      OneOf(s.type,
            {"hourly", "daily", "weekly", "monthly_specific_day",
             "monthly_relative_weekday"},
            prefix, "type"));
  ANAPLAN_RETURN_IF_ERROR(Need(s.timezone, prefix, "timezone"));
  ANAPLAN_RETURN_IF_ERROR(Need(s.start_date, prefix, "start_date"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckFormat(IsDate(s.start_date), prefix, "start_date", "YYYY-MM-DD"));
  // The live spec requires endDate (the SDK treats it as optional).
  ANAPLAN_RETURN_IF_ERROR(Need(s.end_date, prefix, "end_date"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckFormat(IsDate(s.end_date), prefix, "end_date", "YYYY-MM-DD"));
  if (s.type == "hourly") {
    ANAPLAN_RETURN_IF_ERROR(
        CheckFormat(IsClockTime(s.from_time), prefix, "from_time", "HH:mm"));
    ANAPLAN_RETURN_IF_ERROR(
        CheckFormat(IsClockTime(s.to_time), prefix, "to_time", "HH:mm"));
  } else {
    ANAPLAN_RETURN_IF_ERROR(
        CheckFormat(IsClockTime(s.time), prefix, "time", "HH:mm"));
  }
  for (int day : s.days_of_week) {
    ANAPLAN_RETURN_IF_ERROR(CheckFormat(day >= 0 && day <= 6, prefix,
                                        "days_of_week", "0..6 (0 = Sunday)"));
  }
  if (s.type == "monthly_specific_day") {
    ANAPLAN_RETURN_IF_ERROR(
        CheckFormat(s.day_of_month >= 1 && s.day_of_month <= 31, prefix,
                    "day_of_month", "1..31"));
  }
  return absl::OkStatus();
}

absl::Status ValidateNotificationInput(const NotificationInput& in,
                                       const std::string& prefix) {
  if (in.integration_ids.empty()) return Need("", prefix, "integration_ids");
  for (const std::string& id : in.integration_ids) {
    ANAPLAN_RETURN_IF_ERROR(Need(id, prefix, "integration_ids"));
  }
  if (in.channels.empty()) return Need("", prefix, "channels");
  for (const std::string& channel : in.channels) {
    ANAPLAN_RETURN_IF_ERROR(
        OneOf(channel, {"email", "in_app"}, prefix, "channels"));
  }
  if (in.config.empty()) return Need("", prefix, "config");
  for (size_t i = 0; i < in.config.size(); ++i) {
    const std::string at = Path(prefix, absl::StrCat("config[", i, "]"));
    const NotificationRule& rule = in.config[i];
    ANAPLAN_RETURN_IF_ERROR(OneOf(
        rule.type, {"success", "partial_failure", "full_failure"}, at, "type"));
    ANAPLAN_RETURN_IF_ERROR(
        CheckFormat(!rule.users.empty() && rule.users.size() <= 5, at, "users",
                    "1 to 5 user GUIDs"));
  }
  return absl::OkStatus();
}

absl::Status ValidateFlowInput(const FlowInput& in, const std::string& prefix) {
  ANAPLAN_RETURN_IF_ERROR(Need(in.name, prefix, "name"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckFormat(in.steps.size() >= 2 && in.steps.size() <= 100, prefix,
                  "steps", "2 to 100 steps"));
  for (size_t i = 0; i < in.steps.size(); ++i) {
    const std::string at = Path(prefix, absl::StrCat("steps[", i, "]"));
    const FlowStepInput& step = in.steps[i];
    ANAPLAN_RETURN_IF_ERROR(Need(step.referrer, at, "referrer"));
    for (const ExceptionBehavior& b : step.exception_behavior) {
      ANAPLAN_RETURN_IF_ERROR(OneOf(b.type, {"failure", "partial_success"}, at,
                                    "exception_behavior.type"));
      ANAPLAN_RETURN_IF_ERROR(OneOf(b.strategy, {"stop", "continue"}, at,
                                    "exception_behavior.strategy"));
    }
  }
  return absl::OkStatus();
}

}  // namespace anaplan::core::cw
