#ifndef ANAPLAN_CORE_AUTH_PER_CALL_SESSIONS_H_
#define ANAPLAN_CORE_AUTH_PER_CALL_SESSIONS_H_

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"

#include "anaplan_core/auth/token_session.h"
#include "anaplan_core/common/sync.h"

namespace anaplan::core::internal {

/// The token sessions of callers' own credentials (design.md §5), keyed by
/// a hash of those credentials. At most `capacity` are kept; the least
/// recently used one makes room for a new caller and is handed back so that
/// its token can be logged out rather than left alive until it expires.
/// Thread-safe.
class PerCallSessions {
 public:
  /// `capacity` below 1 counts as 1.
  explicit PerCallSessions(size_t capacity)
      : capacity_(capacity > 0 ? capacity : 1) {}

  struct Acquired {
    std::shared_ptr<TokenSession> session;
    /// The session evicted to make room, or null. Callers still using it
    /// keep it alive (shared).
    std::shared_ptr<TokenSession> evicted;
  };

  /// The session cached under `key`, or a new one from `make`.
  Acquired Acquire(const std::string& key,
                   const std::function<std::shared_ptr<TokenSession>()>& make);

  /// Every cached session, most recently used first.
  std::vector<std::shared_ptr<TokenSession>> Snapshot() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<TokenSession>>;

  const size_t capacity_;
  mutable anaplan::Mutex mu_;
  std::list<Entry> by_use_ ABSL_GUARDED_BY(mu_);  // Most recent first.
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_AUTH_PER_CALL_SESSIONS_H_
