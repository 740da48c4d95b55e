#include "anaplan_core/files/chunk_downloader.h"

#include <algorithm>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/common/observer.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/files/child_context.h"
#include "anaplan_core/files/gzip.h"
#include "anaplan_core/status/error_info.h"

namespace anaplan::core {
namespace {

absl::Status ChunkFailed(const absl::Status& status, int64_t index) {
  ErrorInfo info = GetErrorInfo(status);
  info.reason = "ANAPLAN_CHUNK_FAILED";
  info.chunk_index = index;
  absl::Status out = Annotate(status, absl::StrCat("chunk ", index));
  AttachErrorInfo(out, info);
  return out;
}

// Fetches chunks ahead of the consumer. A fetch of chunk i starts only when
// i < next_deliver + batch: chunks fetched or in flight never exceed batch.
class ReadAhead {
 public:
  ReadAhead(int64_t count, int batch, const FetchChunkFn& fetch,
            const CallContext& ctx)
      : count_(count), batch_(batch), fetch_(fetch), child_(ctx) {
    int workers = static_cast<int>(std::min<int64_t>(batch, count));
    for (int i = 0; i < workers; ++i) {
      threads_.emplace_back([this] { WorkerLoop(); });
    }
  }
  ~ReadAhead() { Stop(); }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Waits for chunk `index` (the next one in order) and takes it.
  absl::StatusOr<std::string> Take(int64_t index, const CallContext& ctx) {
    anaplan::MutexLock lock(&mu_);
    wanted_ = index;
    auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !first_error_.ok() || ready_.count(wanted_) > 0;
    };
    // Woken by workers; the timeout only notices a caller that cancelled
    // while a fetch ignores it.
    while (!mu_.AwaitWithTimeout(anaplan::Condition(&ready),
                                 absl::Milliseconds(100))) {
      if (ctx.IsCancelled()) return absl::CancelledError("download cancelled");
    }
    // Chunks already fetched go out before a later chunk's error.
    auto it = ready_.find(index);
    if (it == ready_.end()) return first_error_;
    std::string data = std::move(it->second);
    ready_.erase(it);
    next_deliver_ = index + 1;  // Frees a read-ahead slot.
    return data;
  }

  // Takes back a delivered chunk's buffer for a later fetch. A fetch makes
  // a new buffer only when none is spare, i.e. when at most batch - 1 are
  // fetched or in flight and one is being delivered: at most batch + 1
  // buffers ever exist, and all of them fit in spare_.
  void Recycle(std::string buffer) {
    anaplan::MutexLock lock(&mu_);
    KeepSpare(std::move(buffer));
  }

  // Cancels fetches in flight and joins the workers.
  void Stop() {
    {
      anaplan::MutexLock lock(&mu_);
      stop_ = true;
      child_.Cancel();
    }
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

 private:
  bool CanClaim() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stop_ || !first_error_.ok() || next_claim_ >= count_ ||
           next_claim_ < next_deliver_ + batch_;
  }

  void WorkerLoop() {
    while (true) {
      int64_t index;
      std::string buffer;
      {
        anaplan::MutexLock lock(&mu_);
        mu_.Await(anaplan::Condition(this, &ReadAhead::CanClaim));
        if (stop_ || !first_error_.ok() || next_claim_ >= count_) return;
        index = next_claim_++;
        if (!spare_.empty()) {
          buffer = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      const absl::Status fetched = child_.ctx().IsCancelled()
                                       ? absl::CancelledError("cancelled")
                                       : fetch_(index, child_.ctx(), buffer);
      anaplan::MutexLock lock(&mu_);
      if (fetched.ok()) {
        ready_.emplace(index, std::move(buffer));
      } else {
        if (first_error_.ok() && !stop_) {
          first_error_ = ChunkFailed(fetched, index);
          child_.Cancel();
        }
        KeepSpare(std::move(buffer));
      }
    }
  }

  // Keeps `buffer` for a later fetch, up to batch + 1 buffers.
  void KeepSpare(std::string buffer) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (static_cast<int64_t>(spare_.size()) <= batch_) {
      spare_.push_back(std::move(buffer));
    }
  }

  const int64_t count_;
  const int64_t batch_;
  const FetchChunkFn& fetch_;
  internal::ChildContext child_;
  std::vector<std::thread> threads_;

  anaplan::Mutex mu_;
  std::map<int64_t, std::string> ready_ ABSL_GUARDED_BY(mu_);
  // Buffers of delivered chunks, reused by later fetches: with the service's
  // fixed 4 MiB mmap threshold a fresh 10 MB buffer per chunk is a fresh
  // mapping whose pages fault in one by one.
  std::vector<std::string> spare_ ABSL_GUARDED_BY(mu_);
  int64_t next_claim_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t next_deliver_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t wanted_ ABSL_GUARDED_BY(mu_) = 0;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status first_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::Status DownloadChunks(int64_t count, int batch_size, int64_t total_size,
                            const FetchChunkFn& fetch, ByteSink& sink,
                            const CallContext& ctx) {
  if (absl::Status s = sink.Start(total_size); !s.ok()) return s;
  if (count <= 0) return absl::OkStatus();
  ReadAhead read_ahead(count, std::max(batch_size, 1), fetch, ctx);
  int64_t offset = 0;
  Observer& observer = GetObserver();
  ProgressTicker ticker;
  for (int64_t index = 0; index < count; ++index) {
    absl::StatusOr<std::string> data = read_ahead.Take(index, ctx);
    if (!data.ok()) {
      read_ahead.Stop();
      return ctx.IsCancelled() ? absl::CancelledError("download cancelled")
                               : data.status();
    }
    if (absl::Status s = sink.Write(*data, offset, index); !s.ok()) {
      read_ahead.Stop();
      return s;
    }
    const auto size = static_cast<int64_t>(data->size());
    read_ahead.Recycle(*std::move(data));
    offset += size;
    observer.OnTransferBytes(TransferDirection::kDownload, size);
    if (ticker.Due()) {
      observer.OnTransferProgress(TransferDirection::kDownload, offset);
    }
  }
  read_ahead.Stop();
  return absl::OkStatus();
}

absl::Status DecodeChunkBody(HttpResponse& response, std::string& out,
                             size_t max_size) {
  const std::string encoding = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(response.Header("content-encoding")));
  if (encoding.empty() || encoding == "identity") {
    out.swap(response.body);  // No copy; the recycled buffer goes unused.
    return absl::OkStatus();
  }
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_RESPONSE";
  if (encoding != "gzip" && encoding != "x-gzip") {
    // Only gzip is accepted; the same reply would come back on a retry.
    return MakeError(absl::StatusCode::kInternal,
                     absl::StrCat("unsupported Content-Encoding '", encoding,
                                  "' (only gzip was accepted)"),
                     info);
  }
  absl::Status status = GunzipInto(response.body, max_size, out);
  if (status.code() == absl::StatusCode::kResourceExhausted) {
    // Not RESOURCE_EXHAUSTED, which would be retried: the same bytes would
    // come back.
    return MakeError(absl::StatusCode::kInternal,
                     absl::StrCat("gzip body inflates beyond the ", max_size,
                                  "-byte chunk limit"),
                     info);
  }
  return status;
}

}  // namespace anaplan::core
