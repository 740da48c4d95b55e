// TransactionalConnectionImpl over a MockHttpTransport: URL forms, request
// shapes, retry safety of writes and the read request lifecycle.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"
#include "anaplan_core/testing/status_matchers.h"
#include "anaplan_core/transactional/transactional_connection_impl.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::IsOk;
using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::MakeResponse;
using ::anaplan::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kWsModel[] = "https://api.test/2/0/workspaces/WS/models/MODEL";
constexpr char kModel[] = "https://api.test/2/0/models/MODEL";

struct Harness {
  Harness()
      : mock(std::make_shared<testing::MockHttpTransport>()),
        sleeper(std::make_shared<testing::FakeSleeper>()) {
    ClientOptions options;
    options.endpoints.api_url = "https://api.test/2/0";
    options.endpoints.auth_url = "https://auth.test";
    options.retry.max_attempts = 3;
    options.poll_delay = absl::Seconds(2);
    rest =
        MakeRestClient(options, mock, MakeTokenCredentials("token"), sleeper);
    conn = std::make_unique<TransactionalConnectionImpl>(rest, sleeper);
  }
  std::shared_ptr<testing::MockHttpTransport> mock;
  std::shared_ptr<testing::FakeSleeper> sleeper;
  std::shared_ptr<RestClient> rest;
  std::unique_ptr<TransactionalConnectionImpl> conn;
};

const TxScope kWithWorkspace{"WS", "MODEL"};
const TxScope kModelOnly{"", "MODEL"};

constexpr char kModules[] =
    R"({"meta":{"paging":{"currentPageSize":1,"totalSize":1,"offset":0}},)"
    R"("modules":[{"id":"102000000000","name":"Sales"}]})";

TEST(TransactionalConnectionTest, PathFormFollowsTheScope) {
  Harness h;
  h.mock->SetDefault("GET", "/modules", JsonResponse(kModules));
  ASSERT_THAT(h.conn->GetModules(kWithWorkspace, CallContext()), IsOk());
  ASSERT_THAT(h.conn->GetModules(kModelOnly, CallContext()), IsOk());
  auto requests = h.mock->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(
      absl::StartsWith(requests[0].url, std::string(kWsModel) + "/modules"));
  EXPECT_TRUE(
      absl::StartsWith(requests[1].url, std::string(kModel) + "/modules"));
}

TEST(TransactionalConnectionTest, ModelOnlyOperationsIgnoreTheWorkspace) {
  Harness h;
  h.mock->SetDefault("GET", "/status$",
                     JsonResponse(R"({"requestStatus":{"currentStep":"Open",)"
                                  R"("progress":-1.0}})"));
  auto status = h.conn->GetModelStatus(kWithWorkspace, CallContext());
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->current_step, "Open");
  EXPECT_EQ(h.mock->requests()[0].url, std::string(kModel) + "/status");
}

TEST(TransactionalConnectionTest, WorkspaceOnlyOperationsNeedIt) {
  Harness h;
  EXPECT_THAT(
      h.conn->GetListItems(
          kModelOnly, 101, false, [](ListItem) { return absl::OkStatus(); },
          CallContext()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("workspace_id")));
  EXPECT_THAT(h.conn->WriteListItems(kModelOnly, 101, ListWriteOp::kAdd,
                                     {ListItemInput{}}, CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(h.mock->total_count(), 0);
}

TEST(TransactionalConnectionTest, OverLimitBatchesAreRejectedLocally) {
  Harness h;
  std::vector<ListItemInput> items(kMaxListItemsPerCall + 1);
  EXPECT_THAT(
      h.conn->WriteListItems(kWithWorkspace, 101, ListWriteOp::kAdd, items,
                             CallContext()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("100000")));
  std::vector<CellWrite> cells(kMaxCellsPerCall + 1);
  EXPECT_THAT(h.conn->WriteCells(kModelOnly, 102, cells, CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1000")));
  EXPECT_EQ(h.mock->total_count(), 0);
  // An empty batch makes no request.
  auto none = h.conn->WriteListItems(kWithWorkspace, 101, ListWriteOp::kDelete,
                                     {}, CallContext());
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(h.mock->total_count(), 0);
}

TEST(TransactionalConnectionTest, AddIsNotResentButUpdateIs) {
  Harness h;
  h.mock->SetDefault("POST", "/items\\?action=add$", MakeResponse(500, "boom"));
  ListItemInput item;
  item.name = "A";
  EXPECT_THAT(h.conn->WriteListItems(kWithWorkspace, 101, ListWriteOp::kAdd,
                                     {item}, CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(h.mock->CountOf("POST", "action=add"), 1);

  h.mock->AddResponse("PUT", "/lists/101/items$", MakeResponse(500, "boom"));
  h.mock->AddResponse("PUT", "/lists/101/items$",
                      JsonResponse(R"({"updated":1,"ignored":0,"total":1})"));
  auto updated = h.conn->WriteListItems(
      kWithWorkspace, 101, ListWriteOp::kUpdate, {item}, CallContext());
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->updated, 1);
  EXPECT_EQ(h.mock->CountOf("PUT", "/items$"), 2);
  EXPECT_EQ(h.mock->requests().back().body, R"({"items":[{"name":"A"}]})");
}

TEST(TransactionalConnectionTest, CellsAskForJsonWithPageSelectors) {
  Harness h;
  h.mock->SetDefault("GET", "/views/102/data",
                     JsonResponse(R"({"pages":["Jan"],"rows":[]})"));
  CellsQuery query;
  query.view_id = 102;
  query.pages = {{101, 5}, {103, 6}};
  query.max_rows = 10;
  auto data = h.conn->GetCells(kModelOnly, query, CallContext());
  ASSERT_THAT(data, IsOk());
  const HttpRequest request = h.mock->requests()[0];
  EXPECT_EQ(request.url, std::string(kModel) +
                             "/views/102/data?format=v1&pages=101%3A5%2C103%3A6"
                             "&maxRows=10");
  bool json = false;
  for (const auto& [name, value] : request.headers) {
    json = json || (name == "Accept" && value == "application/json");
  }
  EXPECT_TRUE(json);
}

constexpr char kReadBase[] =
    "/2/0/workspaces/WS/models/MODEL/lists/101/readRequests";

TEST(TransactionalConnectionTest, ReadRequestPagesInOrderThenDeletes) {
  Harness h;
  h.mock->AddResponse("POST", std::string(kReadBase) + "$",
                      JsonResponse(R"({"listReadRequest":{"requestId":"R1",)"
                                   R"("requestState":"NOT_STARTED"}})"));
  h.mock->AddResponse("GET", "/readRequests/R1$",
                      JsonResponse(R"({"listReadRequest":{"requestId":"R1",)"
                                   R"("requestState":"IN_PROGRESS",)"
                                   R"("availablePages":1}})"));
  h.mock->AddResponse(
      "GET", "/readRequests/R1$",
      JsonResponse(R"({"listReadRequest":{"requestId":"R1",)"
                   R"("requestState":"COMPLETE",)"
                   R"("availablePages":2,"successful":true}})"));
  h.mock->SetDefault("GET", "/pages/0$", MakeResponse(200, "a\n"));
  h.mock->SetDefault("GET", "/pages/1$", MakeResponse(200, "b\n"));
  h.mock->SetDefault("DELETE", "/readRequests/R1$",
                     JsonResponse(R"({"listReadRequest":{"requestId":"R1",)"
                                  R"("requestState":"COMPLETE"}})"));
  std::string data;
  std::vector<int64_t> pages;
  ASSERT_THAT(h.conn->ReadLargeVolume(
                  kWithWorkspace, 0, 101, "", absl::ZeroDuration(),
                  [&](const ReadRequestStatus&, int64_t page, std::string d) {
                    pages.push_back(page);
                    data += d;
                    return absl::OkStatus();
                  },
                  CallContext()),
              IsOk());
  EXPECT_EQ(pages, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(data, "a\nb\n");
  EXPECT_EQ(h.mock->CountOf("DELETE", "/readRequests/R1$"), 1);
  // One poll delay between the two status reads: the client's poll_delay.
  EXPECT_EQ(h.sleeper->delays(),
            (std::vector<absl::Duration>{absl::Seconds(2)}));
}

TEST(TransactionalConnectionTest, ReadRequestIsDeletedWhenTheConsumerFails) {
  Harness h;
  h.mock->AddResponse("POST", std::string(kReadBase) + "$",
                      JsonResponse(R"({"listReadRequest":{"requestId":"R2",)"
                                   R"("requestState":"NOT_STARTED"}})"));
  h.mock->SetDefault("GET", "/readRequests/R2$",
                     JsonResponse(R"({"listReadRequest":{"requestId":"R2",)"
                                  R"("requestState":"IN_PROGRESS",)"
                                  R"("availablePages":1}})"));
  h.mock->SetDefault("GET", "/pages/0$", MakeResponse(200, "a\n"));
  h.mock->SetDefault("DELETE", "/readRequests/R2$", JsonResponse("{}"));
  EXPECT_THAT(h.conn->ReadLargeVolume(
                  kWithWorkspace, 0, 101, "", absl::ZeroDuration(),
                  [](const ReadRequestStatus&, int64_t, std::string) {
                    return absl::CancelledError("gone");
                  },
                  CallContext()),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(h.mock->CountOf("DELETE", "/readRequests/R2$"), 1);
}

}  // namespace
}  // namespace anaplan::core
