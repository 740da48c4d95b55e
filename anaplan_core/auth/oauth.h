#ifndef ANAPLAN_CORE_AUTH_OAUTH_H_
#define ANAPLAN_CORE_AUTH_OAUTH_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/http_types.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core {

/// What POST /oauth/token returns (anaplan-api.md §2.6.1).
struct OAuthTokens {
  std::string access_token;
  /// Empty when the server did not issue one (non-rotating refresh).
  std::string refresh_token;
  /// Lifetime of access_token (Anaplan: 2100 s).
  absl::Duration expires_in = absl::Seconds(2100);
};

/// One OAuth client at one authorization server.
struct OAuthClient {
  std::string oauth_url = "https://us1a.app.anaplan.com";
  std::string client_id;
  /// Empty for device-grant clients.
  std::string client_secret;
  absl::Duration timeout = absl::Seconds(30);
};

/// grant_type=refresh_token. One attempt only: a rotating refresh token is
/// spent by the server even when its answer is lost, so a blind retry could
/// only fail. \error UNAUTHENTICATED (reason OAUTH_INVALID_GRANT, ...) when
///   the server rejects the token or client; see OAuthErrorToStatus.
absl::StatusOr<OAuthTokens> RefreshOAuthToken(HttpTransport& transport,
                                              const OAuthClient& client,
                                              const std::string& refresh_token,
                                              const CallContext& ctx);

/// grant_type=authorization_code: trades the `code` a browser brought back
/// to `redirect_uri` for tokens (the operator's bootstrap of a refresh
/// token).
absl::StatusOr<OAuthTokens> ExchangeAuthorizationCode(
    HttpTransport& transport, const OAuthClient& client,
    const std::string& code, const std::string& redirect_uri,
    const CallContext& ctx);

/// What POST /oauth/device/code returns.
struct DeviceAuthorization {
  std::string device_code;
  std::string user_code;
  std::string verification_uri;
  std::string verification_uri_complete;
  absl::Duration expires_in;
  absl::Duration interval = absl::Seconds(5);
};

/// Device-authorization grant (RFC 8628, §2.6.3): requests a device code,
/// hands it to `prompt` (show the user code and URI to a human), then polls
/// /oauth/token every `interval` — longer by 5 s after each slow_down —
/// until approval, denial or expiry. `sleeper` waits between polls.
/// \error PERMISSION_DENIED (reason OAUTH_ACCESS_DENIED) when the user
///   denies; DEADLINE_EXCEEDED (reason OAUTH_EXPIRED_TOKEN) when the code
///   expires; other OAuth errors as OAuthErrorToStatus maps them.
absl::StatusOr<OAuthTokens> RunDeviceGrant(
    HttpTransport& transport, Sleeper& sleeper, const OAuthClient& client,
    const std::string& scope,
    const std::function<void(const DeviceAuthorization&)>& prompt,
    const CallContext& ctx);

/// Maps an OAuth error response ({"error","error_description"}) to a
/// status with reason OAUTH_<ERROR>: invalid_grant, unauthorized_client,
/// invalid_client and a 401 are UNAUTHENTICATED; access_denied
/// PERMISSION_DENIED; expired_token DEADLINE_EXCEEDED; invalid_request
/// INVALID_ARGUMENT; 5xx UNAVAILABLE. Secrets are never part of the text.
absl::Status OAuthErrorToStatus(const HttpResponse& response,
                                const std::string& what);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_AUTH_OAUTH_H_
