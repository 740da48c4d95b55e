#include "anaplan_core/files/chunk_uploader.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/common/observer.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/files/child_context.h"
#include "anaplan_core/files/sha256.h"
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

absl::Status DataLoss(absl::string_view message) {
  ErrorInfo info;
  info.reason = "ANAPLAN_DATA_LOSS";
  return MakeError(absl::StatusCode::kDataLoss, message, info);
}

// Worker threads that gzip and send chunks. Submit() blocks while
// `parallelism` chunks are queued or in flight: that is the memory bound.
class ChunkPipeline {
 public:
  ChunkPipeline(const ChunkUploadSettings& settings, const PutChunkFn& put,
                const CallContext& ctx)
      : settings_(settings), put_(put), child_(ctx) {}
  ~ChunkPipeline() { Cancel(); }
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  // Queues the next chunk; fails with the first chunk error, if any.
  absl::Status Submit(std::string chunk) {
    {
      anaplan::MutexLock lock(&mu_);
      mu_.Await(anaplan::Condition(this, &ChunkPipeline::HasSlot));
      if (!first_error_.ok()) return first_error_;
      queue_.emplace_back(next_index_++, std::move(chunk));
    }
    // One more worker per chunk until `parallelism`: a one-chunk upload
    // costs one thread.
    if (static_cast<int>(threads_.size()) < settings_.parallelism) {
      threads_.emplace_back([this] { WorkerLoop(); });
    }
    return absl::OkStatus();
  }

  // Waits until every queued chunk is sent; joins the workers.
  absl::Status Finish() {
    {
      anaplan::MutexLock lock(&mu_);
      closing_ = true;
    }
    Join();
    anaplan::MutexLock lock(&mu_);
    return first_error_;
  }

  // Stops everything: queued chunks are dropped, transfers aborted.
  void Cancel() {
    {
      anaplan::MutexLock lock(&mu_);
      closing_ = true;
      queue_.clear();
      child_.Cancel();
    }
    Join();
  }

  bool failed() const { return failed_.load(std::memory_order_relaxed); }
  absl::Status error() {
    anaplan::MutexLock lock(&mu_);
    return first_error_;
  }
  int64_t chunks() const { return next_index_; }
  int64_t bytes_sent() const { return bytes_sent_.load(); }

 private:
  bool HasSlot() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !first_error_.ok() ||
           static_cast<int>(queue_.size()) + busy_ < settings_.parallelism;
  }
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !queue_.empty() || closing_ || !first_error_.ok();
  }

  void Join() {
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  void WorkerLoop() {
    absl::StatusOr<std::unique_ptr<GzipCompressor>> compressor =
        MakeGzipCompressor(settings_.gzip_level, settings_.backend);
    while (true) {
      std::pair<int64_t, std::string> item;
      {
        anaplan::MutexLock lock(&mu_);
        mu_.Await(anaplan::Condition(this, &ChunkPipeline::HasWork));
        if (queue_.empty() || !first_error_.ok()) return;
        item = std::move(queue_.front());
        queue_.pop_front();
        ++busy_;
      }
      absl::Status status =
          compressor.ok()
              ? Process(item.first, std::move(item.second), **compressor)
              : compressor.status();
      Done(item.first, status);
    }
  }

  absl::Status Process(int64_t index, std::string raw,
                       GzipCompressor& compressor) {
    if (child_.ctx().IsCancelled()) return absl::CancelledError("cancelled");
    const auto raw_size = static_cast<int64_t>(raw.size());
    absl::StatusOr<std::string> gzipped = compressor.Compress(raw);
    std::string().swap(raw);  // Release the raw chunk before sending.
    if (!gzipped.ok()) return gzipped.status();
    bytes_sent_ += static_cast<int64_t>(gzipped->size());
    absl::Status put = put_(index, *std::move(gzipped), child_.ctx());
    if (put.ok()) {
      Observer& observer = GetObserver();
      observer.OnTransferBytes(TransferDirection::kUpload, raw_size);
      const int64_t done = raw_done_ += raw_size;
      if (ticker_.Due()) {
        observer.OnTransferProgress(TransferDirection::kUpload, done);
      }
    }
    return put;
  }

  void Done(int64_t index, const absl::Status& status) {
    anaplan::MutexLock lock(&mu_);
    --busy_;
    if (status.ok() || !first_error_.ok()) return;
    // The first failure wins; siblings it cancels report CANCELLED later.
    first_error_ = ChunkFailed(status, index);
    failed_ = true;
    queue_.clear();
    child_.Cancel();
  }

  const ChunkUploadSettings& settings_;
  const PutChunkFn& put_;
  internal::ChildContext child_;
  std::vector<std::thread> threads_;  // Touched by the producer only.
  int64_t next_index_ = 0;            // Producer only.
  std::atomic<int64_t> bytes_sent_{0};
  std::atomic<int64_t> raw_done_{0};  // Raw bytes of chunks PUT so far.
  ProgressTicker ticker_;
  std::atomic<bool> failed_{false};

  anaplan::Mutex mu_;
  std::deque<std::pair<int64_t, std::string>> queue_ ABSL_GUARDED_BY(mu_);
  int busy_ ABSL_GUARDED_BY(mu_) = 0;
  bool closing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status first_error_ ABSL_GUARDED_BY(mu_);
};

// Appends to `buffer` without ever reserving more than `limit` bytes, so a
// chunk never costs more memory than chunk_size.
void AppendBounded(std::string& buffer, absl::string_view data, size_t limit) {
  size_t needed = buffer.size() + data.size();
  if (needed > buffer.capacity()) {
    buffer.reserve(std::min(limit, std::max(needed, buffer.capacity() * 2)));
  }
  buffer.append(data.data(), data.size());
}

absl::Status CheckExpected(const ChunkUploadSettings& settings,
                           int64_t received, const std::string& sha_hex) {
  if (settings.expected_size && *settings.expected_size != received) {
    return DataLoss(absl::StrCat("received ", received, " bytes, expected ",
                                 *settings.expected_size));
  }
  if (!settings.expected_sha256.empty() &&
      absl::AsciiStrToLower(settings.expected_sha256) != sha_hex) {
    return DataLoss(absl::StrCat("SHA-256 of the received bytes is ", sha_hex,
                                 ", expected ", settings.expected_sha256));
  }
  return absl::OkStatus();
}

// Pulls the source into chunks. Returns the byte count when it ended
// cleanly; every error leaves the pipeline for the caller to cancel.
absl::StatusOr<int64_t> PumpSource(ByteSource& source,
                                   const ChunkUploadSettings& settings,
                                   ChunkPipeline& pipeline, Sha256& sha,
                                   const CallContext& ctx) {
  const size_t chunk_size = static_cast<size_t>(settings.chunk_size);
  int64_t received = 0;
  std::string buffer;
  while (true) {
    if (ctx.IsCancelled()) return absl::CancelledError("upload cancelled");
    if (ctx.Expired()) return absl::DeadlineExceededError("upload deadline");
    if (pipeline.failed()) return pipeline.error();
    absl::StatusOr<std::optional<std::string>> piece = source.Next();
    if (!piece.ok()) return piece.status();
    if (!piece->has_value()) break;
    absl::string_view data = **piece;
    sha.Update(data);
    received += static_cast<int64_t>(data.size());
    while (!data.empty()) {
      size_t take = std::min(data.size(), chunk_size - buffer.size());
      AppendBounded(buffer, data.substr(0, take), chunk_size);
      data.remove_prefix(take);
      if (buffer.size() < chunk_size) continue;
      absl::Status s = pipeline.Submit(std::exchange(buffer, std::string()));
      if (!s.ok()) return s;
      // A full chunk hints at more: size the next one at once instead of
      // growing it by copies (Submit has already waited for the slot).
      buffer.reserve(chunk_size);
    }
  }
  if (!buffer.empty()) {
    absl::Status s = pipeline.Submit(std::move(buffer));
    if (!s.ok()) return s;
  }
  return received;
}

}  // namespace

absl::StatusOr<ChunkUploadStats> UploadChunks(
    ByteSource& source, const ChunkUploadSettings& settings,
    const PutChunkFn& put, const CallContext& ctx) {
  ChunkPipeline pipeline(settings, put, ctx);
  Sha256 sha;
  absl::StatusOr<int64_t> received =
      PumpSource(source, settings, pipeline, sha, ctx);
  absl::Status status = received.status();
  ChunkUploadStats stats;
  if (status.ok()) {
    stats.bytes_received = *received;
    stats.sha256_hex = sha.FinishHex();
    status = CheckExpected(settings, stats.bytes_received, stats.sha256_hex);
  }
  if (!status.ok()) {
    pipeline.Cancel();
    return status;
  }
  status = pipeline.Finish();
  // A caller that gave up sees CANCELLED, not a chunk it interrupted.
  if (ctx.IsCancelled()) return absl::CancelledError("upload cancelled");
  if (!status.ok()) return status;
  stats.chunks_uploaded = pipeline.chunks();
  stats.bytes_sent = pipeline.bytes_sent();
  return stats;
}

}  // namespace anaplan::core
