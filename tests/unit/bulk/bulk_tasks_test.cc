// Tasks (run, poll, watch, cancel), dumps and optimizer logs of
// BulkConnectionImpl over a MockHttpTransport and a FakeSleeper.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/testing/status_matchers.h"
#include "tests/unit/bulk/bulk_test_util.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::MakeResponse;
using ::anaplan::testing::StatusIs;
using bulk_test::Harness;
using bulk_test::ModelRe;
using bulk_test::Paged;
using bulk_test::StringSink;
using bulk_test::TaskReply;
using bulk_test::TestModel;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kImport = 112000000001;
constexpr char kTask[] = "1B1D84DDD53847BAA621810B593C3FC1";
constexpr char kOk[] = R"({"successful":true,"failureDumpAvailable":false})";
constexpr char kFailed[] =
    R"({"successful":false,"failureDumpAvailable":true,"objectId":"112000000001"})";

std::string TasksRe(const std::string& segment, int64_t id) {
  return absl::StrCat(ModelRe(), "/", segment, "/", id, "/tasks");
}
std::string TaskRe() {
  return absl::StrCat(TasksRe("imports", kImport), "/", kTask, "$");
}

HttpResponse NotFound() {
  return MakeResponse(404, R"({"status":{"code":404,"message":"Not Found"}})");
}

class RunActionTest : public ::testing::Test {
 protected:
  void ExpectStart() {
    h_.mock->AddResponse("POST", TasksRe("imports", kImport) + "$",
                         JsonResponse(TaskReply("NOT_STARTED")));
  }
  void QueueStatuses(const std::vector<std::string>& replies) {
    for (const std::string& reply : replies) {
      h_.mock->AddResponse("GET", TaskRe(), JsonResponse(reply));
    }
  }
  Harness h_;
};

TEST_F(RunActionTest, PollsUntilComplete) {
  ExpectStart();
  QueueStatuses({TaskReply("NOT_STARTED"), TaskReply("IN_PROGRESS", 0.5),
                 TaskReply("COMPLETE", 1, kOk)});
  auto status = h_.conn->RunAction(TestModel(), kImport, {}, CallContext());
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->task_state, TaskState::kComplete);
  EXPECT_EQ(status->action_id, kImport);
  ASSERT_TRUE(status->result.has_value());
  EXPECT_TRUE(status->result->successful);
  EXPECT_EQ(h_.mock->CountOf("POST", "/tasks$"), 1);
  EXPECT_EQ(h_.mock->requests()[0].body, R"({"localeName":"en_US"})");
  EXPECT_EQ(h_.mock->CountOf("GET", TaskRe()), 3);
  // Two waits of the client's poll delay, none before the first read.
  EXPECT_THAT(h_.sleeper->delays(),
              ElementsAre(absl::Seconds(5), absl::Seconds(5)));
}

TEST_F(RunActionTest, UsesTheRequestedPollInterval) {
  ExpectStart();
  QueueStatuses({TaskReply("IN_PROGRESS", 0.1), TaskReply("COMPLETE", 1, kOk)});
  RunOptions options;
  options.poll_interval = absl::Seconds(2);
  ASSERT_THAT(h_.conn->RunAction(TestModel(), kImport, options, CallContext()),
              IsOk());
  EXPECT_THAT(h_.sleeper->delays(), ElementsAre(absl::Seconds(2)));
}

TEST_F(RunActionTest, FailedAndCancelledTasksAreReturnedNotErrors) {
  ExpectStart();
  QueueStatuses({TaskReply("COMPLETE", 1, kFailed)});
  auto failed = h_.conn->RunAction(TestModel(), kImport, {}, CallContext());
  ASSERT_THAT(failed, IsOk());
  EXPECT_FALSE(failed->result->successful);
  EXPECT_TRUE(failed->result->failure_dump_available);

  ExpectStart();
  QueueStatuses({TaskReply("CANCELLING", 0.3), TaskReply("CANCELLED", 0.3)});
  auto cancelled = h_.conn->RunAction(TestModel(), kImport, {}, CallContext());
  ASSERT_THAT(cancelled, IsOk());
  EXPECT_EQ(cancelled->task_state, TaskState::kCancelled);
}

TEST_F(RunActionTest, NoWaitReturnsTheFirstStatus) {
  ExpectStart();
  QueueStatuses({TaskReply("IN_PROGRESS", 0.2)});
  RunOptions options;
  options.wait_for_completion = false;
  auto status =
      h_.conn->RunAction(TestModel(), kImport, options, CallContext());
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->task_state, TaskState::kInProgress);
  EXPECT_TRUE(h_.sleeper->delays().empty());
}

TEST_F(RunActionTest, DeadlineStopsPollingNamingTheTask) {
  ExpectStart();
  h_.mock->SetDefault("GET", TaskRe(),
                      JsonResponse(TaskReply("IN_PROGRESS", 0.4)));
  // The next poll (5 s away) would start after the 3 s deadline.
  auto status = h_.conn->RunAction(TestModel(), kImport, {},
                                   CallContext::WithTimeout(absl::Seconds(3)));
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr(kTask)));
  EXPECT_EQ(h_.mock->CountOf("GET", TaskRe()), 1);
}

TEST_F(RunActionTest, StartIsNeverResentAfterAnAmbiguousFailure) {
  // A connection reset after the request went out: Anaplan may have started
  // the task, so resending could start a second one.
  h_.mock->AddResponse("POST", TasksRe("imports", kImport) + "$",
                       absl::UnavailableError("connection reset by peer"));
  h_.mock->AddResponse("POST", TasksRe("imports", kImport) + "$",
                       JsonResponse(TaskReply("NOT_STARTED")));
  auto status = h_.conn->RunAction(TestModel(), kImport, {}, CallContext());
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(h_.mock->CountOf("POST", "/tasks$"), 1);
  // The only follow-up is one look at the task list (no task found there
  // here), never a second start.
  EXPECT_EQ(h_.mock->CountOf("GET", ""), 1);
  EXPECT_EQ(h_.mock->CountOf("GET", "/tasks(\\?|$)"), 1);
}

TEST_F(RunActionTest, StartIsResentAfterA503) {
  // 503 proves the request was not processed: one task, two attempts.
  h_.mock->AddResponse("POST", TasksRe("imports", kImport) + "$",
                       MakeResponse(503, "busy"));
  ExpectStart();
  QueueStatuses({TaskReply("COMPLETE", 1, kOk)});
  ASSERT_THAT(h_.conn->RunAction(TestModel(), kImport, {}, CallContext()),
              IsOk());
  EXPECT_EQ(h_.mock->CountOf("POST", "/tasks$"), 2);
}

TEST_F(RunActionTest, SegmentsFollowIdFamilies) {
  const std::pair<int64_t, const char*> cases[] = {{116000000001, "exports"},
                                                   {117000000001, "actions"},
                                                   {118000000001, "processes"}};
  for (const auto& [id, segment] : cases) {
    h_.mock->AddResponse("POST", TasksRe(segment, id) + "$",
                         JsonResponse(TaskReply("NOT_STARTED")));
    h_.mock->AddResponse("GET", absl::StrCat(TasksRe(segment, id), "/", kTask),
                         JsonResponse(TaskReply("COMPLETE", 1, kOk)));
    EXPECT_THAT(h_.conn->RunAction(TestModel(), id, {}, CallContext()), IsOk())
        << segment;
  }
  EXPECT_THAT(h_.conn->RunAction(TestModel(), 113000000001, {}, CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(h_.mock->unmatched_count(), 0);
}

TEST_F(RunActionTest, WatchEmitsChangesOnly) {
  QueueStatuses({TaskReply("NOT_STARTED"), TaskReply("IN_PROGRESS", 0.5),
                 TaskReply("IN_PROGRESS", 0.5), TaskReply("IN_PROGRESS", 0.8),
                 TaskReply("COMPLETE", 1, kOk)});
  std::vector<std::string> seen;
  absl::Status status = h_.conn->WatchTask(
      TestModel(), kImport, kTask, absl::Seconds(1),
      [&](const TaskStatus& s) {
        seen.push_back(absl::StrCat(s.task_state_name, "@", s.progress));
        return absl::OkStatus();
      },
      CallContext());
  ASSERT_THAT(status, IsOk());
  EXPECT_THAT(seen, ElementsAre("NOT_STARTED@0", "IN_PROGRESS@0.5",
                                "IN_PROGRESS@0.8", "COMPLETE@1"));
  EXPECT_EQ(h_.sleeper->delays().size(), 4u);
}

TEST_F(RunActionTest, WatchStopsWhenTheCallbackFails) {
  h_.mock->SetDefault("GET", TaskRe(), JsonResponse(TaskReply("IN_PROGRESS")));
  absl::Status status = h_.conn->WatchTask(
      TestModel(), kImport, kTask, absl::ZeroDuration(),
      [](const TaskStatus&) { return absl::CancelledError("stream closed"); },
      CallContext());
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(h_.mock->CountOf("GET", TaskRe()), 1);
}

TEST_F(RunActionTest, CancelDeletesThenReadsTheStatus) {
  h_.mock->AddResponse("DELETE", TaskRe(), MakeResponse(204));
  QueueStatuses({TaskReply("CANCELLING", 0.3)});
  auto status = h_.conn->CancelTask(TestModel(), kImport, kTask, CallContext());
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->task_state, TaskState::kCancelling);
  EXPECT_EQ(h_.mock->requests()[0].method, "DELETE");
  EXPECT_THAT(h_.conn->CancelTask(TestModel(), kImport, "", CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RunActionTest, TaskSummaries) {
  h_.mock->SetHandler(
      "GET", TasksRe("imports", kImport) + "\\?",
      Paged("tasks",
            {R"({"taskId":"A","taskState":"COMPLETE","creationTime":1})",
             R"({"taskId":"B","taskState":"IN_PROGRESS","creationTime":2})"}));
  auto tasks = h_.conn->GetTaskSummaries(TestModel(), kImport, CallContext());
  ASSERT_THAT(tasks, IsOk());
  ASSERT_EQ(tasks->size(), 2u);
  EXPECT_EQ((*tasks)[1].task_state, TaskState::kInProgress);
}

TEST(DumpTest, ImportDumpStreamsChunksInOrder) {
  Harness h;
  const std::string dump =
      absl::StrCat(TasksRe("imports", kImport), "/", kTask, "/dump");
  h.mock->SetHandler("GET", dump + "/chunks\\?",
                     Paged("chunks", {R"({"id":"0","name":"Chunk 0"})",
                                      R"({"id":"1","name":"Chunk 1"})",
                                      R"({"id":2,"name":"Chunk 2"})"}));
  h.mock->AddResponse("GET", dump + "/chunks/0$",
                      MakeResponse(200, "a,b,err\n"));
  h.mock->AddResponse("GET", dump + "/chunks/1$",
                      MakeResponse(200, "c,d,err\n"));
  h.mock->AddResponse("GET", dump + "/chunks/2$", MakeResponse(200, "e"));
  StringSink sink;
  ASSERT_THAT(
      h.conn->GetImportDump(TestModel(), kImport, kTask, sink, CallContext()),
      IsOk());
  EXPECT_EQ(sink.data, "a,b,err\nc,d,err\ne");
  EXPECT_THAT(sink.chunks, ElementsAre(0, 1, 2));
}

TEST(DumpTest, FallsBackToTheWholeDump) {
  Harness h;
  const std::string dump =
      absl::StrCat(TasksRe("imports", kImport), "/", kTask, "/dump");
  h.mock->AddResponse("GET", dump + "/chunks", NotFound());
  h.mock->AddResponse("GET", dump + "$", MakeResponse(200, "whole dump"));
  StringSink sink;
  ASSERT_THAT(
      h.conn->GetImportDump(TestModel(), kImport, kTask, sink, CallContext()),
      IsOk());
  EXPECT_EQ(sink.data, "whole dump");
  EXPECT_EQ(sink.total, 10);

  // No dump at all: NOT_FOUND.
  h.mock->AddResponse("GET", dump + "/chunks", NotFound());
  h.mock->AddResponse("GET", dump + "$", NotFound());
  StringSink none;
  EXPECT_THAT(
      h.conn->GetImportDump(TestModel(), kImport, kTask, none, CallContext()),
      StatusIs(absl::StatusCode::kNotFound));
}

TEST(DumpTest, ProcessDumpAndOptimizerLog) {
  Harness h;
  const std::string dump = absl::StrCat(TasksRe("processes", 118000000001), "/",
                                        kTask, "/dumps/112000000009");
  h.mock->SetHandler("GET", dump + "/chunks\\?", Paged("chunks", {}));
  h.mock->AddResponse("GET", dump + "$", MakeResponse(200, "process dump"));
  StringSink sink;
  ASSERT_THAT(h.conn->GetProcessDump(TestModel(), 118000000001, kTask,
                                     112000000009, sink, CallContext()),
              IsOk());
  EXPECT_EQ(sink.data, "process dump");

  h.mock->AddResponse(
      "GET",
      absl::StrCat(ModelRe(), "/optimizeActions/117000000001/tasks/", kTask,
                   "/solutionLogs$"),
      MakeResponse(200, "Gurobi log"));
  StringSink log;
  ASSERT_THAT(h.conn->GetOptimizerLog(TestModel(), 117000000001, kTask, log,
                                      CallContext()),
              IsOk());
  EXPECT_EQ(log.data, "Gurobi log");
  StringSink unused;
  EXPECT_THAT(h.conn->GetOptimizerLog(TestModel(), 118000000001, kTask, unused,
                                      CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(h.conn->GetImportDump(TestModel(), 118000000001, kTask, unused,
                                    CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace anaplan::core
