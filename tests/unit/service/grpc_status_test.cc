// Table-driven test of the single absl::Status -> grpc::Status converter.
#include "service/grpc_status.h"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/cord.h"
#include "gmock/gmock.h"
#include "grpcpp/server_context.h"
#include "grpcpp/test/server_context_test_spouse.h"
#include "gtest/gtest.h"

#include "anaplan/v1/common.pb.h"
#include "anaplan_core/status/error_info.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace anaplan::service {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status rich;
  EXPECT_TRUE(rich.ParseFromString(status.error_details()));
  return rich;
}

std::optional<google::rpc::ErrorInfo> FindErrorInfo(
    const google::rpc::Status& rich) {
  for (const auto& any : rich.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info;
  }
  return std::nullopt;
}

TEST(GrpcStatusTest, OkIsOk) {
  grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(status.error_details().empty());
}

struct CodeCase {
  absl::StatusCode absl_code;
  grpc::StatusCode grpc_code;
};

void PrintTo(const CodeCase& c, std::ostream* os) {
  *os << absl::StatusCodeToString(c.absl_code);
}

class CodeMappingTest : public ::testing::TestWithParam<CodeCase> {};

TEST_P(CodeMappingTest, MapsOneToOneWithSameMessageInDetails) {
  const CodeCase& c = GetParam();
  grpc::Status status = ToGrpcStatus(absl::Status(c.absl_code, "boom"));
  EXPECT_EQ(status.error_code(), c.grpc_code);
  EXPECT_EQ(status.error_message(), "boom");
  google::rpc::Status rich = Details(status);
  EXPECT_EQ(rich.code(), static_cast<int>(c.grpc_code));
  EXPECT_EQ(rich.message(), "boom");
  EXPECT_THAT(rich.details(), IsEmpty());  // no facts attached
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, CodeMappingTest,
    ::testing::Values(
        CodeCase{absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
        CodeCase{absl::StatusCode::kUnknown, grpc::StatusCode::UNKNOWN},
        CodeCase{absl::StatusCode::kInvalidArgument,
                 grpc::StatusCode::INVALID_ARGUMENT},
        CodeCase{absl::StatusCode::kDeadlineExceeded,
                 grpc::StatusCode::DEADLINE_EXCEEDED},
        CodeCase{absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
        CodeCase{absl::StatusCode::kAlreadyExists,
                 grpc::StatusCode::ALREADY_EXISTS},
        CodeCase{absl::StatusCode::kPermissionDenied,
                 grpc::StatusCode::PERMISSION_DENIED},
        CodeCase{absl::StatusCode::kResourceExhausted,
                 grpc::StatusCode::RESOURCE_EXHAUSTED},
        CodeCase{absl::StatusCode::kFailedPrecondition,
                 grpc::StatusCode::FAILED_PRECONDITION},
        CodeCase{absl::StatusCode::kAborted, grpc::StatusCode::ABORTED},
        CodeCase{absl::StatusCode::kOutOfRange, grpc::StatusCode::OUT_OF_RANGE},
        CodeCase{absl::StatusCode::kUnimplemented,
                 grpc::StatusCode::UNIMPLEMENTED},
        CodeCase{absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL},
        CodeCase{absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
        CodeCase{absl::StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS},
        CodeCase{absl::StatusCode::kUnauthenticated,
                 grpc::StatusCode::UNAUTHENTICATED}));

/// A core error with facts attached, and what the caller must see.
struct DetailCase {
  std::string name;
  absl::StatusCode code;
  core::ErrorInfo info;
  std::string want_reason;
  std::vector<std::pair<std::string, std::string>> want_metadata;
  bool want_retry_info;
  bool want_bad_request;
};

void PrintTo(const DetailCase& c, std::ostream* os) { *os << c.name; }

core::ErrorInfo Info(std::string reason, std::optional<int> http,
                     std::string request_id) {
  core::ErrorInfo info;
  info.reason = std::move(reason);
  info.http_status = http;
  info.request_id = std::move(request_id);
  return info;
}

std::vector<DetailCase> DetailCases() {
  std::vector<DetailCase> cases;
  cases.push_back({"NotFound404",
                   absl::StatusCode::kNotFound,
                   Info("ANAPLAN_NOT_FOUND", 404, "req-1"),
                   "ANAPLAN_NOT_FOUND",
                   {{"http_status", "404"}, {"request_id", "req-1"}},
                   false,
                   false});
  core::ErrorInfo limited = Info("ANAPLAN_RATE_LIMITED", 429, "");
  limited.retry_after = absl::Milliseconds(2500);
  cases.push_back({"RateLimited",
                   absl::StatusCode::kResourceExhausted,
                   limited,
                   "ANAPLAN_RATE_LIMITED",
                   {{"http_status", "429"}, {"retry_after_seconds", "2.5"}},
                   true,
                   false});
  core::ErrorInfo chunk = Info("ANAPLAN_CHUNK_FAILED", 503, "r");
  chunk.chunk_index = 7;
  cases.push_back(
      {"ChunkFailed",
       absl::StatusCode::kUnavailable,
       chunk,
       "ANAPLAN_CHUNK_FAILED",
       {{"http_status", "503"}, {"request_id", "r"}, {"chunk_index", "7"}},
       false,
       false});
  core::ErrorInfo field;
  field.field = "header.chunk_size";
  cases.push_back({"BadField",
                   absl::StatusCode::kInvalidArgument,
                   field,
                   "INVALID_REQUEST",
                   {{"field", "header.chunk_size"}},
                   false,
                   true});
  cases.push_back({"HttpWithoutReason",
                   absl::StatusCode::kPermissionDenied,
                   Info("", 403, ""),
                   "ANAPLAN_HTTP_ERROR",
                   {{"http_status", "403"}},
                   false,
                   false});
  return cases;
}

class DetailTest : public ::testing::TestWithParam<DetailCase> {};

TEST_P(DetailTest, PacksRichDetailsAndTrailers) {
  const DetailCase& c = GetParam();
  absl::Status in(c.code, "failed");
  core::AttachErrorInfo(in, c.info);
  grpc::ServerContext context;
  grpc::Status out = ToGrpcStatus(in, &context);
  EXPECT_EQ(static_cast<int>(out.error_code()), static_cast<int>(c.code));

  google::rpc::Status rich = Details(out);
  auto info = FindErrorInfo(rich);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), c.want_reason);
  EXPECT_EQ(info->domain(), "anaplan.v1");
  std::vector<std::pair<std::string, std::string>> metadata(
      info->metadata().begin(), info->metadata().end());
  EXPECT_THAT(metadata, ::testing::UnorderedElementsAreArray(c.want_metadata));

  bool retry = false;
  bool bad_request = false;
  for (const auto& any : rich.details()) {
    google::rpc::RetryInfo r;
    if (any.UnpackTo(&r)) {
      retry = true;
      EXPECT_EQ(r.retry_delay().seconds(), 2);
      EXPECT_EQ(r.retry_delay().nanos(), 500000000);
    }
    google::rpc::BadRequest b;
    if (any.UnpackTo(&b)) {
      bad_request = true;
      ASSERT_EQ(b.field_violations_size(), 1);
      EXPECT_EQ(b.field_violations(0).field(), c.info.field);
    }
  }
  EXPECT_EQ(retry, c.want_retry_info);
  EXPECT_EQ(bad_request, c.want_bad_request);

  grpc::testing::ServerContextTestSpouse spouse(&context);
  std::vector<std::pair<std::string, std::string>> trailers;
  for (const auto& [key, value] : spouse.GetTrailingMetadata()) {
    trailers.emplace_back(key, value);
  }
  std::vector<std::pair<std::string, std::string>> want_trailers;
  if (c.info.http_status) {
    want_trailers.emplace_back("anaplan-http-status",
                               std::to_string(*c.info.http_status));
  }
  if (!c.info.request_id.empty()) {
    want_trailers.emplace_back("anaplan-request-id", c.info.request_id);
  }
  EXPECT_THAT(trailers, ::testing::UnorderedElementsAreArray(want_trailers));
}

INSTANTIATE_TEST_SUITE_P(Cases, DetailTest, ::testing::ValuesIn(DetailCases()),
                         [](const ::testing::TestParamInfo<DetailCase>& p) {
                           return p.param.name;
                         });

TEST(GrpcStatusTest, TaskStatusPayloadBecomesAnyDetail) {
  v1::TaskStatus task;
  task.set_task_id("T1");
  task.set_task_state(v1::TASK_STATE_COMPLETE);
  task.mutable_result()->set_successful(false);
  absl::Status in = absl::AbortedError("task failed");
  core::ErrorInfo info;
  info.reason = "ANAPLAN_TASK_FAILED";
  core::AttachErrorInfo(in, info);
  in.SetPayload("type.googleapis.com/anaplan.v1.TaskStatus",
                absl::Cord(task.SerializeAsString()));

  google::rpc::Status rich = Details(ToGrpcStatus(in));
  ASSERT_EQ(rich.details_size(), 2);
  EXPECT_EQ(FindErrorInfo(rich)->reason(), "ANAPLAN_TASK_FAILED");
  v1::TaskStatus back;
  ASSERT_TRUE(rich.details(1).UnpackTo(&back));
  EXPECT_EQ(back.task_id(), "T1");
  EXPECT_FALSE(back.result().successful());
}

TEST(GrpcStatusTest, LongMessagesAreTrimmed) {
  grpc::Status out =
      ToGrpcStatus(absl::InvalidArgumentError(std::string(5000, 'x')));
  EXPECT_EQ(out.error_message().size(), kMaxMessageBytes);
  EXPECT_THAT(out.error_message(), ::testing::EndsWith("..."));
}

TEST(GrpcStatusTest, TrimNeverSplitsUtf8) {
  // "é" is two bytes; a cut at an odd offset must back up.
  std::string text;
  for (int i = 0; i < 10; ++i) text += "\xC3\xA9";
  EXPECT_EQ(TrimMessage(text, 8), "\xC3\xA9\xC3\xA9...");
  EXPECT_EQ(TrimMessage(text, 9), "\xC3\xA9\xC3\xA9\xC3\xA9...");
  EXPECT_EQ(TrimMessage("short", 8), "short");
}

TEST(GrpcStatusTest, InternalKeepsOnlyTheFirstLine) {
  grpc::Status out = ToGrpcStatus(
      absl::InternalError("bad reply\n  at frame 1\n  at frame 2"));
  EXPECT_EQ(out.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(out.error_message(), "bad reply");
  // Other codes keep Anaplan's multi-line messages.
  EXPECT_EQ(ToGrpcStatus(absl::InvalidArgumentError("a\nb")).error_message(),
            "a\nb");
}

TEST(GrpcStatusTest, NoTrailersWithoutFacts) {
  grpc::ServerContext context;
  ToGrpcStatus(absl::UnavailableError("down"), &context);
  grpc::testing::ServerContextTestSpouse spouse(&context);
  EXPECT_THAT(spouse.GetTrailingMetadata(), IsEmpty());
}

}  // namespace
}  // namespace anaplan::service
