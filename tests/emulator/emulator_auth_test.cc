// Token service and token checks on the Integration API.

#include "tests/emulator/emulator_test_util.h"

namespace anaplan::emulator::testing {
namespace {

class AuthTest : public EmulatorTest {};

TEST_F(AuthTest, BasicAuthenticationIssuesToken) {
  client_->set_basic_auth("demo@example.com", "demo-password");
  auto res = client_->Post("/token/authenticate");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  rapidjson::Document doc = Parse(res->body);
  EXPECT_STREQ(doc["status"].GetString(), "SUCCESS");
  const rapidjson::Value& info = doc["tokenInfo"];
  EXPECT_GT(std::string(info["tokenValue"].GetString()).size(), 10u);
  EXPECT_EQ(std::string(info["tokenId"].GetString()).size(), 36u);
  EXPECT_TRUE(info["refreshTokenId"].IsString());
  EXPECT_GT(info["expiresAt"].GetInt64(), 1600000000000);
}

TEST_F(AuthTest, BadCredentialsAre401) {
  client_->set_basic_auth("demo@example.com", "wrong");
  auto res = client_->Post("/token/authenticate");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_STREQ(Parse(res->body)["status"].GetString(),
               "FAILURE_BAD_CREDENTIAL");
}

TEST_F(AuthTest, MalformedHeaderIs400) {
  auto res = client_->Post("/token/authenticate",
                           {{"Authorization", "Basic %%%not-base64"}}, "",
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_STREQ(Parse(res->body)["status"].GetString(), "FAILURE_BAD_HEADER");
}

TEST_F(AuthTest, ApiNeedsValidToken) {
  auto missing = client_->Get("/2/0/workspaces");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  rapidjson::Document body = Parse(missing->body);
  EXPECT_EQ(body["status"]["code"].GetInt(), 401);
  EXPECT_STREQ(body["path"].GetString(), "/2/0/workspaces");

  auto unknown = client_->Get("/2/0/workspaces",
                              {{"Authorization", "AnaplanAuthToken nope"}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);

  auto ok = client_->Get("/2/0/workspaces", Auth());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(AuthTest, BearerSchemeWorksOnIntegrationButNotOnTokenService) {
  std::string token = Login();
  httplib::Headers bearer{{"Authorization", "Bearer " + token}};
  auto api = client_->Get("/2/0/users/me", bearer);
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
  EXPECT_STREQ(Parse(api->body)["user"]["email"].GetString(),
               "demo@example.com");
  auto validate = client_->Get("/token/validate", bearer);
  ASSERT_TRUE(validate);
  EXPECT_EQ(validate->status, 400);
  auto logout = client_->Post("/token/logout", bearer, "", "application/json");
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 401);
}

TEST_F(AuthTest, RefreshKeepsTokenAndExtendsExpiry) {
  httplib::Headers auth = Auth();
  auto validate = client_->Get("/token/validate", auth);
  ASSERT_TRUE(validate);
  ASSERT_EQ(validate->status, 200);
  rapidjson::Document before = Parse(validate->body);
  EXPECT_STREQ(before["userInfo"]["userId"].GetString(), "demo@example.com");
  EXPECT_EQ(std::string(before["userInfo"]["userGuid"].GetString()).size(),
            32u);
  auto refresh = client_->Post("/token/refresh", auth, "", "application/json");
  ASSERT_TRUE(refresh);
  ASSERT_EQ(refresh->status, 200);
  rapidjson::Document after = Parse(refresh->body);
  EXPECT_EQ(after["tokenInfo"]["tokenValue"].GetString(), token_);
  EXPECT_GE(after["tokenInfo"]["expiresAt"].GetInt64(),
            before["tokenInfo"]["expiresAt"].GetInt64());
}

TEST_F(AuthTest, LogoutRevokesToken) {
  httplib::Headers auth = Auth();
  auto logout = client_->Post("/token/logout", auth, "", "application/json");
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 204);
  EXPECT_TRUE(logout->body.empty());
  auto api = client_->Get("/2/0/workspaces", auth);
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
  auto validate = client_->Get("/token/validate", auth);
  ASSERT_TRUE(validate);
  EXPECT_EQ(validate->status, 401);
}

TEST_F(AuthTest, ExpireControlMakesTokensFail) {
  httplib::Headers auth = Auth();
  ASSERT_EQ(client_->Get("/2/0/workspaces", auth)->status, 200);
  auto expire = client_->Post("/__emulator/tokens/expire");
  ASSERT_TRUE(expire);
  EXPECT_EQ(expire->status, 200);
  EXPECT_EQ(client_->Get("/2/0/workspaces", auth)->status, 401);
  auto refresh = client_->Post("/token/refresh", auth, "", "application/json");
  EXPECT_EQ(refresh->status, 401);
  // A new login works again.
  token_.clear();
  EXPECT_EQ(client_->Get("/2/0/workspaces", Auth())->status, 200);
}

class ShortTtlTest : public EmulatorTest {
  void Configure(EmulatorOptions& options) override {
    options.token_ttl_seconds = 0;
  }
};

TEST_F(ShortTtlTest, ExpiredTokenIs401) {
  auto res = client_->Get("/2/0/workspaces", Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

}  // namespace
}  // namespace anaplan::emulator::testing
