#include "emulator/http_util.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "emulator/json_util.h"

namespace anaplan::emulator {

const char* StatusReason(int status) {
  switch (status) {
    case 200:
      return "Success";
    case 201:
      return "Created";
    case 204:
      return "No Content";
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
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 423:
      return "Locked";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

void SendJson(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), kJsonContentType);
}

void SendIntegrationError(const httplib::Request& req, httplib::Response& res,
                          int status, std::string_view message) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteStatusObject(w, status, message);
  FieldStr(w, "path", req.path);
  FieldStr(w, "timestamp", IsoTimestamp(absl::Now()));
  w.EndObject();
  SendJson(res, status, out.str());
}

void SendAuthError(httplib::Response& res, int status, std::string_view code,
                   std::string_view message) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "status", code);
  FieldStr(w, "statusMessage", message);
  w.EndObject();
  SendJson(res, status, out.str());
}

std::string BaseUrl(const httplib::Request& req, bool tls) {
  std::string host = req.get_header_value("Host");
  if (host.empty()) host = absl::StrCat(req.local_addr, ":", req.local_port);
  return absl::StrCat(tls ? "https://" : "http://", host);
}

std::string AuthorizationScheme(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  return header.substr(0, header.find(' '));
}

std::string AuthorizationCredentials(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  size_t space = header.find(' ');
  if (space == std::string::npos) return "";
  return header.substr(space + 1);
}

std::string RawQuery(const httplib::Request& req) {
  size_t q = req.target.find('?');
  return q == std::string::npos ? "" : req.target.substr(q + 1);
}

bool QueryFlag(const httplib::Request& req, const char* name) {
  return req.get_param_value(name) == "true";
}

}  // namespace anaplan::emulator
