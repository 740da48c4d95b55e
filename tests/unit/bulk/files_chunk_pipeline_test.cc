// The upload pipeline and the ordered read-ahead on their own, with plain
// functions in place of HTTP.
#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/common/sync.h"
#include "anaplan_core/files/chunk_downloader.h"
#include "anaplan_core/files/chunk_uploader.h"
#include "anaplan_core/files/gzip.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/status_matchers.h"
#include "tests/unit/bulk/bulk_test_util.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::StatusIs;
using bulk_test::PieceSource;
using bulk_test::StringSink;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Records decoded chunks; fails chunk `fail_index` with `failure`.
struct Recorder {
  anaplan::Mutex mu;
  std::map<int64_t, std::string> chunks;
  int64_t fail_index = -1;
  absl::Status failure;
  std::atomic<int> calls{0};
  // When set, chunks after fail_index stay in flight until cancelled (10 s
  // at most), so what a failure stops does not depend on scheduling.
  bool hold_later_chunks = false;

  PutChunkFn Fn() {
    return [this](int64_t index, std::string gz, const CallContext& ctx) {
      ++calls;
      if (index == fail_index) return failure;
      if (hold_later_chunks && index > fail_index) {
        const absl::Time give_up = absl::Now() + absl::Seconds(10);
        while (!ctx.IsCancelled() && absl::Now() < give_up) {
          absl::SleepFor(absl::Milliseconds(1));
        }
      }
      if (ctx.IsCancelled()) return absl::CancelledError("cancelled");
      absl::StatusOr<std::string> raw = Gunzip(gz);
      if (!raw.ok()) return raw.status();
      anaplan::MutexLock lock(&mu);
      chunks[index] = *raw;
      return absl::OkStatus();
    };
  }
};

ChunkUploadSettings Settings(int64_t chunk_size, int parallelism) {
  ChunkUploadSettings s;
  s.chunk_size = chunk_size;
  s.parallelism = parallelism;
  s.gzip_level = 1;
  return s;
}

TEST(UploadChunksTest, ManyPiecesManyChunks) {
  std::vector<std::string> pieces;
  std::string all;
  for (int i = 0; i < 1000; ++i) {
    pieces.push_back(std::string(static_cast<size_t>(i % 37), 'a' + i % 26));
    all += pieces.back();
  }
  for (int parallelism : {1, 2, 5}) {
    Recorder rec;
    PieceSource source(pieces);
    auto stats = UploadChunks(source, Settings(1000, parallelism), rec.Fn(),
                              CallContext());
    ASSERT_THAT(stats, IsOk());
    EXPECT_EQ(stats->bytes_received, static_cast<int64_t>(all.size()));
    EXPECT_EQ(stats->chunks_uploaded,
              static_cast<int64_t>((all.size() + 999) / 1000));
    std::string joined;
    for (const auto& [index, data] : rec.chunks) {
      EXPECT_EQ(data.size(), std::min<size_t>(1000, all.size() - index * 1000));
      joined += data;
    }
    EXPECT_EQ(joined, all);
  }
}

TEST(UploadChunksTest, FirstFailureWinsWithItsCodeAndIndex) {
  Recorder rec;
  rec.fail_index = 2;
  rec.failure = absl::PermissionDeniedError("403 from Anaplan");
  rec.hold_later_chunks = true;
  PieceSource source(std::vector<std::string>(100, std::string(10, 'q')));
  auto stats = UploadChunks(source, Settings(10, 3), rec.Fn(), CallContext());
  EXPECT_THAT(stats, StatusIs(absl::StatusCode::kPermissionDenied,
                              HasSubstr("chunk 2: 403")));
  EXPECT_EQ(GetErrorInfo(stats.status()).chunk_index, 2);
  // Chunks 0-2, plus at most one held chunk per other worker: the failure
  // cancelled those and started nothing more.
  EXPECT_LE(rec.calls.load(), 3 + 2);
  EXPECT_EQ(rec.chunks.count(3), 0u);
}

TEST(UploadChunksTest, DeadlineBeforeTheSourceEnds) {
  Recorder rec;
  PieceSource source({"abc"});
  CallContext ctx;
  ctx.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_THAT(UploadChunks(source, Settings(10, 2), rec.Fn(), ctx),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_EQ(rec.calls.load(), 0);
}

TEST(DownloadChunksTest, InOrderAcrossBatchSizes) {
  for (int batch : {1, 2, 4, 16}) {
    StringSink sink;
    FetchChunkFn fetch = [](int64_t index, const CallContext&,
                            std::string& out) {
      absl::SleepFor(absl::Microseconds((10 - index % 10) * 100));
      out = absl::StrCat(index, ";");
      return absl::OkStatus();
    };
    ASSERT_THAT(DownloadChunks(20, batch, 1234, fetch, sink, CallContext()),
                IsOk());
    EXPECT_EQ(sink.total, 1234);
    std::string expected;
    for (int i = 0; i < 20; ++i) absl::StrAppend(&expected, i, ";");
    EXPECT_EQ(sink.data, expected);
  }
}

TEST(DownloadChunksTest, ReusesAtMostBatchPlusOneBuffers) {
  for (int batch : {1, 2, 4}) {
    StringSink sink;
    std::atomic<int> fresh{0};
    std::atomic<int> reused{0};
    FetchChunkFn fetch = [&](int64_t index, const CallContext&,
                             std::string& out) {
      // A recycled buffer arrives with an earlier chunk's capacity.
      ++(out.capacity() >= 1000 ? reused : fresh);
      out.assign(1000, static_cast<char>('a' + index % 26));
      return absl::OkStatus();
    };
    ASSERT_THAT(DownloadChunks(30, batch, -1, fetch, sink, CallContext()),
                IsOk());
    ASSERT_EQ(sink.data.size(), 30000u);
    for (int i = 0; i < 30; ++i) {
      EXPECT_EQ(sink.data[static_cast<size_t>(i) * 1000],
                static_cast<char>('a' + i % 26));
    }
    EXPECT_GE(fresh.load(), 1);
    EXPECT_LE(fresh.load(), batch + 1) << "batch " << batch;
    EXPECT_EQ(fresh.load() + reused.load(), 30);
  }
}

TEST(DownloadChunksTest, ZeroChunksOnlyStarts) {
  StringSink sink;
  FetchChunkFn fetch = [](int64_t, const CallContext&, std::string&) {
    return absl::InternalError("never");
  };
  ASSERT_THAT(DownloadChunks(0, 2, 0, fetch, sink, CallContext()), IsOk());
  EXPECT_EQ(sink.starts, 1);
  EXPECT_THAT(sink.chunks, ElementsAre());
}

}  // namespace
}  // namespace anaplan::core
