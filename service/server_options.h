#ifndef ANAPLAN_SERVICE_SERVER_OPTIONS_H_
#define ANAPLAN_SERVICE_SERVER_OPTIONS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/common/client_options.h"
#include "service/bulk_service.h"
#include "service/concurrency_limiter.h"

namespace anaplan::service {

/// Smallest non-zero ServerOptions::max_threads: the sync server's pollers
/// need a few threads of the quota before any RPC can run.
inline constexpr int kMinServerThreads = 4;

/// Everything anaplan-grpc-server is configured with. Built from flags and
/// ANAPLAN_GRPC_* variables by ParseServerFlags(), or directly by tests.
struct ServerOptions {
  /// host:port to listen on; port 0 picks a free port.
  std::string listen = "127.0.0.1:50051";
  /// When set, the bound port is written here (atomically) once listening.
  std::string port_file;

  /// The Anaplan client: endpoints, retries, timeouts, paging, transfers.
  core::ClientOptions client;
  /// Base URLs of later API families; accepted and stored for now.
  std::string audit_url = "https://audit.anaplan.com/audit/api/1";
  std::string cloudworks_url = "https://api.cloudworks.anaplan.com/2/0";
  std::string scim_url = "https://api.anaplan.com/scim/1/0/v2";
  std::string oauth_url = "https://us1a.app.anaplan.com";

  /// Server credential profile (secrets already read from their files).
  /// Basic when user_email and password are set, else token when set, else
  /// none: the server starts and every Anaplan call is UNAUTHENTICATED.
  std::string user_email;
  std::string password;
  std::string token;
  /// Certificate auth (docs/auth.md): PEM files of the certificate and its
  /// RSA key, the key's password (already read), and the payload format.
  std::string certificate_file;
  std::string private_key_file;
  std::string private_key_password;
  /// "v2" (default) or "v1".
  std::string certificate_payload_version = "v2";
  /// OAuth refresh-token grant: client id, secret (already read; empty for
  /// device-grant clients) and the refresh token file, which holds the
  /// current refresh token and receives rotated ones.
  std::string oauth_client_id;
  std::string oauth_client_secret;
  std::string oauth_refresh_token_file;
  /// Bootstrap when the refresh token file is missing or empty: run the
  /// device-authorization grant (prompt on stderr) ...
  bool oauth_device_grant = false;
  /// ... or exchange this authorization code for `oauth_redirect_uri`.
  std::string oauth_authorization_code;
  std::string oauth_redirect_uri;

  /// TLS on the gRPC port: PEM certificate chain and key; with a client CA
  /// bundle, clients must present a certificate it signed (mTLS). Files
  /// are watched and reloaded when they change (service/tls_credentials.h).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  /// Seconds between checks of the TLS files for changes.
  int tls_reload_seconds = 10;
  /// Caller authentication and allow-list (service/caller_auth.h).
  std::string caller_auth_file;

  /// Servicer settings (server ceiling of unary RPCs without a deadline).
  BulkServiceOptions bulk;
  /// Register the gRPC server reflection service.
  bool reflection = true;
  /// Largest request message accepted (bigger: RESOURCE_EXHAUSTED).
  int max_receive_message_bytes = 4 << 20;
  /// HTTP/2 streams per connection (GRPC_ARG_MAX_CONCURRENT_STREAMS).
  int max_concurrent_streams = 100;
  /// Admission limits: RPCs in flight per caller and chunked transfers in
  /// flight overall (RESOURCE_EXHAUSTED + RetryInfo beyond); 0 disables.
  ConcurrencyLimits limits;
  /// Who a call counts against for limits.max_calls_per_caller; null means
  /// the peer's IP address (PeerIpCallerKey). Later issues plug in the
  /// authenticated identity here.
  CallerKeyFn caller_key;
  /// Threads the sync server may use, one per RPC in flight plus pollers
  /// (grpc::ResourceQuota::SetMaxThreads); beyond it gRPC answers
  /// RESOURCE_EXHAUSTED "Server Threadpool Exhausted". 0: unbounded.
  int max_threads = 64;
  /// Connections are closed (GOAWAY) after this age so clients re-resolve
  /// and spread over replicas (GRPC_ARG_MAX_CONNECTION_AGE_MS); zero: never.
  absl::Duration max_connection_age = absl::Minutes(30);
  /// How long RPCs in flight on an aged connection may still run
  /// (GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS): at least the longest upload.
  absl::Duration max_connection_age_grace = absl::Hours(1);
  /// Allow a non-loopback listen address while holding credentials, with
  /// no caller authentication. Off by default (design.md §5).
  bool allow_insecure_non_loopback = false;
  /// How long a graceful shutdown waits for RPCs in flight.
  absl::Duration shutdown_grace = absl::Seconds(10);
  /// host:port of the Prometheus /metrics endpoint; empty disables it.
  std::string metrics_listen;
  /// Log lines: "text" or "json"; minimum level: debug|info|warning|error.
  std::string log_format = "text";
  std::string log_level = "info";

  /// True when credentials are configured.
  bool HasCredentials() const {
    return !password.empty() || !token.empty() || !certificate_file.empty() ||
           !oauth_client_id.empty();
  }
};

/// Checks ranges and consistency: INVALID_ARGUMENT naming the flag, or
/// FAILED_PRECONDITION for a non-loopback listen address while holding
/// credentials without caller authentication (caller_auth_file) or
/// allow_insecure_non_loopback.
absl::Status ValidateServerOptions(const ServerOptions& options);

/// The credentials `options` describe: the object the server built
/// (SharedServerCredentials) when there is one — use it, so that every API
/// family shares one token session — else new basic or token credentials;
/// nullptr when none are configured.
std::shared_ptr<const core::Credentials> MakeCredentials(
    const ServerOptions& options);

/// True for addresses only this machine can reach: localhost, 127.0.0.0/8,
/// [::1] and unix: sockets.
bool IsLoopbackAddress(absl::string_view listen);

/// The environment variable of a flag: ANAPLAN_GRPC_ + upper-case name.
std::string EnvironmentVariableFor(absl::string_view flag_name);

/// Parses argv (absl flags; --help and --version exit), then, for every
/// server flag NOT given on the command line, applies its ANAPLAN_GRPC_*
/// variable when set. Precedence: command line > environment > default.
/// Reads --password_file/--token_file. Fails with INVALID_ARGUMENT on a
/// bad value (secret values are never echoed) or a stray argument.
absl::StatusOr<ServerOptions> ParseServerFlags(int argc, char** argv);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_SERVER_OPTIONS_H_
