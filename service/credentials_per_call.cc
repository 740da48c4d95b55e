#include "service/credentials_per_call.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace anaplan::service {
namespace {

constexpr char kAuthorization[] = "authorization";

absl::Status Malformed(absl::string_view why) {
  return absl::UnauthenticatedError(
      absl::StrCat("malformed `authorization` metadata: ", why,
                   " (expected `AnaplanAuthToken <token>` or `Basic "
                   "<base64 of email:password>`)"));
}

/// The first `authorization` value of the call; "" when there is none.
std::string AuthorizationOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kAuthorization);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

absl::StatusOr<CallCredentials> ParseCallCredentials(absl::string_view value) {
  CallCredentials out;
  value = absl::StripAsciiWhitespace(value);
  if (value.empty()) return out;
  const size_t space = value.find(' ');
  const absl::string_view scheme = value.substr(0, space);
  const absl::string_view secret =
      space == absl::string_view::npos
          ? absl::string_view()
          : absl::StripAsciiWhitespace(value.substr(space + 1));
  if (absl::EqualsIgnoreCase(scheme, "Bearer")) return out;  // the gateway's
  if (secret.empty()) return Malformed("no credentials after the scheme");
  if (absl::EqualsIgnoreCase(scheme, "AnaplanAuthToken")) {
    out.key = core::SecretHash(absl::StrCat("token\n", secret));
    out.credentials = core::MakeTokenCredentials(std::string(secret));
    return out;
  }
  if (absl::EqualsIgnoreCase(scheme, "Basic")) {
    std::string decoded;
    if (!absl::Base64Unescape(secret, &decoded)) {
      return Malformed("Basic credentials are not base64");
    }
    const size_t colon = decoded.find(':');
    if (colon == std::string::npos || colon == 0 ||
        colon + 1 == decoded.size()) {
      return Malformed("Basic credentials are not email:password");
    }
    out.key = core::SecretHash(absl::StrCat("basic\n", decoded));
    out.credentials = core::MakeBasicCredentials(decoded.substr(0, colon),
                                                 decoded.substr(colon + 1));
    return out;
  }
  return Malformed("unknown scheme");
}

void ApplyCallCredentials(const grpc::ServerContextBase& context,
                          core::CallContext& ctx) {
  absl::StatusOr<CallCredentials> parsed =
      ParseCallCredentials(AuthorizationOf(context));
  if (!parsed.ok() || parsed->credentials == nullptr) return;
  ctx.credentials = std::move(parsed->credentials);
  ctx.credentials_key = std::move(parsed->key);
}

absl::Status CheckCallCredentials(const grpc::ServerContextBase& context) {
  return ParseCallCredentials(AuthorizationOf(context)).status();
}

}  // namespace anaplan::service
