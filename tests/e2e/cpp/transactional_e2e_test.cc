// TransactionalService over real gRPC -> service -> real HTTP -> emulator.
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

#include "anaplan/v1/transactional.grpc.pb.h"
#include "tests/e2e/cpp/e2e_env.h"

namespace anaplan::e2e {
namespace {

constexpr int64_t kSalesModule = 102000000000;
constexpr int64_t kRegion = 101000000001;
constexpr int64_t kEmployees = 101000000000;

class TransactionalE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    tx_ = v1::TransactionalService::NewStub(grpc::CreateChannel(
        server_->address(), grpc::InsecureChannelCredentials()));
  }

  static v1::ModelScope Scope(bool with_workspace = true) {
    v1::ModelScope scope;
    if (with_workspace) scope.set_workspace_id(kWorkspace);
    scope.set_model_id(kModel);
    return scope;
  }

  std::vector<std::string> RegionNames() {
    v1::GetListItemsRequest request;
    *request.mutable_scope() = Scope();
    request.set_list_id(kRegion);
    v1::GetListItemsResponse response;
    grpc::Status status =
        tx_->GetListItems(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& item : response.items()) names.push_back(item.name());
    return names;
  }

  std::unique_ptr<v1::TransactionalService::Stub> tx_;
};

TEST_F(TransactionalE2eTest, ModulesAndLineItemsOverBothPathForms) {
  for (bool with_workspace : {true, false}) {
    v1::GetModulesResponse modules;
    ASSERT_TRUE(
        tx_->GetModules(Context().get(), Scope(with_workspace), &modules).ok());
    ASSERT_EQ(modules.modules_size(), 1);
    EXPECT_EQ(modules.modules(0).id(), kSalesModule);
  }
  v1::GetLineItemsRequest request;
  *request.mutable_scope() = Scope(false);
  request.set_module_id(kSalesModule);
  v1::GetLineItemsResponse items;
  ASSERT_TRUE(tx_->GetLineItems(Context().get(), request, &items).ok());
  ASSERT_EQ(items.line_items_size(), 2);
  EXPECT_EQ(items.line_items(0).name(), "Revenue");
  EXPECT_EQ(items.line_items(0).module_name(), "Sales");
}

TEST_F(TransactionalE2eTest, InsertedItemsReadBackAndBatchesAreSummed) {
  auto context = Context();
  v1::ListItemsResult result;
  auto writer = tx_->InsertListItems(context.get(), &result);
  v1::ListItemsWriteRequest header;
  *header.mutable_header()->mutable_scope() = Scope();
  header.mutable_header()->set_list_id(kRegion);
  ASSERT_TRUE(writer->Write(header));
  for (int batch = 0; batch < 3; ++batch) {
    v1::ListItemsWriteRequest message;
    for (int i = 0; i < 3; ++i) {
      auto* item = message.mutable_batch()->add_items();
      item->set_name("R" + std::to_string(batch * 3 + i));
    }
    if (batch == 2) message.mutable_batch()->add_items()->set_name("North");
    ASSERT_TRUE(writer->Write(message));
  }
  ASSERT_TRUE(writer->WritesDone());
  grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(result.added(), 9);
  EXPECT_EQ(result.ignored(), 1);
  EXPECT_EQ(result.total(), 10);
  ASSERT_EQ(result.failures_size(), 1);
  EXPECT_EQ(result.failures(0).request_index(), 9);
  std::vector<std::string> names = RegionNames();
  ASSERT_EQ(names.size(), 13u);
  EXPECT_EQ(names.back(), "R8");
}

TEST_F(TransactionalE2eTest, CellWritesShowInViewData) {
  auto context = Context();
  v1::WriteCellsResponse result;
  auto writer = tx_->WriteCells(context.get(), &result);
  v1::WriteCellsRequest header;
  *header.mutable_header()->mutable_scope() = Scope(false);
  header.mutable_header()->set_module_id(kSalesModule);
  ASSERT_TRUE(writer->Write(header));
  v1::WriteCellsRequest batch;
  v1::CellWrite* cell = batch.mutable_batch()->add_cells();
  cell->set_line_item_name("Units");
  auto* region = cell->add_dimensions();
  region->set_dimension_name("Region");
  region->set_item_code("S");
  auto* month = cell->add_dimensions();
  month->set_dimension_name("Month");
  month->set_item_name("Jan 24");
  cell->set_number(777);
  ASSERT_TRUE(writer->Write(batch));
  ASSERT_TRUE(writer->WritesDone());
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(result.number_of_cells_changed(), 1);
  EXPECT_EQ(result.calls(), 1);

  v1::GetCellsRequest request;
  *request.mutable_scope() = Scope(false);
  request.set_view_id(kSalesModule);
  v1::ViewData data;
  ASSERT_TRUE(tx_->GetCells(Context().get(), request, &data).ok());
  ASSERT_GE(data.rows_size(), 2);
  EXPECT_EQ(data.rows(1).row_coordinates(0), "South");
  EXPECT_EQ(data.rows(1).cells(1), "777");
}

TEST_F(TransactionalE2eTest, LargeVolumeListReadStreamsEveryPage) {
  auto context = Context();
  v1::ListItemsResult added;
  auto writer = tx_->InsertListItems(context.get(), &added);
  v1::ListItemsWriteRequest header;
  *header.mutable_header()->mutable_scope() = Scope();
  header.mutable_header()->set_list_id(kEmployees);
  ASSERT_TRUE(writer->Write(header));
  v1::ListItemsWriteRequest message;
  for (int i = 0; i < 1500; ++i) {
    message.mutable_batch()->add_items()->set_name("P" + std::to_string(i));
  }
  ASSERT_TRUE(writer->Write(message));
  ASSERT_TRUE(writer->WritesDone());
  ASSERT_TRUE(writer->Finish().ok());

  v1::ReadLargeVolumeRequest request;
  *request.mutable_scope() = Scope();
  request.set_list_id(kEmployees);
  auto read_context = Context();
  auto reader = tx_->ReadLargeVolume(read_context.get(), request);
  v1::ReadLargeVolumeResponse page;
  std::vector<int64_t> pages;
  size_t lines = 0;
  while (reader->Read(&page)) {
    pages.push_back(page.page());
    for (char c : page.data()) lines += c == '\n';
  }
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(pages, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(lines, 1u + 10u + 1500u);
}

TEST_F(TransactionalE2eTest, BadRequestsGetPreciseCodes) {
  v1::GetViewInfoRequest no_view;
  *no_view.mutable_scope() = Scope();
  v1::ViewInfo info;
  grpc::Status status = tx_->GetViewInfo(Context().get(), no_view, &info);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("view_id"), std::string::npos);

  v1::GetViewInfoRequest unknown = no_view;
  unknown.set_view_id(999000000000);
  status = tx_->GetViewInfo(Context().get(), unknown, &info);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ReadLargeVolumeRequest no_workspace;
  *no_workspace.mutable_scope() = Scope(false);
  no_workspace.set_view_id(kSalesModule);
  auto read_context = Context();
  auto reader = tx_->ReadLargeVolume(read_context.get(), no_workspace);
  v1::ReadLargeVolumeResponse page;
  while (reader->Read(&page)) {
  }
  status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("workspace_id"), std::string::npos);

  v1::SetCurrentPeriodRequest bad_date;
  *bad_date.mutable_scope() = Scope();
  bad_date.set_date("31/01/2024");
  v1::CurrentPeriod period;
  status = tx_->SetCurrentPeriod(Context().get(), bad_date, &period);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace anaplan::e2e
