#include "anaplan_core/files/gzip.h"

#include <zlib.h>

#include <algorithm>
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

absl::Status Corrupt(int rc, const z_stream& stream) {
  ErrorInfo info;
  info.reason = "ANAPLAN_DATA_LOSS";
  return MakeError(
      absl::StatusCode::kDataLoss,
      absl::StrCat("invalid gzip data: ",
                   stream.msg != nullptr ? stream.msg : "", " (", rc, ")"),
      info);
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
  if (data.size() > kMaxInput) return TooLarge(data.size());
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) {
    return absl::InternalError("zlib inflateInit failed");
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  absl::Status status;
  while (status.ok()) {
    size_t produced = out.size();
    out.resize(std::max<size_t>(4096, produced * 2));
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(out.size() - produced);
    int rc = inflate(&stream, Z_NO_FLUSH);
    out.resize(out.size() - stream.avail_out);
    if (out.size() > max_size) {
      status = absl::ResourceExhaustedError("gzip output too large");
    } else if (rc == Z_STREAM_END && stream.avail_in == 0) {
      break;
    } else if (rc == Z_STREAM_END) {
      inflateReset(&stream);  // Another member follows.
    } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && stream.avail_in > 0)) {
      status = Corrupt(rc == Z_BUF_ERROR ? Z_DATA_ERROR : rc, stream);
    }
  }
  inflateEnd(&stream);
  if (!status.ok()) return status;
  return out;
}

}  // namespace anaplan::core
