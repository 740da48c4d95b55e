#ifndef ANAPLAN_SERVICE_BULK_SERVICE_H_
#define ANAPLAN_SERVICE_BULK_SERVICE_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

#include "anaplan/v1/bulk.grpc.pb.h"
#include "anaplan_core/bulk/bulk_connection.h"
#include "anaplan_core/common/call_context.h"
#include "service/concurrency_limiter.h"

namespace anaplan::service {

/// Settings of the servicer itself (the Anaplan client has its own).
struct BulkServiceOptions {
  /// Deadline given to unary RPCs whose caller set none (A6), including a
  /// RunAction that waits for its task. Streams get none.
  absl::Duration max_unary_wait = absl::Minutes(10);
  /// Admission control applied to every RPC that passes validation (per
  /// caller and transfer limits); null admits everything.
  std::shared_ptr<ConcurrencyLimiter> limiter;
};

/// A CallContext for one RPC: the caller's deadline (capped at
/// `unary_ceiling` from now when the caller set none and a ceiling is
/// given) and cancellation read from ServerContext::IsCancelled().
core::CallContext MakeCallContext(const grpc::ServerContextBase& context,
                                  std::optional<absl::Duration> unary_ceiling);

/// How RunTask waits and judges a task.
struct TaskRunSpec {
  bool wait_for_completion = true;
  /// Return an unsuccessful task's status instead of failing.
  bool status_only = false;
  /// Zero: the client's poll delay.
  absl::Duration poll_interval = absl::ZeroDuration();
};

/// OK for a task still running or completed successfully; for a task that
/// completed unsuccessfully ABORTED (reason ANAPLAN_TASK_FAILED), for a
/// cancelled one ABORTED (reason ANAPLAN_TASK_CANCELLED), both with the
/// anaplan.v1.TaskStatus attached as a rich error detail.
absl::Status CheckTaskOutcome(const core::TaskStatus& task);

/// anaplan.v1.BulkService over a core::BulkConnection (sync API). Each RPC
/// validates its request (INVALID_ARGUMENT naming the field), builds a
/// CallContext, calls core once or a few times, converts the result, and
/// converts errors with ToGrpcStatus (one stderr line per failed RPC).
/// Thread-safe.
class BulkServiceImpl final : public v1::BulkService::Service {
 public:
  /// A null `connection` means no Anaplan credentials are configured: every
  /// RPC that passes validation fails UNAUTHENTICATED.
  BulkServiceImpl(std::shared_ptr<core::BulkConnection> connection,
                  BulkServiceOptions options);

  // Listings and metadata (bulk_service_listing.cc).
  grpc::Status GetWorkspaces(grpc::ServerContext* context,
                             const v1::GetWorkspacesRequest* request,
                             v1::GetWorkspacesResponse* response) override;
  grpc::Status GetWorkspace(grpc::ServerContext* context,
                            const v1::GetWorkspaceRequest* request,
                            v1::Workspace* response) override;
  grpc::Status GetWorkspaceAdmins(
      grpc::ServerContext* context,
      const v1::GetWorkspacePeopleRequest* request,
      v1::GetWorkspacePeopleResponse* response) override;
  grpc::Status GetWorkspaceVisitors(
      grpc::ServerContext* context,
      const v1::GetWorkspacePeopleRequest* request,
      v1::GetWorkspacePeopleResponse* response) override;
  grpc::Status GetModels(grpc::ServerContext* context,
                         const v1::GetModelsRequest* request,
                         v1::GetModelsResponse* response) override;
  grpc::Status GetModel(grpc::ServerContext* context,
                        const v1::GetModelRequest* request,
                        v1::Model* response) override;
  grpc::Status DeleteModels(grpc::ServerContext* context,
                            const v1::DeleteModelsRequest* request,
                            v1::DeleteModelsResponse* response) override;
  grpc::Status GetFiles(grpc::ServerContext* context,
                        const v1::GetFilesRequest* request,
                        v1::GetFilesResponse* response) override;
  grpc::Status GetActions(grpc::ServerContext* context,
                          const v1::GetActionsRequest* request,
                          v1::GetActionsResponse* response) override;
  grpc::Status GetProcesses(grpc::ServerContext* context,
                            const v1::GetProcessesRequest* request,
                            v1::GetProcessesResponse* response) override;
  grpc::Status GetImports(grpc::ServerContext* context,
                          const v1::GetImportsRequest* request,
                          v1::GetImportsResponse* response) override;
  grpc::Status GetExports(grpc::ServerContext* context,
                          const v1::GetExportsRequest* request,
                          v1::GetExportsResponse* response) override;
  grpc::Status GetImportMetadata(grpc::ServerContext* context,
                                 const v1::GetImportMetadataRequest* request,
                                 v1::ImportMetadata* response) override;
  grpc::Status GetExportMetadata(grpc::ServerContext* context,
                                 const v1::GetExportMetadataRequest* request,
                                 v1::ExportMetadata* response) override;
  grpc::Status GetProcessMetadata(grpc::ServerContext* context,
                                  const v1::GetProcessMetadataRequest* request,
                                  v1::ProcessMetadata* response) override;

  // Tasks, dumps and logs (bulk_service_tasks.cc).
  grpc::Status RunAction(grpc::ServerContext* context,
                         const v1::RunActionRequest* request,
                         v1::RunActionResponse* response) override;
  grpc::Status GetTaskSummaries(
      grpc::ServerContext* context, const v1::GetTaskSummariesRequest* request,
      v1::GetTaskSummariesResponse* response) override;
  grpc::Status GetTaskStatus(grpc::ServerContext* context,
                             const v1::GetTaskStatusRequest* request,
                             v1::TaskStatus* response) override;
  grpc::Status WatchTask(grpc::ServerContext* context,
                         const v1::WatchTaskRequest* request,
                         grpc::ServerWriter<v1::TaskStatus>* writer) override;
  grpc::Status CancelTask(grpc::ServerContext* context,
                          const v1::CancelTaskRequest* request,
                          v1::TaskStatus* response) override;
  grpc::Status GetImportDump(
      grpc::ServerContext* context, const v1::GetImportDumpRequest* request,
      grpc::ServerWriter<v1::DataChunk>* writer) override;
  grpc::Status GetProcessDump(
      grpc::ServerContext* context, const v1::GetProcessDumpRequest* request,
      grpc::ServerWriter<v1::DataChunk>* writer) override;
  grpc::Status GetOptimizerLog(
      grpc::ServerContext* context, const v1::GetOptimizerLogRequest* request,
      grpc::ServerWriter<v1::DataChunk>* writer) override;

  // Files (bulk_service_files.cc).
  grpc::Status GetFile(grpc::ServerContext* context,
                       const v1::GetFileRequest* request,
                       grpc::ServerWriter<v1::FileChunk>* writer) override;
  grpc::Status UploadFile(grpc::ServerContext* context,
                          grpc::ServerReader<v1::UploadFileRequest>* reader,
                          v1::UploadFileResponse* response) override;
  grpc::Status DeleteFile(grpc::ServerContext* context,
                          const v1::DeleteFileRequest* request,
                          v1::DeleteFileResponse* response) override;
  grpc::Status UploadAndImport(
      grpc::ServerContext* context,
      grpc::ServerReader<v1::UploadAndImportRequest>* reader,
      v1::UploadAndImportResponse* response) override;
  grpc::Status ExportAndDownload(
      grpc::ServerContext* context, const v1::ExportAndDownloadRequest* request,
      grpc::ServerWriter<v1::ExportAndDownloadResponse>* writer) override;

 private:
  enum class Kind { kUnary, kStream };
  using Body = absl::FunctionRef<absl::Status(core::BulkConnection&,
                                              const core::CallContext&)>;

  /// The frame of every RPC: `checked` is the validation result; when OK
  /// and a connection exists, runs `body` and converts its status.
  grpc::Status Run(absl::string_view method, grpc::ServerContext* context,
                   Kind kind, const absl::Status& checked, Body body);

  /// Runs an action (already resolved to an id) per `spec`; fails as
  /// CheckTaskOutcome says unless spec.status_only or not waiting.
  static absl::StatusOr<core::TaskStatus> RunTask(
      core::BulkConnection& connection, const core::ModelRef& model,
      int64_t action_id, const TaskRunSpec& spec, const core::CallContext& ctx);

  std::shared_ptr<core::BulkConnection> connection_;
  BulkServiceOptions options_;
};

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_BULK_SERVICE_H_
