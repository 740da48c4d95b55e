// Single-thread deflate speed and ratio of zlib, libdeflate and (when built
// with it) ISA-L igzip on 25,000,000-byte chunks of a file, one gzip member
// per chunk as the uploader produces. Used to choose the default encoder and
// level (bench/RESULTS.md).
//
//   bench_gzip_levels FILE [MAX_BYTES]

#include <libdeflate.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#ifdef BENCH_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

namespace {

constexpr size_t kChunk = 25'000'000;

size_t Zlib(const std::string& in, std::string& out, int level) {
  z_stream s{};
  deflateInit2(&s, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  out.resize(deflateBound(&s, in.size()));
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  deflate(&s, Z_FINISH);
  size_t n = s.total_out;
  deflateEnd(&s);
  return n;
}

size_t Libdeflate(const std::string& in, std::string& out, int level) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  out.resize(libdeflate_gzip_compress_bound(c, in.size()));
  size_t n =
      libdeflate_gzip_compress(c, in.data(), in.size(), out.data(), out.size());
  libdeflate_free_compressor(c);
  return n;
}

#ifdef BENCH_HAVE_ISAL
size_t Isal(const std::string& in, std::string& out, int level) {
  static const size_t kLevelBuf[] = {
      ISAL_DEF_LVL0_DEFAULT, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
      ISAL_DEF_LVL3_DEFAULT};
  std::vector<uint8_t> level_buf(kLevelBuf[level]);
  isal_zstream s;
  isal_deflate_init(&s);
  s.gzip_flag = IGZIP_GZIP;
  s.level = static_cast<uint32_t>(level);
  s.level_buf = level_buf.data();
  s.level_buf_size = static_cast<uint32_t>(level_buf.size());
  s.end_of_stream = 1;
  s.flush = NO_FLUSH;
  out.resize(in.size() + in.size() / 8 + 1024);
  s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uint32_t>(in.size());
  s.next_out = reinterpret_cast<uint8_t*>(out.data());
  s.avail_out = static_cast<uint32_t>(out.size());
  if (isal_deflate(&s) != COMP_OK || s.internal_state.state != ZSTATE_END) {
    return 0;
  }
  return s.total_out;
}
#endif

template <typename Fn>
void Run(const char* name, int level, const std::vector<std::string>& chunks,
         Fn fn) {
  std::string out;
  size_t raw = 0;
  size_t packed = 0;
  auto start = std::chrono::steady_clock::now();
  for (const std::string& c : chunks) {
    raw += c.size();
    packed += fn(c, out, level);
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf(
      "{\"encoder\":\"%s\",\"level\":%d,\"mb_per_s\":%.1f,"
      "\"ratio\":%.3f,\"compressed\":%zu}\n",
      name, level, raw / secs / 1e6,
      static_cast<double>(raw) / static_cast<double>(packed), packed);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [MAX_BYTES]\n", argv[0]);
    return 2;
  }
  size_t max = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100'000'000;
  std::ifstream f(argv[1], std::ios::binary);
  std::vector<std::string> chunks;
  size_t total = 0;
  while (f && total < max) {
    std::string c(std::min(kChunk, max - total), '\0');
    f.read(c.data(), static_cast<std::streamsize>(c.size()));
    c.resize(static_cast<size_t>(f.gcount()));
    if (c.empty()) break;
    total += c.size();
    chunks.push_back(std::move(c));
  }
  for (int l : {1, 6, 9}) Run("zlib", l, chunks, Zlib);
  for (int l : {1, 2, 3, 4, 6, 9}) Run("libdeflate", l, chunks, Libdeflate);
#ifdef BENCH_HAVE_ISAL
  for (int l : {1, 2, 3}) Run("isal", l, chunks, Isal);
#endif
  return 0;
}
