#ifndef ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_JSON_H_
#define ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_JSON_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rapidjson/document.h"

#include "anaplan_core/cloud_works/cloud_works_types.h"

namespace anaplan::core::cw {

// ------------------------------------------------------------- validation
// Each check fails with INVALID_ARGUMENT naming the field, under `prefix`
// (e.g. "connection.bucket_name").

/// Full bodies need name and the type's required fields (AmazonS3:
/// access_key_id, secret_access_key, bucket_name; AzureBlob:
/// storage_account_name, container_name, sas_token; GoogleBigQuery: dataset
/// and a service_account_key_json that is a JSON object). A patch needs at
/// least one field; a key, when given, must still be a JSON object.
absl::Status ValidateConnectionInput(const ConnectionInput& input, bool patch,
                                     const std::string& prefix);
/// name, workspace_id, model_id; jobs or process_id; each job's type and
/// endpoints consistent with it (cloud endpoints need connection_id and a
/// file or table, Anaplan ones numeric action_id / file_id).
absl::Status ValidateIntegrationInput(const IntegrationInput& input,
                                      const std::string& prefix);
/// name, type (one of the five), timezone, start_date and end_date
/// (YYYY-MM-DD; the spec requires both), time
/// (HH:mm) for non-hourly types, from/to_time for hourly, days 0..6.
absl::Status ValidateSchedule(const Schedule& schedule,
                              const std::string& prefix);
/// integration_ids, channels (email/in_app), config rules with a known type
/// and 1..5 users each.
absl::Status ValidateNotificationInput(const NotificationInput& input,
                                       const std::string& prefix);
/// name, 2..100 steps, each with a referrer and known exception behaviour.
absl::Status ValidateFlowInput(const FlowInput& input,
                               const std::string& prefix);

// ---------------------------------------------------------------- builders
// Request bodies as the live spec writes them.

/// {"type": T, "body": {...}} (create and update: the spec wants the type
/// wrapper on PUT too, where the SDK sends the bare body).
std::string ConnectionJson(const ConnectionInput& input);
/// {"body": {only the non-empty fields}} (the spec's PATCH shape).
std::string ConnectionPatchJson(const ConnectionInput& input);
/// IntegrationInput / IntegrationProcessInput (jobs omitted when empty).
std::string IntegrationJson(const IntegrationInput& input);
/// {"integrationId": id, "schedule": {...}} (updates need the id in the
/// body too, else Anaplan answers 400).
std::string ScheduleJson(const std::string& integration_id,
                         const Schedule& schedule);
std::string NotificationJson(const NotificationInput& input);
/// FlowInput, with the SDK's exception-behaviour defaults filled in.
std::string FlowJson(const FlowInput& input);
/// {"stepsToRun": [...]}, or "" to run every step (no body).
std::string RunFlowJson(const std::vector<std::string>& only_steps);

// ----------------------------------------------------------------- parsers
// Tolerant of unknown fields; only ids are required.
// \error INTERNAL (reason ANAPLAN_BAD_RESPONSE) naming the missing field.

absl::StatusOr<Connection> ParseConnection(const rapidjson::Value& value);
absl::StatusOr<Integration> ParseIntegration(const rapidjson::Value& value);
absl::StatusOr<IntegrationRun> ParseRun(const rapidjson::Value& value);
/// The history_of_runs object.
absl::StatusOr<RunHistory> ParseRunHistory(const rapidjson::Value& value);
/// The value of "runs" in a runerror reply: an array of records (spec), a
/// single record object (SDK), or {} / absent for no errors.
absl::StatusOr<std::vector<RunError>> ParseRunErrors(
    const rapidjson::Value& reply);
absl::StatusOr<NotificationConfig> ParseNotificationConfig(
    const rapidjson::Value& value);
absl::StatusOr<Flow> ParseFlow(const rapidjson::Value& value);
Schedule ParseSchedule(const rapidjson::Value& value);

/// The id a create reply carries: `wrapper.key`, else a top-level `key`
/// (createConnection: the spec documents a top-level connectionId, the SDK
/// reads connections.connectionId; both are accepted).
absl::StatusOr<std::string> CreatedId(const rapidjson::Value& reply,
                                      const char* wrapper, const char* key);

}  // namespace anaplan::core::cw

#endif  // ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_JSON_H_
