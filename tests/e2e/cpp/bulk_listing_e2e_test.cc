// Listings, metadata and error details through the service, against the
// in-process emulator.
#include <string>

#include "gmock/gmock.h"

#include "tests/e2e/cpp/e2e_env.h"

namespace anaplan::e2e {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST_F(E2eTest, WorkspacesAndModels) {
  v1::GetWorkspacesResponse workspaces;
  ASSERT_TRUE(stub_->GetWorkspaces(Context().get(), {}, &workspaces).ok());
  bool found = false;
  for (const auto& w : workspaces.workspaces()) found |= w.id() == kWorkspace;
  EXPECT_TRUE(found);

  v1::GetWorkspaceRequest one;
  one.set_workspace_id(kWorkspace);
  v1::Workspace workspace;
  ASSERT_TRUE(stub_->GetWorkspace(Context().get(), one, &workspace).ok());
  EXPECT_EQ(workspace.name(), "Demo Workspace");

  v1::GetModelsRequest models_request;
  models_request.set_workspace_id(kWorkspace);
  v1::GetModelsResponse models;
  ASSERT_TRUE(stub_->GetModels(Context().get(), models_request, &models).ok());
  ASSERT_GE(models.models_size(), 1);

  v1::GetModelRequest model_request;
  model_request.set_model_id(kModel);
  v1::Model model;
  ASSERT_TRUE(stub_->GetModel(Context().get(), model_request, &model).ok());
  EXPECT_EQ(model.name(), "Demo Model");
}

TEST_F(E2eTest, ModelObjectListings) {
  v1::GetFilesRequest files_request;
  files_request.set_workspace_id(kWorkspace);
  files_request.set_model_id(kModel);
  v1::GetFilesResponse files;
  ASSERT_TRUE(stub_->GetFiles(Context().get(), files_request, &files).ok());
  ASSERT_GE(files.files_size(), 2);
  EXPECT_EQ(files.files(0).id(), kEmployeesFile);
  EXPECT_EQ(files.files(0).name(), "Employees.csv");

  v1::GetImportsRequest imports_request;
  imports_request.set_workspace_id(kWorkspace);
  imports_request.set_model_id(kModel);
  v1::GetImportsResponse imports;
  ASSERT_TRUE(
      stub_->GetImports(Context().get(), imports_request, &imports).ok());
  ASSERT_GE(imports.imports_size(), 2);
  EXPECT_EQ(imports.imports(0).import_type(), "HIERARCHY_DATA");
  EXPECT_EQ(imports.imports(0).import_data_source_id(), kEmployeesFile);

  v1::GetExportsRequest exports_request;
  exports_request.set_workspace_id(kWorkspace);
  exports_request.set_model_id(kModel);
  v1::GetExportsResponse exports;
  ASSERT_TRUE(
      stub_->GetExports(Context().get(), exports_request, &exports).ok());
  ASSERT_GE(exports.exports_size(), 2);
  EXPECT_EQ(exports.exports(0).id(), kEmployeesExport);

  v1::GetActionsRequest actions_request;
  actions_request.set_workspace_id(kWorkspace);
  actions_request.set_model_id(kModel);
  v1::GetActionsResponse actions;
  ASSERT_TRUE(
      stub_->GetActions(Context().get(), actions_request, &actions).ok());
  ASSERT_GE(actions.actions_size(), 2);
  EXPECT_EQ(actions.actions(1).action_type(), "OPTIMIZER");

  v1::GetProcessesRequest processes_request;
  processes_request.set_workspace_id(kWorkspace);
  processes_request.set_model_id(kModel);
  v1::GetProcessesResponse processes;
  ASSERT_TRUE(
      stub_->GetProcesses(Context().get(), processes_request, &processes).ok());
  ASSERT_GE(processes.processes_size(), 1);
  EXPECT_EQ(processes.processes(0).id(), kProcess);
}

TEST_F(E2eTest, DefinitionMetadata) {
  v1::GetImportMetadataRequest import_request;
  import_request.set_workspace_id(kWorkspace);
  import_request.set_model_id(kModel);
  import_request.mutable_import()->set_id(kEmployeesImport);
  v1::ImportMetadata import_metadata;
  grpc::Status status = stub_->GetImportMetadata(
      Context().get(), import_request, &import_metadata);
  EXPECT_TRUE(status.ok()) << status.error_message();

  v1::GetExportMetadataRequest export_request;
  export_request.set_workspace_id(kWorkspace);
  export_request.set_model_id(kModel);
  export_request.mutable_export_()->set_name("Employees.csv");
  v1::ExportMetadata export_metadata;
  status = stub_->GetExportMetadata(Context().get(), export_request,
                                    &export_metadata);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(export_metadata.column_count(), 0);

  v1::GetProcessMetadataRequest process_request;
  process_request.set_workspace_id(kWorkspace);
  process_request.set_model_id(kModel);
  process_request.mutable_process()->set_id(kProcess);
  v1::ProcessMetadata process_metadata;
  status = stub_->GetProcessMetadata(Context().get(), process_request,
                                     &process_metadata);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(process_metadata.actions_size(), 2);
}

TEST_F(E2eTest, DeleteModelsReportsUnknownModels) {
  v1::DeleteModelsRequest request;
  request.set_workspace_id(kWorkspace);
  request.add_model_ids("00000000000000000000000000000000");
  v1::DeleteModelsResponse response;
  grpc::Status status =
      stub_->DeleteModels(Context().get(), request, &response);
  // Anaplan answers per model; an unknown id is a failure entry or a 4xx.
  if (status.ok()) {
    EXPECT_EQ(response.models_deleted(), 0);
  } else {
    EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL);
  }
}

TEST_F(E2eTest, Http404CarriesTrailersAndRichDetails) {
  v1::GetWorkspaceRequest request;
  request.set_workspace_id("ffffffffffffffffffffffffffffffff");
  v1::Workspace workspace;
  auto context = Context();
  grpc::Status status = stub_->GetWorkspace(context.get(), request, &workspace);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << status.error_message();
  EXPECT_THAT(context->GetServerTrailingMetadata(),
              Contains(Pair("anaplan-http-status", "404")));
  google::rpc::Status rich = RichStatus(status);
  EXPECT_EQ(rich.code(), static_cast<int>(grpc::StatusCode::NOT_FOUND));
  google::rpc::ErrorInfo info = ErrorInfoOf(rich);
  EXPECT_EQ(info.domain(), "anaplan.v1");
  EXPECT_EQ(info.metadata().at("http_status"), "404");
}

TEST_F(E2eTest, UnknownFileIsNotFound) {
  grpc::Status status;
  Download(113999999999, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << status.error_message();
}

TEST_F(E2eTest, ExpiredTokenIsRefreshedTransparently) {
  v1::GetWorkspacesResponse before;
  ASSERT_TRUE(stub_->GetWorkspaces(Context().get(), {}, &before).ok());
  ExpireTokens();
  v1::GetWorkspacesResponse after;
  grpc::Status status = stub_->GetWorkspaces(Context().get(), {}, &after);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(after.workspaces_size(), before.workspaces_size());
}

TEST_F(E2eTest, StalledAnaplanHitsTheCallersDeadline) {
  AddFaults(R"({"method":"GET","path":"/workspaces","count":5,)"
            R"("action":"stall","delay_ms":3000})");
  v1::GetWorkspacesResponse response;
  grpc::Status status = stub_->GetWorkspaces(Context(1).get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(E2eTest, InvalidRequestNamesTheField) {
  v1::GetFilesRequest request;
  request.set_model_id(kModel);
  v1::GetFilesResponse response;
  grpc::Status status = stub_->GetFiles(Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("workspace_id"));
  EXPECT_EQ(ErrorInfoOf(RichStatus(status)).metadata().at("field"),
            "workspace_id");
}

}  // namespace
}  // namespace anaplan::e2e
