// File upload (§4.8), download (§4.9) and deletion of BulkConnectionImpl.
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/bulk/bulk_connection_impl.h"
#include "anaplan_core/bulk/bulk_fetch.h"
#include "anaplan_core/bulk/bulk_json.h"
#include "anaplan_core/files/chunk_downloader.h"
#include "anaplan_core/files/chunk_uploader.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

using internal::IdFamily;

absl::Status CheckOptional(int64_t value, int64_t high,
                           absl::string_view field) {
  if (value >= 0 && value <= high) return absl::OkStatus();
  return InvalidField(
      field, absl::StrCat(field, " is ", value, ", must be in 1..", high,
                          " (0 for the default)"));
}

bool IsHexSha256(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status CreatedElsewhere(int64_t requested, int64_t created) {
  ErrorInfo info;
  info.reason = "ANAPLAN_NOT_FOUND";
  return MakeError(
      absl::StatusCode::kNotFound,
      absl::StrCat("file ", requested, " does not exist: Anaplan created file ",
                   created,
                   " instead (left in place); set allow_file_creation to "
                   "upload to it"),
      info);
}

}  // namespace

absl::StatusOr<ChunkUploadSettings> BulkConnectionImpl::UploadSettings(
    const UploadOptions& options) const {
  ANAPLAN_RETURN_IF_ERROR(
      CheckOptional(options.chunk_size, 1'000'000'000, "chunk_size"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckOptional(options.parallelism, 64, "parallelism"));
  ANAPLAN_RETURN_IF_ERROR(CheckOptional(options.gzip_level, 9, "gzip_level"));
  if (!options.expected_sha256.empty() &&
      !IsHexSha256(options.expected_sha256)) {
    return InvalidField("expected_sha256",
                        "expected_sha256 must be 64 hex digits");
  }
  if (options.expected_size && *options.expected_size < 0) {
    return InvalidField("expected_size", "expected_size must not be negative");
  }
  const TransferOptions& defaults = rest_->options().transfer;
  ChunkUploadSettings s;
  s.chunk_size =
      options.chunk_size > 0 ? options.chunk_size : defaults.upload_chunk_size;
  s.parallelism = options.parallelism > 0 ? options.parallelism
                                          : defaults.upload_parallelism;
  s.gzip_level =
      options.gzip_level > 0 ? options.gzip_level : defaults.gzip_level;
  s.expected_size = options.expected_size;
  s.expected_sha256 = options.expected_sha256;
  return s;
}

absl::StatusOr<BulkConnectionImpl::UploadSegment>
BulkConnectionImpl::ResolveUploadSegment(const ModelRef& model,
                                         const ObjectRef& file,
                                         bool allow_creation,
                                         const CallContext& ctx) {
  if (file.id != 0) {
    if (!allow_creation && internal::FamilyOf(file.id) != IdFamily::kFile) {
      return InvalidField("file.id",
                          absl::StrCat("id ", file.id,
                                       " is not a file id (113…); set "
                                       "allow_file_creation to create a file"));
    }
    return UploadSegment{file.id, absl::StrCat(file.id)};
  }
  if (file.name.empty()) {
    return InvalidField("file", "file needs an id or a name");
  }
  absl::StatusOr<File> found = ResolveFile(model, file, ctx);
  if (found.ok()) return UploadSegment{found->id, absl::StrCat(found->id)};
  if (found.status().code() != absl::StatusCode::kNotFound || !allow_creation) {
    return found.status();
  }
  // Anaplan creates a private file named after an unknown path segment
  // (§4.8; exact naming unverified).
  return UploadSegment{0, internal::UrlEncode(file.name)};
}

absl::StatusOr<BulkConnectionImpl::UploadTarget>
BulkConnectionImpl::PrepareUpload(const ModelRef& model, const ObjectRef& file,
                                  bool allow_creation, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(
      UploadSegment path,
      ResolveUploadSegment(model, file, allow_creation, ctx));
  // Announcing chunkCount -1 resets an existing file, so it may be resent;
  // when it may create a file, a resend could create two.
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("POST",
                      absl::StrCat(urls_.Model(model), "/files/", path.segment),
                      R"({"chunkCount":-1})",
                      allow_creation ? Idempotency::kNonIdempotent
                                     : Idempotency::kIdempotent,
                      ctx));
  ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* object,
                           RequiredObject(reply, "file"));
  ANAPLAN_ASSIGN_OR_RETURN(File announced, ParseFile(*object));
  UploadTarget target{announced.id, announced.id != path.file_id};
  if (target.created && !allow_creation) {
    return CreatedElsewhere(path.file_id, announced.id);
  }
  return target;
}

absl::Status BulkConnectionImpl::CompleteUpload(const ModelRef& model,
                                                int64_t file_id,
                                                const CallContext& ctx) {
  // Exactly once: a resent /complete could finalise a later upload early.
  absl::Status status =
      rest_
          ->SendJson("POST",
                     absl::StrCat(urls_.File(model, file_id), "/complete"),
                     absl::StrCat(R"({"id":)", file_id, "}"),
                     Idempotency::kNonIdempotent, ctx)
          .status();
  return status.ok() ? status : Annotate(status, "completing the upload");
}

absl::StatusOr<UploadResult> BulkConnectionImpl::UploadFile(
    const ModelRef& model, const ObjectRef& file, ByteSource& source,
    const UploadOptions& options, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_ASSIGN_OR_RETURN(ChunkUploadSettings settings,
                           UploadSettings(options));
  ANAPLAN_ASSIGN_OR_RETURN(
      UploadTarget target,
      PrepareUpload(model, file, options.allow_file_creation, ctx));
  const std::string file_url = urls_.File(model, target.file_id);
  PutChunkFn put = [&](int64_t index, std::string gzipped,
                       const CallContext& chunk_ctx) {
    HttpRequest request = internal::MakeRequest(
        *rest_, "PUT", absl::StrCat(file_url, "/chunks/", index));
    request.headers.emplace_back("Content-Type", "application/x-gzip");
    request.body = std::move(gzipped);
    // A chunk PUT by index is idempotent: each one is retried on its own.
    return rest_
        ->Execute(std::move(request), Idempotency::kIdempotent, chunk_ctx)
        .status();
  };
  ANAPLAN_ASSIGN_OR_RETURN(ChunkUploadStats stats,
                           UploadChunks(source, settings, put, ctx));
  ANAPLAN_RETURN_IF_ERROR(CompleteUpload(model, target.file_id, ctx));
  UploadResult result;
  result.file_id = target.file_id;
  result.file_created = target.created;
  result.bytes_received = stats.bytes_received;
  result.chunks_uploaded = stats.chunks_uploaded;
  result.bytes_sent = stats.bytes_sent;
  result.sha256_hex = std::move(stats.sha256_hex);
  return result;
}

absl::Status BulkConnectionImpl::DownloadFile(const ModelRef& model,
                                              const File& file,
                                              const DownloadOptions& options,
                                              ByteSink& sink,
                                              const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  if (file.id <= 0) return InvalidField("file.id", "file id must be set");
  if (options.batch_size < 0 || options.batch_size > 64) {
    return InvalidField("batch_size", "batch_size must be in 1..64");
  }
  const std::string file_url = urls_.File(model, file.id);
  if (file.chunk_count <= 1) {
    absl::Status status = internal::GetWhole(*rest_, file_url, sink, ctx);
    // Anaplan answers 404 for a file whose chunkCount is 0 (§4.9).
    if (status.code() == absl::StatusCode::kNotFound) {
      return Annotate(status, "file has no content");
    }
    return status;
  }
  std::vector<std::string> chunk_ids;
  chunk_ids.reserve(static_cast<size_t>(file.chunk_count));
  for (int64_t i = 0; i < file.chunk_count; ++i) {
    chunk_ids.push_back(absl::StrCat(i));
  }
  return FetchChunks(absl::StrCat(file_url, "/chunks"), chunk_ids,
                     BatchSize(options.batch_size), sink, ctx);
}

absl::Status BulkConnectionImpl::DeleteFile(const ModelRef& model,
                                            int64_t file_id,
                                            const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  if (file_id <= 0) return InvalidField("file_id", "file_id must be set");
  HttpRequest request =
      internal::MakeRequest(*rest_, "DELETE", urls_.File(model, file_id));
  request.headers.emplace_back("Content-Type", "application/json");
  return rest_->Execute(std::move(request), Idempotency::kIdempotent, ctx)
      .status();
}

}  // namespace anaplan::core
