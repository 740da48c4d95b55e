#include "service/stream_adapters.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anaplan::service {
namespace {

class ChunkingSinkTest : public ::testing::Test {
 protected:
  ChunkingSink sink_{[this](DataPiece piece) {
    pieces_.push_back(std::move(piece));
    return accept_;
  }};
  std::vector<DataPiece> pieces_;
  bool accept_ = true;
};

TEST_F(ChunkingSinkTest, CoalescesSmallWritesWithinAChunk) {
  ASSERT_TRUE(sink_.Start(300).ok());
  ASSERT_TRUE(sink_.Write(std::string(100, 'a'), 0, 0).ok());
  ASSERT_TRUE(sink_.Write(std::string(100, 'b'), 100, 0).ok());
  EXPECT_TRUE(pieces_.empty());
  ASSERT_TRUE(sink_.Write(std::string(100, 'c'), 200, 1).ok());  // new chunk
  ASSERT_EQ(pieces_.size(), 1u);
  EXPECT_EQ(pieces_[0].data.size(), 200u);
  EXPECT_TRUE(pieces_[0].first);
  EXPECT_EQ(pieces_[0].total_size, 300);
  ASSERT_TRUE(sink_.Finish().ok());
  ASSERT_EQ(pieces_.size(), 2u);
  EXPECT_FALSE(pieces_[1].first);
  EXPECT_EQ(pieces_[1].offset, 200);
  EXPECT_EQ(pieces_[1].chunk_index, 1);
}

TEST_F(ChunkingSinkTest, CutsLargeWritesAtOneMebibyte) {
  const std::string big(kMaxMessageData * 2 + 10, 'x');
  ASSERT_TRUE(sink_.Write(big, 0, 0).ok());
  ASSERT_TRUE(sink_.Finish().ok());
  ASSERT_EQ(pieces_.size(), 3u);
  EXPECT_EQ(pieces_[0].data.size(), kMaxMessageData);
  EXPECT_EQ(pieces_[1].offset, static_cast<int64_t>(kMaxMessageData));
  EXPECT_EQ(pieces_[2].data.size(), 10u);
}

TEST_F(ChunkingSinkTest, EmptyDataStillSendsTheFirstPiece) {
  ASSERT_TRUE(sink_.Start(0).ok());
  ASSERT_TRUE(sink_.Finish().ok());
  ASSERT_EQ(pieces_.size(), 1u);
  EXPECT_TRUE(pieces_[0].first);
  EXPECT_TRUE(pieces_[0].data.empty());
}

TEST_F(ChunkingSinkTest, GonePeerIsCancelled) {
  accept_ = false;
  absl::Status status = sink_.Write(std::string(kMinMessageData, 'x'), 0, 0);
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace anaplan::service
