#include "anaplan_core/auth/credentials.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

#include "anaplan_core/auth/credentials_internal.h"

namespace anaplan::core {
namespace internal {

std::string MaskEmail(absl::string_view email) {
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0) return "***";
  return absl::StrCat(email.substr(0, 1), "***", email.substr(at));
}

std::string BasicCredentials::Describe() const {
  return absl::StrCat("basic (", MaskEmail(email_), ")");
}

}  // namespace internal

std::shared_ptr<const Credentials> MakeBasicCredentials(std::string user_email,
                                                        std::string password) {
  return std::make_shared<internal::BasicCredentials>(std::move(user_email),
                                                      std::move(password));
}

std::shared_ptr<const Credentials> MakeTokenCredentials(std::string token) {
  return std::make_shared<internal::TokenCredentials>(std::move(token));
}

}  // namespace anaplan::core
