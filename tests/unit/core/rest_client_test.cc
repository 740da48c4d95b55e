#include "anaplan_core/http/rest_client.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/http/rest_client_internal.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::FakeClock;
using ::anaplan::testing::FakeSleeper;
using ::anaplan::testing::IsOk;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::MakeResponse;
using ::anaplan::testing::MockHttpTransport;
using ::anaplan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kApi[] = "https://api.test/2/0";
constexpr char kAuthPath[] = "/token/authenticate$";
constexpr char kRefreshPath[] = "/token/refresh$";

std::string TokenJson(const std::string& token, absl::Time expires) {
  return absl::StrCat(R"({"status":"SUCCESS","tokenInfo":{"tokenValue":")",
                      token, R"(","expiresAt":)", absl::ToUnixMillis(expires),
                      "}}");
}

std::string AuthHeader(const HttpRequest& request) {
  for (const auto& [name, value] : request.headers) {
    if (name == "Authorization") return value;
  }
  return "";
}

class RestClientTest : public ::testing::Test {
 protected:
  RestClientTest() {
    options_.endpoints.auth_url = "https://auth.test";
    options_.endpoints.api_url = kApi;
    options_.retry.max_attempts = 3;
    options_.retry.backoff = absl::Seconds(1);
    options_.retry.max_backoff = absl::Seconds(32);
  }

  std::shared_ptr<RestClient> Client(
      std::shared_ptr<const Credentials> credentials = nullptr) {
    if (!credentials) {
      credentials = MakeBasicCredentials("dana@example.com", "s3cret!");
    }
    internal::RestClientHooks hooks;
    hooks.now = clock_.AsFunction();
    hooks.uniform = [] { return 0.5; };
    return internal::MakeRestClientWithHooks(
        options_, transport_, std::move(credentials), sleeper_, hooks);
  }

  // Each authenticate call hands out "t1", "t2", ... valid for 35 minutes.
  void ServeTokens() {
    transport_->SetHandler(
        "POST", kAuthPath, [this](const HttpRequest&, const CallContext&) {
          const int n = ++issued_;
          return absl::StatusOr<HttpResponse>(JsonResponse(
              TokenJson(absl::StrCat("t", n), clock_.Now() + absl::Minutes(35)),
              201));
        });
  }

  std::string Url(const std::string& path) { return kApi + path; }

  ClientOptions options_;
  FakeClock clock_;
  std::shared_ptr<MockHttpTransport> transport_ =
      std::make_shared<MockHttpTransport>();
  std::shared_ptr<FakeSleeper> sleeper_ = std::make_shared<FakeSleeper>();
  std::atomic<int> issued_{0};
};

TEST_F(RestClientTest, AuthenticatesLazilyAndSendsTheToken) {
  ServeTokens();
  transport_->SetDefault("GET", "/workspaces$", JsonResponse(R"({"a":1})"));
  auto client = Client();
  EXPECT_EQ(transport_->total_count(), 0);
  auto doc = client->GetJson(Url("/workspaces"), CallContext());
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ((*doc)["a"].GetInt(), 1);
  ASSERT_THAT(client->GetJson(Url("/workspaces"), CallContext()), IsOk());
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  // "dana@example.com:s3cret!" in base64.
  EXPECT_EQ(AuthHeader(requests[0]), "Basic ZGFuYUBleGFtcGxlLmNvbTpzM2NyZXQh");
  EXPECT_EQ(requests[0].url, "https://auth.test/token/authenticate");
  EXPECT_EQ(AuthHeader(requests[1]), "AnaplanAuthToken t1");
  EXPECT_EQ(AuthHeader(requests[2]), "AnaplanAuthToken t1");
}

TEST_F(RestClientTest, Unauthorized401ReauthenticatesOnceAndResends) {
  ServeTokens();
  transport_->AddResponse("GET", "/files$", MakeResponse(401));
  transport_->SetDefault("GET", "/files$", JsonResponse("{}"));
  ASSERT_THAT(Client()->GetJson(Url("/files"), CallContext()), IsOk());
  EXPECT_EQ(transport_->CountOf("POST", kAuthPath), 2);
  EXPECT_EQ(transport_->CountOf("GET", "/files$"), 2);
  EXPECT_EQ(AuthHeader(transport_->requests().back()), "AnaplanAuthToken t2");
  EXPECT_TRUE(sleeper_->delays().empty());
}

TEST_F(RestClientTest, Unauthorized401TwiceIsUnauthenticated) {
  ServeTokens();
  transport_->SetDefault("GET", "/files$", MakeResponse(401));
  auto result = Client()->GetJson(Url("/files"), CallContext());
  EXPECT_THAT(result,
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("401 Unauthorized for GET /2/0/files")));
  EXPECT_EQ(GetErrorInfo(result.status()).http_status, 401);
  EXPECT_EQ(transport_->CountOf("POST", kAuthPath), 2);
  EXPECT_EQ(transport_->CountOf("GET", "/files$"), 2);
}

TEST_F(RestClientTest, StaticTokenNeverAuthenticatesAnd401IsFinal) {
  transport_->SetDefault("GET", "/files$", MakeResponse(401));
  auto result = Client(MakeTokenCredentials("tok"))
                    ->GetJson(Url("/files"), CallContext());
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(transport_->total_count(), 1);
  EXPECT_EQ(AuthHeader(transport_->requests()[0]), "AnaplanAuthToken tok");
}

TEST_F(RestClientTest, BadCredentialsNameTheMaskedEmailOnly) {
  transport_->SetDefault(
      "POST", kAuthPath,
      MakeResponse(401, R"({"status":"FAILURE_BAD_CREDENTIAL"})"));
  auto result = Client()->GetJson(Url("/files"), CallContext());
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnauthenticated,
                               "Anaplan rejected the credentials for "
                               "d***@example.com"));
  EXPECT_EQ(GetErrorInfo(result.status()).reason, "ANAPLAN_BAD_CREDENTIALS");
  EXPECT_THAT(std::string(result.status().message()), Not(HasSubstr("s3cret")));
  EXPECT_EQ(transport_->CountOf("POST", kAuthPath), 1);
  EXPECT_EQ(transport_->CountOf("GET", ""), 0);
}

TEST_F(RestClientTest, RefreshesBeforeExpiry) {
  ServeTokens();
  transport_->SetHandler(
      "POST", kRefreshPath,
      [this](const HttpRequest& request, const CallContext&) {
        EXPECT_EQ(AuthHeader(request), "AnaplanAuthToken t1");
        return absl::StatusOr<HttpResponse>(
            JsonResponse(TokenJson("t1", clock_.Now() + absl::Minutes(35))));
      });
  transport_->SetDefault("GET", "/x$", JsonResponse("{}"));
  auto client = Client();
  ASSERT_THAT(client->GetJson(Url("/x"), CallContext()), IsOk());
  clock_.Advance(absl::Minutes(29));  // 6 minutes left: still fresh
  ASSERT_THAT(client->GetJson(Url("/x"), CallContext()), IsOk());
  EXPECT_EQ(transport_->CountOf("POST", kRefreshPath), 0);
  clock_.Advance(absl::Minutes(2));  // 4 minutes left: inside the margin
  ASSERT_THAT(client->GetJson(Url("/x"), CallContext()), IsOk());
  EXPECT_EQ(transport_->CountOf("POST", kRefreshPath), 1);
  EXPECT_EQ(transport_->CountOf("POST", kAuthPath), 1);
  EXPECT_EQ(AuthHeader(transport_->requests().back()), "AnaplanAuthToken t1");
}

TEST_F(RestClientTest, FailedRefreshFallsBackToAuthenticate) {
  ServeTokens();
  transport_->SetDefault("POST", kRefreshPath, MakeResponse(401));
  transport_->SetDefault("GET", "/x$", JsonResponse("{}"));
  auto client = Client();
  ASSERT_THAT(client->GetJson(Url("/x"), CallContext()), IsOk());
  clock_.Advance(absl::Minutes(31));
  ASSERT_THAT(client->GetJson(Url("/x"), CallContext()), IsOk());
  EXPECT_EQ(transport_->CountOf("POST", kRefreshPath), 1);
  EXPECT_EQ(transport_->CountOf("POST", kAuthPath), 2);
  EXPECT_EQ(AuthHeader(transport_->requests().back()), "AnaplanAuthToken t2");
}

TEST_F(RestClientTest, SingleFlightAuthentication) {
  transport_->SetHandler(
      "POST", kAuthPath, [this](const HttpRequest&, const CallContext&) {
        absl::SleepFor(absl::Milliseconds(100));
        ++issued_;
        return absl::StatusOr<HttpResponse>(JsonResponse(
            TokenJson("t1", clock_.Now() + absl::Minutes(35)), 201));
      });
  transport_->SetDefault("GET", "/x$", JsonResponse("{}"));
  auto client = Client();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (client->GetJson(Url("/x"), CallContext()).ok()) ++ok;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(issued_.load(), 1);
  EXPECT_EQ(transport_->CountOf("GET", "/x$"), 8);
}

TEST_F(RestClientTest, RateLimitHonoursRetryAfter) {
  ServeTokens();
  transport_->AddResponse("GET", "/x$",
                          MakeResponse(429, "", {{"Retry-After", "7"}}));
  transport_->SetDefault("GET", "/x$", JsonResponse("{}"));
  ASSERT_THAT(Client()->GetJson(Url("/x"), CallContext()), IsOk());
  EXPECT_THAT(sleeper_->delays(), ElementsAre(absl::Seconds(7)));
}

TEST_F(RestClientTest, UnavailableExhaustsAttempts) {
  ServeTokens();
  transport_->SetDefault("GET", "/x$",
                         MakeResponse(503, "", {{"X-Request-Id", "r-5"}}));
  auto result = Client()->GetJson(Url("/x"), CallContext());
  EXPECT_THAT(result,
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("GET /2/0/x failed after 3 attempts: Anaplan "
                                 "answered 503 Service Unavailable")));
  ErrorInfo info = GetErrorInfo(result.status());
  EXPECT_EQ(info.http_status, 503);
  EXPECT_EQ(info.request_id, "r-5");
  EXPECT_EQ(transport_->CountOf("GET", "/x$"), 3);
  EXPECT_THAT(sleeper_->delays(),
              ElementsAre(absl::Milliseconds(500), absl::Seconds(1)));
}

TEST_F(RestClientTest, NonIdempotentPostNotRetriedAfterAmbiguousFailures) {
  ServeTokens();
  auto client = Client();
  transport_->AddResponse("POST", "/tasks$", MakeResponse(500));
  EXPECT_THAT(client->SendJson("POST", Url("/tasks"), "{}",
                               Idempotency::kNonIdempotent, CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(transport_->CountOf("POST", "/tasks$"), 1);
  transport_->AddResponse("POST", "/tasks$",
                          absl::UnavailableError("connection reset"));
  EXPECT_THAT(client->SendJson("POST", Url("/tasks"), "{}",
                               Idempotency::kNonIdempotent, CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(transport_->CountOf("POST", "/tasks$"), 2);
}

TEST_F(RestClientTest, NonIdempotentPostRetriedWhenProvablyUnprocessed) {
  ServeTokens();
  absl::Status refused = absl::UnavailableError("connection refused");
  MarkRequestNotSent(refused);
  transport_->AddResponse("POST", "/tasks$", refused);
  transport_->AddResponse("POST", "/tasks$", MakeResponse(503));
  transport_->AddResponse("POST", "/tasks$", MakeResponse(429));
  transport_->SetDefault("POST", "/tasks$", JsonResponse(R"({"task":{}})"));
  options_.retry.max_attempts = 4;
  auto result =
      Client()->SendJson("POST", Url("/tasks"), R"({"localeName":"en_US"})",
                         Idempotency::kNonIdempotent, CallContext());
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(transport_->CountOf("POST", "/tasks$"), 4);
  auto last = transport_->requests().back();
  EXPECT_EQ(last.body, R"({"localeName":"en_US"})");
  bool json = false;
  for (const auto& [name, value] : last.headers) {
    json |= name == "Content-Type" && value == "application/json";
  }
  EXPECT_TRUE(json);
}

TEST_F(RestClientTest, DeadlineStopsRetries) {
  ServeTokens();
  transport_->SetDefault("GET", "/x$",
                         MakeResponse(429, "", {{"Retry-After", "10"}}));
  auto result =
      Client()->GetJson(Url("/x"), CallContext::WithTimeout(absl::Seconds(5)));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(GetErrorInfo(result.status()).retry_after, absl::Seconds(10));
  EXPECT_EQ(transport_->CountOf("GET", "/x$"), 1);
  EXPECT_TRUE(sleeper_->delays().empty());
  CallContext expired;
  expired.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_THAT(Client()->GetJson(Url("/x"), expired),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(RestClientTest, CancelledContextSendsNothing) {
  CallContext ctx;
  ctx.cancelled = [] { return true; };
  EXPECT_THAT(Client()->GetJson(Url("/x"), ctx),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(transport_->total_count(), 0);
}

TEST_F(RestClientTest, RejectsRelativeUrlsAndReadsEmptyReplies) {
  ServeTokens();
  auto client = Client();
  EXPECT_THAT(client->GetJson("/2/0/x", CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  transport_->SetDefault("DELETE", "/t$", MakeResponse(204));
  auto doc = client->SendJson("DELETE", Url("/t"), "", Idempotency::kIdempotent,
                              CallContext());
  ASSERT_THAT(doc, IsOk());
  EXPECT_TRUE(doc->IsObject());
}

std::string Page(int from, int count, int total, int page_size) {
  std::string items;
  for (int i = from; i < from + count; ++i) {
    absl::StrAppend(&items, i == from ? "" : ",", R"({"id":")", i, R"("})");
  }
  return absl::StrCat(R"({"meta":{"paging":{"currentPageSize":)", page_size,
                      R"(,"totalSize":)", total, R"(}},"files":[)", items,
                      "]}");
}

TEST_F(RestClientTest, PagesThroughTruncatedPages) {
  ServeTokens();
  transport_->AddResponse("GET", "/files\\?sort=name&limit=5000$",
                          JsonResponse(Page(0, 2, 5, 2)));
  transport_->AddResponse("GET", "limit=2&offset=2$",
                          JsonResponse(Page(2, 2, 5, 2)));
  transport_->AddResponse("GET", "limit=2&offset=4$",
                          JsonResponse(Page(4, 1, 5, 1)));
  std::vector<std::string> ids;
  auto status = Client()->GetPaged(
      Url("/files?sort=name"), "files",
      [&](const rapidjson::Value& item) {
        ids.emplace_back(item["id"].GetString());
        return absl::OkStatus();
      },
      CallContext());
  ASSERT_THAT(status, IsOk());
  EXPECT_THAT(ids, ElementsAre("0", "1", "2", "3", "4"));
  EXPECT_EQ(transport_->CountOf("GET", ""), 3);
  EXPECT_EQ(transport_->unmatched_count(), 0);
}

TEST_F(RestClientTest, PagingStopsOnEmptyAndRejectsAStuckServer) {
  ServeTokens();
  options_.page_size = 9000;  // capped to 5000
  transport_->SetDefault("GET", "/empty", JsonResponse(R"({"meta":{"paging":
      {"currentPageSize":0,"totalSize":0}}})"));
  int seen = 0;
  auto count = [&](const rapidjson::Value&) {
    ++seen;
    return absl::OkStatus();
  };
  auto client = Client();
  ASSERT_THAT(client->GetPaged(Url("/empty"), "files", count, CallContext()),
              IsOk());
  EXPECT_EQ(seen, 0);
  EXPECT_EQ(transport_->requests().back().url, Url("/empty?limit=5000"));
  transport_->SetDefault("GET", "/stuck", JsonResponse(Page(0, 2, 100, 2)));
  EXPECT_THAT(client->GetPaged(Url("/stuck"), "files", count, CallContext()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("repeated")));
  EXPECT_EQ(transport_->CountOf("GET", "/stuck"), 2);
  auto stop = [](const rapidjson::Value&) {
    return absl::AbortedError("enough");
  };
  EXPECT_THAT(client->GetPaged(Url("/stuck"), "files", stop, CallContext()),
              StatusIs(absl::StatusCode::kAborted));
}

// A body decoder (chunk downloads: inflate) runs on 2xx replies inside the
// retry loop: a damaged body is read again, an unusable one is final, and an
// error reply never reaches it.
TEST_F(RestClientTest, BodyDecoderRetriesDataLossOnly) {
  ServeTokens();
  transport_->AddResponse("GET", "/chunks/0$", MakeResponse(200, "damaged"));
  transport_->AddResponse("GET", "/chunks/0$", MakeResponse(503));
  transport_->SetDefault("GET", "/chunks/0$", MakeResponse(200, "good"));
  std::vector<std::string> seen;
  HttpRequest request;
  request.url = Url("/chunks/0");
  request.decode_body = [&seen](HttpResponse& response) {
    seen.push_back(response.body);
    if (response.body == "good") {
      response.body = "decoded";
      return absl::OkStatus();
    }
    ErrorInfo info;
    info.reason = "ANAPLAN_DATA_LOSS";
    return MakeError(absl::StatusCode::kDataLoss, "invalid gzip data", info);
  };
  auto response =
      Client()->Execute(request, Idempotency::kIdempotent, CallContext());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->body, "decoded");
  EXPECT_THAT(seen, ElementsAre("damaged", "good"));  // Not the 503.
  EXPECT_EQ(transport_->CountOf("GET", "/chunks/0$"), 3);
  EXPECT_EQ(sleeper_->delays().size(), 2u);

  // Persistent damage: DATA_LOSS after max_attempts, naming the request.
  transport_->SetDefault("GET", "/chunks/1$", MakeResponse(200, "damaged"));
  request.url = Url("/chunks/1");
  auto lost =
      Client()->Execute(request, Idempotency::kIdempotent, CallContext());
  EXPECT_THAT(lost, StatusIs(absl::StatusCode::kDataLoss,
                             HasSubstr("GET /2/0/chunks/1: invalid gzip")));
  EXPECT_EQ(transport_->CountOf("GET", "/chunks/1$"), 3);
}

TEST_F(RestClientTest, BodyDecoderBadResponseIsFinal) {
  ServeTokens();
  transport_->SetDefault("GET", "/chunks/2$", MakeResponse(200, "br bytes"));
  HttpRequest request;
  request.url = Url("/chunks/2");
  request.decode_body = [](HttpResponse&) {
    ErrorInfo info;
    info.reason = "ANAPLAN_BAD_RESPONSE";
    return MakeError(absl::StatusCode::kInternal, "unsupported encoding", info);
  };
  auto result =
      Client()->Execute(request, Idempotency::kIdempotent, CallContext());
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(transport_->CountOf("GET", "/chunks/2$"), 1);
}

}  // namespace
}  // namespace anaplan::core
