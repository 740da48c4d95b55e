#include "anaplan_core/auth/per_call_sessions.h"

namespace anaplan::core::internal {

PerCallSessions::Acquired PerCallSessions::Acquire(
    const std::string& key,
    const std::function<std::shared_ptr<TokenSession>()>& make) {
  anaplan::MutexLock lock(&mu_);
  Acquired out;
  if (auto it = by_key_.find(key); it != by_key_.end()) {
    by_use_.splice(by_use_.begin(), by_use_, it->second);
    out.session = it->second->second;
    return out;
  }
  if (by_use_.size() >= capacity_) {
    out.evicted = std::move(by_use_.back().second);
    by_key_.erase(by_use_.back().first);
    by_use_.pop_back();
  }
  out.session = make();
  by_use_.emplace_front(key, out.session);
  by_key_[key] = by_use_.begin();
  return out;
}

std::vector<std::shared_ptr<TokenSession>> PerCallSessions::Snapshot() const {
  anaplan::MutexLock lock(&mu_);
  std::vector<std::shared_ptr<TokenSession>> out;
  out.reserve(by_use_.size());
  for (const Entry& entry : by_use_) out.push_back(entry.second);
  return out;
}

}  // namespace anaplan::core::internal
