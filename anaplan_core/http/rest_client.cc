#include "anaplan_core/http/rest_client.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/auth/per_call_sessions.h"
#include "anaplan_core/auth/token_session.h"
#include "anaplan_core/common/observer.h"
#include "anaplan_core/http/rest_client_internal.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/retry/backoff_policy.h"
#include "anaplan_core/retry/real_sleeper.h"
#include "anaplan_core/retry/retry_budget.h"
#include "anaplan_core/retry/retry_loop.h"
#include "anaplan_core/retry/retry_policy.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/http_status_mapping.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

bool IsSuccess(int status) { return status >= 200 && status <= 299; }

void SetAuthorization(HttpHeaders& headers, const std::string& token) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [](const auto& h) {
                                 return absl::EqualsIgnoreCase(h.first,
                                                               "authorization");
                               }),
                headers.end());
  headers.emplace_back("Authorization",
                       absl::StrCat("AnaplanAuthToken ", token));
}

// Distinct callers' credentials kept at once; beyond it the least recently
// used caller re-authenticates on its next call, which bounds memory
// against many callers.
constexpr size_t kMaxPerCallSessions = 1024;

class RestClientImpl : public RestClient {
 public:
  RestClientImpl(const ClientOptions& options,
                 std::shared_ptr<HttpTransport> transport,
                 std::shared_ptr<const Credentials> credentials,
                 std::shared_ptr<Sleeper> sleeper,
                 internal::RestClientHooks hooks)
      : options_(options),
        transport_(std::move(transport)),
        sleeper_(sleeper ? std::move(sleeper) : DefaultSleeper()),
        policy_(options.retry.max_attempts),
        backoff_(options.retry, hooks.uniform),
        budget_(hooks.retry_budget_capacity, hooks.retry_budget_refill),
        session_(std::move(credentials), transport_, sleeper_,
                 SessionOptions(options, hooks)),
        hooks_(std::move(hooks)) {}

  absl::StatusOr<HttpResponse> Execute(HttpRequest request,
                                       Idempotency idempotency,
                                       const CallContext& ctx) override;
  absl::StatusOr<rapidjson::Document> GetJson(const std::string& url,
                                              const CallContext& ctx) override;
  absl::StatusOr<rapidjson::Document> SendJson(absl::string_view method,
                                               const std::string& url,
                                               std::string json_body,
                                               Idempotency idempotency,
                                               const CallContext& ctx) override;
  absl::Status GetPaged(
      const std::string& url, const char* key,
      const std::function<absl::Status(const rapidjson::Value&)>& on_item,
      const CallContext& ctx) override;
  absl::Status VerifyCredentials(const CallContext& ctx) override {
    return session_.GetToken(ctx).status();
  }
  absl::StatusOr<int> Logout(const CallContext& ctx) override;
  const ClientOptions& options() const override { return options_; }

 private:
  static internal::TokenSessionOptions SessionOptions(
      const ClientOptions& options, const internal::RestClientHooks& hooks) {
    internal::TokenSessionOptions session;
    session.auth_url = options.endpoints.auth_url;
    session.refresh_margin = options.token_refresh_margin;
    session.timeout = options.http.timeout;
    session.retry = options.retry;
    session.now = hooks.now;
    return session;
  }

  absl::StatusOr<HttpResponse> Attempt(HttpRequest& request, bool& reauthed,
                                       const CallContext& ctx);
  /// The session of ctx's per-call credentials (cached by their key), or
  /// the client's own.
  /// Shared so that an eviction never frees a session in use.
  std::shared_ptr<internal::TokenSession> SessionFor(const CallContext& ctx);

  const ClientOptions options_;
  const std::shared_ptr<HttpTransport> transport_;
  const std::shared_ptr<Sleeper> sleeper_;
  const RetryPolicy policy_;
  const BackoffPolicy backoff_;
  RetryBudget budget_;
  internal::TokenSession session_;
  const internal::RestClientHooks hooks_;
  internal::PerCallSessions per_call_{kMaxPerCallSessions};
};

std::shared_ptr<internal::TokenSession> RestClientImpl::SessionFor(
    const CallContext& ctx) {
  if (ctx.credentials == nullptr) {
    // Non-owning: session_ lives as long as the client.
    return std::shared_ptr<internal::TokenSession>(
        std::shared_ptr<internal::TokenSession>(), &session_);
  }
  internal::PerCallSessions::Acquired got =
      per_call_.Acquire(ctx.credentials_key, [&] {
        return std::make_shared<internal::TokenSession>(
            ctx.credentials, transport_, sleeper_,
            SessionOptions(options_, hooks_));
      });
  if (got.evicted != nullptr && !got.evicted->IsStatic() &&
      !got.evicted->CurrentToken().empty()) {
    // Best effort, on the new caller's time (one call per eviction): a
    // token whose logout fails still expires on its own.
    got.evicted->Logout(ctx).IgnoreError();
  }
  return got.session;
}

// One attempt: send with the current token; on a 401, drop that token,
// fetch a new one and resend once (at most once per operation, design §4).
absl::StatusOr<HttpResponse> RestClientImpl::Attempt(HttpRequest& request,
                                                     bool& reauthed,
                                                     const CallContext& ctx) {
  const std::shared_ptr<internal::TokenSession> session = SessionFor(ctx);
  ANAPLAN_ASSIGN_OR_RETURN(std::string token, session->GetToken(ctx));
  SetAuthorization(request.headers, token);
  ANAPLAN_ASSIGN_OR_RETURN(HttpResponse response,
                           transport_->Send(request, ctx));
  if (response.status == 401 && !reauthed && session->Invalidate(token)) {
    reauthed = true;
    GetObserver().OnRetry(request.method, "reauth");
    ANAPLAN_ASSIGN_OR_RETURN(token, session->GetToken(ctx));
    SetAuthorization(request.headers, token);
    ANAPLAN_ASSIGN_OR_RETURN(response, transport_->Send(request, ctx));
  }
  if (!IsSuccess(response.status)) {
    return HttpResponseToStatus(response, request.method, request.url);
  }
  if (request.decode_body) {
    // Inside the retry loop: a body that fails to decode is read again.
    if (absl::Status decoded = request.decode_body(response); !decoded.ok()) {
      return Annotate(decoded, absl::StrCat(request.method, " ",
                                            PathForMessage(request.url)));
    }
  }
  return response;
}

absl::StatusOr<HttpResponse> RestClientImpl::Execute(HttpRequest request,
                                                     Idempotency idempotency,
                                                     const CallContext& ctx) {
  if (!absl::StartsWithIgnoreCase(request.url, "http://") &&
      !absl::StartsWithIgnoreCase(request.url, "https://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("RestClient needs an absolute URL, got '",
                     PathForMessage(request.url), "'"));
  }
  if (ctx.IsCancelled()) return absl::CancelledError("the caller cancelled");
  if (ctx.Expired()) {
    return absl::DeadlineExceededError("the caller's deadline passed");
  }
  request.method = absl::AsciiStrToUpper(request.method);
  if (idempotency == Idempotency::kNonIdempotent) {
    request.fresh_connection = true;
  }
  // A request left at the struct's default timeout gets the configured one.
  if (request.timeout == HttpRequest().timeout) {
    request.timeout = options_.http.timeout;
  }
  RetryLoopParams params;
  params.policy = &policy_;
  params.backoff = &backoff_;
  params.budget = &budget_;
  params.sleeper = sleeper_.get();
  params.idempotency = idempotency;
  params.operation =
      absl::StrCat(request.method, " ", PathForMessage(request.url));
  bool reauthed = false;
  return RetryLoop<HttpResponse>(
      params, ctx, [&](int) { return Attempt(request, reauthed, ctx); });
}

absl::StatusOr<int> RestClientImpl::Logout(const CallContext& ctx) {
  const std::vector<std::shared_ptr<internal::TokenSession>> callers =
      per_call_.Snapshot();
  int logged_out = 0;
  absl::Status first_error;
  // The session knows which tokens are ours to end (not a static token).
  auto end = [&](internal::TokenSession& session) {
    if (session.IsStatic() || session.CurrentToken().empty()) return;
    absl::Status status = session.Logout(ctx);
    if (status.ok()) {
      ++logged_out;
    } else if (first_error.ok()) {
      first_error = std::move(status);
    }
  };
  end(session_);
  for (const auto& session : callers) end(*session);
  if (!first_error.ok()) return first_error;
  return logged_out;
}

absl::StatusOr<rapidjson::Document> RestClientImpl::GetJson(
    const std::string& url, const CallContext& ctx) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  ANAPLAN_ASSIGN_OR_RETURN(
      HttpResponse response,
      Execute(std::move(request), Idempotency::kIdempotent, ctx));
  return ParseJson(response.body);
}

absl::StatusOr<rapidjson::Document> RestClientImpl::SendJson(
    absl::string_view method, const std::string& url, std::string json_body,
    Idempotency idempotency, const CallContext& ctx) {
  HttpRequest request;
  request.method = std::string(method);
  request.url = url;
  if (!json_body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
  }
  request.body = std::move(json_body);
  ANAPLAN_ASSIGN_OR_RETURN(HttpResponse response,
                           Execute(std::move(request), idempotency, ctx));
  if (absl::StripAsciiWhitespace(response.body).empty()) {
    rapidjson::Document empty;
    empty.SetObject();
    return empty;
  }
  return ParseJson(response.body);
}

absl::Status RestClientImpl::GetPaged(
    const std::string& url, const char* key,
    const std::function<absl::Status(const rapidjson::Value&)>& on_item,
    const CallContext& ctx) {
  return internal::PageThrough(
      [&](const std::string& page_url) { return GetJson(page_url, ctx); }, url,
      key, options_.page_size, on_item);
}

}  // namespace

namespace internal {

std::shared_ptr<RestClient> MakeRestClientWithHooks(
    const ClientOptions& options, std::shared_ptr<HttpTransport> transport,
    std::shared_ptr<const Credentials> credentials,
    std::shared_ptr<Sleeper> sleeper, RestClientHooks hooks) {
  return std::make_shared<RestClientImpl>(options, std::move(transport),
                                          std::move(credentials),
                                          std::move(sleeper), std::move(hooks));
}

}  // namespace internal

std::shared_ptr<RestClient> MakeRestClient(
    const ClientOptions& options, std::shared_ptr<HttpTransport> transport,
    std::shared_ptr<const Credentials> credentials,
    std::shared_ptr<Sleeper> sleeper) {
  return internal::MakeRestClientWithHooks(
      options, std::move(transport), std::move(credentials), std::move(sleeper),
      internal::RestClientHooks());
}

}  // namespace anaplan::core
