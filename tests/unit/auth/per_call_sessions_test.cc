// PerCallSessions: the bounded cache of callers' token sessions evicts the
// least recently used one and hands it back.

#include "anaplan_core/auth/per_call_sessions.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"

namespace anaplan::core::internal {
namespace {

class PerCallSessionsTest : public ::testing::Test {
 protected:
  PerCallSessions::Acquired Acquire(const std::string& key) {
    return sessions_.Acquire(key, [&] {
      ++made_;
      return std::make_shared<TokenSession>(
          MakeTokenCredentials("t-" + key), transport_,
          std::make_shared<anaplan::testing::FakeSleeper>(),
          TokenSessionOptions());
    });
  }

  std::shared_ptr<anaplan::testing::MockHttpTransport> transport_ =
      std::make_shared<anaplan::testing::MockHttpTransport>();
  PerCallSessions sessions_{2};
  int made_ = 0;
};

TEST_F(PerCallSessionsTest, SameKeySameSession) {
  auto first = Acquire("a");
  auto again = Acquire("a");
  EXPECT_EQ(first.session, again.session);
  EXPECT_EQ(first.evicted, nullptr);
  EXPECT_EQ(again.evicted, nullptr);
  EXPECT_EQ(made_, 1);
}

TEST_F(PerCallSessionsTest, EvictsTheLeastRecentlyUsed) {
  auto a = Acquire("a").session;
  auto b = Acquire("b").session;
  Acquire("a");  // Now b is the least recently used.
  auto c = Acquire("c");
  EXPECT_EQ(c.evicted, b);
  EXPECT_EQ(made_, 3);
  // a stayed; b comes back as a new session and pushes a out.
  auto b2 = Acquire("b");
  EXPECT_NE(b2.session, b);
  EXPECT_EQ(b2.evicted, a);
  EXPECT_EQ(sessions_.Snapshot(), (std::vector<std::shared_ptr<TokenSession>>{
                                      b2.session, c.session}));
}

TEST_F(PerCallSessionsTest, CapacityBelowOneKeepsOne) {
  PerCallSessions one(0);
  auto make = [&] {
    return std::make_shared<TokenSession>(
        MakeTokenCredentials("t"), transport_,
        std::make_shared<anaplan::testing::FakeSleeper>(),
        TokenSessionOptions());
  };
  auto x = one.Acquire("x", make);
  auto y = one.Acquire("y", make);
  EXPECT_EQ(y.evicted, x.session);
  EXPECT_EQ(one.Snapshot().size(), 1u);
}

}  // namespace
}  // namespace anaplan::core::internal
