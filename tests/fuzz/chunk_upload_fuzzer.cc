// The whole chunked upload of BulkConnectionImpl::UploadFile (announce,
// parallel gzip + PUT with retries, complete) over a fake transport whose
// answers to each chunk attempt, and the source's piece sizes, expected
// size/SHA-256 and failure, come from the fuzzer. Invariants:
//  - /complete is sent at most once, and only when every chunk 0..n-1 was
//    accepted (204) and their inflated bytes concatenate to exactly the
//    source's bytes, the source ended cleanly and size/SHA expectations hold;
//  - UploadFile succeeds exactly when /complete was sent, and reports the
//    true byte count and SHA-256.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/bulk/bulk_connection_impl.h"
#include "anaplan_core/files/gzip.h"
#include "anaplan_core/files/sha256.h"
#include "anaplan_core/http/rest_client.h"
#include "tests/fuzz/fuzz_fakes.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace anaplan::core;  // NOLINT: test driver

constexpr int64_t kFileId = 113000000007;

/// Pieces decided up front; optionally fails instead of ending cleanly.
class PieceSource : public ByteSource {
 public:
  PieceSource(std::vector<std::string> pieces, bool fail_at_end)
      : pieces_(std::move(pieces)), fail_at_end_(fail_at_end) {}
  absl::StatusOr<std::optional<std::string>> Next() override {
    if (next_ < pieces_.size())
      return std::optional<std::string>(pieces_[next_++]);
    if (fail_at_end_) return absl::CancelledError("the caller went away");
    return std::optional<std::string>();
  }

 private:
  std::vector<std::string> pieces_;
  bool fail_at_end_;
  size_t next_ = 0;
};

enum class Answer { kAccept, kRetryable, kFatal, kTransport };

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  anaplan::fuzz::Bytes in(data, size);
  UploadOptions options;
  options.chunk_size = in.IntInRange(1, 256);
  options.parallelism = static_cast<int>(in.IntInRange(1, 4));
  options.gzip_level = static_cast<int>(in.IntInRange(1, 9));
  const int size_mode = static_cast<int>(in.IntInRange(0, 2));
  const int sha_mode = static_cast<int>(in.IntInRange(0, 2));
  const bool fail_at_end = in.IntInRange(0, 7) == 0;
  // Answers to chunk attempts, consumed in order per chunk index.
  std::vector<Answer> answers;
  for (int i = static_cast<int>(in.IntInRange(0, 16)); i > 0; --i) {
    answers.push_back(static_cast<Answer>(in.IntInRange(0, 3)));
  }
  std::vector<std::string> pieces;
  std::string all;
  while (!in.empty() && pieces.size() < 64) {
    pieces.push_back(in.String(300));
    all += pieces.back();
  }
  Sha256 sha;
  sha.Update(all);
  const std::string true_sha = sha.FinishHex();
  if (size_mode == 1) options.expected_size = static_cast<int64_t>(all.size());
  if (size_mode == 2)
    options.expected_size = static_cast<int64_t>(all.size()) + 1;
  if (sha_mode == 1) options.expected_sha256 = true_sha;
  if (sha_mode == 2) options.expected_sha256 = std::string(64, 'a');
  const int64_t chunks =
      (static_cast<int64_t>(all.size()) + options.chunk_size - 1) /
      options.chunk_size;

  std::mutex mu;
  std::map<int64_t, std::string> accepted;  // guarded by mu
  std::map<int64_t, size_t> attempts;       // guarded by mu
  int completes = 0;                        // guarded by mu
  auto transport = std::make_shared<anaplan::fuzz::FnTransport>(
      [&](const HttpRequest& request) -> absl::StatusOr<HttpResponse> {
        HttpResponse response;
        const std::string& url = request.url;
        if (request.method == "POST" && absl::EndsWith(url, "/complete")) {
          std::lock_guard<std::mutex> lock(mu);
          ++completes;
          FUZZ_CHECK(completes == 1);
          FUZZ_CHECK(!fail_at_end);
          FUZZ_CHECK(size_mode != 2 && sha_mode != 2);
          FUZZ_CHECK(static_cast<int64_t>(accepted.size()) == chunks);
          std::string joined;
          int64_t expect_index = 0;
          for (const auto& [index, bytes] : accepted) {
            FUZZ_CHECK(index == expect_index++);
            joined += bytes;
          }
          FUZZ_CHECK(joined == all);
          response.status = 200;
          response.body = R"({"meta":{},"status":{"code":200}})";
          return response;
        }
        if (request.method == "POST") {  // announce chunkCount -1
          response.status = 200;
          response.body = R"({"file":{"id":113000000007,"name":"f.csv"}})";
          return response;
        }
        FUZZ_CHECK(request.method == "PUT");
        const size_t at = url.rfind("/chunks/");
        FUZZ_CHECK(at != std::string::npos);
        int64_t index = -1;
        FUZZ_CHECK(absl::SimpleAtoi(url.substr(at + 8), &index));
        FUZZ_CHECK(index >= 0 && index < chunks);
        Answer answer = Answer::kAccept;
        {
          std::lock_guard<std::mutex> lock(mu);
          const size_t attempt = attempts[index]++;
          const size_t pick = static_cast<size_t>(index) * 3 + attempt;
          if (pick < answers.size()) answer = answers[pick];
        }
        switch (answer) {
          case Answer::kAccept: {
            absl::StatusOr<std::string> raw = Gunzip(request.body);
            FUZZ_CHECK(raw.ok());
            FUZZ_CHECK(static_cast<int64_t>(raw->size()) <= options.chunk_size);
            std::lock_guard<std::mutex> lock(mu);
            accepted[index] = *raw;
            response.status = 204;
            return response;
          }
          case Answer::kRetryable:
            response.status = 503;
            return response;
          case Answer::kFatal:
            response.status = 400;
            response.body = R"({"status":{"message":"bad chunk"}})";
            return response;
          case Answer::kTransport:
            return absl::UnavailableError("connection reset");
        }
        return response;
      });
  ClientOptions client;
  client.endpoints.api_url = "https://api.test/2/0";
  client.endpoints.auth_url = "https://auth.test";
  client.retry.max_attempts = 3;
  auto sleeper = std::make_shared<anaplan::fuzz::NoSleep>();
  BulkConnectionImpl connection(
      MakeRestClient(client, transport, MakeTokenCredentials("token"), sleeper),
      sleeper);
  PieceSource source(pieces, fail_at_end);
  absl::StatusOr<UploadResult> result = connection.UploadFile(
      ModelRef{"8a81b09d5e8c6f27015ece3402487d33",
               "FC12E34567890ABCDEF1234567890ABC"},
      ObjectRef{kFileId, ""}, source, options, CallContext::Background());
  std::lock_guard<std::mutex> lock(mu);
  FUZZ_CHECK(result.ok() == (completes == 1));
  if (result.ok()) {
    FUZZ_CHECK(result->file_id == kFileId);
    FUZZ_CHECK(result->bytes_received == static_cast<int64_t>(all.size()));
    FUZZ_CHECK(result->chunks_uploaded == chunks);
    FUZZ_CHECK(result->sha256_hex == true_sha);
  } else if (size_mode == 2 || sha_mode == 2) {
    // A mismatch, a failed chunk or the source error; never OK.
    FUZZ_CHECK(result.status().code() != absl::StatusCode::kOk);
  }
  return 0;
}
