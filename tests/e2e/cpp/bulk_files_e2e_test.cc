// File transfer through the service against the in-process emulator:
// chunking, retries of chunk PUTs, cancellation, download.
#include <chrono>
#include <string>
#include <thread>

#include "gmock/gmock.h"

#include "tests/e2e/cpp/e2e_env.h"

namespace anaplan::e2e {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kChunk = 64 * 1024;

int64_t ChunksOf(size_t size) {
  return static_cast<int64_t>((size + kChunk - 1) / kChunk);
}

TEST_F(E2eTest, UploadWithoutHeaderIsInvalidArgument) {
  auto context = Context();
  v1::UploadFileResponse response;
  auto writer = stub_->UploadFile(context.get(), &response);
  v1::UploadFileRequest data;
  data.set_data("Name\nx\n");
  writer->Write(data);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("the first UploadFileRequest must carry header"));
}

TEST_F(E2eTest, MultiChunkUploadIsByteExact) {
  const std::string data = TestBytes(3 * 1000 * 1000 + 123);
  v1::UploadFileResponse response;
  grpc::Status status = Upload(kSalesFile, data, kChunk, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.bytes_received(), static_cast<int64_t>(data.size()));
  EXPECT_EQ(response.chunks_uploaded(), ChunksOf(data.size()));
  EXPECT_EQ(response.sha256(), Sha256Hex(data));

  EmulatorFileInfo info = FileInfo(kSalesFile);
  EXPECT_EQ(info.size, static_cast<int64_t>(data.size()));
  EXPECT_EQ(info.sha256, Sha256Hex(data));
  EXPECT_EQ(info.complete_calls, 1);
  EXPECT_EQ(info.chunk_count, ChunksOf(data.size()));

  grpc::Status download_status;
  EXPECT_EQ(Download(kSalesFile, &download_status), data);
  EXPECT_TRUE(download_status.ok()) << download_status.error_message();
}

TEST_F(E2eTest, ChunkPutFailuresAreRetriedAlone) {
  // Two 503s on one chunk and a 429 (Retry-After 1 s) on a later one.
  AddFaults(R"([{"method":"PUT","path":"/chunks/","skip":3,"count":2,)"
            R"("status":503,"action":"status"},)"
            R"({"method":"PUT","path":"/chunks/","skip":10,"count":1,)"
            R"("status":429,"retry_after":"1","action":"status"}])");
  const std::string data = TestBytes(1000 * 1000, 7);
  const EmulatorFileInfo before = FileInfo(kSalesFile);
  v1::UploadFileResponse response;
  grpc::Status status = Upload(kSalesFile, data, kChunk, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EmulatorFileInfo info = FileInfo(kSalesFile);
  EXPECT_EQ(info.sha256, Sha256Hex(data));
  EXPECT_EQ(info.complete_calls - before.complete_calls, 1);
  // The emulator answers injected faults before routing, so its per-file
  // counter sees each chunk exactly once; the rules saw the other three.
  EXPECT_EQ(FaultsFired(), 3);
  EXPECT_EQ(info.chunk_put_attempts - before.chunk_put_attempts,
            ChunksOf(data.size()));
}

TEST_F(E2eTest, CancelledUploadNeverCompletes) {
  const int64_t before = FileInfo(kEmployeesFile).complete_calls;
  auto context = Context();
  v1::UploadFileResponse response;
  auto writer = stub_->UploadFile(context.get(), &response);
  v1::UploadFileRequest header;
  header.mutable_header()->set_workspace_id(kWorkspace);
  header.mutable_header()->set_model_id(kModel);
  header.mutable_header()->mutable_file()->set_id(kEmployeesFile);
  header.mutable_header()->set_chunk_size(kChunk);
  ASSERT_TRUE(writer->Write(header));
  const std::string piece = TestBytes(64 * 1024, 3);
  for (int i = 0; i < 8; ++i) {
    v1::UploadFileRequest data;
    data.set_data(piece);
    ASSERT_TRUE(writer->Write(data));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  context->TryCancel();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  // Give the server time to notice and unwind, then check nothing completed.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(FileInfo(kEmployeesFile).complete_calls, before);
}

TEST_F(E2eTest, GetFileStreamsInBoundedMessages) {
  const std::string data = TestBytes(2 * 1000 * 1000 + 5, 9);
  v1::UploadFileResponse response;
  ASSERT_TRUE(Upload(kSalesFile, data, 512 * 1024, &response).ok());

  auto context = Context();
  v1::GetFileRequest request;
  request.set_workspace_id(kWorkspace);
  request.set_model_id(kModel);
  request.mutable_file()->set_name("Sales.csv");
  request.set_batch_size(3);
  auto reader = stub_->GetFile(context.get(), request);
  v1::FileChunk chunk;
  std::string all;
  int messages = 0;
  while (reader->Read(&chunk)) {
    if (messages++ == 0) {
      EXPECT_EQ(chunk.file().id(), kSalesFile);
      EXPECT_EQ(chunk.file().name(), "Sales.csv");
    } else {
      EXPECT_FALSE(chunk.has_file());
    }
    EXPECT_LE(chunk.data().size(), 1u << 20);
    EXPECT_EQ(chunk.offset(), static_cast<int64_t>(all.size()));
    all += chunk.data();
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(all, data);
  EXPECT_GE(messages, 4);
}

TEST_F(E2eTest, DeleteFileRemovesContent) {
  v1::UploadFileResponse response;
  ASSERT_TRUE(Upload(kSalesFile, "Name\nx\n", kChunk, &response).ok());
  v1::DeleteFileRequest request;
  request.set_workspace_id(kWorkspace);
  request.set_model_id(kModel);
  request.mutable_file()->set_name("Sales.csv");
  v1::DeleteFileResponse deleted;
  grpc::Status status = stub_->DeleteFile(Context().get(), request, &deleted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  grpc::Status download_status;
  Download(kSalesFile, &download_status);
  EXPECT_EQ(download_status.error_code(), grpc::StatusCode::NOT_FOUND)
      << download_status.error_message();
}

}  // namespace
}  // namespace anaplan::e2e
