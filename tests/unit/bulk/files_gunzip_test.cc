// GunzipInto (libdeflate and zlib) and DecodeChunkBody, the inflate path of
// chunk downloads: valid, multi-member, corrupt, truncated, lying ISIZE and
// oversized bodies, buffer reuse, and content encodings.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/files/chunk_downloader.h"
#include "anaplan_core/files/gzip.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::StatusIs;
using ::testing::HasSubstr;

std::string CsvLike(size_t rows, uint32_t seed = 42) {
  std::mt19937 rng(seed);
  std::string out = "sku,region,version,value\n";
  for (size_t i = 0; i < rows; ++i) {
    absl::StrAppend(&out, "SKU", rng() % 500, ",EMEA,Actual,", rng() % 100000,
                    ".25\n");
  }
  return out;
}

std::string Gz(absl::string_view data, int level = 1) {
  auto compressor = MakeGzipCompressor(level);
  EXPECT_THAT(compressor, IsOk());
  auto gz = (*compressor)->Compress(data);
  EXPECT_THAT(gz, IsOk());
  return *gz;
}

// Overwrites the ISIZE trailer (last 4 bytes, little-endian).
std::string WithIsize(std::string gz, uint32_t isize) {
  for (int i = 0; i < 4; ++i) {
    gz[gz.size() - 4 + static_cast<size_t>(i)] =
        static_cast<char>((isize >> (8 * i)) & 0xff);
  }
  return gz;
}

std::vector<GzipBackend> InflateBackends() {
  std::vector<GzipBackend> backends = {GzipBackend::kZlib};
  if (HaveLibdeflate()) backends.push_back(GzipBackend::kLibdeflate);
  return backends;
}

std::string Name(GzipBackend backend) {
  return backend == GzipBackend::kZlib ? "zlib" : "libdeflate";
}

void ExpectDataLoss(const absl::Status& status, GzipBackend backend) {
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDataLoss,
                               HasSubstr("invalid gzip data")))
      << Name(backend);
  EXPECT_EQ(GetErrorInfo(status).reason, "ANAPLAN_DATA_LOSS") << Name(backend);
}

TEST(GunzipIntoTest, ValidMemberIntoFreshSmallerAndLargerBuffers) {
  const std::string data = CsvLike(20000);
  const std::string gz = Gz(data);
  for (GzipBackend backend : InflateBackends()) {
    // Empty, too small (grows), and larger with stale bytes (shrinks).
    for (std::string out : {std::string(), std::string(10, 'x'),
                            std::string(data.size() * 3, 'y')}) {
      ASSERT_THAT(GunzipInto(gz, kMaxChunkBytes, out, backend), IsOk())
          << Name(backend);
      EXPECT_EQ(out, data) << Name(backend);
    }
  }
}

TEST(GunzipIntoTest, EmptyContentAndIncompressibleData) {
  std::mt19937 rng(7);
  std::string noise(300000, '\0');
  for (char& c : noise) c = static_cast<char>(rng());
  for (GzipBackend backend : InflateBackends()) {
    for (const std::string& data : {std::string(), noise}) {
      std::string out = "stale";
      ASSERT_THAT(GunzipInto(Gz(data), kMaxChunkBytes, out, backend), IsOk());
      EXPECT_EQ(out, data) << Name(backend);
    }
  }
}

TEST(GunzipIntoTest, MultiMemberLargerThanTheLastMembersIsize) {
  // The last member's ISIZE (0, then 6) is all the sizing guess sees: the
  // buffer must grow for the 600 KB member before it.
  const std::string big = CsvLike(20000, 1);
  const std::string gz = Gz(big) + Gz("") + Gz("middle", 9) + Gz("");
  const std::string gz2 = Gz("tiny") + Gz(big) + Gz("end!..");
  for (GzipBackend backend : InflateBackends()) {
    std::string out;
    ASSERT_THAT(GunzipInto(gz, kMaxChunkBytes, out, backend), IsOk());
    EXPECT_EQ(out, big + "middle") << Name(backend);
    ASSERT_THAT(GunzipInto(gz2, kMaxChunkBytes, out, backend), IsOk());
    EXPECT_EQ(out, "tiny" + big + "end!..") << Name(backend);
  }
}

TEST(GunzipIntoTest, CorruptBodiesAreDataLoss) {
  const std::string gz = Gz(CsvLike(2000));
  std::vector<std::string> corrupt;
  corrupt.push_back("not gzip at all, but long enough to have a trailer");
  std::string flipped = gz;
  flipped[flipped.size() / 2] ^= 0x55;  // Inside the deflate stream.
  corrupt.push_back(flipped);
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 6] ^= 0x01;  // CRC-32, data intact.
  corrupt.push_back(bad_crc);
  std::string bad_magic = gz;
  bad_magic[0] = 0x1e;
  corrupt.push_back(bad_magic);
  corrupt.push_back(gz + "trailing junk after the member");
  corrupt.push_back(gz + std::string(16, '\0'));
  for (GzipBackend backend : InflateBackends()) {
    for (const std::string& body : corrupt) {
      std::string out;
      ExpectDataLoss(GunzipInto(body, kMaxChunkBytes, out, backend), backend);
    }
  }
}

TEST(GunzipIntoTest, EveryTruncationIsDataLoss) {
  const std::string first = Gz("a,b,c\n1,2,3\n");
  const std::string gz = first + Gz(CsvLike(50));
  for (GzipBackend backend : InflateBackends()) {
    for (size_t n = 0; n < gz.size(); ++n) {
      // Cut between members, the rest is a valid body: only the HTTP
      // Content-Length can tell (the transport checks it).
      if (n == first.size()) continue;
      std::string out;
      ExpectDataLoss(GunzipInto(gz.substr(0, n), kMaxChunkBytes, out, backend),
                     backend);
    }
  }
}

TEST(GunzipIntoTest, LyingIsizeIsCaughtAndNeverSizesTheBuffer) {
  const std::string data = CsvLike(3000);
  const std::string gz = Gz(data);
  for (GzipBackend backend : InflateBackends()) {
    // Too small: the buffer grows to inflate it all, then the length check
    // fails. Too large (4 GiB - 1): the first buffer stays bounded by
    // deflate's maximum ratio, not by the claim.
    for (uint32_t lie : {uint32_t{1}, static_cast<uint32_t>(data.size() - 1),
                         uint32_t{0xffffffff}}) {
      std::string out;
      ExpectDataLoss(
          GunzipInto(WithIsize(gz, lie), kMaxChunkBytes, out, backend),
          backend);
      EXPECT_LE(out.size(), gz.size() * 1032) << Name(backend) << " " << lie;
    }
  }
}

TEST(GunzipIntoTest, OutputAboveTheLimitIsRefused) {
  const std::string zeros(8 << 20, '\0');  // Inflates ~1000:1.
  const std::string bomb = Gz(zeros, 9);
  ASSERT_LT(bomb.size(), zeros.size() / 500);
  const std::string data = CsvLike(100);
  const std::string gz = Gz(data);
  for (GzipBackend backend : InflateBackends()) {
    std::string out;
    EXPECT_THAT(GunzipInto(bomb, 1 << 20, out, backend),
                StatusIs(absl::StatusCode::kResourceExhausted))
        << Name(backend);
    // Never buffered beyond the limit (zlib's path looks one byte past it).
    EXPECT_LE(out.size(), (size_t{1} << 20) + 1) << Name(backend);
    // The limit itself is allowed, one byte less is not.
    EXPECT_THAT(GunzipInto(gz, data.size(), out, backend), IsOk());
    EXPECT_EQ(out, data);
    EXPECT_THAT(GunzipInto(gz, data.size() - 1, out, backend),
                StatusIs(absl::StatusCode::kResourceExhausted))
        << Name(backend);
    // Two members that fit apart but not together.
    EXPECT_THAT(GunzipInto(gz + gz, data.size() + 10, out, backend),
                StatusIs(absl::StatusCode::kResourceExhausted))
        << Name(backend);
  }
}

TEST(GunzipIntoTest, AutoMatchesTheBuild) {
  std::string out;
  ASSERT_THAT(GunzipInto(Gz("auto"), 100, out), IsOk());
  EXPECT_EQ(out, "auto");
  if (!HaveLibdeflate()) {
    EXPECT_THAT(GunzipInto(Gz("x"), 100, out, GzipBackend::kLibdeflate),
                StatusIs(absl::StatusCode::kUnimplemented));
  }
}

HttpResponse Reply(std::string body, absl::string_view encoding) {
  HttpResponse response;
  response.status = 200;
  if (!encoding.empty()) {
    response.headers.emplace_back("content-encoding", std::string(encoding));
  }
  response.body = std::move(body);
  return response;
}

TEST(DecodeChunkBodyTest, GzipIsInflatedWhateverTheSpelling) {
  const std::string data = CsvLike(500);
  for (absl::string_view encoding : {"gzip", "x-gzip", "GZIP", " gzip "}) {
    HttpResponse response = Reply(Gz(data), encoding);
    std::string out = "recycled";
    ASSERT_THAT(DecodeChunkBody(response, out), IsOk()) << encoding;
    EXPECT_EQ(out, data);
  }
}

TEST(DecodeChunkBodyTest, IdentityIsTakenAsIs) {
  // Bytes that look like gzip stay untouched without the header.
  const std::string looks_gzipped = Gz("payload");
  for (absl::string_view encoding : {"", "identity"}) {
    HttpResponse response = Reply(looks_gzipped, encoding);
    std::string out = "recycled";
    ASSERT_THAT(DecodeChunkBody(response, out), IsOk()) << encoding;
    EXPECT_EQ(out, looks_gzipped);
  }
}

TEST(DecodeChunkBodyTest, CorruptGzipIsRetryableDataLoss) {
  std::string gz = Gz(CsvLike(500));
  gz[gz.size() / 2] ^= 0x10;
  HttpResponse response = Reply(gz, "gzip");
  std::string out;
  absl::Status status = DecodeChunkBody(response, out);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_EQ(GetErrorInfo(status).reason, "ANAPLAN_DATA_LOSS");
}

TEST(DecodeChunkBodyTest, OtherEncodingsAndBombsAreBadResponses) {
  HttpResponse br = Reply("whatever", "br");
  std::string out;
  absl::Status status = DecodeChunkBody(br, out);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal, HasSubstr("'br'")));
  EXPECT_EQ(GetErrorInfo(status).reason, "ANAPLAN_BAD_RESPONSE");

  // A body inflating beyond the chunk limit (1 MiB here) is refused, not
  // retried: the same bytes would come back.
  HttpResponse big = Reply(Gz(std::string(size_t{4} << 20, '\0'), 9), "gzip");
  status = DecodeChunkBody(big, out, size_t{1} << 20);
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kInternal, HasSubstr("chunk limit")));
  EXPECT_EQ(GetErrorInfo(status).reason, "ANAPLAN_BAD_RESPONSE");
}

}  // namespace
}  // namespace anaplan::core
