#ifndef TESTS_FUZZ_FUZZ_UTIL_H_
#define TESTS_FUZZ_FUZZ_UTIL_H_

// Helpers shared by the fuzz targets. They build with clang's libFuzzer
// (ANAPLAN_FUZZ) and with any compiler as corpus replays (replay_main.cc),
// so they avoid <fuzzer/FuzzedDataProvider.h>, which only clang ships.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"

/// Aborts (a finding for libFuzzer, a failure for the replay) when `cond`
/// is false: the targets check invariants, not just the absence of crashes.
#define FUZZ_CHECK(cond)                                               \
  do {                                                                 \
    if (!(cond)) {                                                     \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, \
                   __LINE__, #cond);                                   \
      std::abort();                                                    \
    }                                                                  \
  } while (0)

namespace anaplan::fuzz {

/// Reads typed values off the front of the fuzzer's bytes; past the end
/// every value is zero or empty (inputs of any length are meaningful).
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size)
      : data_(reinterpret_cast<const char*>(data)), size_(size) {}

  bool empty() const { return size_ == 0; }
  size_t remaining() const { return size_; }

  uint8_t Byte() {
    if (size_ == 0) return 0;
    --size_;
    return static_cast<uint8_t>(*data_++);
  }
  bool Bool() { return (Byte() & 1) != 0; }
  /// A value in [lo, hi] from up to 8 bytes.
  int64_t IntInRange(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    uint64_t value = 0;
    for (uint64_t seen = 0; seen < span && size_ > 0;
         seen = (seen << 8) | 0xff) {
      value = (value << 8) | Byte();
    }
    if (span != UINT64_MAX) value %= span + 1;
    return static_cast<int64_t>(static_cast<uint64_t>(lo) + value);
  }
  int64_t Int64() { return IntInRange(INT64_MIN, INT64_MAX); }
  /// Up to `max` bytes: a length byte pair, then that many bytes.
  std::string String(size_t max) {
    const size_t want = static_cast<size_t>(IntInRange(0, 65535)) % (max + 1);
    const size_t n = want < size_ ? want : size_;
    std::string out(data_, n);
    data_ += n;
    size_ -= n;
    return out;
  }
  /// Everything that is left.
  std::string Rest() {
    std::string out(data_, size_);
    data_ += size_;
    size_ = 0;
    return out;
  }

 private:
  const char* data_;
  size_t size_;
};

}  // namespace anaplan::fuzz

#endif  // TESTS_FUZZ_FUZZ_UTIL_H_
