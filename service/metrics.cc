#include "service/metrics.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

#include "service/logging.h"

namespace anaplan::service {
namespace {

// From 5 ms to 30 min: unary calls up to whole-file streams.
const std::vector<double>& RpcBuckets() {
  static const auto* const buckets =
      new std::vector<double>{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                              2.5,   5,    10,    30,   60,  300,  900, 1800};
  return *buckets;
}

// From 5 ms to 2 min: one HTTP attempt (30 s timeout by default).
const std::vector<double>& HttpBuckets() {
  static const auto* const buckets = new std::vector<double>{
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
  return *buckets;
}

}  // namespace

ServiceMetrics::ServiceMetrics()
    : rpcs_started(registry_.AddCounter(
          "grpc_server_started_total", "RPCs started on the server.",
          {"grpc_service", "grpc_method", "grpc_type"})),
      rpcs_handled(
          registry_.AddCounter("grpc_server_handled_total",
                               "RPCs completed on the server, by status code.",
                               {"grpc_service", "grpc_method", "grpc_code"})),
      rpc_seconds(registry_.AddHistogram(
          "grpc_server_handling_seconds",
          "Time from the start of an RPC to its status being sent.",
          {"grpc_service", "grpc_method"}, RpcBuckets())),
      rpc_message_bytes(registry_.AddCounter(
          "anaplan_grpc_message_bytes_total",
          "Serialized bytes of gRPC messages received and sent.",
          {"grpc_service", "grpc_method", "direction"})),
      streams_in_flight(registry_.AddGauge(
          "anaplan_grpc_streams_in_flight",
          "Streaming RPCs (uploads, downloads, task watches) in flight.",
          {"grpc_service", "grpc_method"})),
      rpcs_in_flight(registry_.AddGauge("anaplan_grpc_rpcs_in_flight",
                                        "RPCs of any kind in flight.",
                                        {"grpc_service", "grpc_method"})),
      http_requests(registry_.AddCounter(
          "anaplan_http_requests_total",
          "HTTP attempts sent to Anaplan, by API family and outcome.",
          {"family", "method", "status"})),
      http_seconds(
          registry_.AddHistogram("anaplan_http_request_duration_seconds",
                                 "Duration of one HTTP attempt to Anaplan.",
                                 {"family", "method"}, HttpBuckets())),
      http_retries(registry_.AddCounter(
          "anaplan_http_retries_total",
          "HTTP requests to Anaplan sent again, by the failure that caused "
          "it (http_429, http_503, unavailable, reauth...).",
          {"reason"})),
      transfer_bytes(registry_.AddCounter(
          "anaplan_transfer_bytes_total",
          "Raw (uncompressed) file bytes uploaded to or downloaded from "
          "Anaplan.",
          {"direction"})),
      tasks_in_flight(
          registry_.AddGauge("anaplan_tasks_in_flight",
                             "Anaplan tasks the service is waiting for.", {})),
      token_fetches(registry_.AddCounter(
          "anaplan_token_fetches_total",
          "Token service exchanges (authenticate or refresh), by outcome.",
          {"kind", "outcome"})),
      ready(registry_.AddGauge(
          "anaplan_grpc_ready",
          "1 when the server is ready (credentials verified, not shutting "
          "down), else 0.",
          {})) {}

absl::string_view DirectionName(core::TransferDirection direction) {
  return direction == core::TransferDirection::kUpload ? "upload" : "download";
}

void MetricsObserver::OnHttpCall(const core::HttpCallEvent& event) {
  const std::string family = core::HttpFamilyOf(event.url);
  const std::string method(event.method);
  const std::string status =
      event.status != 0
          ? absl::StrCat(event.status)
          : absl::AsciiStrToLower(absl::StatusCodeToString(event.error));
  metrics_.http_requests.Add({family, method, status});
  metrics_.http_seconds.Observe({family, method},
                                absl::ToDoubleSeconds(event.duration));
  if (LogEnabled(LogLevel::kDebug)) {
    LogEvent(LogLevel::kDebug, "anaplan_http",
             {{"family", family},
              {"method", method},
              {"status", status},
              {"duration_ms", absl::ToDoubleMilliseconds(event.duration)},
              {"bytes_sent", event.bytes_sent},
              {"bytes_received", event.bytes_received}});
  }
}

void MetricsObserver::OnRetry(absl::string_view operation,
                              absl::string_view reason) {
  metrics_.http_retries.Add({std::string(reason)});
  LogEvent(LogLevel::kInfo, "anaplan_retry",
           {{"operation", operation}, {"reason", reason}});
}

void MetricsObserver::OnTokenFetch(absl::string_view kind, bool ok) {
  metrics_.token_fetches.Add({std::string(kind), ok ? "ok" : "error"});
  LogEvent(ok ? LogLevel::kInfo : LogLevel::kWarning, "token_fetch",
           {{"kind", kind}, {"ok", ok}});
}

void MetricsObserver::OnTransferBytes(core::TransferDirection direction,
                                      int64_t bytes) {
  metrics_.transfer_bytes.Add({std::string(DirectionName(direction))},
                              static_cast<double>(bytes));
}

void MetricsObserver::OnTransferProgress(core::TransferDirection direction,
                                         int64_t done) {
  LogEvent(LogLevel::kInfo, "transfer_progress",
           {{"direction", DirectionName(direction)}, {"bytes", done}});
}

void MetricsObserver::OnTaskWatch(int delta) {
  metrics_.tasks_in_flight.Add({}, delta);
}

void MetricsObserver::OnTaskProgress(absl::string_view task_id,
                                     absl::string_view state, double progress) {
  LogEvent(LogLevel::kInfo, "task_progress",
           {{"task_id", task_id}, {"state", state}, {"progress", progress}});
}

}  // namespace anaplan::service
