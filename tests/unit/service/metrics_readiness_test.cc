// ReadinessGate: NOT_SERVING until the credentials are verified, retries of
// transient failures only, and NOT_SERVING for good from shutdown on.
#include <atomic>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

#include "anaplan_core/common/sync.h"
#include "service/lifecycle.h"
#include "service/metrics.h"

namespace anaplan::service {
namespace {

/// Records what the gate sets, like grpc's default health service.
class FakeHealth : public grpc::HealthCheckServiceInterface {
 public:
  void SetServingStatus(const std::string& name, bool serving) override {
    anaplan::MutexLock lock(&mu_);
    if (!shut_down_) status_[name] = serving;
  }
  void SetServingStatus(bool serving) override {
    anaplan::MutexLock lock(&mu_);
    if (shut_down_) return;
    for (auto& [name, value] : status_) value = serving;
    status_[""] = serving;
  }
  void Shutdown() override {
    anaplan::MutexLock lock(&mu_);
    for (auto& [name, value] : status_) value = false;
    shut_down_ = true;
  }
  /// -1 unknown, 0 NOT_SERVING, 1 SERVING.
  int Get(const std::string& name) {
    anaplan::MutexLock lock(&mu_);
    auto it = status_.find(name);
    return it == status_.end() ? -1 : (it->second ? 1 : 0);
  }

 private:
  anaplan::Mutex mu_;
  std::map<std::string, bool> status_;
  bool shut_down_ = false;
};

ReadinessOptions Fast() {
  ReadinessOptions options;
  options.initial_backoff = absl::Milliseconds(1);
  options.max_backoff = absl::Milliseconds(4);
  return options;
}

bool WaitFor(const std::function<bool()>& done) {
  const absl::Time until = absl::Now() + absl::Seconds(20);
  while (absl::Now() < until) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(2));
  }
  return false;
}

TEST(ReadinessGateTest, NoCredentialsIsReadyAtOnce) {
  FakeHealth health;
  ServiceMetrics metrics;
  ReadinessGate gate(&health, {"anaplan.v1.BulkService"}, &metrics.ready);
  gate.Start(nullptr);
  EXPECT_TRUE(gate.ready());
  EXPECT_EQ(health.Get(kReadinessServiceName), 1);
  EXPECT_EQ(health.Get(""), 1);
  EXPECT_EQ(metrics.ready.Value({}), 1);
}

TEST(ReadinessGateTest, TransientFailuresAreRetriedUntilVerified) {
  FakeHealth health;
  ServiceMetrics metrics;
  std::atomic<int> calls{0};
  anaplan::Notification release;
  ReadinessGate gate(&health, {"anaplan.v1.BulkService"}, &metrics.ready);
  gate.Start(
      [&](const core::CallContext&) {
        const int n = ++calls;
        if (n == 1) release.WaitForNotification();
        if (n < 3) return absl::UnavailableError("token service down");
        return absl::OkStatus();
      },
      Fast());
  // While the first check runs: alive, not ready.
  EXPECT_EQ(health.Get(""), 1);
  EXPECT_EQ(health.Get(kReadinessServiceName), 0);
  EXPECT_EQ(health.Get("anaplan.v1.BulkService"), 0);
  EXPECT_FALSE(gate.ready());
  release.Notify();
  ASSERT_TRUE(WaitFor([&] { return gate.ready(); }));
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(health.Get(kReadinessServiceName), 1);
  EXPECT_EQ(health.Get("anaplan.v1.BulkService"), 1);
  EXPECT_EQ(metrics.ready.Value({}), 1);
  gate.BeginShutdown();
  EXPECT_FALSE(gate.ready());
  EXPECT_EQ(health.Get(kReadinessServiceName), 0);
  EXPECT_EQ(health.Get(""), 0);
  EXPECT_EQ(metrics.ready.Value({}), 0);
}

TEST(ReadinessGateTest, RejectedCredentialsAreTriedOnce) {
  FakeHealth health;
  std::atomic<int> calls{0};
  anaplan::Notification done;
  ReadinessGate gate(&health, {}, nullptr);
  gate.Start(
      [&](const core::CallContext&) {
        ++calls;
        done.Notify();
        return absl::UnauthenticatedError("Anaplan rejected the credentials");
      },
      Fast());
  done.WaitForNotification();
  absl::SleepFor(absl::Milliseconds(50));  // room for a wrong retry
  EXPECT_EQ(calls.load(), 1);
  EXPECT_FALSE(gate.ready());
  EXPECT_EQ(health.Get(kReadinessServiceName), 0);
}

TEST(ReadinessGateTest, ShutdownStopsACheckInFlight) {
  FakeHealth health;
  std::atomic<bool> saw_cancel{false};
  anaplan::Notification started;
  ReadinessGate gate(&health, {}, nullptr);
  gate.Start(
      [&](const core::CallContext& ctx) {
        started.Notify();
        while (!ctx.IsCancelled()) absl::SleepFor(absl::Milliseconds(1));
        saw_cancel = true;
        return absl::CancelledError("cancelled");
      },
      Fast());
  started.WaitForNotification();
  gate.BeginShutdown();  // joins: returns only once the check has stopped
  EXPECT_TRUE(saw_cancel.load());
  EXPECT_FALSE(gate.ready());
  EXPECT_EQ(health.Get(kReadinessServiceName), 0);
}

TEST(ReadinessGateTest, CredentialRejectionCodes) {
  EXPECT_TRUE(IsCredentialRejection(absl::UnauthenticatedError("")));
  EXPECT_TRUE(IsCredentialRejection(absl::PermissionDeniedError("")));
  EXPECT_FALSE(IsCredentialRejection(absl::UnavailableError("")));
  EXPECT_FALSE(IsCredentialRejection(absl::DeadlineExceededError("")));
  EXPECT_FALSE(IsCredentialRejection(absl::InternalError("")));
}

}  // namespace
}  // namespace anaplan::service
