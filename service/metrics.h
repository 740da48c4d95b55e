#ifndef ANAPLAN_SERVICE_METRICS_H_
#define ANAPLAN_SERVICE_METRICS_H_

#include <string>

#include "absl/strings/string_view.h"

#include "anaplan_core/common/observer.h"
#include "service/metrics_registry.h"

namespace anaplan::service {

/// Every metric anaplan-grpc-server exports (docs/operations.md lists them).
/// One per Server; the families live as long as it does.
class ServiceMetrics {
 private:
  // First: the family references below are bound into it.
  MetricsRegistry registry_;

 public:
  ServiceMetrics();
  ServiceMetrics(const ServiceMetrics&) = delete;
  ServiceMetrics& operator=(const ServiceMetrics&) = delete;

  const MetricsRegistry& registry() const { return registry_; }

  // gRPC side (RpcObserverFactory).
  /// {grpc_service, grpc_method, grpc_type}
  CounterFamily& rpcs_started;
  /// {grpc_service, grpc_method, grpc_code}
  CounterFamily& rpcs_handled;
  /// {grpc_service, grpc_method}
  HistogramFamily& rpc_seconds;
  /// {grpc_service, grpc_method, direction="received|sent"}
  CounterFamily& rpc_message_bytes;
  /// {grpc_service, grpc_method}: streaming RPCs in flight.
  GaugeFamily& streams_in_flight;
  /// {grpc_service, grpc_method}: all RPCs in flight.
  GaugeFamily& rpcs_in_flight;

  // Anaplan side (MetricsObserver).
  /// {family, method, status}: status is the HTTP code, or the transport
  /// failure ("unavailable", "cancelled", "deadline_exceeded") without one.
  CounterFamily& http_requests;
  /// {family, method}
  HistogramFamily& http_seconds;
  /// {reason}
  CounterFamily& http_retries;
  /// {direction="upload|download"}: raw (uncompressed) file bytes.
  CounterFamily& transfer_bytes;
  /// Task waits (RunAction, WatchTask...) in flight.
  GaugeFamily& tasks_in_flight;
  /// {kind="authenticate|refresh", outcome="ok|error"}
  CounterFamily& token_fetches;
  /// 1 once credentials are verified and until shutdown, else 0.
  GaugeFamily& ready;
};

/// Feeds ServiceMetrics from anaplan_core (install with core::SetObserver)
/// and writes the progress lines of long transfers and tasks.
class MetricsObserver : public core::Observer {
 public:
  explicit MetricsObserver(ServiceMetrics& metrics) : metrics_(metrics) {}

  void OnHttpCall(const core::HttpCallEvent& event) override;
  void OnRetry(absl::string_view operation, absl::string_view reason) override;
  void OnTokenFetch(absl::string_view kind, bool ok) override;
  void OnTransferBytes(core::TransferDirection direction,
                       int64_t bytes) override;
  void OnTransferProgress(core::TransferDirection direction,
                          int64_t done) override;
  void OnTaskWatch(int delta) override;
  void OnTaskProgress(absl::string_view task_id, absl::string_view state,
                      double progress) override;

 private:
  ServiceMetrics& metrics_;
};

/// "upload" or "download".
absl::string_view DirectionName(core::TransferDirection direction);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_METRICS_H_
