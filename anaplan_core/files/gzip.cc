#include "anaplan_core/files/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"

#ifdef ANAPLAN_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

namespace anaplan::core {
namespace {

// zlib counts input in uInt; chunks are capped far below this (1e9).
constexpr size_t kMaxInput = std::numeric_limits<uInt>::max() / 2;
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip wrapper.

absl::Status TooLarge(size_t size) {
  return absl::InvalidArgumentError(
      absl::StrCat("cannot compress ", size, " bytes in one chunk"));
}

// The worst-case output buffer, left uninitialised: it is as large as the
// input, but only the pages the compressed bytes land in become resident
// (a zero-filled std::string would touch all of it: 25 MB per chunk in
// flight instead of ~8; with the service's fixed mmap threshold such a
// buffer is a fresh mapping). The result is copied out at its exact size.
std::unique_ptr<char[]> UntouchedBuffer(size_t size) {
  return std::unique_ptr<char[]>(new char[size]);
}

class ZlibCompressor final : public GzipCompressor {
 public:
  explicit ZlibCompressor(int level) : level_(level) {}
  ~ZlibCompressor() override {
    if (initialized_) deflateEnd(&stream_);
  }
  ZlibCompressor(const ZlibCompressor&) = delete;
  ZlibCompressor& operator=(const ZlibCompressor&) = delete;

  absl::StatusOr<std::string> Compress(absl::string_view data) override {
    if (data.size() > kMaxInput) return TooLarge(data.size());
    if (absl::Status s = Reset(); !s.ok()) return s;
    const size_t bound = deflateBound(&stream_, data.size());
    std::unique_ptr<char[]> out = UntouchedBuffer(bound);
    // zlib's API is not const-correct; it never writes through next_in.
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    stream_.next_out = reinterpret_cast<Bytef*>(out.get());
    stream_.avail_out = static_cast<uInt>(bound);
    // deflateBound guarantees a single Z_FINISH call completes.
    if (int rc = deflate(&stream_, Z_FINISH); rc != Z_STREAM_END) {
      return absl::InternalError(absl::StrCat("zlib deflate failed: ", rc));
    }
    return std::string(out.get(), stream_.total_out);
  }
  absl::string_view backend() const override { return "zlib"; }

 private:
  // The deflate state (~256 KiB at level 6) is set up once and reset per
  // chunk.
  absl::Status Reset() {
    int rc = initialized_
                 ? deflateReset(&stream_)
                 : deflateInit2(&stream_, level_, Z_DEFLATED, kGzipWindowBits,
                                8, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) {
      return absl::InternalError(absl::StrCat("zlib deflateInit failed: ", rc));
    }
    initialized_ = true;
    return absl::OkStatus();
  }

  int level_;
  bool initialized_ = false;
  z_stream stream_{};
};

#ifdef ANAPLAN_HAVE_LIBDEFLATE
class LibdeflateCompressor final : public GzipCompressor {
 public:
  explicit LibdeflateCompressor(libdeflate_compressor* c) : compressor_(c) {}
  ~LibdeflateCompressor() override { libdeflate_free_compressor(compressor_); }
  LibdeflateCompressor(const LibdeflateCompressor&) = delete;
  LibdeflateCompressor& operator=(const LibdeflateCompressor&) = delete;

  absl::StatusOr<std::string> Compress(absl::string_view data) override {
    if (data.size() > kMaxInput) return TooLarge(data.size());
    const size_t bound =
        libdeflate_gzip_compress_bound(compressor_, data.size());
    std::unique_ptr<char[]> out = UntouchedBuffer(bound);
    size_t n = libdeflate_gzip_compress(compressor_, data.data(), data.size(),
                                        out.get(), bound);
    if (n == 0) return absl::InternalError("libdeflate compression failed");
    return std::string(out.get(), n);
  }
  absl::string_view backend() const override { return "libdeflate"; }

 private:
  libdeflate_compressor* compressor_;
};
#endif

absl::StatusOr<std::unique_ptr<GzipCompressor>> MakeLibdeflate(int level) {
#ifdef ANAPLAN_HAVE_LIBDEFLATE
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  if (c == nullptr) return absl::InternalError("libdeflate: out of memory");
  return std::unique_ptr<GzipCompressor>(new LibdeflateCompressor(c));
#else
  return absl::UnimplementedError("built without libdeflate");
#endif
}

absl::Status Corrupt(absl::string_view why) {
  ErrorInfo info;
  info.reason = "ANAPLAN_DATA_LOSS";
  return MakeError(absl::StatusCode::kDataLoss,
                   absl::StrCat("invalid gzip data: ", why), info);
}

absl::Status Corrupt(int rc, const z_stream& stream) {
  return Corrupt(
      absl::StrCat(stream.msg != nullptr ? stream.msg : "", " (", rc, ")"));
}

absl::Status OutputTooLarge(size_t max_size) {
  return absl::ResourceExhaustedError(
      absl::StrCat("gzip output exceeds ", max_size, " bytes"));
}

// Deflate expands at most ~1032:1: an ISIZE above that is a lie.
constexpr size_t kMaxDeflateRatio = 1032;
// Whatever ISIZE claims, the first buffer is at most this (Anaplan chunks
// are at most 50 MB), so a lying trailer costs little; larger outputs grow.
constexpr size_t kMaxFirstOutput = size_t{64} << 20;
constexpr size_t kMinGrowth = size_t{64} << 10;

// The first output buffer size, from the last member's ISIZE trailer (the
// uncompressed size mod 2^32): exact for the usual single member.
size_t FirstOutputSize(absl::string_view data, size_t max_size) {
  size_t isize = 0;
  if (data.size() >= 4) {
    const auto* p =
        reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
    isize = size_t{p[0]} | size_t{p[1]} << 8 | size_t{p[2]} << 16 |
            size_t{p[3]} << 24;
  }
  return std::min(
      {isize, max_size, kMaxFirstOutput, data.size() * kMaxDeflateRatio});
}

// Grows `out` (holding `produced` good bytes) up to `limit`; false when it
// is already there.
bool Grow(std::string& out, size_t produced, size_t input_left, size_t limit) {
  if (out.size() >= limit) return false;
  const size_t want = std::max(
      {out.size() * 2, produced + input_left * 4, produced + kMinGrowth});
  out.resize(std::min(want, limit));
  return true;
}

#ifdef ANAPLAN_HAVE_LIBDEFLATE
struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const {
    libdeflate_free_decompressor(d);
  }
};

// Member by member: libdeflate inflates whole buffers, so a member that does
// not fit is inflated again into a larger buffer.
absl::Status LibdeflateGunzip(absl::string_view data, size_t max_size,
                              std::string& out) {
  std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(
      libdeflate_alloc_decompressor());
  if (d == nullptr) return absl::InternalError("libdeflate: out of memory");
  size_t consumed = 0;
  size_t produced = 0;
  do {
    size_t in_used = 0;
    size_t out_used = 0;
    const libdeflate_result rc = libdeflate_gzip_decompress_ex(
        d.get(), data.data() + consumed, data.size() - consumed,
        out.data() + produced, out.size() - produced, &in_used, &out_used);
    if (rc == LIBDEFLATE_SUCCESS) {
      consumed += in_used;
      produced += out_used;
    } else if (rc != LIBDEFLATE_INSUFFICIENT_SPACE) {
      // BAD_DATA covers bad headers, CRC-32 or ISIZE mismatches and input
      // that ends early.
      return Corrupt(absl::StrCat("libdeflate result ", static_cast<int>(rc),
                                  " at byte ", consumed));
    } else if (!Grow(out, produced, data.size() - consumed, max_size)) {
      return OutputTooLarge(max_size);
    }
  } while (consumed < data.size());
  out.resize(produced);
  return absl::OkStatus();
}
#endif

absl::Status ZlibGunzip(absl::string_view data, size_t max_size,
                        std::string& out) {
  if (data.size() > kMaxInput) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot inflate ", data.size(), " bytes at once"));
  }
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) {
    return absl::InternalError("zlib inflateInit failed");
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  // One byte of room past max_size tells "exactly max_size" from "more".
  const size_t limit = max_size + (max_size < SIZE_MAX ? 1 : 0);
  size_t produced = 0;
  absl::Status status;
  while (status.ok()) {
    if (produced == out.size() &&
        !Grow(out, produced, stream.avail_in, limit)) {
      status = OutputTooLarge(max_size);
      break;
    }
    const uInt room =
        static_cast<uInt>(std::min<size_t>(out.size() - produced, kMaxInput));
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = room;
    const int rc = inflate(&stream, Z_NO_FLUSH);
    produced += room - stream.avail_out;
    if (produced > max_size) {
      status = OutputTooLarge(max_size);
    } else if (rc == Z_STREAM_END && stream.avail_in == 0) {
      break;
    } else if (rc == Z_STREAM_END) {
      inflateReset(&stream);  // Another member follows.
    } else if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
      status = Corrupt(Z_DATA_ERROR, stream);  // The input ended early.
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      status = Corrupt(rc, stream);
    }
  }
  inflateEnd(&stream);
  if (!status.ok()) return status;
  out.resize(produced);
  return absl::OkStatus();
}

}  // namespace

bool HaveLibdeflate() {
#ifdef ANAPLAN_HAVE_LIBDEFLATE
  return true;
#else
  return false;
#endif
}

absl::StatusOr<std::unique_ptr<GzipCompressor>> MakeGzipCompressor(
    int level, GzipBackend backend) {
  if (level < 1 || level > 9) {
    return InvalidField("gzip_level",
                        absl::StrCat("gzip level ", level, " is not in 1..9"));
  }
  bool use_libdeflate = backend == GzipBackend::kLibdeflate ||
                        (backend == GzipBackend::kAuto && HaveLibdeflate());
  if (use_libdeflate) return MakeLibdeflate(level);
  return std::unique_ptr<GzipCompressor>(new ZlibCompressor(level));
}

absl::StatusOr<std::string> Gunzip(absl::string_view data, size_t max_size) {
  std::string out;
  if (absl::Status s = GunzipInto(data, max_size, out); !s.ok()) return s;
  return out;
}

absl::Status GunzipInto(absl::string_view data, size_t max_size,
                        std::string& out, GzipBackend backend) {
  const bool use_libdeflate =
      backend == GzipBackend::kLibdeflate ||
      (backend == GzipBackend::kAuto && HaveLibdeflate());
  const size_t first = FirstOutputSize(data, max_size);
  // A recycled buffer keeps its size: nothing to zero-fill up to it.
  if (out.size() < first || out.size() > max_size) out.resize(first);
#ifdef ANAPLAN_HAVE_LIBDEFLATE
  if (use_libdeflate) return LibdeflateGunzip(data, max_size, out);
#else
  if (use_libdeflate)
    return absl::UnimplementedError("built without libdeflate");
#endif
  return ZlibGunzip(data, max_size, out);
}

}  // namespace anaplan::core
