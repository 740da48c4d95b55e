// Pre-compressed chunk storage: a chunk downloaded with gzip accepted is
// sent from its stored gzip form (the uploaded member, or one made once),
// never a stale one after the chunk changed.

#include <string>

#include "emulator/gzip.h"
#include "tests/emulator/emulator_test_util.h"

namespace anaplan::emulator::testing {
namespace {

class ChunkGzipTest : public EmulatorTest {
 protected:
  std::string ChunkPath(int index) {
    return Bulk(std::string("/files/") + kSalesFile + "/chunks/" +
                std::to_string(index));
  }

  void Put(int index, const std::string& body, const char* type) {
    auto res = client_->Put(ChunkPath(index), Auth(), body, type);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 204) << res->body;
  }

  /// The chunk's body as sent, with gzip accepted (not decompressed here).
  std::string GetGzip(int index) {
    auto client = NewClient();
    client->set_decompress(false);
    httplib::Headers headers = Auth();
    headers.emplace("Accept-Encoding", "gzip");
    auto res = client->Get(ChunkPath(index), headers);
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
    return res->body;
  }

  static std::string Csv(int rows, const std::string& tag) {
    std::string out = "Region,Month,Revenue\n";
    for (int i = 0; i < rows; ++i) {
      out +=
          tag + std::to_string(i) + ",Jan 24," + std::to_string(i * 7) + "\n";
    }
    return out;
  }
};

TEST_F(ChunkGzipTest, OneMemberUploadIsServedAsUploaded) {
  PostJson(Bulk(std::string("/files/") + kSalesFile), R"({"chunkCount":2})");
  const std::string a = Csv(5000, "a"), b = Csv(10, "b");
  const std::string a_gz = Gzip(a);
  Put(0, a_gz, "application/x-gzip");
  Put(1, b, "application/octet-stream");
  EXPECT_EQ(GetGzip(0), a_gz);  // The stored member, byte for byte.
  // A raw chunk is compressed once, then served from storage.
  const std::string b_gz = GetGzip(1);
  EXPECT_EQ(*Gunzip(b_gz), b);
  EXPECT_EQ(GetGzip(1), b_gz);
  // Without gzip accepted the plain bytes come back.
  auto plain = client_->Get(ChunkPath(0), Auth());
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(plain->body, a);
}

TEST_F(ChunkGzipTest, SeveralMembersAreReencodedAsOne) {
  PostJson(Bulk(std::string("/files/") + kSalesFile), R"({"chunkCount":1})");
  const std::string a = Csv(100, "x"), b = Csv(100, "y");
  Put(0, Gzip(a) + Gzip(b), "application/x-gzip");
  const std::string sent = GetGzip(0);
  int members = 0;
  auto inflated = Gunzip(sent, &members);
  ASSERT_TRUE(inflated.ok()) << inflated.status();
  EXPECT_EQ(members, 1);  // A client stops after the first member.
  EXPECT_EQ(*inflated, a + b);
}

TEST_F(ChunkGzipTest, ChangedChunksNeverServeAStaleForm) {
  const std::string file = Bulk(std::string("/files/") + kSalesFile);
  PostJson(file, R"({"chunkCount":1})");
  Put(0, Gzip(Csv(50, "old")), "application/x-gzip");
  EXPECT_EQ(*Gunzip(GetGzip(0)), Csv(50, "old"));
  Put(0, Csv(60, "raw"), "application/octet-stream");  // Replaced by index.
  EXPECT_EQ(*Gunzip(GetGzip(0)), Csv(60, "raw"));
  PostJson(file, R"({"chunkCount":1})");  // Resets the content.
  Put(0, Gzip(Csv(70, "new")), "application/gzip");
  EXPECT_EQ(*Gunzip(GetGzip(0)), Csv(70, "new"));
  // Export output is rewritten by every export run.
  const std::string export_chunk =
      Bulk(std::string("/files/") + kEmployeesExport + "/chunks/0");
  for (int run = 0; run < 2; ++run) {
    if (run == 1) {  // Smaller chunks: chunk 0 changes.
      auto res =
          client_->Put("/__emulator/settings", R"({"export_chunk_size":100})",
                       "application/json");
      ASSERT_TRUE(res && res->status == 200);
    }
    std::string task = StartTask("exports", kEmployeesExport);
    WaitTask("exports", kEmployeesExport, task);
    auto client = NewClient();
    client->set_decompress(false);
    httplib::Headers headers = Auth();
    headers.emplace("Accept-Encoding", "gzip");
    auto gz = client->Get(export_chunk, headers);
    auto plain = client_->Get(export_chunk, Auth());
    ASSERT_TRUE(gz && plain);
    EXPECT_EQ(*Gunzip(gz->body), plain->body);
    EXPECT_EQ(plain->body.size() <= 100, run == 1);
  }
}

}  // namespace
}  // namespace anaplan::emulator::testing
