// RestClient over the real libcurl transport and a local HTTP server: the
// pieces the mock-based tests check one by one, wired together.
#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/status_matchers.h"
#include "anaplan_core/testing/test_http_server.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::FakeSleeper;
using ::anaplan::testing::IsOk;
using ::anaplan::testing::StatusIs;
using ::anaplan::testing::TestHttpServer;

TEST(RestClientCurlTest, AuthRetryAndReauthEndToEnd) {
  TestHttpServer server;
  std::atomic<int> tokens{0}, files{0};
  server.server().Post("/token/authenticate", [&](const httplib::Request& req,
                                                  httplib::Response& res) {
    EXPECT_EQ(req.get_header_value("Authorization"), "Basic dUB4LmNvbTpw");
    const int n = ++tokens;
    res.status = 201;
    res.set_content(
        absl::StrCat(R"({"tokenInfo":{"tokenValue":"t)", n, R"("}})"),
        "application/json");
  });
  server.server().Get("/2/0/files", [&](const httplib::Request& req,
                                        httplib::Response& res) {
    const int n = ++files;
    if (n == 1) {
      res.status = 401;  // token t1 "expired"
    } else if (n == 2) {
      EXPECT_EQ(req.get_header_value("Authorization"), "AnaplanAuthToken t2");
      res.status = 503;
    } else {
      res.set_content(R"({"files":[]})", "application/json");
    }
  });
  ASSERT_THAT(server.Start(), IsOk());

  ClientOptions options;
  options.endpoints.auth_url = server.url();
  options.endpoints.api_url = server.url() + "/2/0";
  options.retry.max_attempts = 2;
  auto transport = MakeCurlTransport(options.http);
  ASSERT_THAT(transport, IsOk());
  auto sleeper = std::make_shared<FakeSleeper>();
  auto client = MakeRestClient(options, *transport,
                               MakeBasicCredentials("u@x.com", "p"), sleeper);
  auto doc = client->GetJson(options.endpoints.api_url + "/files",
                             CallContext::WithTimeout(absl::Seconds(20)));
  ASSERT_THAT(doc, IsOk());
  EXPECT_TRUE(doc->HasMember("files"));
  EXPECT_EQ(tokens.load(), 2);
  EXPECT_EQ(files.load(), 3);
  EXPECT_EQ(sleeper->delays().size(), 1u);

  auto missing =
      client->GetJson(options.endpoints.api_url + "/nothing", CallContext());
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(GetErrorInfo(missing.status()).http_status, 404);
}

}  // namespace
}  // namespace anaplan::core
