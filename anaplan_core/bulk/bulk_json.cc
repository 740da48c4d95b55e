#include "anaplan_core/bulk/bulk_json.h"

#include <utility>

#include "absl/strings/str_cat.h"

#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

absl::Status BadResponse(absl::string_view message) {
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_RESPONSE";
  return MakeError(absl::StatusCode::kInternal, message, info);
}

absl::Status RequireObject(const rapidjson::Value& value,
                           absl::string_view what) {
  if (value.IsObject()) return absl::OkStatus();
  return BadResponse(
      absl::StrCat("malformed reply: ", what, " is not a JSON object"));
}

// A scalar as text: strings as is, null as "", anything else as JSON.
std::string ScalarText(const rapidjson::Value& value) {
  if (value.IsString()) {
    return std::string(value.GetString(), value.GetStringLength());
  }
  if (value.IsNull()) return "";
  return ToJsonText(value);
}

std::vector<std::string> StringArray(const rapidjson::Value& object,
                                     const char* key) {
  std::vector<std::string> out;
  const rapidjson::Value* array = FindArray(object, key);
  if (array == nullptr) return out;
  out.reserve(array->Size());
  for (const auto& item : array->GetArray()) out.push_back(ScalarText(item));
  return out;
}

// ids of 113…/112… objects are sent as strings; empty means absent (§4.3).
int64_t OptionalId(const rapidjson::Value& object, const char* key) {
  return OptionalInt(object, key, 0);
}

absl::StatusOr<TaskDetail> ParseTaskDetail(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "task detail"));
  TaskDetail detail;
  detail.type = OptionalString(value, "type");
  detail.local_message_text = OptionalString(value, "localMessageText");
  detail.occurrences = OptionalInt(value, "occurrences");
  detail.values = StringArray(value, "values");
  return detail;
}

}  // namespace

absl::StatusOr<const rapidjson::Value*> RequiredObject(
    const rapidjson::Value& reply, const char* key) {
  const rapidjson::Value* object =
      reply.IsObject() ? FindObject(reply, key) : nullptr;
  if (object == nullptr) {
    return BadResponse(
        absl::StrCat("malformed reply: object \"", key, "\" is missing"));
  }
  return object;
}

TaskState ParseTaskState(absl::string_view word) {
  static constexpr std::pair<absl::string_view, TaskState> kStates[] = {
      {"NOT_STARTED", TaskState::kNotStarted},
      {"IN_PROGRESS", TaskState::kInProgress},
      {"COMPLETE", TaskState::kComplete},
      {"CANCELLING", TaskState::kCancelling},
      {"CANCELLED", TaskState::kCancelled},
  };
  for (const auto& [name, state] : kStates) {
    if (name == word) return state;
  }
  return TaskState::kUnknown;
}

absl::StatusOr<Workspace> ParseWorkspace(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "workspace"));
  Workspace ws;
  ANAPLAN_ASSIGN_OR_RETURN(ws.id, RequiredString(value, "id", "workspace"));
  ANAPLAN_ASSIGN_OR_RETURN(ws.name, RequiredString(value, "name", "workspace"));
  ws.active = OptionalBool(value, "active");
  ws.size_allowance = OptionalInt(value, "sizeAllowance");
  ws.current_size = OptionalInt(value, "currentSize");
  return ws;
}

absl::StatusOr<WorkspacePerson> ParseWorkspacePerson(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "workspace person"));
  WorkspacePerson p;
  p.first_name = OptionalString(value, "firstName");
  p.last_name = OptionalString(value, "lastName");
  p.email = OptionalString(value, "email");
  p.active = OptionalBool(value, "active");
  auto it = value.FindMember("otherWorkspaces");
  if (it != value.MemberEnd() && it->value.IsArray()) {
    for (const auto& name : it->value.GetArray()) {
      if (name.IsString()) p.other_workspaces.emplace_back(name.GetString());
    }
  }
  return p;
}

absl::StatusOr<Model> ParseModel(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "model"));
  Model m;
  ANAPLAN_ASSIGN_OR_RETURN(m.id, RequiredString(value, "id", "model"));
  ANAPLAN_ASSIGN_OR_RETURN(m.name, RequiredString(value, "name", "model"));
  m.active_state = OptionalString(value, "activeState");
  m.last_saved_serial_number = OptionalInt(value, "lastSavedSerialNumber");
  m.last_modified_by_user_guid =
      OptionalString(value, "lastModifiedByUserGuid");
  m.memory_usage = OptionalInt(value, "memoryUsage");
  m.current_workspace_id = OptionalString(value, "currentWorkspaceId");
  m.current_workspace_name = OptionalString(value, "currentWorkspaceName");
  m.model_url = OptionalString(value, "modelUrl");
  if (const auto* values = FindArray(value, "categoryValues")) {
    for (const auto& item : values->GetArray()) {
      m.category_values_json.push_back(ToJsonText(item));
    }
  }
  m.iso_creation_date = OptionalString(value, "isoCreationDate");
  m.last_modified = OptionalString(value, "lastModified");
  m.model_transaction_running = OptionalBool(value, "modelTransactionRunning");
  return m;
}

absl::StatusOr<File> ParseFile(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "file"));
  File f;
  ANAPLAN_ASSIGN_OR_RETURN(f.id, RequiredInt(value, "id", "file"));
  f.name = OptionalString(value, "name");
  f.chunk_count = OptionalInt(value, "chunkCount");
  f.first_data_row = OptionalInt(value, "firstDataRow");
  f.header_row = OptionalInt(value, "headerRow");
  f.delimiter = OptionalString(value, "delimiter");
  f.encoding = OptionalString(value, "encoding");
  f.format = OptionalString(value, "format");
  f.separator = OptionalString(value, "separator");
  return f;
}

absl::StatusOr<Action> ParseAction(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "action"));
  Action a;
  ANAPLAN_ASSIGN_OR_RETURN(a.id, RequiredInt(value, "id", "action"));
  ANAPLAN_ASSIGN_OR_RETURN(a.name, RequiredString(value, "name", "action"));
  a.action_type = OptionalString(value, "actionType");
  return a;
}

absl::StatusOr<Process> ParseProcess(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "process"));
  Process p;
  ANAPLAN_ASSIGN_OR_RETURN(p.id, RequiredInt(value, "id", "process"));
  ANAPLAN_ASSIGN_OR_RETURN(p.name, RequiredString(value, "name", "process"));
  return p;
}

absl::StatusOr<Import> ParseImport(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "import"));
  Import i;
  ANAPLAN_ASSIGN_OR_RETURN(i.id, RequiredInt(value, "id", "import"));
  ANAPLAN_ASSIGN_OR_RETURN(i.name, RequiredString(value, "name", "import"));
  i.import_type = OptionalString(value, "importType");
  i.import_data_source_id = OptionalId(value, "importDataSourceId");
  // Newer replies nest the source id in importDataSource.
  if (const auto* source = FindObject(value, "importDataSource");
      source != nullptr && i.import_data_source_id == 0) {
    i.import_data_source_id = OptionalId(*source, "importDataSourceId");
  }
  return i;
}

absl::StatusOr<Export> ParseExport(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "export"));
  Export e;
  ANAPLAN_ASSIGN_OR_RETURN(e.id, RequiredInt(value, "id", "export"));
  ANAPLAN_ASSIGN_OR_RETURN(e.name, RequiredString(value, "name", "export"));
  e.export_type = OptionalString(value, "exportType");
  e.export_format = OptionalString(value, "exportFormat");
  e.encoding = OptionalString(value, "encoding");
  e.layout = OptionalString(value, "layout");
  return e;
}

absl::StatusOr<ImportMetadata> ParseImportMetadata(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "importMetadata"));
  ImportMetadata m;
  m.name = OptionalString(value, "name");
  m.type = OptionalString(value, "type");
  const rapidjson::Value* source = FindObject(value, "source");
  if (source == nullptr) return m;  // Model-to-model imports have none.
  m.column_count = OptionalInt(*source, "columnCount");
  m.column_separator = OptionalString(*source, "columnSeparator");
  m.decimal_separator = OptionalString(*source, "decimalSeparator");
  m.first_data_row = OptionalInt(*source, "firstDataRow");
  m.header_names = StringArray(*source, "headerNames");
  m.header_row = OptionalInt(*source, "headerRow");
  m.text_delimiter = OptionalString(*source, "textDelimiter");
  m.text_encoding = OptionalString(*source, "textEncoding");
  return m;
}

absl::StatusOr<ExportMetadata> ParseExportMetadata(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "exportMetadata"));
  ExportMetadata m;
  m.column_count = OptionalInt(value, "columnCount");
  m.data_types = StringArray(value, "dataTypes");
  m.delimiter = OptionalString(value, "delimiter");
  m.encoding = OptionalString(value, "encoding");
  m.export_format = OptionalString(value, "exportFormat");
  m.header_names = StringArray(value, "headerNames");
  m.list_names = StringArray(value, "listNames");
  m.row_count = OptionalInt(value, "rowCount");
  m.separator = OptionalString(value, "separator");
  m.layout = OptionalString(value, "layout");
  return m;
}

absl::StatusOr<ProcessMetadata> ParseProcessMetadata(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "processMetadata"));
  ProcessMetadata m;
  m.name = OptionalString(value, "name");
  const rapidjson::Value* actions = FindArray(value, "actions");
  if (actions == nullptr) return m;
  for (const auto& item : actions->GetArray()) {
    ANAPLAN_RETURN_IF_ERROR(RequireObject(item, "processMetadata.actions[]"));
    ProcessMetadata::ProcessAction a;
    ANAPLAN_ASSIGN_OR_RETURN(
        a.id, RequiredInt(item, "id", "processMetadata.actions[]"));
    a.name = OptionalString(item, "name");
    a.action_type = OptionalString(item, "actionType");
    a.import_data_source_id = OptionalId(item, "importDataSourceId");
    m.actions.push_back(std::move(a));
  }
  return m;
}

absl::StatusOr<DeleteModelsResult> ParseDeleteModelsResult(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "bulkDeleteModels reply"));
  DeleteModelsResult r;
  r.models_deleted = OptionalInt(value, "modelsDeleted");
  const rapidjson::Value* failures =
      FindArray(value, "bulkDeleteModelsFailures");
  if (failures == nullptr) return r;  // Omitted when every model went.
  for (const auto& item : failures->GetArray()) {
    ANAPLAN_RETURN_IF_ERROR(RequireObject(item, "bulkDeleteModelsFailures[]"));
    r.failures.push_back(
        {OptionalString(item, "modelId"), OptionalString(item, "message")});
  }
  return r;
}

absl::StatusOr<TaskResult> ParseTaskResult(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "task.result"));
  TaskResult r;
  r.successful = OptionalBool(value, "successful");
  r.failure_dump_available = OptionalBool(value, "failureDumpAvailable");
  if (auto id = value.FindMember("objectId"); id != value.MemberEnd()) {
    r.object_id = ScalarText(id->value);  // A string, or a number in tests.
  }
  r.object_name = OptionalString(value, "objectName");
  if (const auto* details = FindArray(value, "details")) {
    for (const auto& item : details->GetArray()) {
      ANAPLAN_ASSIGN_OR_RETURN(TaskDetail detail, ParseTaskDetail(item));
      r.details.push_back(std::move(detail));
    }
  }
  // Depth is bounded by ParseJson's nesting cap (kMaxJsonDepth).
  if (const auto* nested = FindArray(value, "nestedResults")) {
    for (const auto& item : nested->GetArray()) {
      ANAPLAN_ASSIGN_OR_RETURN(TaskResult child, ParseTaskResult(item));
      r.nested_results.push_back(std::move(child));
    }
  }
  return r;
}

absl::StatusOr<TaskStatus> ParseTaskStatus(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "task"));
  TaskStatus t;
  ANAPLAN_ASSIGN_OR_RETURN(t.task_id, RequiredString(value, "taskId", "task"));
  ANAPLAN_ASSIGN_OR_RETURN(t.task_state_name,
                           RequiredString(value, "taskState", "task"));
  t.task_state = ParseTaskState(t.task_state_name);
  t.creation_time = OptionalInt(value, "creationTime");
  t.progress = OptionalDouble(value, "progress");
  t.current_step = OptionalString(value, "currentStep");
  if (const auto* result = FindObject(value, "result")) {
    ANAPLAN_ASSIGN_OR_RETURN(TaskResult parsed, ParseTaskResult(*result));
    t.result = std::move(parsed);
  }
  return t;
}

absl::StatusOr<TaskSummary> ParseTaskSummary(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "tasks[]"));
  TaskSummary t;
  ANAPLAN_ASSIGN_OR_RETURN(t.task_id,
                           RequiredString(value, "taskId", "tasks[]"));
  t.task_state_name = OptionalString(value, "taskState");
  t.task_state = ParseTaskState(t.task_state_name);
  t.creation_time = OptionalInt(value, "creationTime");
  return t;
}

}  // namespace anaplan::core
