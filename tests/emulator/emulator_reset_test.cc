// POST /__emulator/reset brings the auth state back to the start: tokens
// from any login, OAuth refresh tokens, authorization and device codes and
// registered OAuth clients are forgotten; the fixture users and the seeded
// OAuth clients keep working.

#include <string>
#include <utility>

#include "tests/emulator/emulator_test_util.h"

namespace anaplan::emulator::testing {
namespace {

constexpr char kStaticClient[] = "b1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
constexpr char kRotatingClient[] = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
constexpr char kDeviceClient[] = "d1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
constexpr char kSecret[] = "emulator-client-secret";

class ResetTest : public EmulatorTest {
 protected:
  /// POST `path` with a JSON body and no token; {status, body}.
  std::pair<int, std::string> Post(const std::string& path,
                                   const std::string& json) {
    auto res = client_->Post(path, json, "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return {0, ""};
    return {res->status, res->body};
  }

  std::string MintRefreshToken(const std::string& client_id) {
    auto [status, body] = Post("/__emulator/oauth/refresh_tokens",
                               R"({"client_id":")" + client_id +
                                   R"(","user_email":"demo@example.com"})");
    EXPECT_EQ(status, 200) << body;
    rapidjson::Document doc = Parse(body);
    return doc.IsObject() && doc.HasMember("refresh_token")
               ? doc["refresh_token"].GetString()
               : "";
  }

  std::pair<int, std::string> RefreshGrant(const std::string& client_id,
                                           const std::string& token) {
    return Post("/oauth/token",
                R"({"grant_type":"refresh_token","client_id":")" + client_id +
                    R"(","client_secret":")" + kSecret +
                    R"(","refresh_token":")" + token + R"("})");
  }

  /// The access token of a successful /oauth/token answer.
  static std::string AccessToken(const std::pair<int, std::string>& reply) {
    EXPECT_EQ(reply.first, 200) << reply.second;
    rapidjson::Document doc = Parse(reply.second);
    return doc.IsObject() && doc.HasMember("access_token")
               ? doc["access_token"].GetString()
               : "";
  }

  /// Status of GET /2/0/workspaces with `token`.
  int Workspaces(const std::string& token) {
    auto res = client_->Get("/2/0/workspaces",
                            {{"Authorization", "AnaplanAuthToken " + token}});
    return res ? res->status : 0;
  }

  void Reset() {
    auto res = client_->Post("/__emulator/reset");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }
};

TEST_F(ResetTest, RefreshTokenFromBeforeResetIsRejectedAsRevokedOnesAre) {
  const std::string kept = MintRefreshToken(kStaticClient);
  const std::string revoked = MintRefreshToken(kStaticClient);
  ASSERT_EQ(Post("/__emulator/oauth/revoke",
                 R"({"refresh_token":")" + revoked + R"("})")
                .first,
            200);
  const std::pair<int, std::string> revoked_reply =
      RefreshGrant(kStaticClient, revoked);
  EXPECT_EQ(revoked_reply.first, 403);
  EXPECT_STREQ(Parse(revoked_reply.second)["error"].GetString(),
               "invalid_grant");

  const std::string oauth_access =
      AccessToken(RefreshGrant(kStaticClient, kept));
  const std::string basic_access = Login();
  ASSERT_FALSE(basic_access.empty());
  EXPECT_EQ(Workspaces(oauth_access), 200);
  EXPECT_EQ(Workspaces(basic_access), 200);

  Reset();

  // Anaplan answers an unknown refresh token exactly as a revoked one.
  EXPECT_EQ(RefreshGrant(kStaticClient, kept), revoked_reply);
  // Access tokens from every kind of login are gone too.
  EXPECT_EQ(Workspaces(oauth_access), 401);
  EXPECT_EQ(Workspaces(basic_access), 401);

  // Fresh logins work: fixture users, seeded clients, new refresh tokens.
  const std::string fresh = Login();
  ASSERT_FALSE(fresh.empty());
  EXPECT_NE(fresh, basic_access);
  EXPECT_EQ(Workspaces(fresh), 200);
  const std::string minted = MintRefreshToken(kRotatingClient);
  EXPECT_EQ(Workspaces(AccessToken(RefreshGrant(kRotatingClient, minted))),
            200);
  const std::string viewer = Login("viewer@example.com", "viewer-password");
  EXPECT_FALSE(viewer.empty());
}

TEST_F(ResetTest, ResetForgetsCodesDeviceGrantsAndRegisteredClients) {
  // An authorization code issued before the reset.
  auto authorize = client_->Get(
      "/auth/authorize?response_type=code&client_id=" +
      std::string(kRotatingClient) + "&redirect_uri=http://cb.example/x");
  ASSERT_TRUE(authorize);
  ASSERT_EQ(authorize->status, 302);
  const std::string location = authorize->get_header_value("Location");
  const std::string code = location.substr(location.find("code=") + 5);
  // An approved device code.
  auto [device_status, device_body] =
      Post("/oauth/device/code",
           R"({"client_id":")" + std::string(kDeviceClient) + R"("})");
  ASSERT_EQ(device_status, 200) << device_body;
  rapidjson::Document device = Parse(device_body);
  const std::string device_code = device["device_code"].GetString();
  const std::string user_code = device["user_code"].GetString();
  ASSERT_EQ(Post("/__emulator/oauth/device/approve",
                 R"({"user_code":")" + user_code + R"("})")
                .first,
            204);
  // A client registered through the control API.
  const std::string custom = "c1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
  ASSERT_EQ(Post("/__emulator/oauth/clients", R"({"client_id":")" + custom +
                                                  R"(","client_secret":")" +
                                                  kSecret + R"("})")
                .first,
            204);
  const std::string custom_token = MintRefreshToken(custom);
  ASSERT_FALSE(custom_token.empty());

  Reset();

  auto [code_status, code_body] = Post(
      "/oauth/token", R"({"grant_type":"authorization_code","client_id":")" +
                          std::string(kRotatingClient) +
                          R"(","client_secret":")" + kSecret + R"(","code":")" +
                          code + R"(","redirect_uri":"http://cb.example/x"})");
  EXPECT_EQ(code_status, 403);
  EXPECT_STREQ(Parse(code_body)["error"].GetString(), "invalid_grant");

  auto [grant_status, grant_body] =
      Post("/oauth/token",
           R"({"grant_type":"urn:ietf:params:oauth:grant-type:device_code",)"
           R"("client_id":")" +
               std::string(kDeviceClient) + R"(","device_code":")" +
               device_code + R"("})");
  EXPECT_EQ(grant_status, 403);
  EXPECT_STREQ(Parse(grant_body)["error"].GetString(), "invalid_grant");
  EXPECT_EQ(Post("/__emulator/oauth/device/approve",
                 R"({"user_code":")" + user_code + R"("})")
                .first,
            404);

  auto [custom_status, custom_body] = RefreshGrant(custom, custom_token);
  EXPECT_EQ(custom_status, 401);
  EXPECT_STREQ(Parse(custom_body)["error"].GetString(), "unauthorized_client");

  auto stats = client_->Get("/__emulator/oauth/stats");
  ASSERT_TRUE(stats);
  EXPECT_EQ(Parse(stats->body)["device_codes"].GetInt(), 0);

  // The seeded device client still starts device grants.
  EXPECT_EQ(Post("/oauth/device/code",
                 R"({"client_id":")" + std::string(kDeviceClient) + R"("})")
                .first,
            200);
}

}  // namespace
}  // namespace anaplan::emulator::testing
