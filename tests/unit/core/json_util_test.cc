#include "anaplan_core/json/json_util.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::IsOkAndHolds;
using ::anaplan::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

TEST(JsonUtilTest, ParsesAndReadsTolerantly) {
  auto doc = ParseJson(R"({"file":{"id":"113000000000","n":12,"d":"2.5",
      "b":"true","c":false,"big":1e3,"s":42}})");
  ASSERT_THAT(doc, IsOk());
  const rapidjson::Value* file = FindObject(*doc, "file");
  ASSERT_NE(file, nullptr);
  EXPECT_THAT(RequiredInt(*file, "id", "file"), IsOkAndHolds(Eq(113000000000)));
  EXPECT_THAT(RequiredInt(*file, "n", "file"), IsOkAndHolds(Eq(12)));
  EXPECT_THAT(RequiredInt(*file, "big", "file"), IsOkAndHolds(Eq(1000)));
  EXPECT_THAT(RequiredString(*file, "s", "file"), IsOkAndHolds(Eq("42")));
  EXPECT_EQ(OptionalDouble(*file, "d"), 2.5);
  EXPECT_TRUE(OptionalBool(*file, "b"));
  EXPECT_FALSE(OptionalBool(*file, "c", true));
  EXPECT_EQ(OptionalInt(*file, "missing", 9), 9);
  EXPECT_EQ(OptionalString(*file, "missing", "dflt"), "dflt");
  EXPECT_EQ(FindArray(*file, "id"), nullptr);
}

TEST(JsonUtilTest, RequiredReadersNameThePath) {
  auto doc = ParseJson(R"({"id":[1],"name":"x"})");
  ASSERT_THAT(doc, IsOk());
  absl::StatusOr<std::string> missing = RequiredString(*doc, "gone", "file");
  EXPECT_THAT(missing,
              StatusIs(absl::StatusCode::kInternal, HasSubstr("file.gone")));
  EXPECT_EQ(GetErrorInfo(missing.status()).reason, "ANAPLAN_BAD_RESPONSE");
  EXPECT_THAT(RequiredInt(*doc, "id", "file"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("file.id")));
  EXPECT_THAT(RequiredInt(*doc, "name", "file"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("file.name")));
}

TEST(JsonUtilTest, RejectsGarbage) {
  absl::StatusOr<rapidjson::Document> doc = ParseJson("{\"a\": ");
  EXPECT_THAT(doc, StatusIs(absl::StatusCode::kInternal, HasSubstr("JSON")));
  EXPECT_EQ(GetErrorInfo(doc.status()).reason, "ANAPLAN_BAD_RESPONSE");
  EXPECT_THAT(ParseJson("{} trailing"), StatusIs(absl::StatusCode::kInternal));
  // RapidJSON alone would stop at the NUL and accept the object before it.
  EXPECT_THAT(ParseJson(absl::string_view("{\"a\":1}\0junk", 12)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("NUL")));
}

TEST(JsonUtilTest, MillionOpenBracketsFailCleanly) {
  const std::string deep(1'000'000, '[');
  EXPECT_THAT(ParseJson(deep),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("deeper")));
}

TEST(JsonUtilTest, DepthLimitIsExact) {
  std::string ok =
      std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_THAT(ParseJson(ok), IsOk());
  std::string deep =
      std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  EXPECT_THAT(ParseJson(deep), StatusIs(absl::StatusCode::kInternal));
}

TEST(JsonUtilTest, BracketsInStringsDoNotCount) {
  const std::string text = "{\"s\":\"" + std::string(1000, '[') + "\\\"[\"}";
  ASSERT_THAT(ParseJson(text), IsOk());
}

TEST(JsonUtilTest, ToJsonTextIsCompact) {
  auto doc = ParseJson(R"({ "a" : [1, 2], "b": "x" })");
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(ToJsonText(*doc), R"({"a":[1,2],"b":"x"})");
}

}  // namespace
}  // namespace anaplan::core
