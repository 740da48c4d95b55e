#ifndef ANAPLAN_CORE_FILES_CHUNK_DOWNLOADER_H_
#define ANAPLAN_CORE_FILES_CHUNK_DOWNLOADER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/files/byte_stream.h"
#include "anaplan_core/http/http_types.h"

namespace anaplan::core {

/// Fetches the bytes of chunk `index` into `out`, replacing its contents.
/// `out` is a recycled buffer (an earlier chunk's, or empty): writing into
/// its capacity avoids fresh pages per chunk. Called concurrently from
/// worker threads; `ctx` is cancelled once any chunk fails or the sink stops.
using FetchChunkFn = std::function<absl::Status(
    int64_t index, const CallContext& ctx, std::string& out)>;

/// Downloads chunks 0..count-1 into `sink` strictly in index order, never
/// twice: `batch_size` worker threads fetch ahead of the chunk being
/// delivered, so at most batch_size + 1 chunks are in memory; their buffers
/// are reused from chunk to chunk and freed on return. Calls
/// sink.Start(total_size) first (-1 when unknown). A sink that blocks holds
/// the fetching back (backpressure). Threads are joined before return.
/// \error the first failing chunk's error with "chunk N" prefixed and
///   ErrorInfo {reason ANAPLAN_CHUNK_FAILED, chunk_index N}; a sink error as
///   returned; CANCELLED when ctx is cancelled.
absl::Status DownloadChunks(int64_t count, int batch_size, int64_t total_size,
                            const FetchChunkFn& fetch, ByteSink& sink,
                            const CallContext& ctx);

/// Largest decoded chunk accepted: above the library's own 1e9-byte upload
/// chunk limit (Anaplan's chunks are at most 50 MB), so only a broken or
/// hostile reply (a gzip bomb) hits it.
inline constexpr size_t kMaxChunkBytes = size_t{1} << 30;

/// The HttpRequest::decode_body of a chunk GET: puts the chunk's bytes in
/// `out` (a recycled buffer). A gzip body (Content-Encoding gzip or x-gzip,
/// one or more members) is inflated with GunzipInto; an identity body (no
/// Content-Encoding, or "identity") is taken as is.
/// \error DATA_LOSS (reason ANAPLAN_DATA_LOSS, retried by RestClient) for a
///   corrupt or truncated gzip body; INTERNAL (reason ANAPLAN_BAD_RESPONSE)
///   for another content-encoding or a body inflating beyond `max_size`.
absl::Status DecodeChunkBody(HttpResponse& response, std::string& out,
                             size_t max_size = kMaxChunkBytes);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_FILES_CHUNK_DOWNLOADER_H_
