#include "anaplan_core/retry/retry_budget.h"

#include <algorithm>
#include <cmath>

namespace anaplan::core {
namespace {

constexpr int64_t kScale = 1000;

int64_t Scaled(double tokens) {
  return static_cast<int64_t>(std::llround(std::max(tokens, 0.0) * kScale));
}

}  // namespace

RetryBudget::RetryBudget(double capacity, double refill_per_success)
    : capacity_(Scaled(capacity)),
      refill_(Scaled(refill_per_success)),
      tokens_(capacity_) {}

bool RetryBudget::TryAcquire() {
  anaplan::MutexLock lock(&mu_);
  if (tokens_ < kScale) return false;
  tokens_ -= kScale;
  return true;
}

void RetryBudget::OnSuccess() {
  anaplan::MutexLock lock(&mu_);
  tokens_ = std::min(capacity_, tokens_ + refill_);
}

double RetryBudget::tokens() const {
  anaplan::MutexLock lock(&mu_);
  return static_cast<double>(tokens_) / kScale;
}

}  // namespace anaplan::core
