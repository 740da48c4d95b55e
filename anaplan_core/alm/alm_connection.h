#ifndef ANAPLAN_CORE_ALM_ALM_CONNECTION_H_
#define ANAPLAN_CORE_ALM_ALM_CONNECTION_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#include "anaplan_core/alm/alm_types.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core {

/// The ALM API ({api_url}/models/{model}/alm, .../onlineStatus): every
/// operation of anaplan-sdk's `client.alm` plus task watching. `model_id` is
/// always the target model. Ids are checked locally (32 hex characters,
/// INVALID_ARGUMENT naming the field); other errors follow BulkConnection's
/// model (RestClient's status mapping). Thread-safe.
class AlmConnection {
 public:
  virtual ~AlmConnection() = default;

  /// PUT onlineStatus; `status` is "online" or "offline".
  virtual absl::Status ChangeModelStatus(const std::string& model_id,
                                         const std::string& status,
                                         const CallContext& ctx) = 0;
  /// `sort_by` empty or one of id, name, appliedOn, createdOn.
  virtual absl::StatusOr<std::vector<Revision>> GetRevisions(
      const std::string& model_id, const std::string& sort_by, bool descending,
      const CallContext& ctx) = 0;
  /// nullopt when the model has no revision.
  virtual absl::StatusOr<std::optional<Revision>> GetLatestRevision(
      const std::string& model_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<Revision>> GetSyncableRevisions(
      const std::string& model_id, const std::string& source_model_id,
      const CallContext& ctx) = 0;
  /// Name 1..60 characters, description at most 250 (checked locally).
  /// Not resent when its fate is unknown.
  virtual absl::StatusOr<Revision> CreateRevision(
      const std::string& model_id, const std::string& name,
      const std::string& description, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<ModelRevision>> GetModelsForRevision(
      const std::string& model_id, const std::string& revision_id,
      const CallContext& ctx) = 0;

  virtual absl::StatusOr<std::vector<AlmTask>> GetSyncTasks(
      const std::string& model_id, const CallContext& ctx) = 0;
  /// Starts a task of `kind` (one POST, never resent when its fate is
  /// unknown) and returns its first status.
  virtual absl::StatusOr<AlmTask> StartTask(AlmTaskKind kind,
                                            const std::string& model_id,
                                            const AlmTaskSpec& spec,
                                            const CallContext& ctx) = 0;
  virtual absl::StatusOr<AlmTask> GetTask(AlmTaskKind kind,
                                          const std::string& model_id,
                                          const std::string& task_id,
                                          const CallContext& ctx) = 0;
  /// Polls every `poll_interval` (zero: the client's poll delay) until the
  /// task is COMPLETE and returns it (unsuccessful results are returned,
  /// not errors). DEADLINE_EXCEEDED when ctx's deadline comes first.
  virtual absl::StatusOr<AlmTask> WaitTask(AlmTaskKind kind,
                                           const std::string& model_id,
                                           const std::string& task_id,
                                           absl::Duration poll_interval,
                                           const CallContext& ctx) = 0;
  /// Like WaitTask, calling `on_change` with the first status and every
  /// one whose state or step differs; a non-OK return stops watching.
  virtual absl::Status WatchTask(
      AlmTaskKind kind, const std::string& model_id, const std::string& task_id,
      absl::Duration poll_interval,
      const std::function<absl::Status(const AlmTask&)>& on_change,
      const CallContext& ctx) = 0;

  /// The comparison report bytes (tab-separated text), in pieces.
  virtual absl::Status GetComparisonReport(
      const std::string& model_id, const std::string& target_revision_id,
      const std::string& source_revision_id,
      const std::function<absl::Status(absl::string_view)>& on_bytes,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<SummaryReport> GetSummaryReport(
      const std::string& model_id, const std::string& target_revision_id,
      const std::string& source_revision_id, const CallContext& ctx) = 0;
};

/// An AlmConnection over `rest` with URLs under `api_url` (e.g.
/// https://api.anaplan.com/2/0). `sleeper` spaces polls (null: real sleep).
std::shared_ptr<AlmConnection> MakeAlmConnection(
    std::shared_ptr<RestClient> rest, std::string api_url,
    std::shared_ptr<Sleeper> sleeper = nullptr);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_ALM_ALM_CONNECTION_H_
