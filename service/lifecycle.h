#ifndef ANAPLAN_SERVICE_LIFECYCLE_H_
#define ANAPLAN_SERVICE_LIFECYCLE_H_

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/health_check_service_interface.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/sync.h"
#include "service/metrics_registry.h"

namespace anaplan::service {

/// The health service name of readiness (Kubernetes readinessProbe
/// `grpc.service: readiness`). The empty name is liveness: SERVING from
/// start until shutdown.
inline constexpr char kReadinessServiceName[] = "readiness";

/// Proves the configured credentials work (one token fetch).
using VerifyCredentialsFn =
    std::function<absl::Status(const core::CallContext& ctx)>;

/// Pacing of the startup credential check.
struct ReadinessOptions {
  /// First wait after a transient failure; doubles up to max_backoff.
  absl::Duration initial_backoff = absl::Seconds(1);
  absl::Duration max_backoff = absl::Seconds(30);
  /// Deadline of one verification (its own HTTP retries included).
  absl::Duration attempt_timeout = absl::Seconds(60);
};

/// Readiness of the server (issue 7): the `readiness` health name and the
/// gated service names are NOT_SERVING until the credentials have been
/// verified once, and again from BeginShutdown() on. Verification runs in a
/// background thread: transient failures (UNAVAILABLE, 5xx, timeouts) are
/// retried with doubling backoff; a rejection (UNAUTHENTICATED,
/// PERMISSION_DENIED, INVALID_ARGUMENT, FAILED_PRECONDITION) stops it, so a
/// wrong password is tried once, not until Anaplan locks the account.
class ReadinessGate {
 public:
  /// `health` and `ready_gauge` (may be null) must outlive the gate.
  /// `gated` are further health names that follow readiness.
  ReadinessGate(grpc::HealthCheckServiceInterface* health,
                std::vector<std::string> gated, GaugeFamily* ready_gauge);
  ~ReadinessGate();
  ReadinessGate(const ReadinessGate&) = delete;
  ReadinessGate& operator=(const ReadinessGate&) = delete;

  /// Marks liveness SERVING and starts verifying with `verify`; a null
  /// `verify` (no credentials configured) is ready at once.
  void Start(VerifyCredentialsFn verify, ReadinessOptions options = {});
  /// Readiness (and liveness) NOT_SERVING for good; stops the check.
  void BeginShutdown();
  bool ready() const { return ready_.load(); }

 private:
  void Run(const VerifyCredentialsFn& verify, const ReadinessOptions& options);
  void SetReady(bool ready);
  /// Sleeps `wait` unless shutdown begins; false when it did.
  bool SleepUnlessStopping(absl::Duration wait);

  grpc::HealthCheckServiceInterface* const health_;
  const std::vector<std::string> gated_;
  GaugeFamily* const ready_gauge_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  anaplan::Mutex mu_;
  anaplan::CondVar wake_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

/// Whether a credential check failure is final (the credentials are wrong)
/// rather than worth retrying.
bool IsCredentialRejection(const absl::Status& status);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_LIFECYCLE_H_
