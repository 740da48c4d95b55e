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
}

absl::Status Server::BuildAndStart(
    const ServerOptions& options,
    std::shared_ptr<core::BulkConnection> bulk_connection) {
  if (server_ != nullptr) return absl::FailedPreconditionError("started");
  absl::Status status = ValidateServerOptions(options);
  if (!status.ok()) return status;
  if (bulk_connection == nullptr) {
    auto credentials = MakeCredentials(options);
    if (credentials == nullptr) {
      std::fputs(
          "anaplan-grpc-server: warning: no Anaplan credentials configured; "
          "every Anaplan call will fail with UNAUTHENTICATED\n",
          stderr);
    } else {
      auto connection = core::MakeBulkConnection(options.client, credentials);
      if (!connection.ok()) return connection.status();
      bulk_connection = *std::move(connection);
    }
  }
  limiter_ =
      std::make_shared<ConcurrencyLimiter>(options.limits, options.caller_key);
  BulkServiceOptions bulk_options = options.bulk;
  bulk_options.limiter = limiter_;
  bulk_service_ = std::make_unique<BulkServiceImpl>(std::move(bulk_connection),
                                                    bulk_options);
  // CloudWorks has its own base URL (--cloudworks_url) and token session.
  std::shared_ptr<core::cw::CloudWorksConnection> cloud_works;
  if (auto credentials = MakeCredentials(options); credentials != nullptr) {
    auto made = core::cw::MakeCloudWorksConnection(
        options.client, options.cloudworks_url, std::move(credentials));
    if (!made.ok()) return made.status();
    cloud_works = *std::move(made);
  }
  cloud_works_service_ = std::make_unique<CloudWorksServiceImpl>(
      std::move(cloud_works), bulk_options);

  grpc::EnableDefaultHealthCheckService(true);
  if (options.reflection)
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Plaintext for now: TLS and caller authentication come with a later
  // issue; ValidateServerOptions keeps credentials on loopback meanwhile.
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &port_);
  builder.RegisterService(bulk_service_.get());
  builder.RegisterService(cloud_works_service_.get());
  ApplyHardening(options, builder);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  address_ = WithPort(options.listen, port_);
  if (auto* health = server_->GetHealthCheckService(); health != nullptr) {
    health->SetServingStatus(true);
    health->SetServingStatus(kBulkServiceName, true);
    health->SetServingStatus(kCloudWorksServiceName, true);
  }
  if (!options.port_file.empty())
    return WritePortFile(options.port_file, port_);
  return absl::OkStatus();
}

void Server::Shutdown(absl::Duration grace) {
  if (server_ == nullptr) return;
  if (auto* health = server_->GetHealthCheckService(); health != nullptr) {
    health->SetServingStatus(false);
  }
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(grace));
}

void Server::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace anaplan::service
