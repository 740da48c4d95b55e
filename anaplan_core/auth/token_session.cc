#include "anaplan_core/auth/token_session.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "anaplan_core/auth/credentials_internal.h"
#include "anaplan_core/auth/oauth.h"
#include "anaplan_core/common/observer.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/retry/backoff_policy.h"
#include "anaplan_core/retry/retry_loop.h"
#include "anaplan_core/retry/retry_policy.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/http_status_mapping.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core::internal {
namespace {

// Tokens live 35 minutes (anaplan-api.md §2.1); used when expiresAt is absent.
constexpr absl::Duration kDefaultTokenLife = absl::Minutes(35);
constexpr absl::Duration kWaitSlice = absl::Milliseconds(50);
constexpr int kAuthAttempts = 3;

}  // namespace

TokenSession::TokenSession(std::shared_ptr<const Credentials> credentials,
                           std::shared_ptr<HttpTransport> transport,
                           std::shared_ptr<Sleeper> sleeper,
                           TokenSessionOptions options)
    : credentials_(std::move(credentials)),
      transport_(std::move(transport)),
      sleeper_(std::move(sleeper)),
      options_(std::move(options)) {
  if (credentials_ != nullptr) credentials_->sessions().Add(this);
}

TokenSession::~TokenSession() {
  if (credentials_ != nullptr) credentials_->sessions().Remove(this);
}

bool TokenSession::IsStatic() const {
  return dynamic_cast<const TokenCredentials*>(credentials_.get()) != nullptr;
}

absl::Status TokenSession::Logout(const CallContext& ctx) {
  if (IsStatic()) return absl::OkStatus();
  std::string token;
  {
    anaplan::MutexLock lock(&mu_);
    if (!Usable()) return absl::OkStatus();
    token.swap(token_);
    expires_at_ = absl::InfinitePast();
  }
  HttpRequest request;
  request.method = "POST";
  request.url = absl::StrCat(options_.auth_url, "/token/logout");
  request.timeout = options_.timeout;
  request.headers.emplace_back("Authorization",
                               absl::StrCat("AnaplanAuthToken ", token));
  ANAPLAN_ASSIGN_OR_RETURN(HttpResponse response,
                           transport_->Send(request, ctx));
  if ((response.status >= 200 && response.status < 300) ||
      response.status == 401) {
    return absl::OkStatus();
  }
  return HttpResponseToStatus(response, "POST", request.url);
}

absl::Time TokenSession::Now() const {
  return options_.now ? options_.now() : absl::Now();
}

bool TokenSession::Fresh() const {
  return !token_.empty() && Now() < expires_at_ - options_.refresh_margin;
}

bool TokenSession::Usable() const {
  return !token_.empty() && Now() < expires_at_;
}

int64_t TokenSession::fetch_count() const { return fetch_count_.load(); }

absl::Status TokenSession::WaitForFetch(const CallContext& ctx) {
  const uint64_t generation = generation_;
  while (fetching_ && generation_ == generation) {
    if (ctx.IsCancelled()) return absl::CancelledError("the caller cancelled");
    if (ctx.Expired()) {
      return absl::DeadlineExceededError(
          "the caller's deadline passed while waiting for an Anaplan token");
    }
    fetched_.WaitWithTimeout(&mu_, std::min(kWaitSlice, ctx.Remaining()));
  }
  // Callers that waited for a failed fetch share its error rather than
  // each trying again (8 callers, bad password: one authenticate call).
  if (generation_ != generation && !last_fetch_.ok()) return last_fetch_;
  return absl::OkStatus();
}

absl::StatusOr<std::string> TokenSession::GetToken(const CallContext& ctx) {
  if (const auto* fixed =
          dynamic_cast<const TokenCredentials*>(credentials_.get())) {
    return fixed->token();
  }
  std::string current;
  bool refreshable = false;
  {
    anaplan::MutexLock lock(&mu_);
    while (true) {
      if (Fresh()) return token_;
      if (!fetching_) break;
      if (Usable()) return token_;  // a proactive refresh is under way
      ANAPLAN_RETURN_IF_ERROR(WaitForFetch(ctx));
    }
    fetching_ = true;
    current = token_;
    refreshable = Usable();
  }
  absl::StatusOr<Fetched> fetched = Fetch(current, refreshable, ctx);
  GetObserver().OnTokenFetch(refreshable ? "refresh" : "authenticate",
                             fetched.ok());
  anaplan::MutexLock lock(&mu_);
  fetching_ = false;
  ++generation_;
  last_fetch_ = fetched.status();
  fetched_.SignalAll();
  if (!fetched.ok()) return fetched.status();
  token_ = std::move(fetched->token);
  expires_at_ = fetched->expires_at;
  return token_;
}

bool TokenSession::Invalidate(const std::string& token) {
  if (dynamic_cast<const TokenCredentials*>(credentials_.get()) != nullptr) {
    return false;
  }
  anaplan::MutexLock lock(&mu_);
  if (token_ == token) {
    token_.clear();
    expires_at_ = absl::InfinitePast();
  }
  return true;
}

absl::StatusOr<TokenSession::Fetched> TokenSession::Fetch(
    const std::string& current, bool refreshable, const CallContext& ctx) {
  if (dynamic_cast<const OAuthCredentials*>(credentials_.get()) != nullptr) {
    return FetchOAuth(ctx);
  }
  if (refreshable) {
    // Keeps the same token with a later expiry (§2.1); any failure falls
    // back to a full authentication.
    absl::StatusOr<Fetched> refreshed = Call(
        "/token/refresh", absl::StrCat("AnaplanAuthToken ", current), "", ctx);
    if (refreshed.ok()) return refreshed;
    if (ctx.IsCancelled() || ctx.Expired()) return refreshed.status();
  }
  return Authenticate(ctx);
}

absl::StatusOr<TokenSession::Fetched> TokenSession::Authenticate(
    const CallContext& ctx) {
  if (const auto* basic =
          dynamic_cast<const BasicCredentials*>(credentials_.get())) {
    return Call(
        "/token/authenticate",
        absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(
                                   basic->email(), ":", basic->password()))),
        "", ctx);
  }
  if (const auto* cert =
          dynamic_cast<const CertificateCredentials*>(credentials_.get())) {
    // A fresh payload per authentication: Anaplan refuses reused ones.
    ANAPLAN_ASSIGN_OR_RETURN(CertificateRequest signed_request,
                             cert->Sign(Now()));
    return Call("/token/authenticate", signed_request.authorization,
                signed_request.json_body, ctx);
  }
  if (dynamic_cast<const NoCredentials*>(credentials_.get()) != nullptr) {
    ErrorInfo info;
    info.reason = "ANAPLAN_NO_CREDENTIALS";
    return MakeError(absl::StatusCode::kUnauthenticated,
                     "no Anaplan credentials configured: start the server "
                     "with credentials (docs/auth.md), or send your own in "
                     "the `authorization` metadata",
                     info);
  }
  return absl::FailedPreconditionError(
      absl::StrCat("credentials of kind '", credentials_->Describe(),
                   "' cannot be exchanged for a token"));
}

absl::StatusOr<TokenSession::Fetched> TokenSession::FetchOAuth(
    const CallContext& ctx) {
  const auto* oauth = dynamic_cast<const OAuthCredentials*>(credentials_.get());
  OAuthClient client;
  client.oauth_url = oauth->options().oauth_url;
  client.client_id = oauth->options().client_id;
  client.client_secret = oauth->options().client_secret;
  client.timeout = options_.timeout;
  ++fetch_count_;
  ANAPLAN_ASSIGN_OR_RETURN(
      OAuthTokens tokens,
      RefreshOAuthToken(*transport_, client, oauth->refresh_token(), ctx));
  // Persist before using the access token: the old refresh token is spent.
  absl::Status persisted = oauth->Rotate(tokens.refresh_token);
  if (!persisted.ok()) {
    std::fprintf(stderr, "anaplan: warning: %s\n",
                 std::string(persisted.message()).c_str());
  }
  Fetched fetched;
  fetched.token = std::move(tokens.access_token);
  fetched.expires_at = Now() + tokens.expires_in;
  return fetched;
}

absl::StatusOr<TokenSession::Fetched> TokenSession::Call(
    const std::string& path, const std::string& authorization,
    const std::string& json_body, const CallContext& ctx) {
  HttpRequest request;
  request.method = "POST";
  request.url = absl::StrCat(options_.auth_url, path);
  request.timeout = options_.timeout;
  request.headers.emplace_back("Authorization", authorization);
  if (!json_body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = json_body;
  }

  const RetryPolicy policy(kAuthAttempts);
  const BackoffPolicy backoff(options_.retry);
  RetryLoopParams params;
  params.policy = &policy;
  params.backoff = &backoff;
  params.sleeper = sleeper_.get();
  // Asking for a token twice is harmless: retried like a read.
  params.idempotency = Idempotency::kIdempotent;
  params.operation = absl::StrCat("POST ", path);
  return RetryLoop<Fetched>(params, ctx, [&](int) -> absl::StatusOr<Fetched> {
    ++fetch_count_;
    ANAPLAN_ASSIGN_OR_RETURN(HttpResponse response,
                             transport_->Send(request, ctx));
    // Anaplan answers 201 live and 200 in its docs: read any 2xx.
    if (response.status >= 200 && response.status < 300) {
      return ReadToken(response);
    }
    return Rejected(response, path);
  });
}

absl::StatusOr<TokenSession::Fetched> TokenSession::ReadToken(
    const HttpResponse& response) const {
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document doc, ParseJson(response.body));
  const rapidjson::Value* info = FindObject(doc, "tokenInfo");
  if (info == nullptr) {
    ErrorInfo error;
    error.reason = "ANAPLAN_BAD_RESPONSE";
    return MakeError(absl::StatusCode::kInternal,
                     "Anaplan token reply lacks tokenInfo", error);
  }
  Fetched fetched;
  ANAPLAN_ASSIGN_OR_RETURN(fetched.token,
                           RequiredString(*info, "tokenValue", "tokenInfo"));
  const int64_t expires_ms = OptionalInt(*info, "expiresAt", 0);
  fetched.expires_at = expires_ms > 0 ? absl::FromUnixMillis(expires_ms)
                                      : Now() + kDefaultTokenLife;
  return fetched;
}

absl::Status TokenSession::Rejected(const HttpResponse& response,
                                    const std::string& path) const {
  if (response.status != 401) {
    return HttpResponseToStatus(response, "POST", options_.auth_url + path);
  }
  const auto* basic = dynamic_cast<const BasicCredentials*>(credentials_.get());
  const auto* cert =
      dynamic_cast<const CertificateCredentials*>(credentials_.get());
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_CREDENTIALS";
  info.http_status = 401;
  info.request_id = RequestIdOf(response);
  const std::string who = basic != nullptr  ? MaskEmail(basic->email())
                          : cert != nullptr ? cert->Describe()
                                            : std::string("the token");
  return MakeError(absl::StatusCode::kUnauthenticated,
                   absl::StrCat("Anaplan rejected the credentials for ", who),
                   info);
}

}  // namespace anaplan::core::internal
