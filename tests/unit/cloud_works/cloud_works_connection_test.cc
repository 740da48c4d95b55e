// CloudWorksConnectionImpl over a MockHttpTransport: URLs, methods, bodies,
// paging and the status mapping of CloudWorks replies.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/cloud_works/cloud_works_connection_impl.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/testing/fake_sleeper.h"
#include "anaplan_core/testing/mock_http_transport.h"
#include "anaplan_core/testing/status_matchers.h"

namespace anaplan::core::cw {
namespace {

using ::anaplan::testing::JsonResponse;
using ::anaplan::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kBase[] = "https://cw.test/2/0";
constexpr char kOk[] = R"({"status":{"code":200,"message":"Success"}})";

struct Harness {
  Harness()
      : mock(std::make_shared<::anaplan::testing::MockHttpTransport>()),
        sleeper(std::make_shared<::anaplan::testing::FakeSleeper>()) {
    ClientOptions options;
    options.endpoints.auth_url = "https://auth.test";
    options.retry.max_attempts = 3;
    options.page_size = 2;
    conn = std::make_unique<CloudWorksConnectionImpl>(
        MakeRestClient(options, mock, MakeTokenCredentials("token"), sleeper),
        std::string(kBase) + "/");
  }
  std::shared_ptr<::anaplan::testing::MockHttpTransport> mock;
  std::shared_ptr<::anaplan::testing::FakeSleeper> sleeper;
  std::unique_ptr<CloudWorksConnectionImpl> conn;
  CallContext ctx;
};

TEST(CloudWorksConnectionTest, ListsConnectionsAcrossPages) {
  Harness h;
  h.mock->AddResponse(
      "GET", "/2/0/integrations/connections\\?limit=2$",
      JsonResponse(R"({"meta":{"paging":{"currentPageSize":2,"totalSize":3}},
        "connections":[{"connectionId":"a","connectionType":"AmazonS3",
        "body":{"name":"A","bucketName":"b"},"status":1,
        "integrationErrorCode":null},{"connectionId":"b"}]})"));
  h.mock->AddResponse(
      "GET", "/2/0/integrations/connections\\?limit=2&offset=2$",
      JsonResponse(R"({"meta":{"paging":{"currentPageSize":1,"totalSize":3}},
        "connections":[{"connectionId":"c","integrationErrorCode":46}]})"));
  auto connections = h.conn->GetConnections(h.ctx);
  ANAPLAN_ASSERT_OK(connections);
  ASSERT_EQ(connections->size(), 3u);
  EXPECT_EQ((*connections)[0].bucket_name, "b");
  EXPECT_FALSE((*connections)[0].integration_error_code.has_value());
  EXPECT_EQ((*connections)[2].integration_error_code, 46);
}

TEST(CloudWorksConnectionTest, CreateValidatesBeforeSending) {
  Harness h;
  ConnectionInput in;
  in.type = ConnectionType::kAmazonS3;
  in.name = "n";
  EXPECT_THAT(h.conn->CreateConnection(in, h.ctx),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("connection.access_key_id")));
  EXPECT_EQ(h.mock->total_count(), 0);
}

TEST(CloudWorksConnectionTest, UpdateSendsTheSpecShape) {
  Harness h;
  h.mock->AddResponse("PUT", "/2/0/integrations/connections/c1$",
                      JsonResponse(kOk));
  ConnectionInput in;
  in.type = ConnectionType::kAzureBlob;
  in.name = "n";
  in.storage_account_name = "a";
  in.container_name = "c";
  in.sas_token = "t";
  ANAPLAN_ASSERT_OK(h.conn->UpdateConnection("c1", in, h.ctx));
  ASSERT_EQ(h.mock->requests().size(), 1u);
  // The spec wants {"type", "body"} on PUT (the SDK sends the bare body).
  EXPECT_THAT(h.mock->requests()[0].body,
              HasSubstr(R"("type":"AzureBlob","body":{)"));
}

TEST(CloudWorksConnectionTest, ConflictIsAborted) {
  Harness h;
  h.mock->AddResponse(
      "DELETE", "/2/0/integrations/connections/c1$",
      JsonResponse(R"({"status":{"code":409,"message":"in use"}})", 409));
  EXPECT_THAT(h.conn->DeleteConnection("c1", h.ctx),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(
      h.conn->DeleteConnection("", h.ctx),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("connection_id")));
}

TEST(CloudWorksConnectionTest, RunIsNotResentAfterAnAmbiguousFailure) {
  Harness h;
  h.mock->AddResponse("POST", "/2/0/integrations/i1/run$",
                      JsonResponse(R"({"status":{"code":500}})", 500));
  h.mock->SetDefault("POST", "/2/0/integrations/i1/run$",
                     JsonResponse(R"({"run":{"id":"r1"}})"));
  // A 500 leaves the run's fate unknown: starting it again could run the
  // integration twice.
  EXPECT_THAT(h.conn->RunIntegration("i1", h.ctx),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(h.mock->CountOf("POST", "/run$"), 1);
  auto run = h.conn->RunIntegration("i1", h.ctx);
  ANAPLAN_ASSERT_OK(run);
  EXPECT_EQ(*run, "r1");
}

TEST(CloudWorksConnectionTest, CancelIsNotResentAfterAnAmbiguousFailure) {
  Harness h;
  h.mock->AddResponse("POST", "/2/0/integrations/i1/cancel$",
                      JsonResponse(R"({"status":{"code":502}})", 502));
  h.mock->AddResponse(
      "POST", "/2/0/integrations/i1/cancel$",
      JsonResponse(R"({"status":{"code":409,"message":"not running"}})", 409));
  h.mock->SetDefault("POST", "/2/0/integrations/i1/cancel$", JsonResponse(kOk));
  // The cancel may have landed; a resend would answer 409 and report a
  // successful cancel as a failure.
  EXPECT_THAT(h.conn->CancelIntegration("i1", h.ctx),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(h.mock->CountOf("POST", "/cancel$"), 1);
  EXPECT_THAT(h.conn->CancelIntegration("i1", h.ctx),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("not running")));
  ANAPLAN_EXPECT_OK(h.conn->CancelIntegration("i1", h.ctx));
  EXPECT_EQ(h.mock->CountOf("POST", "/cancel$"), 3);
}

TEST(CloudWorksConnectionTest, IntegrationsSortAndFilter) {
  Harness h;
  h.mock->SetDefault(
      "GET", "/2/0/integrations\\?myIntegrations=1&sortBy=-name&limit=2$",
      JsonResponse(R"({"meta":{"paging":{"currentPageSize":1,"totalSize":1}},
        "integrations":[{"integrationId":"i"}]})"));
  auto list = h.conn->GetIntegrations("name", true, true, h.ctx);
  ANAPLAN_ASSERT_OK(list);
  EXPECT_EQ(list->size(), 1u);
  EXPECT_THAT(
      h.conn->GetIntegrations("id", false, false, h.ctx),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sort_by")));
}

TEST(CloudWorksConnectionTest, DumpUsesThePluralPath) {
  Harness h;
  ::anaplan::core::HttpResponse text;
  text.status = 200;
  text.body = "_Line_,Name\n2,x\n";
  h.mock->AddResponse("GET", "/2/0/integrations/run/r1/dumps$", text);
  auto dump = h.conn->GetImportErrorDump("r1", h.ctx);
  ANAPLAN_ASSERT_OK(dump);
  EXPECT_EQ(*dump, "_Line_,Name\n2,x\n");
  h.mock->AddResponse(
      "GET", "/2/0/integrations/run/r1/process/import/112000000001/dumps$",
      JsonResponse(R"({"status":{"code":404,"message":"no errors"}})", 404));
  EXPECT_THAT(h.conn->GetProcessErrorDump("r1", "112000000001", h.ctx),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(CloudWorksConnectionTest, FlowsCreateRunAndHistory) {
  Harness h;
  h.mock->AddResponse(
      "POST", "/2/0/integrationflows$",
      JsonResponse(R"({"integrationFlow":{"integrationFlowId":"f1"}})"));
  h.mock->AddResponse("POST", "/2/0/integrationflows/f1/run$",
                      JsonResponse(R"({"run":{"id":"fr"}})"));
  h.mock->AddResponse(
      "GET", "/2/0/integrations/runs/i1$",
      JsonResponse(R"({"history_of_runs":{"runs":[{"id":"r","success":true,
        "lastRun":1781832681,"executionErrorCode":null}],"totalRuns":1}})"));
  FlowInput flow;
  flow.name = "f";
  flow.steps = {{"i1", {}, false, {}}, {"i2", {"i1"}, false, {}}};
  auto id = h.conn->CreateFlow(flow, h.ctx);
  ANAPLAN_ASSERT_OK(id);
  EXPECT_EQ(*id, "f1");
  auto run = h.conn->RunFlow("f1", {"i2"}, h.ctx);
  ANAPLAN_ASSERT_OK(run);
  EXPECT_EQ(*run, "fr");
  EXPECT_EQ(h.mock->requests()[1].body, R"({"stepsToRun":["i2"]})");
  auto history = h.conn->GetRunHistory("i1", h.ctx);
  ANAPLAN_ASSERT_OK(history);
  EXPECT_EQ(history->total_runs, 1);
  EXPECT_EQ(history->runs[0].last_run, 1781832681);
  EXPECT_FALSE(history->runs[0].execution_error_code.has_value());
}

}  // namespace
}  // namespace anaplan::core::cw
