#include "anaplan_core/bulk/bulk_json.h"

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

rapidjson::Document Json(const std::string& text) {
  absl::StatusOr<rapidjson::Document> doc = ParseJson(text);
  EXPECT_THAT(doc.status(), IsOk()) << text;
  return doc.ok() ? *std::move(doc) : rapidjson::Document();
}

TEST(BulkJsonTest, WorkspaceWithUnknownFields) {
  auto ws = ParseWorkspace(Json(
      R"({"id":"8a81b09d5e8c6f27015ece3402487d33","name":"Finance",)"
      R"("active":true,"sizeAllowance":1073741824,"currentSize":"52428800",)"
      R"("futureField":{"x":[1,2]}})"));
  ASSERT_THAT(ws, IsOk());
  EXPECT_EQ(ws->name, "Finance");
  EXPECT_TRUE(ws->active);
  EXPECT_EQ(ws->size_allowance, 1073741824);
  EXPECT_EQ(ws->current_size, 52428800);
}

TEST(BulkJsonTest, ModelWithDetailsAndWithout) {
  auto full = ParseModel(Json(
      R"({"id":"FC12E34567890ABCDEF1234567890ABC","name":"Plan",)"
      R"("activeState":"PRODUCTION_MAINTENANCE","lastSavedSerialNumber":"2000012",)"
      R"("lastModifiedByUserGuid":"8a8b","memoryUsage":123456,)"
      R"("currentWorkspaceId":"ws","currentWorkspaceName":"WS","modelUrl":"u",)"
      R"("categoryValues":[{"id":"1","attribute":"Finance"}],)"
      R"("isoCreationDate":"2022-02-10T19:14:23.000+0000",)"
      R"("lastModified":"2022-02-11T01:00:00.000+0000",)"
      R"("modelTransactionRunning":true})"));
  ASSERT_THAT(full, IsOk());
  EXPECT_EQ(full->active_state, "PRODUCTION_MAINTENANCE");
  EXPECT_EQ(full->last_saved_serial_number, 2000012);
  EXPECT_EQ(full->memory_usage, 123456);
  EXPECT_THAT(full->category_values_json,
              ElementsAre(R"({"id":"1","attribute":"Finance"})"));
  EXPECT_TRUE(full->model_transaction_running);

  auto bare = ParseModel(Json(R"({"id":"A","name":"B","activeState":"NEW"})"));
  ASSERT_THAT(bare, IsOk());
  EXPECT_EQ(bare->active_state, "NEW");  // Unknown words are kept.
  EXPECT_EQ(bare->memory_usage, 0);
}

TEST(BulkJsonTest, ObjectListingsAcceptIdsAsStringsOrNumbers) {
  auto file = ParseFile(Json(
      R"({"id":"113000000001","name":"a.csv","chunkCount":3,"firstDataRow":2,)"
      R"("headerRow":1,"delimiter":"\"","encoding":"UTF-8","format":"txt",)"
      R"("separator":",","code":"x"})"));
  ASSERT_THAT(file, IsOk());
  EXPECT_EQ(file->id, 113000000001);
  EXPECT_EQ(file->chunk_count, 3);
  EXPECT_EQ(file->separator, ",");

  auto export_file = ParseFile(Json(R"({"id":116000000002,"name":"out.csv"})"));
  ASSERT_THAT(export_file, IsOk());
  EXPECT_EQ(export_file->id, 116000000002);
  EXPECT_EQ(export_file->chunk_count, 0);

  auto action = ParseAction(
      Json(R"({"id":"117000000003","name":"Del","actionType":"OPTIMIZER"})"));
  ASSERT_THAT(action, IsOk());
  EXPECT_EQ(action->action_type, "OPTIMIZER");

  auto process = ParseProcess(Json(R"({"id":118000000004,"name":"P"})"));
  ASSERT_THAT(process, IsOk());
  EXPECT_EQ(process->id, 118000000004);

  auto exp = ParseExport(Json(
      R"({"id":"116000000005","name":"E","exportType":"TABULAR_MULTI_COLUMN",)"
      R"("exportFormat":"text/csv","encoding":"UTF-8","layout":"GRID_ALL_PAGES"})"));
  ASSERT_THAT(exp, IsOk());
  EXPECT_EQ(exp->export_format, "text/csv");
  EXPECT_EQ(exp->layout, "GRID_ALL_PAGES");
}

TEST(BulkJsonTest, ImportDataSourceFlatNestedOrEmpty) {
  struct Case {
    const char* json;
    int64_t source;
  };
  const Case cases[] = {
      {R"({"id":"112000000001","name":"I","importType":"MODULE_DATA",)"
       R"("importDataSourceId":"113000000006"})",
       113000000006},
      {R"({"id":"112000000001","name":"I","importDataSource":)"
       R"({"importDataSourceId":"113000000007","type":"FILE"}})",
       113000000007},
      {R"({"id":"112000000001","name":"I","importDataSourceId":""})", 0},
      {R"({"id":"112000000001","name":"I"})", 0},
  };
  for (const Case& c : cases) {
    auto import = ParseImport(Json(c.json));
    ASSERT_THAT(import, IsOk()) << c.json;
    EXPECT_EQ(import->import_data_source_id, c.source) << c.json;
  }
}

TEST(BulkJsonTest, Metadata) {
  auto im = ParseImportMetadata(Json(
      R"({"name":"Employees","type":"FILE","source":{"textEncoding":"ISO-8859-1",)"
      R"("columnSeparator":"\t","textDelimiter":"\"","headerRow":1,)"
      R"("firstDataRow":2,"decimalSeparator":".","headerNames":["Name","Code"],)"
      R"("columnCount":2}})"));
  ASSERT_THAT(im, IsOk());
  EXPECT_EQ(im->column_separator, "\t");
  EXPECT_THAT(im->header_names, ElementsAre("Name", "Code"));
  EXPECT_EQ(im->column_count, 2);

  auto model_import =
      ParseImportMetadata(Json(R"({"name":"M","type":"MODEL"})"));
  ASSERT_THAT(model_import, IsOk());
  EXPECT_EQ(model_import->column_count, 0);

  auto em = ParseExportMetadata(Json(
      R"({"columnCount":16,"dataTypes":["ENTITY","MIXED"],"delimiter":"\"",)"
      R"("encoding":"UTF-8","exportFormat":"text/csv","headerNames":["A","B"],)"
      R"("listNames":["",""],"rowCount":20432,"separator":","})"));
  ASSERT_THAT(em, IsOk());
  EXPECT_THAT(em->data_types, ElementsAre("ENTITY", "MIXED"));
  EXPECT_EQ(em->row_count, 20432);

  auto pm = ParseProcessMetadata(Json(
      R"({"name":"P","actions":[{"id":"112000000000","name":"Imp",)"
      R"("actionType":"IMPORT","importDataSourceId":"113000000000"},)"
      R"({"id":"117000000000","name":"Del","actionType":"DELETE_BY_SELECTION"}]})"));
  ASSERT_THAT(pm, IsOk());
  ASSERT_EQ(pm->actions.size(), 2u);
  EXPECT_EQ(pm->actions[0].import_data_source_id, 113000000000);
  EXPECT_EQ(pm->actions[1].action_type, "DELETE_BY_SELECTION");
}

TEST(BulkJsonTest, DeleteModelsFailuresOptional) {
  auto all = ParseDeleteModelsResult(Json(R"({"modelsDeleted":2})"));
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->models_deleted, 2);
  EXPECT_TRUE(all->failures.empty());

  auto some = ParseDeleteModelsResult(Json(
      R"({"modelsDeleted":0,"bulkDeleteModelsFailures":[{"modelId":"M1",)"
      R"("message":"Model is open. Please close the model before trying again."}]})"));
  ASSERT_THAT(some, IsOk());
  ASSERT_EQ(some->failures.size(), 1u);
  EXPECT_EQ(some->failures[0].model_id, "M1");
}

TEST(BulkJsonTest, TaskStates) {
  struct Case {
    const char* word;
    TaskState state;
    bool terminal;
  };
  const Case cases[] = {
      {"NOT_STARTED", TaskState::kNotStarted, false},
      {"IN_PROGRESS", TaskState::kInProgress, false},
      {"COMPLETE", TaskState::kComplete, true},
      {"CANCELLING", TaskState::kCancelling, false},
      {"CANCELLED", TaskState::kCancelled, true},
      {"PAUSED", TaskState::kUnknown, false},
  };
  for (const Case& c : cases) {
    auto task = ParseTaskStatus(Json(absl::StrCat(
        R"({"taskId":"T","taskState":")", c.word, R"(","progress":0.5})")));
    ASSERT_THAT(task, IsOk()) << c.word;
    EXPECT_EQ(task->task_state, c.state) << c.word;
    EXPECT_EQ(task->task_state_name, c.word);
    EXPECT_EQ(IsTerminal(task->task_state), c.terminal) << c.word;
    EXPECT_FALSE(task->result.has_value());
  }
}

TEST(BulkJsonTest, TaskResultRecursive) {
  auto task = ParseTaskStatus(Json(
      R"({"taskId":"1B1D","taskState":"COMPLETE","creationTime":1535145471641,)"
      R"("currentStep":"Failed.","progress":1.0,"result":{"successful":false,)"
      R"("failureDumpAvailable":true,"objectId":"118000000002","objectName":"P",)"
      R"("nestedResults":[{"successful":false,"failureDumpAvailable":true,)"
      R"("objectId":"112000000009","details":[{"localMessageText":"Employees: 90",)"
      R"("occurrences":3,"type":"hierarchyRowsProcessed","values":)"
      R"(["hierarchyName","Employees","successRowCount","90",null]}]}]}})"));
  ASSERT_THAT(task, IsOk());
  EXPECT_EQ(task->creation_time, 1535145471641);
  ASSERT_TRUE(task->result.has_value());
  EXPECT_FALSE(task->result->successful);
  EXPECT_EQ(task->result->object_id, "118000000002");
  ASSERT_EQ(task->result->nested_results.size(), 1u);
  const TaskResult& nested = task->result->nested_results[0];
  EXPECT_TRUE(nested.failure_dump_available);
  EXPECT_EQ(nested.object_id, "112000000009");
  ASSERT_EQ(nested.details.size(), 1u);
  EXPECT_EQ(nested.details[0].occurrences, 3);
  EXPECT_THAT(
      nested.details[0].values,
      ElementsAre("hierarchyName", "Employees", "successRowCount", "90", ""));
}

TEST(BulkJsonTest, TaskSummary) {
  auto summary = ParseTaskSummary(Json(
      R"({"taskId":"T1","taskState":"CANCELLED","creationTime":"1535145471641"})"));
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->task_state, TaskState::kCancelled);
  EXPECT_EQ(summary->creation_time, 1535145471641);
}

TEST(BulkJsonTest, MalformedRepliesAreInternal) {
  using Check = std::function<absl::Status(const rapidjson::Value&)>;
  struct Case {
    const char* name;
    Check parse;
    const char* json;
  };
  const Case cases[] = {
      {"file without id", [](auto& v) { return ParseFile(v).status(); },
       R"({"name":"a.csv"})"},
      {"file id not numeric", [](auto& v) { return ParseFile(v).status(); },
       R"({"id":"abc","name":"a.csv"})"},
      {"file not an object", [](auto& v) { return ParseFile(v).status(); },
       R"([1,2])"},
      {"workspace without name",
       [](auto& v) { return ParseWorkspace(v).status(); }, R"({"id":"w"})"},
      {"task without taskId",
       [](auto& v) { return ParseTaskStatus(v).status(); },
       R"({"taskState":"COMPLETE"})"},
      {"task result not an object",
       [](auto& v) { return ParseTaskStatus(v).status(); },
       R"({"taskId":"T","taskState":"COMPLETE","result":{"nestedResults":[7]}})"},
      {"process action without id",
       [](auto& v) { return ParseProcessMetadata(v).status(); },
       R"({"actions":[{"name":"x"}]})"},
  };
  for (const Case& c : cases) {
    absl::Status status = c.parse(Json(c.json));
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal)) << c.name;
    EXPECT_EQ(GetErrorInfo(status).reason, "ANAPLAN_BAD_RESPONSE") << c.name;
  }
}

TEST(BulkJsonTest, RequiredObjectNamesTheKey) {
  rapidjson::Document reply = Json(R"({"status":{"code":200}})");
  EXPECT_THAT(RequiredObject(reply, "task"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("task")));
  EXPECT_THAT(ParseJson("{not json"), StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace anaplan::core
