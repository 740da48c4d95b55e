#include "service/stream_adapters.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anaplan::service {
namespace {

class ChunkingSinkTest : public ::testing::Test {
 protected:
  ChunkingSink sink_{[this](DataPiece& piece) {
    pieces_.push_back(piece);
    if (give_back_) {
      // As WriteWithPieceData does: the buffer stays with the piece.
      buffers_.push_back(piece.data.data());
    } else {
      piece.data = std::string();  // taken (as a moved-into message would)
    }
    return accept_;
  }};
  std::vector<DataPiece> pieces_;
  std::vector<const char*> buffers_;
  bool give_back_ = false;
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

TEST_F(ChunkingSinkTest, ReusesTheBufferTheEmitterGivesBack) {
  give_back_ = true;
  const std::string big(kMaxMessageData * 4, 'x');
  ASSERT_TRUE(sink_.Write(big, 0, 0).ok());
  ASSERT_TRUE(
      sink_.Write(std::string(kMinMessageData, 'y'), big.size(), 0).ok());
  ASSERT_TRUE(sink_.Finish().ok());
  ASSERT_EQ(pieces_.size(), 5u);
  EXPECT_EQ(pieces_[4].data, std::string(kMinMessageData, 'y'));
  // One buffer per message would give five addresses; recycling gives at
  // most two (the one being filled and the one given back).
  std::vector<const char*> distinct = buffers_;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  EXPECT_LE(distinct.size(), 2u);
  for (size_t i = 0; i + 1 < 4; ++i) {
    EXPECT_EQ(pieces_[i].data, std::string(kMaxMessageData, 'x')) << i;
    EXPECT_EQ(pieces_[i].offset, static_cast<int64_t>(i * kMaxMessageData));
  }
}

TEST_F(ChunkingSinkTest, GonePeerIsCancelled) {
  accept_ = false;
  absl::Status status = sink_.Write(std::string(kMinMessageData, 'x'), 0, 0);
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace anaplan::service
