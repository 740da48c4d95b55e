#ifndef ANAPLAN_EMULATOR_OAUTH_STATE_H_
#define ANAPLAN_EMULATOR_OAUTH_STATE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/time/time.h"

namespace anaplan::emulator {

/// A registered OAuth client (seeded or added by /__emulator/oauth/clients).
struct OAuthClientRecord {
  std::string secret;  ///< Empty for device-grant clients.
  bool rotating = true;
  bool device = false;
  int interval_seconds = 1;
  int device_expires_seconds = 60;
};

/// An issued refresh token.
struct RefreshRecord {
  std::string client_id;
  std::string user_email;
  bool revoked = false;
};

/// A device-authorization request (RFC 8628).
struct DeviceRecord {
  enum class State { kPending, kApproved, kDenied, kUsed };
  std::string client_id;
  std::string user_code;
  std::string user_email;
  State state = State::kPending;
  absl::Time expires_at;
  absl::Time last_poll = absl::InfinitePast();
  int interval_seconds = 1;
};

/// An authorization code (one use).
struct CodeRecord {
  std::string client_id;
  std::string redirect_uri;
  std::string user_email;
  bool used = false;
};

/// Everything the authorization server remembers. Lives in State, behind
/// its mutex, so that /__emulator/reset forgets issued tokens and codes.
struct OAuthState {
  std::map<std::string, OAuthClientRecord> clients;
  std::map<std::string, RefreshRecord> refresh_tokens;
  std::map<std::string, DeviceRecord> device_codes;
  std::map<std::string, CodeRecord> codes;
  int64_t refresh_grants = 0;

  /// The initial state: only the seeded clients (emulator/README.md).
  static OAuthState Seeded();
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_OAUTH_STATE_H_
