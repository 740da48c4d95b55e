// OAuth in the core: the refresh-token grant inside TokenSession (rotation
// persisted to the file), the device grant's polling rules and the mapping
// of OAuth errors, over a mock transport.

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/auth/oauth.h"
#include "anaplan_core/auth/token_session.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"
#include "anaplan_core/testing/status_matchers.h"

#include <sys/stat.h>

namespace anaplan::core {
namespace {

using ::anaplan::testing::FakeSleeper;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::MockHttpTransport;
using ::anaplan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class OAuthSessionTest : public ::testing::Test {
 protected:
  std::unique_ptr<internal::TokenSession> Session(
      std::shared_ptr<const Credentials> credentials) {
    internal::TokenSessionOptions options;
    options.auth_url = "https://auth.test";
    return std::make_unique<internal::TokenSession>(
        std::move(credentials), transport_, sleeper_, options);
  }
  std::shared_ptr<const Credentials> OAuth(const std::string& refresh) {
    OAuthOptions options;
    options.oauth_url = "https://oauth.test";
    options.client_id = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
    options.client_secret = "client-secret-1";
    options.refresh_token = refresh;
    options.refresh_token_file = file_;
    auto made = MakeOAuthCredentials(options);
    EXPECT_TRUE(made.ok()) << made.status();
    return *made;
  }

  std::string file_ = ::testing::TempDir() + "/oauth_refresh_token";
  std::shared_ptr<MockHttpTransport> transport_ =
      std::make_shared<MockHttpTransport>();
  std::shared_ptr<FakeSleeper> sleeper_ = std::make_shared<FakeSleeper>();
};

TEST_F(OAuthSessionTest, RotatingRefreshTokenIsPersistedAndUsedNext) {
  std::remove(file_.c_str());
  transport_->AddResponse(
      "POST", "https://oauth.test/oauth/token$",
      JsonResponse(R"({"access_token":"at-1","refresh_token":"rt-2",)"
                   R"("expires_in":2100,"token_type":"Bearer"})"));
  transport_->AddResponse(
      "POST", "https://oauth.test/oauth/token$",
      JsonResponse(R"({"access_token":"at-2","expires_in":2100})"));
  auto creds = OAuth("rt-1");
  auto session = Session(creds);
  EXPECT_THAT(session->GetToken(CallContext::Background()),
              ::anaplan::testing::IsOkAndHolds("at-1"));
  EXPECT_EQ(ReadFile(file_), "rt-2\n");
  struct stat st {};
  ASSERT_EQ(::stat(file_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  // The 401 path: the next token comes from the rotated refresh token.
  EXPECT_TRUE(session->Invalidate("at-1"));
  EXPECT_THAT(session->GetToken(CallContext::Background()),
              ::anaplan::testing::IsOkAndHolds("at-2"));
  const auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_THAT(requests[0].body, HasSubstr(R"("refresh_token":"rt-1")"));
  EXPECT_THAT(requests[0].body, HasSubstr(R"("grant_type":"refresh_token")"));
  EXPECT_THAT(requests[1].body, HasSubstr(R"("refresh_token":"rt-2")"));
  // Non-rotating answer (no refresh_token): the file keeps rt-2.
  EXPECT_EQ(ReadFile(file_), "rt-2\n");
}

TEST_F(OAuthSessionTest, RevokedRefreshTokenIsUnauthenticated) {
  transport_->AddResponse(
      "POST", "https://oauth.test/oauth/token$",
      JsonResponse(
          R"({"error":"invalid_grant",)"
          R"("error_description":"Unknown or invalid refresh token."})",
          403));
  auto session = Session(OAuth("rt-revoked"));
  absl::Status status = session->GetToken(CallContext::Background()).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(GetErrorInfo(status).reason, "OAUTH_INVALID_GRANT");
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("rt-revoked")));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("client-secret")));
}

TEST_F(OAuthSessionTest, LogoutEndsTheSessionOnce) {
  transport_->AddResponse("POST", "https://oauth.test/oauth/token$",
                          JsonResponse(R"({"access_token":"at-1"})"));
  transport_->AddResponse("POST", "https://auth.test/token/logout$",
                          ::anaplan::testing::MakeResponse(204));
  auto creds = OAuth("rt-1");
  auto session = Session(creds);
  ASSERT_TRUE(session->GetToken(CallContext::Background()).ok());
  EXPECT_TRUE(LogoutAll(*creds, CallContext::Background()).ok());
  EXPECT_TRUE(LogoutAll(*creds, CallContext::Background()).ok());
  EXPECT_EQ(transport_->CountOf("POST", "/token/logout$"), 1);
  const auto requests = transport_->requests();
  EXPECT_EQ(requests.back().headers.back().second, "AnaplanAuthToken at-1");
}

class DeviceGrantTest : public ::testing::Test {
 protected:
  OAuthClient Client() {
    OAuthClient client;
    client.oauth_url = "https://oauth.test";
    client.client_id = "d1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
    return client;
  }
  void StartReply() {
    transport_.AddResponse(
        "POST", "/oauth/device/code$",
        JsonResponse(R"({"device_code":"dc-1","user_code":"BCDF-GHJK",)"
                     R"("verification_uri":"https://x/activate",)"
                     R"("expires_in":600,"interval":2})"));
  }
  MockHttpTransport transport_;
  FakeSleeper sleeper_;
};

TEST_F(DeviceGrantTest, PollsAtTheIntervalAndSlowsDown) {
  StartReply();
  transport_.AddResponse(
      "POST", "/oauth/token$",
      JsonResponse(
          R"({"error":"authorization_pending","error_description":"x"})", 400));
  transport_.AddResponse(
      "POST", "/oauth/token$",
      JsonResponse(R"({"error":"slow_down","error_description":"x"})", 429));
  transport_.AddResponse(
      "POST", "/oauth/token$",
      JsonResponse(R"({"access_token":"at","refresh_token":"rt"})"));
  std::string shown;
  auto tokens = RunDeviceGrant(
      transport_, sleeper_, Client(), "openid offline_access",
      [&](const DeviceAuthorization& d) { shown = d.user_code; },
      CallContext::Background());
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(tokens->refresh_token, "rt");
  EXPECT_EQ(shown, "BCDF-GHJK");
  EXPECT_THAT(sleeper_.delays(), ElementsAre(absl::Seconds(2), absl::Seconds(2),
                                             absl::Seconds(7)));
  const auto requests = transport_.requests();
  EXPECT_THAT(requests[1].body,
              HasSubstr("urn:ietf:params:oauth:grant-type:device_code"));
  EXPECT_THAT(requests[1].body, Not(HasSubstr("client_secret")));
}

TEST_F(DeviceGrantTest, DenialAndExpiryAreTerminal) {
  StartReply();
  transport_.AddResponse(
      "POST", "/oauth/token$",
      JsonResponse(R"({"error":"access_denied","error_description":"no"})",
                   403));
  auto denied = RunDeviceGrant(transport_, sleeper_, Client(), "", nullptr,
                               CallContext::Background());
  EXPECT_THAT(denied.status(), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(GetErrorInfo(denied.status()).reason, "OAUTH_ACCESS_DENIED");

  StartReply();
  transport_.AddResponse(
      "POST", "/oauth/token$",
      JsonResponse(R"({"error":"expired_token","error_description":"late"})",
                   403));
  auto expired = RunDeviceGrant(transport_, sleeper_, Client(), "", nullptr,
                                CallContext::Background());
  EXPECT_THAT(expired.status(), StatusIs(absl::StatusCode::kDeadlineExceeded));
}

}  // namespace
}  // namespace anaplan::core
