#include "service/stream_adapters.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"

namespace anaplan::service {

absl::Status StreamCancelled() {
  return absl::CancelledError("the caller cancelled the stream");
}

bool BrokenAfterReadFailed(const grpc::ServerContextBase& context,
                           absl::Duration grace) {
  const absl::Time give_up = absl::Now() + grace;
  for (;;) {
    if (context.IsCancelled()) return true;
    if (absl::Now() >= give_up) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
}

absl::Status ChunkingSink::Start(int64_t total_size) {
  total_size_ = total_size;
  return absl::OkStatus();
}

absl::Status ChunkingSink::Write(absl::string_view data, int64_t offset,
                                 int64_t chunk_index) {
  const bool contiguous =
      chunk_index == pending_chunk_ &&
      offset == pending_offset_ + static_cast<int64_t>(pending_.size());
  if (!pending_.empty() && !contiguous) {
    absl::Status status = Flush(pending_.size());
    if (!status.ok()) return status;
  }
  if (pending_.empty()) {
    pending_offset_ = offset;
    pending_chunk_ = chunk_index;
  }
  // Append at most what fills the buffer to kMaxMessageData, emitting full
  // pieces as we go, so memory stays at one message plus core's chunk.
  while (!data.empty()) {
    const std::size_t take =
        std::min(data.size(), kMaxMessageData - pending_.size());
    Reserve(pending_.size() + take);
    pending_.append(data.data(), take);
    data.remove_prefix(take);
    if (pending_.size() == kMaxMessageData) {
      absl::Status status = Flush(kMaxMessageData);
      if (!status.ok()) return status;
    }
  }
  if (pending_.size() >= kMinMessageData) return Flush(pending_.size());
  return absl::OkStatus();
}

absl::Status ChunkingSink::Finish() {
  if (!pending_.empty() || !emitted_any_) return Flush(pending_.size());
  return absl::OkStatus();
}

void ChunkingSink::Reserve(std::size_t bytes) {
  // Grow geometrically (small writes stay cheap) up to one message; a
  // recycled buffer already has the room.
  if (pending_.capacity() >= bytes) return;
  pending_.reserve(
      std::min(kMaxMessageData, std::max(bytes, 2 * pending_.capacity())));
}

absl::Status ChunkingSink::Flush(std::size_t max_bytes) {
  DataPiece piece;
  const std::size_t n = std::min(max_bytes, pending_.size());
  if (n == pending_.size()) {
    piece.data.swap(pending_);
    pending_.swap(spare_);
    pending_.clear();
  } else {
    piece.data = pending_.substr(0, n);
    pending_.erase(0, n);
  }
  piece.offset = pending_offset_;
  piece.chunk_index = pending_chunk_;
  piece.first = !emitted_any_;
  piece.total_size = total_size_;
  pending_offset_ += static_cast<int64_t>(n);
  emitted_any_ = true;
  bytes_emitted_ += static_cast<int64_t>(n);
  const bool emitted = emit_(piece);
  // Keep the buffer the emitter gave back for the next piece.
  if (piece.data.capacity() > spare_.capacity()) spare_.swap(piece.data);
  if (!emitted) return StreamCancelled();
  return absl::OkStatus();
}

}  // namespace anaplan::service
