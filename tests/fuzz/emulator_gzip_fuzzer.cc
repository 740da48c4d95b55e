// The emulator's chunk decoder (emulator/gzip: what a chunk PUT body goes
// through) over arbitrary bytes: InvalidArgument or data, never a crash;
// and its own Gzip round-trips.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

#include "emulator/gzip.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::string> inflated = anaplan::emulator::Gunzip(raw);
  if (!inflated.ok()) {
    FUZZ_CHECK(inflated.status().code() == absl::StatusCode::kInvalidArgument);
  }
  const std::string gz = anaplan::emulator::Gzip(raw);
  absl::StatusOr<std::string> back = anaplan::emulator::Gunzip(gz);
  FUZZ_CHECK(back.ok() && *back == raw);
  return 0;
}
