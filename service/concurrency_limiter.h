#ifndef ANAPLAN_SERVICE_CONCURRENCY_LIMITER_H_
#define ANAPLAN_SERVICE_CONCURRENCY_LIMITER_H_

#include <functional>
#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"

#include "anaplan_core/common/sync.h"

namespace anaplan::service {

/// Who a call counts against for the per-caller limit. Returns a stable key
/// (an IP address today; an authenticated identity once callers are
/// authenticated). Must be thread-safe and cheap: it runs on every RPC.
using CallerKeyFn = std::function<std::string(const grpc::ServerContextBase&)>;

/// The host part of a gRPC peer string: "ipv4:10.0.0.7:5123" -> "10.0.0.7",
/// "ipv6:[::1]:5123" (also %5B/%5D-escaped) -> "::1"; "unix:..." peers all
/// map to "unix"; anything else is returned as is.
std::string PeerHost(absl::string_view peer);

/// The default CallerKeyFn: PeerHost(context.peer()). Every connection from
/// one machine (or one NAT/proxy) shares the key.
std::string PeerIpCallerKey(const grpc::ServerContextBase& context);

/// Limits of ConcurrencyLimiter; 0 disables a limit.
struct ConcurrencyLimits {
  /// RPCs in flight per caller key (all methods, streams included).
  int max_calls_per_caller = 32;
  /// Chunked transfers in flight in the whole process (see
  /// ConcurrencyLimiter::IsTransferMethod); each holds up to (2P+1) upload
  /// or (B+1) download chunks in memory.
  int max_concurrent_transfers = 16;
};

/// Admission control for the servicers: counts RPCs in flight per caller and
/// chunked transfers in flight overall, and refuses a call that would exceed
/// either with RESOURCE_EXHAUSTED plus RetryInfo, before any Anaplan call is
/// made. Thread-safe.
class ConcurrencyLimiter {
 public:
  /// Delay suggested (RetryInfo) when the caller limit refuses a call.
  static constexpr absl::Duration kCallerRetryDelay = absl::Seconds(1);
  /// Delay suggested when the transfer limit refuses: transfers are long.
  static constexpr absl::Duration kTransferRetryDelay = absl::Seconds(5);

  /// A call admitted by Acquire(); releases its slots when destroyed.
  /// Move-only; a default-constructed Permit holds nothing.
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&& other) noexcept;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit();

   private:
    friend class ConcurrencyLimiter;
    Permit(ConcurrencyLimiter* limiter, std::string caller, bool transfer);
    void Release();

    ConcurrencyLimiter* limiter_ = nullptr;
    std::string caller_;
    bool transfer_ = false;
  };

  /// `caller_key` null means PeerIpCallerKey.
  explicit ConcurrencyLimiter(ConcurrencyLimits limits,
                              CallerKeyFn caller_key = nullptr);
  ConcurrencyLimiter(const ConcurrencyLimiter&) = delete;
  ConcurrencyLimiter& operator=(const ConcurrencyLimiter&) = delete;

  /// True for the RPCs that move file chunks through the service (and so
  /// hold chunk buffers and worker threads): GetFile, UploadFile,
  /// UploadAndImport, ExportAndDownload, GetImportDump, GetProcessDump.
  static bool IsTransferMethod(absl::string_view method);

  /// Admits one call of `method` (a BulkService method name) from the
  /// caller of `context`. Outlive every Permit it hands out.
  /// \error RESOURCE_EXHAUSTED with ErrorInfo reason CALLER_CONCURRENCY_LIMIT
  ///   or TRANSFER_CONCURRENCY_LIMIT and RetryInfo, naming the flag to raise.
  absl::StatusOr<Permit> Acquire(const grpc::ServerContextBase& context,
                                 absl::string_view method);
  /// Acquire() for an already computed caller key.
  absl::StatusOr<Permit> AcquireFor(const std::string& caller, bool transfer);

  /// RPCs in flight for `caller` (for tests and diagnostics).
  int CallsInFlight(const std::string& caller) const;
  /// Transfers in flight.
  int TransfersInFlight() const;
  const ConcurrencyLimits& limits() const { return limits_; }

 private:
  void Release(const std::string& caller, bool transfer);

  const ConcurrencyLimits limits_;
  const CallerKeyFn caller_key_;
  mutable anaplan::Mutex mu_;
  /// Only callers with calls in flight have an entry (bounded memory).
  std::map<std::string, int> calls_ ABSL_GUARDED_BY(mu_);
  int transfers_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_CONCURRENCY_LIMITER_H_
