#ifndef ANAPLAN_CORE_AUTH_CREDENTIALS_INTERNAL_H_
#define ANAPLAN_CORE_AUTH_CREDENTIALS_INTERNAL_H_

#include <string>
#include <utility>

#include "absl/strings/string_view.h"

#include "anaplan_core/auth/credentials.h"

namespace anaplan::core::internal {

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

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_AUTH_CREDENTIALS_INTERNAL_H_
