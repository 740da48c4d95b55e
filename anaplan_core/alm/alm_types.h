#ifndef ANAPLAN_CORE_ALM_ALM_TYPES_H_
#define ANAPLAN_CORE_ALM_ALM_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>

namespace anaplan::core {

/// An ALM revision tag (anaplan-api.md §6.2).
struct Revision {
  std::string id;
  std::string name;
  std::string description;
  std::string created_on;
  std::string created_by;
  std::string creation_method;
  std::string applied_on;
  std::string applied_by;
};

/// A model a revision was applied to.
struct ModelRevision {
  std::string model_id;
  std::string model_name;
  std::string workspace_id;
  std::string applied_by;
  std::string applied_on;
  std::string applied_method;
  bool model_deleted = false;
};

struct AlmTaskError {
  std::string title;
  std::string message_text;
};

struct AlmTaskResult {
  bool successful = false;
  std::string source_revision_id;
  std::string target_revision_id;
  std::string report_file_url;
  std::optional<AlmTaskError> error;
};

/// A sync, comparison report or summary report task (§6.3, §6.4).
struct AlmTask {
  std::string task_id;
  /// NOT_STARTED, IN_PROGRESS or COMPLETE.
  std::string task_state;
  /// As sent: ISO-8601 (live spec) or epoch ms (SDK).
  std::string creation_time;
  std::string current_step;
  std::optional<AlmTaskResult> result;

  bool Done() const { return task_state == "COMPLETE"; }
};

/// Which ALM task family a task id belongs to.
enum class AlmTaskKind { kSync, kComparisonReport, kSummaryReport };

/// The body of every ALM task start: what to compare or sync into the
/// target model.
struct AlmTaskSpec {
  std::string source_revision_id;
  std::string source_model_id;
  std::string target_revision_id;
};

struct ChangeCounts {
  int64_t modified = 0;
  int64_t deleted = 0;
  int64_t created = 0;
};

/// GET .../summaryReports/{target}/{source} (`summaryReport`).
struct SummaryReport {
  std::string target_revision_id;
  std::string source_revision_id;
  ChangeCounts totals;
  ChangeCounts line_items;
  ChangeCounts roles_contents;
  ChangeCounts lists;
  ChangeCounts modules;
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_ALM_ALM_TYPES_H_
