#include "anaplan_core/alm/alm_connection.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/testing/status_matchers.h"
#include "tests/unit/families/family_test_util.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kApi[] = "https://api.test/2/0";
constexpr char kModel[] = "FC12E34567890ABCDEF1234567890ABC";
constexpr char kRev[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
constexpr char kTask[] = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

std::string TaskJson(const char* state, bool with_result) {
  return absl::StrCat(
      R"({"task":{"taskId":")", kTask, R"(","taskState":")", state,
      R"(","creationTime":"2024-01-01T00:00:00Z","currentStep":")", state,
      R"(")",
      with_result
          ? absl::StrCat(R"(,"result":{"successful":false,)",
                         R"("sourceRevisionId":")", kRev,
                         R"(","error":{"title":"T","messageText":"M"}})")
          : "",
      "}}");
}

TEST(AlmConnectionTest, CreateRevisionReadsTheLiveSpecListOrTheSdkKey) {
  family_test::RestHarness h;
  const std::string rev = absl::StrCat(R"({"id":")", kRev, R"(","name":"R"})");
  h.mock->AddResponse(
      "POST", "/alm/revisions$",
      JsonResponse(absl::StrCat(R"({"revisions":[)", rev, "]}"), 201));
  h.mock->AddResponse(
      "POST", "/alm/revisions$",
      JsonResponse(absl::StrCat(R"({"revision":)", rev, "}"), 201));
  auto conn = MakeAlmConnection(h.rest, kApi, h.sleeper);
  for (int i = 0; i < 2; ++i) {
    auto r = conn->CreateRevision(kModel, "R", "", CallContext::Background());
    ASSERT_THAT(r.status(), IsOk());
    EXPECT_EQ(r->id, kRev);
  }
  EXPECT_THAT(conn->CreateRevision(kModel, std::string(61, 'x'), "",
                                   CallContext::Background()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  EXPECT_THAT(
      conn->CreateRevision(kModel, "R", std::string(251, 'x'),
                           CallContext::Background()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("description")));
}

TEST(AlmConnectionTest, LatestRevisionAbsentWhenKeyOmitted) {
  family_test::RestHarness h;
  h.mock->AddResponse("GET", "/alm/latestRevision$", JsonResponse("{}"));
  auto conn = MakeAlmConnection(h.rest, kApi, h.sleeper);
  auto latest = conn->GetLatestRevision(kModel, CallContext::Background());
  ASSERT_THAT(latest.status(), IsOk());
  EXPECT_FALSE(latest->has_value());
}

TEST(AlmConnectionTest, WaitPollsUntilCompleteAndReturnsFailures) {
  family_test::RestHarness h;
  h.mock->AddResponse("POST", "/alm/syncTasks$",
                      JsonResponse(TaskJson("IN_PROGRESS", false), 201));
  h.mock->AddResponse("GET", absl::StrCat("/alm/syncTasks/", kTask, "$"),
                      JsonResponse(TaskJson("IN_PROGRESS", false)), 2);
  h.mock->AddResponse("GET", absl::StrCat("/alm/syncTasks/", kTask, "$"),
                      JsonResponse(TaskJson("COMPLETE", true)));
  auto conn = MakeAlmConnection(h.rest, kApi, h.sleeper);
  auto started =
      conn->StartTask(AlmTaskKind::kSync, kModel, {kRev, kModel, kRev},
                      CallContext::Background());
  ASSERT_THAT(started.status(), IsOk());
  std::vector<std::string> seen;
  ASSERT_THAT(conn->WatchTask(
                  AlmTaskKind::kSync, kModel, kTask, absl::ZeroDuration(),
                  [&](const AlmTask& t) {
                    seen.push_back(t.task_state);
                    return absl::OkStatus();
                  },
                  CallContext::Background()),
              IsOk());
  // Unchanged polls are not reported twice.
  EXPECT_THAT(seen, ::testing::ElementsAre("IN_PROGRESS", "COMPLETE"));
  ASSERT_EQ(h.sleeper->delays().size(), 2u);
  EXPECT_EQ(h.sleeper->delays()[0], absl::Seconds(2));  // the poll delay
  const auto requests = h.mock->requests();
  EXPECT_EQ(
      requests[0].body,
      absl::StrCat(R"({"sourceRevisionId":")", kRev, R"(","sourceModelId":")",
                   kModel, R"(","targetRevisionId":")", kRev, R"("})"));
}

TEST(AlmConnectionTest, FailedTaskCarriesItsError) {
  family_test::RestHarness h;
  h.mock->AddResponse("GET", "/alm/comparisonReportTasks/",
                      JsonResponse(TaskJson("COMPLETE", true)));
  auto conn = MakeAlmConnection(h.rest, kApi, h.sleeper);
  auto task = conn->WaitTask(AlmTaskKind::kComparisonReport, kModel, kTask,
                             absl::Milliseconds(1), CallContext::Background());
  ASSERT_THAT(task.status(), IsOk());
  ASSERT_TRUE(task->result.has_value());
  EXPECT_FALSE(task->result->successful);
  EXPECT_EQ(task->result->error->message_text, "M");
}

TEST(AlmConnectionTest, IdsAreCheckedBeforeAnyCall) {
  family_test::RestHarness h;
  auto conn = MakeAlmConnection(h.rest, kApi, h.sleeper);
  EXPECT_THAT(
      conn->GetRevisions("short", "", false, CallContext::Background()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("model_id")));
  EXPECT_THAT(
      conn->GetTask(AlmTaskKind::kSync, kModel, "../../x",
                    CallContext::Background()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("task_id")));
  EXPECT_THAT(
      conn->ChangeModelStatus(kModel, "paused", CallContext::Background()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("status")));
  EXPECT_THAT(conn->StartTask(AlmTaskKind::kSync, kModel, {kRev, "", kRev},
                              CallContext::Background()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("source_model_id")));
  EXPECT_TRUE(h.mock->requests().empty());
}

TEST(AlmConnectionTest, SummaryReportCountsDefaultToZero) {
  family_test::RestHarness h;
  h.mock->AddResponse(
      "GET", "/alm/summaryReports/",
      JsonResponse(
          R"({"summaryReport":{"targetRevisionId":"T","sourceRevisionId":"S",)"
          R"("totals":{"created":2},"differences":{"lists":{"created":2}}}})"));
  auto conn = MakeAlmConnection(h.rest, kApi, h.sleeper);
  auto report =
      conn->GetSummaryReport(kModel, kRev, kRev, CallContext::Background());
  ASSERT_THAT(report.status(), IsOk());
  EXPECT_EQ(report->totals.created, 2);
  EXPECT_EQ(report->totals.deleted, 0);
  EXPECT_EQ(report->lists.created, 2);
  EXPECT_EQ(report->modules.created, 0);
}

}  // namespace
}  // namespace anaplan::core
