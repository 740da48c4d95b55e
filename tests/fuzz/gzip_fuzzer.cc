// anaplan_core/files/gzip: (1) every backend and level compresses the
// fuzzer's bytes into a member that Gunzip restores exactly, and that the
// emulator's independent decoder agrees with; (2) Gunzip and GunzipInto
// (both backends) of the raw bytes either fail with DATA_LOSS /
// RESOURCE_EXHAUSTED or respect max_size, and agree when they succeed.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

#include "anaplan_core/files/gzip.h"
#include "emulator/gzip.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace anaplan::core;
  const absl::string_view raw(reinterpret_cast<const char*>(data), size);

  // Arbitrary bytes as a gzip stream, under a small output cap.
  const size_t cap = size_t{1} << 20;
  absl::StatusOr<std::string> inflated = Gunzip(raw, cap);
  if (inflated.ok()) {
    FUZZ_CHECK(inflated->size() <= cap);
  } else {
    FUZZ_CHECK(inflated.status().code() == absl::StatusCode::kDataLoss ||
               inflated.status().code() ==
                   absl::StatusCode::kResourceExhausted);
  }

  // The download path: GunzipInto per backend into a recycled buffer (its
  // stale size must not leak into the result). Both backends check CRC-32
  // and ISIZE, so whatever both accept they inflate alike (they may differ
  // on header details such as FHCRC, which zlib checks and libdeflate skips).
  std::string outputs[2];
  bool accepted[2] = {false, false};
  for (int i = 0; i < 2; ++i) {
    const GzipBackend backend =
        i == 0 ? GzipBackend::kZlib : GzipBackend::kLibdeflate;
    if (backend == GzipBackend::kLibdeflate && !HaveLibdeflate()) continue;
    outputs[i].assign(size % 4096, 'x');
    const absl::Status s = GunzipInto(raw, cap, outputs[i], backend);
    accepted[i] = s.ok();
    FUZZ_CHECK(s.ok() || s.code() == absl::StatusCode::kDataLoss ||
               s.code() == absl::StatusCode::kResourceExhausted);
    if (s.ok()) FUZZ_CHECK(outputs[i].size() <= cap);
  }
  if (accepted[0] && accepted[1]) FUZZ_CHECK(outputs[0] == outputs[1]);
  if (inflated.ok() && accepted[0]) FUZZ_CHECK(*inflated == outputs[0]);

  // Round trip. Level from the first byte so the fuzzer explores all.
  const int level = size == 0 ? 6 : 1 + data[0] % 9;
  for (GzipBackend backend : {GzipBackend::kZlib, GzipBackend::kLibdeflate}) {
    if (backend == GzipBackend::kLibdeflate && !HaveLibdeflate()) continue;
    auto compressor = MakeGzipCompressor(level, backend);
    FUZZ_CHECK(compressor.ok());
    absl::StatusOr<std::string> gz = (*compressor)->Compress(raw);
    FUZZ_CHECK(gz.ok());
    absl::StatusOr<std::string> back = Gunzip(*gz);
    FUZZ_CHECK(back.ok() && *back == raw);
    absl::StatusOr<std::string> emulator_back = anaplan::emulator::Gunzip(*gz);
    FUZZ_CHECK(emulator_back.ok() && *emulator_back == raw);
    // Two members concatenated (how chunked files look) inflate to both.
    absl::StatusOr<std::string> twice = Gunzip(*gz + *gz);
    FUZZ_CHECK(twice.ok() && *twice == std::string(raw) + std::string(raw));
    // A truncated member is never accepted as complete data.
    if (gz->size() > 1) {
      absl::StatusOr<std::string> cut =
          Gunzip(absl::string_view(*gz).substr(0, gz->size() - 1));
      FUZZ_CHECK(!cut.ok());
    }
  }
  return 0;
}
