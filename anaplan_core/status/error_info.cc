#include "anaplan_core/status/error_info.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace anaplan::core {
namespace {

// One payload per field keeps the encoding trivial (plain text values) and
// lets AttachErrorInfo merge: a field set later replaces only that field.
constexpr char kReasonUrl[] = "type.anaplan.dev/anaplan.core.ErrorInfo.reason";
constexpr char kHttpStatusUrl[] =
    "type.anaplan.dev/anaplan.core.ErrorInfo.http_status";
constexpr char kRequestIdUrl[] =
    "type.anaplan.dev/anaplan.core.ErrorInfo.request_id";
constexpr char kRetryAfterUrl[] =
    "type.anaplan.dev/anaplan.core.ErrorInfo.retry_after_ms";
constexpr char kChunkIndexUrl[] =
    "type.anaplan.dev/anaplan.core.ErrorInfo.chunk_index";
constexpr char kFieldUrl[] = "type.anaplan.dev/anaplan.core.ErrorInfo.field";
constexpr char kNotSentUrl[] =
    "type.anaplan.dev/anaplan.core.TransportFailure.request_not_sent";

std::optional<int64_t> ReadInt(const absl::Status& status, const char* url) {
  auto payload = status.GetPayload(url);
  int64_t value = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &value)) {
    return std::nullopt;
  }
  return value;
}

std::string ReadString(const absl::Status& status, const char* url) {
  auto payload = status.GetPayload(url);
  return payload ? std::string(*payload) : std::string();
}

}  // namespace

void AttachErrorInfo(absl::Status& status, const ErrorInfo& info) {
  if (status.ok()) return;
  if (!info.reason.empty())
    status.SetPayload(kReasonUrl, absl::Cord(info.reason));
  if (info.http_status) {
    status.SetPayload(kHttpStatusUrl,
                      absl::Cord(absl::StrCat(*info.http_status)));
  }
  if (!info.request_id.empty()) {
    status.SetPayload(kRequestIdUrl, absl::Cord(info.request_id));
  }
  if (info.retry_after) {
    const int64_t ms = absl::ToInt64Milliseconds(*info.retry_after);
    status.SetPayload(kRetryAfterUrl, absl::Cord(absl::StrCat(ms)));
  }
  if (info.chunk_index) {
    status.SetPayload(kChunkIndexUrl,
                      absl::Cord(absl::StrCat(*info.chunk_index)));
  }
  if (!info.field.empty()) status.SetPayload(kFieldUrl, absl::Cord(info.field));
}

ErrorInfo GetErrorInfo(const absl::Status& status) {
  ErrorInfo info;
  if (status.ok()) return info;
  info.reason = ReadString(status, kReasonUrl);
  if (auto v = ReadInt(status, kHttpStatusUrl))
    info.http_status = static_cast<int>(*v);
  info.request_id = ReadString(status, kRequestIdUrl);
  if (auto v = ReadInt(status, kRetryAfterUrl)) {
    info.retry_after = absl::Milliseconds(*v);
  }
  info.chunk_index = ReadInt(status, kChunkIndexUrl);
  info.field = ReadString(status, kFieldUrl);
  return info;
}

absl::Status MakeError(absl::StatusCode code, absl::string_view message,
                       const ErrorInfo& info) {
  absl::Status status(code, message);
  AttachErrorInfo(status, info);
  return status;
}

absl::Status InvalidField(absl::string_view field, absl::string_view message) {
  ErrorInfo info;
  info.reason = "INVALID_REQUEST";
  info.field = std::string(field);
  return MakeError(absl::StatusCode::kInvalidArgument,
                   absl::StrCat(field, ": ", message), info);
}

absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  if (status.ok() || context.empty()) return status;
  absl::Status annotated(status.code(),
                         absl::StrCat(context, ": ", status.message()));
  status.ForEachPayload(
      [&annotated](absl::string_view url, const absl::Cord& payload) {
        annotated.SetPayload(url, payload);
      });
  return annotated;
}

void MarkRequestNotSent(absl::Status& status) {
  if (!status.ok()) status.SetPayload(kNotSentUrl, absl::Cord("1"));
}

bool IsRequestNotSent(const absl::Status& status) {
  return !status.ok() && status.GetPayload(kNotSentUrl).has_value();
}

}  // namespace anaplan::core
