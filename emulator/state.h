#ifndef ANAPLAN_EMULATOR_STATE_H_
#define ANAPLAN_EMULATOR_STATE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "anaplan_core/common/sync.h"
#include "emulator/alm_store.h"
#include "emulator/audit_log.h"
#include "emulator/cloud_works_state.h"
#include "emulator/model_data.h"
#include "emulator/oauth_state.h"
#include "emulator/scim_store.h"

namespace anaplan::emulator {

/// Knobs tests may change at run time (PUT /__emulator/settings).
struct Settings {
  /// IN_PROGRESS polls before a task completes; 0 = complete on first poll.
  int task_polls_in_progress = 1;
  /// Server-side cap on `limit` for every paged listing.
  int max_page_size = 5000;
  /// Lifetime of issued tokens.
  int token_ttl_seconds = 2100;
  /// Export output is split into server chunks of this many bytes.
  int64_t export_chunk_size = 10 * 1024 * 1024;
  /// Answer 409 when an import/export/process task is started while another
  /// one is still running in the same model (Anaplan locks the model).
  bool model_busy_conflict = false;
  /// Count-only chunk sink (`--sink_mode=count`): chunk PUTs are gunzipped
  /// and hashed but not stored (emulator/sink.h), for benchmarks.
  bool sink_count = false;
  /// CloudWorks run status polls answered "running" before a run executes;
  /// 0 = runs execute when started, < 0 = they run until cancelled.
  int cloudworks_run_polls_in_progress = 0;
};

/// An issued AnaplanAuthToken.
struct Token {
  std::string value;
  std::string token_id;
  std::string refresh_token_id;
  std::string user_email;
  absl::Time expires_at;
  bool revoked = false;
};

/// Why a presented token is (not) usable.
enum class TokenStatus { kValid, kUnknown, kExpired, kRevoked };

/// All mutable emulator state behind one mutex: the tenant loaded from the
/// fixture, issued tokens, settings and id generators. Route handlers lock
/// mu() for the duration of their state access.
class State {
 public:
  /// Parses `fixture_text` and builds the initial state.
  /// \error InvalidArgument when the fixture is malformed.
  static absl::StatusOr<std::unique_ptr<State>> Create(
      const Settings& settings, std::string fixture_text);

  State(const State&) = delete;
  State& operator=(const State&) = delete;

  anaplan::Mutex& mu() ABSL_LOCK_RETURNED(mu_) { return mu_; }

  Tenant& tenant() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return tenant_; }
  Settings& settings() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return settings_; }
  /// Audit events, ALM revisions/tasks and SCIM users (reset with the rest).
  AuditLog& audit_log() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return audit_log_;
  }
  AlmStore& alm() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return alm_; }
  ScimStore& scim() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!scim_.seeded) scim_.SeedFrom(tenant_);
    return scim_;
  }
  /// CloudWorks connections, integrations, runs, flows (cleared by Reset).
  CloudWorksState& cloud_works() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return cloud_works_;
  }

  /// OAuth clients, refresh tokens, device and authorization codes.
  OAuthState& oauth() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return oauth_; }

  /// Issues a new token for `user` valid for settings().token_ttl_seconds.
  const Token& IssueToken(const User& user) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  /// Looks a token up by value; `*status` says whether it may be used.
  /// Returns nullptr for unknown tokens.
  Token* FindToken(const std::string& value, TokenStatus* status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  /// Makes every issued token expire now (they answer 401 from then on).
  void ExpireAllTokens() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  /// A fresh 32-character uppercase hex task id (deterministic sequence).
  std::string NewTaskId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  /// Back to the initial state: reloads the fixture (tasks, files, data)
  /// and forgets every issued token, OAuth refresh token, device and
  /// authorization code and registered OAuth client (the seeded clients
  /// return), audit, ALM, SCIM and CloudWorks state. Settings are kept, and
  /// so is the id sequence: a token value issued before is never reissued.
  /// \error InvalidArgument if the fixture no longer parses (cannot happen
  /// for the text accepted by Create()).
  absl::Status Reset() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  State(const Settings& settings, std::string fixture_text, Tenant tenant);

  /// Next value of a deterministic 64-bit pseudo-random sequence.
  uint64_t NextRandom() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string NewUuid() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  anaplan::Mutex mu_;
  const std::string fixture_text_;
  Tenant tenant_ ABSL_GUARDED_BY(mu_);
  Settings settings_ ABSL_GUARDED_BY(mu_);
  AuditLog audit_log_ ABSL_GUARDED_BY(mu_);
  AlmStore alm_ ABSL_GUARDED_BY(mu_);
  ScimStore scim_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Token> tokens_ ABSL_GUARDED_BY(mu_);
  CloudWorksState cloud_works_ ABSL_GUARDED_BY(mu_);
  OAuthState oauth_ ABSL_GUARDED_BY(mu_) = OAuthState::Seeded();
  uint64_t random_counter_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_STATE_H_
