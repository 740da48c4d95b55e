#ifndef ANAPLAN_CORE_BULK_BULK_TYPES_H_
#define ANAPLAN_CORE_BULK_BULK_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace anaplan::core {

/// Plain C++ views of the Bulk (Integration v2) resources
/// (anaplan-api.md §4). Parsers tolerate unknown fields and keep unknown
/// enum words as sent. Numeric ids are parsed from JSON numbers or strings.

struct Workspace {
  std::string id;
  std::string name;
  bool active = false;
  int64_t size_allowance = 0;
  int64_t current_size = 0;
};

/// A workspace administrator or visitor (GET /workspaces/{id}/admins and
/// /visitors).
struct WorkspacePerson {
  std::string first_name;
  std::string last_name;
  std::string email;
  bool active = false;
  /// Names of the other workspaces where the person has the same role.
  std::vector<std::string> other_workspaces;
};

/// Which people of a workspace to list.
enum class WorkspaceRole { kAdmins, kVisitors };

struct Model {
  std::string id;
  std::string name;
  std::string active_state;
  int64_t last_saved_serial_number = 0;
  std::string last_modified_by_user_guid;
  int64_t memory_usage = 0;
  std::string current_workspace_id;
  std::string current_workspace_name;
  std::string model_url;
  /// Each category value as its JSON object text.
  std::vector<std::string> category_values_json;
  std::string iso_creation_date;
  std::string last_modified;
  bool model_transaction_running = false;
};

struct File {
  int64_t id = 0;
  std::string name;
  int64_t chunk_count = 0;
  int64_t first_data_row = 0;
  int64_t header_row = 0;
  std::string delimiter;
  std::string encoding;
  std::string format;
  std::string separator;
};

struct Action {
  int64_t id = 0;
  std::string name;
  std::string action_type;
};

struct Process {
  int64_t id = 0;
  std::string name;
};

struct Import {
  int64_t id = 0;
  std::string name;
  std::string import_type;
  /// 0 when the import has no file source.
  int64_t import_data_source_id = 0;
};

struct Export {
  int64_t id = 0;
  std::string name;
  std::string export_type;
  std::string export_format;
  std::string encoding;
  std::string layout;
};

struct ImportMetadata {
  std::string name;
  std::string type;
  int64_t column_count = 0;
  std::string column_separator;
  std::string decimal_separator;
  int64_t first_data_row = 0;
  std::vector<std::string> header_names;
  int64_t header_row = 0;
  std::string text_delimiter;
  std::string text_encoding;
};

struct ExportMetadata {
  int64_t column_count = 0;
  std::vector<std::string> data_types;
  std::string delimiter;
  std::string encoding;
  std::string export_format;
  std::vector<std::string> header_names;
  std::vector<std::string> list_names;
  int64_t row_count = 0;
  std::string separator;
  std::string layout;
};

struct ProcessMetadata {
  struct ProcessAction {
    int64_t id = 0;
    std::string name;
    std::string action_type;
    int64_t import_data_source_id = 0;
  };
  std::string name;
  std::vector<ProcessAction> actions;
};

struct DeleteModelsResult {
  struct Failure {
    std::string model_id;
    std::string message;
  };
  int64_t models_deleted = 0;
  std::vector<Failure> failures;
};

/// Task lifecycle (§4.6). kUnknown keeps forward compatibility; the word as
/// sent is in TaskStatus::task_state_name.
enum class TaskState {
  kUnknown,
  kNotStarted,
  kInProgress,
  kComplete,
  kCancelling,
  kCancelled
};

/// True for states after which a task never changes again.
bool IsTerminal(TaskState state);

struct TaskDetail {
  std::string type;
  std::string local_message_text;
  int64_t occurrences = 0;
  std::vector<std::string> values;
};

struct TaskResult {
  bool successful = false;
  bool failure_dump_available = false;
  std::string object_id;
  std::string object_name;
  std::vector<TaskDetail> details;
  std::vector<TaskResult> nested_results;
};

struct TaskStatus {
  std::string task_id;
  TaskState task_state = TaskState::kUnknown;
  std::string task_state_name;
  int64_t creation_time = 0;
  double progress = 0;
  std::string current_step;
  /// Present once the task is COMPLETE.
  std::optional<TaskResult> result;
  /// The action that runs the task.
  int64_t action_id = 0;
};

struct TaskSummary {
  std::string task_id;
  TaskState task_state = TaskState::kUnknown;
  std::string task_state_name;
  int64_t creation_time = 0;
};

/// Workspace and model a model-scoped call works on.
struct ModelRef {
  std::string workspace_id;
  std::string model_id;
};

/// An object (file or action) by id, or by exact name when id is 0.
struct ObjectRef {
  int64_t id = 0;
  std::string name;
};

/// Sort and search options of listings (§3.4, §3.5). sort_by is the field
/// in snake_case or camelCase; empty means the server's order.
struct ListOptions {
  std::string sort_by;
  bool descending = false;
  std::string search_pattern;
};

/// How RunAction waits.
struct RunOptions {
  bool wait_for_completion = true;
  /// Zero means the client's poll_delay.
  absl::Duration poll_interval = absl::ZeroDuration();
};

/// One upload (UploadFile). Zero/empty fields take the client's defaults.
struct UploadOptions {
  int64_t chunk_size = 0;
  int parallelism = 0;
  int gzip_level = 0;
  bool allow_file_creation = false;
  /// When set, fail with DATA_LOSS before completing if the bytes received
  /// differ in size or SHA-256 (lower-case hex).
  std::optional<int64_t> expected_size;
  std::string expected_sha256;
};

struct UploadResult {
  /// The file that received the content.
  int64_t file_id = 0;
  bool file_created = false;
  int64_t bytes_received = 0;
  int64_t chunks_uploaded = 0;
  /// Bytes sent to Anaplan after compression.
  int64_t bytes_sent = 0;
  std::string sha256_hex;
};

/// One download (GetFile). Zero means the client's default read-ahead.
struct DownloadOptions {
  int batch_size = 0;
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_BULK_BULK_TYPES_H_
