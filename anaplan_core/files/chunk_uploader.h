#ifndef ANAPLAN_CORE_FILES_CHUNK_UPLOADER_H_
#define ANAPLAN_CORE_FILES_CHUNK_UPLOADER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/files/byte_stream.h"
#include "anaplan_core/files/gzip.h"

namespace anaplan::core {

/// Settings of one chunked upload, already defaulted and validated.
struct ChunkUploadSettings {
  /// Raw bytes per chunk (the last one may be shorter).
  int64_t chunk_size = 25'000'000;
  /// Chunks compressed and sent at once (worker threads).
  int parallelism = 2;
  int gzip_level = 6;
  GzipBackend backend = GzipBackend::kAuto;
  /// When set, the bytes received must match (else DATA_LOSS).
  std::optional<int64_t> expected_size;
  /// Lower- or upper-case hex SHA-256 the bytes must match; empty = none.
  std::string expected_sha256;
};

/// What an upload moved.
struct ChunkUploadStats {
  int64_t bytes_received = 0;
  int64_t chunks_uploaded = 0;
  /// Compressed bytes handed to `put`.
  int64_t bytes_sent = 0;
  /// SHA-256 of the raw bytes, lower-case hex.
  std::string sha256_hex;
};

/// Sends one gzipped chunk. Called concurrently from worker threads; `ctx`
/// is cancelled as soon as any chunk fails or the caller gives up.
using PutChunkFn = std::function<absl::Status(
    int64_t index, std::string gzipped, const CallContext& ctx)>;

/// The upload pipeline (design.md §2, reliability-performance.md §B1): the
/// calling thread pulls `source` and cuts chunks of chunk_size, hashing the
/// bytes as they arrive; up to `parallelism` worker threads gzip and `put`
/// them. At most `parallelism` chunks are queued or in flight, so memory is
/// bounded by about (2 * parallelism + 1) chunks whatever the file size. An
/// empty source yields zero chunks. All threads are joined before return.
///
/// It does not complete the file: the caller does that only on success.
/// \error the first chunk failure, with its code kept, "chunk N" prefixed
///   and ErrorInfo {reason ANAPLAN_CHUNK_FAILED, chunk_index N}; the rest are
///   cancelled. A source error as returned by `source`. DATA_LOSS (reason
///   ANAPLAN_DATA_LOSS) when expected_size or expected_sha256 differ.
///   CANCELLED / DEADLINE_EXCEEDED from `ctx`.
absl::StatusOr<ChunkUploadStats> UploadChunks(
    ByteSource& source, const ChunkUploadSettings& settings,
    const PutChunkFn& put, const CallContext& ctx);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_FILES_CHUNK_UPLOADER_H_
