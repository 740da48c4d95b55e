#ifndef TESTS_UNIT_BULK_BULK_TEST_UTIL_H_
#define TESTS_UNIT_BULK_BULK_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/bulk/bulk_connection_impl.h"
#include "anaplan_core/common/client_options.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/files/byte_stream.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"

namespace anaplan::core::bulk_test {

inline constexpr char kApi[] = "https://api.test/2/0";
inline constexpr char kWs[] = "8a81b09d5e8c6f27015ece3402487d33";
inline constexpr char kModel[] = "FC12E34567890ABCDEF1234567890ABC";

inline ModelRef TestModel() { return ModelRef{kWs, kModel}; }

/// Regex of the model's bulk base: ".../workspaces/{ws}/models/{model}".
inline std::string ModelRe() {
  return absl::StrCat("/2/0/workspaces/", kWs, "/models/", kModel);
}

inline ClientOptions TestOptions() {
  ClientOptions options;
  options.endpoints.api_url = kApi;
  options.endpoints.auth_url = "https://auth.test";
  options.retry.max_attempts = 3;
  options.poll_delay = absl::Seconds(5);
  options.transfer.upload_chunk_size = 10;
  options.transfer.upload_parallelism = 2;
  options.transfer.download_batch_size = 2;
  return options;
}

/// A connection over a MockHttpTransport, with a FakeSleeper for retries
/// and polls, authenticating with a static token (no auth traffic).
struct Harness {
  explicit Harness(ClientOptions options = TestOptions())
      : mock(std::make_shared<testing::MockHttpTransport>()),
        sleeper(std::make_shared<testing::FakeSleeper>()),
        rest(MakeRestClient(options, mock, MakeTokenCredentials("token"),
                            sleeper)),
        conn(std::make_unique<BulkConnectionImpl>(rest, sleeper)) {}

  std::shared_ptr<testing::MockHttpTransport> mock;
  std::shared_ptr<testing::FakeSleeper> sleeper;
  std::shared_ptr<RestClient> rest;
  std::unique_ptr<BulkConnectionImpl> conn;
};

/// The integer value of query parameter `name` in `url`, or `fallback`.
inline int64_t QueryInt(const std::string& url, const std::string& name,
                        int64_t fallback) {
  for (const char sep : {'?', '&'}) {
    size_t at = url.find(sep + name + "=");
    if (at == std::string::npos) continue;
    int64_t value = 0;
    size_t begin = at + name.size() + 2;
    size_t end = url.find('&', begin);
    if (absl::SimpleAtoi(url.substr(begin, end - begin), &value)) return value;
  }
  return fallback;
}

/// A handler serving `items` (JSON texts) under `key` with Anaplan paging
/// (limit/offset in, meta.paging out), capping pages at `max_page`.
inline testing::MockHttpTransport::Handler Paged(std::string key,
                                                 std::vector<std::string> items,
                                                 int64_t max_page = 5000) {
  return [key = std::move(key), items = std::move(items), max_page](
             const HttpRequest& request,
             const CallContext&) -> testing::MockHttpTransport::Outcome {
    const int64_t total = static_cast<int64_t>(items.size());
    int64_t limit =
        std::min(QueryInt(request.url, "limit", max_page), max_page);
    int64_t offset = QueryInt(request.url, "offset", 0);
    std::vector<std::string> page;
    for (int64_t i = offset; i < total && i < offset + limit; ++i) {
      page.push_back(items[static_cast<size_t>(i)]);
    }
    return testing::JsonResponse(
        absl::StrCat(R"({"meta":{"paging":{"currentPageSize":)", page.size(),
                     R"(,"totalSize":)", total, R"(,"offset":)", offset,
                     R"(}},"status":{"code":200,"message":"Success"},")", key,
                     R"(":[)", absl::StrJoin(page, ","), "]}"));
  };
}

/// A ByteSource yielding `pieces`, then optionally an error, then the end.
class PieceSource : public ByteSource {
 public:
  explicit PieceSource(std::vector<std::string> pieces,
                       absl::Status error = absl::OkStatus())
      : pieces_(std::move(pieces)), error_(std::move(error)) {}
  absl::StatusOr<std::optional<std::string>> Next() override {
    if (next_ < pieces_.size()) return pieces_[next_++];
    if (!error_.ok()) return error_;
    return std::optional<std::string>();
  }

 private:
  std::vector<std::string> pieces_;
  absl::Status error_;
  size_t next_ = 0;
};

/// A ByteSink that keeps everything and records each write.
class StringSink : public ByteSink {
 public:
  absl::Status Start(int64_t total_size) override {
    ++starts;
    total = total_size;
    return absl::OkStatus();
  }
  absl::Status Write(absl::string_view bytes, int64_t offset,
                     int64_t chunk_index) override {
    if (offset != static_cast<int64_t>(data.size())) {
      return absl::InternalError("write out of order");
    }
    data.append(bytes.data(), bytes.size());
    chunks.push_back(chunk_index);
    return absl::OkStatus();
  }

  int starts = 0;
  int64_t total = -2;
  std::string data;
  std::vector<int64_t> chunks;
};

/// A task object as Anaplan sends it, wrapped in the status envelope.
inline std::string TaskReply(const std::string& state, double progress = 0,
                             const std::string& result = "") {
  return absl::StrCat(
      R"({"meta":{"schema":"x"},"status":{"code":200,"message":"Success"},)",
      R"("task":{"type":"taskInformation","taskId":"1B1D84DDD53847BAA621810B593C3FC1",)",
      R"("taskState":")", state, R"(","creationTime":1535145471641,)",
      R"("progress":)", progress, R"(,"currentStep":"Step )", progress, "\"",
      result.empty() ? "" : absl::StrCat(R"(,"result":)", result), "}}");
}

}  // namespace anaplan::core::bulk_test

#endif  // TESTS_UNIT_BULK_BULK_TEST_UTIL_H_
