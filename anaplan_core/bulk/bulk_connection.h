#ifndef ANAPLAN_CORE_BULK_BULK_CONNECTION_H_
#define ANAPLAN_CORE_BULK_BULK_CONNECTION_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/bulk/bulk_types.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/client_options.h"
#include "anaplan_core/files/byte_stream.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core {

/// The Bulk (Integration v2) API: every operation of anaplan-sdk's Client,
/// plus task watch/cancel, dumps, metadata and file deletion.
///
/// Every method honours `ctx` (deadline and cancellation reach every HTTP
/// call), retries transient failures per ClientOptions::retry, pages through
/// listings and returns complete results. Errors carry ErrorInfo payloads
/// (status/error_info.h). Codes, after retries (design.md §3):
///  - INVALID_ARGUMENT: bad input (empty id, bad id range) or Anaplan 400;
///  - UNAUTHENTICATED: 401 after one re-authentication, bad credentials;
///  - PERMISSION_DENIED: 403;  NOT_FOUND: 404 or an unknown name;
///  - ABORTED: 409 (reason ANAPLAN_CONFLICT);
///  - FAILED_PRECONDITION: 423, or a model locked/offline/archived (422);
///  - RESOURCE_EXHAUSTED: 429 after retries (retry_after attached);
///  - UNAVAILABLE: 5xx, connect/TLS failures after retries;
///  - DEADLINE_EXCEEDED: deadline or HTTP timeout;  CANCELLED: ctx cancelled;
///  - DATA_LOSS: bytes that fail an integrity check;
///  - INTERNAL: a reply that does not parse (reason ANAPLAN_BAD_RESPONSE).
/// Thread-safe: one connection serves many concurrent calls.
class BulkConnection {
 public:
  virtual ~BulkConnection() = default;

  virtual absl::StatusOr<std::vector<Workspace>> GetWorkspaces(
      const ListOptions& options, const CallContext& ctx) = 0;
  virtual absl::StatusOr<Workspace> GetWorkspace(
      const std::string& workspace_id, const CallContext& ctx) = 0;
  /// A workspace's administrators or visitors, every page.
  /// \error INVALID_ARGUMENT for an empty id, NOT_FOUND naming it.
  virtual absl::StatusOr<std::vector<WorkspacePerson>> GetWorkspacePeople(
      const std::string& workspace_id, WorkspaceRole role,
      const CallContext& ctx) = 0;
  /// All models, or one workspace's when `workspace_id` is not empty.
  virtual absl::StatusOr<std::vector<Model>> GetModels(
      const std::string& workspace_id, const ListOptions& options,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<Model> GetModel(const std::string& model_id,
                                         const CallContext& ctx) = 0;
  virtual absl::StatusOr<DeleteModelsResult> DeleteModels(
      const std::string& workspace_id,
      const std::vector<std::string>& model_ids, const CallContext& ctx) = 0;

  virtual absl::StatusOr<std::vector<File>> GetFiles(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<Action>> GetActions(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<Process>> GetProcesses(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<Import>> GetImports(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<Export>> GetExports(
      const ModelRef& model, const ListOptions& options,
      const CallContext& ctx) = 0;

  /// Definition metadata (§4.4). Refs may name the object.
  virtual absl::StatusOr<ImportMetadata> GetImportMetadata(
      const ModelRef& model, const ObjectRef& import_ref,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<ExportMetadata> GetExportMetadata(
      const ModelRef& model, const ObjectRef& export_ref,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<ProcessMetadata> GetProcessMetadata(
      const ModelRef& model, const ObjectRef& process_ref,
      bool show_import_data_source, const CallContext& ctx) = 0;

  /// Resolves an action reference (import, export, action or process) to its
  /// id: an id must lie in a known range (112, 116, 117, 118 prefixes) else
  /// INVALID_ARGUMENT; a name is looked up in the model's imports, exports,
  /// actions and processes: unknown NOT_FOUND, ambiguous INVALID_ARGUMENT
  /// listing the candidates' ids.
  virtual absl::StatusOr<int64_t> ResolveAction(const ModelRef& model,
                                                const ObjectRef& action,
                                                const CallContext& ctx) = 0;
  /// Resolves a file reference to a File from the model's file listing:
  /// NOT_FOUND when no file has that id or name.
  virtual absl::StatusOr<File> ResolveFile(const ModelRef& model,
                                           const ObjectRef& file,
                                           const CallContext& ctx) = 0;

  /// Starts a task for the action and, when options.wait_for_completion,
  /// polls until it ends (COMPLETE or CANCELLED) or ctx's deadline passes
  /// (DEADLINE_EXCEEDED; the task keeps running in Anaplan). The start POST
  /// is not idempotent: it is retried only when the failure proves the
  /// request was not processed (connect error, 429, 503 before any byte).
  /// An unsuccessful task is returned as a status, not as an error.
  virtual absl::StatusOr<TaskStatus> RunAction(const ModelRef& model,
                                               int64_t action_id,
                                               const RunOptions& options,
                                               const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<TaskSummary>> GetTaskSummaries(
      const ModelRef& model, int64_t action_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<TaskStatus> GetTaskStatus(const ModelRef& model,
                                                   int64_t action_id,
                                                   const std::string& task_id,
                                                   const CallContext& ctx) = 0;
  /// Polls the task every `poll_interval` (zero = the client's poll delay)
  /// and calls `on_change` with the first status and each one that differs
  /// (state, progress or step), until the task ends. A non-OK return from
  /// `on_change` stops watching with that status.
  virtual absl::Status WatchTask(
      const ModelRef& model, int64_t action_id, const std::string& task_id,
      absl::Duration poll_interval,
      const std::function<absl::Status(const TaskStatus&)>& on_change,
      const CallContext& ctx) = 0;
  /// DELETE the task; returns the status read after cancelling.
  virtual absl::StatusOr<TaskStatus> CancelTask(const ModelRef& model,
                                                int64_t action_id,
                                                const std::string& task_id,
                                                const CallContext& ctx) = 0;

  /// Failure dump of an import task (§4.7), streamed chunk by chunk.
  virtual absl::Status GetImportDump(const ModelRef& model, int64_t import_id,
                                     const std::string& task_id, ByteSink& sink,
                                     const CallContext& ctx) = 0;
  /// Failure dump of a failed import (object_id) inside a process task.
  virtual absl::Status GetProcessDump(const ModelRef& model, int64_t process_id,
                                      const std::string& task_id,
                                      int64_t object_id, ByteSink& sink,
                                      const CallContext& ctx) = 0;
  /// Solution log of an optimizer action run (§4.10).
  virtual absl::Status GetOptimizerLog(const ModelRef& model, int64_t action_id,
                                       const std::string& task_id,
                                       ByteSink& sink,
                                       const CallContext& ctx) = 0;

  /// Downloads `file` in order into `sink`, fetching up to batch_size chunks
  /// ahead in parallel (memory bounded by batch_size + 1 chunks). A chunk
  /// that fails after retries fails the call naming its index; bytes are
  /// never delivered out of order or twice.
  virtual absl::Status DownloadFile(const ModelRef& model, const File& file,
                                    const DownloadOptions& options,
                                    ByteSink& sink, const CallContext& ctx) = 0;

  /// Uploads everything `source` yields into `file` (by id or name; with
  /// allow_file_creation a new file may be created): announces chunkCount -1,
  /// cuts chunk_size pieces, gzips and PUTs them with at most parallelism in
  /// flight (each chunk retried alone), then POSTs /complete exactly once,
  /// and only when every chunk succeeded and the source ended cleanly.
  /// Memory is bounded by about (2 * parallelism + 1) chunks.
  virtual absl::StatusOr<UploadResult> UploadFile(const ModelRef& model,
                                                  const ObjectRef& file,
                                                  ByteSource& source,
                                                  const UploadOptions& options,
                                                  const CallContext& ctx) = 0;

  /// DELETE the uploaded content of a file; the file object remains.
  virtual absl::Status DeleteFile(const ModelRef& model, int64_t file_id,
                                  const CallContext& ctx) = 0;
};

/// A connection that talks to Anaplan over libcurl with `credentials`.
/// Fails with INVALID_ARGUMENT for unusable options (bad URL, page size).
absl::StatusOr<std::shared_ptr<BulkConnection>> MakeBulkConnection(
    const ClientOptions& options,
    std::shared_ptr<const Credentials> credentials);

/// A connection over an existing RestClient (shared with other API families,
/// so they share one token). Fails like the overload above.
absl::StatusOr<std::shared_ptr<BulkConnection>> MakeBulkConnection(
    std::shared_ptr<RestClient> rest);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_BULK_BULK_CONNECTION_H_
