#ifndef ANAPLAN_SERVICE_STREAM_ADAPTERS_H_
#define ANAPLAN_SERVICE_STREAM_ADAPTERS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/sync_stream.h"

#include "anaplan_core/files/byte_stream.h"
#include "anaplan_core/status/error_info.h"

namespace anaplan::service {

/// Streamed messages carry at most this many bytes of data (B2: 256 KiB to
/// 1 MiB messages move bytes fastest and keep memory bounded) ...
inline constexpr std::size_t kMaxMessageData = std::size_t{1} << 20;
/// ... and pieces this large are sent without waiting to coalesce more.
inline constexpr std::size_t kMinMessageData = std::size_t{256} << 10;

/// CANCELLED "the caller cancelled the stream" (shared wording).
absl::Status StreamCancelled();

/// How long a failed Read() waits for the call to show as cancelled.
inline constexpr absl::Duration kEndOfStreamGrace = absl::Milliseconds(100);

/// After ServerReader::Read() returned false: true when the stream broke
/// (cancel, deadline, oversized message, transport error) rather than being
/// half-closed by the client. gRPC's C++ APIs report both as `false`, and a
/// broken call can show in IsCancelled() a few milliseconds after Read()
/// returns, so this polls IsCancelled() for up to `grace` (measured: <5 ms)
/// before calling the end clean. Costs `grace` once per clean upload; an
/// upload that completes a file from a broken stream costs far more.
bool BrokenAfterReadFailed(const grpc::ServerContextBase& context,
                           absl::Duration grace = kEndOfStreamGrace);

/// Adapts the data messages of a client stream (header first, then `data`
/// messages) into a core::ByteSource. `Request` is UploadFileRequest or
/// UploadAndImportRequest: a oneof `message` of `header` and `data`. The
/// header must already have been read. A later header fails the source with
/// INVALID_ARGUMENT; a stream that breaks (cancel, deadline, oversized
/// message; see BrokenAfterReadFailed) fails with CANCELLED, so core never
/// completes the file; only a clean half-close is the end of the data.
template <typename Request>
class ServerReaderSource final : public core::ByteSource {
 public:
  ServerReaderSource(grpc::ServerReaderInterface<Request>* reader,
                     grpc::ServerContextBase* context)
      : reader_(reader), context_(context) {}

  absl::StatusOr<std::optional<std::string>> Next() override {
    Request message;
    if (!reader_->Read(&message)) {
      if (BrokenAfterReadFailed(*context_)) return StreamCancelled();
      return std::optional<std::string>();
    }
    if (message.message_case() != Request::kData) {
      return core::InvalidField(
          "header", "only the first message of the stream may carry header");
    }
    return std::optional<std::string>(std::move(*message.mutable_data()));
  }

 private:
  grpc::ServerReaderInterface<Request>* reader_;
  grpc::ServerContextBase* context_;
};

/// One message worth of bytes produced by ChunkingSink.
struct DataPiece {
  std::string data;
  /// Byte offset of `data` in the whole stream.
  int64_t offset = 0;
  /// Anaplan chunk the bytes belong to.
  int64_t chunk_index = 0;
  /// True for the first piece emitted (it carries the stream's metadata).
  bool first = false;
  /// Total size passed to Start() (-1 when unknown).
  int64_t total_size = -1;
};

/// A core::ByteSink that cuts or coalesces the bytes it receives into pieces
/// of kMinMessageData..kMaxMessageData bytes (smaller only at a chunk
/// boundary or at the end), never mixing two Anaplan chunks in one piece,
/// and hands each to `emit`. `emit` returns false when the peer is gone;
/// the sink then fails with CANCELLED. Call Finish() after core succeeded:
/// it emits what is buffered, or one empty first piece for empty data.
/// `emit` may take piece.data's buffer; a buffer it leaves in piece.data
/// (see WriteWithPieceData) is reused for the next piece, so a long stream
/// does not allocate, and fault in, a fresh 1 MiB buffer per message.
class ChunkingSink final : public core::ByteSink {
 public:
  using Emit = std::function<bool(DataPiece& piece)>;
  explicit ChunkingSink(Emit emit) : emit_(std::move(emit)) {}

  absl::Status Start(int64_t total_size) override;
  absl::Status Write(absl::string_view data, int64_t offset,
                     int64_t chunk_index) override;
  absl::Status Finish();

  /// Bytes handed to `emit` so far.
  int64_t bytes_emitted() const { return bytes_emitted_; }

 private:
  absl::Status Flush(std::size_t max_bytes);
  void Reserve(std::size_t bytes);

  Emit emit_;
  int64_t total_size_ = -1;
  bool emitted_any_ = false;
  int64_t bytes_emitted_ = 0;
  std::string pending_;
  /// A flushed buffer handed back by `emit`, reused by the next piece.
  std::string spare_;
  int64_t pending_offset_ = 0;
  int64_t pending_chunk_ = 0;
};

/// Writes `message` with piece.data swapped into its bytes field `*data`,
/// then swaps the buffer back into the piece for ChunkingSink to reuse.
/// (The sync API's Write has serialized the message when it returns.)
template <typename Writer, typename Message>
bool WriteWithPieceData(Writer* writer, const Message& message,
                        std::string* data, DataPiece& piece) {
  data->swap(piece.data);
  const bool written = writer->Write(message);
  data->swap(piece.data);
  return written;
}

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_STREAM_ADAPTERS_H_
