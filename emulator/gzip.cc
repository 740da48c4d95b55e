#include "emulator/gzip.h"

#include <zlib.h>

#include "absl/strings/str_cat.h"

namespace anaplan::emulator {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // zlib: +16 selects gzip framing.
constexpr size_t kOutputStep = 256 * 1024;

}  // namespace

absl::StatusOr<std::string> Gunzip(std::string_view compressed, int* members) {
  if (members != nullptr) *members = 0;
  if (compressed.empty()) {
    return absl::InvalidArgumentError("empty gzip body");
  }
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) {
    return absl::InternalError("inflateInit2 failed");
  }
  stream.next_in =
      reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  int rc = Z_OK;
  for (;;) {
    size_t used = out.size();
    out.resize(used + kOutputStep);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream.avail_out = static_cast<uInt>(kOutputStep);
    rc = inflate(&stream, Z_NO_FLUSH);
    out.resize(used + kOutputStep - stream.avail_out);
    if (rc == Z_STREAM_END) {
      if (members != nullptr) ++*members;
      if (stream.avail_in == 0) break;
      inflateReset(&stream);  // Another gzip member follows.
      continue;
    }
    if (rc != Z_OK && !(rc == Z_BUF_ERROR && stream.avail_out == 0)) break;
    if (rc == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      rc = Z_DATA_ERROR;  // Input ended inside the stream: truncated.
      break;
    }
  }
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid gzip body (zlib error ", rc, ")"));
  }
  return out;
}

std::string Gzip(std::string_view data) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, kGzipWindowBits, 8,
               Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32,
                  '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace anaplan::emulator
