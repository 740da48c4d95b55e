#ifndef ANAPLAN_CORE_AUTH_CREDENTIALS_INTERNAL_H_
#define ANAPLAN_CORE_AUTH_CREDENTIALS_INTERNAL_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/common/sync.h"

namespace anaplan::core::internal {

class TokenSession;

/// The live TokenSessions of one Credentials object, so that LogoutAll can
/// reach them. Sessions add themselves on construction and leave on
/// destruction. Thread-safe.
class SessionRegistry {
 public:
  void Add(TokenSession* session);
  void Remove(TokenSession* session);
  /// Calls `fn` on every registered session, under the registry lock.
  absl::Status ForEach(const std::function<absl::Status(TokenSession&)>& fn);

 private:
  anaplan::Mutex mu_;
  std::vector<TokenSession*> sessions_ ABSL_GUARDED_BY(mu_);
};

/// "d***@example.com": the first character of the local part, then the
/// domain; "***" when there is no '@'. Safe for logs and error messages.
std::string MaskEmail(absl::string_view email);

/// Email and password for POST /token/authenticate (anaplan-api.md §2.2).
class BasicCredentials : public Credentials {
 public:
  BasicCredentials(std::string email, std::string password)
      : email_(std::move(email)), password_(std::move(password)) {}
  std::string Describe() const override;
  const std::string& email() const { return email_; }
  const std::string& password() const { return password_; }

 private:
  std::string email_;
  std::string password_;
};

/// A token obtained elsewhere (§2.4): sent as is, never refreshed.
class TokenCredentials : public Credentials {
 public:
  explicit TokenCredentials(std::string token) : token_(std::move(token)) {}
  std::string Describe() const override { return "static token"; }
  const std::string& token() const { return token_; }

 private:
  std::string token_;
};

/// No credentials at all (MakeNoCredentials).
class NoCredentials : public Credentials {
 public:
  std::string Describe() const override { return "none"; }
};

/// What POST /token/authenticate takes for certificate auth (§2.3).
struct CertificateRequest {
  /// "CACertificate <base64 of the PEM>".
  std::string authorization;
  /// {"encodedData":..., "encodedSignedData":...[, "encodedDataFormat":"v2"]}
  std::string json_body;
};

/// A certificate and its RSA private key (§2.3), parsed once.
class CertificateCredentials : public Credentials {
 public:
  /// Parses and cross-checks the certificate and key (see
  /// MakeCertificateCredentials).
  static absl::StatusOr<std::shared_ptr<const CertificateCredentials>> Create(
      const CertificateOptions& options);
  ~CertificateCredentials() override;
  std::string Describe() const override { return describe_; }

  /// A freshly signed request; `now` is the v2 timestamp.
  absl::StatusOr<CertificateRequest> Sign(absl::Time now) const;

 private:
  struct Key;
  CertificateCredentials(std::string pem, std::unique_ptr<Key> key,
                         CertificatePayload payload, std::string describe);

  const std::string pem_;
  const std::unique_ptr<Key> key_;
  const CertificatePayload payload_;
  const std::string describe_;
};

/// OAuth client + refresh token (§2.6.2). The refresh token rotates, so it
/// is guarded state; rotated tokens are persisted to refresh_token_file.
class OAuthCredentials : public Credentials {
 public:
  explicit OAuthCredentials(OAuthOptions options);
  std::string Describe() const override;
  const OAuthOptions& options() const { return options_; }

  /// The refresh token to present now.
  std::string refresh_token() const;
  /// Adopts a rotated refresh token (no-op when unchanged) and persists it.
  /// \error INTERNAL when the file cannot be written (the new token is
  ///   kept in memory all the same).
  absl::Status Rotate(const std::string& refresh_token) const;

 private:
  const OAuthOptions options_;
  mutable anaplan::Mutex mu_;
  mutable std::string refresh_token_ ABSL_GUARDED_BY(mu_);
};

/// `value` when it is PEM text, else the content of the file it names.
/// \error INVALID_ARGUMENT naming `field` when the file cannot be read.
absl::StatusOr<std::string> PemOrFile(const std::string& value,
                                      absl::string_view field);

/// Writes `content` to `path` via a temporary file and rename, mode 0600.
absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view content);

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_AUTH_CREDENTIALS_INTERNAL_H_
