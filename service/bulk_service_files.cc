// BulkService files: download (server streaming), upload (client
// streaming), delete, and the upload+import / export+download compositions.
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"
#include "service/bulk_service.h"
#include "service/proto_convert.h"
#include "service/request_validation.h"
#include "service/stream_adapters.h"

namespace anaplan::service {
namespace {

/// Fills the FileChunk fields of `piece`; the first carries the file.
/// The FileChunk of `piece` without its bytes (see WriteWithPieceData).
v1::FileChunk FileChunkHeader(const DataPiece& piece, const core::File& file) {
  v1::FileChunk chunk;
  if (piece.first) {
    *chunk.mutable_file() = ToProto(file);
    chunk.set_total_size(piece.total_size);
  }
  chunk.set_offset(piece.offset);
  chunk.set_chunk_index(piece.chunk_index);
  return chunk;
}

/// Downloads `file` through `sink` (built by the caller around its writer).
absl::Status Download(core::BulkConnection& c, const core::ModelRef& model,
                      const core::File& file, int32_t batch_size,
                      ChunkingSink& sink, const core::CallContext& ctx) {
  core::DownloadOptions options;
  options.batch_size = batch_size;
  absl::Status status = c.DownloadFile(model, file, options, sink, ctx);
  return status.ok() ? sink.Finish() : status;
}

/// Reads the header message of an upload stream: INVALID_ARGUMENT when the
/// first message is data, CANCELLED when the caller went away first.
template <typename Request>
absl::Status ReadHeader(grpc::ServerContext* context,
                        grpc::ServerReader<Request>* reader, Request& first,
                        absl::string_view request_name) {
  if (reader->Read(&first) && first.message_case() == Request::kHeader) {
    return absl::OkStatus();
  }
  if (context->IsCancelled()) return StreamCancelled();
  return core::InvalidField(
      "header", absl::StrCat("the first ", request_name, " must carry header"));
}

}  // namespace

grpc::Status BulkServiceImpl::GetFile(
    grpc::ServerContext* context, const v1::GetFileRequest* request,
    grpc::ServerWriter<v1::FileChunk>* writer) {
  absl::Status checked =
      CheckModelIds(request->workspace_id(), request->model_id());
  if (checked.ok()) {
    checked = CheckObjectRef(request->has_file(), request->file(), "file");
  }
  if (checked.ok())
    checked = CheckBatchSize(request->batch_size(), "batch_size");
  return Run(
      "GetFile", context, Kind::kStream, checked,
      [&](core::BulkConnection& c, const core::CallContext& ctx) {
        const core::ModelRef model{request->workspace_id(),
                                   request->model_id()};
        absl::StatusOr<core::File> file =
            c.ResolveFile(model, FromProto(request->file()), ctx);
        if (!file.ok()) return file.status();
        ChunkingSink sink([&](DataPiece& piece) {
          v1::FileChunk chunk = FileChunkHeader(piece, *file);
          return WriteWithPieceData(writer, chunk, chunk.mutable_data(), piece);
        });
        return Download(c, model, *file, request->batch_size(), sink, ctx);
      });
}

grpc::Status BulkServiceImpl::UploadFile(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::UploadFileRequest>* reader,
    v1::UploadFileResponse* response) {
  v1::UploadFileRequest first;
  absl::Status checked =
      ReadHeader(context, reader, first, "UploadFileRequest");
  if (checked.ok()) checked = CheckUploadHeader(first.header(), "header");
  return Run("UploadFile", context, Kind::kStream, checked,
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const v1::UploadHeader& header = first.header();
               ServerReaderSource<v1::UploadFileRequest> source(reader,
                                                                context);
               absl::StatusOr<core::UploadResult> result = c.UploadFile(
                   core::ModelRef{header.workspace_id(), header.model_id()},
                   FromProto(header.file()), source, FromProto(header), ctx);
               if (!result.ok()) return result.status();
               *response = ToProto(*result);
               return absl::OkStatus();
             });
}

grpc::Status BulkServiceImpl::DeleteFile(grpc::ServerContext* context,
                                         const v1::DeleteFileRequest* request,
                                         v1::DeleteFileResponse* response) {
  absl::Status checked =
      CheckModelIds(request->workspace_id(), request->model_id());
  if (checked.ok()) {
    checked = CheckObjectRef(request->has_file(), request->file(), "file");
  }
  return Run("DeleteFile", context, Kind::kUnary, checked,
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const core::ModelRef model{request->workspace_id(),
                                          request->model_id()};
               int64_t file_id = request->file().id();
               if (file_id == 0) {
                 absl::StatusOr<core::File> file =
                     c.ResolveFile(model, FromProto(request->file()), ctx);
                 if (!file.ok()) return file.status();
                 file_id = file->id;
               }
               return c.DeleteFile(model, file_id, ctx);
             });
}

grpc::Status BulkServiceImpl::UploadAndImport(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::UploadAndImportRequest>* reader,
    v1::UploadAndImportResponse* response) {
  v1::UploadAndImportRequest first;
  absl::Status checked =
      ReadHeader(context, reader, first, "UploadAndImportRequest");
  const v1::UploadAndImportHeader& header = first.header();
  if (checked.ok()) {
    checked = CheckUploadHeader(header.upload(), "header.upload");
  }
  if (checked.ok()) {
    checked =
        CheckObjectRef(header.has_action(), header.action(), "header.action");
  }
  if (checked.ok()) {
    checked = CheckPollInterval(header.has_poll_interval(),
                                header.poll_interval(), "header.poll_interval");
  }
  return Run(
      "UploadAndImport", context, Kind::kStream, checked,
      [&](core::BulkConnection& c, const core::CallContext& ctx) {
        const v1::UploadHeader& upload = header.upload();
        const core::ModelRef model{upload.workspace_id(), upload.model_id()};
        // Resolve the import first: a bad name fails before any byte moves.
        absl::StatusOr<int64_t> import_id =
            c.ResolveAction(model, FromProto(header.action()), ctx);
        if (!import_id.ok()) return import_id.status();
        ServerReaderSource<v1::UploadAndImportRequest> source(reader, context);
        absl::StatusOr<core::UploadResult> uploaded = c.UploadFile(
            model, FromProto(upload.file()), source, FromProto(upload), ctx);
        if (!uploaded.ok()) return uploaded.status();
        *response->mutable_upload() = ToProto(*uploaded);
        TaskRunSpec spec;
        spec.wait_for_completion =
            !header.has_wait_for_completion() || header.wait_for_completion();
        spec.status_only = header.status_only();
        spec.poll_interval = FromProto(header.poll_interval());
        absl::StatusOr<core::TaskStatus> task =
            RunTask(c, model, *import_id, spec, ctx);
        if (!task.ok()) return task.status();
        *response->mutable_task() = ToProto(*task);
        return absl::OkStatus();
      });
}

grpc::Status BulkServiceImpl::ExportAndDownload(
    grpc::ServerContext* context, const v1::ExportAndDownloadRequest* request,
    grpc::ServerWriter<v1::ExportAndDownloadResponse>* writer) {
  absl::Status checked =
      CheckModelIds(request->workspace_id(), request->model_id());
  if (checked.ok()) {
    checked =
        CheckObjectRef(request->has_action(), request->action(), "action");
  }
  if (checked.ok())
    checked = CheckBatchSize(request->batch_size(), "batch_size");
  if (checked.ok()) {
    checked = CheckPollInterval(request->has_poll_interval(),
                                request->poll_interval(), "poll_interval");
  }
  return Run(
      "ExportAndDownload", context, Kind::kStream, checked,
      [&](core::BulkConnection& c, const core::CallContext& ctx) {
        const core::ModelRef model{request->workspace_id(),
                                   request->model_id()};
        absl::StatusOr<int64_t> export_id =
            c.ResolveAction(model, FromProto(request->action()), ctx);
        if (!export_id.ok()) return export_id.status();
        TaskRunSpec spec;
        spec.poll_interval = FromProto(request->poll_interval());
        absl::StatusOr<core::TaskStatus> task =
            RunTask(c, model, *export_id, spec, ctx);
        if (!task.ok()) return task.status();
        v1::ExportAndDownloadResponse head;
        *head.mutable_task() = ToProto(*task);
        if (!writer->Write(head)) return StreamCancelled();
        // An export writes into the file that has the export's id.
        core::ObjectRef file_ref;
        file_ref.id = *export_id;
        absl::StatusOr<core::File> file = c.ResolveFile(model, file_ref, ctx);
        if (!file.ok()) return file.status();
        ChunkingSink sink([&](DataPiece& piece) {
          v1::ExportAndDownloadResponse message;
          *message.mutable_chunk() = FileChunkHeader(piece, *file);
          return WriteWithPieceData(
              writer, message, message.mutable_chunk()->mutable_data(), piece);
        });
        return Download(c, model, *file, request->batch_size(), sink, ctx);
      });
}

}  // namespace anaplan::service
