#include "anaplan_core/auth/credentials.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include <openssl/sha.h>

#include "anaplan_core/auth/credentials_internal.h"
#include "anaplan_core/auth/token_session.h"
#include "anaplan_core/status/error_info.h"

#include <sys/stat.h>

namespace anaplan::core {
namespace internal {

void SessionRegistry::Add(TokenSession* session) {
  anaplan::MutexLock lock(&mu_);
  sessions_.push_back(session);
}

void SessionRegistry::Remove(TokenSession* session) {
  anaplan::MutexLock lock(&mu_);
  sessions_.erase(std::remove(sessions_.begin(), sessions_.end(), session),
                  sessions_.end());
}

absl::Status SessionRegistry::ForEach(
    const std::function<absl::Status(TokenSession&)>& fn) {
  anaplan::MutexLock lock(&mu_);
  absl::Status first;
  for (TokenSession* session : sessions_) {
    absl::Status status = fn(*session);
    if (first.ok()) first = status;
  }
  return first;
}

std::string MaskEmail(absl::string_view email) {
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0) return "***";
  return absl::StrCat(email.substr(0, 1), "***", email.substr(at));
}

std::string BasicCredentials::Describe() const {
  return absl::StrCat("basic (", MaskEmail(email_), ")");
}

OAuthCredentials::OAuthCredentials(OAuthOptions options)
    : options_(std::move(options)), refresh_token_(options_.refresh_token) {}

std::string OAuthCredentials::Describe() const {
  return absl::StrCat("oauth (client ", options_.client_id, ")");
}

std::string OAuthCredentials::refresh_token() const {
  anaplan::MutexLock lock(&mu_);
  return refresh_token_;
}

absl::Status OAuthCredentials::Rotate(const std::string& refresh_token) const {
  {
    anaplan::MutexLock lock(&mu_);
    if (refresh_token.empty() || refresh_token == refresh_token_) {
      return absl::OkStatus();
    }
    refresh_token_ = refresh_token;
  }
  if (options_.refresh_token_file.empty()) return absl::OkStatus();
  return WriteFileAtomically(options_.refresh_token_file,
                             absl::StrCat(refresh_token, "\n"));
}

absl::StatusOr<std::string> PemOrFile(const std::string& value,
                                      absl::string_view field) {
  if (value.empty()) {
    return InvalidField(field, absl::StrCat(field, " is required"));
  }
  if (absl::StrContains(value, "-----BEGIN ")) return value;
  std::ifstream in(value, std::ios::binary);
  if (!in) {
    return InvalidField(
        field, absl::StrCat("cannot read the ", field, " file ", value));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view content) {
  const std::string tmp = absl::StrCat(path, ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot write ", tmp));
  const ssize_t written = ::write(fd, content.data(), content.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(content.size()) || !synced ||
      std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace internal

Credentials::Credentials()
    : sessions_(std::make_unique<internal::SessionRegistry>()) {}

Credentials::~Credentials() = default;

std::shared_ptr<const Credentials> MakeBasicCredentials(std::string user_email,
                                                        std::string password) {
  return std::make_shared<internal::BasicCredentials>(std::move(user_email),
                                                      std::move(password));
}

std::shared_ptr<const Credentials> MakeTokenCredentials(std::string token) {
  return std::make_shared<internal::TokenCredentials>(std::move(token));
}

std::shared_ptr<const Credentials> MakeNoCredentials() {
  return std::make_shared<internal::NoCredentials>();
}

absl::StatusOr<std::shared_ptr<const Credentials>> MakeCertificateCredentials(
    const CertificateOptions& options) {
  auto made = internal::CertificateCredentials::Create(options);
  if (!made.ok()) return made.status();
  return std::shared_ptr<const Credentials>(*std::move(made));
}

absl::StatusOr<std::shared_ptr<const Credentials>> MakeOAuthCredentials(
    OAuthOptions options) {
  if (options.oauth_url.empty()) {
    return InvalidField("oauth_url", "oauth_url is required");
  }
  if (options.client_id.empty()) {
    return InvalidField("client_id", "client_id is required");
  }
  if (options.refresh_token.empty()) {
    return InvalidField("refresh_token", "refresh_token is required");
  }
  return std::shared_ptr<const Credentials>(
      std::make_shared<internal::OAuthCredentials>(std::move(options)));
}

absl::Status LogoutAll(const Credentials& credentials, const CallContext& ctx) {
  return credentials.sessions().ForEach(
      [&ctx](internal::TokenSession& session) { return session.Logout(ctx); });
}

std::string SecretHash(absl::string_view secret) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace anaplan::core
