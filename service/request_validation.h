#ifndef ANAPLAN_SERVICE_REQUEST_VALIDATION_H_
#define ANAPLAN_SERVICE_REQUEST_VALIDATION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/duration.pb.h"

#include "anaplan/v1/bulk.pb.h"
#include "anaplan/v1/common.pb.h"

namespace anaplan::service {

/// Checks of what the proto contract requires and what would hurt the
/// service (conventions.md §3 "Validation"); Anaplan validates the rest.
/// Every failure is INVALID_ARGUMENT naming the field (core::InvalidField),
/// e.g. "header.upload.chunk_size". `prefix` is prepended with a dot.

/// Limits of the upload and download tuning fields, per request and for the
/// server flags alike. They cap what one transfer can make the service hold:
/// an upload buffers up to (2 * parallelism + 1) chunks, a download
/// (batch_size + 1), so the worst request holds 33 x 50 MB instead of the
/// 129 GiB that 1 GiB chunks at parallelism 64 would allow. 50,000,000 bytes
/// is the largest chunk Anaplan recommends (1-50 MB uncompressed).
inline constexpr int64_t kMaxChunkSize = 50'000'000;
inline constexpr int32_t kMaxParallelism = 16;
inline constexpr int32_t kMaxCompressionLevel = 9;
inline constexpr int32_t kMaxBatchSize = 16;

/// `value` must not be empty.
absl::Status CheckRequired(absl::string_view value, absl::string_view field);
/// workspace_id and model_id must not be empty.
absl::Status CheckModelIds(absl::string_view workspace_id,
                           absl::string_view model_id,
                           absl::string_view prefix = "");
/// The ref must be present with a positive id or a non-empty name.
absl::Status CheckObjectRef(bool present, const v1::ObjectRef& ref,
                            absl::string_view field);
/// 0 (server default) or 1..kMaxBatchSize.
absl::Status CheckBatchSize(int32_t batch_size, absl::string_view field);

/// `descending` orders by `sort_by`: without a field it would be silently
/// ignored, so it is INVALID_ARGUMENT naming "sort_by".
absl::Status CheckSort(absl::string_view sort_by, bool descending);
/// Absent or not negative.
absl::Status CheckPollInterval(bool present,
                               const google::protobuf::Duration& interval,
                               absl::string_view field);
/// Ids, file ref, chunk_size (0 or 1..kMaxChunkSize), parallelism (0 or
/// 1..kMaxParallelism),
/// compression_level (0..9), expected_size (>= 0), expected_sha256 (empty
/// or 64 hex digits).
absl::Status CheckUploadHeader(const v1::UploadHeader& header,
                               absl::string_view prefix);

/// Joins `prefix` and `field` with a dot ("" + "x" = "x").
std::string FieldPath(absl::string_view prefix, absl::string_view field);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_REQUEST_VALIDATION_H_
