// The count-only chunk sink (--sink_mode=count, emulator/sink.h): the same
// size and SHA-256 as store mode, chunks in any order, no bytes kept.

#include <random>
#include <string>

#include "emulator/gzip.h"
#include "tests/emulator/emulator_test_util.h"

namespace anaplan::emulator::testing {
namespace {

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(gen() & 0xFF);
  return out;
}

class SinkTest : public EmulatorTest {
 protected:
  rapidjson::Document FileInfo(const std::string& file_id) {
    auto res = client_->Get(std::string("/__emulator/files/") + kDemoWorkspace +
                            "/" + kDemoModel + "/" + file_id);
    EXPECT_TRUE(res);
    return Parse(res ? res->body : "{}");
  }

  int PutChunk(const std::string& file_id, int index, const std::string& body) {
    auto res = client_->Put(
        Bulk("/files/" + file_id + "/chunks/" + std::to_string(index)), Auth(),
        body, "application/x-gzip");
    return res ? res->status : -1;
  }

  // Uploads parts in `order` to `file_id` and completes it.
  void Upload(const std::string& file_id, const std::string (&parts)[3],
              std::initializer_list<int> order) {
    PostJson(Bulk("/files/" + file_id), R"({"chunkCount":3})");
    for (int i : order) EXPECT_EQ(PutChunk(file_id, i, Gzip(parts[i])), 204);
    rapidjson::Document done =
        PostJson(Bulk("/files/" + file_id + "/complete"), "{}");
    EXPECT_EQ(done["file"]["chunkCount"].GetInt(), 3);
  }

  void SetSinkMode(const char* mode) {
    auto res = client_->Put("/__emulator/settings",
                            std::string(R"({"sink_mode":")") + mode + "\"}",
                            "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(Parse(res->body)["sink_mode"].GetString(), std::string(mode));
  }
};

TEST_F(SinkTest, CountModeReportsTheStoredSizeAndDigestWithoutTheBytes) {
  const std::string parts[3] = {RandomBytes(300000, 1), RandomBytes(5, 2),
                                RandomBytes(120000, 3)};
  Upload("113000000000", parts, {0, 1, 2});  // Store mode: the reference.
  rapidjson::Document stored = FileInfo("113000000000");

  SetSinkMode("count");
  Upload("113000000001", parts, {2, 0, 1});  // Out of order, as in parallel.
  rapidjson::Document counted = FileInfo("113000000001");
  EXPECT_EQ(counted["size"].GetInt64(), stored["size"].GetInt64());
  EXPECT_STREQ(counted["sha256"].GetString(), stored["sha256"].GetString());
  EXPECT_EQ(counted["chunks_present"].Size(), 3u);
  // The bytes were not kept.
  auto content = client_->Get(Bulk("/files/113000000001"), Auth());
  ASSERT_TRUE(content);
  EXPECT_EQ(content->status, 404);
  // Gzip is still verified.
  PostJson(Bulk("/files/113000000001"), R"({"chunkCount":1})");
  EXPECT_EQ(PutChunk("113000000001", 0, "not gzip"), 400);

  SetSinkMode("store");
  Upload("113000000001", parts, {1, 2, 0});
  auto again = client_->Get(Bulk("/files/113000000001"), Auth());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, parts[0] + parts[1] + parts[2]);
}

TEST_F(SinkTest, CountModeCompleteNeedsEveryChunk) {
  SetSinkMode("count");
  PostJson(Bulk("/files/113000000001"), R"({"chunkCount":3})");
  EXPECT_EQ(PutChunk("113000000001", 0, Gzip("a")), 204);
  EXPECT_EQ(PutChunk("113000000001", 2, Gzip("c")), 204);
  auto res = client_->Post(Bulk("/files/113000000001/complete"), Auth(), "{}",
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

}  // namespace
}  // namespace anaplan::emulator::testing
