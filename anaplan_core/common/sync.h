#ifndef ANAPLAN_CORE_COMMON_SYNC_H_
#define ANAPLAN_CORE_COMMON_SYNC_H_

// Synchronisation primitives with the subset of the absl::Mutex API this
// project uses, built on std::mutex and std::condition_variable.
//
// Why not absl::Mutex: Debian's libabsl is not built with ThreadSanitizer,
// and absl::Mutex hands the lock over through its own futex code, which TSan
// cannot see; TSan then reports every access guarded by an absl::Mutex as a
// race. std::mutex and std::condition_variable are pthread calls that TSan
// intercepts, so the happens-before edges are visible and real races stand
// out. The clang thread-safety annotations (ABSL_GUARDED_BY and friends)
// keep working because the types carry the same capability attributes.
//
// Header-only so the emulator can use it without linking anaplan_core.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"

namespace anaplan {

class Mutex;

/// A predicate evaluated with the Mutex held, as absl::Condition: from a
/// `const bool*`, a pointer to a functor or lambda, an object and one of its
/// bool() methods, or a function and its argument. It refers to its inputs;
/// they must outlive the Await call.
class Condition {
 public:
  /// True when `*cond` is true.
  explicit Condition(const bool* cond) : eval_([cond] { return *cond; }) {}

  /// `(*functor)()`; e.g. `Condition(&lambda)`.
  template <typename Functor, typename = decltype(static_cast<bool>(
                                  std::declval<const Functor&>()()))>
  explicit Condition(const Functor* functor)
      : eval_([functor] { return static_cast<bool>((*functor)()); }) {}

  /// `(object->*method)()` for a const method.
  template <typename T>
  Condition(const T* object, bool (T::*method)() const)
      : eval_([object, method] { return (object->*method)(); }) {}

  /// `(object->*method)()` for a non-const method.
  template <typename T>
  Condition(T* object, bool (T::*method)())
      : eval_([object, method] { return (object->*method)(); }) {}

  /// `function(arg)`.
  template <typename T>
  Condition(bool (*function)(T*), T* arg)
      : eval_([function, arg] { return function(arg); }) {}

  /// Evaluates the predicate (the caller holds the Mutex).
  bool Eval() const { return eval_(); }

 private:
  std::function<bool()> eval_;
};

/// An exclusive lock with absl::Mutex's Lock/Unlock/Await. Every Unlock wakes
/// the threads blocked in Await so they re-check their Condition, which is
/// what makes Await correct without explicit signalling (as in absl).
class ABSL_LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }

  void Unlock() ABSL_UNLOCK_FUNCTION() {
    // Notified while still held: a woken thread may destroy the Mutex as
    // soon as it can lock it, so nothing here may touch it after unlock().
    WakeAwaiters();
    mu_.unlock();
  }

  bool TryLock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true) {
    return mu_.try_lock();
  }

  /// No-op kept for source compatibility (std::mutex cannot tell).
  void AssertHeld() const ABSL_ASSERT_EXCLUSIVE_LOCK() {}

  /// Blocks, releasing the lock while waiting, until `cond` holds.
  void Await(const Condition& cond) ABSL_EXCLUSIVE_LOCKS_REQUIRED(this) {
    AwaitUntil(cond, std::chrono::steady_clock::time_point::max());
  }

  /// As Await, but gives up after `timeout`; returns cond's final value.
  bool AwaitWithTimeout(const Condition& cond, absl::Duration timeout)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(this) {
    return AwaitUntil(cond, DeadlineAfter(timeout));
  }

 private:
  friend class CondVar;

  static std::chrono::steady_clock::time_point DeadlineAfter(
      absl::Duration timeout) {
    const auto now = std::chrono::steady_clock::now();
    if (timeout == absl::InfiniteDuration()) {
      return std::chrono::steady_clock::time_point::max();
    }
    if (timeout <= absl::ZeroDuration()) return now;
    // Clamp so `now + timeout` cannot overflow the clock's representation.
    const absl::Duration cap = absl::Hours(24 * 365);
    return now + absl::ToChronoNanoseconds(timeout < cap ? timeout : cap);
  }

  bool AwaitUntil(const Condition& cond,
                  std::chrono::steady_clock::time_point deadline)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(this) {
    bool released_before = false;
    while (!cond.Eval()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      // The first wait releases the lock after the caller may have changed
      // what another awaiting thread waits for: that is an Unlock, so wake
      // them. Later waits follow only an evaluation, which changes nothing;
      // waking then would make two awaiters wake each other forever.
      if (!released_before) WakeAwaiters();
      released_before = true;
      std::unique_lock<std::mutex> lock(mu_, std::adopt_lock);
      ++awaiters_;
      if (deadline == std::chrono::steady_clock::time_point::max()) {
        changed_.wait(lock);
      } else {
        changed_.wait_until(lock, deadline);
      }
      --awaiters_;
      lock.release();  // Still held: ownership goes back to the caller.
    }
    return true;
  }

  // Called with mu_ held, before it is released (Unlock or CondVar::Wait).
  void WakeAwaiters() {
    if (awaiters_ > 0) changed_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable changed_;
  // Threads inside Await; read and written only with mu_ held.
  int awaiters_ = 0;
};

/// Holds a Mutex for its scope, as absl::MutexLock.
class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) {
    mu_->Lock();
  }
  explicit MutexLock(Mutex& mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu)
      : MutexLock(&mu) {}
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }

 private:
  Mutex* const mu_;
};

/// A condition variable used with Mutex, as absl::CondVar.
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  /// Releases `mu`, waits for a Signal (or a spurious wake-up), re-locks.
  void Wait(Mutex* mu) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    WaitUntil(mu, std::chrono::steady_clock::time_point::max());
  }

  /// As Wait, for at most `timeout`. True when it timed out (absl's
  /// meaning); callers re-check their predicate either way.
  bool WaitWithTimeout(Mutex* mu, absl::Duration timeout)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return WaitUntil(mu, Mutex::DeadlineAfter(timeout));
  }

  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  bool WaitUntil(Mutex* mu, std::chrono::steady_clock::time_point deadline)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    // Releasing the lock here is an Unlock for Await's purposes: the caller
    // may have changed what an awaiting thread is waiting for.
    mu->WakeAwaiters();
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    bool timed_out = false;
    if (deadline == std::chrono::steady_clock::time_point::max()) {
      cv_.wait(lock);
    } else {
      timed_out = cv_.wait_until(lock, deadline) == std::cv_status::timeout;
    }
    lock.release();
    return timed_out;
  }

  std::condition_variable cv_;
};

/// A one-shot event, as absl::Notification.
class Notification {
 public:
  Notification() = default;
  Notification(const Notification&) = delete;
  Notification& operator=(const Notification&) = delete;

  /// Marks the event; call at most once.
  void Notify() {
    MutexLock lock(&mu_);
    notified_ = true;
  }

  bool HasBeenNotified() const {
    MutexLock lock(&mu_);
    return notified_;
  }

  void WaitForNotification() const {
    MutexLock lock(&mu_);
    mu_.Await(Condition(&notified_));
  }

  /// True when notified within `timeout`.
  bool WaitForNotificationWithTimeout(absl::Duration timeout) const {
    MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(Condition(&notified_), timeout);
  }

 private:
  mutable Mutex mu_;
  bool notified_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace anaplan

#endif  // ANAPLAN_CORE_COMMON_SYNC_H_
