#include "service/server.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/grpc.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

#include "anaplan_core/common/observer.h"
#include "service/caller_auth.h"
#include "service/credentials_profile.h"
#include "service/logging.h"
#include "service/metrics_interceptor.h"
#include "service/tls_credentials.h"

namespace anaplan::service {
namespace {

constexpr char kBulkServiceName[] = "anaplan.v1.BulkService";
constexpr char kCloudWorksServiceName[] = "anaplan.v1.CloudWorksService";

/// Server-side HTTP/2 settings from reliability-performance.md §A6.
void ApplyHardening(const ServerOptions& options,
                    grpc::ServerBuilder& builder) {
  // Ping idle connections every 60 s and drop them after 20 s of silence,
  // so dead peers of long streams are reaped.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  // Also relaxes ping policing: clients that keep idle connections alive
  // (permit_without_calls) are not sent GOAWAY too_many_pings.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // Tolerate client keepalive pings down to every 30 s (default 5 min).
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 30 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             options.max_concurrent_streams);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  // gRFC A9: age connections out so clients re-resolve and spread over
  // replicas; the grace lets uploads in flight finish first.
  if (options.max_connection_age > absl::ZeroDuration()) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               static_cast<int>(absl::ToInt64Milliseconds(
                                   options.max_connection_age)));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                               static_cast<int>(absl::ToInt64Milliseconds(
                                   options.max_connection_age_grace)));
  }
  // The sync server runs each RPC on its own thread and would otherwise
  // start one per concurrent RPC without bound; past the quota gRPC itself
  // answers RESOURCE_EXHAUSTED.
  if (options.max_threads > 0) {
    grpc::ResourceQuota quota("anaplan-grpc-server");
    quota.SetMaxThreads(options.max_threads);
    builder.SetResourceQuota(quota);
  }
}

absl::Status WritePortFile(const std::string& path, int port) {
  // Write then rename, so a reader never sees a half-written port.
  const std::string tmp = absl::StrCat(path, ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
    if (!out.good()) {
      return absl::InternalError(absl::StrCat("cannot write ", tmp));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

}  // namespace

std::string WithPort(const std::string& listen, int port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return absl::StrCat(listen, ":", port);
  return absl::StrCat(listen.substr(0, colon), ":", port);
}

Server::~Server() {
  if (server_ != nullptr) {
    Shutdown(absl::ZeroDuration());
    Wait();
  }
  readiness_.reset();
  if (metrics_http_ != nullptr) metrics_http_->Stop();
  // Uninstall our observer unless another server replaced it.
  if (observer_ != nullptr && &core::GetObserver() == observer_.get()) {
    core::SetObserver(nullptr);
  }
}

absl::Status Server::StartMetrics(const ServerOptions& options) {
  metrics_ = std::make_unique<ServiceMetrics>();
  observer_ = std::make_unique<MetricsObserver>(*metrics_);
  core::SetObserver(observer_.get());
  if (options.metrics_listen.empty()) return absl::OkStatus();
  metrics_http_ = std::make_unique<MetricsHttpServer>(
      [metrics = metrics_.get()] { return metrics->registry().Serialize(); });
  absl::Status status = metrics_http_->Start(options.metrics_listen);
  if (!status.ok()) return status;
  LogEvent(
      LogLevel::kInfo, "metrics_listening",
      {{"address", WithPort(options.metrics_listen, metrics_http_->port())}});
  return absl::OkStatus();
}

absl::Status Server::BuildAndStart(
    const ServerOptions& options,
    std::shared_ptr<core::BulkConnection> bulk_connection) {
  if (server_ != nullptr) return absl::FailedPreconditionError("started");
  absl::Status status = ValidateServerOptions(options);
  if (!status.ok()) return status;
  status = StartMetrics(options);
  if (!status.ok()) return status;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> port_credentials =
      MakeServerCredentials(options);
  if (!port_credentials.ok()) return port_credentials.status();
  std::shared_ptr<CallerAuthenticator> caller_auth;
  if (!options.caller_auth_file.empty()) {
    auto loaded = CallerAuthenticator::FromFile(options.caller_auth_file);
    if (!loaded.ok()) return loaded.status();
    caller_auth = *std::move(loaded);
    (*port_credentials)->SetAuthMetadataProcessor(caller_auth);
  }
  bool verify_credentials = false;
  if (bulk_connection == nullptr) {
    auto credentials = BuildServerCredentials(options);
    if (!credentials.ok()) return credentials.status();
    credentials_ = *std::move(credentials);
    if (credentials_ == nullptr) {
      LogEvent(LogLevel::kWarning, "no_credentials",
               {{"message",
                 "no Anaplan credentials configured; Anaplan calls need the "
                 "caller's own credentials (authorization metadata), else "
                 "they fail with UNAUTHENTICATED"}});
      credentials_ = core::MakeNoCredentials();
    } else {
      LogEvent(LogLevel::kInfo, "credentials",
               {{"kind", credentials_->Describe()}});
      verify_credentials = true;
    }
    // One Anaplan client for every API family: one token, one logout.
    auto transport = core::MakeCurlTransport(options.client.http);
    if (!transport.ok()) return transport.status();
    rest_client_ = core::MakeRestClient(options.client, *std::move(transport),
                                        credentials_);
    auto connection = core::MakeBulkConnection(rest_client_);
    if (!connection.ok()) return connection.status();
    bulk_connection = *std::move(connection);
  }
  CallerKeyFn caller_key = options.caller_key;
  if (caller_key == nullptr && caller_auth != nullptr) {
    // Limits count per authenticated caller rather than per address.
    caller_key = [](const grpc::ServerContextBase& context) {
      std::string name = CallerName(context);
      return name.empty() ? PeerIpCallerKey(context)
                          : absl::StrCat("caller:", name);
    };
  }
  limiter_ = std::make_shared<ConcurrencyLimiter>(options.limits, caller_key);
  BulkServiceOptions bulk_options = options.bulk;
  bulk_options.limiter = limiter_;
  bulk_service_ = std::make_unique<BulkServiceImpl>(std::move(bulk_connection),
                                                    bulk_options);
  absl::StatusOr<std::unique_ptr<ApiFamilies>> families =
      MakeApiFamilies(options, bulk_options, rest_client_);
  if (!families.ok()) return families.status();
  api_families_ = *std::move(families);
  auto tx_service =
      MakeTransactionalService(options, bulk_options, rest_client_);
  if (!tx_service.ok()) return tx_service.status();
  transactional_service_ = *std::move(tx_service);
  // CloudWorks has its own base URL (--cloudworks_url) but the same token.
  std::shared_ptr<core::cw::CloudWorksConnection> cloud_works;
  if (rest_client_ != nullptr) {
    auto made = core::cw::MakeCloudWorksConnection(rest_client_,
                                                   options.cloudworks_url);
    if (!made.ok()) return made.status();
    cloud_works = *std::move(made);
  }
  cloud_works_service_ = std::make_unique<CloudWorksServiceImpl>(
      std::move(cloud_works), bulk_options);

  grpc::EnableDefaultHealthCheckService(true);
  if (options.reflection)
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // TLS when configured; ValidateServerOptions keeps credentials without
  // caller authentication on loopback.
  builder.AddListeningPort(options.listen, *port_credentials, &port_);
  builder.RegisterService(bulk_service_.get());
  api_families_->Register(builder);
  builder.RegisterService(transactional_service_.get());
  builder.RegisterService(cloud_works_service_.get());
  ApplyHardening(options, builder);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<RpcObserverFactory>(*metrics_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  address_ = WithPort(options.listen, port_);
  readiness_ = std::make_unique<ReadinessGate>(
      server_->GetHealthCheckService(),
      std::vector<std::string>{
          kBulkServiceName, kCloudWorksServiceName,
          "anaplan.v1.TransactionalService", "anaplan.v1.AlmService",
          "anaplan.v1.AuditService", "anaplan.v1.ScimService"},
      &metrics_->ready);
  VerifyCredentialsFn verify;
  if (rest_client_ != nullptr && verify_credentials) {
    verify = [rest = rest_client_](const core::CallContext& ctx) {
      return rest->VerifyCredentials(ctx);
    };
  }
  readiness_->Start(std::move(verify));
  if (!options.port_file.empty())
    return WritePortFile(options.port_file, port_);
  return absl::OkStatus();
}

void Server::Shutdown(absl::Duration grace) {
  if (server_ == nullptr) return;
  if (readiness_ != nullptr) readiness_->BeginShutdown();
  // Blocks: new calls are refused at once, calls in flight get `grace`,
  // then are cancelled (which aborts their HTTP transfers).
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(grace));
}

void Server::Wait() {
  if (server_ != nullptr) server_->Wait();
}

void Server::Close(absl::Duration timeout) {
  if (rest_client_ != nullptr) {
    // End the server's Anaplan session rather than leave a live token
    // behind; static tokens belong to whoever issued them.
    const absl::StatusOr<int> logged_out =
        rest_client_->Logout(core::CallContext::WithTimeout(timeout));
    if (!logged_out.ok()) {
      LogEvent(LogLevel::kWarning, "token_logout",
               {{"code", absl::StatusCodeToString(logged_out.status().code())},
                {"message", logged_out.status().message()}});
    } else if (*logged_out > 0) {
      LogEvent(LogLevel::kInfo, "token_logout",
               {{"code", "OK"}, {"tokens", absl::StrCat(*logged_out)}});
    }
  }
  if (metrics_http_ != nullptr) metrics_http_->Stop();
}

}  // namespace anaplan::service
