#ifndef ANAPLAN_EMULATOR_MODEL_DATA_H_
#define ANAPLAN_EMULATOR_MODEL_DATA_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

#include "emulator/sink.h"
#include "emulator/tx_model.h"

namespace anaplan::emulator {

/// A user of the tenant (basic-auth credentials and profile).
struct User {
  std::string id;  ///< 32 lowercase hex characters.
  std::string email;
  std::string password;
  std::string first_name;
  std::string last_name;
  bool active = true;
  bool tenant_admin = false;     ///< Honours `s` search, sees all workspaces.
  bool workspace_admin = false;  ///< Needed for GET /workspaces/{id} and logs.
  std::string last_login_date;
};

struct Workspace {
  std::string id;  ///< 32 lowercase hex characters.
  std::string name;
  bool active = true;
  int64_t size_allowance = 0;
  int64_t current_size = 0;
};

/// Value format of a list property or a module line item.
enum class ValueFormat { kText, kNumber, kBoolean };

struct ListProperty {
  std::string name;
  ValueFormat format = ValueFormat::kText;
};

struct ListItem {
  int64_t id = 0;
  std::string name;
  std::string code;
  std::string parent;
  /// Property name -> canonical text value.
  std::map<std::string, std::string> properties;
};

/// A model list (also used as a module dimension).
struct ListData {
  int64_t id = 0;  ///< 101...
  std::string name;
  std::vector<ListProperty> properties;
  std::vector<ListItem> items;
  int64_t next_item_id = 0;
};

struct LineItem {
  int64_t id = 0;
  std::string name;
  ValueFormat format = ValueFormat::kNumber;
};

/// A module: dimensions are lists (by name), cells are numbers.
struct ModuleData {
  int64_t id = 0;  ///< 102...
  std::string name;
  std::vector<std::string> dimensions;
  std::vector<LineItem> line_items;
  /// Item names along `dimensions` -> line item name -> value.
  std::map<std::vector<std::string>, std::map<std::string, double>> cells;
};

/// An uploadable file (113...) or an export output file (116...).
struct FileEntry {
  int64_t id = 0;
  std::string name;
  /// What GET files reports: N after POST {chunkCount:N}, -1 while an
  /// open-ended upload runs, max index + 1 after complete, 0 = no content.
  int chunk_count = 0;
  std::map<int, std::string> chunks;  ///< Uncompressed bytes by index.
  /// A gzip member holding chunks[i], sent as is to clients that accept
  /// gzip so the emulator does not compress the same chunk on every
  /// download (under the state lock). Taken from a one-member gzip chunk
  /// PUT, else made by the first compressed download. Change chunks only
  /// through SetChunk/ClearChunks so that it never goes stale.
  std::map<int, std::string> gzip_chunks;
  bool export_output = false;  ///< Export outputs list only a few fields.
  int header_row = 1;
  int first_data_row = 2;
  std::string delimiter = "\"";
  std::string separator = ",";
  std::string encoding = "UTF-8";
  std::string format = "txt";
  // Bookkeeping for tests.
  int complete_calls = 0;
  int chunk_put_attempts = 0;
  /// Set while chunks go to the count-only sink instead of `chunks`.
  std::shared_ptr<CountSink> sink;

  /// Stores chunk `index`; `gzip`, when not empty, is a gzip member of
  /// exactly `raw`.
  void SetChunk(int index, std::string raw, std::string gzip = {}) {
    chunks[index] = std::move(raw);
    if (gzip.empty()) {
      gzip_chunks.erase(index);
    } else {
      gzip_chunks[index] = std::move(gzip);
    }
  }
  void ClearChunks() {
    chunks.clear();
    gzip_chunks.clear();
  }
};

struct ImportDef {
  int64_t id = 0;  ///< 112...
  std::string name;
  std::string import_type;  ///< HIERARCHY_DATA, MODULE_DATA, ...
  int64_t source_file_id = 0;
  std::string target;  ///< List (HIERARCHY_DATA) or module name.
};

struct ExportDef {
  int64_t id = 0;  ///< 116...; the output file has the same id.
  std::string name;
  std::string export_type = "TABULAR_MULTI_COLUMN";
  std::string export_format = "text/csv";
  std::string encoding = "UTF-8";
  std::string layout = "TABULAR_MULTI_COLUMN";
  std::string source;  ///< List or module name.
};

struct ActionDef {
  int64_t id = 0;  ///< 117...
  std::string name;
  std::string action_type;         ///< DELETE_BY_SELECTION, OPTIMIZER, ...
  std::string target;              ///< List or module the action works on.
  std::string selection_property;  ///< DELETE_BY_SELECTION: boolean prop.
};

struct ProcessDef {
  int64_t id = 0;  ///< 118...
  std::string name;
  std::vector<int64_t> action_ids;
};

enum class TaskState { kNotStarted, kInProgress, kComplete, kCancelled };

/// One entry of a task result's `details`.
struct TaskDetail {
  std::string type;
  std::string local_message_text;
  int64_t occurrences = 0;
  std::vector<std::string> values;
};

/// Anaplan's TaskResult (recursive for processes).
struct TaskResult {
  bool successful = true;
  bool failure_dump_available = false;
  int64_t object_id = 0;
  std::string object_name;
  std::vector<TaskDetail> details;
  std::vector<TaskResult> nested_results;
};

/// A bulk task (import, export, action or process run).
struct Task {
  std::string task_id;  ///< 32 uppercase hex characters.
  std::string segment;  ///< imports, exports, actions or processes.
  int64_t object_id = 0;
  absl::Time creation_time;
  TaskState state = TaskState::kNotStarted;
  int polls = 0;
  double progress = 0;
  std::optional<TaskResult> result;
  /// Failure dumps by object id (the import itself, or a process's imports).
  std::map<int64_t, std::string> dumps;
  /// Optimizer solution logs by optimizer action id.
  std::map<int64_t, std::string> solution_logs;
  std::string started_by;  ///< User email.
};

struct Model {
  std::string id;  ///< 32 uppercase hex characters.
  std::string name;
  std::string workspace_id;
  std::string active_state = "UNLOCKED";
  bool open = false;  ///< Open models cannot be deleted.
  int64_t last_saved_serial_number = 0;
  std::string last_modified_by_user_guid;
  int64_t memory_usage = 0;
  std::string iso_creation_date;
  std::string last_modified;
  std::vector<ListData> lists;
  std::vector<ModuleData> modules;
  std::map<int64_t, FileEntry> files;
  /// File ids created by POST to an unknown id: path segment -> new id.
  std::map<std::string, int64_t> file_aliases;
  std::map<int64_t, ImportDef> imports;
  std::map<int64_t, ExportDef> exports;
  std::map<int64_t, ActionDef> actions;
  std::map<int64_t, ProcessDef> processes;
  std::vector<Task> tasks;  ///< In creation order.
  int64_t next_file_id = 0;
  /// Calendar, versions, read requests (routes_transactional*.cc).
  TxModelState tx;

  ListData* FindList(const std::string& name);
  ModuleData* FindModule(const std::string& name);
  FileEntry* FindFile(int64_t file_id);
  Task* FindTask(const std::string& segment, int64_t object_id,
                 const std::string& task_id);
};

/// Everything a fixture describes.
struct Tenant {
  std::string customer_guid;
  std::vector<User> users;
  std::vector<Workspace> workspaces;
  std::vector<Model> models;

  const User* FindUserByEmail(const std::string& email) const;
  const User* FindUserById(const std::string& id) const;
  Workspace* FindWorkspace(const std::string& id);
  Model* FindModel(const std::string& id);
};

/// "TEXT", "NUMBER" or "BOOLEAN" for a format, and back (unknown -> text).
const char* ValueFormatName(ValueFormat format);
ValueFormat ParseValueFormat(const std::string& name);
/// NOT_STARTED, IN_PROGRESS, COMPLETE or CANCELLED.
const char* TaskStateName(TaskState state);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_MODEL_DATA_H_
