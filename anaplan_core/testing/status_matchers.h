#ifndef ANAPLAN_CORE_TESTING_STATUS_MATCHERS_H_
#define ANAPLAN_CORE_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// gMock matchers for absl::Status and absl::StatusOr<T> (Abseil 20220623 has
// none):
//   EXPECT_THAT(status, IsOk());
//   EXPECT_THAT(result, StatusIs(absl::StatusCode::kNotFound));
//   EXPECT_THAT(result, StatusIs(absl::StatusCode::kNotFound,
//                                HasSubstr("404")));
//   EXPECT_THAT(result, IsOkAndHolds(Eq(42)));
// and ANAPLAN_ASSERT_OK_AND_ASSIGN(auto value, MaybeValue());

namespace anaplan::testing {
namespace internal {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

class IsOkMatcher {
 public:
  template <typename T>
  bool MatchAndExplain(const T& actual,
                       ::testing::MatchResultListener* listener) const {
    const absl::Status& status = GetStatus(actual);
    if (!status.ok()) *listener << "which is " << status;
    return status.ok();
  }
  void DescribeTo(std::ostream* os) const { *os << "is OK"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not OK"; }
};

class StatusIsMatcher {
 public:
  StatusIsMatcher(::testing::Matcher<absl::StatusCode> code,
                  ::testing::Matcher<const std::string&> message)
      : code_(std::move(code)), message_(std::move(message)) {}

  template <typename T>
  bool MatchAndExplain(const T& actual,
                       ::testing::MatchResultListener* listener) const {
    const absl::Status& status = GetStatus(actual);
    *listener << "which is " << status;
    return code_.Matches(status.code()) &&
           message_.Matches(std::string(status.message()));
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has a status code that ";
    code_.DescribeTo(os);
    *os << " and a message that ";
    message_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "has a status code that ";
    code_.DescribeNegationTo(os);
    *os << " or a message that ";
    message_.DescribeNegationTo(os);
  }

 private:
  ::testing::Matcher<absl::StatusCode> code_;
  ::testing::Matcher<const std::string&> message_;
};

template <typename StatusOrRef>
class IsOkAndHoldsImpl : public ::testing::MatcherInterface<StatusOrRef> {
 public:
  using StatusOrType = std::remove_cv_t<std::remove_reference_t<StatusOrRef>>;
  using ValueType = typename StatusOrType::value_type;

  template <typename InnerMatcher>
  explicit IsOkAndHoldsImpl(InnerMatcher&& inner)
      : inner_(::testing::SafeMatcherCast<const ValueType&>(
            std::forward<InnerMatcher>(inner))) {}

  bool MatchAndExplain(
      StatusOrRef actual,
      ::testing::MatchResultListener* listener) const override {
    if (!actual.ok()) {
      *listener << "which is " << actual.status();
      return false;
    }
    ::testing::StringMatchResultListener inner_listener;
    const bool matched = inner_.MatchAndExplain(*actual, &inner_listener);
    const std::string explanation = inner_listener.str();
    if (!explanation.empty()) *listener << "whose value " << explanation;
    return matched;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "is OK and has a value that ";
    inner_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "is not OK or has a value that ";
    inner_.DescribeNegationTo(os);
  }

 private:
  ::testing::Matcher<const ValueType&> inner_;
};

template <typename InnerMatcher>
class IsOkAndHoldsMatcher {
 public:
  explicit IsOkAndHoldsMatcher(InnerMatcher inner) : inner_(std::move(inner)) {}

  template <typename StatusOrType>
  operator ::testing::Matcher<StatusOrType>() const {  // NOLINT
    return ::testing::Matcher<StatusOrType>(
        new IsOkAndHoldsImpl<const StatusOrType&>(inner_));
  }

 private:
  InnerMatcher inner_;
};

}  // namespace internal

/// Matches an OK absl::Status or an absl::StatusOr<T> holding a value.
inline ::testing::PolymorphicMatcher<internal::IsOkMatcher> IsOk() {
  return ::testing::MakePolymorphicMatcher(internal::IsOkMatcher());
}

/// Matches a Status/StatusOr whose code matches `code` and whose message
/// matches `message` (a std::string matcher such as HasSubstr("404")).
template <typename CodeMatcher, typename MessageMatcher>
::testing::PolymorphicMatcher<internal::StatusIsMatcher> StatusIs(
    CodeMatcher&& code, MessageMatcher&& message) {
  return ::testing::MakePolymorphicMatcher(internal::StatusIsMatcher(
      ::testing::MatcherCast<absl::StatusCode>(std::forward<CodeMatcher>(code)),
      ::testing::MatcherCast<const std::string&>(
          std::forward<MessageMatcher>(message))));
}

/// Matches a Status/StatusOr whose code matches `code`, any message.
template <typename CodeMatcher>
::testing::PolymorphicMatcher<internal::StatusIsMatcher> StatusIs(
    CodeMatcher&& code) {
  return StatusIs(std::forward<CodeMatcher>(code), ::testing::_);
}

/// Matches an OK absl::StatusOr<T> whose value matches `inner`.
template <typename InnerMatcher>
internal::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>> IsOkAndHolds(
    InnerMatcher&& inner) {
  return internal::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>>(
      std::forward<InnerMatcher>(inner));
}

}  // namespace anaplan::testing

#define ANAPLAN_EXPECT_OK(expr) EXPECT_THAT((expr), ::anaplan::testing::IsOk())
#define ANAPLAN_ASSERT_OK(expr) ASSERT_THAT((expr), ::anaplan::testing::IsOk())

#define ANAPLAN_TESTING_CONCAT_INNER_(a, b) a##b
#define ANAPLAN_TESTING_CONCAT_(a, b) ANAPLAN_TESTING_CONCAT_INNER_(a, b)

/// ASSERTs that `expr` (a StatusOr) is OK and moves its value into `lhs`.
#define ANAPLAN_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ANAPLAN_ASSERT_OK_AND_ASSIGN_IMPL_(           \
      ANAPLAN_TESTING_CONCAT_(anaplan_assert_tmp_, __COUNTER__), lhs, expr)
#define ANAPLAN_ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                       \
  ASSERT_THAT(tmp.status(), ::anaplan::testing::IsOk());   \
  lhs = *std::move(tmp)

#endif  // ANAPLAN_CORE_TESTING_STATUS_MATCHERS_H_
