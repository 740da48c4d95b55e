#ifndef ANAPLAN_EMULATOR_HTTP_UTIL_H_
#define ANAPLAN_EMULATOR_HTTP_UTIL_H_

#include <httplib.h>

#include <string>
#include <string_view>

namespace anaplan::emulator {

inline constexpr char kJsonContentType[] = "application/json";
inline constexpr char kOctetStreamContentType[] = "application/octet-stream";
inline constexpr char kTextContentType[] = "text/plain";

/// The standard reason phrase for an HTTP status ("Not Found", ...).
const char* StatusReason(int status);

/// Sets `status` and a JSON body.
void SendJson(httplib::Response& res, int status, std::string body);

/// Sends the Integration API error body:
/// `{"status":{"code":N,"message":...},"path":...,"timestamp":...}`.
void SendIntegrationError(const httplib::Request& req, httplib::Response& res,
                          int status, std::string_view message);

/// Sends the token service's error body:
/// `{"status":"FAILURE_...","statusMessage":...}`.
void SendAuthError(httplib::Response& res, int status, std::string_view code,
                   std::string_view message);

/// "http(s)://host:port" as the client addressed us (from the Host header);
/// https when the call came through the TLS front.
std::string BaseUrl(const httplib::Request& req, bool tls);

/// The scheme word of an Authorization header ("Basic", "AnaplanAuthToken",
/// ...), never the credentials; empty when there is no header.
std::string AuthorizationScheme(const httplib::Request& req);

/// The credentials after the scheme word of the Authorization header.
std::string AuthorizationCredentials(const httplib::Request& req);

/// The raw (undecoded) query string of the request, without the '?'.
std::string RawQuery(const httplib::Request& req);

/// A boolean query parameter (tenantDetails, includeAll, ...): true only for
/// the value "true"; Anaplan reads any other value, or none, as false.
bool QueryFlag(const httplib::Request& req, const char* name);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_HTTP_UTIL_H_
