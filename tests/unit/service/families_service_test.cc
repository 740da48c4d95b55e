// The ALM, Audit and SCIM servicers over a real channel without Anaplan
// credentials: request validation answers first (INVALID_ARGUMENT naming the
// field), then UNAUTHENTICATED.

#include <memory>

#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

#include "anaplan/v1/alm.grpc.pb.h"
#include "anaplan/v1/audit.grpc.pb.h"
#include "anaplan/v1/scim.grpc.pb.h"
#include "service/scim_service.h"
#include "service/server.h"

namespace anaplan::service {
namespace {

using ::testing::HasSubstr;

class FamiliesServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    ASSERT_TRUE(server_.BuildAndStart(options).ok());
    channel_ = grpc::CreateChannel(server_.address(),
                                   grpc::InsecureChannelCredentials());
  }
  Server server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(FamiliesServiceTest, AuditWindowIsCheckedBeforeCredentials) {
  auto stub = v1::AuditService::NewStub(channel_);
  v1::GetEventsRequest request;
  request.set_days_into_past(31);
  v1::GetEventsResponse response;
  grpc::ClientContext c1;
  grpc::Status status = stub->GetEvents(&c1, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("30 days"));
  request.set_days_into_past(7);
  grpc::ClientContext c2;
  status = stub->GetEvents(&c2, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(FamiliesServiceTest, ScimFilterAndPageSizeAreChecked) {
  auto stub = v1::ScimService::NewStub(channel_);
  v1::GetScimUsersRequest request;
  auto* cmp = request.mutable_filter()->mutable_comparison();
  cmp->set_attribute("userName");
  cmp->set_op("sw");
  cmp->set_string_value("a");
  v1::GetScimUsersResponse response;
  grpc::ClientContext c1;
  grpc::Status status = stub->GetUsers(&c1, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("filter"));
  request.clear_filter();
  request.set_page_size(101);
  grpc::ClientContext c2;
  status = stub->GetUsers(&c2, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size"));
  request.set_page_size(10);
  grpc::ClientContext c3;
  status = stub->GetUsers(&c3, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(FamiliesServiceTest, AlmWithoutCredentialsIsUnauthenticated) {
  auto stub = v1::AlmService::NewStub(channel_);
  grpc::ClientContext context;
  v1::RevisionList response;
  v1::GetRevisionsRequest request;
  request.set_model_id("75A40874E6B64FA3AE0743278996850F");
  grpc::Status status = stub->GetRevisions(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST(ScimFilterFromProtoTest, RejectsEmptyTermsAndUnknownLogic) {
  v1::ScimFilter empty;
  EXPECT_EQ(FromProto(empty).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::ScimFilter logical;
  logical.mutable_logical()->set_op("xor");
  EXPECT_EQ(FromProto(logical).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::ScimFilter ok;
  ok.mutable_logical()->set_op("or");
  for (const char* name : {"a", "b"}) {
    auto* c = ok.mutable_logical()->add_operands()->mutable_comparison();
    c->set_attribute("userName");
    c->set_op("eq");
    c->set_string_value(name);
  }
  auto filter = FromProto(ok);
  ASSERT_TRUE(filter.ok());
  auto text = core::RenderScimFilter(*filter);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "userName eq \"a\" or userName eq \"b\"");
}

}  // namespace
}  // namespace anaplan::service
