#ifndef ANAPLAN_CORE_TESTING_FAKE_SLEEPER_H_
#define ANAPLAN_CORE_TESTING_FAKE_SLEEPER_H_

#include <functional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/time/time.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::testing {

/// A Sleeper that returns at once and records every requested delay.
/// Returns CANCELLED when ctx is already cancelled, like the real one.
/// An optional hook runs on each sleep (e.g. to advance a FakeClock).
class FakeSleeper : public core::Sleeper {
 public:
  absl::Status Sleep(absl::Duration d, const core::CallContext& ctx) override;

  /// Delays requested so far, in order.
  std::vector<absl::Duration> delays() const;
  /// Sum of the delays requested so far.
  absl::Duration total() const;
  void set_on_sleep(std::function<void(absl::Duration)> hook);

 private:
  mutable anaplan::Mutex mu_;
  std::vector<absl::Duration> delays_ ABSL_GUARDED_BY(mu_);
  std::function<void(absl::Duration)> on_sleep_ ABSL_GUARDED_BY(mu_);
};

/// A settable clock for time-dependent code under test (token expiry).
class FakeClock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1'700'000'000))
      : now_(start) {}
  absl::Time Now() const;
  void Advance(absl::Duration d);
  /// A callable reading this clock; the clock must outlive it.
  std::function<absl::Time()> AsFunction();

 private:
  mutable anaplan::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anaplan::testing

#endif  // ANAPLAN_CORE_TESTING_FAKE_SLEEPER_H_
