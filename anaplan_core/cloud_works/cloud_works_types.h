#ifndef ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_TYPES_H_
#define ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace anaplan::core::cw {

/// CloudWorks resources (anaplan-api.md §8) as plain structs. Dates are kept
/// as the ISO strings Anaplan sends; empty strings mean "absent".

/// Who created/changed an object and when.
struct Versioned {
  std::string created_by;
  std::string creation_date;
  std::string modified_by;
  std::string modification_date;
};

/// Connection types the live spec lists (no Snowflake in CloudWorks 2/0).
enum class ConnectionType { kAmazonS3, kAzureBlob, kGoogleBigQuery };

/// "AmazonS3", "AzureBlob" or "GoogleBigQuery".
const char* ConnectionTypeName(ConnectionType type);

/// The body of a connection create/update/patch; which fields apply depends
/// on `type` (see ValidateConnectionInput).
struct ConnectionInput {
  ConnectionType type = ConnectionType::kAmazonS3;
  std::string name;
  std::string workspace_id;
  // AmazonS3.
  std::string access_key_id;
  std::string secret_access_key;
  std::string bucket_name;
  std::string role_arn;
  // AzureBlob.
  std::string storage_account_name;
  std::string container_name;
  std::string sas_token;
  std::string auth_method;  ///< Empty: "SAS-based".
  // GoogleBigQuery.
  std::string dataset;
  std::string service_account_key_json;  ///< A JSON object's text.
};

/// A listed connection (never with secrets).
struct Connection {
  std::string connection_id;
  std::string connection_type;
  std::string name;
  std::string bucket_name;
  std::string storage_account_name;
  std::string container_name;
  std::string dataset;
  std::string auth_method;
  int status = 0;
  std::optional<int> integration_error_code;
  std::string workspace_id;
  Versioned versioned;
};

/// A job source or target.
struct JobEndpoint {
  std::string type;  ///< AmazonS3, AzureBlob, GoogleBigQuery or Anaplan.
  std::string connection_id;
  std::string file;
  std::string table;
  std::string action_id;
  std::string file_id;
  std::optional<bool> overwrite;
  std::string connection_name;  ///< Read-only.
  bool is_connection_deleted = false;
};

struct IntegrationJob {
  std::string type;  ///< e.g. AmazonS3ToAnaplan.
  std::vector<JobEndpoint> sources;
  std::vector<JobEndpoint> targets;
};

/// Create/update body of an import, export or process integration.
struct IntegrationInput {
  std::string name;
  std::string workspace_id;
  std::string model_id;
  std::string process_id;
  bool nux_visible = false;
  std::vector<IntegrationJob> jobs;
};

struct Schedule {
  std::string name;
  std::string type;
  std::string timezone;
  std::string time;
  std::string from_time;
  std::string to_time;
  std::vector<int> days_of_week;
  int day_of_month = 0;
  std::optional<int> day_of_week;
  int repeat_every = 0;
  std::string start_date;
  std::string end_date;
  std::string status;
};

struct LatestRun {
  std::string triggered_by;
  std::string start_date;
  std::string end_date;
  bool success = false;
  std::string message;
  std::optional<int> execution_error_code;
  std::string trigger_source;
};

struct Integration {
  std::string integration_id;
  std::string name;
  std::string integration_type;
  std::string model_id;
  std::string workspace_id;
  std::string process_id;
  bool nux_visible = false;
  std::string notification_id;
  std::optional<Schedule> schedule;
  std::optional<LatestRun> latest_run;
  std::vector<IntegrationJob> jobs;
  std::string version;
  Versioned versioned;
};

/// A run history record or a run status.
struct IntegrationRun {
  std::string id;
  std::string integration_id;
  std::string trace_id;
  std::string triggered_by;
  int64_t last_run = 0;
  std::string start_date;
  std::string end_date;
  bool success = false;
  std::string message;
  std::optional<int> execution_error_code;
  std::string flow_group_id;
  std::string trigger_source;
};

struct RunHistory {
  std::vector<IntegrationRun> runs;
  int64_t total_runs = 0;
};

struct RunErrorDetail {
  std::string local_message_text;
  int64_t occurrences = 0;
  std::string type;
  std::vector<std::string> values;
};

struct RunErrorMessage {
  std::string action_id;
  std::string action_name;
  bool failure_dump_generated = false;
  std::vector<RunErrorDetail> details;
};

struct RunError {
  std::string id;
  std::string task_id;
  std::vector<RunErrorMessage> error_messages;
};

struct NotificationUser {
  std::string user_guid;
  std::string first_name;
  std::string last_name;
};

struct NotificationRule {
  std::string type;                ///< success, partial_failure, full_failure.
  std::vector<std::string> users;  ///< Input: user GUIDs.
  std::vector<NotificationUser> user_details;  ///< Output.
};

struct NotificationInput {
  std::vector<std::string> integration_ids;
  std::vector<std::string> channels;
  std::vector<NotificationRule> config;
};

struct NotificationConfig {
  std::string notification_id;
  std::vector<std::string> integration_ids;
  std::vector<std::string> channels;
  std::vector<NotificationRule> config;
};

struct ExceptionBehavior {
  std::string type;      ///< failure or partial_success.
  std::string strategy;  ///< stop or continue.
};

struct FlowStepInput {
  std::string referrer;
  std::vector<std::string> depends_on;
  bool is_skipped = false;
  std::vector<ExceptionBehavior> exception_behavior;  ///< Empty: defaults.
};

struct FlowInput {
  std::string name;
  std::vector<FlowStepInput> steps;
};

struct FlowStep {
  std::string referrer;
  std::string name;
  std::string type;
  std::string created_by;
  std::string created_date;
  std::string modified_date;
  std::string modified_by;
  std::string model_id;
  std::string workspace_id;
  std::vector<std::string> depends_on;
  bool is_skipped = false;
  std::vector<ExceptionBehavior> exception_behavior;
};

struct Flow {
  std::string id;
  std::string name;
  int steps_count = 0;
  std::string notification_id;
  std::optional<LatestRun> latest_run;
  bool nux_visible = false;
  std::string version;
  std::vector<FlowStep> steps;
  Versioned versioned;
};

}  // namespace anaplan::core::cw

#endif  // ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_TYPES_H_
