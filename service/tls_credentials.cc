#include "service/tls_credentials.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace anaplan::service {
namespace {

absl::Status CheckPem(const std::string& path, absl::string_view flag,
                      absl::string_view marker) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": cannot read ", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (!absl::StrContains(content.str(), marker)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": ", path, " holds no PEM ", marker));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerOptions& o) {
  if (o.tls_cert_file.empty()) {
    if (o.caller_auth_file.empty()) return grpc::InsecureServerCredentials();
    // Plaintext with caller authentication: gRPC runs an
    // AuthMetadataProcessor only under secure credentials, and "local"
    // ones are those that carry no TLS (ValidateServerOptions keeps such a
    // server on loopback, so keys never cross a network in clear).
    return grpc::experimental::LocalServerCredentials(
        absl::StartsWith(o.listen, "unix") ? UDS : LOCAL_TCP);
  }
  absl::Status status =
      CheckPem(o.tls_cert_file, "tls_cert_file", "-----BEGIN CERTIFICATE-----");
  if (status.ok())
    status = CheckPem(o.tls_key_file, "tls_key_file", "KEY-----");
  if (status.ok() && !o.tls_client_ca_file.empty()) {
    status = CheckPem(o.tls_client_ca_file, "tls_client_ca_file",
                      "-----BEGIN CERTIFICATE-----");
  }
  if (!status.ok()) return status;
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          o.tls_key_file, o.tls_cert_file, o.tls_client_ca_file,
          static_cast<unsigned int>(o.tls_reload_seconds));
  grpc::experimental::TlsServerCredentialsOptions tls(provider);
  tls.watch_identity_key_cert_pairs();
  if (!o.tls_client_ca_file.empty()) {
    tls.watch_root_certs();
    tls.set_cert_request_type(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    tls.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(tls);
}

}  // namespace anaplan::service
