#ifndef ANAPLAN_CORE_BULK_BULK_CONNECTION_IMPL_H_
#define ANAPLAN_CORE_BULK_BULK_CONNECTION_IMPL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "anaplan_core/bulk/bulk_connection.h"
#include "anaplan_core/bulk/bulk_urls.h"
#include "anaplan_core/files/chunk_uploader.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core {

/// Checks the options a BulkConnection relies on.
/// \error INVALID_ARGUMENT naming the field: endpoints not http(s) URLs,
///   page_size outside 1..5000, upload_chunk_size outside 1..1e9,
///   upload_parallelism or download_batch_size outside 1..64, gzip_level
///   outside 1..9, retry.max_attempts < 1, negative poll_delay.
absl::Status ValidateBulkOptions(const ClientOptions& options);

/// BulkConnection over a RestClient (which owns auth, retries and status
/// mapping). Tests build the RestClient over a MockHttpTransport.
class BulkConnectionImpl final : public BulkConnection {
 public:
  /// `sleeper` spaces task polls; null means real sleeping.
  explicit BulkConnectionImpl(std::shared_ptr<RestClient> rest,
                              std::shared_ptr<Sleeper> sleeper = nullptr);

  absl::StatusOr<std::vector<Workspace>> GetWorkspaces(
      const ListOptions& options, const CallContext& ctx) override;
  absl::StatusOr<Workspace> GetWorkspace(const std::string& workspace_id,
                                         const CallContext& ctx) override;
  absl::StatusOr<std::vector<WorkspacePerson>> GetWorkspacePeople(
      const std::string& workspace_id, WorkspaceRole role,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<Model>> GetModels(const std::string& workspace_id,
                                               const ListOptions& options,
                                               const CallContext& ctx) override;
  absl::StatusOr<Model> GetModel(const std::string& model_id,
                                 const CallContext& ctx) override;
  absl::StatusOr<DeleteModelsResult> DeleteModels(
      const std::string& workspace_id,
      const std::vector<std::string>& model_ids,
      const CallContext& ctx) override;

  absl::StatusOr<std::vector<File>> GetFiles(const ModelRef& model,
                                             const ListOptions& options,
                                             const CallContext& ctx) override;
  absl::StatusOr<std::vector<Action>> GetActions(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<Process>> GetProcesses(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<Import>> GetImports(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<Export>> GetExports(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) override;

  absl::StatusOr<ImportMetadata> GetImportMetadata(
      const ModelRef& model, const ObjectRef& import_ref,
      const CallContext& ctx) override;
  absl::StatusOr<ExportMetadata> GetExportMetadata(
      const ModelRef& model, const ObjectRef& export_ref,
      const CallContext& ctx) override;
  absl::StatusOr<ProcessMetadata> GetProcessMetadata(
      const ModelRef& model, const ObjectRef& process_ref,
      bool show_import_data_source, const CallContext& ctx) override;

  absl::StatusOr<int64_t> ResolveAction(const ModelRef& model,
                                        const ObjectRef& action,
                                        const CallContext& ctx) override;
  absl::StatusOr<File> ResolveFile(const ModelRef& model, const ObjectRef& file,
                                   const CallContext& ctx) override;

  absl::StatusOr<TaskStatus> RunAction(const ModelRef& model, int64_t action_id,
                                       const RunOptions& options,
                                       const CallContext& ctx) override;
  absl::StatusOr<std::vector<TaskSummary>> GetTaskSummaries(
      const ModelRef& model, int64_t action_id,
      const CallContext& ctx) override;
  absl::StatusOr<TaskStatus> GetTaskStatus(const ModelRef& model,
                                           int64_t action_id,
                                           const std::string& task_id,
                                           const CallContext& ctx) override;
  absl::Status WatchTask(
      const ModelRef& model, int64_t action_id, const std::string& task_id,
      absl::Duration poll_interval,
      const std::function<absl::Status(const TaskStatus&)>& on_change,
      const CallContext& ctx) override;
  absl::StatusOr<TaskStatus> CancelTask(const ModelRef& model,
                                        int64_t action_id,
                                        const std::string& task_id,
                                        const CallContext& ctx) override;

  absl::Status GetImportDump(const ModelRef& model, int64_t import_id,
                             const std::string& task_id, ByteSink& sink,
                             const CallContext& ctx) override;
  absl::Status GetProcessDump(const ModelRef& model, int64_t process_id,
                              const std::string& task_id, int64_t object_id,
                              ByteSink& sink, const CallContext& ctx) override;
  absl::Status GetOptimizerLog(const ModelRef& model, int64_t action_id,
                               const std::string& task_id, ByteSink& sink,
                               const CallContext& ctx) override;

  absl::Status DownloadFile(const ModelRef& model, const File& file,
                            const DownloadOptions& options, ByteSink& sink,
                            const CallContext& ctx) override;
  absl::StatusOr<UploadResult> UploadFile(const ModelRef& model,
                                          const ObjectRef& file,
                                          ByteSource& source,
                                          const UploadOptions& options,
                                          const CallContext& ctx) override;
  absl::Status DeleteFile(const ModelRef& model, int64_t file_id,
                          const CallContext& ctx) override;

 private:
  struct UploadTarget {
    int64_t file_id = 0;
    bool created = false;
  };

  // The path segment a file upload announces to: the file id, or for an
  // unknown name with creation allowed the name (file_id 0).
  struct UploadSegment {
    int64_t file_id = 0;
    std::string segment;
  };

  // Resolves an import/export/process reference within one family.
  absl::StatusOr<int64_t> ResolveInFamily(const ModelRef& model,
                                          const ObjectRef& ref,
                                          internal::IdFamily family,
                                          const CallContext& ctx);
  absl::StatusOr<UploadSegment> ResolveUploadSegment(const ModelRef& model,
                                                     const ObjectRef& file,
                                                     bool allow_creation,
                                                     const CallContext& ctx);
  absl::StatusOr<UploadTarget> PrepareUpload(const ModelRef& model,
                                             const ObjectRef& file,
                                             bool allow_creation,
                                             const CallContext& ctx);
  absl::StatusOr<ChunkUploadSettings> UploadSettings(
      const UploadOptions& options) const;
  absl::Status CompleteUpload(const ModelRef& model, int64_t file_id,
                              const CallContext& ctx);
  // Streams a dump: chunk listing + chunk GETs, else the whole dump.
  absl::Status StreamDump(const std::string& base_url, ByteSink& sink,
                          const CallContext& ctx);
  absl::Status FetchChunks(const std::string& chunks_url,
                           const std::vector<std::string>& chunk_ids,
                           int batch_size, ByteSink& sink,
                           const CallContext& ctx);
  // Starts a task of `action_id` (one POST, never resent when its fate is
  // unknown) and returns its id; recovers the id from the task list when
  // the reply was lost.
  absl::StatusOr<std::string> StartTask(const ModelRef& model,
                                        int64_t action_id,
                                        const std::string& segment,
                                        const CallContext& ctx);
  int BatchSize(int requested) const;
  absl::Duration PollInterval(absl::Duration requested) const;

  std::shared_ptr<RestClient> rest_;
  std::shared_ptr<Sleeper> sleeper_;
  internal::BulkUrls urls_;
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_BULK_BULK_CONNECTION_IMPL_H_
