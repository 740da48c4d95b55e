// CloudWorksServiceImpl's frame, through a real in-process server: request
// validation comes first and names the field; without Anaplan credentials
// every valid request is UNAUTHENTICATED. (Behaviour with a real CloudWorks
// is covered end to end: tests/e2e/cpp/cloud_works_e2e_test.cc.)
#include <memory>
#include <string>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

#include "anaplan/v1/cloud_works.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "service/server.h"

namespace anaplan::service {
namespace {

class CloudWorksServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.listen = "127.0.0.1:0";  // no credentials configured
    ASSERT_TRUE(server_.BuildAndStart(options).ok());
    stub_ = v1::CloudWorksService::NewStub(grpc::CreateChannel(
        server_.address(), grpc::InsecureChannelCredentials()));
  }

  static std::string BadField(const grpc::Status& status) {
    google::rpc::Status rich;
    EXPECT_TRUE(rich.ParseFromString(status.error_details()));
    for (const auto& detail : rich.details()) {
      google::rpc::BadRequest bad;
      if (detail.UnpackTo(&bad) && bad.field_violations_size() > 0) {
        return bad.field_violations(0).field();
      }
    }
    return "";
  }

  Server server_;
  std::unique_ptr<v1::CloudWorksService::Stub> stub_;
};

TEST_F(CloudWorksServiceTest, ValidationNamesTheField) {
  grpc::ClientContext c1;
  v1::RunIntegrationResponse run;
  grpc::Status status =
      stub_->RunIntegration(&c1, v1::RunIntegrationRequest(), &run);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadField(status), "integration_id");

  grpc::ClientContext c2;
  v1::UpdateConnectionRequest update;
  update.set_connection_id("c");
  v1::CloudWorksEmpty none;
  status = stub_->UpdateConnection(&c2, update, &none);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadField(status), "connection");

  grpc::ClientContext c3;
  v1::ScheduleRequest schedule;
  schedule.set_integration_id("i");
  status = stub_->CreateSchedule(&c3, schedule, &none);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadField(status), "schedule");

  grpc::ClientContext c4;
  v1::NotificationConfig config;
  status = stub_->GetNotificationConfig(&c4, v1::GetNotificationConfigRequest(),
                                        &config);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CloudWorksServiceTest, WithoutCredentialsValidCallsAreUnauthenticated) {
  grpc::ClientContext context;
  v1::GetFlowRequest request;
  request.set_flow_id("f");
  v1::Flow flow;
  EXPECT_EQ(stub_->GetFlow(&context, request, &flow).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace anaplan::service
