#include "anaplan_core/auth/token_session.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "anaplan_core/auth/credentials_internal.h"
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
      options_(std::move(options)) {}

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
  const auto* basic = dynamic_cast<const BasicCredentials*>(credentials_.get());
  if (basic == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("credentials of kind '", credentials_->Describe(),
                     "' cannot be exchanged for a token"));
  }
  if (refreshable) {
    // Keeps the same token with a later expiry (§2.1); any failure falls
    // back to a full authentication.
    absl::StatusOr<Fetched> refreshed =
        Call("/token/refresh", absl::StrCat("AnaplanAuthToken ", current), ctx);
    if (refreshed.ok()) return refreshed;
    if (ctx.IsCancelled() || ctx.Expired()) return refreshed.status();
  }
  return Call(
      "/token/authenticate",
      absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(
                                 basic->email(), ":", basic->password()))),
      ctx);
}

absl::StatusOr<TokenSession::Fetched> TokenSession::Call(
    const std::string& path, const std::string& authorization,
    const CallContext& ctx) {
  HttpRequest request;
  request.method = "POST";
  request.url = absl::StrCat(options_.auth_url, path);
  request.timeout = options_.timeout;
  request.headers.emplace_back("Authorization", authorization);

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
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_CREDENTIALS";
  info.http_status = 401;
  info.request_id = RequestIdOf(response);
  const std::string who =
      basic != nullptr ? MaskEmail(basic->email()) : std::string("the token");
  return MakeError(absl::StatusCode::kUnauthenticated,
                   absl::StrCat("Anaplan rejected the credentials for ", who),
                   info);
}

}  // namespace anaplan::core::internal
