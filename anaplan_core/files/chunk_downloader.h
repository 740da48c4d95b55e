#ifndef ANAPLAN_CORE_FILES_CHUNK_DOWNLOADER_H_
#define ANAPLAN_CORE_FILES_CHUNK_DOWNLOADER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/files/byte_stream.h"

namespace anaplan::core {

/// Fetches the bytes of chunk `index`. Called concurrently from worker
/// threads; `ctx` is cancelled once any chunk fails or the sink stops.
using FetchChunkFn = std::function<absl::StatusOr<std::string>(
    int64_t index, const CallContext& ctx)>;

/// Downloads chunks 0..count-1 into `sink` strictly in index order, never
/// twice: `batch_size` worker threads fetch ahead of the chunk being
/// delivered, so at most batch_size + 1 chunks are in memory. Calls
/// sink.Start(total_size) first (-1 when unknown). A sink that blocks holds
/// the fetching back (backpressure). Threads are joined before return.
/// \error the first failing chunk's error with "chunk N" prefixed and
///   ErrorInfo {reason ANAPLAN_CHUNK_FAILED, chunk_index N}; a sink error as
///   returned; CANCELLED when ctx is cancelled.
absl::Status DownloadChunks(int64_t count, int batch_size, int64_t total_size,
                            const FetchChunkFn& fetch, ByteSink& sink,
                            const CallContext& ctx);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_FILES_CHUNK_DOWNLOADER_H_
