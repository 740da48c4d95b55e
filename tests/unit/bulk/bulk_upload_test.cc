// UploadFile over a MockHttpTransport: chunking, gzip bodies, retries of one
// chunk, failures, cancellation, integrity checks and file creation.
#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/files/gzip.h"
#include "anaplan_core/files/sha256.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/status_matchers.h"
#include "tests/unit/bulk/bulk_test_util.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::MakeResponse;
using ::anaplan::testing::MockHttpTransport;
using ::anaplan::testing::StatusIs;
using bulk_test::Harness;
using bulk_test::ModelRe;
using bulk_test::PieceSource;
using bulk_test::TestModel;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kFile = 113000000001;

std::string FileRe(int64_t id = kFile) {
  return absl::StrCat(ModelRe(), "/files/", id);
}
std::string ChunkRe(int64_t id = kFile) { return FileRe(id) + "/chunks/"; }

std::string FileReply(int64_t id) {
  return absl::StrCat(R"({"meta":{},"status":{"code":200},"file":{"id":")", id,
                      R"(","name":"data.csv","chunkCount":-1,"firstDataRow":2,)"
                      R"("headerRow":1,"extra":true}})");
}

std::string Sha(const std::string& data) {
  Sha256 sha;
  sha.Update(data);
  return sha.FinishHex();
}

int64_t ChunkIndex(const std::string& url) {
  return std::stoll(url.substr(url.rfind('/') + 1));
}

class UploadTest : public ::testing::Test {
 protected:
  // The usual happy server: announce, chunks 204, complete.
  void Serve(int64_t id = kFile) {
    h_.mock->SetDefault("POST", FileRe(id) + "$", JsonResponse(FileReply(id)));
    h_.mock->SetDefault("PUT", ChunkRe(id) + "[0-9]+$", MakeResponse(204));
    h_.mock->SetDefault("POST", FileRe(id) + "/complete$",
                        JsonResponse(FileReply(id)));
  }
  int Completes(int64_t id = kFile) {
    return h_.mock->CountOf("POST", FileRe(id) + "/complete$");
  }
  // Decoded chunk bodies by index (the last PUT of each index).
  std::map<int64_t, std::string> Chunks() {
    std::map<int64_t, std::string> out;
    for (const HttpRequest& r : h_.mock->requests()) {
      if (r.method != "PUT") continue;
      auto raw = Gunzip(r.body);
      EXPECT_THAT(raw, IsOk());
      out[ChunkIndex(r.url)] = raw.ok() ? *raw : "";
    }
    return out;
  }
  absl::StatusOr<UploadResult> Upload(ByteSource& source,
                                      UploadOptions options = {},
                                      ObjectRef file = {kFile, ""},
                                      CallContext ctx = CallContext()) {
    return h_.conn->UploadFile(TestModel(), file, source, options, ctx);
  }

  Harness h_;
};

TEST_F(UploadTest, CutsExactChunksAndCompletesOnce) {
  Serve();
  // 30 bytes in pieces that straddle the 10-byte chunk boundaries.
  PieceSource source({"0123", "456789abcdefghijklm", "", "nopqrst"});
  auto result = Upload(source);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->file_id, kFile);
  EXPECT_FALSE(result->file_created);
  EXPECT_EQ(result->bytes_received, 30);
  EXPECT_EQ(result->chunks_uploaded, 3);
  EXPECT_EQ(result->sha256_hex, Sha("0123456789abcdefghijklmnopqrst"));
  EXPECT_THAT(Chunks(), ElementsAre(::testing::Pair(0, "0123456789"),
                                    ::testing::Pair(1, "abcdefghij"),
                                    ::testing::Pair(2, "klmnopqrst")));
  int64_t sent = 0;
  std::vector<HttpRequest> requests = h_.mock->requests();
  for (const HttpRequest& r : requests) {
    if (r.method != "PUT") continue;
    sent += static_cast<int64_t>(r.body.size());
    EXPECT_THAT(r.headers, ::testing::Contains(::testing::Pair(
                               "Content-Type", "application/x-gzip")));
  }
  EXPECT_EQ(result->bytes_sent, sent);
  EXPECT_EQ(requests.front().body, R"({"chunkCount":-1})");
  EXPECT_THAT(requests.back().url, HasSubstr("/complete"));
  EXPECT_EQ(requests.back().body, absl::StrCat(R"({"id":)", kFile, "}"));
  EXPECT_EQ(Completes(), 1);
}

TEST_F(UploadTest, LastChunkMayBeShort) {
  Serve();
  PieceSource source({"0123456789ab"});
  auto result = Upload(source);
  ASSERT_THAT(result, IsOk());
  EXPECT_THAT(Chunks(), ElementsAre(::testing::Pair(0, "0123456789"),
                                    ::testing::Pair(1, "ab")));
}

TEST_F(UploadTest, EmptyUploadCompletesWithoutChunks) {
  Serve();
  PieceSource empty({});
  auto none = Upload(empty);
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->chunks_uploaded, 0);
  EXPECT_EQ(h_.mock->CountOf("PUT", ""), 0);
  EXPECT_EQ(Completes(), 1);  // chunkCount -1 then complete: no content.
}

TEST_F(UploadTest, OutOfOrderCompletionIsFine) {
  Serve();
  h_.mock->SetHandler("PUT", ChunkRe() + "[0-9]+$",
                      [](const HttpRequest& r, const CallContext&) {
                        if (ChunkIndex(r.url) == 0) {
                          absl::SleepFor(absl::Milliseconds(100));
                        }
                        return MockHttpTransport::Outcome(MakeResponse(204));
                      });
  std::string data(40, 'x');
  PieceSource source({data});
  UploadOptions options;
  options.parallelism = 4;
  auto result = Upload(source, options);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->chunks_uploaded, 4);
  // Chunk 0 finished last, yet every chunk went exactly once.
  EXPECT_EQ(h_.mock->CountOf("PUT", ""), 4);
  EXPECT_EQ(Completes(), 1);
}

TEST_F(UploadTest, OneChunkRetriedAloneAfterTwo503s) {
  Serve();
  h_.mock->AddResponse("PUT", ChunkRe() + "1$", MakeResponse(503, "busy"), 2);
  PieceSource source({std::string(30, 'y')});
  auto result = Upload(source);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(h_.mock->CountOf("PUT", ChunkRe() + "1$"), 3);
  EXPECT_EQ(h_.mock->CountOf("PUT", ChunkRe() + "0$"), 1);
  EXPECT_EQ(h_.mock->CountOf("PUT", ChunkRe() + "2$"), 1);
  EXPECT_EQ(h_.sleeper->delays().size(), 2u);
  EXPECT_EQ(Completes(), 1);
}

TEST_F(UploadTest, PermanentChunkFailureNamesTheChunkAndNeverCompletes) {
  // Chunks 2..19 stay in flight until the pipeline cancels them, so how far
  // the upload got does not depend on thread scheduling. (Registered before
  // Serve(): the first matching handler or default answers.)
  std::atomic<int> cancelled_puts{0};
  std::atomic<int> uncancelled_puts{0};
  h_.mock->SetHandler(
      "PUT", ChunkRe() + "([2-9]|1[0-9])$",
      [&](const HttpRequest&,
          const CallContext& ctx) -> absl::StatusOr<HttpResponse> {
        const absl::Time give_up = absl::Now() + absl::Seconds(10);
        while (!ctx.IsCancelled() && absl::Now() < give_up) {
          absl::SleepFor(absl::Milliseconds(1));
        }
        if (!ctx.IsCancelled()) {
          ++uncancelled_puts;
          return MakeResponse(204);
        }
        ++cancelled_puts;
        return absl::CancelledError("cancelled");
      });
  Serve();
  h_.mock->AddResponse("PUT", ChunkRe() + "1$",
                       MakeResponse(400, R"({"status":{"code":400}})"), 10);
  PieceSource source({std::string(200, 'z')});
  UploadOptions options;
  options.parallelism = 2;
  auto result = Upload(source, options);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("chunk 1")));
  ErrorInfo info = GetErrorInfo(result.status());
  EXPECT_EQ(info.reason, "ANAPLAN_CHUNK_FAILED");
  EXPECT_EQ(info.chunk_index, 1);
  EXPECT_EQ(info.http_status, 400);
  EXPECT_EQ(Completes(), 0);
  // The failure cancelled the PUTs in flight and started no more: chunk 1
  // once (a 400 is not retried), chunk 0 unless the failure cancelled it
  // before its PUT began, plus at most one further chunk per worker.
  EXPECT_EQ(uncancelled_puts.load(), 0);
  const int chunk0_puts = h_.mock->CountOf("PUT", ChunkRe() + "0$");
  EXPECT_LE(chunk0_puts, 1);
  EXPECT_EQ(h_.mock->CountOf("PUT", ChunkRe() + "1$"), 1);
  EXPECT_LE(h_.mock->CountOf("PUT", ""), 4);
  EXPECT_EQ(h_.mock->CountOf("PUT", ""),
            chunk0_puts + 1 + cancelled_puts.load());
}

TEST_F(UploadTest, SourceErrorFailsWithItAndNeverCompletes) {
  Serve();
  PieceSource source({std::string(25, 'a')},
                     absl::AbortedError("client stream broke"));
  EXPECT_THAT(Upload(source), StatusIs(absl::StatusCode::kAborted,
                                       HasSubstr("client stream broke")));
  EXPECT_EQ(Completes(), 0);
}

TEST_F(UploadTest, CancellationStopsEverythingAndJoinsThreads) {
  Serve();
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  std::atomic<int> puts{0};
  h_.mock->SetHandler(
      "PUT", ChunkRe() + "[0-9]+$",
      [&](const HttpRequest&, const CallContext& ctx) {
        if (++puts == 2) cancelled->store(true);
        if (ctx.IsCancelled()) {
          return MockHttpTransport::Outcome(absl::CancelledError("aborted"));
        }
        return MockHttpTransport::Outcome(MakeResponse(204));
      });
  std::vector<std::string> pieces(100, std::string(10, 'c'));
  PieceSource source(pieces);
  CallContext ctx;
  ctx.cancelled = [cancelled] { return cancelled->load(); };
  EXPECT_THAT(Upload(source, {}, {kFile, ""}, ctx),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(Completes(), 0);
  const int after_return = puts.load();
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(puts.load(), after_return);  // No worker is left running.
  EXPECT_LT(after_return, 100);
}

TEST_F(UploadTest, IntegrityMismatchIsDataLossWithoutComplete) {
  Serve();
  PieceSource source({"hello world"});
  UploadOptions options;
  options.expected_sha256 = std::string(64, 'a');
  EXPECT_THAT(Upload(source, options), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_EQ(Completes(), 0);

  PieceSource sized({"hello world"});
  UploadOptions size_options;
  size_options.expected_size = 12;
  EXPECT_THAT(Upload(sized, size_options),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_EQ(Completes(), 0);

  PieceSource good({"hello world"});
  UploadOptions match;
  match.expected_size = 11;
  match.expected_sha256 = Sha("hello world");
  for (char& c : match.expected_sha256) c = static_cast<char>(toupper(c));
  EXPECT_THAT(Upload(good, match), IsOk());
}

TEST_F(UploadTest, RejectsNonFileIdsAndBadOptionsLocally) {
  PieceSource source({"x"});
  auto not_file = Upload(source, {}, {116000000001, ""});
  EXPECT_THAT(not_file, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(GetErrorInfo(not_file.status()).field, "file.id");
  UploadOptions bad;
  bad.parallelism = 65;
  EXPECT_THAT(Upload(source, bad),
              StatusIs(absl::StatusCode::kInvalidArgument));
  bad = {};
  bad.gzip_level = 10;
  EXPECT_THAT(Upload(source, bad),
              StatusIs(absl::StatusCode::kInvalidArgument));
  bad = {};
  bad.expected_sha256 = "abc";
  EXPECT_THAT(Upload(source, bad),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(h_.mock->total_count(), 0);
}

TEST_F(UploadTest, UnexpectedNewFileWithoutCreationIsAnError) {
  h_.mock->AddResponse("POST", FileRe() + "$",
                       JsonResponse(FileReply(113000000777)));
  PieceSource source({"x"});
  auto result = Upload(source);
  EXPECT_THAT(result,
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("113000000777")));
  EXPECT_EQ(h_.mock->CountOf("PUT", ""), 0);
}

TEST_F(UploadTest, CreationUploadsToTheNewFile) {
  h_.mock->AddResponse("POST", FileRe(116000000001) + "$",
                       JsonResponse(FileReply(113000000777)));
  h_.mock->SetDefault("PUT", ChunkRe(113000000777) + "[0-9]+$",
                      MakeResponse(204));
  h_.mock->AddResponse("POST", FileRe(113000000777) + "/complete$",
                       JsonResponse(FileReply(113000000777)));
  PieceSource source({"new content"});
  UploadOptions options;
  options.allow_file_creation = true;
  auto result = Upload(source, options, {116000000001, ""});
  ASSERT_THAT(result, IsOk());
  EXPECT_TRUE(result->file_created);
  EXPECT_EQ(result->file_id, 113000000777);
  EXPECT_EQ(Completes(113000000777), 1);
  EXPECT_EQ(h_.mock->unmatched_count(), 0);
}

TEST_F(UploadTest, ResolvesAFileByName) {
  h_.mock->SetHandler(
      "GET", ModelRe() + "/files\\?",
      bulk_test::Paged("files",
                       {R"({"id":"113000000001","name":"data.csv"})"}));
  Serve();
  PieceSource source({"abc"});
  auto result = Upload(source, {}, {0, "data.csv"});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->file_id, kFile);
  PieceSource missing({"abc"});
  EXPECT_THAT(Upload(missing, {}, {0, "other.csv"}),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(UploadTest, MemoryStaysBoundedByParallelism) {
  Serve();
  std::atomic<int64_t> pulled{0};
  std::atomic<int64_t> done{0};
  std::atomic<int64_t> worst{0};
  class CountingSource : public ByteSource {
   public:
    explicit CountingSource(std::atomic<int64_t>& pulled) : pulled_(pulled) {}
    absl::StatusOr<std::optional<std::string>> Next() override {
      if (pulled_ == 40) return std::optional<std::string>();
      ++pulled_;
      return std::string(10, 'm');
    }

   private:
    std::atomic<int64_t>& pulled_;
  } source(pulled);
  h_.mock->SetHandler(
      "PUT", ChunkRe() + "[0-9]+$",
      [&](const HttpRequest&, const CallContext&) {
        absl::SleepFor(absl::Milliseconds(2));
        int64_t held = pulled.load() - done.load();
        int64_t prev = worst.load();
        while (held > prev && !worst.compare_exchange_weak(prev, held)) {
        }
        ++done;
        return MockHttpTransport::Outcome(MakeResponse(204));
      });
  ASSERT_THAT(Upload(source), IsOk());
  // parallelism (2) queued or in flight, plus the one being filled.
  EXPECT_LE(worst.load(), 3);
}

}  // namespace
}  // namespace anaplan::core
