#include "service/lifecycle.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

#include "service/logging.h"

namespace anaplan::service {

bool IsCredentialRejection(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
      return true;
    default:
      return false;
  }
}

ReadinessGate::ReadinessGate(grpc::HealthCheckServiceInterface* health,
                             std::vector<std::string> gated,
                             GaugeFamily* ready_gauge)
    : health_(health), gated_(std::move(gated)), ready_gauge_(ready_gauge) {}

ReadinessGate::~ReadinessGate() { BeginShutdown(); }

void ReadinessGate::SetReady(bool ready) {
  if (ready && stopping_.load()) return;
  ready_.store(ready);
  if (ready_gauge_ != nullptr) ready_gauge_->Set({}, ready ? 1 : 0);
  if (health_ == nullptr) return;
  health_->SetServingStatus(kReadinessServiceName, ready);
  for (const std::string& name : gated_) {
    health_->SetServingStatus(name, ready);
  }
}

void ReadinessGate::Start(VerifyCredentialsFn verify,
                          ReadinessOptions options) {
  if (health_ != nullptr) health_->SetServingStatus(true);  // liveness
  if (!verify) {
    SetReady(true);
    LogEvent(LogLevel::kInfo, "ready", {{"credentials", "none"}});
    return;
  }
  SetReady(false);
  thread_ = std::thread(
      [this, verify = std::move(verify), options] { Run(verify, options); });
}

bool ReadinessGate::SleepUnlessStopping(absl::Duration wait) {
  const absl::Time until = absl::Now() + wait;
  anaplan::MutexLock lock(&mu_);
  while (!shut_down_ && absl::Now() < until) {
    wake_.WaitWithTimeout(&mu_, until - absl::Now());
  }
  return !shut_down_;
}

void ReadinessGate::Run(const VerifyCredentialsFn& verify,
                        const ReadinessOptions& options) {
  absl::Duration backoff = options.initial_backoff;
  for (int attempt = 1; !stopping_.load(); ++attempt) {
    core::CallContext ctx =
        core::CallContext::WithTimeout(options.attempt_timeout);
    ctx.cancelled = [this] { return stopping_.load(); };
    const absl::Status status = verify(ctx);
    if (stopping_.load()) return;
    if (status.ok()) {
      SetReady(true);
      LogEvent(LogLevel::kInfo, "ready",
               {{"credentials", "verified"}, {"attempts", attempt}});
      return;
    }
    const std::string code = absl::StatusCodeToString(status.code());
    if (IsCredentialRejection(status)) {
      LogEvent(LogLevel::kError, "credentials_rejected",
               {{"code", code},
                {"message", status.message()},
                {"attempts", attempt}});
      return;  // Stays NOT_SERVING: an operator must fix the credentials.
    }
    LogEvent(LogLevel::kWarning, "credentials_check_failed",
             {{"code", code},
              {"message", status.message()},
              {"attempt", attempt},
              {"retry_in_ms", absl::ToInt64Milliseconds(backoff)}});
    if (!SleepUnlessStopping(backoff)) return;
    backoff = std::min(backoff * 2, options.max_backoff);
  }
}

void ReadinessGate::BeginShutdown() {
  {
    anaplan::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
    stopping_.store(true);
    wake_.SignalAll();
  }
  ready_.store(false);
  if (ready_gauge_ != nullptr) ready_gauge_->Set({}, 0);
  // Every name NOT_SERVING, and no later change (grpc's own contract).
  if (health_ != nullptr) health_->Shutdown();
  if (thread_.joinable()) thread_.join();
}

}  // namespace anaplan::service
