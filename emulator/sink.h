#ifndef ANAPLAN_EMULATOR_SINK_H_
#define ANAPLAN_EMULATOR_SINK_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace anaplan::emulator {

/// The count-only chunk sink (`--sink_mode=count`, bench/README.md): what a
/// file keeps of uploaded chunks instead of their bytes, so a multi-GiB
/// upload costs the emulator only the chunks still out of order. Bodies are
/// still gunzipped (bad gzip stays a 400); the file's SHA-256 is computed
/// incrementally in index order, holding a chunk only until the ones before
/// it have arrived. Not thread-safe: used under the state lock.
class CountSink {
 public:
  CountSink();
  ~CountSink();
  CountSink(const CountSink&) = delete;
  CountSink& operator=(const CountSink&) = delete;

  /// Records chunk `index` (uncompressed). A repeated index replaces a
  /// pending chunk; a repeat of a hashed chunk is ignored (a retried
  /// PUT carries the same bytes).
  void Add(int index, std::string bytes);
  /// Total bytes of distinct chunks received.
  int64_t size() const;
  /// Lower-case hex SHA-256 of the file; meaningful once complete.
  std::string Sha256Hex() const;
  /// Indexes received, ascending.
  std::vector<int> Indexes() const;
  /// INVALID_ARGUMENT "Chunk N is missing" unless indexes are 0..max.
  absl::Status CheckContiguous() const;

 private:
  struct Digest;
  std::unique_ptr<Digest> digest_;
  std::map<int, int64_t> sizes_;
  std::map<int, std::string> pending_;  ///< Arrived ahead of next_hash_.
  int next_hash_ = 0;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_SINK_H_
