#ifndef ANAPLAN_SERVICE_CREDENTIALS_PER_CALL_H_
#define ANAPLAN_SERVICE_CREDENTIALS_PER_CALL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/common/call_context.h"

namespace anaplan::service {

/// A caller's own Anaplan credentials, parsed from `authorization`
/// metadata (design.md §5).
struct CallCredentials {
  /// Null when the metadata carries none for Anaplan (absent, or a
  /// `Bearer` key meant for the gateway itself).
  std::shared_ptr<const core::Credentials> credentials;
  /// SecretHash of the scheme and secret: the only form kept as a key.
  std::string key;
};

/// Parses one `authorization` value: `AnaplanAuthToken <token>` (used as
/// is) or `Basic <base64 of email:password>` (exchanged once per distinct
/// value, then cached under its hash); `Bearer ...` and "" yield none.
/// \error UNAUTHENTICATED for another scheme or a malformed value; the
///   message never echoes the value.
absl::StatusOr<CallCredentials> ParseCallCredentials(absl::string_view value);

/// Sets ctx.credentials/credentials_key from the call's `authorization`
/// metadata; they win over the server's profile. A malformed value is
/// reported by CheckCallCredentials, so here it is ignored.
void ApplyCallCredentials(const grpc::ServerContextBase& context,
                          core::CallContext& ctx);

/// The status of the call's `authorization` metadata: OK when absent or
/// well-formed, else UNAUTHENTICATED (see ParseCallCredentials).
absl::Status CheckCallCredentials(const grpc::ServerContextBase& context);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_CREDENTIALS_PER_CALL_H_
