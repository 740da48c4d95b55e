#include "service/credentials_profile.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

#include "anaplan_core/auth/credentials_internal.h"
#include "anaplan_core/auth/oauth.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/retry/real_sleeper.h"

namespace anaplan::service {
namespace {

std::string ReadTrimmed(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream content;
  content << in.rdbuf();
  return std::string(absl::StripAsciiWhitespace(content.str()));
}

absl::Status WriteRefreshToken(const std::string& path,
                               const std::string& token) {
  absl::Status written =
      core::internal::WriteFileAtomically(path, absl::StrCat(token, "\n"));
  if (written.ok()) return written;
  return absl::InvalidArgumentError(
      absl::StrCat("--oauth_refresh_token_file: cannot write ", path));
}

/// Obtains a first refresh token (code exchange or device grant).
absl::StatusOr<std::string> Bootstrap(const ServerOptions& o) {
  if (o.oauth_authorization_code.empty() && !o.oauth_device_grant) {
    return absl::InvalidArgumentError(
        absl::StrCat("--oauth_refresh_token_file ", o.oauth_refresh_token_file,
                     " holds no refresh token; fill it, or bootstrap with "
                     "--oauth_device_grant or --oauth_authorization_code"));
  }
  auto transport = core::MakeCurlTransport(o.client.http);
  if (!transport.ok()) return transport.status();
  core::OAuthClient client;
  client.oauth_url = o.oauth_url;
  client.client_id = o.oauth_client_id;
  client.client_secret = o.oauth_client_secret;
  client.timeout = o.client.http.timeout;
  absl::StatusOr<core::OAuthTokens> tokens;
  if (!o.oauth_authorization_code.empty()) {
    tokens = core::ExchangeAuthorizationCode(
        **transport, client, o.oauth_authorization_code, o.oauth_redirect_uri,
        core::CallContext::WithTimeout(absl::Minutes(1)));
  } else {
    auto sleeper = core::DefaultSleeper();
    tokens = core::RunDeviceGrant(
        **transport, *sleeper, client, "openid profile email offline_access",
        [](const core::DeviceAuthorization& device) {
          // The user code is meant for a human; it is no credential.
          const std::string line = absl::StrFormat(
              "anaplan-grpc-server: OAuth device authorization: open %s and "
              "enter the code %s (expires in %d s)\n",
              device.verification_uri, device.user_code,
              absl::ToInt64Seconds(device.expires_in));
          std::fwrite(line.data(), 1, line.size(), stderr);
        },
        core::CallContext::Background());
  }
  if (!tokens.ok()) return tokens.status();
  if (tokens->refresh_token.empty()) {
    return absl::FailedPreconditionError(
        "the OAuth server issued no refresh token (is offline_access "
        "allowed for this client?)");
  }
  absl::Status written =
      WriteRefreshToken(o.oauth_refresh_token_file, tokens->refresh_token);
  if (!written.ok()) return written;
  return tokens->refresh_token;
}

/// What identifies a credential profile, hashed (it covers secrets).
std::string Fingerprint(const ServerOptions& o) {
  return core::SecretHash(absl::StrCat(
      o.certificate_file, "\n", o.private_key_file, "\n",
      o.certificate_payload_version, "\n", o.user_email, "\n", o.password, "\n",
      o.oauth_client_id, "\n", o.oauth_refresh_token_file, "\n", o.token, "\n",
      o.oauth_url, "\n", o.client.endpoints.auth_url));
}

/// The last profile built (SharedServerCredentials). Never destroyed, as
/// globals should be.
struct Memo {
  anaplan::Mutex mu;
  std::string fingerprint ABSL_GUARDED_BY(mu);
  std::weak_ptr<const core::Credentials> credentials ABSL_GUARDED_BY(mu);
};

Memo& TheMemo() {
  static Memo* const memo = new Memo();
  return *memo;
}

absl::StatusOr<std::shared_ptr<const core::Credentials>> Build(
    const ServerOptions& o) {
  if (!o.certificate_file.empty()) {
    core::CertificateOptions cert;
    cert.certificate = o.certificate_file;
    cert.private_key = o.private_key_file;
    cert.private_key_password = o.private_key_password;
    cert.payload = o.certificate_payload_version == "v1"
                       ? core::CertificatePayload::kV1
                       : core::CertificatePayload::kV2;
    auto made = core::MakeCertificateCredentials(cert);
    if (!made.ok()) {
      // Name the flags, not the core's field names.
      return absl::InvalidArgumentError(absl::StrCat(
          "--certificate_file/--private_key_file: ", made.status().message()));
    }
    return made;
  }
  if (!o.user_email.empty() && !o.password.empty()) {
    return core::MakeBasicCredentials(o.user_email, o.password);
  }
  if (!o.oauth_client_id.empty()) {
    std::string refresh = ReadTrimmed(o.oauth_refresh_token_file);
    if (refresh.empty()) {
      auto bootstrapped = Bootstrap(o);
      if (!bootstrapped.ok()) return bootstrapped.status();
      refresh = *std::move(bootstrapped);
    }
    core::OAuthOptions oauth;
    oauth.oauth_url = o.oauth_url;
    oauth.client_id = o.oauth_client_id;
    oauth.client_secret = o.oauth_client_secret;
    oauth.refresh_token = std::move(refresh);
    oauth.refresh_token_file = o.oauth_refresh_token_file;
    return core::MakeOAuthCredentials(std::move(oauth));
  }
  if (!o.token.empty()) return core::MakeTokenCredentials(o.token);
  return std::shared_ptr<const core::Credentials>();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const core::Credentials>> BuildServerCredentials(
    const ServerOptions& o) {
  absl::StatusOr<std::shared_ptr<const core::Credentials>> built = Build(o);
  if (built.ok() && *built != nullptr) {
    Memo& memo = TheMemo();
    anaplan::MutexLock lock(&memo.mu);
    memo.fingerprint = Fingerprint(o);
    memo.credentials = *built;
  }
  return built;
}

std::shared_ptr<const core::Credentials> SharedServerCredentials(
    const ServerOptions& options) {
  const std::string fingerprint = Fingerprint(options);
  Memo& memo = TheMemo();
  anaplan::MutexLock lock(&memo.mu);
  return fingerprint == memo.fingerprint ? memo.credentials.lock() : nullptr;
}

}  // namespace anaplan::service
