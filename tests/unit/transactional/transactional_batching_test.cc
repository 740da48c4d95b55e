#include "anaplan_core/transactional/transactional_batching.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

TEST(BatcherTest, CutsAtTheLimitAndSendsTheRest) {
  std::vector<std::pair<size_t, int64_t>> sent;  // (size, offset)
  Batcher<int> batcher(3, [&](std::vector<int> batch, int64_t offset) {
    sent.emplace_back(batch.size(), offset);
    return absl::OkStatus();
  });
  for (int i = 0; i < 7; ++i) ASSERT_THAT(batcher.Add(i), IsOk());
  EXPECT_THAT(sent, ElementsAre(Pair(3, 0), Pair(3, 3)));
  ASSERT_THAT(batcher.Finish(), IsOk());
  EXPECT_THAT(sent, ElementsAre(Pair(3, 0), Pair(3, 3), Pair(1, 6)));
  EXPECT_EQ(batcher.count(), 7);
}

TEST(BatcherTest, ExactMultipleSendsNoEmptyBatch) {
  int calls = 0;
  Batcher<int> batcher(2, [&](std::vector<int> batch, int64_t) {
    EXPECT_FALSE(batch.empty());
    ++calls;
    return absl::OkStatus();
  });
  for (int i = 0; i < 4; ++i) ASSERT_THAT(batcher.Add(i), IsOk());
  ASSERT_THAT(batcher.Finish(), IsOk());
  EXPECT_EQ(calls, 2);
}

TEST(BatcherTest, EmptyStreamSendsNothing) {
  int calls = 0;
  Batcher<int> batcher(2, [&](std::vector<int>, int64_t) {
    ++calls;
    return absl::OkStatus();
  });
  ASSERT_THAT(batcher.Finish(), IsOk());
  EXPECT_EQ(calls, 0);
}

TEST(BatcherTest, FirstFailureSticks) {
  int calls = 0;
  Batcher<int> batcher(1, [&](std::vector<int>, int64_t) {
    ++calls;
    return absl::UnavailableError("down");
  });
  EXPECT_THAT(batcher.Add(1), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(batcher.Add(2), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(batcher.Finish(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(calls, 1);
}

TEST(MergeResultTest, SumsCountersAndOffsetsFailures) {
  ListItemsResult total;
  ListItemsResult a;
  a.added = 99'999;
  a.ignored = 1;
  a.total = 100'000;
  a.calls = 1;
  a.failures.push_back({5, "DUPLICATE_NAME", "x"});
  ListItemsResult b;
  b.added = 2;
  b.total = 3;
  b.ignored = 1;
  b.calls = 1;
  b.failures.push_back({2, "INCOMPLETE_DATA", "y"});
  MergeResult(total, a, 0);
  MergeResult(total, b, kMaxListItemsPerCall);
  EXPECT_EQ(total.added, 100'001);
  EXPECT_EQ(total.ignored, 2);
  EXPECT_EQ(total.total, 100'003);
  EXPECT_EQ(total.calls, 2);
  ASSERT_EQ(total.failures.size(), 2u);
  EXPECT_EQ(total.failures[0].request_index, 5);
  EXPECT_EQ(total.failures[1].request_index, 100'002);

  WriteCellsResult cells;
  WriteCellsResult part;
  part.number_of_cells_changed = 10;
  part.calls = 1;
  part.failures.push_back({0, "INCORRECT_FORMAT", ""});
  MergeResult(cells, part, 0);
  MergeResult(cells, part, kMaxCellsPerCall);
  EXPECT_EQ(cells.number_of_cells_changed, 20);
  EXPECT_EQ(cells.failures[1].request_index, kMaxCellsPerCall);
}

}  // namespace
}  // namespace anaplan::core
