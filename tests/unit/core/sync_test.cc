// anaplan::Mutex and friends (anaplan_core/common/sync.h). Run under TSan
// too (scripts/sanitize.sh tsan): a lock that did not order its critical
// sections would show as a data race on the plain ints below.
#include "anaplan_core/common/sync.h"

#include <memory>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace anaplan {
namespace {

TEST(MutexTest, MutexLockSerialisesWriters) {
  Mutex mu;
  int64_t counter = 0;  // deliberately not atomic
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        MutexLock lock(&mu);
        ++counter;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  MutexLock lock(mu);
  EXPECT_EQ(counter, 4 * 20000);
}

TEST(MutexTest, TryLockFailsWhileHeld) {
  Mutex mu;
  mu.Lock();
  bool acquired = true;
  std::thread other([&] { acquired = mu.TryLock(); });
  other.join();
  EXPECT_FALSE(acquired);
  mu.Unlock();
  ASSERT_TRUE(mu.TryLock());
  mu.Unlock();
}

TEST(MutexTest, AwaitWakesWhenAnotherThreadUnlocksWithTheConditionTrue) {
  Mutex mu;
  int stage = 0;
  int seen = -1;
  std::thread waiter([&] {
    MutexLock lock(&mu);
    auto reached_two = [&] { return stage >= 2; };
    mu.Await(Condition(&reached_two));
    seen = stage;
  });
  for (int i = 1; i <= 2; ++i) {
    MutexLock lock(&mu);
    stage = i;
  }
  waiter.join();
  EXPECT_EQ(seen, 2);
}

TEST(MutexTest, AwaitWakesWhenAnotherThreadChangesStateThenAwaits) {
  // The other thread never Unlocks: it changes the state and goes into its
  // own Await, which releases the lock. That release must wake us (a gate
  // in the service limit tests hung exactly like this).
  Mutex mu;
  int entered = 0;
  bool open = false;
  std::thread passer([&] {
    MutexLock lock(&mu);
    ++entered;
    auto is_open = [&] { return open; };
    mu.Await(Condition(&is_open));
  });
  {
    MutexLock lock(&mu);
    auto one_entered = [&] { return entered >= 1; };
    EXPECT_TRUE(
        mu.AwaitWithTimeout(Condition(&one_entered), absl::Seconds(30)));
    open = true;
  }
  passer.join();
}

TEST(MutexTest, AwaitWithTimeoutReportsTheConditionValue) {
  Mutex mu;
  bool never = false;
  bool always = true;
  MutexLock lock(&mu);
  EXPECT_FALSE(mu.AwaitWithTimeout(Condition(&never), absl::Milliseconds(20)));
  EXPECT_FALSE(mu.AwaitWithTimeout(Condition(&never), absl::ZeroDuration()));
  EXPECT_TRUE(mu.AwaitWithTimeout(Condition(&always), absl::ZeroDuration()));
}

TEST(MutexTest, AwaitWithTimeoutSucceedsWhenSetInTime) {
  Mutex mu;
  bool ready = false;
  std::thread setter([&] {
    absl::SleepFor(absl::Milliseconds(10));
    MutexLock lock(&mu);
    ready = true;
  });
  {
    MutexLock lock(&mu);
    // Generous: only a missed wake-up would take this long.
    EXPECT_TRUE(mu.AwaitWithTimeout(Condition(&ready), absl::Seconds(30)));
  }
  setter.join();
}

class Gate {
 public:
  bool Open() const { return open_; }
  bool OpenMutable() { return open_; }
  static bool OpenOf(Gate* gate) { return gate->open_; }
  bool open_ = false;
};

TEST(ConditionTest, EveryConstructorEvaluatesItsPredicate) {
  Gate gate;
  bool flag = false;
  auto lambda = [&] { return gate.open_; };
  const std::vector<Condition> conditions = {
      Condition(&gate, &Gate::Open), Condition(&gate, &Gate::OpenMutable),
      Condition(&Gate::OpenOf, &gate), Condition(&lambda)};
  for (const Condition& c : conditions) EXPECT_FALSE(c.Eval());
  EXPECT_FALSE(Condition(&flag).Eval());
  gate.open_ = true;
  flag = true;
  for (const Condition& c : conditions) EXPECT_TRUE(c.Eval());
  EXPECT_TRUE(Condition(&flag).Eval());
}

TEST(CondVarTest, SignalAllWakesEveryWaiter) {
  Mutex mu;
  CondVar cv;
  bool go = false;
  int woken = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      MutexLock lock(&mu);
      while (!go) cv.Wait(&mu);
      ++woken;
    });
  }
  {
    MutexLock lock(&mu);
    go = true;
    cv.SignalAll();
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(woken, 3);
}

TEST(CondVarTest, WaitWithTimeoutReportsTimeout) {
  Mutex mu;
  CondVar cv;
  MutexLock lock(&mu);
  EXPECT_TRUE(cv.WaitWithTimeout(&mu, absl::Milliseconds(20)));
  EXPECT_TRUE(cv.WaitWithTimeout(&mu, absl::ZeroDuration()));
}

// Releasing the lock inside CondVar::Wait must wake Await-ers as Unlock
// does: here the awaiting thread is what signals the waiter, so a missed
// wake-up would hang the test.
TEST(CondVarTest, WaitReleasesTheLockToAwaiters) {
  Mutex mu;
  CondVar cv;
  bool request = false;
  bool answered = false;
  std::thread responder([&] {
    MutexLock lock(&mu);
    mu.Await(Condition(&request));
    answered = true;
    cv.Signal();
  });
  {
    MutexLock lock(&mu);
    request = true;
    while (!answered) cv.Wait(&mu);
  }
  responder.join();
  EXPECT_TRUE(answered);
}

TEST(NotificationTest, WaitReturnsOnceNotified) {
  Notification done;
  int payload = 0;
  EXPECT_FALSE(done.HasBeenNotified());
  EXPECT_FALSE(done.WaitForNotificationWithTimeout(absl::Milliseconds(10)));
  std::thread notifier([&] {
    payload = 42;  // published by Notify
    done.Notify();
  });
  done.WaitForNotification();
  EXPECT_EQ(payload, 42);
  EXPECT_TRUE(done.HasBeenNotified());
  EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::ZeroDuration()));
  notifier.join();
}

// The waiter frees the Notification as soon as it wakes; Notify must not
// touch it after releasing its lock (ASan would report a use after free).
TEST(NotificationTest, WaiterMayDestroyItRightAfterWaking) {
  for (int i = 0; i < 200; ++i) {
    auto done = std::make_unique<Notification>();
    Notification* raw = done.get();
    std::thread notifier([raw] { raw->Notify(); });
    done->WaitForNotification();
    done.reset();
    notifier.join();
  }
}

}  // namespace
}  // namespace anaplan
