#ifndef ANAPLAN_SERVICE_SERVER_H_
#define ANAPLAN_SERVICE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"

#include "anaplan_core/bulk/bulk_connection.h"
#include "anaplan_core/http/rest_client.h"
#include "service/api_families.h"
#include "service/bulk_service.h"
#include "service/cloud_works_service.h"
#include "service/concurrency_limiter.h"
#include "service/lifecycle.h"
#include "service/metrics.h"
#include "service/metrics_http.h"
#include "service/server_options.h"
#include "service/transactional_service.h"

namespace anaplan::service {

/// The gRPC server of anaplan-grpc: BulkService, the standard health
/// service (SERVING once started, NOT_SERVING while shutting down) and,
/// when enabled, server reflection; hardened per reliability §A6 (keepalive
/// 60 s / 20 s, client pings allowed every 30 s, max concurrent streams, max
/// receive size, thread quota, max connection age) with admission limits
/// per caller and on concurrent transfers (ConcurrencyLimiter).
/// Options -> BuildAndStart -> Wait, as TF Serving does.
class Server {
 public:
  Server() = default;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  /// Shuts down (no grace) if still running.
  ~Server();

  /// Validates `options`, connects to Anaplan (or uses `bulk_connection`
  /// when given, e.g. a mock in tests), and starts listening. Writes the
  /// bound port to options.port_file when set.
  /// \error INVALID_ARGUMENT / FAILED_PRECONDITION for bad options (see
  ///   ValidateServerOptions); UNAVAILABLE when the address cannot be bound;
  ///   INTERNAL when the port file cannot be written.
  absl::Status BuildAndStart(
      const ServerOptions& options,
      std::shared_ptr<core::BulkConnection> bulk_connection = nullptr);

  /// The bound port (valid after BuildAndStart succeeded).
  int port() const { return port_; }
  /// The listen address with the bound port, e.g. "127.0.0.1:43127".
  std::string address() const { return address_; }
  /// The admission limiter (valid after BuildAndStart succeeded).
  const ConcurrencyLimiter* limiter() const { return limiter_.get(); }

  /// Marks health NOT_SERVING, stops accepting RPCs and waits up to `grace`
  /// for those in flight, then cancels the rest (their Anaplan calls stop).
  /// Idempotent.
  void Shutdown(absl::Duration grace);
  /// Blocks until the server has shut down.
  void Wait();
  /// After Wait(): logs out every Anaplan session of the server's
  /// credentials (POST /token/logout within `timeout`) and stops the metrics
  /// endpoint.
  void Close(absl::Duration timeout = absl::Seconds(5));

  /// The metrics (valid after BuildAndStart succeeded).
  const ServiceMetrics* metrics() const { return metrics_.get(); }
  /// The bound metrics port; 0 when --metrics_listen is empty.
  int metrics_port() const { return metrics_http_ ? metrics_http_->port() : 0; }
  /// Whether readiness is SERVING.
  bool ready() const { return readiness_ != nullptr && readiness_->ready(); }

 private:
  absl::Status StartMetrics(const ServerOptions& options);

  std::unique_ptr<ServiceMetrics> metrics_;
  std::unique_ptr<MetricsObserver> observer_;
  std::unique_ptr<MetricsHttpServer> metrics_http_;
  /// The Anaplan client of the configured credentials (null with a
  /// connection injected or no credentials): verified at start, logged out
  /// at Close. API families should share it, and so its token.
  std::shared_ptr<core::RestClient> rest_client_;
  /// The server's Anaplan credentials, kept to log out at shutdown.
  std::shared_ptr<const core::Credentials> credentials_;
  std::shared_ptr<ConcurrencyLimiter> limiter_;
  std::unique_ptr<BulkServiceImpl> bulk_service_;
  std::unique_ptr<ApiFamilies> api_families_;  // ALM, Audit, SCIM
  std::unique_ptr<TransactionalServiceImpl> transactional_service_;
  std::unique_ptr<CloudWorksServiceImpl> cloud_works_service_;
  std::unique_ptr<grpc::Server> server_;
  /// After server_: destroyed first, as it uses server_'s health service.
  std::unique_ptr<ReadinessGate> readiness_;
  int port_ = 0;
  std::string address_;
};

/// "host:port" of `listen` with its port replaced by `port`.
std::string WithPort(const std::string& listen, int port);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_SERVER_H_
