#ifndef ANAPLAN_CORE_FILES_BYTE_STREAM_H_
#define ANAPLAN_CORE_FILES_BYTE_STREAM_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace anaplan::core {

/// Where an upload reads its bytes from (a gRPC stream, a file, a string).
/// Pulled by one thread at a time.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// The next piece of data (any size, possibly empty), std::nullopt at the
  /// clean end of the data, or an error when the source broke (the upload
  /// then fails with that error and never completes the file).
  virtual absl::StatusOr<std::optional<std::string>> Next() = 0;
};

/// Where a download delivers its bytes, in order. Called from one thread.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  /// Called once before any data: the total size when known, else -1.
  virtual absl::Status Start(int64_t total_size) { return absl::OkStatus(); }
  /// Delivers `data` found at `offset` of the file, inside Anaplan chunk
  /// `chunk_index`. A non-OK return stops the download with that status.
  /// Blocking here is the backpressure: no more than the read-ahead is
  /// fetched while the sink is busy.
  virtual absl::Status Write(absl::string_view data, int64_t offset,
                             int64_t chunk_index) = 0;
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_FILES_BYTE_STREAM_H_
