#include "anaplan_core/status/error_info.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/status/status_macros.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::IsOkAndHolds;
using ::anaplan::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ErrorInfoTest, RoundTripsEveryField) {
  ErrorInfo info;
  info.reason = "ANAPLAN_RATE_LIMITED";
  info.http_status = 429;
  info.request_id = "req-1";
  info.retry_after = absl::Milliseconds(1500);
  info.chunk_index = 7;
  info.field = "header.chunk_size";
  absl::Status status =
      MakeError(absl::StatusCode::kResourceExhausted, "slow down", info);
  ErrorInfo read = GetErrorInfo(status);
  EXPECT_EQ(read.reason, "ANAPLAN_RATE_LIMITED");
  EXPECT_EQ(read.http_status, 429);
  EXPECT_EQ(read.request_id, "req-1");
  EXPECT_EQ(read.retry_after, absl::Milliseconds(1500));
  EXPECT_EQ(read.chunk_index, 7);
  EXPECT_EQ(read.field, "header.chunk_size");
}

TEST(ErrorInfoTest, OkStatusCarriesNothing) {
  absl::Status ok;
  ErrorInfo info;
  info.reason = "X";
  AttachErrorInfo(ok, info);
  EXPECT_THAT(ok, IsOk());
  EXPECT_TRUE(GetErrorInfo(ok).reason.empty());
  EXPECT_FALSE(GetErrorInfo(ok).http_status.has_value());
}

TEST(ErrorInfoTest, AttachMergesFieldByField) {
  ErrorInfo first;
  first.reason = "ANAPLAN_UNAVAILABLE";
  first.http_status = 503;
  absl::Status status = MakeError(absl::StatusCode::kUnavailable, "x", first);
  ErrorInfo second;
  second.chunk_index = 3;
  AttachErrorInfo(status, second);
  ErrorInfo read = GetErrorInfo(status);
  EXPECT_EQ(read.reason, "ANAPLAN_UNAVAILABLE");
  EXPECT_EQ(read.http_status, 503);
  EXPECT_EQ(read.chunk_index, 3);
}

TEST(ErrorInfoTest, AnnotateKeepsCodeAndPayloads) {
  ErrorInfo info;
  info.http_status = 404;
  absl::Status status = MakeError(absl::StatusCode::kNotFound, "gone", info);
  MarkRequestNotSent(status);
  absl::Status annotated = Annotate(status, "GET /x");
  EXPECT_THAT(annotated, StatusIs(absl::StatusCode::kNotFound, "GET /x: gone"));
  EXPECT_EQ(GetErrorInfo(annotated).http_status, 404);
  EXPECT_TRUE(IsRequestNotSent(annotated));
  EXPECT_FALSE(IsRequestNotSent(absl::UnavailableError("x")));
}

TEST(ErrorInfoTest, InvalidFieldNamesTheField) {
  absl::Status status = InvalidField("workspace_id", "must not be empty");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("workspace_id")));
  EXPECT_EQ(GetErrorInfo(status).field, "workspace_id");
  EXPECT_EQ(GetErrorInfo(status).reason, "INVALID_REQUEST");
}

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError("odd");
  return n / 2;
}

absl::StatusOr<int> Quarter(int n) {
  ANAPLAN_ASSIGN_OR_RETURN(int half, Half(n));
  ANAPLAN_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

absl::Status CheckEven(int n) {
  ANAPLAN_RETURN_IF_ERROR(Half(n));
  ANAPLAN_RETURN_IF_ERROR(absl::OkStatus());
  return absl::OkStatus();
}

TEST(StatusMacrosTest, PropagateAndAssign) {
  EXPECT_THAT(Quarter(8), IsOkAndHolds(Eq(2)));
  EXPECT_THAT(Quarter(6), StatusIs(absl::StatusCode::kInvalidArgument, "odd"));
  EXPECT_THAT(CheckEven(4), IsOk());
  EXPECT_THAT(CheckEven(3), Not(IsOk()));
  ANAPLAN_ASSERT_OK_AND_ASSIGN(int value, Quarter(16));
  EXPECT_EQ(value, 4);
}

}  // namespace
}  // namespace anaplan::core
