#ifndef ANAPLAN_EMULATOR_CLOUD_WORKS_STATE_H_
#define ANAPLAN_EMULATOR_CLOUD_WORKS_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

#include "emulator/model_data.h"

namespace anaplan::emulator {

/// Who created/changed a CloudWorks object and when (display names).
struct CwVersioned {
  std::string created_by;
  absl::Time created;
  std::string modified_by;
  absl::Time modified;
};

/// A CloudWorks connection plus the emulated storage behind it: objects by
/// path (S3/Azure) or by table name (BigQuery), as CSV text. Tests seed and
/// read the storage through /__emulator/cloudworks/connections/{id}/objects.
struct CwConnection {
  std::string id;    ///< 32 lowercase hex.
  std::string type;  ///< AmazonS3, AzureBlob or GoogleBigQuery.
  /// Body fields as sent (secrets included, never listed): name,
  /// bucketName, accessKeyId, ..., authMethod; serviceAccountKey as JSON.
  std::map<std::string, std::string> body;
  std::string workspace_id;
  CwVersioned versioned;
  std::map<std::string, std::string> objects;
};

/// A job source or target (anaplan-api.md §8.2).
struct CwEndpoint {
  std::string type;
  std::string connection_id;
  std::string file;
  std::string table;
  std::string action_id;
  std::string file_id;
  std::optional<bool> overwrite;
};

struct CwJob {
  std::string type;
  std::vector<CwEndpoint> sources;
  std::vector<CwEndpoint> targets;
};

struct CwSchedule {
  std::string json;  ///< The schedule object as sent (without status).
  bool active = true;
};

/// One entry of a run's errors (RunError.errorMessages).
struct CwRunError {
  int64_t action_id = 0;
  std::string action_name;
  bool failure_dump_generated = false;
  std::vector<TaskDetail> details;
};

/// One integration run. Runs execute when started unless the setting
/// cloudworks_run_polls_in_progress keeps them running (cloud_works_engine.h).
struct CwRun {
  std::string id;
  std::string integration_id;
  std::string trace_id;
  std::string triggered_by;
  absl::Time start;
  absl::Time end;
  bool success = false;
  std::string message;
  std::optional<int> execution_error_code;
  std::string flow_group_id;  ///< The flow run that started it, if any.
  std::string trigger_source = "manual";
  std::string task_id;  ///< Anaplan task of the (last) model action.
  /// Still running: no end yet, and it may be cancelled.
  bool running = false;
  std::string started_by_email;  ///< Who the model actions run as.
  /// Status polls answered while running.
  int polls = 0;
  /// While running: the IN_PROGRESS bulk task of the first model action
  /// (in the integration's model), which the run completes or cancels.
  std::string pending_task_id;
  std::vector<CwRunError> errors;
  /// Import failure dumps by import action id.
  std::map<int64_t, std::string> dumps;
};

struct CwIntegration {
  std::string id;
  std::string name;
  std::string type;  ///< Import, Export or Process.
  std::string workspace_id;
  std::string model_id;
  std::string process_id;
  bool nux_visible = false;
  std::string notification_id;
  std::vector<CwJob> jobs;
  std::optional<CwSchedule> schedule;
  CwVersioned versioned;
  std::vector<std::string> run_ids;  ///< Oldest first.
};

struct CwNotificationRule {
  std::string type;
  std::vector<std::string> users;  ///< User GUIDs.
};

struct CwNotification {
  std::string id;
  std::vector<std::string> integration_ids;
  std::vector<std::string> channels;
  std::vector<CwNotificationRule> config;
};

struct CwExceptionBehavior {
  std::string type;
  std::string strategy;
};

struct CwFlowStep {
  std::string referrer;
  std::vector<std::string> depends_on;
  bool is_skipped = false;
  std::vector<CwExceptionBehavior> exception_behavior;
};

/// A flow run: which steps ran, in order, and how it ended.
struct CwFlowRun {
  std::string id;
  std::string triggered_by;
  absl::Time start;
  absl::Time end;
  bool success = false;
  std::string message;
  std::vector<std::string> step_run_ids;
};

struct CwFlow {
  std::string id;
  std::string name;
  std::vector<CwFlowStep> steps;
  CwVersioned versioned;
  std::vector<CwFlowRun> runs;  ///< Oldest first.
};

/// Everything CloudWorks keeps, behind State's mutex.
struct CloudWorksState {
  std::map<std::string, CwConnection> connections;
  std::map<std::string, CwIntegration> integrations;
  std::map<std::string, CwNotification> notifications;
  std::map<std::string, CwFlow> flows;
  std::map<std::string, CwRun> runs;
  uint64_t id_counter = 0;

  /// A fresh 32-character lowercase hex id (deterministic sequence).
  std::string NewId();
  /// The integration/flow/... or nullptr.
  CwConnection* FindConnection(const std::string& id);
  CwIntegration* FindIntegration(const std::string& id);
  CwNotification* FindNotification(const std::string& id);
  CwFlow* FindFlow(const std::string& id);
  CwRun* FindRun(const std::string& id);
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_CLOUD_WORKS_STATE_H_
