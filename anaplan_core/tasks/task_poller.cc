#include "anaplan_core/tasks/task_poller.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/observer.h"
#include "anaplan_core/status/error_info.h"

namespace anaplan::core {
namespace {

absl::Status StillRunning(const TaskStatus& status, absl::Status cause) {
  if (cause.code() != absl::StatusCode::kDeadlineExceeded) return cause;
  return Annotate(cause, absl::StrCat("task ", status.task_id, " still ",
                                      status.task_state_name,
                                      " (it keeps running in Anaplan)"));
}

bool Differs(const TaskStatus& a, const TaskStatus& b) {
  return a.task_state != b.task_state ||
         a.task_state_name != b.task_state_name || a.progress != b.progress ||
         a.current_step != b.current_step;
}

// Counts a task wait in flight for the observer while it lives.
class TaskWatchScope {
 public:
  TaskWatchScope() { GetObserver().OnTaskWatch(1); }
  ~TaskWatchScope() { GetObserver().OnTaskWatch(-1); }
  TaskWatchScope(const TaskWatchScope&) = delete;
  TaskWatchScope& operator=(const TaskWatchScope&) = delete;
};

void ReportProgress(const TaskStatus& status) {
  GetObserver().OnTaskProgress(status.task_id, status.task_state_name,
                               status.progress);
}

// Waits one interval before the next poll; OK means "poll again".
absl::Status WaitForNextPoll(const TaskStatus& last,
                             const PollingPolicy& policy, Sleeper& sleeper,
                             const CallContext& ctx) {
  absl::Status status = policy.CheckNext(ctx);
  if (status.ok()) status = sleeper.Sleep(policy.interval(), ctx);
  return status.ok() ? status : StillRunning(last, status);
}

}  // namespace

absl::Status PollingPolicy::CheckNext(const CallContext& ctx) const {
  if (ctx.IsCancelled()) return absl::CancelledError("cancelled by caller");
  if (absl::Now() + interval_ >= ctx.deadline) {
    ErrorInfo info;
    info.reason = "ANAPLAN_TIMEOUT";
    return MakeError(absl::StatusCode::kDeadlineExceeded,
                     "deadline reached while waiting for the task", info);
  }
  return absl::OkStatus();
}

absl::StatusOr<TaskStatus> PollUntilDone(const GetTaskStatusFn& get_status,
                                         const PollingPolicy& policy,
                                         Sleeper& sleeper,
                                         const CallContext& ctx) {
  TaskWatchScope watching;
  std::optional<TaskStatus> last;
  while (true) {
    absl::StatusOr<TaskStatus> status = get_status(ctx);
    if (!status.ok()) return status;
    if (!last || Differs(*last, *status)) ReportProgress(*status);
    if (IsTerminal(status->task_state)) return status;
    last = *status;
    absl::Status wait = WaitForNextPoll(*status, policy, sleeper, ctx);
    if (!wait.ok()) return wait;
  }
}

absl::Status WatchUntilDone(
    const GetTaskStatusFn& get_status, const PollingPolicy& policy,
    Sleeper& sleeper,
    const std::function<absl::Status(const TaskStatus&)>& on_change,
    const CallContext& ctx) {
  TaskWatchScope watching;
  std::optional<TaskStatus> last;
  while (true) {
    absl::StatusOr<TaskStatus> status = get_status(ctx);
    if (!status.ok()) return status.status();
    if (!last || Differs(*last, *status)) {
      ReportProgress(*status);
      if (absl::Status s = on_change(*status); !s.ok()) return s;
    }
    if (IsTerminal(status->task_state)) return absl::OkStatus();
    last = *std::move(status);
    absl::Status wait = WaitForNextPoll(*last, policy, sleeper, ctx);
    if (!wait.ok()) return wait;
  }
}

}  // namespace anaplan::core
