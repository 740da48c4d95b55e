#include <string>

#include "absl/strings/str_cat.h"
#include <curl/curl.h>

#include "anaplan_core/http/curl_transport.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/http_status_mapping.h"

namespace anaplan::core::internal {
namespace {

enum class Kind {
  kNotSent,
  kMaybeSent,
  kCorrupt,
  kTimeout,
  kTrust,
  kConfig,
  kOther
};

Kind KindOf(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
      return Kind::kNotSent;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_READ_ERROR:
    case CURLE_SEND_FAIL_REWIND:
    case CURLE_PROXY:
      return Kind::kMaybeSent;
    case CURLE_BAD_CONTENT_ENCODING:
      return Kind::kCorrupt;
    case CURLE_OPERATION_TIMEDOUT:
      return Kind::kTimeout;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
      return Kind::kTrust;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return Kind::kConfig;
    default:
      return Kind::kOther;
  }
}

}  // namespace

absl::Status CurlErrorToStatus(int curl_code, absl::string_view method,
                               absl::string_view url,
                               absl::string_view detail) {
  const auto code = static_cast<CURLcode>(curl_code);
  std::string message = absl::StrCat(method, " ", PathForMessage(url), ": ",
                                     curl_easy_strerror(code));
  if (!detail.empty()) absl::StrAppend(&message, " (", detail, ")");
  ErrorInfo info;
  switch (KindOf(code)) {
    case Kind::kNotSent: {
      info.reason = "ANAPLAN_UNAVAILABLE";
      absl::Status status =
          MakeError(absl::StatusCode::kUnavailable, message, info);
      MarkRequestNotSent(status);
      return status;
    }
    case Kind::kMaybeSent:
      info.reason = "ANAPLAN_UNAVAILABLE";
      return MakeError(absl::StatusCode::kUnavailable, message, info);
    case Kind::kCorrupt:
      // A compressed body that fails to inflate or its gzip CRC/length
      // check: bytes were damaged on the way. Never delivered; retried
      // (RetryPolicy), DATA_LOSS when it persists.
      info.reason = "ANAPLAN_DATA_LOSS";
      return MakeError(absl::StatusCode::kDataLoss, message, info);
    case Kind::kTimeout:
      info.reason = "ANAPLAN_TIMEOUT";
      return MakeError(absl::StatusCode::kDeadlineExceeded, message, info);
    case Kind::kTrust:
    case Kind::kConfig:
      info.reason = "ANAPLAN_UNAVAILABLE";
      return MakeError(absl::StatusCode::kFailedPrecondition, message, info);
    case Kind::kOther:
      break;
  }
  return absl::InternalError(message);
}

}  // namespace anaplan::core::internal
