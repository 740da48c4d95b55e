#include "anaplan_core/status/http_status_mapping.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/mock_http_transport.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::MakeResponse;
using ::anaplan::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

struct Case {
  int http_status;
  absl::StatusCode code;
  const char* reason;
};

class MappingTest : public ::testing::TestWithParam<Case> {};

TEST_P(MappingTest, MapsStatusCodeAndReason) {
  const Case& c = GetParam();
  HttpResponse response = MakeResponse(
      c.http_status, R"({"status":{"code":1,"message":"  the reason  "}})",
      {{"X-Request-Id", "rid-9"}});
  absl::Status status = HttpResponseToStatus(
      response, "GET", "https://api.anaplan.com/2/0/workspaces/w?limit=5");
  EXPECT_THAT(status,
              StatusIs(c.code, HasSubstr("/2/0/workspaces/w: the reason")));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("limit=5")));
  ErrorInfo info = GetErrorInfo(status);
  EXPECT_EQ(info.http_status, c.http_status);
  EXPECT_EQ(info.reason, c.reason);
  EXPECT_EQ(info.request_id, "rid-9");
}

INSTANTIATE_TEST_SUITE_P(
    Table, MappingTest,
    ::testing::Values(
        Case{400, absl::StatusCode::kInvalidArgument, "ANAPLAN_HTTP_ERROR"},
        Case{401, absl::StatusCode::kUnauthenticated, "ANAPLAN_HTTP_ERROR"},
        Case{403, absl::StatusCode::kPermissionDenied, "ANAPLAN_HTTP_ERROR"},
        Case{404, absl::StatusCode::kNotFound, "ANAPLAN_NOT_FOUND"},
        Case{405, absl::StatusCode::kInvalidArgument, "ANAPLAN_HTTP_ERROR"},
        Case{408, absl::StatusCode::kUnavailable, "ANAPLAN_HTTP_ERROR"},
        Case{409, absl::StatusCode::kAborted, "ANAPLAN_CONFLICT"},
        Case{422, absl::StatusCode::kFailedPrecondition, "ANAPLAN_HTTP_ERROR"},
        Case{423, absl::StatusCode::kFailedPrecondition, "ANAPLAN_HTTP_ERROR"},
        Case{424, absl::StatusCode::kFailedPrecondition, "ANAPLAN_HTTP_ERROR"},
        Case{429, absl::StatusCode::kResourceExhausted, "ANAPLAN_RATE_LIMITED"},
        Case{452, absl::StatusCode::kPermissionDenied, "ANAPLAN_HTTP_ERROR"},
        Case{500, absl::StatusCode::kUnavailable, "ANAPLAN_UNAVAILABLE"},
        Case{502, absl::StatusCode::kUnavailable, "ANAPLAN_UNAVAILABLE"},
        Case{503, absl::StatusCode::kUnavailable, "ANAPLAN_UNAVAILABLE"},
        Case{504, absl::StatusCode::kUnavailable, "ANAPLAN_UNAVAILABLE"},
        Case{302, absl::StatusCode::kUnknown, "ANAPLAN_HTTP_ERROR"}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      return "Http" + std::to_string(param_info.param.http_status);
    });

TEST(MappingTest, SuccessIsOk) {
  for (int code : {200, 201, 202, 204}) {
    EXPECT_TRUE(HttpResponseToStatus(MakeResponse(code), "GET", "/x").ok());
  }
}

TEST(MappingTest, MessageShape) {
  absl::Status status = HttpResponseToStatus(
      MakeResponse(404,
                   R"({"status":{"code":404,"message":"File not found"}})"),
      "GET", "https://api.anaplan.com/2/0/workspaces/x/models/y/files");
  EXPECT_EQ(status.message(),
            "Anaplan answered 404 Not Found for GET "
            "/2/0/workspaces/x/models/y/files: File not found");
}

TEST(MappingTest, ReadsEveryEnvelope) {
  EXPECT_EQ(AnaplanErrorMessage(
                R"({"status":"FAILURE_BAD_CREDENTIAL","statusMessage":"Bad"})"),
            "Bad");
  EXPECT_EQ(AnaplanErrorMessage(R"({"detail":"scim says","status":"400"})"),
            "scim says");
  EXPECT_EQ(AnaplanErrorMessage(
                R"({"error":"invalid_grant","error_description":"expired"})"),
            "expired");
  EXPECT_EQ(AnaplanErrorMessage("  <html>oops</html>\n"), "<html>oops</html>");
  EXPECT_EQ(AnaplanErrorMessage(""), "");
  EXPECT_LE(AnaplanErrorMessage(std::string(10000, 'x')).size(), 510u);
}

TEST(MappingTest, RateLimitCarriesRetryAfter) {
  absl::Status status = HttpResponseToStatus(
      MakeResponse(429, "", {{"Retry-After", "7"}}), "POST",
      "http://127.0.0.1:1/2/0/models/m/imports/1/tasks");
  EXPECT_EQ(GetErrorInfo(status).retry_after, absl::Seconds(7));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kResourceExhausted,
                               HasSubstr("429 Too Many Requests for POST "
                                         "/2/0/models/m/imports/1/tasks")));
}

TEST(MappingTest, PathForMessage) {
  EXPECT_EQ(PathForMessage("https://h.example/a/b?x=1#f"), "/a/b");
  EXPECT_EQ(PathForMessage("https://h.example"), "/");
  EXPECT_EQ(PathForMessage("/rel?q"), "/rel");
}

}  // namespace
}  // namespace anaplan::core
