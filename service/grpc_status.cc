#include "service/grpc_status.h"

#include <cstdint>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/any.pb.h"

#include "anaplan_core/status/error_info.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace anaplan::service {
namespace {

/// The reason to send when core attached facts but no reason.
std::string DefaultReason(const core::ErrorInfo& info) {
  if (!info.field.empty()) return "INVALID_REQUEST";
  if (info.http_status.has_value()) return "ANAPLAN_HTTP_ERROR";
  return "ANAPLAN_ERROR";
}

bool HasFacts(const core::ErrorInfo& info) {
  return !info.reason.empty() || info.http_status.has_value() ||
         !info.request_id.empty() || info.retry_after.has_value() ||
         info.chunk_index.has_value() || !info.field.empty();
}

void AddErrorInfo(const core::ErrorInfo& info, google::rpc::Status& out) {
  if (!HasFacts(info)) return;
  google::rpc::ErrorInfo detail;
  detail.set_reason(info.reason.empty() ? DefaultReason(info) : info.reason);
  detail.set_domain(std::string(kErrorDomain));
  auto& metadata = *detail.mutable_metadata();
  if (info.http_status)
    metadata["http_status"] = absl::StrCat(*info.http_status);
  if (!info.request_id.empty()) metadata["request_id"] = info.request_id;
  if (info.chunk_index)
    metadata["chunk_index"] = absl::StrCat(*info.chunk_index);
  if (!info.field.empty()) metadata["field"] = info.field;
  if (info.retry_after) {
    metadata["retry_after_seconds"] =
        absl::StrCat(absl::ToDoubleSeconds(*info.retry_after));
  }
  out.add_details()->PackFrom(detail);
}

void AddRetryInfo(const core::ErrorInfo& info, google::rpc::Status& out) {
  if (!info.retry_after) return;
  google::rpc::RetryInfo detail;
  const absl::Duration delay = *info.retry_after;
  const int64_t seconds = absl::ToInt64Seconds(delay);
  const absl::Duration rest = delay - absl::Seconds(seconds);
  detail.mutable_retry_delay()->set_seconds(seconds);
  detail.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(rest)));
  out.add_details()->PackFrom(detail);
}

void AddBadRequest(const core::ErrorInfo& info, const std::string& message,
                   google::rpc::Status& out) {
  if (info.field.empty()) return;
  google::rpc::BadRequest detail;
  auto* violation = detail.add_field_violations();
  violation->set_field(info.field);
  violation->set_description(message);
  out.add_details()->PackFrom(detail);
}

/// Copies payloads that already are serialized protobuf messages.
void AddProtoPayloads(const absl::Status& status, google::rpc::Status& out) {
  status.ForEachPayload(
      [&out](absl::string_view type_url, const absl::Cord& payload) {
        if (!absl::StartsWith(type_url, kAnyTypeUrlPrefix)) return;
        google::protobuf::Any* any = out.add_details();
        any->set_type_url(std::string(type_url));
        any->set_value(std::string(payload));
      });
}

std::string CallerMessage(const absl::Status& status) {
  absl::string_view message = status.message();
  if (status.code() == absl::StatusCode::kInternal ||
      status.code() == absl::StatusCode::kUnknown) {
    // Only the first line: whatever follows (traces, dumps) stays in logs.
    message = message.substr(0, message.find('\n'));
  }
  return TrimMessage(message, kMaxMessageBytes);
}

}  // namespace

std::string TrimMessage(absl::string_view message, std::size_t max_bytes) {
  if (message.size() <= max_bytes) return std::string(message);
  constexpr absl::string_view kEllipsis = "...";
  std::size_t cut =
      max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  // Never split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return absl::StrCat(message.substr(0, cut), kEllipsis);
}

grpc::Status ToGrpcStatus(const absl::Status& status,
                          grpc::ServerContextBase* context) {
  if (status.ok()) return grpc::Status::OK;
  const core::ErrorInfo info = core::GetErrorInfo(status);
  const std::string message = CallerMessage(status);

  google::rpc::Status rich;
  rich.set_code(static_cast<int32_t>(status.code()));
  rich.set_message(message);
  AddErrorInfo(info, rich);
  AddRetryInfo(info, rich);
  AddBadRequest(info, message, rich);
  AddProtoPayloads(status, rich);

  if (context != nullptr) {
    if (info.http_status) {
      context->AddTrailingMetadata(std::string(kHttpStatusTrailer),
                                   absl::StrCat(*info.http_status));
    }
    if (!info.request_id.empty()) {
      context->AddTrailingMetadata(std::string(kRequestIdTrailer),
                                   info.request_id);
    }
  }
  // absl and gRPC share the canonical code numbers (0..16).
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      rich.SerializeAsString());
}

}  // namespace anaplan::service
