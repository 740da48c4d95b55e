#ifndef ANAPLAN_SERVICE_CREDENTIALS_PROFILE_H_
#define ANAPLAN_SERVICE_CREDENTIALS_PROFILE_H_

#include <memory>

#include "absl/status/statusor.h"

#include "anaplan_core/auth/credentials.h"
#include "service/server_options.h"

namespace anaplan::service {

/// The server's credential profile (design.md §5), in anaplan-sdk's order:
/// certificate, then basic, then OAuth, then a static token; nullptr when
/// none is configured. For OAuth with an empty or missing refresh token
/// file, first bootstraps one (authorization-code exchange, or the device
/// grant with its prompt on stderr) and writes it to the file.
/// \error INVALID_ARGUMENT naming the flag for unreadable or mismatched
///   certificate/key files or a missing refresh token; the OAuth server's
///   error (UNAUTHENTICATED, PERMISSION_DENIED for a denied device grant,
///   DEADLINE_EXCEEDED for an expired device code) when bootstrapping fails.
absl::StatusOr<std::shared_ptr<const core::Credentials>> BuildServerCredentials(
    const ServerOptions& options);

/// The credentials BuildServerCredentials last built for options with the
/// same credential settings, while something still holds them; else null.
/// Every API family must share that one object: one token session, one
/// logout, and above all one rotating OAuth refresh token (two holders
/// would spend each other's token).
std::shared_ptr<const core::Credentials> SharedServerCredentials(
    const ServerOptions& options);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_CREDENTIALS_PROFILE_H_
