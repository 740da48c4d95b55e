#include "anaplan_core/retry/backoff_policy.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/random/random.h"

namespace anaplan::core {
namespace {

double DefaultUniform() {
  thread_local absl::BitGen gen;
  return absl::Uniform(gen, 0.0, 1.0);
}

}  // namespace

BackoffPolicy::BackoffPolicy(const RetryOptions& options, UniformSource uniform)
    : initial_(std::max(options.backoff, absl::ZeroDuration())),
      factor_(std::max(options.backoff_factor, 1.0)),
      max_backoff_(std::max(options.max_backoff, absl::ZeroDuration())),
      uniform_(uniform ? std::move(uniform) : UniformSource(DefaultUniform)) {}

absl::Duration BackoffPolicy::Ceiling(int retry) const {
  const int exponent = std::max(retry - 1, 0);
  // Computed in seconds as a double so large exponents saturate, not wrap.
  const double seconds =
      absl::ToDoubleSeconds(initial_) * std::pow(factor_, exponent);
  const double cap = absl::ToDoubleSeconds(max_backoff_);
  return absl::Seconds(std::min(seconds, cap));
}

absl::Duration BackoffPolicy::Delay(int retry) const {
  const double u = std::clamp(uniform_(), 0.0, 1.0);
  return Ceiling(retry) * u;
}

}  // namespace anaplan::core
