// Listings, paging, sort/search, name resolution, validation and metadata of
// BulkConnectionImpl over a MockHttpTransport.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/bulk/bulk_urls.h"
#include "anaplan_core/status/error_info.h"
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
using bulk_test::TestModel;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Named(int64_t id, const std::string& name) {
  return absl::StrCat(R"({"id":")", id, R"(","name":")", name,
                      R"(","code":"c"})");
}

TEST(BulkListingTest, WorkspacesPageThroughAllItems) {
  Harness h;
  std::vector<std::string> items;
  for (int i = 0; i < 7; ++i) {
    items.push_back(absl::StrCat(R"({"id":"w)", i, R"(","name":"W)", i,
                                 R"(","active":true,"sizeAllowance":1})"));
  }
  // The server caps pages at 3: the client adapts and fetches them all.
  h.mock->SetHandler("GET", "/2/0/workspaces\\?",
                     Paged("workspaces", items, 3));
  auto ws = h.conn->GetWorkspaces({}, CallContext());
  ASSERT_THAT(ws, IsOk());
  ASSERT_EQ(ws->size(), 7u);
  EXPECT_EQ((*ws)[6].name, "W6");
  for (const HttpRequest& r : h.mock->requests()) {
    EXPECT_THAT(r.url, HasSubstr("tenantDetails=true"));
  }
}

TEST(BulkListingTest, SortAndSearchAreEncoded) {
  struct Case {
    ListOptions options;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {{"size_allowance", false, ""}, {"sort=%2BsizeAllowance"}},
      {{"name", true, ""}, {"sort=-name"}},
      {{"activeState", false, "fin%_a b&c"},
       {"sort=%2BactiveState", "s=fin%25_a%20b%26c"}},
      {{"", false, "x+y"}, {"s=x%2By"}},
  };
  for (const Case& c : cases) {
    Harness h;
    h.mock->SetHandler("GET", "/2/0/models\\?", Paged("models", {}));
    ASSERT_THAT(h.conn->GetModels("", c.options, CallContext()), IsOk());
    ASSERT_FALSE(h.mock->requests().empty());
    const std::string url = h.mock->requests()[0].url;
    EXPECT_THAT(url, HasSubstr("modelDetails=true"));
    for (const std::string& part : c.expected) {
      EXPECT_THAT(url, HasSubstr(part)) << url;
    }
    if (c.options.sort_by.empty()) {
      EXPECT_THAT(url, ::testing::Not(HasSubstr("sort=")));
    }
  }
}

TEST(BulkListingTest, ModelsOfOneWorkspaceAndOneModel) {
  Harness h;
  h.mock->SetHandler("GET",
                     absl::StrCat("/2/0/workspaces/", bulk_test::kWs,
                                  "/models\\?modelDetails=true"),
                     Paged("models", {R"({"id":"M1","name":"Plan"})"}));
  h.mock->AddResponse(
      "GET", "/2/0/models/M1\\?modelDetails=true$",
      JsonResponse(
          R"({"model":{"id":"M1","name":"Plan","activeState":"ACTIVE"}})"));
  auto models = h.conn->GetModels(bulk_test::kWs, {}, CallContext());
  ASSERT_THAT(models, IsOk());
  ASSERT_EQ(models->size(), 1u);
  auto model = h.conn->GetModel("M1", CallContext());
  ASSERT_THAT(model, IsOk());
  EXPECT_EQ(model->active_state, "ACTIVE");
}

TEST(BulkListingTest, ModelObjectListings) {
  Harness h;
  const std::string base = ModelRe();
  h.mock->SetHandler("GET", base + "/files\\?",
                     Paged("files", {Named(113000000001, "a.csv")}));
  h.mock->SetHandler("GET", base + "/actions\\?",
                     Paged("actions", {Named(117000000001, "Delete")}));
  h.mock->SetHandler("GET", base + "/processes\\?",
                     Paged("processes", {Named(118000000001, "Proc")}));
  h.mock->SetHandler("GET", base + "/imports\\?",
                     Paged("imports", {Named(112000000001, "Imp")}));
  h.mock->SetHandler("GET", base + "/exports\\?",
                     Paged("exports", {Named(116000000001, "Exp")}));
  CallContext ctx;
  EXPECT_THAT(h.conn->GetFiles(TestModel(), {"id", false, ""}, ctx), IsOk());
  EXPECT_THAT(h.mock->requests().back().url, HasSubstr("sort=%2Bid"));
  EXPECT_THAT(h.conn->GetActions(TestModel(), {}, ctx), IsOk());
  EXPECT_THAT(h.conn->GetProcesses(TestModel(), {}, ctx), IsOk());
  EXPECT_THAT(h.conn->GetImports(TestModel(), {}, ctx), IsOk());
  auto exports = h.conn->GetExports(TestModel(), {}, ctx);
  ASSERT_THAT(exports, IsOk());
  EXPECT_EQ((*exports)[0].id, 116000000001);
}

TEST(BulkListingTest, EmptyIdsAreInvalidArgumentsNamingTheField) {
  Harness h;
  CallContext ctx;
  auto no_ws = h.conn->GetFiles({"", bulk_test::kModel}, {}, ctx);
  EXPECT_THAT(no_ws, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(GetErrorInfo(no_ws.status()).field, "workspace_id");
  auto no_model = h.conn->GetImports({bulk_test::kWs, ""}, {}, ctx);
  EXPECT_EQ(GetErrorInfo(no_model.status()).field, "model_id");
  EXPECT_THAT(h.conn->GetWorkspace("", ctx),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(h.conn->GetModel("", ctx),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(h.conn->DeleteModels(bulk_test::kWs, {}, ctx),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(h.mock->total_count(), 0);
}

TEST(BulkListingTest, ActionIdRanges) {
  struct Case {
    int64_t id;
    const char* segment;  // nullptr: rejected.
  };
  const Case cases[] = {
      {112000000000, "imports"},   {112999999999, "imports"},
      {116000000001, "exports"},   {117000000002, "actions"},
      {118000000003, "processes"}, {113000000000, nullptr},
      {101000000000, nullptr},     {12000000000, nullptr},  // SDK bug range.
      {119000000000, nullptr},     {1, nullptr},
  };
  for (const Case& c : cases) {
    auto segment = internal::ActionSegment(c.id);
    if (c.segment == nullptr) {
      EXPECT_THAT(segment, StatusIs(absl::StatusCode::kInvalidArgument))
          << c.id;
      Harness h;
      EXPECT_THAT(h.conn->ResolveAction(TestModel(), {c.id, ""}, CallContext()),
                  StatusIs(absl::StatusCode::kInvalidArgument));
      EXPECT_EQ(h.mock->total_count(), 0);
    } else {
      EXPECT_THAT(segment, ::anaplan::testing::IsOkAndHolds(c.segment));
    }
  }
}

class ResolveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = ModelRe();
    h_.mock->SetHandler("GET", base + "/imports\\?",
                        Paged("imports", {Named(112000000001, "Load"),
                                          Named(112000000002, "Twice")}));
    h_.mock->SetHandler("GET", base + "/exports\\?",
                        Paged("exports", {Named(116000000001, "Twice")}));
    h_.mock->SetHandler("GET", base + "/actions\\?",
                        Paged("actions", {Named(117000000001, "Clear")}));
    h_.mock->SetHandler("GET", base + "/processes\\?",
                        Paged("processes", {Named(118000000001, "Nightly")}));
    h_.mock->SetHandler(
        "GET", base + "/files\\?",
        Paged(
            "files",
            {R"({"id":"113000000001","name":"a.csv","chunkCount":2})",
             Named(113000000002, "dup.csv"), Named(113000000003, "dup.csv")}));
  }
  Harness h_;
};

TEST_F(ResolveTest, ActionsByIdOrName) {
  CallContext ctx;
  EXPECT_THAT(h_.conn->ResolveAction(TestModel(), {118000000009, ""}, ctx),
              ::anaplan::testing::IsOkAndHolds(118000000009));
  EXPECT_EQ(h_.mock->total_count(), 0);  // Ids need no listing.
  EXPECT_THAT(h_.conn->ResolveAction(TestModel(), {0, "Nightly"}, ctx),
              ::anaplan::testing::IsOkAndHolds(118000000001));
  EXPECT_THAT(h_.conn->ResolveAction(TestModel(), {0, "Clear"}, ctx),
              ::anaplan::testing::IsOkAndHolds(117000000001));
  EXPECT_THAT(h_.conn->ResolveAction(TestModel(), {0, "Nope"}, ctx),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("Nope")));
  EXPECT_THAT(h_.conn->ResolveAction(TestModel(), {0, "Twice"}, ctx),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("112000000002"),
                                        HasSubstr("116000000001"))));
  EXPECT_THAT(h_.conn->ResolveAction(TestModel(), {0, ""}, ctx),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ResolveTest, FilesByIdOrName) {
  CallContext ctx;
  auto by_id = h_.conn->ResolveFile(TestModel(), {113000000001, ""}, ctx);
  ASSERT_THAT(by_id, IsOk());
  EXPECT_EQ(by_id->chunk_count, 2);
  auto by_name = h_.conn->ResolveFile(TestModel(), {0, "a.csv"}, ctx);
  ASSERT_THAT(by_name, IsOk());
  EXPECT_EQ(by_name->id, 113000000001);
  EXPECT_THAT(h_.conn->ResolveFile(TestModel(), {113000000099, ""}, ctx),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("113000000099")));
  EXPECT_THAT(h_.conn->ResolveFile(TestModel(), {0, "missing.csv"}, ctx),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(h_.conn->ResolveFile(TestModel(), {0, "dup.csv"}, ctx),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ResolveTest, MetadataByIdOrName) {
  const std::string base = ModelRe();
  h_.mock->AddResponse(
      "GET", base + "/imports/112000000001$",
      JsonResponse(R"({"importMetadata":{"name":"Load","type":"FILE",)"
                   R"("source":{"columnCount":3}}})"));
  h_.mock->AddResponse(
      "GET", base + "/exports/116000000001$",
      JsonResponse(R"({"exportMetadata":{"columnCount":4,"rowCount":9}})"));
  h_.mock->AddResponse(
      "GET", base + "/processes/118000000001\\?showImportDataSource=true$",
      JsonResponse(R"({"processMetadata":{"name":"Nightly","actions":[]}})"));
  CallContext ctx;
  auto im = h_.conn->GetImportMetadata(TestModel(), {0, "Load"}, ctx);
  ASSERT_THAT(im, IsOk());
  EXPECT_EQ(im->column_count, 3);
  auto em = h_.conn->GetExportMetadata(TestModel(), {116000000001, ""}, ctx);
  ASSERT_THAT(em, IsOk());
  EXPECT_EQ(em->row_count, 9);
  auto pm = h_.conn->GetProcessMetadata(TestModel(), {0, "Nightly"}, true, ctx);
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->name, "Nightly");
  EXPECT_THAT(h_.conn->GetImportMetadata(TestModel(), {116000000001, ""}, ctx),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(BulkListingTest, MissingEnvelopeKeyIsInternal) {
  Harness h;
  h.mock->AddResponse("GET", "/2/0/models/M1\\?",
                      JsonResponse(R"({"status":{}})"));
  EXPECT_THAT(h.conn->GetModel("M1", CallContext()),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(BulkListingTest, DeleteModelsIsSentOnce) {
  Harness h;
  const std::string url =
      absl::StrCat("/2/0/workspaces/", bulk_test::kWs, "/bulkDeleteModels$");
  h.mock->AddResponse(
      "POST", url,
      JsonResponse(
          R"({"modelsDeleted":1,"bulkDeleteModelsFailures":)"
          R"([{"modelId":"M2","message":"Model ID does not exist."}]})"));
  auto result =
      h.conn->DeleteModels(bulk_test::kWs, {"M1", "M2"}, CallContext());
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->models_deleted, 1);
  ASSERT_EQ(result->failures.size(), 1u);
  EXPECT_EQ(h.mock->requests()[0].body, R"({"modelIdsToDelete":["M1","M2"]})");
}

TEST(BulkListingTest, MakeBulkConnectionValidatesOptions) {
  auto creds = MakeTokenCredentials("t");
  struct Case {
    const char* field;
    std::function<void(ClientOptions&)> mutate;
  };
  const Case cases[] = {
      {"endpoints.api_url", [](ClientOptions& o) { o.endpoints.api_url = ""; }},
      {"endpoints.api_url",
       [](ClientOptions& o) { o.endpoints.api_url = "ftp://x"; }},
      {"page_size", [](ClientOptions& o) { o.page_size = 0; }},
      {"page_size", [](ClientOptions& o) { o.page_size = 5001; }},
      {"transfer.upload_chunk_size",
       [](ClientOptions& o) { o.transfer.upload_chunk_size = 0; }},
      {"transfer.upload_parallelism",
       [](ClientOptions& o) { o.transfer.upload_parallelism = 65; }},
      {"transfer.gzip_level",
       [](ClientOptions& o) { o.transfer.gzip_level = 10; }},
      {"transfer.download_batch_size",
       [](ClientOptions& o) { o.transfer.download_batch_size = 0; }},
  };
  for (const Case& c : cases) {
    ClientOptions options;
    c.mutate(options);
    auto conn = MakeBulkConnection(options, creds);
    EXPECT_THAT(conn, StatusIs(absl::StatusCode::kInvalidArgument)) << c.field;
    EXPECT_EQ(GetErrorInfo(conn.status()).field, c.field);
  }
  EXPECT_THAT(MakeBulkConnection(ClientOptions(), nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MakeBulkConnection(ClientOptions(), creds), IsOk());
}

TEST(BulkUrlsTest, Helpers) {
  EXPECT_EQ(internal::SnakeToCamel("last_login_date"), "lastLoginDate");
  EXPECT_EQ(internal::SnakeToCamel("moduleId"), "moduleId");
  EXPECT_EQ(internal::AppendQuery("u", "a=1"), "u?a=1");
  EXPECT_EQ(internal::AppendQuery("u?x=1", "a=1"), "u?x=1&a=1");
  EXPECT_EQ(internal::UrlEncode("A-z_0.~ /+"), "A-z_0.~%20%2F%2B");
  internal::BulkUrls urls("https://h/2/0/");
  EXPECT_EQ(
      urls.Task({"w", "m"}, "imports", 112000000001, "T 1"),
      "https://h/2/0/workspaces/w/models/m/imports/112000000001/tasks/T%201");
}

}  // namespace
}  // namespace anaplan::core
