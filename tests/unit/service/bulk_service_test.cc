// BulkServiceImpl over a mocked core, through a real in-process server on
// 127.0.0.1:0 and a real channel.
#include "service/bulk_service.h"

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

#include "anaplan/v1/bulk.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "service/server.h"
#include "service/stream_adapters.h"
#include "tests/unit/service/mock_bulk_connection.h"

namespace anaplan::service {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::InvokeWithoutArgs;
using ::testing::Return;
using ::testing::StrictMock;

constexpr char kWs[] = "8a868cd985f53e7701860542f59e276e";
constexpr char kModel[] = "75A40874E6B64FA3AE0743278996850F";

class BulkServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mock_ = std::make_shared<StrictMock<testing::MockBulkConnection>>();
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.bulk.max_unary_wait = absl::Seconds(42);
    ASSERT_TRUE(server_.BuildAndStart(options, mock_).ok());
    stub_ = v1::BulkService::NewStub(grpc::CreateChannel(
        server_.address(), grpc::InsecureChannelCredentials()));
  }

  static google::rpc::Status Rich(const grpc::Status& status) {
    google::rpc::Status rich;
    EXPECT_TRUE(rich.ParseFromString(status.error_details()));
    return rich;
  }

  std::shared_ptr<StrictMock<testing::MockBulkConnection>> mock_;
  Server server_;
  std::unique_ptr<v1::BulkService::Stub> stub_;
};

v1::UploadFileRequest Header(int64_t chunk_size = 0) {
  v1::UploadFileRequest request;
  auto* header = request.mutable_header();
  header->set_workspace_id(kWs);
  header->set_model_id(kModel);
  header->mutable_file()->set_id(113000000000);
  header->set_chunk_size(chunk_size);
  return request;
}

v1::UploadFileRequest Data(std::string bytes) {
  v1::UploadFileRequest request;
  request.set_data(std::move(bytes));
  return request;
}

/// Drains a ByteSource, returning the error or the bytes.
absl::StatusOr<std::string> Drain(core::ByteSource& source) {
  std::string all;
  for (;;) {
    auto next = source.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) return all;
    all += **next;
  }
}

TEST_F(BulkServiceTest, UploadWithoutHeaderIsInvalidArgument) {
  grpc::ClientContext context;
  v1::UploadFileResponse response;
  auto writer = stub_->UploadFile(&context, &response);
  ASSERT_TRUE(writer->Write(Data("abc")));
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("the first UploadFileRequest must carry header"));
}

TEST_F(BulkServiceTest, UploadPassesBytesAndReportsResult) {
  std::string received;
  EXPECT_CALL(*mock_, UploadFile(_, _, _, _, _))
      .WillOnce(Invoke(
          [&](const core::ModelRef& model, const core::ObjectRef& file,
              core::ByteSource& source, const core::UploadOptions& options,
              const core::CallContext& ctx)
              -> absl::StatusOr<core::UploadResult> {
            EXPECT_EQ(model.workspace_id, kWs);
            EXPECT_EQ(file.id, 113000000000);
            EXPECT_EQ(options.chunk_size, 65536);
            EXPECT_EQ(ctx.deadline, absl::InfiniteFuture());  // streams: no cap
            auto bytes = Drain(source);
            if (!bytes.ok()) return bytes.status();
            received = *bytes;
            core::UploadResult result;
            result.file_id = file.id;
            result.bytes_received = static_cast<int64_t>(bytes->size());
            result.chunks_uploaded = 1;
            result.sha256_hex = "ab";
            return result;
          }));
  grpc::ClientContext context;
  v1::UploadFileResponse response;
  auto writer = stub_->UploadFile(&context, &response);
  ASSERT_TRUE(writer->Write(Header(65536)));
  ASSERT_TRUE(writer->Write(Data("hello ")));
  ASSERT_TRUE(writer->Write(Data("world")));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(received, "hello world");
  EXPECT_EQ(response.bytes_received(), 11);
  EXPECT_EQ(response.file_id(), 113000000000);
  EXPECT_EQ(response.sha256(), "ab");
}

TEST_F(BulkServiceTest, SecondHeaderFailsTheUpload) {
  EXPECT_CALL(*mock_, UploadFile(_, _, _, _, _))
      .WillOnce(Invoke(
          [](const core::ModelRef&, const core::ObjectRef&,
             core::ByteSource& source, const core::UploadOptions&,
             const core::CallContext&) -> absl::StatusOr<core::UploadResult> {
            auto bytes = Drain(source);
            if (!bytes.ok()) return bytes.status();
            return core::UploadResult{};
          }));
  grpc::ClientContext context;
  v1::UploadFileResponse response;
  auto writer = stub_->UploadFile(&context, &response);
  writer->Write(Header());
  writer->Write(Data("x"));
  writer->Write(Header());
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("header"));
}

TEST_F(BulkServiceTest, OversizedMessageIsResourceExhausted) {
  EXPECT_CALL(*mock_, UploadFile(_, _, _, _, _))
      .WillOnce(Invoke(
          [](const core::ModelRef&, const core::ObjectRef&,
             core::ByteSource& source, const core::UploadOptions&,
             const core::CallContext&) -> absl::StatusOr<core::UploadResult> {
            auto bytes = Drain(source);
            EXPECT_FALSE(bytes.ok());  // the stream broke: never a clean end
            if (!bytes.ok()) return bytes.status();
            return core::UploadResult{};
          }));
  grpc::ClientContext context;
  v1::UploadFileResponse response;
  auto writer = stub_->UploadFile(&context, &response);
  writer->Write(Header());
  writer->Write(Data(std::string((4 << 20) + 1, 'x')));  // > 4 MiB default
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(BulkServiceTest, BadChunkSizeNamesTheField) {
  grpc::ClientContext context;
  v1::UploadFileResponse response;
  auto writer = stub_->UploadFile(&context, &response);
  writer->Write(Header(-5));
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  bool found = false;
  const google::rpc::Status rich = Rich(status);
  for (const auto& any : rich.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      found = true;
      EXPECT_EQ(bad.field_violations(0).field(), "header.chunk_size");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(BulkServiceTest, EmptyIdsAreRejectedBeforeCore) {
  grpc::ClientContext context;
  v1::GetFilesRequest request;
  request.set_workspace_id(kWs);
  v1::GetFilesResponse response;
  grpc::Status status = stub_->GetFiles(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("model_id"));
}

core::TaskStatus FailedTask() {
  core::TaskStatus task;
  task.task_id = "T1";
  task.task_state = core::TaskState::kComplete;
  task.task_state_name = "COMPLETE";
  task.action_id = 112000000000;
  core::TaskResult result;
  result.successful = false;
  result.details.push_back({"error", "3 rows failed", 3, {}});
  task.result = result;
  return task;
}

v1::RunActionRequest RunRequest() {
  v1::RunActionRequest request;
  request.set_workspace_id(kWs);
  request.set_model_id(kModel);
  request.mutable_action()->set_name("Import Employees");
  return request;
}

TEST_F(BulkServiceTest, FailedTaskIsAbortedWithTaskDetail) {
  EXPECT_CALL(*mock_, ResolveAction(_, _, _)).WillOnce(Return(112000000000));
  EXPECT_CALL(*mock_, RunAction(_, 112000000000, _, _))
      .WillOnce(Invoke([](const core::ModelRef&, int64_t,
                          const core::RunOptions& options,
                          const core::CallContext& ctx) {
        EXPECT_TRUE(options.wait_for_completion);  // default when unset
        EXPECT_LT(ctx.deadline, absl::Now() + absl::Seconds(43));  // ceiling
        return absl::StatusOr<core::TaskStatus>(FailedTask());
      }));
  grpc::ClientContext context;
  v1::RunActionResponse response;
  grpc::Status status = stub_->RunAction(&context, RunRequest(), &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_message(), HasSubstr("3 rows failed"));
  google::rpc::Status rich = Rich(status);
  bool has_reason = false;
  bool has_task = false;
  for (const auto& any : rich.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      has_reason = info.reason() == "ANAPLAN_TASK_FAILED";
    }
    v1::TaskStatus task;
    if (any.UnpackTo(&task)) has_task = task.task_id() == "T1";
  }
  EXPECT_TRUE(has_reason);
  EXPECT_TRUE(has_task);
}

TEST_F(BulkServiceTest, StatusOnlyReturnsTheFailedTask) {
  EXPECT_CALL(*mock_, ResolveAction(_, _, _)).WillOnce(Return(112000000000));
  // Built on the server thread that calls the mock: a value made here and
  // moved out there is synchronised only through gRPC, which TSan cannot
  // see (Debian's libgrpc is not instrumented).
  EXPECT_CALL(*mock_, RunAction(_, _, _, _)).WillOnce(InvokeWithoutArgs([] {
    return absl::StatusOr<core::TaskStatus>(FailedTask());
  }));
  grpc::ClientContext context;
  v1::RunActionRequest request = RunRequest();
  request.set_status_only(true);
  v1::RunActionResponse response;
  ASSERT_TRUE(stub_->RunAction(&context, request, &response).ok());
  EXPECT_EQ(response.task().task_state(), v1::TASK_STATE_COMPLETE);
  EXPECT_FALSE(response.task().result().successful());
}

TEST_F(BulkServiceTest, GetFileStreamsBoundedMessagesInOrder) {
  core::File file;
  file.id = 113000000001;
  file.name = "Sales.csv";
  EXPECT_CALL(*mock_, ResolveFile(_, _, _)).WillOnce(Return(file));
  const std::string chunk0(3 << 20, 'a');
  const std::string chunk1(100, 'b');
  EXPECT_CALL(*mock_, DownloadFile(_, _, _, _, _))
      .WillOnce(Invoke([&](const core::ModelRef&, const core::File&,
                           const core::DownloadOptions&, core::ByteSink& sink,
                           const core::CallContext&) {
        EXPECT_TRUE(sink.Start(3 * (1 << 20) + 100).ok());
        EXPECT_TRUE(sink.Write(chunk0, 0, 0).ok());
        EXPECT_TRUE(sink.Write(chunk1, 3 << 20, 1).ok());
        return absl::OkStatus();
      }));
  grpc::ClientContext context;
  v1::GetFileRequest request;
  request.set_workspace_id(kWs);
  request.set_model_id(kModel);
  request.mutable_file()->set_name("Sales.csv");
  auto reader = stub_->GetFile(&context, request);
  v1::FileChunk chunk;
  std::vector<v1::FileChunk> chunks;
  while (reader->Read(&chunk)) chunks.push_back(chunk);
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(chunks.size(), 4u);
  EXPECT_EQ(chunks[0].file().name(), "Sales.csv");
  EXPECT_EQ(chunks[0].total_size(), 3 * (1 << 20) + 100);
  EXPECT_FALSE(chunks[1].has_file());
  int64_t offset = 0;
  for (const auto& c : chunks) {
    EXPECT_LE(c.data().size(), kMaxMessageData);
    EXPECT_EQ(c.offset(), offset);
    offset += static_cast<int64_t>(c.data().size());
  }
  EXPECT_EQ(chunks[3].chunk_index(), 1);
  EXPECT_EQ(chunks[3].data(), chunk1);
}

TEST_F(BulkServiceTest, ExportAndDownloadSendsTaskThenFile) {
  core::TaskStatus done;
  done.task_id = "T2";
  done.task_state = core::TaskState::kComplete;
  done.result = core::TaskResult{};
  done.result->successful = true;
  core::File file;
  file.id = 116000000000;
  EXPECT_CALL(*mock_, ResolveAction(_, _, _)).WillOnce(Return(116000000000));
  EXPECT_CALL(*mock_, RunAction(_, 116000000000, _, _)).WillOnce(Return(done));
  EXPECT_CALL(*mock_, ResolveFile(_, _, _))
      .WillOnce(Invoke([&](const core::ModelRef&, const core::ObjectRef& ref,
                           const core::CallContext&) {
        EXPECT_EQ(ref.id, 116000000000);
        return absl::StatusOr<core::File>(file);
      }));
  EXPECT_CALL(*mock_, DownloadFile(_, _, _, _, _))
      .WillOnce(Invoke(
          [](const core::ModelRef&, const core::File&,
             const core::DownloadOptions&, core::ByteSink& sink,
             const core::CallContext&) { return sink.Write("a,b\n", 0, 0); }));
  grpc::ClientContext context;
  v1::ExportAndDownloadRequest request;
  request.set_workspace_id(kWs);
  request.set_model_id(kModel);
  request.mutable_action()->set_id(116000000000);
  auto reader = stub_->ExportAndDownload(&context, request);
  v1::ExportAndDownloadResponse message;
  ASSERT_TRUE(reader->Read(&message));
  EXPECT_EQ(message.task().task_id(), "T2");
  ASSERT_TRUE(reader->Read(&message));
  EXPECT_EQ(message.chunk().data(), "a,b\n");
  EXPECT_EQ(message.chunk().file().id(), 116000000000);
  EXPECT_FALSE(reader->Read(&message));
  EXPECT_TRUE(reader->Finish().ok());
}

TEST_F(BulkServiceTest, HealthIsServing) {
  // grpc.health.v1.Health/Check with an empty request; the response's
  // field 1 (status) is SERVING = 1, i.e. the bytes 08 01.
  grpc::GenericStub generic(grpc::CreateChannel(
      server_.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  grpc::Slice empty;
  grpc::ByteBuffer request(&empty, 1);  // an empty HealthCheckRequest
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  generic.UnaryCall(&context, "/grpc.health.v1.Health/Check",
                    grpc::StubOptions(), &request, &response,
                    [&done](grpc::Status status) { done.set_value(status); });
  ASSERT_TRUE(done.get_future().get().ok());
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  EXPECT_EQ(bytes, std::string("\x08\x01"));
}

TEST(BulkServiceNoCredentialsTest, EveryCallIsUnauthenticated) {
  Server server;
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  ASSERT_TRUE(server.BuildAndStart(options).ok());
  auto stub = v1::BulkService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  v1::GetWorkspacesResponse response;
  grpc::Status status =
      stub->GetWorkspaces(&context, v1::GetWorkspacesRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(),
              HasSubstr("no Anaplan credentials configured"));
}

}  // namespace
}  // namespace anaplan::service
