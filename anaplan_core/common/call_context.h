#ifndef ANAPLAN_CORE_COMMON_CALL_CONTEXT_H_
#define ANAPLAN_CORE_COMMON_CALL_CONTEXT_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"

#include "anaplan_core/auth/credentials.h"

namespace anaplan::core {

/// What one caller-level operation (one RPC) allows: a deadline and a way to
/// learn that the caller gave up. Every HTTP call made for the operation stops
/// when either fires: attempts are cut to the remaining time, retries and
/// polls never start past the deadline, and transfers in flight are aborted
/// from libcurl's progress callback once `IsCancelled()` turns true.
struct CallContext {
  /// Absolute deadline; InfiniteFuture() when the caller set none.
  absl::Time deadline = absl::InfiniteFuture();
  /// Returns true once the caller cancelled. Must be cheap and thread-safe:
  /// it is polled from transfer threads. Empty means never cancelled.
  std::function<bool()> cancelled;

  /// Per-call credentials replacing the client's own for this operation (a
  /// caller's token or basic credentials, design.md §5); null: the
  /// client's. Their token session is cached under `credentials_key`.
  std::shared_ptr<const Credentials> credentials;
  /// Cache key of `credentials`: a hash (SecretHash), never a secret.
  std::string credentials_key;

  bool IsCancelled() const { return cancelled && cancelled(); }
  absl::Duration Remaining() const { return deadline - absl::Now(); }
  bool Expired() const { return absl::Now() >= deadline; }

  /// A context with no deadline that is never cancelled.
  static CallContext Background() { return CallContext{}; }
  static CallContext WithTimeout(absl::Duration timeout) {
    CallContext ctx;
    ctx.deadline = absl::Now() + timeout;
    return ctx;
  }
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_COMMON_CALL_CONTEXT_H_
