// Unit tests of the emulator's ALM, Audit and SCIM building blocks.

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

#include "emulator/alm_store.h"
#include "emulator/audit_log.h"
#include "emulator/json_util.h"
#include "emulator/scim_filter_eval.h"
#include "emulator/scim_store.h"

namespace anaplan::emulator {
namespace {

ScimUserRecord User(std::string id, std::string name, bool active,
                    std::string external = "") {
  ScimUserRecord u;
  u.id = std::move(id);
  u.user_name = std::move(name);
  u.family_name = "F";
  u.given_name = "G";
  u.active = active;
  u.external_id = std::move(external);
  return u;
}

std::vector<std::string> Matching(const std::string& filter,
                                  const std::vector<ScimUserRecord>& users) {
  auto p = ParseScimFilter(filter);
  EXPECT_TRUE(p.ok()) << filter << ": " << p.status();
  std::vector<std::string> out;
  if (!p.ok()) return out;
  for (const auto& u : users) {
    if ((*p)(u)) out.push_back(u.id);
  }
  return out;
}

TEST(ScimFilterEvalTest, OperatorsLogicAndGroups) {
  const std::vector<ScimUserRecord> users = {User("a", "ann@x.com", true, "E1"),
                                             User("b", "bob@x.com", false),
                                             User("c", "cid@x.com", true)};
  using V = std::vector<std::string>;
  EXPECT_EQ(Matching("userName eq \"BOB@x.com\"", users), V{"b"});
  EXPECT_EQ(Matching("active eq true", users), (V{"a", "c"}));
  EXPECT_EQ(Matching("externalId pr", users), V{"a"});
  EXPECT_EQ(Matching("externalId eq null", users), (V{"b", "c"}));
  EXPECT_EQ(Matching("userName gt \"b\" and userName lt \"c\"", users), V{"b"});
  EXPECT_EQ(Matching("(active eq true and externalId eq \"e1\") or userName eq "
                     "\"cid@x.com\"",
                     users),
            (V{"a", "c"}));
  EXPECT_EQ(Matching("active eq false or (userName eq \"ann@x.com\")", users),
            (V{"a", "b"}));
}

TEST(ScimFilterEvalTest, EscapedQuotesStayInsideTheValue) {
  const std::vector<ScimUserRecord> users = {
      User("a", "x\" or userName pr or userName eq \"", true),
      User("b", "plain", true)};
  EXPECT_EQ(Matching("userName eq \"x\\\" or userName pr or userName eq "
                     "\\\"\"",
                     users),
            std::vector<std::string>{"a"});
}

TEST(ScimFilterEvalTest, RejectsWhatAnaplanRejects) {
  for (const char* bad :
       {"userName co \"a\"", "userName sw \"a\"", "userName ew \"a\"",
        "not (active eq true)", "emails[type eq \"work\"]",
        "displayName eq \"a\"", "emails.value eq \"a\"", "userName eq",
        "(active eq true", "userName eq \"open", "active eq true extra",
        "userName eq 'single'"}) {
    EXPECT_FALSE(ParseScimFilter(bad).ok()) << bad;
  }
}

TEST(AuditLogTest, SelectsByTypePrefixAndWindow) {
  AuditLog log;
  RecordEvent(log, "USR-8", "u", "u", "USER", "login");
  RecordEvent(log, "INT-1", "u", "1", "imports", "run");
  AuditEntry old;
  old.event_type_id = "USR-8";
  old.when = absl::Now() - absl::Hours(24 * 40);
  log.Record(old);
  const int64_t now = UnixMillis(absl::Now()) + 1;
  const int64_t month = 30LL * 24 * 3600 * 1000;
  EXPECT_EQ(log.Select("all", now - month, now).size(), 2u);
  EXPECT_EQ(log.Select("int", now - month, now).size(), 1u);
  EXPECT_EQ(log.Select("nonsense", now - month, now).size(), 2u);
  EXPECT_EQ(log.Select("user_activity", 0, now).size(), 2u);
  EXPECT_EQ(log.Select("all", 0, now).front()->id, 1);
}

TEST(AlmStoreTest, DiffApplyAndSyncable) {
  Model source;
  source.id = "S";
  source.lists.push_back(ListData{101000000000, "Region", {}, {}, 0});
  source.modules.push_back(ModuleData{
      102000000000, "Sales", {"Region"}, {LineItem{1, "Revenue"}}, {}});
  Model target;
  target.id = "T";
  target.lists.push_back(ListData{101000000009, "Old", {}, {}, 0});
  const StructureDiff diff = Diff(SnapshotOf(target), SnapshotOf(source));
  EXPECT_EQ(diff.by_category.at("lists").created, 1);
  EXPECT_EQ(diff.by_category.at("lists").deleted, 1);
  EXPECT_EQ(diff.by_category.at("modules").created, 1);
  EXPECT_EQ(diff.by_category.at("lineItems").created, 1);
  EXPECT_EQ(diff.totals.created, 3);
  ApplySnapshot(SnapshotOf(source), target);
  EXPECT_EQ(SnapshotOf(target), SnapshotOf(source));
  ASSERT_EQ(target.modules.size(), 1u);
  EXPECT_EQ(target.modules[0].line_items[0].name, "Revenue");

  AlmStore alm;
  for (const char* id : {"R1", "R2"}) {
    alm.revisions[id].id = id;
    alm.revisions[id].origin_model_id = "S";
    alm.model_revisions["S"].push_back(id);
  }
  EXPECT_TRUE(SyncableRevisionIds(alm, "S", "T").empty());  // no revision
  alm.revisions["T1"].id = "T1";
  alm.revisions["T1"].origin_model_id = "T";
  alm.model_revisions["T"].push_back("T1");
  EXPECT_EQ(SyncableRevisionIds(alm, "S", "T"),
            (std::vector<std::string>{"R2", "R1"}));
  alm.model_revisions["T"].push_back("R1");
  EXPECT_EQ(SyncableRevisionIds(alm, "S", "T"), std::vector<std::string>{"R2"});
}

}  // namespace
}  // namespace anaplan::emulator
