#include "anaplan_core/auth/oauth.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

constexpr char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";
// RFC 8628 §3.5: slow_down adds 5 seconds to the interval.
constexpr absl::Duration kSlowDownStep = absl::Seconds(5);

using Fields = std::vector<std::pair<const char*, std::string>>;

std::string JsonObject(const Fields& fields) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const auto& [key, value] : fields) {
    if (value.empty()) continue;
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
  w.EndObject();
  return buffer.GetString();
}

absl::StatusOr<HttpResponse> Post(HttpTransport& transport,
                                  const OAuthClient& client, const char* path,
                                  const Fields& fields,
                                  const CallContext& ctx) {
  HttpRequest request;
  request.method = "POST";
  request.url = absl::StrCat(client.oauth_url, path);
  request.timeout = client.timeout;
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = JsonObject(fields);
  return transport.Send(request, ctx);
}

absl::StatusOr<OAuthTokens> ReadTokens(const HttpResponse& response) {
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document doc, ParseJson(response.body));
  OAuthTokens tokens;
  ANAPLAN_ASSIGN_OR_RETURN(tokens.access_token,
                           RequiredString(doc, "access_token", "token reply"));
  tokens.refresh_token = OptionalString(doc, "refresh_token", "");
  const int64_t expires = OptionalInt(doc, "expires_in", 2100);
  tokens.expires_in = absl::Seconds(expires > 0 ? expires : 2100);
  return tokens;
}

absl::StatusOr<OAuthTokens> TokenCall(HttpTransport& transport,
                                      const OAuthClient& client,
                                      const Fields& fields,
                                      const std::string& what,
                                      const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(
      HttpResponse response,
      Post(transport, client, "/oauth/token", fields, ctx));
  if (response.status < 200 || response.status >= 300) {
    return OAuthErrorToStatus(response, what);
  }
  return ReadTokens(response);
}

std::string ErrorCode(const HttpResponse& response) {
  absl::StatusOr<rapidjson::Document> doc = ParseJson(response.body);
  if (!doc.ok() || !doc->IsObject()) return "";
  return OptionalString(*doc, "error", "");
}

}  // namespace

absl::Status OAuthErrorToStatus(const HttpResponse& response,
                                const std::string& what) {
  const std::string error = ErrorCode(response);
  ErrorInfo info;
  info.http_status = response.status;
  info.reason = error.empty()
                    ? "OAUTH_ERROR"
                    : absl::StrCat("OAUTH_", absl::AsciiStrToUpper(error));
  // The OAuth error code decides; the HTTP status only when there is none.
  absl::StatusCode code = absl::StatusCode::kUnknown;
  if (error == "invalid_grant" || error == "unauthorized_client" ||
      error == "invalid_client") {
    code = absl::StatusCode::kUnauthenticated;
  } else if (error == "access_denied") {
    code = absl::StatusCode::kPermissionDenied;
  } else if (error == "expired_token") {
    code = absl::StatusCode::kDeadlineExceeded;
  } else if (error == "invalid_request") {
    code = absl::StatusCode::kInvalidArgument;
  } else if (response.status == 401) {
    code = absl::StatusCode::kUnauthenticated;
  } else if (response.status == 403) {
    code = absl::StatusCode::kPermissionDenied;
  } else if (response.status >= 500 || response.status == 429) {
    code = absl::StatusCode::kUnavailable;
  } else if (response.status == 400) {
    code = absl::StatusCode::kInvalidArgument;
  }
  return MakeError(code,
                   absl::StrCat(what, " failed: HTTP ", response.status,
                                error.empty() ? "" : absl::StrCat(" ", error)),
                   info);
}

absl::StatusOr<OAuthTokens> RefreshOAuthToken(HttpTransport& transport,
                                              const OAuthClient& client,
                                              const std::string& refresh_token,
                                              const CallContext& ctx) {
  return TokenCall(transport, client,
                   {{"grant_type", "refresh_token"},
                    {"client_id", client.client_id},
                    {"client_secret", client.client_secret},
                    {"refresh_token", refresh_token}},
                   absl::StrCat("OAuth refresh for client ", client.client_id),
                   ctx);
}

absl::StatusOr<OAuthTokens> ExchangeAuthorizationCode(
    HttpTransport& transport, const OAuthClient& client,
    const std::string& code, const std::string& redirect_uri,
    const CallContext& ctx) {
  return TokenCall(
      transport, client,
      {{"grant_type", "authorization_code"},
       {"client_id", client.client_id},
       {"client_secret", client.client_secret},
       {"code", code},
       {"redirect_uri", redirect_uri}},
      absl::StrCat("OAuth code exchange for client ", client.client_id), ctx);
}

absl::StatusOr<OAuthTokens> RunDeviceGrant(
    HttpTransport& transport, Sleeper& sleeper, const OAuthClient& client,
    const std::string& scope,
    const std::function<void(const DeviceAuthorization&)>& prompt,
    const CallContext& ctx) {
  const std::string what =
      absl::StrCat("OAuth device grant for client ", client.client_id);
  ANAPLAN_ASSIGN_OR_RETURN(
      HttpResponse started,
      Post(transport, client, "/oauth/device/code",
           {{"client_id", client.client_id}, {"scope", scope}}, ctx));
  if (started.status < 200 || started.status >= 300) {
    return OAuthErrorToStatus(started, what);
  }
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document doc, ParseJson(started.body));
  DeviceAuthorization device;
  ANAPLAN_ASSIGN_OR_RETURN(device.device_code,
                           RequiredString(doc, "device_code", "device reply"));
  ANAPLAN_ASSIGN_OR_RETURN(device.user_code,
                           RequiredString(doc, "user_code", "device reply"));
  device.verification_uri = OptionalString(doc, "verification_uri", "");
  device.verification_uri_complete =
      OptionalString(doc, "verification_uri_complete", "");
  device.expires_in = absl::Seconds(OptionalInt(doc, "expires_in", 900));
  device.interval = absl::Seconds(OptionalInt(doc, "interval", 5));
  if (prompt) prompt(device);

  const absl::Time give_up = absl::Now() + device.expires_in;
  absl::Duration interval = device.interval;
  while (true) {
    ANAPLAN_RETURN_IF_ERROR(sleeper.Sleep(interval, ctx));
    ANAPLAN_ASSIGN_OR_RETURN(HttpResponse polled,
                             Post(transport, client, "/oauth/token",
                                  {{"grant_type", kDeviceGrant},
                                   {"device_code", device.device_code},
                                   {"client_id", client.client_id}},
                                  ctx));
    if (polled.status >= 200 && polled.status < 300) return ReadTokens(polled);
    const std::string error = ErrorCode(polled);
    if (error == "slow_down") {
      interval += kSlowDownStep;
    } else if (error != "authorization_pending") {
      return OAuthErrorToStatus(polled, what);
    }
    if (absl::Now() >= give_up) {
      ErrorInfo info;
      info.reason = "OAUTH_EXPIRED_TOKEN";
      return MakeError(absl::StatusCode::kDeadlineExceeded,
                       absl::StrCat(what, ": the device code expired"), info);
    }
  }
}

}  // namespace anaplan::core
