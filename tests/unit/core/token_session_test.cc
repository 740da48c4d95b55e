#include "anaplan_core/auth/token_session.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/auth/credentials_internal.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core::internal {
namespace {

using ::anaplan::testing::FakeClock;
using ::anaplan::testing::FakeSleeper;
using ::anaplan::testing::IsOkAndHolds;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::MakeResponse;
using ::anaplan::testing::MockHttpTransport;
using ::anaplan::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

TEST(CredentialsTest, DescribeMasksSecrets) {
  auto basic = MakeBasicCredentials("dana@example.com", "pw");
  EXPECT_EQ(basic->Describe(), "basic (d***@example.com)");
  auto token = MakeTokenCredentials("abcdef123456");
  EXPECT_EQ(token->Describe(), "static token");
  EXPECT_EQ(MaskEmail("nobody"), "***");
  EXPECT_EQ(MaskEmail("@x"), "***");
}

class TokenSessionTest : public ::testing::Test {
 protected:
  std::unique_ptr<TokenSession> Session(
      std::shared_ptr<const Credentials> credentials) {
    TokenSessionOptions options;
    options.auth_url = "https://auth.test";
    options.now = clock_.AsFunction();
    return std::make_unique<TokenSession>(std::move(credentials), transport_,
                                          sleeper_, options);
  }
  std::string Token(const std::string& value, absl::Duration life) {
    return absl::StrCat(R"({"tokenInfo":{"tokenValue":")", value,
                        R"(","expiresAt":)",
                        absl::ToUnixMillis(clock_.Now() + life), "}}");
  }

  FakeClock clock_;
  std::shared_ptr<MockHttpTransport> transport_ =
      std::make_shared<MockHttpTransport>();
  std::shared_ptr<FakeSleeper> sleeper_ = std::make_shared<FakeSleeper>();
};

TEST_F(TokenSessionTest, CachesUntilInvalidated) {
  transport_->AddResponse("POST", "authenticate$",
                          JsonResponse(Token("a", absl::Minutes(35)), 201));
  transport_->AddResponse("POST", "authenticate$",
                          JsonResponse(Token("b", absl::Minutes(35)), 200));
  auto session = Session(MakeBasicCredentials("u@x.com", "p"));
  EXPECT_THAT(session->GetToken(CallContext()), IsOkAndHolds(Eq("a")));
  EXPECT_THAT(session->GetToken(CallContext()), IsOkAndHolds(Eq("a")));
  EXPECT_TRUE(session->Invalidate("stale"));  // not the cached one: kept
  EXPECT_THAT(session->GetToken(CallContext()), IsOkAndHolds(Eq("a")));
  EXPECT_TRUE(session->Invalidate("a"));
  EXPECT_TRUE(session->Invalidate("a"));  // a second report changes nothing
  EXPECT_THAT(session->GetToken(CallContext()), IsOkAndHolds(Eq("b")));
  EXPECT_EQ(session->fetch_count(), 2);
}

TEST_F(TokenSessionTest, TransientAuthFailuresAreRetried) {
  transport_->AddResponse("POST", "authenticate$", MakeResponse(503));
  transport_->AddResponse("POST", "authenticate$",
                          absl::UnavailableError("reset"));
  transport_->AddResponse("POST", "authenticate$",
                          JsonResponse(Token("a", absl::Minutes(35))));
  auto session = Session(MakeBasicCredentials("u@x.com", "p"));
  EXPECT_THAT(session->GetToken(CallContext()), IsOkAndHolds(Eq("a")));
  EXPECT_EQ(sleeper_->delays().size(), 2u);
}

TEST_F(TokenSessionTest, MissingExpiryAssumes35Minutes) {
  transport_->SetDefault("POST", "authenticate$",
                         JsonResponse(R"({"tokenInfo":{"tokenValue":"a"}})"));
  auto session = Session(MakeBasicCredentials("u@x.com", "p"));
  EXPECT_THAT(session->GetToken(CallContext()), IsOkAndHolds(Eq("a")));
  clock_.Advance(absl::Minutes(29));
  EXPECT_THAT(session->GetToken(CallContext()), IsOkAndHolds(Eq("a")));
  EXPECT_EQ(session->fetch_count(), 1);
}

TEST_F(TokenSessionTest, BadReplyIsInternal) {
  transport_->SetDefault("POST", "authenticate$", JsonResponse(R"({"x":1})"));
  auto session = Session(MakeBasicCredentials("u@x.com", "p"));
  auto token = session->GetToken(CallContext());
  EXPECT_THAT(token,
              StatusIs(absl::StatusCode::kInternal, HasSubstr("tokenInfo")));
  EXPECT_EQ(GetErrorInfo(token.status()).reason, "ANAPLAN_BAD_RESPONSE");
}

TEST_F(TokenSessionTest, WaitersShareAFailedFetch) {
  transport_->SetHandler(
      "POST", "authenticate$", [](const HttpRequest&, const CallContext&) {
        absl::SleepFor(absl::Milliseconds(200));
        return absl::StatusOr<HttpResponse>(MakeResponse(401));
      });
  auto session = Session(MakeBasicCredentials("u@x.com", "p"));
  std::vector<std::thread> threads;
  std::atomic<int> unauthenticated{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto token = session->GetToken(CallContext());
      if (token.status().code() == absl::StatusCode::kUnauthenticated) {
        ++unauthenticated;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(unauthenticated.load(), 8);
  // Threads that arrive after the failure may try once more; most share it.
  EXPECT_LE(session->fetch_count(), 2);
}

TEST_F(TokenSessionTest, WaitingHonoursTheCallersDeadline) {
  std::atomic<bool> release{false};
  transport_->SetHandler("POST", "authenticate$",
                         [&](const HttpRequest&, const CallContext&) {
                           while (!release)
                             absl::SleepFor(absl::Milliseconds(5));
                           return absl::StatusOr<HttpResponse>(
                               JsonResponse(Token("a", absl::Minutes(35))));
                         });
  auto session = Session(MakeBasicCredentials("u@x.com", "p"));
  std::thread fetcher([&] { (void)session->GetToken(CallContext()); });
  while (transport_->total_count() == 0) absl::SleepFor(absl::Milliseconds(1));
  EXPECT_THAT(
      session->GetToken(CallContext::WithTimeout(absl::Milliseconds(100))),
      StatusIs(absl::StatusCode::kDeadlineExceeded));
  release = true;
  fetcher.join();
}

TEST_F(TokenSessionTest, StaticTokenNeedsNoFetch) {
  auto session = Session(MakeTokenCredentials("fixed"));
  EXPECT_THAT(session->GetToken(CallContext()), IsOkAndHolds(Eq("fixed")));
  EXPECT_FALSE(session->Invalidate("fixed"));
  EXPECT_EQ(transport_->total_count(), 0);
}

}  // namespace
}  // namespace anaplan::core::internal
