// Bulk tasks: imports, exports, actions and processes with their real side
// effects on model data, progression over polls, cancel, dumps and logs.

#include "emulator/csv.h"
#include "tests/emulator/emulator_test_util.h"

namespace anaplan::emulator::testing {
namespace {

class TasksTest : public EmulatorTest {
 protected:
  rapidjson::Document ListDump(const std::string& name) {
    auto res = client_->Get(std::string("/__emulator/model/") + kDemoModel +
                            "/lists/" + name);
    EXPECT_EQ(res->status, 200);
    return Parse(res->body);
  }

  const rapidjson::Value* FindItem(const rapidjson::Document& list,
                                   const std::string& name) {
    for (const auto& item : list["items"].GetArray()) {
      if (name == item["name"].GetString()) return &item;
    }
    return nullptr;
  }

  std::string Detail(const rapidjson::Value& result, const std::string& key) {
    const auto& values = result["details"][0]["values"];
    for (rapidjson::SizeType i = 0; i + 1 < values.Size(); i += 2) {
      if (key == values[i].GetString()) return values[i + 1].GetString();
    }
    return "";
  }

  rapidjson::Document RunToCompletion(const std::string& segment,
                                      const std::string& id) {
    return WaitTask(segment, id, StartTask(segment, id));
  }
};

TEST_F(TasksTest, StartReturnsNotStartedTaskWithUrl) {
  rapidjson::Document doc = PostJson(Bulk("/exports/116000000000/tasks"),
                                     R"({"localeName":"en_US"})");
  const auto& task = doc["task"];
  std::string id = task["taskId"].GetString();
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find_first_not_of("0123456789ABCDEF"), std::string::npos);
  EXPECT_STREQ(task["taskState"].GetString(), "NOT_STARTED");
  EXPECT_TRUE(task["creationTime"].IsInt64());
  EXPECT_NE(std::string(task["taskUrl"].GetString()).find("/tasks/" + id),
            std::string::npos);
  // An id under the wrong segment, or unknown, is a 404.
  PostJson(Bulk("/imports/116000000000/tasks"), "{}", 404);
  PostJson(Bulk("/actions/117999999999/tasks"), "{}", 404);
}

TEST_F(TasksTest, ImportAddsAndUpdatesRows) {
  UploadFile(kEmployeesFile,
             "Name,Code,Parent,Department,Salary,Active\n"
             "\"Kim, Lee\",E011,All Employees,Sales,61000,true\n"
             "Alice Smith,E001,All Employees,Finance,99000,yes\n");
  rapidjson::Document doc = RunToCompletion("imports", kEmployeesImport);
  const auto& result = doc["task"]["result"];
  EXPECT_TRUE(result["successful"].GetBool());
  EXPECT_FALSE(result["failureDumpAvailable"].GetBool());
  EXPECT_STREQ(result["objectId"].GetString(), kEmployeesImport);
  EXPECT_STREQ(result["details"][0]["type"].GetString(),
               "hierarchyRowsProcessed");
  EXPECT_EQ(Detail(result, "successCreateCount"), "1");
  EXPECT_EQ(Detail(result, "successUpdateCount"), "1");
  rapidjson::Document list = ListDump("Employees");
  EXPECT_EQ(list["items"].Size(), 11u);
  ASSERT_NE(FindItem(list, "Kim, Lee"), nullptr);
  EXPECT_STREQ(
      (*FindItem(list, "Alice Smith"))["properties"]["Salary"].GetString(),
      "99000");
  // Dumps are 404 when the run had no failures.
  GetJson(Bulk("/imports/112000000000/tasks/" +
               std::string(doc["task"]["taskId"].GetString()) + "/dump"),
          404);
}

TEST_F(TasksTest, BadRowsFailWithDump) {
  UploadFile(kEmployeesFile,
             "Name,Code,Parent,Department,Salary,Active\n"
             "Good Row,E050,,Sales,1,true\n"
             ",E051,,Sales,1,true\n"
             "Bad Number,E052,,Sales,lots,true\n"
             "\n");
  std::string task_id = StartTask("imports", kEmployeesImport);
  rapidjson::Document doc = WaitTask("imports", kEmployeesImport, task_id);
  const auto& result = doc["task"]["result"];
  EXPECT_FALSE(result["successful"].GetBool());
  EXPECT_TRUE(result["failureDumpAvailable"].GetBool());
  EXPECT_STREQ(doc["task"]["currentStep"].GetString(), "Failed.");
  EXPECT_EQ(Detail(result, "failedCount"), "2");
  EXPECT_EQ(Detail(result, "ignoredCount"), "1");
  EXPECT_EQ(Detail(result, "successRowCount"), "1");
  auto dump = client_->Get(
      Bulk("/imports/112000000000/tasks/" + task_id + "/dump"), Auth());
  ASSERT_EQ(dump->status, 200);
  EXPECT_EQ(dump->get_header_value("Content-Type"), "text/plain");
  std::vector<CsvRow> rows = ParseCsv(dump->body, ',', '"');
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].front(), "_Line_");
  EXPECT_EQ(rows[0].back(), "_Error_1_");
  EXPECT_EQ(rows[1][0], "3");
  EXPECT_EQ(rows[2][1], "Bad Number");
  rapidjson::Document chunks =
      GetJson(Bulk("/imports/112000000000/tasks/" + task_id + "/dump/chunks"));
  EXPECT_EQ(chunks["chunks"].Size(), 1u);
  auto chunk = client_->Get(
      Bulk("/imports/112000000000/tasks/" + task_id + "/dump/chunks/0"),
      Auth());
  EXPECT_EQ(chunk->body, dump->body);
  EXPECT_NE(FindItem(ListDump("Employees"), "Good Row"), nullptr);
}

TEST_F(TasksTest, ImportWithoutSourceContentFails) {
  rapidjson::Document doc = RunToCompletion("imports", kEmployeesImport);
  EXPECT_STREQ(doc["task"]["taskState"].GetString(), "COMPLETE");
  EXPECT_FALSE(doc["task"]["result"]["successful"].GetBool());
}

TEST_F(TasksTest, ModuleImportWritesCellsAndExportReadsThem) {
  UploadFile(kSalesFile,
             "Region,Month,Revenue,Units\n"
             "North,Dec 24,1234.5,12\n"
             "Atlantis,Jan 24,1,1\n");
  rapidjson::Document imported = RunToCompletion("imports", kSalesImport);
  EXPECT_FALSE(imported["task"]["result"]["successful"].GetBool());
  EXPECT_EQ(Detail(imported["task"]["result"], "successRowCount"), "1");

  rapidjson::Document exported = RunToCompletion("exports", kSalesExport);
  EXPECT_TRUE(exported["task"]["result"]["successful"].GetBool());
  auto file = client_->Get(Bulk("/files/116000000001"), Auth());
  ASSERT_EQ(file->status, 200);
  std::vector<CsvRow> rows = ParseCsv(file->body, ',', '"');
  ASSERT_EQ(rows.size(), 14u);  // Header + 12 seeded + 1 imported.
  EXPECT_EQ(rows[0], (CsvRow{"Region", "Month", "Revenue", "Units"}));
  EXPECT_EQ(rows[1], (CsvRow{"North", "Jan 24", "12000", "120"}));
  EXPECT_EQ(rows[4], (CsvRow{"North", "Dec 24", "1234.5", "12"}));
}

TEST_F(TasksTest, ExportCsvMatchesListData) {
  RunToCompletion("exports", kEmployeesExport);
  auto file = client_->Get(Bulk("/files/116000000000"), Auth());
  ASSERT_EQ(file->status, 200);
  std::vector<CsvRow> rows = ParseCsv(file->body, ',', '"');
  rapidjson::Document list = ListDump("Employees");
  ASSERT_EQ(rows.size(), list["items"].Size() + 1);
  EXPECT_EQ(rows[0], (CsvRow{"Employees", "Code", "Parent", "Department",
                             "Salary", "Active"}));
  for (rapidjson::SizeType i = 0; i < list["items"].Size(); ++i) {
    const auto& item = list["items"][i];
    EXPECT_EQ(rows[i + 1][0], item["name"].GetString());
    EXPECT_EQ(rows[i + 1][1], item["code"].GetString());
    EXPECT_EQ(rows[i + 1][4], item["properties"]["Salary"].GetString());
  }
  rapidjson::Document files = GetJson(Bulk("/files"));
  const auto& output = files["files"][files["files"].Size() - 1];
  EXPECT_STREQ(output["id"].GetString(), kEmployeesExport);
  EXPECT_EQ(output["headerRow"].GetInt(), 0);
  EXPECT_EQ(output["firstDataRow"].GetInt(), 0);
  EXPECT_FALSE(output.HasMember("separator"));
}

TEST_F(TasksTest, LargeExportIsSplitIntoChunks) {
  client_->Put("/__emulator/settings", R"({"export_chunk_size":100})",
               "application/json");
  RunToCompletion("exports", kEmployeesExport);
  rapidjson::Document chunks = GetJson(Bulk("/files/116000000000/chunks"));
  ASSERT_GT(chunks["chunks"].Size(), 3u);
  std::string joined;
  for (rapidjson::SizeType i = 0; i < chunks["chunks"].Size(); ++i) {
    auto chunk = client_->Get(
        Bulk("/files/116000000000/chunks/" + std::to_string(i)), Auth());
    EXPECT_LE(chunk->body.size(), 100u);
    joined += chunk->body;
  }
  EXPECT_EQ(joined, client_->Get(Bulk("/files/116000000000"), Auth())->body);
}

TEST_F(TasksTest, ProcessRunsActionsInOrderWithNestedResults) {
  UploadFile(kEmployeesFile, "Name,Code\nNew Person,E077\n");
  UploadFile(kSalesFile, "Region,Month,Revenue\nSouth,Jan 24,oops\n");
  std::string task_id = StartTask("processes", kLoadProcess);
  rapidjson::Document doc = WaitTask("processes", kLoadProcess, task_id);
  const auto& result = doc["task"]["result"];
  EXPECT_STREQ(result["objectId"].GetString(), kLoadProcess);
  EXPECT_FALSE(result["successful"].GetBool());
  EXPECT_TRUE(result["failureDumpAvailable"].GetBool());
  ASSERT_EQ(result["nestedResults"].Size(), 2u);
  EXPECT_STREQ(result["nestedResults"][0]["objectId"].GetString(),
               kEmployeesImport);
  EXPECT_TRUE(result["nestedResults"][0]["successful"].GetBool());
  EXPECT_STREQ(result["nestedResults"][1]["objectId"].GetString(),
               kSalesImport);
  EXPECT_FALSE(result["nestedResults"][1]["successful"].GetBool());
  auto dump = client_->Get(Bulk("/processes/118000000000/tasks/" + task_id +
                                "/dumps/" + kSalesImport),
                           Auth());
  ASSERT_EQ(dump->status, 200);
  EXPECT_NE(dump->body.find("oops"), std::string::npos);
  GetJson(Bulk("/processes/118000000000/tasks/" + task_id + "/dumps/" +
               kEmployeesImport),
          404);
  EXPECT_NE(FindItem(ListDump("Employees"), "New Person"), nullptr);
}

TEST_F(TasksTest, DeleteBySelectionRemovesInactiveItems) {
  rapidjson::Document doc = RunToCompletion("actions", kDeleteAction);
  EXPECT_TRUE(doc["task"]["result"]["successful"].GetBool());
  rapidjson::Document list = ListDump("Employees");
  EXPECT_EQ(list["items"].Size(), 8u);
  EXPECT_EQ(FindItem(list, "David Brown"), nullptr);
}

TEST_F(TasksTest, OptimizerWritesSolutionLog) {
  std::string task_id = StartTask("actions", kOptimizerAction);
  WaitTask("actions", kOptimizerAction, task_id);
  const std::string path =
      Bulk(std::string("/optimizeActions/") + kOptimizerAction + "/tasks/" +
           task_id + "/solutionLogs");
  auto log = client_->Get(path, Auth());
  ASSERT_EQ(log->status, 200);
  EXPECT_EQ(log->get_header_value("Content-Type"), "text/plain");
  EXPECT_NE(log->body.find("Optimal solution found"), std::string::npos);
  // The process id is not an optimizer action.
  GetJson(Bulk(std::string("/optimizeActions/") + kLoadProcess + "/tasks/" +
               task_id + "/solutionLogs"),
          404);
  token_ = Login("viewer@example.com", "viewer-password");
  GetJson(path, 403);
}

TEST_F(TasksTest, ListAndCancelTasks) {
  std::string first = StartTask("exports", kEmployeesExport);
  std::string second = StartTask("exports", kEmployeesExport);
  rapidjson::Document list = GetJson(Bulk("/exports/116000000000/tasks"));
  ASSERT_EQ(list["tasks"].Size(), 2u);
  EXPECT_EQ(list["tasks"][0]["taskId"].GetString(), first);
  auto cancelled =
      client_->Delete(Bulk("/exports/116000000000/tasks/" + second), Auth());
  ASSERT_EQ(cancelled->status, 200);
  EXPECT_STREQ(Parse(cancelled->body)["task"]["taskState"].GetString(),
               "CANCELLED");
  rapidjson::Document after =
      GetJson(Bulk("/exports/116000000000/tasks/" + second));
  EXPECT_STREQ(after["task"]["taskState"].GetString(), "CANCELLED");
  GetJson(Bulk("/exports/116000000000/tasks/0000"), 404);
  auto all = client_->Get("/__emulator/tasks");
  rapidjson::Document tasks = Parse(all->body);
  EXPECT_EQ(tasks["tasks"].Size(), 2u);
  EXPECT_EQ(tasks["counts"][kEmployeesExport].GetInt(), 2);
}

class SlowTasksTest : public TasksTest {
  void Configure(EmulatorOptions& options) override {
    options.task_polls_in_progress = 2;
  }
};

TEST_F(SlowTasksTest, ProgressionOverPollsAndSideEffectsOnce) {
  std::string task_id = StartTask("actions", kDeleteAction);
  const std::string path = Bulk("/actions/117000000000/tasks/" + task_id);
  rapidjson::Document poll1 = GetJson(path);
  EXPECT_STREQ(poll1["task"]["taskState"].GetString(), "IN_PROGRESS");
  EXPECT_FALSE(poll1["task"].HasMember("result"));
  EXPECT_EQ(ListDump("Employees")["items"].Size(), 10u);  // Not yet.
  rapidjson::Document poll2 = GetJson(path);
  EXPECT_STREQ(poll2["task"]["taskState"].GetString(), "IN_PROGRESS");
  EXPECT_GT(poll2["task"]["progress"].GetDouble(),
            poll1["task"]["progress"].GetDouble());
  rapidjson::Document poll3 = GetJson(path);
  EXPECT_STREQ(poll3["task"]["taskState"].GetString(), "COMPLETE");
  EXPECT_EQ(poll3["task"]["progress"].GetDouble(), 1.0);
  EXPECT_STREQ(poll3["task"]["currentStep"].GetString(), "Complete.");
  GetJson(path);
  EXPECT_EQ(ListDump("Employees")["items"].Size(), 8u);
}

TEST_F(SlowTasksTest, CancelledTaskHasNoSideEffects) {
  std::string task_id = StartTask("actions", kDeleteAction);
  const std::string path = Bulk("/actions/117000000000/tasks/" + task_id);
  GetJson(path);
  ASSERT_EQ(client_->Delete(path, Auth())->status, 200);
  for (int i = 0; i < 4; ++i) {
    EXPECT_STREQ(GetJson(path)["task"]["taskState"].GetString(), "CANCELLED");
  }
  EXPECT_EQ(ListDump("Employees")["items"].Size(), 10u);
}

TEST_F(SlowTasksTest, BusyModelConflictWhenEnabled) {
  client_->Put("/__emulator/settings", R"({"model_busy_conflict":true})",
               "application/json");
  std::string running = StartTask("exports", kEmployeesExport);
  PostJson(Bulk("/imports/112000000000/tasks"), "{}", 409);
  StartTask("actions", kDeleteAction);  // Other actions are not blocked.
  WaitTask("exports", kEmployeesExport, running);
  EXPECT_FALSE(StartTask("imports", kEmployeesImport).empty());
}

}  // namespace
}  // namespace anaplan::emulator::testing
