// The OAuth 2.0 authorization server (anaplan-api.md §2.6, oauth spec):
// GET /auth/authorize, POST /oauth/device/code and POST /oauth/token with
// the authorization-code, refresh-token (rotating or not) and device-code
// grants, with Auth0-style errors {"error","error_description"}. Access
// tokens are ordinary emulator tokens, accepted by /2/0 and /token/*.
// Test controls live under /__emulator/oauth (see emulator/README.md).

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/sync.h"
#include "emulator/http_util.h"
#include "emulator/json_util.h"
#include "emulator/oauth_state.h"
#include "emulator/oauth_util.h"
#include "emulator/routes.h"

namespace anaplan::emulator {
namespace {

constexpr char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";

void SendTokens(ServerContext& ctx, Call& call, const User& user,
                const std::string& refresh_token)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx.state.mu()) {
  const Token& token = ctx.state.IssueToken(user);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "access_token", token.value);
  FieldStr(w, "id_token",
           absl::StrCat("eyJhbGciOiJSUzI1NiJ9.", token.token_id));
  if (!refresh_token.empty()) FieldStr(w, "refresh_token", refresh_token);
  FieldStr(w, "scope", "openid email offline_access");
  FieldInt(w, "expires_in", ctx.state.settings().token_ttl_seconds);
  FieldStr(w, "token_type", "Bearer");
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

std::string NewRefreshToken(OAuthState& oauth, const std::string& client_id,
                            const std::string& email) {
  std::string value = RandomToken(32);
  oauth.refresh_tokens[value] = RefreshRecord{client_id, email, false};
  return value;
}

class OAuthRoutes {
 public:
  explicit OAuthRoutes(ServerContext& ctx) : ctx_(ctx) {}

 public:
  /// The client of `client_id` when it exists and `secret` matches
  /// (device clients have none); answers the error itself otherwise.
  const OAuthClientRecord* Client(Call& call, const std::string& client_id,
                                  const std::string& secret,
                                  bool require_secret)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx_.state.mu()) {
    if (client_id.empty()) {
      SendOAuthError(call, 400, "invalid_request", "Missing client_id");
      return nullptr;
    }
    auto it = oauth().clients.find(client_id);
    if (it == oauth().clients.end()) {
      SendOAuthError(call, 401, "unauthorized_client", "Unknown client");
      return nullptr;
    }
    const bool needs = require_secret && !it->second.device;
    if (needs && secret != it->second.secret) {
      SendOAuthError(call, 401, "unauthorized_client",
                     "Client authentication failed");
      return nullptr;
    }
    return &it->second;
  }

  void Authorize(Call& call) {
    const std::string client_id = call.req.get_param_value("client_id");
    const std::string redirect = call.req.get_param_value("redirect_uri");
    if (call.req.get_param_value("response_type") != "code" ||
        redirect.empty()) {
      return SendOAuthError(call, 400, "invalid_request",
                            "response_type=code and redirect_uri are required");
    }
    anaplan::MutexLock lock(&ctx_.state.mu());
    const OAuthClientRecord* client = Client(call, client_id, "", false);
    if (client == nullptr) return;
    // No login page: the user named by login_hint (default: the first
    // fixture user) approves at once.
    std::string email = call.req.get_param_value("login_hint");
    const auto& users = ctx_.state.tenant().users;
    if (email.empty() && !users.empty()) email = users.front().email;
    if (ctx_.state.tenant().FindUserByEmail(email) == nullptr) {
      return SendOAuthError(call, 400, "invalid_request", "Unknown user");
    }
    const std::string code = RandomToken(24);
    oauth().codes[code] = CodeRecord{client_id, redirect, email, false};
    std::string location = absl::StrCat(
        redirect, redirect.find('?') == std::string::npos ? "?" : "&",
        "code=", code);
    const std::string state = call.req.get_param_value("state");
    if (!state.empty()) absl::StrAppend(&location, "&state=", state);
    call.res.status = 302;
    call.res.set_header("Location", location);
  }

  void DeviceCode(Call& call) {
    Fields fields(call.req);
    anaplan::MutexLock lock(&ctx_.state.mu());
    const std::string client_id = fields.Get("client_id");
    const OAuthClientRecord* client = Client(call, client_id, "", false);
    if (client == nullptr) return;
    if (!client->device) {
      return SendOAuthError(call, 403, "unauthorized_client",
                            "The client is not a device grant client");
    }
    DeviceRecord record;
    record.client_id = client_id;
    record.user_code = UserCode();
    record.expires_at =
        absl::Now() + absl::Seconds(client->device_expires_seconds);
    record.interval_seconds = client->interval_seconds;
    const std::string device_code = RandomToken(24);
    const std::string verify =
        absl::StrCat(BaseUrl(call.req, call.tls), "/activate");
    JsonOut out;
    JsonWriter& w = out.w();
    w.StartObject();
    FieldStr(w, "device_code", device_code);
    FieldStr(w, "user_code", record.user_code);
    FieldStr(w, "verification_uri", verify);
    FieldStr(w, "verification_uri_complete",
             absl::StrCat(verify, "?user_code=", record.user_code));
    FieldInt(w, "expires_in", client->device_expires_seconds);
    FieldInt(w, "interval", client->interval_seconds);
    w.EndObject();
    oauth().device_codes[device_code] = std::move(record);
    SendJson(call.res, 200, out.str());
  }

  void IssueToken(Call& call) {
    Fields f(call.req);
    const std::string grant = f.Get("grant_type");
    anaplan::MutexLock lock(&ctx_.state.mu());
    if (grant == "refresh_token") return RefreshGrant(call, f);
    if (grant == "authorization_code") return CodeGrant(call, f);
    if (grant == kDeviceGrant) return DeviceGrant(call, f);
    SendOAuthError(
        call, 400, "invalid_request",
        grant.empty() ? "Missing grant_type" : "Unsupported grant_type");
  }

  const User* ActiveUser(const std::string& email)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx_.state.mu()) {
    const User* user = ctx_.state.tenant().FindUserByEmail(email);
    return user != nullptr && user->active ? user : nullptr;
  }

  void RefreshGrant(Call& call, const Fields& f)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx_.state.mu()) {
    const std::string client_id = f.Get("client_id");
    const OAuthClientRecord* client =
        Client(call, client_id, f.Get("client_secret"), true);
    if (client == nullptr) return;
    ++oauth().refresh_grants;
    auto it = oauth().refresh_tokens.find(f.Get("refresh_token"));
    if (it == oauth().refresh_tokens.end() || it->second.revoked ||
        it->second.client_id != client_id) {
      return SendOAuthError(call, 403, "invalid_grant",
                            "Unknown or invalid refresh token.");
    }
    const User* user = ActiveUser(it->second.user_email);
    if (user == nullptr) {
      return SendOAuthError(call, 403, "invalid_grant", "User is blocked");
    }
    std::string rotated;
    if (client->rotating) {
      it->second.revoked = true;  // Spent: reuse is invalid_grant.
      rotated = NewRefreshToken(oauth(), client_id, user->email);
    }
    SendTokens(ctx_, call, *user, rotated);
  }

  void CodeGrant(Call& call, const Fields& f)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx_.state.mu()) {
    const std::string client_id = f.Get("client_id");
    if (Client(call, client_id, f.Get("client_secret"), true) == nullptr) {
      return;
    }
    auto it = oauth().codes.find(f.Get("code"));
    if (it == oauth().codes.end() || it->second.used ||
        it->second.client_id != client_id ||
        it->second.redirect_uri != f.Get("redirect_uri")) {
      return SendOAuthError(call, 403, "invalid_grant",
                            "Invalid authorization code");
    }
    it->second.used = true;
    const User* user = ActiveUser(it->second.user_email);
    if (user == nullptr) {
      return SendOAuthError(call, 403, "invalid_grant", "User is blocked");
    }
    SendTokens(ctx_, call, *user,
               NewRefreshToken(oauth(), client_id, user->email));
  }

  void DeviceGrant(Call& call, const Fields& f)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx_.state.mu()) {
    const std::string client_id = f.Get("client_id");
    if (Client(call, client_id, "", false) == nullptr) return;
    auto it = oauth().device_codes.find(f.Get("device_code"));
    if (it == oauth().device_codes.end() || it->second.client_id != client_id ||
        it->second.state == DeviceRecord::State::kUsed) {
      return SendOAuthError(call, 403, "invalid_grant", "Invalid device code");
    }
    DeviceRecord& device = it->second;
    const absl::Time now = absl::Now();
    if (now >= device.expires_at) {
      return SendOAuthError(call, 403, "expired_token",
                            "The device code expired");
    }
    if (device.state == DeviceRecord::State::kDenied) {
      return SendOAuthError(call, 403, "access_denied",
                            "The user denied the request");
    }
    if (device.state == DeviceRecord::State::kPending) {
      // Polling faster than the interval (with 100 ms of slack for timer
      // jitter) earns slow_down, as RFC 8628 §3.5 says.
      const bool too_fast =
          now - device.last_poll <
          absl::Seconds(device.interval_seconds) - absl::Milliseconds(100);
      device.last_poll = now;
      if (too_fast) {
        return SendOAuthError(call, 400, "slow_down", "Polling too fast");
      }
      return SendOAuthError(call, 400, "authorization_pending",
                            "User has yet to authorize device code.");
    }
    const User* user = ActiveUser(device.user_email);
    if (user == nullptr) {
      return SendOAuthError(call, 403, "access_denied", "User is blocked");
    }
    device.state = DeviceRecord::State::kUsed;
    SendTokens(ctx_, call, *user,
               NewRefreshToken(oauth(), client_id, user->email));
  }

  // POST /__emulator/oauth/clients {"client_id","client_secret","rotating",
  // "device","interval","expires_in"}
  void PutClient(Call& call) {
    rapidjson::Document doc;
    if (!ParseJson(call.req.body, doc).ok() || !doc.IsObject() ||
        JsonString(doc, "client_id", "").empty()) {
      return SendAuthError(call.res, 400, "BAD_REQUEST", "client_id needed");
    }
    OAuthClientRecord record;
    record.secret = JsonString(doc, "client_secret", "");
    record.rotating = JsonBool(doc, "rotating", true);
    record.device = JsonBool(doc, "device", false);
    record.interval_seconds = static_cast<int>(JsonInt(doc, "interval", 1));
    record.device_expires_seconds =
        static_cast<int>(JsonInt(doc, "expires_in", 60));
    anaplan::MutexLock lock(&ctx_.state.mu());
    oauth().clients[JsonString(doc, "client_id", "")] = record;
    call.res.status = 204;
  }

  // POST /__emulator/oauth/refresh_tokens {"client_id","user_email"}: what
  // an operator would get from a browser login, without the browser.
  void MintRefreshToken(Call& call) {
    rapidjson::Document doc;
    if (!ParseJson(call.req.body, doc).ok() || !doc.IsObject()) {
      return SendAuthError(call.res, 400, "BAD_REQUEST", "JSON body needed");
    }
    const std::string client_id = JsonString(doc, "client_id", "");
    const std::string email = JsonString(doc, "user_email", "demo@example.com");
    anaplan::MutexLock lock(&ctx_.state.mu());
    if (oauth().clients.count(client_id) == 0 || ActiveUser(email) == nullptr) {
      return SendAuthError(call.res, 404, "NOT_FOUND", "client or user");
    }
    JsonOut out;
    out.w().StartObject();
    FieldStr(out.w(), "refresh_token",
             NewRefreshToken(oauth(), client_id, email));
    out.w().EndObject();
    SendJson(call.res, 200, out.str());
  }

  // POST /__emulator/oauth/revoke {"refresh_token"} or {"client_id"} (all
  // of that client's).
  void Revoke(Call& call) {
    rapidjson::Document doc;
    if (!ParseJson(call.req.body, doc).ok() || !doc.IsObject()) {
      return SendAuthError(call.res, 400, "BAD_REQUEST", "JSON body needed");
    }
    const std::string token = JsonString(doc, "refresh_token", "");
    const std::string client_id = JsonString(doc, "client_id", "");
    anaplan::MutexLock lock(&ctx_.state.mu());
    int revoked = 0;
    for (auto& [value, record] : oauth().refresh_tokens) {
      if ((!token.empty() && value == token) ||
          (!client_id.empty() && record.client_id == client_id)) {
        record.revoked = true;
        ++revoked;
      }
    }
    JsonOut out;
    out.w().StartObject();
    FieldInt(out.w(), "revoked", revoked);
    out.w().EndObject();
    SendJson(call.res, 200, out.str());
  }

  // POST /__emulator/oauth/device/approve|deny {"user_code","user_email"}
  void DecideDevice(Call& call) {
    rapidjson::Document doc;
    if (!ParseJson(call.req.body, doc).ok() || !doc.IsObject()) {
      return SendAuthError(call.res, 400, "BAD_REQUEST", "JSON body needed");
    }
    const std::string user_code = JsonString(doc, "user_code", "");
    const bool approve = call.params.at(0) == "approve";
    anaplan::MutexLock lock(&ctx_.state.mu());
    for (auto& [code, device] : oauth().device_codes) {
      if (device.user_code != user_code) continue;
      if (device.state != DeviceRecord::State::kPending) break;
      device.state = approve ? DeviceRecord::State::kApproved
                             : DeviceRecord::State::kDenied;
      device.user_email = JsonString(doc, "user_email", "demo@example.com");
      call.res.status = 204;
      return;
    }
    SendAuthError(call.res, 404, "NOT_FOUND", "no pending device code");
  }

  void Stats(Call& call) {
    anaplan::MutexLock lock(&ctx_.state.mu());
    JsonOut out;
    out.w().StartObject();
    FieldInt(out.w(), "refresh_grants", oauth().refresh_grants);
    FieldInt(out.w(), "device_codes",
             static_cast<int64_t>(oauth().device_codes.size()));
    out.w().EndObject();
    SendJson(call.res, 200, out.str());
  }

  // Helpers above are public only so the registration below can bind
  // handlers; nothing else sees this class.
 private:
  /// The authorization server's state, kept in State (reset with it).
  OAuthState& oauth() ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx_.state.mu()) {
    return ctx_.state.oauth();
  }

  ServerContext& ctx_;
};

}  // namespace

void RegisterOAuthRoutes(Router& router, ServerContext& ctx) {
  // Owned by the handlers, so it lives exactly as long as the router.
  auto routes = std::make_shared<OAuthRoutes>(ctx);
  auto bind = [routes](void (OAuthRoutes::*handler)(Call&)) {
    return [routes, handler](Call& call) { ((*routes).*handler)(call); };
  };
  router.Add("GET", "/auth/authorize", RouteAuth::kNone,
             bind(&OAuthRoutes::Authorize));
  router.Add("POST", "/oauth/device/code", RouteAuth::kNone,
             bind(&OAuthRoutes::DeviceCode));
  router.Add("POST", "/oauth/token", RouteAuth::kNone,
             bind(&OAuthRoutes::IssueToken));
  const std::string base = "/__emulator/oauth";
  router.Add("POST", base + "/clients", RouteAuth::kNone,
             bind(&OAuthRoutes::PutClient));
  router.Add("POST", base + "/refresh_tokens", RouteAuth::kNone,
             bind(&OAuthRoutes::MintRefreshToken));
  router.Add("POST", base + "/revoke", RouteAuth::kNone,
             bind(&OAuthRoutes::Revoke));
  router.Add("POST", base + "/device/(approve|deny)", RouteAuth::kNone,
             bind(&OAuthRoutes::DecideDevice));
  router.Add("GET", base + "/stats", RouteAuth::kNone,
             bind(&OAuthRoutes::Stats));
}

}  // namespace anaplan::emulator
