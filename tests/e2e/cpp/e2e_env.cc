#include "tests/e2e/cpp/e2e_env.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "rapidjson/document.h"
#include <openssl/sha.h>

namespace anaplan::e2e {
namespace {

int64_t IntField(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return -1;
  if (it->value.IsInt64()) return it->value.GetInt64();
  if (it->value.IsString()) return std::stoll(it->value.GetString());
  return -1;
}

}  // namespace

void E2eTest::SetUp() {
  emulator::EmulatorOptions emulator_options;
  emulator_options.port = 0;
  emulator_options.threads = 16;
  auto started = emulator::Emulator::Start(emulator_options);
  ASSERT_TRUE(started.ok()) << started.status();
  emulator_ = *std::move(started);

  service::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.client.endpoints.auth_url = emulator_->base_url();
  options.client.endpoints.api_url = emulator_->base_url() + "/2/0";
  options.cloudworks_url = emulator_->base_url() + "/2/0";
  options.client.retry.max_attempts = 4;
  options.client.retry.backoff = absl::Milliseconds(10);
  options.client.poll_delay = absl::Milliseconds(50);
  options.user_email = "demo@example.com";
  options.password = "demo-password";
  server_ = std::make_unique<service::Server>();
  absl::Status status = server_->BuildAndStart(options);
  ASSERT_TRUE(status.ok()) << status;
  stub_ = v1::BulkService::NewStub(grpc::CreateChannel(
      server_->address(), grpc::InsecureChannelCredentials()));
}

void E2eTest::TearDown() {
  if (server_ != nullptr) {
    server_->Shutdown(absl::Seconds(1));
    server_->Wait();
  }
  if (emulator_ != nullptr) emulator_->Stop();
}

void E2eTest::AddFaults(const std::string& json) {
  httplib::Client client(emulator_->base_url());
  auto result = client.Post("/__emulator/faults", json, "application/json");
  ASSERT_TRUE(result) << "emulator control unreachable";
  ASSERT_EQ(result->status, 200) << result->body;
}

EmulatorFileInfo E2eTest::FileInfo(int64_t file_id) {
  httplib::Client client(emulator_->base_url());
  auto result = client.Get(absl::StrCat("/__emulator/files/", kWorkspace, "/",
                                        kModel, "/", file_id));
  EmulatorFileInfo info;
  EXPECT_TRUE(result && result->status == 200);
  if (!result || result->status != 200) return info;
  rapidjson::Document doc;
  doc.Parse(result->body.c_str());
  EXPECT_TRUE(doc.IsObject()) << result->body;
  if (!doc.IsObject()) return info;
  info.size = IntField(doc, "size");
  if (doc.HasMember("sha256") && doc["sha256"].IsString()) {
    info.sha256 = doc["sha256"].GetString();
  }
  info.chunk_count = IntField(doc, "chunkCount");
  info.complete_calls = IntField(doc, "complete_calls");
  info.chunk_put_attempts = IntField(doc, "chunk_put_attempts");
  return info;
}

int64_t E2eTest::FaultsFired() {
  httplib::Client client(emulator_->base_url());
  auto result = client.Get("/__emulator/faults");
  EXPECT_TRUE(result && result->status == 200);
  if (!result || result->status != 200) return -1;
  rapidjson::Document doc;
  doc.Parse(result->body.c_str());
  EXPECT_TRUE(doc.IsArray()) << result->body;
  if (!doc.IsArray()) return -1;
  int64_t fired = 0;
  for (const auto& rule : doc.GetArray()) fired += IntField(rule, "fired");
  return fired;
}

void E2eTest::ExpireTokens() {
  httplib::Client client(emulator_->base_url());
  auto result =
      client.Post("/__emulator/tokens/expire", "", "application/json");
  ASSERT_TRUE(result && result->status == 200);
}

grpc::Status E2eTest::Upload(int64_t file_id, const std::string& data,
                             int64_t chunk_size,
                             v1::UploadFileResponse* response, size_t piece) {
  auto context = Context();
  auto writer = stub_->UploadFile(context.get(), response);
  v1::UploadFileRequest header;
  header.mutable_header()->set_workspace_id(kWorkspace);
  header.mutable_header()->set_model_id(kModel);
  header.mutable_header()->mutable_file()->set_id(file_id);
  header.mutable_header()->set_chunk_size(chunk_size);
  writer->Write(header);
  for (size_t at = 0; at < data.size(); at += piece) {
    v1::UploadFileRequest message;
    message.set_data(data.substr(at, piece));
    if (!writer->Write(message)) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

std::string E2eTest::Download(int64_t file_id, grpc::Status* status) {
  auto context = Context();
  v1::GetFileRequest request;
  request.set_workspace_id(kWorkspace);
  request.set_model_id(kModel);
  request.mutable_file()->set_id(file_id);
  auto reader = stub_->GetFile(context.get(), request);
  std::string all;
  v1::FileChunk chunk;
  while (reader->Read(&chunk)) all += chunk.data();
  *status = reader->Finish();
  return all;
}

std::unique_ptr<grpc::ClientContext> E2eTest::Context(int seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(seconds));
  return context;
}

std::string TestBytes(size_t n, uint32_t seed) {
  std::string out(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    // Mostly printable CSV-like bytes with newlines, compressible a bit.
    out[i] = (x % 64 == 0) ? '\n' : static_cast<char>('a' + x % 26);
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         digest);
  std::string hex;
  char buf[3];
  for (unsigned char byte : digest) {
    std::snprintf(buf, sizeof(buf), "%02x", byte);
    hex += buf;
  }
  return hex;
}

google::rpc::Status RichStatus(const grpc::Status& status) {
  google::rpc::Status rich;
  rich.ParseFromString(status.error_details());
  return rich;
}

google::rpc::ErrorInfo ErrorInfoOf(const google::rpc::Status& rich) {
  for (const auto& any : rich.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info;
  }
  return google::rpc::ErrorInfo();
}

bool TaskStatusOf(const google::rpc::Status& rich, v1::TaskStatus* task) {
  for (const auto& any : rich.details()) {
    if (any.UnpackTo(task)) return true;
  }
  return false;
}

}  // namespace anaplan::e2e
