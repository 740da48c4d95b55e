// Tasks, imports, exports, dumps and logs through the service against the
// in-process emulator.
#include <string>
#include <vector>

#include "gmock/gmock.h"

#include "tests/e2e/cpp/e2e_env.h"

namespace anaplan::e2e {
namespace {

using ::testing::HasSubstr;

constexpr char kGoodEmployees[] =
    "Name,Code,Parent,Department,Salary,Active\n"
    "Zed Zulu,E999,All Employees,Sales,50000,true\n";
constexpr char kBadEmployees[] = "Nope,Nothing\nx,y\nz,w\n";

class TasksTest : public E2eTest {
 protected:
  v1::RunActionRequest Run(int64_t action_id) {
    v1::RunActionRequest request;
    request.set_workspace_id(kWorkspace);
    request.set_model_id(kModel);
    request.mutable_action()->set_id(action_id);
    return request;
  }

  /// UploadAndImport of `csv` into Employees.csv + its import.
  grpc::Status UploadAndImport(const std::string& csv,
                               v1::UploadAndImportResponse* response) {
    auto context = Context();
    auto writer = stub_->UploadAndImport(context.get(), response);
    v1::UploadAndImportRequest header;
    auto* h = header.mutable_header();
    h->mutable_upload()->set_workspace_id(kWorkspace);
    h->mutable_upload()->set_model_id(kModel);
    h->mutable_upload()->mutable_file()->set_name("Employees.csv");
    h->mutable_action()->set_name("Employees from Employees.csv");
    writer->Write(header);
    v1::UploadAndImportRequest data;
    data.set_data(csv);
    writer->Write(data);
    writer->WritesDone();
    return writer->Finish();
  }

  template <typename Request>
  void Scope(Request& request, const std::string& task_id) {
    request.set_workspace_id(kWorkspace);
    request.set_model_id(kModel);
    request.set_task_id(task_id);
  }
};

TEST_F(TasksTest, UploadAndImportRunsTheImport) {
  v1::UploadAndImportResponse response;
  grpc::Status status = UploadAndImport(kGoodEmployees, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.upload().bytes_received(),
            static_cast<int64_t>(sizeof(kGoodEmployees) - 1));
  EXPECT_EQ(response.task().task_state(), v1::TASK_STATE_COMPLETE);
  EXPECT_TRUE(response.task().result().successful());
}

TEST_F(TasksTest, FailedImportIsAbortedWithTaskDetailAndDump) {
  v1::UploadAndImportResponse response;
  grpc::Status status = UploadAndImport(kBadEmployees, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED)
      << status.error_message();
  google::rpc::Status rich = RichStatus(status);
  EXPECT_EQ(ErrorInfoOf(rich).reason(), "ANAPLAN_TASK_FAILED");
  v1::TaskStatus task;
  ASSERT_TRUE(TaskStatusOf(rich, &task));
  EXPECT_EQ(task.task_state(), v1::TASK_STATE_COMPLETE);
  EXPECT_FALSE(task.result().successful());

  // The same failure through RunAction, then its failure dump.
  v1::RunActionResponse run;
  status = stub_->RunAction(Context().get(), Run(kEmployeesImport), &run);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  ASSERT_TRUE(TaskStatusOf(RichStatus(status), &task));
  ASSERT_TRUE(task.result().failure_dump_available());
  {
    v1::GetImportDumpRequest dump_request;
    Scope(dump_request, task.task_id());
    dump_request.mutable_import()->set_id(kEmployeesImport);
    auto context = Context();
    auto reader = stub_->GetImportDump(context.get(), dump_request);
    std::string dump;
    v1::DataChunk chunk;
    while (reader->Read(&chunk)) dump += chunk.data();
    status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(dump.empty());
  }

  // status_only returns the failed task instead of failing.
  v1::RunActionRequest only = Run(kEmployeesImport);
  only.set_status_only(true);
  status = stub_->RunAction(Context().get(), only, &run);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(run.task().result().successful());
}

TEST_F(TasksTest, ProcessWithFailedImportHasProcessDump) {
  v1::UploadFileResponse uploaded;
  ASSERT_TRUE(Upload(kEmployeesFile, kBadEmployees, 0, &uploaded).ok());
  v1::RunActionRequest request = Run(kProcess);
  request.set_status_only(true);
  v1::RunActionResponse run;
  grpc::Status status = stub_->RunAction(Context().get(), request, &run);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(run.task().has_result());
  EXPECT_FALSE(run.task().result().successful());
  int dumps = 0;
  for (const auto& nested : run.task().result().nested_results()) {
    if (nested.successful() || !nested.failure_dump_available()) continue;
    v1::GetProcessDumpRequest dump_request;
    Scope(dump_request, run.task().task_id());
    dump_request.mutable_process()->set_id(kProcess);
    dump_request.set_object_id(std::stoll(nested.object_id()));
    auto context = Context();
    auto reader = stub_->GetProcessDump(context.get(), dump_request);
    std::string dump;
    v1::DataChunk chunk;
    while (reader->Read(&chunk)) dump += chunk.data();
    status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(dump.empty());
    ++dumps;
  }
  EXPECT_EQ(dumps, 1);  // only the Employees import fails
}

TEST_F(TasksTest, ActionSummariesStatusAndOptimizerLog) {
  v1::RunActionResponse run;
  grpc::Status status =
      stub_->RunAction(Context().get(), Run(kOptimizerAction), &run);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string task_id = run.task().task_id();

  v1::GetTaskSummariesRequest summaries_request;
  summaries_request.set_workspace_id(kWorkspace);
  summaries_request.set_model_id(kModel);
  summaries_request.mutable_action()->set_id(kOptimizerAction);
  v1::GetTaskSummariesResponse summaries;
  ASSERT_TRUE(
      stub_->GetTaskSummaries(Context().get(), summaries_request, &summaries)
          .ok());
  bool listed = false;
  for (const auto& t : summaries.tasks()) listed |= t.task_id() == task_id;
  EXPECT_TRUE(listed);

  v1::GetTaskStatusRequest status_request;
  Scope(status_request, task_id);
  status_request.mutable_action()->set_id(kOptimizerAction);
  v1::TaskStatus task;
  ASSERT_TRUE(
      stub_->GetTaskStatus(Context().get(), status_request, &task).ok());
  EXPECT_EQ(task.task_state(), v1::TASK_STATE_COMPLETE);

  v1::GetOptimizerLogRequest log_request;
  Scope(log_request, task_id);
  log_request.mutable_action()->set_id(kOptimizerAction);
  auto context = Context();
  auto reader = stub_->GetOptimizerLog(context.get(), log_request);
  std::string log;
  v1::DataChunk chunk;
  while (reader->Read(&chunk)) log += chunk.data();
  status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(log, HasSubstr("Optimizer"));
}

TEST_F(TasksTest, WatchAndCancel) {
  v1::RunActionRequest start = Run(kDeleteAction);
  start.set_wait_for_completion(false);
  v1::RunActionResponse run;
  ASSERT_TRUE(stub_->RunAction(Context().get(), start, &run).ok());
  v1::WatchTaskRequest watch;
  Scope(watch, run.task().task_id());
  watch.mutable_action()->set_id(kDeleteAction);
  watch.mutable_poll_interval()->set_nanos(20 * 1000 * 1000);
  auto context = Context();
  auto reader = stub_->WatchTask(context.get(), watch);
  std::vector<v1::TaskStatus> seen;
  v1::TaskStatus status;
  while (reader->Read(&status)) seen.push_back(status);
  grpc::Status finished = reader->Finish();
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().task_state(), v1::TASK_STATE_COMPLETE);

  ASSERT_TRUE(stub_->RunAction(Context().get(), start, &run).ok());
  v1::CancelTaskRequest cancel;
  Scope(cancel, run.task().task_id());
  cancel.mutable_action()->set_id(kDeleteAction);
  v1::TaskStatus cancelled;
  grpc::Status cancel_status =
      stub_->CancelTask(Context().get(), cancel, &cancelled);
  EXPECT_TRUE(cancel_status.ok()) << cancel_status.error_message();
}

TEST_F(TasksTest, ExportAndDownloadMatchesTheExportFile) {
  v1::ExportAndDownloadRequest request;
  request.set_workspace_id(kWorkspace);
  request.set_model_id(kModel);
  request.mutable_action()->set_name("Employees.csv");
  auto context = Context();
  auto reader = stub_->ExportAndDownload(context.get(), request);
  v1::ExportAndDownloadResponse message;
  ASSERT_TRUE(reader->Read(&message));
  ASSERT_TRUE(message.has_task());
  EXPECT_TRUE(message.task().result().successful());
  std::string csv;
  while (reader->Read(&message)) {
    ASSERT_TRUE(message.has_chunk());
    csv += message.chunk().data();
  }
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(csv, HasSubstr("Alice Smith"));
  EmulatorFileInfo info = FileInfo(kEmployeesExport);
  EXPECT_EQ(info.sha256, Sha256Hex(csv));
}

}  // namespace
}  // namespace anaplan::e2e
