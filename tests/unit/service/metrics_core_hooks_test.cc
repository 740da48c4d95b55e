// What anaplan_core reports to the Observer (retries with their reason, the
// resend after a 401, token fetches) and the RestClient calls the lifecycle
// relies on: VerifyCredentials at startup, Logout at shutdown.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/common/observer.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/http/rest_client_internal.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::FakeSleeper;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::MakeResponse;
using ::anaplan::testing::MockHttpTransport;
using ::testing::ElementsAre;

constexpr char kApi[] = "https://api.test/2/0";

class RecordingObserver : public Observer {
 public:
  void OnRetry(absl::string_view /*operation*/,
               absl::string_view reason) override {
    anaplan::MutexLock lock(&mu_);
    events_.push_back(absl::StrCat("retry:", reason));
  }
  void OnTokenFetch(absl::string_view kind, bool ok) override {
    anaplan::MutexLock lock(&mu_);
    events_.push_back(absl::StrCat("token:", kind, ok ? ":ok" : ":error"));
  }
  std::vector<std::string> events() {
    anaplan::MutexLock lock(&mu_);
    return events_;
  }

 private:
  anaplan::Mutex mu_;
  std::vector<std::string> events_;
};

std::string TokenJson(const std::string& token) {
  return absl::StrCat(
      R"({"tokenInfo":{"tokenValue":")", token, R"(","expiresAt":)",
      absl::ToUnixMillis(absl::Now() + absl::Minutes(35)), "}}");
}

class CoreHooksTest : public ::testing::Test {
 protected:
  CoreHooksTest() { SetObserver(&observer_); }
  ~CoreHooksTest() override { SetObserver(nullptr); }

  std::shared_ptr<RestClient> Client(std::shared_ptr<const Credentials> c) {
    ClientOptions options;
    options.endpoints.auth_url = "https://auth.test";
    options.endpoints.api_url = kApi;
    options.retry.max_attempts = 3;
    internal::RestClientHooks hooks;
    hooks.uniform = [] { return 0.5; };
    return internal::MakeRestClientWithHooks(options, transport_, std::move(c),
                                             std::make_shared<FakeSleeper>(),
                                             hooks);
  }
  std::shared_ptr<RestClient> Basic() {
    return Client(MakeBasicCredentials("dana@example.com", "pw"));
  }

  RecordingObserver observer_;
  std::shared_ptr<MockHttpTransport> transport_ =
      std::make_shared<MockHttpTransport>();
};

TEST_F(CoreHooksTest, RetriesAndReauthenticationAreReported) {
  transport_->AddResponse("POST", "/token/authenticate$",
                          JsonResponse(TokenJson("t1"), 201));
  transport_->AddResponse("POST", "/token/authenticate$",
                          JsonResponse(TokenJson("t2"), 201));
  transport_->AddResponse("GET", "/workspaces$", MakeResponse(503));
  transport_->AddResponse("GET", "/workspaces$", MakeResponse(401));
  transport_->AddResponse("GET", "/workspaces$", JsonResponse("{}"));
  auto client = Basic();
  ASSERT_TRUE(client->GetJson(absl::StrCat(kApi, "/workspaces"), {}).ok());
  EXPECT_THAT(observer_.events(),
              ElementsAre("token:authenticate:ok", "retry:http_503",
                          "retry:reauth", "token:authenticate:ok"));
}

TEST_F(CoreHooksTest, VerifyFetchesOneTokenAndLogoutRevokesIt) {
  transport_->AddResponse("POST", "/token/authenticate$",
                          JsonResponse(TokenJson("t1"), 201));
  transport_->SetDefault("POST", "/token/logout$", MakeResponse(204));
  auto client = Basic();
  // Nothing obtained yet: nothing to log out, no call.
  EXPECT_EQ(*client->Logout({}), 0);
  ASSERT_TRUE(client->VerifyCredentials({}).ok());
  ASSERT_TRUE(client->VerifyCredentials({}).ok());  // cached: no new fetch
  EXPECT_EQ(transport_->CountOf("POST", "/token/authenticate$"), 1);
  EXPECT_EQ(*client->Logout({}), 1);
  EXPECT_EQ(transport_->CountOf("POST", "/token/logout$"), 1);
  const auto requests = transport_->requests();
  bool sent_token = false;
  for (const auto& [name, value] : requests.back().headers) {
    if (name == "Authorization") sent_token = value == "AnaplanAuthToken t1";
  }
  EXPECT_TRUE(sent_token);
  // The token is gone: a second logout does nothing.
  EXPECT_EQ(*client->Logout({}), 0);
  EXPECT_EQ(transport_->CountOf("POST", "/token/logout$"), 1);
}

TEST_F(CoreHooksTest, WrongPasswordFailsVerification) {
  transport_->SetDefault("POST", "/token/authenticate$", MakeResponse(401));
  auto client = Basic();
  EXPECT_EQ(client->VerifyCredentials({}).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(transport_->CountOf("POST", "/token/authenticate$"), 1);
  EXPECT_THAT(observer_.events(), ElementsAre("token:authenticate:error"));
}

TEST_F(CoreHooksTest, StaticTokensAreNeverLoggedOut) {
  auto client = Client(MakeTokenCredentials("given"));
  ASSERT_TRUE(client->VerifyCredentials({}).ok());
  EXPECT_EQ(*client->Logout({}), 0);
  EXPECT_EQ(transport_->total_count(), 0);
}

}  // namespace
}  // namespace anaplan::core
