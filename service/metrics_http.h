#ifndef ANAPLAN_SERVICE_METRICS_HTTP_H_
#define ANAPLAN_SERVICE_METRICS_HTTP_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace anaplan::service {

/// A tiny HTTP server for Prometheus: GET /metrics answers `render()` as
/// text format 0.0.4; everything else is 404. It runs on its own port
/// (--metrics_listen), apart from gRPC, so scrapes need no gRPC and the
/// metrics port can be opened to the monitoring network alone.
class MetricsHttpServer {
 public:
  explicit MetricsHttpServer(std::function<std::string()> render);
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  /// Binds `listen` ("host:port"; port 0 picks one) and serves in a thread.
  /// \error INVALID_ARGUMENT for a malformed address; UNAVAILABLE when it
  ///   cannot be bound.
  absl::Status Start(const std::string& listen);
  /// Stops serving and joins the thread. Idempotent.
  void Stop();
  /// The bound port (after Start).
  int port() const { return port_; }

 private:
  std::function<std::string()> render_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_METRICS_HTTP_H_
