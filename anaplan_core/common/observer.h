#ifndef ANAPLAN_CORE_COMMON_OBSERVER_H_
#define ANAPLAN_CORE_COMMON_OBSERVER_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace anaplan::core {

/// One HTTP exchange as the transport saw it (one attempt, not a retried
/// call). Never carries headers or bodies: no secret can leak through it.
struct HttpCallEvent {
  absl::string_view method;
  /// The request URL; observers classify it (HttpFamilyOf), never log it
  /// whole (it may hold ids only, but query strings are not their business).
  absl::string_view url;
  /// HTTP status, or 0 when no response arrived (see `error`).
  int status = 0;
  /// The transport failure when status is 0 (UNAVAILABLE, CANCELLED...).
  absl::StatusCode error = absl::StatusCode::kOk;
  absl::Duration duration;
  int64_t bytes_sent = 0;
  int64_t bytes_received = 0;
};

enum class TransferDirection { kUpload, kDownload };

/// Hooks through which anaplan_core reports what it does, so that a host
/// (the gRPC service) can count and log it without anaplan_core knowing
/// about Prometheus or gRPC. Every method has an empty default and may be
/// called concurrently from any thread: implementations must be cheap and
/// thread-safe, and must not call back into anaplan_core.
class Observer {
 public:
  virtual ~Observer() = default;
  /// After each HTTP attempt, whatever its outcome.
  virtual void OnHttpCall(const HttpCallEvent& /*event*/) {}
  /// Before a retry of `operation` ("GET /2/0/..."): `reason` is
  /// RetryReasonOf(the failure) or "reauth" for the resend after a 401.
  virtual void OnRetry(absl::string_view /*operation*/,
                       absl::string_view /*reason*/) {}
  /// After a token service exchange: `kind` is "authenticate" or "refresh".
  virtual void OnTokenFetch(absl::string_view /*kind*/, bool /*ok*/) {}
  /// Raw (uncompressed) file bytes moved to or from Anaplan.
  virtual void OnTransferBytes(TransferDirection /*direction*/,
                               int64_t /*bytes*/) {}
  /// A long transfer is still running: `done` raw bytes so far. Called at
  /// most every kProgressInterval per transfer.
  virtual void OnTransferProgress(TransferDirection /*direction*/,
                                  int64_t /*done*/) {}
  /// A task wait starts (+1) or ends (-1).
  virtual void OnTaskWatch(int /*delta*/) {}
  /// A watched task changed state, progress or step.
  virtual void OnTaskProgress(absl::string_view /*task_id*/,
                              absl::string_view /*state*/,
                              double /*progress*/) {}
};

/// How often a long transfer reports OnTransferProgress.
inline constexpr absl::Duration kProgressInterval = absl::Seconds(5);

/// Installs the process-wide observer (not owned; it must outlive every
/// call into anaplan_core). nullptr restores the no-op observer.
void SetObserver(Observer* observer);
/// The process-wide observer; a no-op one when none is installed.
Observer& GetObserver();

/// The API family of an Anaplan URL, by its path: "auth" (/token/...),
/// "integration" (/2/0/...), "audit", "cloudworks", "scim", "oauth", or
/// "other". A small fixed set, so it can be a metric label.
std::string HttpFamilyOf(absl::string_view url);

/// A short, bounded retry reason for a failure: "http_<status>" when Anaplan
/// answered, else the lower-case status code ("unavailable",
/// "deadline_exceeded", ...).
std::string RetryReasonOf(const absl::Status& failure);

/// Says when the next progress report of one transfer is due. Thread-safe.
class ProgressTicker {
 public:
  /// True at most once per kProgressInterval (never on the first call
  /// before the interval has passed since construction).
  bool Due();

 private:
  std::atomic<int64_t> next_ns_{
      absl::ToUnixNanos(absl::Now() + kProgressInterval)};
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_COMMON_OBSERVER_H_
