#ifndef ANAPLAN_SERVICE_TLS_CREDENTIALS_H_
#define ANAPLAN_SERVICE_TLS_CREDENTIALS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

#include "service/server_options.h"

namespace anaplan::service {

/// Credentials of the gRPC port: insecure without --tls_cert_file (local
/// credentials when --caller_auth_file needs an AuthMetadataProcessor);
/// TLS whose certificate/key (and client CA, for mTLS) are watched by
/// grpc::experimental::FileWatcherCertificateProvider and reloaded every
/// tls_reload_seconds, so rotated Kubernetes secrets apply without a
/// restart. With a client CA, clients must present a certificate it signed.
/// \error INVALID_ARGUMENT naming the flag when a file is missing or not
///   PEM at startup (the watcher would otherwise fail every handshake).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerOptions& options);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_TLS_CREDENTIALS_H_
