#include "anaplan_core/status/http_status_mapping.h"

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/json/json_util.h"
#include "anaplan_core/retry/retry_after.h"
#include "anaplan_core/status/error_info.h"

namespace anaplan::core {
namespace {

constexpr size_t kMaxMessageChars = 500;

std::string Clip(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() <= kMaxMessageChars) return std::string(text);
  return absl::StrCat(text.substr(0, kMaxMessageChars), "...");
}

// The human text inside one of Anaplan's error envelopes, or "".
std::string MessageFromJson(const rapidjson::Value& doc) {
  if (const rapidjson::Value* status = FindObject(doc, "status")) {
    std::string message = OptionalString(*status, "message");
    if (!message.empty()) return message;
  }
  for (const char* key :
       {"statusMessage", "error_description", "detail", "message", "error"}) {
    std::string message = OptionalString(doc, key);
    if (!message.empty()) return message;
  }
  return "";
}

const char* ReasonFor(int http_status) {
  switch (http_status) {
    case 404:
    case 410:
      return "ANAPLAN_NOT_FOUND";
    case 409:
      return "ANAPLAN_CONFLICT";
    case 429:
      return "ANAPLAN_RATE_LIMITED";
    default:
      return http_status >= 500 && http_status <= 599 ? "ANAPLAN_UNAVAILABLE"
                                                      : "ANAPLAN_HTTP_ERROR";
  }
}

}  // namespace

absl::StatusCode HttpStatusToCode(int http_status) {
  using Code = absl::StatusCode;
  if (http_status >= 200 && http_status <= 299) return Code::kOk;
  switch (http_status) {
    case 400:
      return Code::kInvalidArgument;
    case 401:
      return Code::kUnauthenticated;
    case 403:
    case 452:
      return Code::kPermissionDenied;
    case 404:
    case 410:
      return Code::kNotFound;
    case 408:
      return Code::kUnavailable;
    case 409:
      return Code::kAborted;
    case 412:
    case 422:
    case 423:
    case 424:
      return Code::kFailedPrecondition;
    case 429:
      return Code::kResourceExhausted;
    case 499:
      return Code::kCancelled;
    default:
      break;
  }
  if (http_status >= 500 && http_status <= 599) return Code::kUnavailable;
  if (http_status >= 400 && http_status <= 499) return Code::kInvalidArgument;
  return Code::kUnknown;
}

absl::string_view HttpReasonPhrase(int http_status) {
  switch (http_status) {
    case 300:
      return "Multiple Choices";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 423:
      return "Locked";
    case 424:
      return "Failed Dependency";
    case 429:
      return "Too Many Requests";
    case 452:
      return "Not Entitled";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

std::string RequestIdOf(const HttpResponse& response) {
  for (const char* name : {"x-request-id", "x-anaplan-request-id",
                           "x-correlation-id", "request-id"}) {
    std::string value = response.Header(name);
    if (!value.empty()) return Clip(value);
  }
  return "";
}

std::string AnaplanErrorMessage(absl::string_view body) {
  body = absl::StripAsciiWhitespace(body);
  if (body.empty()) return "";
  if (body.front() == '{') {
    absl::StatusOr<rapidjson::Document> doc = ParseJson(body);
    if (doc.ok()) {
      std::string message = MessageFromJson(*doc);
      if (!message.empty()) return Clip(message);
    }
  }
  return Clip(body);
}

std::string PathForMessage(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != absl::string_view::npos) {
    url.remove_prefix(scheme + 3);
    const size_t slash = url.find('/');
    url = slash == absl::string_view::npos ? absl::string_view("/")
                                           : url.substr(slash);
  }
  const size_t query = url.find_first_of("?#");
  return std::string(url.substr(0, query));
}

absl::Status HttpResponseToStatus(const HttpResponse& response,
                                  absl::string_view method,
                                  absl::string_view url) {
  const absl::StatusCode code = HttpStatusToCode(response.status);
  if (code == absl::StatusCode::kOk) return absl::OkStatus();
  std::string message = absl::StrCat("Anaplan answered ", response.status);
  absl::string_view phrase = HttpReasonPhrase(response.status);
  if (!phrase.empty()) absl::StrAppend(&message, " ", phrase);
  absl::StrAppend(&message, " for ", method, " ", PathForMessage(url));
  const std::string said = AnaplanErrorMessage(response.body);
  if (!said.empty()) absl::StrAppend(&message, ": ", said);

  ErrorInfo info;
  info.reason = ReasonFor(response.status);
  info.http_status = response.status;
  info.request_id = RequestIdOf(response);
  if (response.status == 429 || response.status == 503) {
    info.retry_after = ParseRetryAfter(response.Header("retry-after"));
  }
  return MakeError(code, message, info);
}

}  // namespace anaplan::core
