// Per-call credentials in RestClient: a caller's credentials replace the
// client's own, are exchanged once and cached under their key.

#include <memory>
#include <string>

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

TEST(SecretHashTest, IsHexSha256) {
  EXPECT_EQ(SecretHash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace anaplan::core
