#include "service/concurrency_limiter.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

#include "anaplan_core/status/error_info.h"

namespace anaplan::service {

std::string PeerHost(absl::string_view peer) {
  if (absl::StartsWith(peer, "unix:") ||
      absl::StartsWith(peer, "unix-abstract:")) {
    // Local sockets carry no address worth telling apart.
    return "unix";
  }
  absl::string_view rest = peer;
  if (absl::ConsumePrefix(&rest, "ipv6:")) {
    // gRPC writes "[::1]:port", some versions percent-escape the brackets.
    if (absl::ConsumePrefix(&rest, "[")) {
      return std::string(rest.substr(0, rest.find(']')));
    }
    if (absl::ConsumePrefix(&rest, "%5B") ||
        absl::ConsumePrefix(&rest, "%5b")) {
      const auto end = rest.find('%');
      return std::string(rest.substr(0, end));
    }
    return std::string(rest.substr(0, rest.rfind(':')));
  }
  if (absl::ConsumePrefix(&rest, "ipv4:")) {
    return std::string(rest.substr(0, rest.rfind(':')));
  }
  return std::string(peer);
}

std::string PeerIpCallerKey(const grpc::ServerContextBase& context) {
  return PeerHost(context.peer());
}

ConcurrencyLimiter::Permit::Permit(ConcurrencyLimiter* limiter,
                                   std::string caller, bool transfer)
    : limiter_(limiter), caller_(std::move(caller)), transfer_(transfer) {}

ConcurrencyLimiter::Permit::Permit(Permit&& other) noexcept
    : limiter_(std::exchange(other.limiter_, nullptr)),
      caller_(std::move(other.caller_)),
      transfer_(other.transfer_) {}

ConcurrencyLimiter::Permit& ConcurrencyLimiter::Permit::operator=(
    Permit&& other) noexcept {
  if (this != &other) {
    Release();
    limiter_ = std::exchange(other.limiter_, nullptr);
    caller_ = std::move(other.caller_);
    transfer_ = other.transfer_;
  }
  return *this;
}

ConcurrencyLimiter::Permit::~Permit() { Release(); }

void ConcurrencyLimiter::Permit::Release() {
  if (limiter_ == nullptr) return;
  limiter_->Release(caller_, transfer_);
  limiter_ = nullptr;
}

ConcurrencyLimiter::ConcurrencyLimiter(ConcurrencyLimits limits,
                                       CallerKeyFn caller_key)
    : limits_(limits),
      caller_key_(caller_key != nullptr ? std::move(caller_key)
                                        : CallerKeyFn(PeerIpCallerKey)) {}

bool ConcurrencyLimiter::IsTransferMethod(absl::string_view method) {
  // The RPCs that run core's chunk pipelines (UploadChunks/DownloadChunks):
  // each holds chunk buffers and worker threads for its whole life.
  return method == "GetFile" || method == "UploadFile" ||
         method == "UploadAndImport" || method == "ExportAndDownload" ||
         method == "GetImportDump" || method == "GetProcessDump";
}

absl::StatusOr<ConcurrencyLimiter::Permit> ConcurrencyLimiter::Acquire(
    const grpc::ServerContextBase& context, absl::string_view method) {
  return AcquireFor(caller_key_(context), IsTransferMethod(method));
}

absl::StatusOr<ConcurrencyLimiter::Permit> ConcurrencyLimiter::AcquireFor(
    const std::string& caller, bool transfer) {
  anaplan::MutexLock lock(&mu_);
  // Checked before counting anything, so a refusal changes no state.
  if (limits_.max_calls_per_caller > 0) {
    auto it = calls_.find(caller);
    if (it != calls_.end() && it->second >= limits_.max_calls_per_caller) {
      core::ErrorInfo info;
      info.reason = "CALLER_CONCURRENCY_LIMIT";
      info.retry_after = kCallerRetryDelay;
      return core::MakeError(
          absl::StatusCode::kResourceExhausted,
          absl::StrCat("too many concurrent calls from caller ", caller,
                       ": the limit is ", limits_.max_calls_per_caller,
                       " (--max_calls_per_caller); retry when some finish"),
          info);
    }
  }
  if (transfer && limits_.max_concurrent_transfers > 0 &&
      transfers_ >= limits_.max_concurrent_transfers) {
    core::ErrorInfo info;
    info.reason = "TRANSFER_CONCURRENCY_LIMIT";
    info.retry_after = kTransferRetryDelay;
    return core::MakeError(
        absl::StatusCode::kResourceExhausted,
        absl::StrCat("too many concurrent file transfers in the service: the "
                     "limit is ",
                     limits_.max_concurrent_transfers,
                     " (--max_concurrent_transfers); retry later"),
        info);
  }
  ++calls_[caller];
  if (transfer) ++transfers_;
  return Permit(this, caller, transfer);
}

void ConcurrencyLimiter::Release(const std::string& caller, bool transfer) {
  anaplan::MutexLock lock(&mu_);
  auto it = calls_.find(caller);
  if (it != calls_.end() && --it->second <= 0) calls_.erase(it);
  if (transfer) --transfers_;
}

int ConcurrencyLimiter::CallsInFlight(const std::string& caller) const {
  anaplan::MutexLock lock(&mu_);
  auto it = calls_.find(caller);
  return it == calls_.end() ? 0 : it->second;
}

int ConcurrencyLimiter::TransfersInFlight() const {
  anaplan::MutexLock lock(&mu_);
  return transfers_;
}

}  // namespace anaplan::service
