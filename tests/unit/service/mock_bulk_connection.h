#ifndef ANAPLAN_TESTS_UNIT_SERVICE_MOCK_BULK_CONNECTION_H_
#define ANAPLAN_TESTS_UNIT_SERVICE_MOCK_BULK_CONNECTION_H_

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"

#include "anaplan_core/bulk/bulk_connection.h"

namespace anaplan::testing {

/// gmock double of core::BulkConnection for servicer tests.
class MockBulkConnection : public core::BulkConnection {
 public:
  MOCK_METHOD(absl::StatusOr<std::vector<core::Workspace>>, GetWorkspaces,
              (const core::ListOptions&, const core::CallContext&), (override));
  MOCK_METHOD(absl::StatusOr<core::Workspace>, GetWorkspace,
              (const std::string&, const core::CallContext&), (override));
  MOCK_METHOD(absl::StatusOr<std::vector<core::WorkspacePerson>>,
              GetWorkspacePeople,
              (const std::string&, core::WorkspaceRole,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<core::Model>>, GetModels,
              (const std::string&, const core::ListOptions&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::Model>, GetModel,
              (const std::string&, const core::CallContext&), (override));
  MOCK_METHOD(absl::StatusOr<core::DeleteModelsResult>, DeleteModels,
              (const std::string&, const std::vector<std::string>&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<core::File>>, GetFiles,
              (const core::ModelRef&, const core::ListOptions&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<core::Action>>, GetActions,
              (const core::ModelRef&, const core::ListOptions&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<core::Process>>, GetProcesses,
              (const core::ModelRef&, const core::ListOptions&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<core::Import>>, GetImports,
              (const core::ModelRef&, const core::ListOptions&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<core::Export>>, GetExports,
              (const core::ModelRef&, const core::ListOptions&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::ImportMetadata>, GetImportMetadata,
              (const core::ModelRef&, const core::ObjectRef&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::ExportMetadata>, GetExportMetadata,
              (const core::ModelRef&, const core::ObjectRef&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::ProcessMetadata>, GetProcessMetadata,
              (const core::ModelRef&, const core::ObjectRef&, bool,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<int64_t>, ResolveAction,
              (const core::ModelRef&, const core::ObjectRef&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::File>, ResolveFile,
              (const core::ModelRef&, const core::ObjectRef&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::TaskStatus>, RunAction,
              (const core::ModelRef&, int64_t, const core::RunOptions&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<core::TaskSummary>>, GetTaskSummaries,
              (const core::ModelRef&, int64_t, const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::TaskStatus>, GetTaskStatus,
              (const core::ModelRef&, int64_t, const std::string&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::Status, WatchTask,
              (const core::ModelRef&, int64_t, const std::string&,
               absl::Duration,
               const std::function<absl::Status(const core::TaskStatus&)>&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::TaskStatus>, CancelTask,
              (const core::ModelRef&, int64_t, const std::string&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::Status, GetImportDump,
              (const core::ModelRef&, int64_t, const std::string&,
               core::ByteSink&, const core::CallContext&),
              (override));
  MOCK_METHOD(absl::Status, GetProcessDump,
              (const core::ModelRef&, int64_t, const std::string&, int64_t,
               core::ByteSink&, const core::CallContext&),
              (override));
  MOCK_METHOD(absl::Status, GetOptimizerLog,
              (const core::ModelRef&, int64_t, const std::string&,
               core::ByteSink&, const core::CallContext&),
              (override));
  MOCK_METHOD(absl::Status, DownloadFile,
              (const core::ModelRef&, const core::File&,
               const core::DownloadOptions&, core::ByteSink&,
               const core::CallContext&),
              (override));
  MOCK_METHOD(absl::StatusOr<core::UploadResult>, UploadFile,
              (const core::ModelRef&, const core::ObjectRef&, core::ByteSource&,
               const core::UploadOptions&, const core::CallContext&),
              (override));
  MOCK_METHOD(absl::Status, DeleteFile,
              (const core::ModelRef&, int64_t, const core::CallContext&),
              (override));
};

}  // namespace anaplan::testing

#endif  // ANAPLAN_TESTS_UNIT_SERVICE_MOCK_BULK_CONNECTION_H_
