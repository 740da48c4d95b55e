#include "service/request_validation.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"

namespace anaplan::service {

std::string FieldPath(absl::string_view prefix, absl::string_view field) {
  if (prefix.empty()) return std::string(field);
  return absl::StrCat(prefix, ".", field);
}

absl::Status CheckRequired(absl::string_view value, absl::string_view field) {
  if (!value.empty()) return absl::OkStatus();
  return core::InvalidField(field, "must not be empty");
}

absl::Status CheckModelIds(absl::string_view workspace_id,
                           absl::string_view model_id,
                           absl::string_view prefix) {
  absl::Status status =
      CheckRequired(workspace_id, FieldPath(prefix, "workspace_id"));
  if (!status.ok()) return status;
  return CheckRequired(model_id, FieldPath(prefix, "model_id"));
}

absl::Status CheckObjectRef(bool present, const v1::ObjectRef& ref,
                            absl::string_view field) {
  switch (present ? ref.ref_case() : v1::ObjectRef::REF_NOT_SET) {
    case v1::ObjectRef::kId:
      if (ref.id() > 0) return absl::OkStatus();
      return core::InvalidField(FieldPath(field, "id"), "must be positive");
    case v1::ObjectRef::kName:
      return CheckRequired(ref.name(), FieldPath(field, "name"));
    case v1::ObjectRef::REF_NOT_SET:
      break;
  }
  return core::InvalidField(field, "is required (an id or a name)");
}

absl::Status CheckBatchSize(int32_t batch_size, absl::string_view field) {
  if (batch_size >= 0 && batch_size <= kMaxBatchSize) return absl::OkStatus();
  return core::InvalidField(
      field, absl::StrCat("must be between 0 (server default) and ",
                          kMaxBatchSize, ", got ", batch_size));
}

absl::Status CheckSort(absl::string_view sort_by, bool descending) {
  if (descending && sort_by.empty()) {
    return core::InvalidField(
        "sort_by", "descending needs sort_by (the field to order by)");
  }
  return absl::OkStatus();
}

absl::Status CheckPollInterval(bool present,
                               const google::protobuf::Duration& interval,
                               absl::string_view field) {
  if (!present || (interval.seconds() >= 0 && interval.nanos() >= 0)) {
    return absl::OkStatus();
  }
  return core::InvalidField(field, "must not be negative");
}

namespace {

absl::Status CheckRange(int64_t value, int64_t min, int64_t max,
                        absl::string_view field) {
  if (value == 0 || (value >= min && value <= max)) return absl::OkStatus();
  return core::InvalidField(
      field, absl::StrCat("must be 0 (server default) or between ", min,
                          " and ", max, ", got ", value));
}

bool IsSha256Hex(absl::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::Status CheckUploadHeader(const v1::UploadHeader& header,
                               absl::string_view prefix) {
  absl::Status status =
      CheckModelIds(header.workspace_id(), header.model_id(), prefix);
  if (!status.ok()) return status;
  status = CheckObjectRef(header.has_file(), header.file(),
                          FieldPath(prefix, "file"));
  if (!status.ok()) return status;
  status = CheckRange(header.chunk_size(), 1, kMaxChunkSize,
                      FieldPath(prefix, "chunk_size"));
  if (!status.ok()) return status;
  status = CheckRange(header.parallelism(), 1, kMaxParallelism,
                      FieldPath(prefix, "parallelism"));
  if (!status.ok()) return status;
  status = CheckRange(header.compression_level(), 1, kMaxCompressionLevel,
                      FieldPath(prefix, "compression_level"));
  if (!status.ok()) return status;
  if (header.has_expected_size() && header.expected_size() < 0) {
    const std::string field = FieldPath(prefix, "expected_size");
    return core::InvalidField(field, "must not be negative");
  }
  if (!header.expected_sha256().empty() &&
      !IsSha256Hex(header.expected_sha256())) {
    const std::string field = FieldPath(prefix, "expected_sha256");
    return core::InvalidField(field, "must be 64 hexadecimal digits");
  }
  return absl::OkStatus();
}

}  // namespace anaplan::service
