#ifndef ANAPLAN_CORE_RETRY_BACKOFF_POLICY_H_
#define ANAPLAN_CORE_RETRY_BACKOFF_POLICY_H_

#include <functional>

#include "absl/time/time.h"

#include "anaplan_core/common/client_options.h"

namespace anaplan::core {

/// Exponential backoff with full jitter (reliability §A1): the wait before
/// retry n (1-based) is drawn uniformly from [0, min(max_backoff,
/// backoff * factor^(n-1))]. Stateless apart from its random source, so one
/// instance may serve many calls when the source is thread-safe (the default
/// uses a thread-local generator).
class BackoffPolicy {
 public:
  /// Returns a value uniformly distributed in [0, 1).
  using UniformSource = std::function<double()>;

  /// `uniform` may be empty (a thread-local absl::BitGen is used).
  explicit BackoffPolicy(const RetryOptions& options,
                         UniformSource uniform = nullptr);

  /// Upper edge of the jitter interval before retry `retry` (1-based).
  absl::Duration Ceiling(int retry) const;
  /// The jittered wait before retry `retry` (1-based).
  absl::Duration Delay(int retry) const;

  absl::Duration max_backoff() const { return max_backoff_; }

 private:
  absl::Duration initial_;
  double factor_;
  absl::Duration max_backoff_;
  UniformSource uniform_;
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_RETRY_BACKOFF_POLICY_H_
