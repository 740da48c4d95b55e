#include <random>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/files/gzip.h"
#include "anaplan_core/files/sha256.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::StatusIs;

std::string CsvLike(size_t rows) {
  std::mt19937 rng(42);
  std::string out = "sku,region,version,value\n";
  for (size_t i = 0; i < rows; ++i) {
    out += "SKU" + std::to_string(rng() % 500) + ",EMEA,Actual," +
           std::to_string(rng() % 100000) + ".25\n";
  }
  return out;
}

std::vector<GzipBackend> Backends() {
  std::vector<GzipBackend> backends = {GzipBackend::kAuto, GzipBackend::kZlib};
  if (HaveLibdeflate()) backends.push_back(GzipBackend::kLibdeflate);
  return backends;
}

TEST(GzipTest, RoundTripsAtEveryLevelWithEveryBackend) {
  const std::string data = CsvLike(5000);
  for (GzipBackend backend : Backends()) {
    for (int level = 1; level <= 9; ++level) {
      auto compressor = MakeGzipCompressor(level, backend);
      ASSERT_THAT(compressor, IsOk());
      // Twice: the compressor keeps state between chunks.
      for (int round = 0; round < 2; ++round) {
        auto gz = (*compressor)->Compress(data);
        ASSERT_THAT(gz, IsOk());
        ASSERT_GE(gz->size(), 18u);
        EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // gzip magic
        EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
        EXPECT_LT(gz->size(), data.size() / 2);
        auto back = Gunzip(*gz);
        ASSERT_THAT(back, IsOk());
        EXPECT_EQ(*back, data) << (*compressor)->backend() << " " << level;
      }
    }
  }
}

TEST(GzipTest, EmptyAndIncompressibleInput) {
  std::mt19937 rng(7);
  std::string noise(100000, '\0');
  for (char& c : noise) c = static_cast<char>(rng());
  for (GzipBackend backend : Backends()) {
    auto compressor = MakeGzipCompressor(6, backend);
    ASSERT_THAT(compressor, IsOk());
    for (const std::string& data : {std::string(), noise}) {
      auto gz = (*compressor)->Compress(data);
      ASSERT_THAT(gz, IsOk());
      auto back = Gunzip(*gz);
      ASSERT_THAT(back, IsOk());
      EXPECT_EQ(*back, data);
    }
  }
}

TEST(GzipTest, AutoPrefersLibdeflateWhenBuiltIn) {
  auto compressor = MakeGzipCompressor(6);
  ASSERT_THAT(compressor, IsOk());
  EXPECT_EQ((*compressor)->backend(), HaveLibdeflate() ? "libdeflate" : "zlib");
  if (!HaveLibdeflate()) {
    EXPECT_THAT(MakeGzipCompressor(6, GzipBackend::kLibdeflate),
                StatusIs(absl::StatusCode::kUnimplemented));
  }
}

TEST(GzipTest, RejectsBadLevels) {
  EXPECT_THAT(MakeGzipCompressor(0),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MakeGzipCompressor(10),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(GzipTest, GunzipConcatenatedMembers) {
  auto compressor = MakeGzipCompressor(1, GzipBackend::kZlib);
  ASSERT_THAT(compressor, IsOk());
  auto a = (*compressor)->Compress("hello ");
  auto b = (*compressor)->Compress("world");
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(Gunzip(*a + *b), ::anaplan::testing::IsOkAndHolds("hello world"));
}

TEST(GzipTest, GunzipRejectsCorruptTruncatedAndOversized) {
  auto compressor = MakeGzipCompressor(6, GzipBackend::kZlib);
  ASSERT_THAT(compressor, IsOk());
  auto gz = (*compressor)->Compress(CsvLike(100));
  ASSERT_THAT(gz, IsOk());
  EXPECT_THAT(Gunzip("not gzip at all"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(Gunzip(gz->substr(0, gz->size() / 2)),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(Gunzip(""), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(Gunzip(*gz, 100), StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST(Sha256Test, KnownVectorsIncremental) {
  Sha256 empty;
  EXPECT_EQ(empty.FinishHex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 abc;
  abc.Update("a");
  abc.Update("");
  abc.Update("bc");
  EXPECT_EQ(abc.FinishHex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace anaplan::core
