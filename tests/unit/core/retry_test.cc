#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/retry/backoff_policy.h"
#include "anaplan_core/retry/real_sleeper.h"
#include "anaplan_core/retry/retry_after.h"
#include "anaplan_core/retry/retry_budget.h"
#include "anaplan_core/retry/retry_loop.h"
#include "anaplan_core/retry/retry_policy.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::FakeSleeper;
using ::anaplan::testing::IsOkAndHolds;
using ::anaplan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;

RetryOptions Options(int attempts) {
  RetryOptions options;
  options.max_attempts = attempts;
  options.backoff = absl::Seconds(1);
  options.backoff_factor = 2.0;
  options.max_backoff = absl::Seconds(5);
  return options;
}

absl::Status HttpError(absl::StatusCode code, int http_status,
                       std::optional<absl::Duration> retry_after = {}) {
  ErrorInfo info;
  info.http_status = http_status;
  info.retry_after = retry_after;
  return MakeError(code, absl::StrCat("HTTP ", http_status), info);
}

TEST(BackoffPolicyTest, GrowsThenCaps) {
  BackoffPolicy backoff(Options(9), [] { return 0.999999; });
  EXPECT_EQ(backoff.Ceiling(1), absl::Seconds(1));
  EXPECT_EQ(backoff.Ceiling(2), absl::Seconds(2));
  EXPECT_EQ(backoff.Ceiling(3), absl::Seconds(4));
  EXPECT_EQ(backoff.Ceiling(4), absl::Seconds(5));
  EXPECT_EQ(backoff.Ceiling(60), absl::Seconds(5));
  EXPECT_GT(backoff.Delay(3), absl::Milliseconds(3999));
}

TEST(BackoffPolicyTest, FullJitterSpansTheInterval) {
  BackoffPolicy zero(Options(3), [] { return 0.0; });
  EXPECT_EQ(zero.Delay(3), absl::ZeroDuration());
  BackoffPolicy half(Options(3), [] { return 0.5; });
  EXPECT_EQ(half.Delay(3), absl::Seconds(2));
  BackoffPolicy real(Options(3));
  absl::Duration low = absl::InfiniteDuration(), high = absl::ZeroDuration();
  for (int i = 0; i < 500; ++i) {
    absl::Duration d = real.Delay(3);
    ASSERT_GE(d, absl::ZeroDuration());
    ASSERT_LE(d, absl::Seconds(4));
    low = std::min(low, d);
    high = std::max(high, d);
  }
  EXPECT_LT(low, absl::Seconds(1));
  EXPECT_GT(high, absl::Seconds(3));
}

TEST(RetryAfterTest, ParsesBothForms) {
  const absl::Time now =
      absl::FromUnixSeconds(784111777);  // 06 Nov 1994 08:49:37
  EXPECT_EQ(ParseRetryAfter("120", now), absl::Seconds(120));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now),
            absl::Seconds(10));
  EXPECT_EQ(ParseRetryAfter("Sunday, 06-Nov-94 08:49:57 GMT", now),
            absl::Seconds(20));
  EXPECT_EQ(ParseRetryAfter("Sun Nov  6 08:50:07 1994", now),
            absl::Seconds(30));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now),
            absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter("", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5", now), std::nullopt);
}

TEST(RetryPolicyTest, ClassifiesTransientAndIdempotency) {
  RetryPolicy policy(3);
  CallContext ctx;
  const auto idem = Idempotency::kIdempotent;
  const auto non = Idempotency::kNonIdempotent;
  EXPECT_TRUE(policy.MayRetry(HttpError(absl::StatusCode::kUnavailable, 500),
                              idem, ctx));
  EXPECT_FALSE(policy.MayRetry(HttpError(absl::StatusCode::kUnavailable, 500),
                               non, ctx));
  EXPECT_TRUE(policy.MayRetry(HttpError(absl::StatusCode::kUnavailable, 503),
                              non, ctx));
  EXPECT_TRUE(policy.MayRetry(
      HttpError(absl::StatusCode::kResourceExhausted, 429), non, ctx));
  EXPECT_FALSE(
      policy.MayRetry(HttpError(absl::StatusCode::kNotFound, 404), idem, ctx));
  EXPECT_FALSE(policy.MayRetry(absl::DeadlineExceededError("t"), non, ctx));
  EXPECT_TRUE(policy.MayRetry(absl::DeadlineExceededError("t"), idem, ctx));
  absl::Status refused = absl::UnavailableError("connect refused");
  MarkRequestNotSent(refused);
  EXPECT_TRUE(policy.MayRetry(refused, non, ctx));
  EXPECT_FALSE(policy.MayRetry(absl::UnavailableError("reset"), non, ctx));
  EXPECT_FALSE(policy.MayRetry(absl::CancelledError("c"), idem, ctx));
  // Once the caller's deadline passed, nothing is transient.
  CallContext expired;
  expired.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_FALSE(
      policy.MayRetry(absl::DeadlineExceededError("t"), idem, expired));
}

class RetryLoopTest : public ::testing::Test {
 protected:
  RetryLoopParams Params(int attempts,
                         Idempotency idem = Idempotency::kIdempotent) {
    policy_ = std::make_unique<RetryPolicy>(attempts);
    RetryLoopParams params;
    params.policy = policy_.get();
    params.backoff = &backoff_;
    params.budget = &budget_;
    params.sleeper = &sleeper_;
    params.idempotency = idem;
    params.operation = "GET /2/0/workspaces";
    return params;
  }
  // Fails with `failures` in order, then succeeds with 7.
  absl::StatusOr<int> Run(const RetryLoopParams& params,
                          std::vector<absl::Status> failures,
                          const CallContext& ctx = CallContext()) {
    return RetryLoop<int>(params, ctx, [&](int n) -> absl::StatusOr<int> {
      ++calls_;
      if (static_cast<size_t>(n) <= failures.size()) return failures[n - 1];
      return 7;
    });
  }

  BackoffPolicy backoff_{Options(5), [] { return 0.5; }};
  std::unique_ptr<RetryPolicy> policy_;
  RetryBudget budget_;
  FakeSleeper sleeper_;
  int calls_ = 0;
};

TEST_F(RetryLoopTest, RetriesTransientWithGrowingDelays) {
  auto failure = HttpError(absl::StatusCode::kUnavailable, 503);
  EXPECT_THAT(Run(Params(5), {failure, failure, failure}), IsOkAndHolds(Eq(7)));
  EXPECT_EQ(calls_, 4);
  EXPECT_THAT(
      sleeper_.delays(),
      ElementsAre(absl::Milliseconds(500), absl::Seconds(1), absl::Seconds(2)));
}

TEST_F(RetryLoopTest, ExhaustionKeepsCodeAndNamesTheOperation) {
  auto failure = HttpError(absl::StatusCode::kUnavailable, 503);
  auto result = Run(Params(3), {failure, failure, failure});
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnavailable,
                               HasSubstr("GET /2/0/workspaces failed after 3 "
                                         "attempts: HTTP 503")));
  EXPECT_EQ(GetErrorInfo(result.status()).http_status, 503);
  EXPECT_EQ(calls_, 3);
}

TEST_F(RetryLoopTest, PermanentFailureStopsAtOnce) {
  auto result = Run(Params(5), {HttpError(absl::StatusCode::kNotFound, 404)});
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kNotFound, "HTTP 404"));
  EXPECT_EQ(calls_, 1);
  EXPECT_TRUE(sleeper_.delays().empty());
}

TEST_F(RetryLoopTest, RetryAfterIsAFloorInBothForms) {
  auto secs =
      HttpError(absl::StatusCode::kResourceExhausted, 429, absl::Seconds(3));
  EXPECT_THAT(Run(Params(3), {secs}), IsOkAndHolds(Eq(7)));
  const absl::Time soon =
      absl::Now() + absl::Seconds(4) + absl::Milliseconds(500);
  auto date_wait = ParseRetryAfter(
      absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", soon, absl::UTCTimeZone()));
  ASSERT_TRUE(date_wait.has_value());
  auto dated = HttpError(absl::StatusCode::kResourceExhausted, 429, date_wait);
  EXPECT_THAT(Run(Params(3), {dated}), IsOkAndHolds(Eq(7)));
  auto delays = sleeper_.delays();
  ASSERT_EQ(delays.size(), 2u);
  EXPECT_EQ(delays[0], absl::Seconds(3));
  EXPECT_GE(delays[1], absl::Seconds(3));
  EXPECT_LE(delays[1], absl::Seconds(5));
}

TEST_F(RetryLoopTest, SmallRetryAfterDoesNotShortenBackoff) {
  auto failure =
      HttpError(absl::StatusCode::kUnavailable, 503, absl::Milliseconds(1));
  EXPECT_THAT(Run(Params(3), {failure}), IsOkAndHolds(Eq(7)));
  EXPECT_THAT(sleeper_.delays(), ElementsAre(absl::Milliseconds(500)));
}

TEST_F(RetryLoopTest, RetryAfterBeyondCapFailsAtOnce) {
  auto failure =
      HttpError(absl::StatusCode::kResourceExhausted, 429, absl::Seconds(60));
  auto result = Run(Params(5), {failure});
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(GetErrorInfo(result.status()).retry_after, absl::Seconds(60));
  EXPECT_EQ(calls_, 1);
}

TEST_F(RetryLoopTest, WaitPastDeadlineStopsWithRetryAfter) {
  CallContext ctx = CallContext::WithTimeout(absl::Seconds(2));
  auto failure =
      HttpError(absl::StatusCode::kResourceExhausted, 429, absl::Seconds(4));
  auto result = Run(Params(5), {failure}, ctx);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(GetErrorInfo(result.status()).retry_after, absl::Seconds(4));
  EXPECT_EQ(calls_, 1);
  EXPECT_TRUE(sleeper_.delays().empty());
}

TEST_F(RetryLoopTest, NonIdempotentStopsAfterAmbiguousFailure) {
  auto params = Params(5, Idempotency::kNonIdempotent);
  EXPECT_THAT(Run(params, {HttpError(absl::StatusCode::kUnavailable, 500)}),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(calls_, 1);
  EXPECT_THAT(Run(params, {absl::DeadlineExceededError("timeout")}),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_EQ(calls_, 2);
  absl::Status refused = absl::UnavailableError("refused");
  MarkRequestNotSent(refused);
  EXPECT_THAT(
      Run(params, {refused, HttpError(absl::StatusCode::kUnavailable, 503)}),
      IsOkAndHolds(Eq(7)));
  EXPECT_EQ(calls_, 5);
}

TEST_F(RetryLoopTest, BudgetBoundsRetriesAcrossCalls) {
  auto failure = HttpError(absl::StatusCode::kUnavailable, 503);
  std::vector<absl::Status> always(10, failure);
  for (int i = 0; i < 5; ++i) (void)Run(Params(3), always);  // 10 retries
  EXPECT_LT(budget_.tokens(), 1.0);
  calls_ = 0;
  EXPECT_THAT(Run(Params(3), always), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(calls_, 1);  // no retry left
  for (int i = 0; i < 10; ++i) budget_.OnSuccess();
  calls_ = 0;
  EXPECT_THAT(Run(Params(3), {failure}), IsOkAndHolds(Eq(7)));
  EXPECT_EQ(calls_, 2);
}

TEST(RealSleeperTest, StopsPromptlyOnCancel) {
  std::atomic<bool> cancelled{false};
  CallContext ctx;
  ctx.cancelled = [&] { return cancelled.load(); };
  RealSleeper sleeper(absl::Milliseconds(5));
  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(30));
    cancelled = true;
  });
  const absl::Time start = absl::Now();
  EXPECT_THAT(sleeper.Sleep(absl::Seconds(10), ctx),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  canceller.join();
  EXPECT_TRUE(sleeper.Sleep(absl::Milliseconds(1), CallContext()).ok());
}

}  // namespace
}  // namespace anaplan::core
