// Unit tests of the emulator's building blocks (no server).

#include "gtest/gtest.h"

#include "emulator/csv.h"
#include "emulator/fixture.h"
#include "emulator/gzip.h"
#include "emulator/json_util.h"
#include "emulator/paging.h"

namespace anaplan::emulator {
namespace {

TEST(CsvTest, ParsesQuotesCrLfAndBom) {
  std::vector<CsvRow> rows = ParseCsv(
      "\xEF\xBB\xBF"
      "a,\"b,c\",\"d\"\"e\"\r\n\r\nx,\"multi\nline\"\n",
      ',', '"');
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (CsvRow{"a", "b,c", "d\"e"}));
  EXPECT_EQ(rows[1], (CsvRow{""}));
  EXPECT_EQ(rows[2], (CsvRow{"x", "multi\nline"}));
  EXPECT_TRUE(IsBlankRow(rows[1]));
}

TEST(CsvTest, TabSeparatedWithoutQuoting) {
  std::vector<CsvRow> rows = ParseCsv("a\t\"b\"\tc", '\t', '\0');
  EXPECT_EQ(rows[0], (CsvRow{"a", "\"b\"", "c"}));
}

TEST(CsvTest, FormatQuotesWhenNeeded) {
  EXPECT_EQ(FormatCsvRow({"a", "b,c", "d\"e", ""}, ',', '"'),
            "a,\"b,c\",\"d\"\"e\",\n");
}

TEST(GzipTest, RoundTripAndRejectsGarbage) {
  std::string data(100000, 'z');
  auto back = Gunzip(Gzip(data));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, data);
  EXPECT_FALSE(Gunzip("plain text").ok());
  std::string truncated = Gzip(data);
  truncated.resize(truncated.size() / 2);
  EXPECT_FALSE(Gunzip(truncated).ok());
  auto two = Gunzip(Gzip("ab") + Gzip("cd"));
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, "abcd");
}

TEST(LikeMatchTest, Wildcards) {
  EXPECT_TRUE(LikeMatch("Demo Model", "%demo%"));
  EXPECT_TRUE(LikeMatch("Demo Model", "d_mo%"));
  EXPECT_FALSE(LikeMatch("Demo Model", "d_o%"));
  EXPECT_TRUE(LikeMatch("abc", "%"));
  EXPECT_FALSE(LikeMatch("abc", "%d%"));
}

TEST(FormatNumberTest, IntegersAndFractions) {
  EXPECT_EQ(FormatNumber(12000), "12000");
  EXPECT_EQ(FormatNumber(1234.5), "1234.5");
  EXPECT_EQ(FormatNumber(-0.25), "-0.25");
}

TEST(FixtureTest, EmbeddedDemoFixtureHasContractIds) {
  absl::StatusOr<std::string> text = LoadFixtureText("");
  ASSERT_TRUE(text.ok());
  absl::StatusOr<Tenant> tenant = ParseFixture(*text);
  ASSERT_TRUE(tenant.ok()) << tenant.status();
  Model* demo = tenant->FindModel("75A40874E6B64FA3AE0743278996850F");
  ASSERT_NE(demo, nullptr);
  EXPECT_EQ(demo->workspace_id, "8a868cd985f53e7701860542f59e276e");
  EXPECT_NE(demo->FindFile(113000000000), nullptr);
  EXPECT_EQ(demo->imports.at(112000000001).import_type, "MODULE_DATA");
  EXPECT_EQ(demo->processes.at(118000000000).action_ids,
            (std::vector<int64_t>{112000000000, 112000000001}));
  EXPECT_NE(tenant->FindUserByEmail("viewer@example.com"), nullptr);
  EXPECT_NE(tenant->FindModel("0123456789ABCDEF0123456789ABCDEF"), nullptr);
  EXPECT_EQ(tenant->FindModel("F0E1D2C3B4A5968778695A4B3C2D1E0F")->active_state,
            "ARCHIVED");
}

TEST(FixtureTest, RejectsModelInUnknownWorkspace) {
  EXPECT_FALSE(ParseFixture(R"({"users":[{"email":"a"}],
      "models":[{"id":"M","workspaceId":"nope"}]})")
                   .ok());
  EXPECT_FALSE(ParseFixture("[").ok());
}

}  // namespace
}  // namespace anaplan::emulator
