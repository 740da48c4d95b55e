#ifndef ANAPLAN_CORE_AUTH_TOKEN_SESSION_H_
#define ANAPLAN_CORE_AUTH_TOKEN_SESSION_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/client_options.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/http/http_types.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core::internal {

/// Settings of a TokenSession.
struct TokenSessionOptions {
  /// Token service base, e.g. "https://auth.anaplan.com".
  std::string auth_url;
  /// Refresh this long before expiresAt.
  absl::Duration refresh_margin = absl::Minutes(5);
  /// Timeout of one auth HTTP call.
  absl::Duration timeout = absl::Seconds(30);
  /// Attempts of one auth call (transient failures only) and their backoff.
  RetryOptions retry;
  /// The clock that judges expiry; empty means absl::Now.
  std::function<absl::Time()> now;
};

/// The Anaplan token of one set of credentials (anaplan-api.md §2):
/// fetched lazily with POST {auth_url}/token/authenticate, cached with its
/// expiresAt, refreshed `refresh_margin` before expiry with POST
/// /token/refresh (falling back to authenticate when that fails), and
/// dropped by Invalidate() after a 401. Static token credentials never
/// fetch anything.
///
/// Single-flight: one fetch at a time; concurrent callers needing a token
/// wait for it (and share its error). While a proactive refresh runs, other
/// callers keep using the still-valid token. Thread-safe.
///
/// Certificate credentials sign a fresh payload at each authentication;
/// OAuth credentials use the refresh-token grant at {oauth_url}/oauth/token
/// (never /token/refresh) and persist rotated refresh tokens.
class TokenSession {
 public:
  TokenSession(std::shared_ptr<const Credentials> credentials,
               std::shared_ptr<HttpTransport> transport,
               std::shared_ptr<Sleeper> sleeper, TokenSessionOptions options);
  ~TokenSession();
  TokenSession(const TokenSession&) = delete;
  TokenSession& operator=(const TokenSession&) = delete;

  /// The token to send as `AnaplanAuthToken <token>`.
  /// \error UNAUTHENTICATED (reason ANAPLAN_BAD_CREDENTIALS) when Anaplan
  ///   rejects the credentials; UNAVAILABLE / DEADLINE_EXCEEDED / other
  ///   mapped HTTP errors when the token service fails after retries;
  ///   CANCELLED or DEADLINE_EXCEEDED from ctx while fetching or waiting;
  ///   INTERNAL (ANAPLAN_BAD_RESPONSE) for an unreadable reply;
  ///   FAILED_PRECONDITION for credential kinds this session cannot use.
  absl::StatusOr<std::string> GetToken(const CallContext& ctx);

  /// Reports that Anaplan answered 401 to a request sent with `token`. The
  /// cached token is dropped if it still is `token`, so the next GetToken
  /// re-authenticates once however many callers report it. Returns false
  /// when these credentials cannot obtain a new token (static token): the
  /// 401 is then final.
  bool Invalidate(const std::string& token);

  /// The cached token while it is still valid, else "" (never fetches).
  std::string CurrentToken() const {
    anaplan::MutexLock lock(&mu_);
    return Usable() ? token_ : std::string();
  }

  /// Whether the session holds a static token (never fetched nor ended here).
  bool IsStatic() const;

  /// Ends the session: POST /token/logout with the cached token, if any,
  /// and forgets it (the next GetToken authenticates again). Static tokens
  /// are not logged out: they belong to whoever issued them.
  /// \error what the token service answered, mapped (a 401 — token already
  ///   gone — counts as success).
  absl::Status Logout(const CallContext& ctx);

  /// Number of token service calls made (authenticate + refresh), for tests
  /// and metrics.
  int64_t fetch_count() const;

 private:
  struct Fetched {
    std::string token;
    absl::Time expires_at;
  };
  absl::Time Now() const;
  bool Fresh() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool Usable() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status WaitForFetch(const CallContext& ctx)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<Fetched> Fetch(const std::string& current, bool refreshable,
                                const CallContext& ctx);
  absl::StatusOr<Fetched> Authenticate(const CallContext& ctx);
  absl::StatusOr<Fetched> FetchOAuth(const CallContext& ctx);
  absl::StatusOr<Fetched> Call(const std::string& path,
                               const std::string& authorization,
                               const std::string& json_body,
                               const CallContext& ctx);
  absl::StatusOr<Fetched> ReadToken(const HttpResponse& response) const;
  absl::Status Rejected(const HttpResponse& response,
                        const std::string& path) const;

  const std::shared_ptr<const Credentials> credentials_;
  const std::shared_ptr<HttpTransport> transport_;
  const std::shared_ptr<Sleeper> sleeper_;
  const TokenSessionOptions options_;

  mutable anaplan::Mutex mu_;
  anaplan::CondVar fetched_;
  std::string token_ ABSL_GUARDED_BY(mu_);
  absl::Time expires_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool fetching_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status last_fetch_ ABSL_GUARDED_BY(mu_);
  std::atomic<int64_t> fetch_count_{0};
};

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_AUTH_TOKEN_SESSION_H_
