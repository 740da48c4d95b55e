// Certificate authentication payloads (anaplan-api.md §2.3): what the core
// signs, in both formats, and how bad inputs are reported.

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/auth/credentials_internal.h"
#include "anaplan_core/testing/status_matchers.h"
#include "tests/unit/auth/test_pki.h"

namespace anaplan::core::internal {
namespace {

using ::anaplan::testing::MakeTestIdentity;
using ::anaplan::testing::StatusIs;
using ::anaplan::testing::VerifySha512;
using ::testing::HasSubstr;

struct Decoded {
  std::string data;
  std::string signature;
  std::string format;
};

Decoded Decode(const CertificateRequest& request) {
  rapidjson::Document doc;
  doc.Parse(request.json_body.c_str());
  Decoded out;
  EXPECT_TRUE(absl::Base64Unescape(doc["encodedData"].GetString(), &out.data));
  EXPECT_TRUE(absl::Base64Unescape(doc["encodedSignedData"].GetString(),
                                   &out.signature));
  if (doc.HasMember("encodedDataFormat")) {
    out.format = doc["encodedDataFormat"].GetString();
  }
  return out;
}

std::shared_ptr<const CertificateCredentials> Make(
    const CertificateOptions& options) {
  auto made = CertificateCredentials::Create(options);
  EXPECT_TRUE(made.ok()) << made.status();
  return made.ok() ? *made : nullptr;
}

TEST(CertificateCredentialsTest, V2PayloadIsTimestampedAndSigned) {
  const auto id = MakeTestIdentity("demo@example.com");
  CertificateOptions options;
  options.certificate = id.certificate_pem;
  options.private_key = id.key_pem;
  auto creds = Make(options);
  ASSERT_NE(creds, nullptr);
  const absl::Time now = absl::FromUnixSeconds(0x685A1FBA);
  auto request = creds->Sign(now);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->authorization,
            "CACertificate " + absl::Base64Escape(id.certificate_pem));
  const Decoded d = Decode(*request);
  EXPECT_EQ(d.format, "v2");
  ASSERT_GE(d.data.size(), 100u);
  // Anaplan's published example prefix: 00 00 00 00 68 5A 1F BA.
  EXPECT_EQ(d.data.substr(0, 8), std::string("\0\0\0\0\x68\x5A\x1F\xBA", 8));
  EXPECT_TRUE(VerifySha512(id.certificate_pem, d.data, d.signature));
  // Fresh random bytes on every call.
  EXPECT_NE(Decode(*creds->Sign(now)).data, d.data);
  EXPECT_THAT(creds->Describe(), HasSubstr("CN=demo@example.com"));
}

TEST(CertificateCredentialsTest, V1PayloadHasNoPrefixOrFormat) {
  const auto id = MakeTestIdentity("demo@example.com");
  CertificateOptions options;
  options.certificate = id.certificate_pem;
  options.private_key = id.key_pem;
  options.payload = CertificatePayload::kV1;
  auto creds = Make(options);
  ASSERT_NE(creds, nullptr);
  const Decoded d = Decode(*creds->Sign(absl::Now()));
  EXPECT_EQ(d.format, "");
  EXPECT_EQ(d.data.size(), 150u);
  EXPECT_TRUE(VerifySha512(id.certificate_pem, d.data, d.signature));
}

TEST(CertificateCredentialsTest, ReadsFilesAndEncryptedKeys) {
  const auto id = MakeTestIdentity("demo@example.com", "s3cret-pass");
  const std::string dir = ::testing::TempDir();
  const std::string cert_path = dir + "/cert_test.pem";
  const std::string key_path = dir + "/key_test.pem";
  std::ofstream(cert_path) << id.certificate_pem;
  std::ofstream(key_path) << id.key_pem;
  CertificateOptions options;
  options.certificate = cert_path;
  options.private_key = key_path;
  options.private_key_password = "s3cret-pass";
  auto creds = Make(options);
  ASSERT_NE(creds, nullptr);
  const Decoded d = Decode(*creds->Sign(absl::Now()));
  EXPECT_TRUE(VerifySha512(id.certificate_pem, d.data, d.signature));

  options.private_key_password = "bad-pass-zq9";
  absl::Status wrong = CertificateCredentials::Create(options).status();
  EXPECT_THAT(wrong, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(wrong.message()), HasSubstr("private key"));
  EXPECT_FALSE(absl::StrContains(wrong.message(), "bad-pass-zq9"));
  std::remove(cert_path.c_str());
  std::remove(key_path.c_str());
}

TEST(CertificateCredentialsTest, RejectsMismatchedAndMissingInputs) {
  const auto a = MakeTestIdentity("a@example.com");
  const auto b = MakeTestIdentity("b@example.com");
  CertificateOptions options;
  options.certificate = a.certificate_pem;
  options.private_key = b.key_pem;
  EXPECT_THAT(CertificateCredentials::Create(options).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not match")));
  options.private_key = "/nonexistent/key.pem";
  EXPECT_THAT(
      CertificateCredentials::Create(options).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cannot read")));
  options.certificate = "-----BEGIN CERTIFICATE-----\nnot base64\n";
  options.private_key = a.key_pem;
  EXPECT_THAT(
      CertificateCredentials::Create(options).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("certificate")));
}

}  // namespace
}  // namespace anaplan::core::internal
