// Malformed upload streams through a real in-process gRPC server and
// channel, over a strict mock core: each is refused with INVALID_ARGUMENT
// naming the field (google.rpc.BadRequest) or, for an oversized message,
// RESOURCE_EXHAUSTED; and the core never completes anything (validation
// failures never reach it at all). Complements bulk_service_test.cc, which
// covers UploadFile's missing/second header, oversize and bad chunk size.
#include <memory>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

#include "anaplan/v1/bulk.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "service/server.h"
#include "tests/unit/service/mock_bulk_connection.h"

namespace anaplan::service {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Return;
using ::testing::StrictMock;

constexpr char kWs[] = "8a868cd985f53e7701860542f59e276e";
constexpr char kModel[] = "75A40874E6B64FA3AE0743278996850F";

/// The single BadRequest field violation of a rich status, or "".
std::string ViolatedField(const grpc::Status& status) {
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return "";
  for (const auto& any : rich.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad) && bad.field_violations_size() == 1) {
      return bad.field_violations(0).field();
    }
  }
  return "";
}

/// Reads the source to its end, as core's uploader would, and fails with
/// the source's error: the mock never "completes" a broken stream.
absl::StatusOr<core::UploadResult> DrainAndFailOnError(
    core::ByteSource& source) {
  for (;;) {
    auto next = source.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) return core::UploadResult{};
  }
}

void FillUpload(v1::UploadHeader& h) {
  h.set_workspace_id(kWs);
  h.set_model_id(kModel);
  h.mutable_file()->set_id(113000000000);
}

v1::UploadFileRequest FileHeader() {
  v1::UploadFileRequest r;
  FillUpload(*r.mutable_header());
  return r;
}

v1::UploadAndImportRequest ImportHeader() {
  v1::UploadAndImportRequest r;
  FillUpload(*r.mutable_header()->mutable_upload());
  r.mutable_header()->mutable_action()->set_id(112000000001);
  return r;
}

template <typename Request>
Request Data(std::string bytes) {
  Request r;
  r.set_data(std::move(bytes));
  return r;
}

class UploadMalformedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mock_ = std::make_shared<StrictMock<testing::MockBulkConnection>>();
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    ASSERT_TRUE(server_.BuildAndStart(options, mock_).ok());
    stub_ = v1::BulkService::NewStub(grpc::CreateChannel(
        server_.address(), grpc::InsecureChannelCredentials()));
  }

  /// Sends `messages` on an UploadFile stream, half-closes, returns status.
  grpc::Status UploadFile(const std::vector<v1::UploadFileRequest>& messages) {
    grpc::ClientContext context;
    v1::UploadFileResponse response;
    auto writer = stub_->UploadFile(&context, &response);
    for (const auto& m : messages) {
      if (!writer->Write(m)) break;  // the server already answered
    }
    writer->WritesDone();
    return writer->Finish();
  }

  grpc::Status UploadAndImport(
      const std::vector<v1::UploadAndImportRequest>& messages) {
    grpc::ClientContext context;
    v1::UploadAndImportResponse response;
    auto writer = stub_->UploadAndImport(&context, &response);
    for (const auto& m : messages) {
      if (!writer->Write(m)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  /// UploadAndImport resolves its import before reading any data.
  void ExpectActionResolved() {
    EXPECT_CALL(*mock_, ResolveAction(_, _, _))
        .WillOnce(Return(int64_t{112000000001}));
  }

  void ExpectDrainingUpload() {
    EXPECT_CALL(*mock_, UploadFile(_, _, _, _, _))
        .WillOnce(
            Invoke([](const core::ModelRef&, const core::ObjectRef&,
                      core::ByteSource& source, const core::UploadOptions&,
                      const core::CallContext&) {
              return DrainAndFailOnError(source);
            }));
  }

  std::shared_ptr<StrictMock<testing::MockBulkConnection>> mock_;
  Server server_;
  std::unique_ptr<v1::BulkService::Stub> stub_;
};

TEST_F(UploadMalformedTest, EmptyUploadFileStreamLacksHeader) {
  grpc::Status status = UploadFile({});
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "header");
}

TEST_F(UploadMalformedTest, UploadAndImportWithoutHeader) {
  grpc::Status status = UploadAndImport(
      {Data<v1::UploadAndImportRequest>("a,b\n"), ImportHeader()});
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "header");
  EXPECT_THAT(status.error_message(),
              HasSubstr("the first UploadAndImportRequest must carry header"));
}

TEST_F(UploadMalformedTest, EmptyFirstMessageLacksHeader) {
  grpc::Status status = UploadFile({v1::UploadFileRequest(), FileHeader()});
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "header");
}

TEST_F(UploadMalformedTest, UploadAndImportSecondHeaderFailsBeforeComplete) {
  ExpectActionResolved();
  ExpectDrainingUpload();  // the mock fails on the source's error
  grpc::Status status = UploadAndImport(
      {ImportHeader(), Data<v1::UploadAndImportRequest>("x"), ImportHeader()});
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "header");
}

TEST_F(UploadMalformedTest, EmptyMessageAfterHeaderFailsTheUpload) {
  ExpectDrainingUpload();
  grpc::Status status =
      UploadFile({FileHeader(), Data<v1::UploadFileRequest>("x"),
                  v1::UploadFileRequest()});
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "header");
}

TEST_F(UploadMalformedTest, UploadAndImportOversizedMessage) {
  ExpectActionResolved();
  ExpectDrainingUpload();
  grpc::Status status = UploadAndImport(
      {ImportHeader(),
       Data<v1::UploadAndImportRequest>(std::string((4 << 20) + 1, 'x'))});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

// Each absurd header value is named by its full field path, for both
// RPCs; none reaches the core (StrictMock).
struct BadHeaderCase {
  const char* field;
  void (*spoil)(v1::UploadHeader&);
};

const BadHeaderCase kBadHeaders[] = {
    {"chunk_size",
     [](v1::UploadHeader& h) { h.set_chunk_size(int64_t{1} << 40); }},
    {"chunk_size", [](v1::UploadHeader& h) { h.set_chunk_size(-1); }},
    {"parallelism", [](v1::UploadHeader& h) { h.set_parallelism(1000000); }},
    {"parallelism", [](v1::UploadHeader& h) { h.set_parallelism(-2); }},
    {"compression_level",
     [](v1::UploadHeader& h) { h.set_compression_level(10); }},
    {"expected_size", [](v1::UploadHeader& h) { h.set_expected_size(-1); }},
    {"expected_sha256",
     [](v1::UploadHeader& h) { h.set_expected_sha256("not-a-digest"); }},
    {"workspace_id", [](v1::UploadHeader& h) { h.clear_workspace_id(); }},
    {"model_id", [](v1::UploadHeader& h) { h.clear_model_id(); }},
    {"file", [](v1::UploadHeader& h) { h.clear_file(); }},
};

TEST_F(UploadMalformedTest, AbsurdUploadFileHeaderNamesTheField) {
  for (const BadHeaderCase& c : kBadHeaders) {
    SCOPED_TRACE(c.field);
    v1::UploadFileRequest header = FileHeader();
    c.spoil(*header.mutable_header());
    grpc::Status status =
        UploadFile({header, Data<v1::UploadFileRequest>("a,b\n")});
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ViolatedField(status), std::string("header.") + c.field);
  }
}

TEST_F(UploadMalformedTest, AbsurdUploadAndImportHeaderNamesTheField) {
  for (const BadHeaderCase& c : kBadHeaders) {
    SCOPED_TRACE(c.field);
    v1::UploadAndImportRequest header = ImportHeader();
    c.spoil(*header.mutable_header()->mutable_upload());
    grpc::Status status =
        UploadAndImport({header, Data<v1::UploadAndImportRequest>("a,b\n")});
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ViolatedField(status), std::string("header.upload.") + c.field);
  }
}

TEST_F(UploadMalformedTest, UploadAndImportWithoutActionNamesIt) {
  v1::UploadAndImportRequest header = ImportHeader();
  header.mutable_header()->clear_action();
  grpc::Status status = UploadAndImport({header});
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "header.action");
}

}  // namespace
}  // namespace anaplan::service
