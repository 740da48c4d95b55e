#include "anaplan_core/retry/real_sleeper.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace anaplan::core {

absl::Status RealSleeper::Sleep(absl::Duration d, const CallContext& ctx) {
  const absl::Time until = std::min(absl::Now() + d, ctx.deadline);
  while (true) {
    if (ctx.IsCancelled()) return absl::CancelledError("the caller cancelled");
    const absl::Duration left = until - absl::Now();
    if (left <= absl::ZeroDuration()) return absl::OkStatus();
    absl::SleepFor(std::min(left, slice_));
  }
}

std::shared_ptr<Sleeper> DefaultSleeper() {
  static const auto* const sleeper =
      new std::shared_ptr<Sleeper>(std::make_shared<RealSleeper>());
  return *sleeper;
}

}  // namespace anaplan::core
