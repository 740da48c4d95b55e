// The service's upload request sequence (UploadFile / UploadAndImport):
// header validation (CheckUploadHeader) and the data stream adapter
// (ServerReaderSource) feeding core's chunk pipeline, over message sequences
// built from the fuzzer's bytes (structured headers, data, raw bytes parsed
// as a request, empty messages). Invariants: a rejected header is
// INVALID_ARGUMENT naming a field under the header; after a valid header,
// any message that is not data fails the upload with INVALID_ARGUMENT
// (field "header") and otherwise exactly the data bytes reach the chunks.
//
// The end of the stream is signalled by the harness (no more messages)
// rather than by a failed Read(): a clean half-close costs the adapter a
// 100 ms cancellation grace (BrokenAfterReadFailed), covered by the unit
// and gRPC tests, which would cut this fuzzer to ~10 inputs per second.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/sync_stream.h"

#include "anaplan/v1/bulk.pb.h"
#include "anaplan_core/files/chunk_uploader.h"
#include "anaplan_core/files/gzip.h"
#include "anaplan_core/files/sha256.h"
#include "anaplan_core/status/error_info.h"
#include "service/request_validation.h"
#include "service/stream_adapters.h"
#include "tests/fuzz/fuzz_util.h"

namespace anaplan::service {
namespace {

template <typename Request>
class FakeReader final : public grpc::ServerReaderInterface<Request> {
 public:
  explicit FakeReader(std::vector<Request> messages)
      : messages_(std::move(messages)) {}
  void SendInitialMetadata() override {}
  bool NextMessageSize(uint32_t* sz) override {
    if (next_ >= messages_.size()) return false;
    *sz = static_cast<uint32_t>(messages_[next_].ByteSizeLong());
    return true;
  }
  bool Read(Request* msg) override {
    FUZZ_CHECK(next_ < messages_.size());  // the harness never over-reads
    *msg = messages_[next_++];
    return true;
  }
  size_t left() const { return messages_.size() - next_; }

 private:
  std::vector<Request> messages_;
  size_t next_ = 0;
};

/// Ends the data when the reader has nothing left (see the file comment).
template <typename Request>
class EndWhenDrained final : public core::ByteSource {
 public:
  EndWhenDrained(FakeReader<Request>* reader, core::ByteSource* inner)
      : reader_(reader), inner_(inner) {}
  absl::StatusOr<std::optional<std::string>> Next() override {
    if (reader_->left() == 0) return std::optional<std::string>();
    return inner_->Next();
  }

 private:
  FakeReader<Request>* reader_;
  core::ByteSource* inner_;
};

void FillHeader(fuzz::Bytes& in, v1::UploadHeader& h) {
  if (in.Bool()) h.set_workspace_id(in.String(40));
  if (in.Bool()) h.set_model_id(in.String(40));
  const int file = static_cast<int>(in.IntInRange(0, 3));
  if (file == 1) h.mutable_file()->set_id(in.Int64());
  if (file == 2) h.mutable_file()->set_name(in.String(20));
  if (file == 3) h.mutable_file();
  if (in.Bool()) h.set_chunk_size(in.Int64());
  if (in.Bool()) h.set_parallelism(static_cast<int32_t>(in.Int64()));
  if (in.Bool()) h.set_compression_level(static_cast<int32_t>(in.Int64()));
  if (in.Bool()) h.set_expected_size(in.Int64());
  if (in.Bool()) h.set_expected_sha256(in.String(70));
  h.set_allow_file_creation(in.Bool());
}

v1::UploadHeader& HeaderOf(v1::UploadFileRequest& r) {
  return *r.mutable_header();
}
v1::UploadHeader& HeaderOf(v1::UploadAndImportRequest& r) {
  return *r.mutable_header()->mutable_upload();
}
const v1::UploadHeader& HeaderOf(const v1::UploadFileRequest& r) {
  return r.header();
}
const v1::UploadHeader& HeaderOf(const v1::UploadAndImportRequest& r) {
  return r.header().upload();
}
const char* PrefixOf(const v1::UploadFileRequest&) { return "header"; }
const char* PrefixOf(const v1::UploadAndImportRequest&) {
  return "header.upload";
}

template <typename Request>
void Run(fuzz::Bytes& in) {
  std::vector<Request> messages;
  while (!in.empty() && messages.size() < 24) {
    Request m;
    switch (in.IntInRange(0, 4)) {
      case 0:
        FillHeader(in, HeaderOf(m));
        break;
      case 1:
      case 2:
        m.set_data(in.String(512));
        break;
      case 3:
        (void)m.ParseFromString(in.String(256));  // any bytes off the wire
        break;
      default:
        break;  // an empty message: neither header nor data
    }
    messages.push_back(std::move(m));
  }
  if (messages.empty() || messages[0].message_case() != Request::kHeader) {
    return;  // rejected before validation (covered by the gRPC tests)
  }
  const Request first = messages[0];
  const absl::Status checked =
      CheckUploadHeader(HeaderOf(first), PrefixOf(first));
  if (!checked.ok()) {
    FUZZ_CHECK(checked.code() == absl::StatusCode::kInvalidArgument);
    const std::string field = core::GetErrorInfo(checked).field;
    FUZZ_CHECK(absl::StartsWith(field, PrefixOf(first)));
    return;
  }
  const v1::UploadHeader& header = HeaderOf(first);
  // Validated values, shrunk so one input stays fast and small.
  core::ChunkUploadSettings settings;
  settings.chunk_size =
      1 + (header.chunk_size() == 0 ? 4095 : (header.chunk_size() - 1) % 4096);
  settings.parallelism =
      1 + (header.parallelism() == 0 ? 1 : (header.parallelism() - 1) % 3);
  settings.gzip_level =
      header.compression_level() == 0 ? 1 : header.compression_level();
  if (header.has_expected_size())
    settings.expected_size = header.expected_size();
  settings.expected_sha256 = header.expected_sha256();

  std::string data;
  bool misordered = false;
  for (size_t i = 1; i < messages.size(); ++i) {
    if (messages[i].message_case() != Request::kData) {
      misordered = true;
      break;
    }
    data += messages[i].data();
  }
  FakeReader<Request> reader(
      std::vector<Request>(messages.begin() + 1, messages.end()));
  grpc::ServerContext context;
  ServerReaderSource<Request> adapter(&reader, &context);
  EndWhenDrained<Request> source(&reader, &adapter);
  std::mutex mu;
  std::map<int64_t, std::string> chunks;
  auto put = [&](int64_t index, std::string gzipped, const core::CallContext&) {
    absl::StatusOr<std::string> raw = core::Gunzip(gzipped);
    FUZZ_CHECK(raw.ok());
    std::lock_guard<std::mutex> lock(mu);
    FUZZ_CHECK(chunks.emplace(index, *raw).second);  // each index once
    return absl::OkStatus();
  };
  absl::StatusOr<core::ChunkUploadStats> stats = core::UploadChunks(
      source, settings, put, core::CallContext::Background());
  if (misordered) {
    FUZZ_CHECK(!stats.ok());
    FUZZ_CHECK(stats.status().code() == absl::StatusCode::kInvalidArgument);
    FUZZ_CHECK(core::GetErrorInfo(stats.status()).field == "header");
    return;
  }
  core::Sha256 sha;
  sha.Update(data);
  const std::string true_sha = sha.FinishHex();
  std::string expected_sha = settings.expected_sha256;
  std::transform(
      expected_sha.begin(), expected_sha.end(), expected_sha.begin(),
      [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool size_ok =
      !settings.expected_size ||
      *settings.expected_size == static_cast<int64_t>(data.size());
  const bool sha_ok = expected_sha.empty() || expected_sha == true_sha;
  if (!size_ok || !sha_ok) {
    FUZZ_CHECK(!stats.ok());
    FUZZ_CHECK(stats.status().code() == absl::StatusCode::kDataLoss);
    return;
  }
  FUZZ_CHECK(stats.ok());
  FUZZ_CHECK(stats->bytes_received == static_cast<int64_t>(data.size()));
  FUZZ_CHECK(stats->sha256_hex == true_sha);
  std::string joined;
  for (const auto& [index, bytes] : chunks) joined += bytes;
  FUZZ_CHECK(joined == data);
  FUZZ_CHECK(stats->chunks_uploaded == static_cast<int64_t>(chunks.size()));
}

}  // namespace
}  // namespace anaplan::service

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  anaplan::fuzz::Bytes in(data, size);
  if (in.Bool()) {
    anaplan::service::Run<anaplan::v1::UploadFileRequest>(in);
  } else {
    anaplan::service::Run<anaplan::v1::UploadAndImportRequest>(in);
  }
  return 0;
}
