#ifndef ANAPLAN_CORE_AUTH_CREDENTIALS_H_
#define ANAPLAN_CORE_AUTH_CREDENTIALS_H_

#include <memory>
#include <string>

namespace anaplan::core {

/// What identifies the service to Anaplan (design.md §5). Opaque to callers:
/// build one with a factory below. Secrets inside are never logged, and
/// never appear in error messages.
class Credentials {
 public:
  virtual ~Credentials() = default;
  /// A description safe to log, e.g. "basic (d***@example.com)".
  virtual std::string Describe() const = 0;
};

/// Email and password, exchanged at POST /token/authenticate (§2.2).
std::shared_ptr<const Credentials> MakeBasicCredentials(std::string user_email,
                                                        std::string password);

/// A token obtained elsewhere, sent as is; a 401 is final (§2.4).
std::shared_ptr<const Credentials> MakeTokenCredentials(std::string token);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_AUTH_CREDENTIALS_H_
