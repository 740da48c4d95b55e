// DownloadFile over a MockHttpTransport: whole files, ordered read-ahead,
// bounded memory, failures naming the chunk, sink errors and cancellation.
#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/status_matchers.h"
#include "tests/unit/bulk/bulk_test_util.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::MakeResponse;
using ::anaplan::testing::MockHttpTransport;
using ::anaplan::testing::StatusIs;
using bulk_test::Harness;
using bulk_test::ModelRe;
using bulk_test::StringSink;
using bulk_test::TestModel;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kExport = 116000000001;

std::string FileRe() { return absl::StrCat(ModelRe(), "/files/", kExport); }

File ExportFile(int64_t chunks) {
  File file;
  file.id = kExport;
  file.name = "export.csv";
  file.chunk_count = chunks;
  return file;
}

int64_t ChunkIndex(const std::string& url) {
  return std::stoll(url.substr(url.rfind('/') + 1));
}

std::string ChunkBody(int64_t index) { return absl::StrCat("<", index, ">"); }

// Serves chunk i as "<i>", earlier chunks slower, so they complete out of
// order; tracks how many fetches run at once.
MockHttpTransport::Handler SlowFirst(std::atomic<int>& running,
                                     std::atomic<int>& max_running,
                                     std::atomic<int>& started) {
  return [&](const HttpRequest& r, const CallContext&) {
    ++started;
    int now = ++running;
    int prev = max_running.load();
    while (now > prev && !max_running.compare_exchange_weak(prev, now)) {
    }
    int64_t index = ChunkIndex(r.url);
    absl::SleepFor(absl::Milliseconds(index % 2 == 0 ? 20 : 1));
    --running;
    return MockHttpTransport::Outcome(MakeResponse(200, ChunkBody(index)));
  };
}

TEST(DownloadTest, SingleChunkFileIsFetchedWhole) {
  Harness h;
  h.mock->AddResponse("GET", FileRe() + "$", MakeResponse(200, "a,b\n1,2\n"));
  StringSink sink;
  ASSERT_THAT(
      h.conn->DownloadFile(TestModel(), ExportFile(1), {}, sink, CallContext()),
      IsOk());
  EXPECT_EQ(sink.data, "a,b\n1,2\n");
  EXPECT_EQ(sink.total, 8);
  EXPECT_EQ(sink.starts, 1);
}

TEST(DownloadTest, EmptyFileIsNotFound) {
  Harness h;
  h.mock->AddResponse("GET", FileRe() + "$", MakeResponse(404, "{}"));
  StringSink sink;
  EXPECT_THAT(
      h.conn->DownloadFile(TestModel(), ExportFile(0), {}, sink, CallContext()),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("no content")));
}

TEST(DownloadTest, ChunksArriveOutOfOrderButAreDeliveredInOrder) {
  Harness h;
  std::atomic<int> running{0}, max_running{0}, started{0};
  h.mock->SetHandler("GET", FileRe() + "/chunks/[0-9]+$",
                     SlowFirst(running, max_running, started));
  StringSink sink;
  DownloadOptions options;
  options.batch_size = 3;
  ASSERT_THAT(h.conn->DownloadFile(TestModel(), ExportFile(7), options, sink,
                                   CallContext()),
              IsOk());
  EXPECT_EQ(sink.data, "<0><1><2><3><4><5><6>");
  EXPECT_THAT(sink.chunks, ElementsAre(0, 1, 2, 3, 4, 5, 6));
  EXPECT_EQ(sink.total, -1);
  EXPECT_EQ(started.load(), 7);  // Each chunk fetched exactly once.
  EXPECT_LE(max_running.load(), 3);
  EXPECT_GE(max_running.load(), 2);  // Read-ahead really ran in parallel.
}

TEST(DownloadTest, ReadAheadIsBoundedBySlowSink) {
  Harness h;
  std::atomic<int> running{0}, max_running{0}, started{0};
  h.mock->SetHandler("GET", FileRe() + "/chunks/[0-9]+$",
                     SlowFirst(running, max_running, started));
  class SlowSink : public StringSink {
   public:
    explicit SlowSink(std::atomic<int>& started) : started_(started) {}
    absl::Status Write(absl::string_view bytes, int64_t offset,
                       int64_t chunk_index) override {
      // Fetched or fetching, minus delivered, including this one.
      worst = std::max<int64_t>(worst, started_.load() - chunk_index);
      absl::SleepFor(absl::Milliseconds(10));
      return StringSink::Write(bytes, offset, chunk_index);
    }
    int64_t worst = 0;

   private:
    std::atomic<int>& started_;
  } sink(started);
  DownloadOptions options;
  options.batch_size = 2;
  ASSERT_THAT(h.conn->DownloadFile(TestModel(), ExportFile(8), options, sink,
                                   CallContext()),
              IsOk());
  EXPECT_EQ(sink.data, "<0><1><2><3><4><5><6><7>");
  EXPECT_LE(sink.worst, 3);  // batch_size + the chunk being delivered.
}

TEST(DownloadTest, FailedChunkIsNamedAndLaterChunksNeverDelivered) {
  Harness h;
  h.mock->SetHandler(
      "GET", FileRe() + "/chunks/[0-9]+$",
      [](const HttpRequest& r, const CallContext&) {
        int64_t index = ChunkIndex(r.url);
        if (index == 3) {
          return MockHttpTransport::Outcome(MakeResponse(500, "boom"));
        }
        return MockHttpTransport::Outcome(MakeResponse(200, ChunkBody(index)));
      });
  StringSink sink;
  absl::Status status =
      h.conn->DownloadFile(TestModel(), ExportFile(6), {}, sink, CallContext());
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("chunk 3")));
  EXPECT_EQ(GetErrorInfo(status).chunk_index, 3);
  EXPECT_EQ(GetErrorInfo(status).reason, "ANAPLAN_CHUNK_FAILED");
  // In order, and nothing from the failed chunk on (an earlier chunk may
  // have been cancelled by the failure before it was fetched).
  EXPECT_THAT(sink.chunks, ::testing::Each(::testing::Lt(3)));
  EXPECT_EQ(sink.data, std::string("<0><1><2>").substr(0, sink.data.size()));
  EXPECT_EQ(h.mock->CountOf("GET", "/chunks/3$"), 3);  // Retried alone.
}

TEST(DownloadTest, SinkErrorStopsTheDownload) {
  Harness h;
  h.mock->SetDefault("GET", FileRe() + "/chunks/[0-9]+$",
                     MakeResponse(200, "data"));
  class FailingSink : public StringSink {
   public:
    absl::Status Write(absl::string_view bytes, int64_t offset,
                       int64_t chunk_index) override {
      if (chunk_index == 1) return absl::CancelledError("client went away");
      return StringSink::Write(bytes, offset, chunk_index);
    }
  } sink;
  EXPECT_THAT(h.conn->DownloadFile(TestModel(), ExportFile(50), {}, sink,
                                   CallContext()),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("went away")));
  EXPECT_LT(h.mock->CountOf("GET", ""), 50);
}

TEST(DownloadTest, CallerCancellation) {
  Harness h;
  h.mock->SetDefault("GET", FileRe() + "/chunks/[0-9]+$",
                     MakeResponse(200, "data"));
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  class CancellingSink : public StringSink {
   public:
    explicit CancellingSink(std::shared_ptr<std::atomic<bool>> flag)
        : flag_(std::move(flag)) {}
    absl::Status Write(absl::string_view bytes, int64_t offset,
                       int64_t chunk_index) override {
      flag_->store(true);
      return StringSink::Write(bytes, offset, chunk_index);
    }

   private:
    std::shared_ptr<std::atomic<bool>> flag_;
  } sink(cancelled);
  CallContext ctx;
  ctx.cancelled = [cancelled] { return cancelled->load(); };
  EXPECT_THAT(h.conn->DownloadFile(TestModel(), ExportFile(50), {}, sink, ctx),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_LT(sink.chunks.size(), 50u);
}

}  // namespace
}  // namespace anaplan::core
