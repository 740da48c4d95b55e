// SCIM filter rendering: values are always quoted and escaped, so hostile
// input cannot change the expression's structure.

#include "anaplan_core/scim/scim_filter.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOkAndHolds;
using ::anaplan::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

TEST(ScimFilterTest, RendersTheSdkExamples) {
  EXPECT_THAT(RenderScimFilter(ScimFilter::CompareBool("active", "eq", true)),
              IsOkAndHolds(Eq("active eq true")));
  EXPECT_THAT(RenderScimFilter(ScimFilter::Present("userName")),
              IsOkAndHolds(Eq("userName pr")));
  EXPECT_THAT(RenderScimFilter(ScimFilter::CompareNull("userName", "eq")),
              IsOkAndHolds(Eq("userName eq null")));
  EXPECT_THAT(RenderScimFilter(ScimFilter::Compare("id", "eq", "123")),
              IsOkAndHolds(Eq("id eq \"123\"")));
  ScimFilter f = ScimFilter::Or(
      {ScimFilter::And({ScimFilter::CompareBool("active", "eq", true),
                        ScimFilter::Compare("externalId", "eq", "E1")}),
       ScimFilter::CompareNull("userName", "eq")});
  EXPECT_THAT(RenderScimFilter(f),
              IsOkAndHolds(Eq("(active eq true and externalId eq \"E1\") or "
                              "userName eq null")));
}

TEST(ScimFilterTest, HostileValuesStayOneQuotedString) {
  const std::string hostile = "x\" or userName pr or userName eq \"";
  EXPECT_THAT(RenderScimFilter(ScimFilter::Compare("userName", "eq", hostile)),
              IsOkAndHolds(Eq(
                  "userName eq \"x\\\" or userName pr or userName eq \\\"\"")));
  // Backslashes cannot un-escape the closing quote.
  EXPECT_THAT(RenderScimFilter(ScimFilter::Compare("userName", "eq", "a\\")),
              IsOkAndHolds(Eq("userName eq \"a\\\\\"")));
  EXPECT_THAT(
      RenderScimFilter(ScimFilter::Compare("userName", "eq", "a)\n(b\x01")),
      IsOkAndHolds(Eq("userName eq \"a)\\n(b\\u0001\"")));
}

TEST(ScimFilterTest, HostileAttributesAndOperatorsAreRejected) {
  EXPECT_THAT(
      RenderScimFilter(ScimFilter::Compare("userName pr or id", "eq", "x")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attribute")));
  EXPECT_THAT(
      RenderScimFilter(ScimFilter::Compare("userName", "eq x or", "y")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("operator")));
  // Anaplan answers 400 to the substring operators (live spec).
  for (const char* op : {"co", "sw", "ew", "not"}) {
    EXPECT_THAT(RenderScimFilter(ScimFilter::Compare("userName", op, "a")),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("co, sw and ew")))
        << op;
  }
  EXPECT_THAT(RenderScimFilter(ScimFilter::Compare("displayName", "eq", "a")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const absl::Status status =
      RenderScimFilter(ScimFilter::Compare("emails.value", "eq", "a")).status();
  EXPECT_EQ(GetErrorInfo(status).field, "filter");
}

TEST(ScimFilterTest, MalformedTreesAreRejected) {
  EXPECT_THAT(
      RenderScimFilter(ScimFilter::And({ScimFilter::Present("id")})),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("two operands")));
  ScimFilter pr_with_value = ScimFilter::Compare("id", "pr", "x");
  EXPECT_THAT(RenderScimFilter(pr_with_value),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ScimFilter no_value;
  no_value.attribute = "id";
  no_value.op = "eq";
  EXPECT_THAT(
      RenderScimFilter(no_value),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs a value")));
  ScimFilter deep = ScimFilter::Present("id");
  for (int i = 0; i < 20; ++i) {
    deep = ScimFilter::And({deep, ScimFilter::Present("id")});
  }
  EXPECT_THAT(RenderScimFilter(deep),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("16")));
}

}  // namespace
}  // namespace anaplan::core
