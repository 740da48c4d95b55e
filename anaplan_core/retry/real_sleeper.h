#ifndef ANAPLAN_CORE_RETRY_REAL_SLEEPER_H_
#define ANAPLAN_CORE_RETRY_REAL_SLEEPER_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core {

/// Sleeps for real, in slices of at most `slice`, checking ctx between
/// slices. Returns CANCELLED as soon as ctx is cancelled, and stops (OK)
/// early when ctx's deadline arrives: the caller's next check reports it.
class RealSleeper : public Sleeper {
 public:
  explicit RealSleeper(absl::Duration slice = absl::Milliseconds(20))
      : slice_(slice) {}
  absl::Status Sleep(absl::Duration d, const CallContext& ctx) override;

 private:
  absl::Duration slice_;
};

/// A process-wide RealSleeper.
std::shared_ptr<Sleeper> DefaultSleeper();

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_RETRY_REAL_SLEEPER_H_
