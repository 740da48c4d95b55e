// Workspaces, models, users and model-object listings: paging, sorting,
// search, 404/405 semantics and bulk model deletion.

#include <vector>

#include "tests/emulator/emulator_test_util.h"

namespace anaplan::emulator::testing {
namespace {

class ListingTest : public EmulatorTest {
 protected:
  std::vector<std::string> Names(const rapidjson::Document& doc,
                                 const char* key) {
    std::vector<std::string> names;
    if (!doc.HasMember(key)) return names;
    for (const auto& v : doc[key].GetArray())
      names.push_back(v["name"].GetString());
    return names;
  }
};

TEST_F(ListingTest, WorkspacesWithTenantDetails) {
  rapidjson::Document doc = GetJson("/2/0/workspaces?tenantDetails=true");
  ASSERT_EQ(doc["workspaces"].Size(), 2u);
  const auto& demo = doc["workspaces"][0];
  EXPECT_STREQ(demo["id"].GetString(), kDemoWorkspace);
  EXPECT_STREQ(demo["name"].GetString(), "Demo Workspace");
  EXPECT_TRUE(demo["active"].GetBool());
  EXPECT_EQ(demo["sizeAllowance"].GetInt64(), 1073741824);
  EXPECT_TRUE(demo.HasMember("currentSize"));
  EXPECT_EQ(doc["meta"]["paging"]["totalSize"].GetInt(), 2);
  EXPECT_EQ(doc["status"]["code"].GetInt(), 200);

  rapidjson::Document plain = GetJson("/2/0/workspaces");
  EXPECT_FALSE(plain["workspaces"][0].HasMember("currentSize"));
  rapidjson::Document one =
      GetJson(std::string("/2/0/workspaces/") + kDemoWorkspace);
  EXPECT_STREQ(one["workspace"]["name"].GetString(), "Demo Workspace");
}

TEST_F(ListingTest, ModelDetails) {
  rapidjson::Document doc =
      GetJson(std::string("/2/0/models/") + kDemoModel + "?modelDetails=true");
  const auto& model = doc["model"];
  EXPECT_STREQ(model["name"].GetString(), "Demo Model");
  EXPECT_STREQ(model["activeState"].GetString(), "UNLOCKED");
  EXPECT_STREQ(model["currentWorkspaceId"].GetString(), kDemoWorkspace);
  for (const char* key :
       {"lastSavedSerialNumber", "lastModifiedByUserGuid", "memoryUsage",
        "currentWorkspaceName", "modelUrl", "categoryValues", "isoCreationDate",
        "lastModified", "modelTransactionRunning"}) {
    EXPECT_TRUE(model.HasMember(key)) << key;
  }
  rapidjson::Document in_ws =
      GetJson(std::string("/2/0/workspaces/") + kDemoWorkspace + "/models");
  EXPECT_EQ(Names(in_ws, "models"),
            (std::vector<std::string>{"Demo Model", "Archive Model"}));
}

TEST_F(ListingTest, ServerSidePageSizeCap) {
  ASSERT_EQ(client_
                ->Put("/__emulator/settings", R"({"max_page_size":1})",
                      "application/json")
                ->status,
            200);
  rapidjson::Document first = GetJson("/2/0/models?limit=5");
  const auto& paging = first["meta"]["paging"];
  EXPECT_EQ(paging["currentPageSize"].GetInt(), 1);
  EXPECT_EQ(paging["totalSize"].GetInt(), 3);
  EXPECT_EQ(paging["offset"].GetInt(), 0);
  EXPECT_TRUE(paging.HasMember("next"));
  EXPECT_FALSE(paging.HasMember("previous"));
  rapidjson::Document last = GetJson("/2/0/models?limit=1&offset=2");
  EXPECT_EQ(last["models"].Size(), 1u);
  EXPECT_TRUE(last["meta"]["paging"].HasMember("previous"));
  EXPECT_FALSE(last["meta"]["paging"].HasMember("next"));
}

TEST_F(ListingTest, EmptyListingStillHasPaging) {
  rapidjson::Document doc = GetJson(Bulk("/imports/112999999999/tasks"));
  EXPECT_EQ(doc["meta"]["paging"]["totalSize"].GetInt(), 0);
  EXPECT_EQ(doc["meta"]["paging"]["currentPageSize"].GetInt(), 0);
  EXPECT_EQ(doc["tasks"].Size(), 0u);
}

TEST_F(ListingTest, SortAscendingDescendingAndRawPlus) {
  EXPECT_EQ(Names(GetJson("/2/0/models?sort=%2Bname"), "models"),
            (std::vector<std::string>{"Archive Model", "Demo Model",
                                      "Sandbox Model"}));
  EXPECT_EQ(Names(GetJson("/2/0/models?sort=-name"), "models"),
            (std::vector<std::string>{"Sandbox Model", "Demo Model",
                                      "Archive Model"}));
  // An unencoded '+' arrives as a space: still ascending.
  EXPECT_EQ(Names(GetJson("/2/0/models?sort=+name"), "models")[0],
            "Archive Model");
  EXPECT_EQ(
      Names(GetJson("/2/0/workspaces?sort=-sizeAllowance"), "workspaces")[0],
      "Demo Workspace");
}

TEST_F(ListingTest, StrictSortValidationOnTopLevelCollections) {
  rapidjson::Document bare = GetJson("/2/0/models?sort=name", 400);
  EXPECT_NE(std::string(bare["status"]["message"].GetString())
                .find("Bad sort order format"),
            std::string::npos);
  GetJson("/2/0/workspaces?sort=%2Bid", 400);
  GetJson("/2/0/users?sort=%2BfirstName");
  // Model-level lists ignore unknown fields and accept a missing sign.
  GetJson(Bulk("/files?sort=zzzNoSuchField"));
  rapidjson::Document files = GetJson(Bulk("/files?sort=-name"));
  EXPECT_STREQ(files["files"][0]["name"].GetString(), "Sales.csv");
}

TEST_F(ListingTest, SearchIsCaseInsensitiveLike) {
  EXPECT_EQ(Names(GetJson("/2/0/models?s=demo"), "models"),
            (std::vector<std::string>{"Demo Model"}));
  EXPECT_EQ(Names(GetJson("/2/0/models?s=s_ndbox"), "models"),
            (std::vector<std::string>{"Sandbox Model"}));
  EXPECT_EQ(Names(GetJson("/2/0/workspaces?s=box%25space"), "workspaces"),
            (std::vector<std::string>{"Sandbox Workspace"}));
  rapidjson::Document users = GetJson("/2/0/users?s=viewer@");
  EXPECT_EQ(users["users"].Size(), 1u);
  // Not honoured for non tenant admins.
  token_ = Login("viewer@example.com", "viewer-password");
  EXPECT_EQ(GetJson("/2/0/models?s=demo")["models"].Size(), 3u);
}

TEST_F(ListingTest, ModelObjectListingsInBothPathForms) {
  for (const char* segment :
       {"files", "imports", "exports", "actions", "processes"}) {
    rapidjson::Document ws_form = GetJson(Bulk(std::string("/") + segment));
    rapidjson::Document direct =
        GetJson(std::string("/2/0/models/") + kDemoModel + "/" + segment);
    EXPECT_EQ(ws_form[segment].Size(), direct[segment].Size()) << segment;
    EXPECT_GT(ws_form[segment].Size(), 0u) << segment;
  }
  rapidjson::Document actions = GetJson(Bulk("/actions"));
  EXPECT_STREQ(actions["actions"][1]["actionType"].GetString(), "OPTIMIZER");
  rapidjson::Document exports = GetJson(Bulk("/exports"));
  EXPECT_STREQ(exports["exports"][0]["exportFormat"].GetString(), "text/csv");
  rapidjson::Document imports = GetJson(Bulk("/imports"));
  EXPECT_STREQ(imports["imports"][0]["importDataSourceId"].GetString(),
               kEmployeesFile);
}

TEST_F(ListingTest, DefinitionMetadata) {
  rapidjson::Document imp = GetJson(Bulk("/imports/112000000000"));
  EXPECT_EQ(imp["importMetadata"]["source"]["headerRow"].GetInt(), 1);
  EXPECT_EQ(imp["importMetadata"]["source"]["columnCount"].GetInt(), 6);
  rapidjson::Document exp = GetJson(Bulk("/exports/116000000000"));
  EXPECT_EQ(exp["exportMetadata"]["rowCount"].GetInt(), 10);
  EXPECT_STREQ(exp["exportMetadata"]["headerNames"][0].GetString(),
               "Employees");
  rapidjson::Document proc = GetJson(std::string("/2/0/models/") + kDemoModel +
                                     "/processes/118000000000");
  EXPECT_EQ(proc["processMetadata"]["actions"].Size(), 2u);
  GetJson(Bulk("/imports/112999999999"), 404);
}

TEST_F(ListingTest, UnknownIdsAndRoutesAre404WithErrorBody) {
  rapidjson::Document doc =
      GetJson(Bulk("/files", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"), 404);
  EXPECT_EQ(doc["status"]["code"].GetInt(), 404);
  EXPECT_TRUE(doc.HasMember("timestamp"));
  GetJson("/2/0/workspaces//models//files", 404);
  GetJson("/2/0/no/such/route", 404);
  // The model is not in this workspace.
  GetJson(Bulk("/files", kDemoModel, kSandboxWorkspace), 404);
  // The workspace-scoped model path has no GET.
  GetJson(std::string("/2/0/workspaces/") + kDemoWorkspace + "/models/" +
              kDemoModel,
          405);
}

TEST_F(ListingTest, BulkDeleteModels) {
  const std::string path =
      std::string("/2/0/workspaces/") + kDemoWorkspace + "/bulkDeleteModels";
  PostJson(path, R"({"modelIds":["X"]})", 400);
  PostJson(path, R"({"modelIdsToDelete":[]})", 400);
  rapidjson::Document doc =
      PostJson(path, std::string(R"({"modelIdsToDelete":[")") + kArchiveModel +
                         R"(",")" + kDemoModel + R"(","0000"]})");
  EXPECT_EQ(doc["modelsDeleted"].GetInt(), 1);
  ASSERT_EQ(doc["bulkDeleteModelsFailures"].Size(), 2u);
  EXPECT_STREQ(doc["bulkDeleteModelsFailures"][0]["message"].GetString(),
               "Model is open. Please close the model before trying again.");
  EXPECT_STREQ(doc["bulkDeleteModelsFailures"][1]["message"].GetString(),
               "Model ID does not exist.");
  GetJson(std::string("/2/0/models/") + kArchiveModel, 404);
}

}  // namespace
}  // namespace anaplan::emulator::testing
