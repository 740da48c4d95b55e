#ifndef ANAPLAN_CORE_RETRY_RETRY_BUDGET_H_
#define ANAPLAN_CORE_RETRY_RETRY_BUDGET_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"

#include "anaplan_core/common/sync.h"

namespace anaplan::core {

/// A token bucket bounding retries across all calls of one RestClient, so an
/// Anaplan outage seen by many concurrent RPCs does not become a retry storm
/// (gRFC A6 throttling, AWS retry quota; reliability §A1).
///
/// The bucket starts full at `capacity` tokens. Every retry costs one token
/// and is allowed only when a whole token is left; every successful request
/// returns `refill_per_success` tokens (capped at capacity). RestClient uses
/// capacity 10 and refill 0.5: a total outage costs at most 10 extra
/// requests per client before calls fail after their first attempt, and a
/// partial one can add at most one retry per two successes (load <= 1.5x
/// plus the burst), which still carries an upload through a 30% chunk
/// failure rate (reliability §A8 R1, R7). First attempts are never
/// throttled. Thread-safe.
class RetryBudget {
 public:
  explicit RetryBudget(double capacity = 10.0, double refill_per_success = 0.5);

  /// Takes one token for a retry; false (and nothing taken) when empty.
  bool TryAcquire();
  /// Records a successful request.
  void OnSuccess();
  double tokens() const;

 private:
  // Kept in thousandths of a token so ten refills of 0.1 make exactly one.
  const int64_t capacity_;
  const int64_t refill_;
  mutable anaplan::Mutex mu_;
  int64_t tokens_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_RETRY_RETRY_BUDGET_H_
