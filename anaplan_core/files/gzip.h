#ifndef ANAPLAN_CORE_FILES_GZIP_H_
#define ANAPLAN_CORE_FILES_GZIP_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace anaplan::core {

/// Compresses whole buffers (one upload chunk at a time) into one standard
/// gzip member (RFC 1952), which Anaplan and any gzip reader accept.
/// Not thread-safe: use one per worker thread (it may keep scratch state).
class GzipCompressor {
 public:
  virtual ~GzipCompressor() = default;
  /// The gzip member of `data`.
  /// \error INTERNAL when the library fails (out of memory).
  virtual absl::StatusOr<std::string> Compress(absl::string_view data) = 0;
  /// "zlib" or "libdeflate", for logs and benchmarks.
  virtual absl::string_view backend() const = 0;
};

/// Which deflate implementation to use. kAuto picks libdeflate when the
/// build found it (about 2x zlib at equal level, same or better ratio,
/// reliability-performance.md §1.1), else zlib.
enum class GzipBackend { kAuto, kZlib, kLibdeflate };

/// True when the library was built with libdeflate.
bool HaveLibdeflate();

/// A compressor at `level` (1 fastest .. 9 smallest).
/// \error INVALID_ARGUMENT (field "gzip_level") for a level outside 1..9;
///   UNIMPLEMENTED for kLibdeflate in a build without it.
absl::StatusOr<std::unique_ptr<GzipCompressor>> MakeGzipCompressor(
    int level, GzipBackend backend = GzipBackend::kAuto);

/// Inflates one or more concatenated gzip members.
/// \error DATA_LOSS for corrupt or truncated input; RESOURCE_EXHAUSTED when
///   the output would exceed `max_size` bytes.
absl::StatusOr<std::string> Gunzip(absl::string_view data,
                                   size_t max_size = size_t{1} << 32);

/// Gunzip into `out`, replacing its contents but reusing its capacity (pass
/// a recycled buffer: no fresh pages, and no zero-fill up to its old size).
/// kAuto uses libdeflate when built with it (about 2x zlib's inflate). The
/// output is sized from the last member's ISIZE trailer, which is untrusted:
/// it only picks the first buffer size (capped by `max_size`, by deflate's
/// maximum ratio and at 64 MiB); the buffer grows when a member needs more.
/// On error `out` holds garbage.
/// \error DATA_LOSS (reason ANAPLAN_DATA_LOSS) for corrupt, truncated or
///   trailing non-gzip input (CRC-32 and length trailers are checked);
///   RESOURCE_EXHAUSTED when the output would exceed `max_size` bytes;
///   UNIMPLEMENTED for kLibdeflate in a build without it.
absl::Status GunzipInto(absl::string_view data, size_t max_size,
                        std::string& out,
                        GzipBackend backend = GzipBackend::kAuto);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_FILES_GZIP_H_
