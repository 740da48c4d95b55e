#include "anaplan_core/testing/fake_sleeper.h"

#include <utility>

namespace anaplan::testing {

absl::Status FakeSleeper::Sleep(absl::Duration d,
                                const core::CallContext& ctx) {
  std::function<void(absl::Duration)> hook;
  {
    anaplan::MutexLock lock(&mu_);
    delays_.push_back(d);
    hook = on_sleep_;
  }
  if (hook) hook(d);
  if (ctx.IsCancelled()) return absl::CancelledError("the caller cancelled");
  return absl::OkStatus();
}

std::vector<absl::Duration> FakeSleeper::delays() const {
  anaplan::MutexLock lock(&mu_);
  return delays_;
}

absl::Duration FakeSleeper::total() const {
  anaplan::MutexLock lock(&mu_);
  absl::Duration sum;
  for (absl::Duration d : delays_) sum += d;
  return sum;
}

void FakeSleeper::set_on_sleep(std::function<void(absl::Duration)> hook) {
  anaplan::MutexLock lock(&mu_);
  on_sleep_ = std::move(hook);
}

absl::Time FakeClock::Now() const {
  anaplan::MutexLock lock(&mu_);
  return now_;
}

void FakeClock::Advance(absl::Duration d) {
  anaplan::MutexLock lock(&mu_);
  now_ += d;
}

std::function<absl::Time()> FakeClock::AsFunction() {
  return [this] { return Now(); };
}

}  // namespace anaplan::testing
