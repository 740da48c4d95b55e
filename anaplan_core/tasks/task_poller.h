#ifndef ANAPLAN_CORE_TASKS_TASK_POLLER_H_
#define ANAPLAN_CORE_TASKS_TASK_POLLER_H_

#include <algorithm>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "anaplan_core/bulk/bulk_types.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core {

/// How task status polls are spaced. Polling is not retrying
/// (conventions.md §4): each poll request goes through the RestClient's own
/// retry loop; this only decides when the next poll starts.
class PollingPolicy {
 public:
  /// Negative intervals count as zero.
  explicit PollingPolicy(absl::Duration interval)
      : interval_(std::max(interval, absl::ZeroDuration())) {}

  absl::Duration interval() const { return interval_; }

  /// Whether another poll may start after waiting interval().
  /// \error CANCELLED when ctx is cancelled; DEADLINE_EXCEEDED (reason
  ///   ANAPLAN_TIMEOUT) when the next poll would start at or after ctx's
  ///   deadline: polls never start past it.
  absl::Status CheckNext(const CallContext& ctx) const;

 private:
  absl::Duration interval_;
};

/// Reads the task's status once.
using GetTaskStatusFn =
    std::function<absl::StatusOr<TaskStatus>(const CallContext& ctx)>;

/// Reads the status now, then after every interval, until the task is
/// terminal (COMPLETE or CANCELLED), and returns that status; an
/// unsuccessful result is a status, not an error.
/// \error a failed status read (after its retries); CANCELLED;
///   DEADLINE_EXCEEDED naming the task and its last state (the task keeps
///   running in Anaplan).
absl::StatusOr<TaskStatus> PollUntilDone(const GetTaskStatusFn& get_status,
                                         const PollingPolicy& policy,
                                         Sleeper& sleeper,
                                         const CallContext& ctx);

/// Like PollUntilDone, calling `on_change` with the first status and every
/// later one whose state, progress or step differs. A non-OK return from
/// `on_change` stops watching with that status.
absl::Status WatchUntilDone(
    const GetTaskStatusFn& get_status, const PollingPolicy& policy,
    Sleeper& sleeper,
    const std::function<absl::Status(const TaskStatus&)>& on_change,
    const CallContext& ctx);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_TASKS_TASK_POLLER_H_
