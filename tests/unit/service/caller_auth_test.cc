// Caller authentication rules and per-call credential parsing.

#include "service/caller_auth.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/auth/credentials.h"
#include "service/credentials_per_call.h"
#include "service/credentials_profile.h"
#include "service/server_options.h"

namespace anaplan::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kExportOnly[] = "anaplan.v1.BulkService/RunExport";

std::shared_ptr<CallerAuthenticator> Authenticator() {
  const std::string json = std::string(R"({"callers":[
    {"name":"exporter","key_sha256":")") +
                           core::SecretHash("exporter-key") +
                           R"(","allow":[")" + kExportOnly + R"("]},
    {"name":"ops","mtls_identity":"ops-client","allow":["anaplan.v1.BulkService/*"]},
    {"name":"admin","key_sha256":")" +
                           core::SecretHash("admin-key") +
                           R"(","allow":["*"]}]})";
  auto made = CallerAuthenticator::FromJson(json);
  EXPECT_TRUE(made.ok()) << made.status();
  return *made;
}

TEST(CallerAuthenticatorTest, KeysAndAllowLists) {
  auto auth = Authenticator();
  const std::vector<std::string> none;
  EXPECT_EQ(*auth->Authorize("/anaplan.v1.BulkService/RunExport",
                             "exporter-key", none),
            "exporter");
  absl::Status denied =
      auth->Authorize("/anaplan.v1.BulkService/ListWorkspaces", "exporter-key",
                      none)
          .status();
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(denied.message()), HasSubstr("'exporter'"));
  EXPECT_THAT(std::string(denied.message()), Not(HasSubstr("exporter-key")));
  EXPECT_EQ(*auth->Authorize("/other.Service/Do", "admin-key", none), "admin");
  EXPECT_EQ(auth->Authorize("/anaplan.v1.BulkService/RunExport", "bad", none)
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth->Authorize("/anaplan.v1.BulkService/RunExport", "", none)
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(CallerAuthenticatorTest, MtlsIdentities) {
  auto auth = Authenticator();
  EXPECT_EQ(*auth->Authorize("/anaplan.v1.BulkService/GetFile", "",
                             {"CN=x", "ops-client"}),
            "ops");
  EXPECT_EQ(
      auth->Authorize("/other.Service/Do", "", {"ops-client"}).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(auth->Authorize("/anaplan.v1.BulkService/GetFile", "", {"stranger"})
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(CallerAuthenticatorTest, BadFilesNameTheProblem) {
  EXPECT_THAT(
      std::string(CallerAuthenticator::FromJson("[]").status().message()),
      HasSubstr("--caller_auth_file"));
  EXPECT_THAT(std::string(CallerAuthenticator::FromJson(
                              R"({"callers":[{"name":"x","allow":["*"]}]})")
                              .status()
                              .message()),
              HasSubstr("neither key_sha256 nor mtls_identity"));
  EXPECT_THAT(std::string(CallerAuthenticator::FromJson(
                              R"({"callers":[{"name":"x","key_sha256":"ab",)"
                              R"("allow":["*"]}]})")
                              .status()
                              .message()),
              HasSubstr("64 hex digits"));
}

TEST(ParseCallCredentialsTest, Schemes) {
  auto token = ParseCallCredentials("AnaplanAuthToken abc");
  ASSERT_TRUE(token.ok());
  ASSERT_NE(token->credentials, nullptr);
  EXPECT_EQ(token->credentials->Describe(), "static token");
  EXPECT_EQ(token->key.size(), 64u);
  EXPECT_EQ(token->key.find("abc"), std::string::npos);

  auto basic = ParseCallCredentials(
      "Basic " + absl::Base64Escape("dana@example.com:pw:with:colons"));
  ASSERT_TRUE(basic.ok());
  EXPECT_EQ(basic->credentials->Describe(), "basic (d***@example.com)");
  EXPECT_NE(basic->key, token->key);

  auto bearer = ParseCallCredentials("Bearer gateway-key");
  ASSERT_TRUE(bearer.ok());
  EXPECT_EQ(bearer->credentials, nullptr);
  EXPECT_TRUE(ParseCallCredentials("").ok());

  for (const char* bad :
       {"Basic !!!", "Basic ", "Digest x", "AnaplanAuthToken"}) {
    absl::Status status = ParseCallCredentials(bad).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << bad;
    EXPECT_THAT(std::string(status.message()), Not(HasSubstr("!!!")));
  }
  EXPECT_EQ(ParseCallCredentials("Basic " + absl::Base64Escape("nocolon"))
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(ValidateAuthOptionsTest, PairsAndCallerAuth) {
  ServerOptions o;
  o.tls_cert_file = "/c.pem";
  EXPECT_THAT(std::string(ValidateServerOptions(o).message()),
              HasSubstr("--tls_key_file"));
  o = ServerOptions();
  o.certificate_file = "/c.pem";
  EXPECT_THAT(std::string(ValidateServerOptions(o).message()),
              HasSubstr("--private_key_file"));
  o = ServerOptions();
  o.certificate_payload_version = "v3";
  EXPECT_THAT(std::string(ValidateServerOptions(o).message()),
              HasSubstr("--certificate_payload_version"));
  o = ServerOptions();
  o.oauth_client_id = "abc";
  EXPECT_THAT(std::string(ValidateServerOptions(o).message()),
              HasSubstr("--oauth_refresh_token_file"));
  // Caller authentication lifts the loopback restriction.
  o = ServerOptions();
  o.listen = "0.0.0.0:0";
  o.token = "t";
  EXPECT_EQ(ValidateServerOptions(o).code(),
            absl::StatusCode::kFailedPrecondition);
  o.caller_auth_file = "/callers.json";
  // ... but keys must not cross a network in clear text.
  EXPECT_THAT(std::string(ValidateServerOptions(o).message()),
              HasSubstr("--tls_cert_file"));
  o.tls_cert_file = "/c.pem";
  o.tls_key_file = "/k.pem";
  EXPECT_TRUE(ValidateServerOptions(o).ok());
}

TEST(SharedServerCredentialsTest, EveryFamilyGetsTheServersObject) {
  ServerOptions o;
  o.user_email = "a@example.com";
  o.password = "pw-1";
  auto built = BuildServerCredentials(o);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(MakeCredentials(o), *built);  // the same object, not a copy
  ServerOptions other = o;
  other.password = "pw-2";
  EXPECT_NE(MakeCredentials(other), *built);
  EXPECT_EQ(SharedServerCredentials(other), nullptr);
}

}  // namespace
}  // namespace anaplan::service
