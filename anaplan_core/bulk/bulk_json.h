#ifndef ANAPLAN_CORE_BULK_BULK_JSON_H_
#define ANAPLAN_CORE_BULK_BULK_JSON_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

#include "anaplan_core/bulk/bulk_types.h"

namespace anaplan::core {

/// Parsers of the Bulk (Integration v2) resources (anaplan-api.md §4) from
/// their JSON objects. They tolerate unknown fields, keep unknown enum words
/// as sent and read numeric ids from JSON numbers or strings. Only the fields
/// that identify a resource are required (ids, names, task state).
/// \error INTERNAL (reason ANAPLAN_BAD_RESPONSE) naming the JSON path when a
///   required field is missing or mistyped, or `value` is not an object.

absl::StatusOr<Workspace> ParseWorkspace(const rapidjson::Value& value);
/// One element of a workspace's "admins" or "visitors".
absl::StatusOr<WorkspacePerson> ParseWorkspacePerson(
    const rapidjson::Value& value);
absl::StatusOr<Model> ParseModel(const rapidjson::Value& value);
absl::StatusOr<File> ParseFile(const rapidjson::Value& value);
absl::StatusOr<Action> ParseAction(const rapidjson::Value& value);
absl::StatusOr<Process> ParseProcess(const rapidjson::Value& value);
absl::StatusOr<Import> ParseImport(const rapidjson::Value& value);
absl::StatusOr<Export> ParseExport(const rapidjson::Value& value);
/// The `importMetadata` object (its `source` flattened).
absl::StatusOr<ImportMetadata> ParseImportMetadata(
    const rapidjson::Value& value);
/// The `exportMetadata` object.
absl::StatusOr<ExportMetadata> ParseExportMetadata(
    const rapidjson::Value& value);
/// The `processMetadata` object.
absl::StatusOr<ProcessMetadata> ParseProcessMetadata(
    const rapidjson::Value& value);
/// The whole bulkDeleteModels reply (failures key may be absent).
absl::StatusOr<DeleteModelsResult> ParseDeleteModelsResult(
    const rapidjson::Value& value);
/// A task object (`task` of a status reply); result parsed recursively.
absl::StatusOr<TaskStatus> ParseTaskStatus(const rapidjson::Value& value);
absl::StatusOr<TaskSummary> ParseTaskSummary(const rapidjson::Value& value);
/// A TaskResult, with its details and nested results.
absl::StatusOr<TaskResult> ParseTaskResult(const rapidjson::Value& value);

/// TaskState of a taskState word; kUnknown for words we do not know.
TaskState ParseTaskState(absl::string_view word);

/// The object member `key` of a reply envelope (e.g. "task", "file").
/// \error INTERNAL (reason ANAPLAN_BAD_RESPONSE) when absent or not an object.
absl::StatusOr<const rapidjson::Value*> RequiredObject(
    const rapidjson::Value& reply, const char* key);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_BULK_BULK_JSON_H_
