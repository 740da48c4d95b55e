#include "service/server_options.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

#include "service/credentials_profile.h"
#include "service/logging.h"
#include "service/request_validation.h"

// Defaults mirror anaplan-sdk and ServerOptions/ClientOptions.
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve gRPC on; port 0 picks a free port");
ABSL_FLAG(std::string, port_file, "",
          "write the bound port to this file once listening");
ABSL_FLAG(std::string, auth_url, "https://auth.anaplan.com",
          "Anaplan authentication service base URL");
ABSL_FLAG(std::string, api_url, "https://api.anaplan.com/2/0",
          "Anaplan Integration API v2 base URL");
ABSL_FLAG(std::string, audit_url, "https://audit.anaplan.com/audit/api/1",
          "Anaplan Audit API base URL");
ABSL_FLAG(std::string, cloudworks_url, "https://api.cloudworks.anaplan.com/2/0",
          "Anaplan CloudWorks API base URL");
ABSL_FLAG(std::string, scim_url, "https://api.anaplan.com/scim/1/0/v2",
          "Anaplan SCIM API base URL");
ABSL_FLAG(std::string, oauth_url, "https://us1a.app.anaplan.com",
          "Anaplan OAuth base URL");
ABSL_FLAG(std::string, user_email, "", "Anaplan user for basic auth");
ABSL_FLAG(std::string, password, "",
          "Anaplan password (prefer --password_file or the environment)");
ABSL_FLAG(std::string, password_file, "", "file holding the Anaplan password");
ABSL_FLAG(std::string, token, "",
          "Anaplan auth token (prefer --token_file or the environment)");
ABSL_FLAG(std::string, token_file, "", "file holding an Anaplan auth token");
ABSL_FLAG(std::string, certificate_file, "",
          "PEM certificate for Anaplan certificate authentication");
ABSL_FLAG(std::string, private_key_file, "",
          "PEM RSA private key of --certificate_file");
ABSL_FLAG(std::string, private_key_password_file, "",
          "file holding the password of an encrypted --private_key_file");
ABSL_FLAG(std::string, certificate_payload_version, "v2",
          "certificate auth payload format: v2 (timestamped) or v1");
ABSL_FLAG(std::string, oauth_client_id, "", "Anaplan OAuth client id");
ABSL_FLAG(std::string, oauth_client_secret_file, "",
          "file holding the OAuth client secret (none for device clients)");
ABSL_FLAG(std::string, oauth_refresh_token_file, "",
          "file holding the OAuth refresh token; rotated tokens are written "
          "back to it");
ABSL_FLAG(bool, oauth_device_grant, false,
          "when the refresh token file is empty, obtain one with the device "
          "grant (the user code is printed on stderr)");
ABSL_FLAG(std::string, oauth_authorization_code, "",
          "when the refresh token file is empty, exchange this code");
ABSL_FLAG(std::string, oauth_redirect_uri, "",
          "redirect URI the authorization code was issued for");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain of the gRPC port (enables TLS)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of the gRPC port");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA bundle: clients must present a certificate it signed (mTLS)");
ABSL_FLAG(int32_t, tls_reload_seconds, 10,
          "how often the TLS files are checked for changes");
ABSL_FLAG(std::string, caller_auth_file, "",
          "JSON file of callers (bearer key SHA-256 hashes and/or mTLS "
          "identities) and the RPCs each may use");
ABSL_FLAG(std::string, proxy, "", "proxy URL for Anaplan calls");
ABSL_FLAG(std::string, ca_bundle, "",
          "PEM bundle of CAs trusted for Anaplan (default: system store)");
ABSL_FLAG(double, timeout_seconds, 30, "timeout of one HTTP attempt");
ABSL_FLAG(int32_t, retry_count, 2, "attempts per HTTP request (>= 1)");
ABSL_FLAG(double, backoff_seconds, 1, "first retry wait");
ABSL_FLAG(double, backoff_factor, 2, "growth of the retry wait");
ABSL_FLAG(int32_t, page_size, 5000, "page size of listings (1..5000)");
ABSL_FLAG(double, poll_delay_seconds, 1, "delay between task status polls");
ABSL_FLAG(int64_t, upload_chunk_size, 25000000,
          "default bytes per uploaded chunk");
ABSL_FLAG(int32_t, upload_parallelism, 2, "default chunks uploaded at once");
ABSL_FLAG(int32_t, download_batch_size, 2, "default chunks downloaded ahead");
ABSL_FLAG(int32_t, gzip_level, 1, "default gzip level of uploads (1..9)");
ABSL_FLAG(double, max_unary_wait_seconds, 600,
          "deadline of unary RPCs sent without one (incl. RunAction waits)");
ABSL_FLAG(bool, reflection, true, "serve gRPC server reflection");
ABSL_FLAG(int32_t, max_receive_message_bytes, 4 << 20,
          "largest request message accepted");
ABSL_FLAG(int32_t, max_concurrent_streams, 100,
          "concurrent HTTP/2 streams per connection");
ABSL_FLAG(int32_t, max_calls_per_caller, 32,
          "RPCs in flight per caller (peer IP); more get RESOURCE_EXHAUSTED; "
          "0 = unlimited");
ABSL_FLAG(int32_t, max_concurrent_transfers, 16,
          "file uploads/downloads in flight in the service; more get "
          "RESOURCE_EXHAUSTED; 0 = unlimited");
ABSL_FLAG(int32_t, max_threads, 64,
          "threads of the gRPC server (one per RPC in flight); 0 = unbounded");
ABSL_FLAG(double, max_connection_age_seconds, 1800,
          "close client connections after this age (GOAWAY); 0 = never");
ABSL_FLAG(double, max_connection_age_grace_seconds, 3600,
          "how long RPCs may finish on a connection past its max age");
ABSL_FLAG(bool, allow_insecure_non_loopback, false,
          "DANGEROUS: serve a non-loopback address with server credentials "
          "and no caller authentication");
ABSL_FLAG(double, shutdown_grace_seconds, 10,
          "how long SIGTERM/SIGINT waits for RPCs in flight");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port serving Prometheus metrics at /metrics (e.g. "
          "0.0.0.0:9464); empty disables");
ABSL_FLAG(std::string, log_format, "text", "log lines: text or json");
ABSL_FLAG(std::string, log_level, "info",
          "minimum log level: debug, info, warning or error");

namespace anaplan::service {
namespace {

/// Every flag above; each has an ANAPLAN_GRPC_<NAME> variable.
constexpr const char* kFlagNames[] = {"listen",
                                      "port_file",
                                      "auth_url",
                                      "api_url",
                                      "audit_url",
                                      "cloudworks_url",
                                      "scim_url",
                                      "oauth_url",
                                      "user_email",
                                      "password",
                                      "password_file",
                                      "token",
                                      "token_file",
                                      "certificate_file",
                                      "private_key_file",
                                      "private_key_password_file",
                                      "certificate_payload_version",
                                      "oauth_client_id",
                                      "oauth_client_secret_file",
                                      "oauth_refresh_token_file",
                                      "oauth_device_grant",
                                      "oauth_authorization_code",
                                      "oauth_redirect_uri",
                                      "tls_cert_file",
                                      "tls_key_file",
                                      "tls_client_ca_file",
                                      "tls_reload_seconds",
                                      "caller_auth_file",
                                      "proxy",
                                      "ca_bundle",
                                      "timeout_seconds",
                                      "retry_count",
                                      "backoff_seconds",
                                      "backoff_factor",
                                      "page_size",
                                      "poll_delay_seconds",
                                      "upload_chunk_size",
                                      "upload_parallelism",
                                      "download_batch_size",
                                      "gzip_level",
                                      "max_unary_wait_seconds",
                                      "reflection",
                                      "max_receive_message_bytes",
                                      "max_concurrent_streams",
                                      "max_calls_per_caller",
                                      "max_concurrent_transfers",
                                      "max_threads",
                                      "max_connection_age_seconds",
                                      "max_connection_age_grace_seconds",
                                      "allow_insecure_non_loopback",
                                      "shutdown_grace_seconds",
                                      "metrics_listen",
                                      "log_format",
                                      "log_level"};

bool IsSecretFlag(absl::string_view name) {
  return name == "password" || name == "token" ||
         name == "oauth_authorization_code";
}

/// Names of the flags given on the command line (before "--"), in any of
/// absl's spellings: --name, --name=v, -name, --noname (booleans).
std::set<std::string> FlagsOnCommandLine(int argc, char** argv) {
  std::set<std::string> names;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--") break;
    if (!absl::ConsumePrefix(&arg, "-")) continue;
    absl::ConsumePrefix(&arg, "-");
    arg = arg.substr(0, arg.find('='));
    names.emplace(arg);
    if (absl::ConsumePrefix(&arg, "no")) names.emplace(arg);
  }
  return names;
}

absl::Status ApplyEnvironment(const std::set<std::string>& on_command_line) {
  for (const char* name : kFlagNames) {
    if (on_command_line.count(name) != 0) continue;
    const std::string variable = EnvironmentVariableFor(name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    std::string error;
    if (flag == nullptr || !flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "bad value in ", variable,
          IsSecretFlag(name) ? "" : absl::StrCat(" (\"", value, "\")"), ": ",
          error));
    }
  }
  return absl::OkStatus();
}

/// Reads a secret from `path`, dropping trailing whitespace/newlines.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path,
                                           absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": cannot read ", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return std::string(absl::StripTrailingAsciiWhitespace(content.str()));
}

/// `direct` or the content of `file`; both set is ambiguous.
absl::StatusOr<std::string> SecretFrom(const std::string& direct,
                                       const std::string& file,
                                       absl::string_view name) {
  if (!direct.empty() && !file.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "give either --", name, " or --", name, "_file, not both"));
  }
  if (file.empty()) return direct;
  return ReadSecretFile(file, absl::StrCat(name, "_file"));
}

absl::Duration SecondsFlag(const absl::Flag<double>& flag) {
  return absl::Seconds(absl::GetFlag(flag));
}

absl::StatusOr<ServerOptions> OptionsFromFlags() {
  ServerOptions o;
  o.listen = absl::GetFlag(FLAGS_listen);
  o.port_file = absl::GetFlag(FLAGS_port_file);
  o.client.endpoints.auth_url = absl::GetFlag(FLAGS_auth_url);
  o.client.endpoints.api_url = absl::GetFlag(FLAGS_api_url);
  o.audit_url = absl::GetFlag(FLAGS_audit_url);
  o.cloudworks_url = absl::GetFlag(FLAGS_cloudworks_url);
  o.scim_url = absl::GetFlag(FLAGS_scim_url);
  o.oauth_url = absl::GetFlag(FLAGS_oauth_url);
  o.user_email = absl::GetFlag(FLAGS_user_email);
  auto password = SecretFrom(absl::GetFlag(FLAGS_password),
                             absl::GetFlag(FLAGS_password_file), "password");
  if (!password.ok()) return password.status();
  o.password = *std::move(password);
  auto token = SecretFrom(absl::GetFlag(FLAGS_token),
                          absl::GetFlag(FLAGS_token_file), "token");
  if (!token.ok()) return token.status();
  o.token = *std::move(token);
  o.certificate_file = absl::GetFlag(FLAGS_certificate_file);
  o.private_key_file = absl::GetFlag(FLAGS_private_key_file);
  auto key_password =
      SecretFrom("", absl::GetFlag(FLAGS_private_key_password_file),
                 "private_key_password");
  if (!key_password.ok()) return key_password.status();
  o.private_key_password = *std::move(key_password);
  o.certificate_payload_version =
      absl::GetFlag(FLAGS_certificate_payload_version);
  o.oauth_client_id = absl::GetFlag(FLAGS_oauth_client_id);
  auto client_secret = SecretFrom(
      "", absl::GetFlag(FLAGS_oauth_client_secret_file), "oauth_client_secret");
  if (!client_secret.ok()) return client_secret.status();
  o.oauth_client_secret = *std::move(client_secret);
  o.oauth_refresh_token_file = absl::GetFlag(FLAGS_oauth_refresh_token_file);
  o.oauth_device_grant = absl::GetFlag(FLAGS_oauth_device_grant);
  o.oauth_authorization_code = absl::GetFlag(FLAGS_oauth_authorization_code);
  o.oauth_redirect_uri = absl::GetFlag(FLAGS_oauth_redirect_uri);
  o.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  o.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  o.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  o.tls_reload_seconds = absl::GetFlag(FLAGS_tls_reload_seconds);
  o.caller_auth_file = absl::GetFlag(FLAGS_caller_auth_file);
  o.client.http.proxy = absl::GetFlag(FLAGS_proxy);
  o.client.http.ca_bundle_path = absl::GetFlag(FLAGS_ca_bundle);
  o.client.http.timeout = SecondsFlag(FLAGS_timeout_seconds);
  o.client.retry.max_attempts = absl::GetFlag(FLAGS_retry_count);
  o.client.retry.backoff = SecondsFlag(FLAGS_backoff_seconds);
  o.client.retry.backoff_factor = absl::GetFlag(FLAGS_backoff_factor);
  o.client.page_size = absl::GetFlag(FLAGS_page_size);
  o.client.poll_delay = SecondsFlag(FLAGS_poll_delay_seconds);
  o.client.transfer.upload_chunk_size = absl::GetFlag(FLAGS_upload_chunk_size);
  o.client.transfer.upload_parallelism =
      absl::GetFlag(FLAGS_upload_parallelism);
  o.client.transfer.download_batch_size =
      absl::GetFlag(FLAGS_download_batch_size);
  o.client.transfer.gzip_level = absl::GetFlag(FLAGS_gzip_level);
  o.bulk.max_unary_wait = SecondsFlag(FLAGS_max_unary_wait_seconds);
  o.reflection = absl::GetFlag(FLAGS_reflection);
  o.max_receive_message_bytes = absl::GetFlag(FLAGS_max_receive_message_bytes);
  o.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  o.limits.max_calls_per_caller = absl::GetFlag(FLAGS_max_calls_per_caller);
  o.limits.max_concurrent_transfers =
      absl::GetFlag(FLAGS_max_concurrent_transfers);
  o.max_threads = absl::GetFlag(FLAGS_max_threads);
  o.max_connection_age = SecondsFlag(FLAGS_max_connection_age_seconds);
  o.max_connection_age_grace =
      SecondsFlag(FLAGS_max_connection_age_grace_seconds);
  o.allow_insecure_non_loopback =
      absl::GetFlag(FLAGS_allow_insecure_non_loopback);
  o.shutdown_grace = SecondsFlag(FLAGS_shutdown_grace_seconds);
  o.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  o.log_format = absl::GetFlag(FLAGS_log_format);
  o.log_level = absl::GetFlag(FLAGS_log_level);
  return o;
}

constexpr char kUsage[] =
    "anaplan-grpc-server: gRPC front end of the Anaplan APIs.\n"
    "Every flag --name may also be set with the environment variable\n"
    "ANAPLAN_GRPC_<NAME> (e.g. ANAPLAN_GRPC_API_URL); a flag given on the\n"
    "command line wins over the variable, which wins over the default.\n"
    "Credentials: --user_email with --password(_file) for basic auth, else\n"
    "--token(_file), --certificate_file with --private_key_file, or\n"
    "--oauth_client_id with --oauth_refresh_token_file (docs/auth.md).\n"
    "Without them the server starts, but every Anaplan call fails with\n"
    "UNAUTHENTICATED unless the caller sends its own credentials.";

}  // namespace

std::string EnvironmentVariableFor(absl::string_view flag_name) {
  return absl::StrCat("ANAPLAN_GRPC_", absl::AsciiStrToUpper(flag_name));
}

absl::StatusOr<ServerOptions> ParseServerFlags(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  // --help lists the flags of this file (absl's default: main's file only).
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view path) {
    return absl::StrContains(path, "service/server_options");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  const std::set<std::string> on_command_line = FlagsOnCommandLine(argc, argv);
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument: ", rest[1]));
  }
  absl::Status status = ApplyEnvironment(on_command_line);
  if (!status.ok()) return status;
  absl::StatusOr<ServerOptions> options = OptionsFromFlags();
  if (!options.ok()) return options;
  status = ValidateServerOptions(*options);
  if (!status.ok()) return status;
  return options;
}

namespace {

absl::Status RangeError(absl::string_view flag, absl::string_view range) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " must be ", range));
}

absl::Status ValidateClient(const core::ClientOptions& c) {
  if (c.endpoints.auth_url.empty()) return RangeError("auth_url", "set");
  if (c.endpoints.api_url.empty()) return RangeError("api_url", "set");
  if (c.http.timeout <= absl::ZeroDuration()) {
    return RangeError("timeout_seconds", "positive");
  }
  if (c.retry.max_attempts < 1) return RangeError("retry_count", ">= 1");
  if (c.retry.backoff < absl::ZeroDuration()) {
    return RangeError("backoff_seconds", ">= 0");
  }
  if (c.retry.backoff_factor < 1) return RangeError("backoff_factor", ">= 1");
  if (c.page_size < 1 || c.page_size > 5000) {
    return RangeError("page_size", "between 1 and 5000");
  }
  if (c.poll_delay <= absl::ZeroDuration()) {
    return RangeError("poll_delay_seconds", "positive");
  }
  const auto& t = c.transfer;
  if (t.upload_chunk_size < 1 || t.upload_chunk_size > kMaxChunkSize) {
    return RangeError("upload_chunk_size",
                      absl::StrCat("between 1 and ", kMaxChunkSize));
  }
  if (t.upload_parallelism < 1 || t.upload_parallelism > kMaxParallelism) {
    return RangeError("upload_parallelism",
                      absl::StrCat("between 1 and ", kMaxParallelism));
  }
  if (t.download_batch_size < 1 || t.download_batch_size > kMaxBatchSize) {
    return RangeError("download_batch_size",
                      absl::StrCat("between 1 and ", kMaxBatchSize));
  }
  if (t.gzip_level < 1 || t.gzip_level > kMaxCompressionLevel) {
    return RangeError("gzip_level", "between 1 and 9");
  }
  return absl::OkStatus();
}

/// gRPC takes these as int milliseconds (about 24 days at most).
constexpr absl::Duration kMaxChannelArgDuration = absl::Hours(24 * 24);

absl::Status ValidateLimits(const ServerOptions& o) {
  if (o.limits.max_calls_per_caller < 0) {
    return RangeError("max_calls_per_caller", ">= 0");
  }
  if (o.limits.max_concurrent_transfers < 0) {
    return RangeError("max_concurrent_transfers", ">= 0");
  }
  if (o.max_threads != 0 && o.max_threads < kMinServerThreads) {
    return RangeError("max_threads",
                      absl::StrCat("0 (unbounded) or >= ", kMinServerThreads));
  }
  if (o.max_connection_age < absl::ZeroDuration() ||
      o.max_connection_age > kMaxChannelArgDuration) {
    return RangeError("max_connection_age_seconds", "between 0 and 24 days");
  }
  if (o.max_connection_age_grace < absl::ZeroDuration() ||
      o.max_connection_age_grace > kMaxChannelArgDuration) {
    return RangeError("max_connection_age_grace_seconds",
                      "between 0 and 24 days");
  }
  return absl::OkStatus();
}

absl::Status ValidateAuthOptions(const ServerOptions& o) {
  if (o.certificate_file.empty() != o.private_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--certificate_file and --private_key_file go together");
  }
  if (o.certificate_payload_version != "v1" &&
      o.certificate_payload_version != "v2") {
    return RangeError("certificate_payload_version", "v1 or v2");
  }
  if (!o.oauth_client_id.empty() && o.oauth_refresh_token_file.empty()) {
    return absl::InvalidArgumentError(
        "--oauth_client_id needs --oauth_refresh_token_file");
  }
  if (!o.oauth_authorization_code.empty() && o.oauth_redirect_uri.empty()) {
    return absl::InvalidArgumentError(
        "--oauth_authorization_code needs --oauth_redirect_uri");
  }
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert_file and --tls_key_file go together");
  }
  if (!o.tls_client_ca_file.empty() && o.tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_client_ca_file needs --tls_cert_file and --tls_key_file");
  }
  if (o.tls_reload_seconds < 1) return RangeError("tls_reload_seconds", ">= 1");
  if (!o.caller_auth_file.empty() && o.tls_cert_file.empty() &&
      !IsLoopbackAddress(o.listen)) {
    return absl::FailedPreconditionError(
        absl::StrCat("refusing to take caller keys in clear text on ", o.listen,
                     ": --caller_auth_file on a non-loopback address needs "
                     "--tls_cert_file and --tls_key_file"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateServerOptions(const ServerOptions& options) {
  if (options.listen.empty()) return RangeError("listen", "set");
  absl::Status status = ValidateClient(options.client);
  if (!status.ok()) return status;
  if (options.bulk.max_unary_wait <= absl::ZeroDuration()) {
    return RangeError("max_unary_wait_seconds", "positive");
  }
  if (options.max_receive_message_bytes < 1024) {
    return RangeError("max_receive_message_bytes", ">= 1024");
  }
  if (options.max_concurrent_streams < 1) {
    return RangeError("max_concurrent_streams", ">= 1");
  }
  status = ValidateLimits(options);
  if (!status.ok()) return status;
  if (options.shutdown_grace < absl::ZeroDuration()) {
    return RangeError("shutdown_grace_seconds", ">= 0");
  }
  if (auto format = ParseLogFormat(options.log_format); !format.ok()) {
    return format.status();
  }
  if (auto level = ParseLogLevel(options.log_level); !level.ok()) {
    return level.status();
  }
  if (!options.metrics_listen.empty() &&
      options.metrics_listen.rfind(':') == std::string::npos) {
    return RangeError("metrics_listen", "host:port or empty");
  }
  if (!options.user_email.empty() && options.password.empty()) {
    return absl::InvalidArgumentError(
        "--user_email needs --password or --password_file");
  }
  if (!options.password.empty() && options.user_email.empty()) {
    return absl::InvalidArgumentError("--password needs --user_email");
  }
  status = ValidateAuthOptions(options);
  if (!status.ok()) return status;
  if (options.HasCredentials() && !IsLoopbackAddress(options.listen) &&
      options.caller_auth_file.empty() &&
      !options.allow_insecure_non_loopback) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to serve ", options.listen,
        " (not a loopback address) with Anaplan credentials and no caller "
        "authentication; listen on 127.0.0.1, configure "
        "--caller_auth_file, or pass --allow_insecure_non_loopback if the "
        "network is trusted"));
  }
  return absl::OkStatus();
}

std::shared_ptr<const core::Credentials> MakeCredentials(
    const ServerOptions& options) {
  // The server's own object when it has built one (shared token session).
  if (auto shared = SharedServerCredentials(options)) return shared;
  if (!options.user_email.empty() && !options.password.empty()) {
    return core::MakeBasicCredentials(options.user_email, options.password);
  }
  if (!options.token.empty()) return core::MakeTokenCredentials(options.token);
  return nullptr;
}

bool IsLoopbackAddress(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") ||
      absl::StartsWith(listen, "unix-abstract:")) {
    return true;
  }
  absl::ConsumePrefix(&listen, "ipv4:");
  absl::ConsumePrefix(&listen, "ipv6:");
  absl::string_view host = listen;
  if (absl::ConsumePrefix(&host, "[")) {
    host = host.substr(0, host.find(']'));
    return host == "::1";
  }
  host = host.substr(0, host.rfind(':'));
  return absl::EqualsIgnoreCase(host, "localhost") ||
         absl::StartsWith(host, "127.");
}

}  // namespace anaplan::service
