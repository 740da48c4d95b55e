#ifndef ANAPLAN_CORE_AUTH_CREDENTIALS_H_
#define ANAPLAN_CORE_AUTH_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace anaplan::core {

struct CallContext;

namespace internal {
class SessionRegistry;
}  // namespace internal

/// What identifies the service to Anaplan (design.md §5). Opaque to callers:
/// build one with a factory below. Secrets inside are never logged, and
/// never appear in error messages.
class Credentials {
 public:
  Credentials();
  virtual ~Credentials();
  /// A description safe to log, e.g. "basic (d***@example.com)".
  virtual std::string Describe() const = 0;

  /// The token sessions using these credentials (for LogoutAll).
  internal::SessionRegistry& sessions() const { return *sessions_; }

 private:
  std::unique_ptr<internal::SessionRegistry> sessions_;
};

/// Email and password, exchanged at POST /token/authenticate (§2.2).
std::shared_ptr<const Credentials> MakeBasicCredentials(std::string user_email,
                                                        std::string password);

/// A token obtained elsewhere, sent as is; a 401 is final (§2.4).
std::shared_ptr<const Credentials> MakeTokenCredentials(std::string token);

/// No credentials: every operation must bring its own (CallContext::
/// credentials, e.g. a gRPC caller's); without them UNAUTHENTICATED.
std::shared_ptr<const Credentials> MakeNoCredentials();

/// The payload format of certificate authentication (anaplan-api.md §2.3).
enum class CertificatePayload {
  /// 150 random bytes (what anaplan-sdk sends).
  kV1,
  /// `encodedDataFormat: "v2"`: an 8-byte big-endian Unix-seconds prefix
  /// then random bytes, 158 in all; Anaplan's default from 2026.
  kV2,
};

/// Certificate ("CA certificate") authentication settings.
struct CertificateOptions {
  /// PEM text of the certificate, or the path of a file holding it.
  std::string certificate;
  /// PEM text of the RSA private key (PKCS#1 or PKCS#8), or a path.
  std::string private_key;
  /// Password of an encrypted private key; empty when not encrypted.
  std::string private_key_password;
  CertificatePayload payload = CertificatePayload::kV2;
};

/// Certificate credentials: every authentication signs a fresh payload with
/// the private key (RSASSA-PKCS1-v1_5, SHA-512).
/// \error INVALID_ARGUMENT naming `certificate` or `private_key` when either
///   cannot be read or parsed (wrong password included), or when the key
///   is not RSA or does not match the certificate.
absl::StatusOr<std::shared_ptr<const Credentials>> MakeCertificateCredentials(
    const CertificateOptions& options);

/// OAuth 2.0 refresh-token grant settings (anaplan-api.md §2.6.2).
struct OAuthOptions {
  /// Authorization server, e.g. "https://us1a.app.anaplan.com".
  std::string oauth_url = "https://us1a.app.anaplan.com";
  std::string client_id;
  /// Empty for device-grant clients.
  std::string client_secret;
  /// The refresh token to start from.
  std::string refresh_token;
  /// When set, a rotated refresh token is written here (atomically, mode
  /// 0600) as soon as Anaplan issues it, so a restart keeps working.
  std::string refresh_token_file;
};

/// OAuth credentials: access tokens come from POST {oauth_url}/oauth/token
/// with grant_type=refresh_token; a rotated refresh token replaces the old
/// one (and is persisted). \error INVALID_ARGUMENT naming a missing field.
absl::StatusOr<std::shared_ptr<const Credentials>> MakeOAuthCredentials(
    OAuthOptions options);

/// Ends every Anaplan token session of `credentials` (POST /token/logout
/// with each cached token); static tokens are left alone. Best effort: the
/// first failure is returned after trying all.
absl::Status LogoutAll(const Credentials& credentials, const CallContext& ctx);

/// Hex SHA-256 of `secret`: how secrets are keyed in caches and files, so
/// that none is kept in clear.
std::string SecretHash(absl::string_view secret);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_AUTH_CREDENTIALS_H_
