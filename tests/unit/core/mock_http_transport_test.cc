#include "anaplan_core/testing/mock_http_transport.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::testing {
namespace {

using ::testing::HasSubstr;

core::HttpRequest Req(const std::string& method, const std::string& url) {
  core::HttpRequest request;
  request.method = method;
  request.url = url;
  return request;
}

TEST(MockHttpTransportTest, QueuedThenDefaultThenUnmatched) {
  MockHttpTransport mock;
  mock.AddResponse("GET", "/a$", MakeResponse(503), 2);
  mock.SetDefault("GET", "/a$", JsonResponse("{}"));
  mock.SetHandler(
      "PUT", "/chunks/[0-9]+$",
      [](const core::HttpRequest& request, const core::CallContext&) {
        return absl::StatusOr<core::HttpResponse>(
            MakeResponse(204, request.body));
      });
  core::CallContext ctx;
  EXPECT_EQ(mock.Send(Req("GET", "http://h/a"), ctx)->status, 503);
  EXPECT_EQ(mock.Send(Req("GET", "http://h/a"), ctx)->status, 503);
  EXPECT_EQ(mock.Send(Req("GET", "http://h/a"), ctx)->status, 200);
  auto put = Req("PUT", "http://h/chunks/12");
  put.body = "xyz";
  EXPECT_EQ(mock.Send(put, ctx)->body, "xyz");
  EXPECT_THAT(
      mock.Send(Req("GET", "http://h/b"), ctx),
      StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("GET http://h/b")));
  EXPECT_EQ(mock.CountOf("GET", "/a$"), 3);
  EXPECT_EQ(mock.CountOf("", ""), 5);
  EXPECT_EQ(mock.total_count(), 5);
  EXPECT_EQ(mock.unmatched_count(), 1);
  EXPECT_EQ(mock.requests()[3].body, "xyz");
}

TEST(FakeSleeperTest, RecordsAndHonoursCancellation) {
  FakeSleeper sleeper;
  FakeClock clock;
  const absl::Time start = clock.Now();
  sleeper.set_on_sleep([&](absl::Duration d) { clock.Advance(d); });
  EXPECT_THAT(sleeper.Sleep(absl::Seconds(2), core::CallContext()), IsOk());
  core::CallContext cancelled;
  cancelled.cancelled = [] { return true; };
  EXPECT_THAT(sleeper.Sleep(absl::Seconds(1), cancelled),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(sleeper.delays().size(), 2u);
  EXPECT_EQ(sleeper.total(), absl::Seconds(3));
  EXPECT_EQ(clock.Now() - start, absl::Seconds(3));
}

}  // namespace
}  // namespace anaplan::testing
