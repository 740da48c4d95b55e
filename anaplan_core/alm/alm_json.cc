#include "anaplan_core/alm/alm_json.h"

#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core::internal {
namespace {

ChangeCounts ParseCounts(const rapidjson::Value& parent, const char* key) {
  ChangeCounts counts;
  const rapidjson::Value* json = FindObject(parent, key);
  // Omitted counts and omitted categories both mean "no change" (§6.4).
  if (json == nullptr) return counts;
  counts.modified = OptionalInt(*json, "modified");
  counts.deleted = OptionalInt(*json, "deleted");
  counts.created = OptionalInt(*json, "created");
  return counts;
}

}  // namespace

absl::Status BadReply(absl::string_view message) {
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_RESPONSE";
  return MakeError(absl::StatusCode::kInternal, message, info);
}

absl::StatusOr<Revision> ParseRevision(const rapidjson::Value& json) {
  Revision r;
  ANAPLAN_ASSIGN_OR_RETURN(r.id, RequiredString(json, "id", "revision"));
  r.name = OptionalString(json, "name");
  r.description = OptionalString(json, "description");
  r.created_on = OptionalString(json, "createdOn");
  r.created_by = OptionalString(json, "createdBy");
  r.creation_method = OptionalString(json, "creationMethod");
  r.applied_on = OptionalString(json, "appliedOn");
  r.applied_by = OptionalString(json, "appliedBy");
  return r;
}

absl::StatusOr<ModelRevision> ParseModelRevision(const rapidjson::Value& json) {
  ModelRevision m;
  ANAPLAN_ASSIGN_OR_RETURN(m.model_id,
                           RequiredString(json, "modelId", "appliedToModels"));
  // Deleted models omit name and workspace (§6.2).
  m.model_name = OptionalString(json, "modelName");
  m.workspace_id = OptionalString(json, "workspaceId");
  m.applied_by = OptionalString(json, "appliedBy");
  m.applied_on = OptionalString(json, "appliedOn");
  m.applied_method = OptionalString(json, "appliedMethod");
  m.model_deleted = OptionalBool(json, "modelDeleted");
  return m;
}

absl::StatusOr<AlmTask> ParseAlmTask(const rapidjson::Value& json) {
  AlmTask t;
  ANAPLAN_ASSIGN_OR_RETURN(t.task_id, RequiredString(json, "taskId", "task"));
  ANAPLAN_ASSIGN_OR_RETURN(t.task_state,
                           RequiredString(json, "taskState", "task"));
  // The live spec sends creationTime as an ISO date-time, the SDK expects
  // epoch ms; OptionalString takes either.
  t.creation_time = OptionalString(json, "creationTime");
  t.current_step = OptionalString(json, "currentStep");
  if (const rapidjson::Value* result = FindObject(json, "result")) {
    AlmTaskResult r;
    r.successful = OptionalBool(*result, "successful");
    r.source_revision_id = OptionalString(*result, "sourceRevisionId");
    r.target_revision_id = OptionalString(*result, "targetRevisionId");
    r.report_file_url = OptionalString(*result, "reportFileUrl");
    if (const rapidjson::Value* error = FindObject(*result, "error")) {
      r.error = AlmTaskError{OptionalString(*error, "title"),
                             OptionalString(*error, "messageText")};
    }
    t.result = std::move(r);
  }
  return t;
}

absl::StatusOr<SummaryReport> ParseSummaryReport(const rapidjson::Value& json) {
  const rapidjson::Value* report = FindObject(json, "summaryReport");
  if (report == nullptr) return BadReply("reply has no summaryReport object");
  SummaryReport s;
  s.target_revision_id = OptionalString(*report, "targetRevisionId");
  s.source_revision_id = OptionalString(*report, "sourceRevisionId");
  s.totals = ParseCounts(*report, "totals");
  if (const rapidjson::Value* d = FindObject(*report, "differences")) {
    s.line_items = ParseCounts(*d, "lineItems");
    s.roles_contents = ParseCounts(*d, "rolesContents");
    s.lists = ParseCounts(*d, "lists");
    s.modules = ParseCounts(*d, "modules");
  }
  return s;
}

}  // namespace anaplan::core::internal
