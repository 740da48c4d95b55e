#ifndef ANAPLAN_EMULATOR_ALM_STORE_H_
#define ANAPLAN_EMULATOR_ALM_STORE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

#include "emulator/model_data.h"

namespace anaplan::emulator {

/// A model's structure as ALM sees it: "list:Name", "module:Name" and
/// "lineItem:Module.Name" keys mapped to a signature of their definition.
/// Data (list items, cells) is not structure.
using StructureSnapshot = std::map<std::string, std::string>;

StructureSnapshot SnapshotOf(const Model& model);

/// Makes `model`'s structure that of `snapshot`: lists and modules missing
/// from it are removed, new ones added empty, changed ones redefined
/// (items and cells of kept objects stay).
void ApplySnapshot(const StructureSnapshot& snapshot, Model& model);

/// Per category (lists, modules, lineItems): created = in source only,
/// deleted = in target only, modified = both with different signatures.
struct StructureDiff {
  struct Counts {
    int64_t modified = 0, deleted = 0, created = 0;
  };
  std::map<std::string, Counts> by_category;
  Counts totals;
  /// One line per difference: category, name, change.
  std::vector<std::string> lines;
};
StructureDiff Diff(const StructureSnapshot& target,
                   const StructureSnapshot& source);

/// One application of a revision to a model.
struct RevisionApplication {
  std::string model_id;
  absl::Time applied_on;
  std::string applied_by;  ///< User id.
  std::string applied_method;
};

struct AlmRevision {
  std::string id;  ///< 32 uppercase hex.
  std::string name;
  std::string description;
  std::string origin_model_id;
  absl::Time created_on;
  std::string created_by;
  std::string creation_method;
  StructureSnapshot snapshot;
  std::vector<RevisionApplication> applied;
};

enum class AlmTaskType { kSync, kComparison, kSummary };

struct AlmTaskRecord {
  std::string task_id;
  AlmTaskType type = AlmTaskType::kSync;
  std::string model_id;  ///< Target model.
  std::string source_model_id;
  std::string source_revision_id;
  std::string target_revision_id;
  std::string user_id;
  absl::Time creation_time;
  int polls = 0;
  bool complete = false;
  bool successful = false;
  std::string error_title;
  std::string error_message;
};

/// ALM state of the tenant.
struct AlmStore {
  std::map<std::string, AlmRevision> revisions;
  /// Revision ids present in each model, oldest first.
  std::map<std::string, std::vector<std::string>> model_revisions;
  std::vector<AlmTaskRecord> tasks;  ///< Creation order.
  /// Produced reports by "model/target/source".
  std::map<std::string, std::string> comparison_reports;
  std::map<std::string, StructureDiff> summary_reports;

  AlmRevision* FindRevision(const std::string& id);
  /// The newest revision of a model, or null.
  AlmRevision* LatestOf(const std::string& model_id);
  AlmTaskRecord* FindTask(const std::string& model_id, AlmTaskType type,
                          const std::string& task_id);
};

/// Revisions of `source_id` that can be synced into `target_id`, newest
/// first: none when the target has no revision, else the source's own
/// revisions newer than the newest one the target already has.
std::vector<std::string> SyncableRevisionIds(AlmStore& alm,
                                             const std::string& source_id,
                                             const std::string& target_id);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_ALM_STORE_H_
