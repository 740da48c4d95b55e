// Per-call credentials in RestClient: a caller's credentials replace the
// client's own, are exchanged once and cached under their key.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::FakeSleeper;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::MockHttpTransport;
using ::anaplan::testing::StatusIs;

std::string TokenReply(const std::string& value) {
  return absl::StrCat(R"({"tokenInfo":{"tokenValue":")", value, R"("}})");
}

class PerCallCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.endpoints.auth_url = "https://auth.test";
    transport_->SetHandler(
        "POST", "/token/authenticate$",
        [](const HttpRequest& request, const CallContext&) {
          // A token per user, to see whose credentials were used.
          for (const auto& [name, value] : request.headers) {
            if (name == "Authorization") {
              return MockHttpTransport::Outcome(
                  JsonResponse(TokenReply("tok-" + value.substr(6, 4)), 201));
            }
          }
          return MockHttpTransport::Outcome(JsonResponse("{}", 400));
        });
    transport_->SetDefault("GET", "/api/", JsonResponse("{}"));
    client_ = MakeRestClient(options_, transport_,
                             MakeBasicCredentials("server@x.com", "pw"),
                             std::make_shared<FakeSleeper>());
  }
  std::string LastAuthorization() {
    const auto requests = transport_->requests();
    for (const auto& [name, value] : requests.back().headers) {
      if (name == "Authorization") return value;
    }
    return "";
  }

  ClientOptions options_;
  std::shared_ptr<MockHttpTransport> transport_ =
      std::make_shared<MockHttpTransport>();
  std::shared_ptr<RestClient> client_;
};

TEST_F(PerCallCredentialsTest, CallerCredentialsWinAndAreExchangedOnce) {
  CallContext caller;
  caller.credentials = MakeBasicCredentials("caller@x.com", "caller-pw");
  caller.credentials_key = SecretHash("basic\ncaller@x.com:caller-pw");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client_->GetJson("https://api.test/api/x", caller).ok());
  }
  const std::string caller_token = LastAuthorization();
  ASSERT_TRUE(
      client_->GetJson("https://api.test/api/x", CallContext::Background())
          .ok());
  const std::string server_token = LastAuthorization();
  EXPECT_NE(caller_token, server_token);
  // One authenticate for the caller (three calls), one for the server.
  EXPECT_EQ(transport_->CountOf("POST", "/token/authenticate$"), 2);
}

TEST_F(PerCallCredentialsTest, CallerTokenIsSentAsIs) {
  CallContext caller;
  caller.credentials = MakeTokenCredentials("caller-token-xyz");
  caller.credentials_key = SecretHash("token\ncaller-token-xyz");
  ASSERT_TRUE(client_->GetJson("https://api.test/api/x", caller).ok());
  EXPECT_EQ(LastAuthorization(), "AnaplanAuthToken caller-token-xyz");
  EXPECT_EQ(transport_->CountOf("POST", "/token/authenticate$"), 0);
}

TEST_F(PerCallCredentialsTest, NoServerCredentialsNeedsTheCallers) {
  auto client = MakeRestClient(options_, transport_, MakeNoCredentials(),
                               std::make_shared<FakeSleeper>());
  EXPECT_THAT(
      client->GetJson("https://api.test/api/x", CallContext::Background())
          .status(),
      StatusIs(absl::StatusCode::kUnauthenticated));
  CallContext caller;
  caller.credentials = MakeTokenCredentials("t");
  caller.credentials_key = SecretHash("token\nt");
  EXPECT_TRUE(client->GetJson("https://api.test/api/x", caller).ok());
}

// Beyond 1,024 distinct callers the least recently used one makes room: its
// token is logged out (not left alive until it expires) and it
// re-authenticates on its next call.
TEST_F(PerCallCredentialsTest, EvictedCallerIsLoggedOutAndReauthenticates) {
  int issued = 0;
  transport_->SetHandler(
      "POST", "/token/authenticate$",
      [&issued](const HttpRequest&, const CallContext&) {
        return MockHttpTransport::Outcome(
            JsonResponse(TokenReply(absl::StrCat("tok-", issued++)), 201));
      });
  transport_->SetDefault("POST", "/token/logout$", JsonResponse("", 204));
  transport_->set_record_bodies(false);
  auto caller = [](int i) {
    CallContext ctx;
    ctx.credentials = MakeBasicCredentials(absl::StrCat("u", i, "@x"), "pw");
    ctx.credentials_key = SecretHash(absl::StrCat("basic\nu", i, "@x:pw"));
    return ctx;
  };
  auto logged_out = [&] {
    std::vector<std::string> tokens;
    for (const HttpRequest& r : transport_->requests()) {
      if (!absl::EndsWith(r.url, "/token/logout")) continue;
      for (const auto& [name, value] : r.headers) {
        if (name == "Authorization") tokens.push_back(value);
      }
    }
    return tokens;
  };
  const std::string url = "https://api.test/api/x";
  for (int i = 0; i < 1024; ++i) {
    ASSERT_TRUE(client_->GetJson(url, caller(i)).ok()) << i;
  }
  EXPECT_TRUE(logged_out().empty());
  ASSERT_TRUE(client_->GetJson(url, caller(0)).ok());  // 1 is now the oldest.
  ASSERT_TRUE(client_->GetJson(url, caller(1024)).ok());
  EXPECT_THAT(logged_out(), ::testing::ElementsAre("AnaplanAuthToken tok-1"));
  EXPECT_EQ(transport_->CountOf("POST", "/token/authenticate$"), 1025);

  ASSERT_TRUE(client_->GetJson(url, caller(0)).ok());  // Still cached.
  ASSERT_TRUE(client_->GetJson(url, caller(1)).ok());  // Evicts 2.
  EXPECT_EQ(transport_->CountOf("POST", "/token/authenticate$"), 1026);
  EXPECT_EQ(LastAuthorization(), "AnaplanAuthToken tok-1025");
  EXPECT_THAT(logged_out(), ::testing::ElementsAre("AnaplanAuthToken tok-1",
                                                   "AnaplanAuthToken tok-2"));
}

TEST(SecretHashTest, IsHexSha256) {
  EXPECT_EQ(SecretHash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace anaplan::core
