// The token service (anaplan-api.md §2.1, §11.2): basic authentication,
// refresh (same token, later expiry), validate and logout. Tokens are only
// accepted as `AnaplanAuthToken`; `Bearer` is refused here as Anaplan does
// (400 on validate/refresh, 401 on logout). CACertificate authentication
// verifies the signature against the presented certificate (cert_auth.h).

#include "absl/strings/escaping.h"

#include "anaplan_core/common/sync.h"
#include "emulator/cert_auth.h"
#include "emulator/http_util.h"
#include "emulator/json_util.h"
#include "emulator/routes.h"

namespace anaplan::emulator {
namespace {

constexpr char kBadHeader[] = "FAILURE_BAD_HEADER";
constexpr char kBadCredential[] = "FAILURE_BAD_CREDENTIAL";
// Anaplan answers this fixed URL whatever the regional host (the spec's enum).
constexpr char kValidationUrl[] = "https://auth.anaplan.com/token/validate";

void WriteTokenInfo(JsonWriter& w, const Token& token, bool with_value) {
  w.Key("tokenInfo");
  w.StartObject();
  FieldInt(w, "expiresAt", UnixMillis(token.expires_at));
  FieldStr(w, "tokenId", token.token_id);
  if (with_value) {
    FieldStr(w, "tokenValue", token.value);
    FieldStr(w, "refreshTokenId", token.refresh_token_id);
  }
  w.EndObject();
}

void SendTokenResponse(Call& call, int status, const Token& token,
                       const char* message) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("meta");
  w.StartObject();
  FieldStr(w, "validationUrl", kValidationUrl);
  w.EndObject();
  FieldStr(w, "status", "SUCCESS");
  FieldStr(w, "statusMessage", message);
  WriteTokenInfo(w, token, true);
  w.EndObject();
  SendJson(call.res, status, out.str());
}

void Authenticate(ServerContext& ctx, Call& call) {
  const std::string scheme = AuthorizationScheme(call.req);
  if (scheme == "CACertificate") {
    const CertificateVerdict verdict =
        VerifyCertificateAuth(AuthorizationCredentials(call.req), call.req.body,
                              absl::Now(), kCertificateWindow);
    if (verdict.http_status != 0) {
      return SendAuthError(call.res, verdict.http_status, verdict.failure,
                           verdict.message);
    }
    anaplan::MutexLock lock(&ctx.state.mu());
    const User* user = ctx.state.tenant().FindUserByEmail(verdict.email);
    if (user == nullptr || !user->active) {
      return SendAuthError(call.res, 401, kBadCredential,
                           "The certificate names no active user");
    }
    return SendTokenResponse(call, 201, ctx.state.IssueToken(*user),
                             "Login successful");
  }
  std::string decoded;
  if (scheme != "Basic" ||
      !absl::Base64Unescape(AuthorizationCredentials(call.req), &decoded) ||
      decoded.find(':') == std::string::npos) {
    return SendAuthError(call.res, 400, kBadHeader,
                         "Malformed Authorization header");
  }
  const std::string email = decoded.substr(0, decoded.find(':'));
  const std::string password = decoded.substr(decoded.find(':') + 1);
  anaplan::MutexLock lock(&ctx.state.mu());
  const User* user = ctx.state.tenant().FindUserByEmail(email);
  if (user == nullptr || user->password != password || !user->active) {
    RecordEvent(ctx.state.audit_log(), "USR-9", user != nullptr ? user->id : "",
                "", "USER", "Login failed for " + email, false);
    return SendAuthError(call.res, 401, kBadCredential,
                         "Invalid username and/or password");
  }
  RecordEvent(ctx.state.audit_log(), "USR-8", user->id, user->id, "USER",
              "User logged in", true);
  SendTokenResponse(call, 201, ctx.state.IssueToken(*user), "Login successful");
}

// Resolves the AnaplanAuthToken of a /token/* call, answering the error
// itself (`bearer_status` for a Bearer header) when there is none.
Token* TokenOf(ServerContext& ctx, Call& call, int bearer_status)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(ctx.state.mu()) {
  const std::string scheme = AuthorizationScheme(call.req);
  if (scheme != "AnaplanAuthToken") {
    int status = scheme == "Bearer" ? bearer_status : 400;
    SendAuthError(call.res, status, kBadHeader,
                  "Expected an AnaplanAuthToken Authorization header");
    return nullptr;
  }
  TokenStatus status;
  Token* token =
      ctx.state.FindToken(AuthorizationCredentials(call.req), &status);
  if (token == nullptr || status != TokenStatus::kValid) {
    SendAuthError(call.res, 401, kBadCredential,
                  "Token is invalid, expired or logged out");
    return nullptr;
  }
  return token;
}

void Refresh(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  Token* token = TokenOf(ctx, call, 400);
  if (token == nullptr) return;
  token->expires_at =
      absl::Now() + absl::Seconds(ctx.state.settings().token_ttl_seconds);
  SendTokenResponse(call, 200, *token, "Token refreshed");
}

void Validate(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  Token* token = TokenOf(ctx, call, 400);
  if (token == nullptr) return;
  const Tenant& tenant = ctx.state.tenant();
  const User* user = tenant.FindUserByEmail(token->user_email);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("meta");
  w.StartObject();
  FieldStr(w, "validationUrl", kValidationUrl);
  w.EndObject();
  FieldStr(w, "status", "SUCCESS");
  FieldStr(w, "statusMessage", "Token validated");
  WriteTokenInfo(w, *token, false);
  w.Key("userInfo");
  w.StartObject();
  FieldStr(w, "userGuid", user != nullptr ? user->id : "");
  FieldStr(w, "userId", token->user_email);
  FieldStr(w, "customerGuid", tenant.customer_guid);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void Logout(ServerContext& ctx, Call& call) {
  anaplan::MutexLock lock(&ctx.state.mu());
  Token* token = TokenOf(ctx, call, 401);
  if (token == nullptr) return;
  token->revoked = true;
  call.res.status = 204;
}

}  // namespace

void RegisterAuthRoutes(Router& router, ServerContext& ctx) {
  router.Add("POST", "/token/authenticate", RouteAuth::kNone,
             [&ctx](Call& call) { Authenticate(ctx, call); });
  router.Add("POST", "/token/refresh", RouteAuth::kNone,
             [&ctx](Call& call) { Refresh(ctx, call); });
  router.Add("GET", "/token/validate", RouteAuth::kNone,
             [&ctx](Call& call) { Validate(ctx, call); });
  router.Add("POST", "/token/logout", RouteAuth::kNone,
             [&ctx](Call& call) { Logout(ctx, call); });
}

}  // namespace anaplan::emulator
