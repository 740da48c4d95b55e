// Bulk file upload/download protocol over real HTTP.

#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include "emulator/gzip.h"
#include "tests/emulator/emulator_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace anaplan::emulator::testing {
namespace {

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(gen() & 0xFF);
  return out;
}

class FilesTest : public EmulatorTest {
 protected:
  rapidjson::Document FileInfo(const std::string& file_id) {
    auto res = client_->Get(std::string("/__emulator/files/") + kDemoWorkspace +
                            "/" + kDemoModel + "/" + file_id);
    EXPECT_TRUE(res);
    return Parse(res ? res->body : "{}");
  }

  int PutChunk(const std::string& file_id, int index, const std::string& body,
               const char* type) {
    auto res = client_->Put(
        Bulk("/files/" + file_id + "/chunks/" + std::to_string(index)), Auth(),
        body, type);
    return res ? res->status : -1;
  }
};

TEST_F(FilesTest, OutOfOrderGzipChunksWithCompleteRoundTrip) {
  const std::string parts[] = {RandomBytes(300000, 1), RandomBytes(5, 2),
                               RandomBytes(120000, 3)};
  rapidjson::Document set =
      PostJson(Bulk("/files/113000000001"), R"({"chunkCount":-1})");
  EXPECT_STREQ(set["file"]["id"].GetString(), "113000000001");
  EXPECT_EQ(set["file"]["chunkCount"].GetInt(), -1);
  for (int i : {2, 0, 1}) {
    EXPECT_EQ(PutChunk("113000000001", i, Gzip(parts[i]), "application/x-gzip"),
              204);
  }
  rapidjson::Document done =
      PostJson(Bulk("/files/113000000001/complete"), R"({"id":113000000001})");
  EXPECT_EQ(done["file"]["chunkCount"].GetInt(), 3);

  const std::string whole = parts[0] + parts[1] + parts[2];
  auto res = client_->Get(Bulk("/files/113000000001"), Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/octet-stream");
  EXPECT_TRUE(res->body == whole);
  auto chunk = client_->Get(Bulk("/files/113000000001/chunks/1"), Auth());
  EXPECT_EQ(chunk->body, parts[1]);
  rapidjson::Document chunks = GetJson(Bulk("/files/113000000001/chunks"));
  ASSERT_EQ(chunks["chunks"].Size(), 3u);
  EXPECT_STREQ(chunks["chunks"][2]["name"].GetString(), "Chunk 2");

  rapidjson::Document info = FileInfo("113000000001");
  EXPECT_EQ(info["size"].GetInt64(), static_cast<int64_t>(whole.size()));
  EXPECT_EQ(info["sha256"].GetStringLength(), 64u);
  EXPECT_EQ(info["complete_calls"].GetInt(), 1);
  EXPECT_EQ(info["chunk_put_attempts"].GetInt(), 3);
  EXPECT_EQ(info["chunks_present"].Size(), 3u);
  rapidjson::Document listing = GetJson(Bulk("/files"));
  EXPECT_EQ(listing["files"][1]["chunkCount"].GetInt(), 3);
}

TEST_F(FilesTest, KnownChunkCountRejectsIndexOutOfRangeAndBadGzip) {
  PostJson(Bulk("/files/113000000000"), R"({"chunkCount":2})");
  EXPECT_EQ(PutChunk("113000000000", 2, "x", "application/octet-stream"), 400);
  EXPECT_EQ(PutChunk("113000000000", 0, "not gzip", "application/x-gzip"), 400);
  EXPECT_EQ(PutChunk("113000000000", 1, "b", "application/octet-stream"), 204);
  EXPECT_EQ(PutChunk("113000000000", 0, "a", "application/octet-stream"), 204);
  auto res = client_->Get(Bulk("/files/113000000000"), Auth());
  EXPECT_EQ(res->body, "ab");
  EXPECT_EQ(FileInfo("113000000000")["chunk_put_attempts"].GetInt(), 4);
}

TEST_F(FilesTest, CompleteRequiresContiguousChunks) {
  PostJson(Bulk("/files/113000000000"), R"({"chunkCount":-1})");
  EXPECT_EQ(PutChunk("113000000000", 0, "a", "application/octet-stream"), 204);
  EXPECT_EQ(PutChunk("113000000000", 2, "c", "application/octet-stream"), 204);
  PostJson(Bulk("/files/113000000000/complete"), R"({"id":"113000000000"})",
           400);
}

TEST_F(FilesTest, EmptyFileIs404AndChunkListOmitsKey) {
  PostJson(Bulk("/files/113000000000"), R"({"chunkCount":0})");
  auto res = client_->Get(Bulk("/files/113000000000"), Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  rapidjson::Document chunks = GetJson(Bulk("/files/113000000000/chunks"));
  EXPECT_FALSE(chunks.HasMember("chunks"));
  EXPECT_EQ(chunks["meta"]["paging"]["totalSize"].GetInt(), 0);
  GetJson(Bulk("/files/113000000000/chunks/0"), 404);
}

TEST_F(FilesTest, WholeFilePutAndDelete) {
  auto put = client_->Put(Bulk("/files/113000000000"), Auth(), "Name\nA\n",
                          "application/octet-stream");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 204);
  EXPECT_EQ(client_->Get(Bulk("/files/113000000000"), Auth())->body,
            "Name\nA\n");
  auto del = client_->Delete(Bulk("/files/113000000000"), Auth());
  EXPECT_EQ(del->status, 204);
  EXPECT_EQ(client_->Get(Bulk("/files/113000000000"), Auth())->status, 404);
}

TEST_F(FilesTest, UnknownIdCreatesFileUnless113) {
  rapidjson::Document created =
      PostJson(Bulk("/files/MyUpload.csv"), R"({"chunkCount":1})");
  std::string new_id = created["file"]["id"].GetString();
  EXPECT_NE(new_id, "MyUpload.csv");
  EXPECT_EQ(new_id.substr(0, 3), "113");
  EXPECT_STREQ(created["file"]["name"].GetString(), "MyUpload.csv");
  // Later requests by the original segment reach the new file.
  EXPECT_EQ(PutChunk("MyUpload.csv", 0, "x", "application/octet-stream"), 204);
  EXPECT_EQ(client_->Get(Bulk("/files/" + new_id), Auth())->body, "x");
  PostJson(Bulk("/files/113999999999"), R"({"chunkCount":1})", 404);
}

// Sends a PUT with `Expect: 100-continue` over a raw socket and checks that
// the interim response comes before the body is sent, without a stall.
TEST_F(FilesTest, ExpectContinueIsAnsweredPromptly) {
  PostJson(Bulk("/files/113000000000"), R"({"chunkCount":1})");
  const std::string body = RandomBytes(2 << 20, 7);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(emulator_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  timeval timeout{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  const std::string head =
      "PUT " + Bulk("/files/113000000000/chunks/0") +
      " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
      "Authorization: " + Auth().begin()->second +
      "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(::send(fd, head.data(), head.size(), 0),
            static_cast<ssize_t>(head.size()));
  char buffer[256];
  ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buffer, n).rfind("HTTP/1.1 100 Continue", 0), 0u);
  for (size_t sent = 0; sent < body.size();) {
    ssize_t w = ::send(fd, body.data() + sent, body.size() - sent, 0);
    ASSERT_GT(w, 0);
    sent += static_cast<size_t>(w);
  }
  n = ::recv(fd, buffer, sizeof(buffer), 0);
  ::close(fd);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buffer, n).rfind("HTTP/1.1 204", 0), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(900));
  EXPECT_EQ(FileInfo("113000000000")["size"].GetInt64(),
            static_cast<int64_t>(body.size()));
  auto log = client_->Get("/__emulator/requests?path=chunks/0");
  rapidjson::Document entries = Parse(log->body);
  ASSERT_EQ(entries.Size(), 1u);
  EXPECT_STREQ(entries[0]["expect"].GetString(), "100-continue");
}

TEST_F(FilesTest, ParallelChunkUploadsOnSeparateConnections) {
  constexpr int kChunks = 16;
  PostJson(Bulk("/files/113000000000"),
           "{\"chunkCount\":" + std::to_string(kChunks) + "}");
  std::vector<std::string> parts;
  for (int i = 0; i < kChunks; ++i)
    parts.push_back(RandomBytes(50000, 100 + i));
  const httplib::Headers auth = Auth();
  std::vector<std::thread> threads;
  std::vector<int> statuses(kChunks, 0);
  for (int i = kChunks - 1; i >= 0; --i) {
    threads.emplace_back([&, i] {
      auto client = NewClient();
      // Alternate the two path forms.
      std::string path =
          (i % 2 == 0 ? Bulk("") : std::string("/2/0/models/") + kDemoModel) +
          "/files/113000000000/chunks/" + std::to_string(i);
      auto res = client->Put(path, auth, Gzip(parts[i]), "application/x-gzip");
      statuses[i] = res ? res->status : -1;
    });
  }
  for (std::thread& t : threads) t.join();
  std::string whole;
  for (int i = 0; i < kChunks; ++i) {
    EXPECT_EQ(statuses[i], 204) << i;
    whole += parts[i];
  }
  auto res = client_->Get(Bulk("/files/113000000000"), Auth());
  ASSERT_TRUE(res);
  EXPECT_TRUE(res->body == whole);
  EXPECT_EQ(FileInfo("113000000000")["chunk_put_attempts"].GetInt(), kChunks);
}

TEST_F(FilesTest, LargeChunkUpload) {
  const std::string big = RandomBytes(24 << 20, 9);
  PostJson(Bulk("/files/113000000001"), R"({"chunkCount":1})");
  EXPECT_EQ(PutChunk("113000000001", 0, Gzip(big), "application/x-gzip"), 204);
  auto res = client_->Get(Bulk("/files/113000000001/chunks/0"), Auth());
  ASSERT_TRUE(res);
  EXPECT_TRUE(res->body == big);
}

}  // namespace
}  // namespace anaplan::emulator::testing
