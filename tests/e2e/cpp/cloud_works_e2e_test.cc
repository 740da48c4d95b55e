// CloudWorksService over real gRPC to the in-process emulator: integration
// runs change the model, flows run their steps in order, errors keep their
// precise codes.
#include <httplib.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

#include "anaplan/v1/cloud_works.grpc.pb.h"
#include "anaplan_core/common/sync.h"
#include "tests/e2e/cpp/e2e_env.h"

namespace anaplan::e2e {
namespace {

class CloudWorksE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    cw_ = v1::CloudWorksService::NewStub(grpc::CreateChannel(
        server_->address(), grpc::InsecureChannelCredentials()));
  }

  std::string CreateS3(const std::string& name) {
    v1::CreateConnectionRequest request;
    v1::AmazonS3Connection* s3 =
        request.mutable_connection()->mutable_amazon_s3();
    s3->set_name(name);
    s3->set_access_key_id("AK");
    s3->set_secret_access_key("SK");
    s3->set_bucket_name("bucket");
    v1::CreateConnectionResponse response;
    grpc::Status status =
        cw_->CreateConnection(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.connection_id();
  }

  void PutObject(const std::string& connection, const std::string& path,
                 const std::string& text) {
    httplib::Client client(emulator_->base_url());
    auto result = client.Put(absl::StrCat("/__emulator/cloudworks/connections/",
                                          connection, "/objects/", path),
                             text, "text/csv");
    ASSERT_TRUE(result && result->status == 200);
  }

  std::string GetObject(const std::string& connection,
                        const std::string& path) {
    httplib::Client client(emulator_->base_url());
    auto result = client.Get(absl::StrCat("/__emulator/cloudworks/connections/",
                                          connection, "/objects/", path));
    EXPECT_TRUE(result && result->status == 200);
    return result ? result->body : "";
  }

  std::string CreateIntegration(const std::string& name,
                                const std::string& job_type,
                                const v1::JobEndpoint& source,
                                const v1::JobEndpoint& target) {
    v1::CreateIntegrationRequest request;
    v1::IntegrationInput* in = request.mutable_integration();
    in->set_name(name);
    in->set_workspace_id(kWorkspace);
    in->set_model_id(kModel);
    v1::IntegrationJob* job = in->add_jobs();
    job->set_type(job_type);
    *job->add_sources() = source;
    *job->add_targets() = target;
    v1::CreateIntegrationResponse response;
    grpc::Status status =
        cw_->CreateIntegration(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.integration_id();
  }

  static v1::JobEndpoint Cloud(const std::string& type,
                               const std::string& connection,
                               const std::string& file) {
    v1::JobEndpoint e;
    e.set_type(type);
    e.set_connection_id(connection);
    e.set_file(file);
    return e;
  }

  static v1::JobEndpoint Anaplan(int64_t action, int64_t file = 0) {
    v1::JobEndpoint e;
    e.set_type("Anaplan");
    e.set_action_id(absl::StrCat(action));
    if (file != 0) e.set_file_id(absl::StrCat(file));
    return e;
  }

  bool EmployeeExists(const std::string& name) {
    emulator::State& state = emulator_->state();
    anaplan::MutexLock lock(&state.mu());
    emulator::ListData* list =
        state.tenant().FindModel(kModel)->FindList("Employees");
    for (const emulator::ListItem& item : list->items) {
      if (item.name == name) return true;
    }
    return false;
  }

  std::unique_ptr<v1::CloudWorksService::Stub> cw_;
};

constexpr char kCsv[] =
    "Name,Code,Parent,Department,Salary,Active\n"
    "Cloud Person,E777,All Employees,Ops,10,true\n";

TEST_F(CloudWorksE2eTest, ImportRunChangesTheModelAndIsInHistory) {
  const std::string conn = CreateS3("s3");
  PutObject(conn, "in/e.csv", kCsv);
  const std::string integration = CreateIntegration(
      "import", "AmazonS3ToAnaplan", Cloud("AmazonS3", conn, "in/e.csv"),
      Anaplan(kEmployeesImport, kEmployeesFile));
  ASSERT_FALSE(EmployeeExists("Cloud Person"));

  v1::RunIntegrationRequest run;
  run.set_integration_id(integration);
  v1::RunIntegrationResponse started;
  ASSERT_TRUE(cw_->RunIntegration(Context().get(), run, &started).ok());

  v1::GetRunHistoryRequest history_request;
  history_request.set_integration_id(integration);
  v1::GetRunHistoryResponse history;
  ASSERT_TRUE(
      cw_->GetRunHistory(Context().get(), history_request, &history).ok());
  ASSERT_EQ(history.runs_size(), 1);
  EXPECT_EQ(history.runs(0).id(), started.run_id());
  EXPECT_TRUE(history.runs(0).success());
  EXPECT_TRUE(EmployeeExists("Cloud Person"));
}

TEST_F(CloudWorksE2eTest, FlowRunsTwoStepsInOrder) {
  const std::string s3 = CreateS3("s3");
  const std::string out = CreateS3("s3 out");
  PutObject(s3, "e.csv", kCsv);
  const std::string first = CreateIntegration(
      "one", "AmazonS3ToAnaplan", Cloud("AmazonS3", s3, "e.csv"),
      Anaplan(kEmployeesImport, kEmployeesFile));
  const std::string second =
      CreateIntegration("two", "AnaplanToAmazonS3", Anaplan(kEmployeesExport),
                        Cloud("AmazonS3", out, "out.csv"));
  v1::CreateFlowRequest create;
  create.mutable_flow()->set_name("flow");
  create.mutable_flow()->add_steps()->set_referrer(first);
  v1::FlowStepInput* step = create.mutable_flow()->add_steps();
  step->set_referrer(second);
  step->add_depends_on(first);
  v1::CreateFlowResponse flow;
  ASSERT_TRUE(cw_->CreateFlow(Context().get(), create, &flow).ok());

  v1::RunFlowRequest run;
  run.set_flow_id(flow.flow_id());
  v1::RunFlowResponse started;
  ASSERT_TRUE(cw_->RunFlow(Context().get(), run, &started).ok());

  // The export of step 2 saw the row step 1 imported.
  EXPECT_NE(GetObject(out, "out.csv").find("Cloud Person"), std::string::npos);
  v1::GetFlowRequest get;
  get.set_flow_id(flow.flow_id());
  v1::Flow got;
  ASSERT_TRUE(cw_->GetFlow(Context().get(), get, &got).ok());
  EXPECT_EQ(got.steps_size(), 2);
  EXPECT_TRUE(got.latest_run().success());
}

TEST_F(CloudWorksE2eTest, ErrorsHavePreciseCodes) {
  v1::GetIntegrationRequest unknown;
  unknown.set_integration_id(std::string(32, '0'));
  v1::Integration integration;
  EXPECT_EQ(
      cw_->GetIntegration(Context().get(), unknown, &integration).error_code(),
      grpc::StatusCode::NOT_FOUND);

  v1::CreateConnectionRequest empty;
  v1::CreateConnectionResponse created;
  grpc::Status status = cw_->CreateConnection(Context().get(), empty, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("connection"), std::string::npos);

  const std::string conn = CreateS3("s3");
  const std::string id = CreateIntegration(
      "import", "AmazonS3ToAnaplan", Cloud("AmazonS3", conn, "x.csv"),
      Anaplan(kEmployeesImport, kEmployeesFile));
  v1::CancelIntegrationRequest cancel;
  cancel.set_integration_id(id);
  v1::CloudWorksEmpty none;
  EXPECT_EQ(cw_->CancelIntegration(Context().get(), cancel, &none).error_code(),
            grpc::StatusCode::ABORTED);
  v1::DeleteConnectionRequest in_use;
  in_use.set_connection_id(conn);
  EXPECT_EQ(cw_->DeleteConnection(Context().get(), in_use, &none).error_code(),
            grpc::StatusCode::ABORTED);
}

}  // namespace
}  // namespace anaplan::e2e
