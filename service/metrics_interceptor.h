#ifndef ANAPLAN_SERVICE_METRICS_INTERCEPTOR_H_
#define ANAPLAN_SERVICE_METRICS_INTERCEPTOR_H_

#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"

#include "service/metrics.h"

namespace anaplan::service {

/// The metadata key carrying the request id, both ways: a caller's id is
/// kept when it is sane, else one is made; the server echoes it in its
/// initial metadata so callers can quote it.
inline constexpr char kRequestIdHeader[] = "x-request-id";

/// Creates, for every RPC, an interceptor that counts it into `metrics`
/// (started, handled by code, latency, message bytes, in flight) and writes
/// one `rpc` log line when it ends: request id, method, code, duration,
/// bytes. Health and reflection RPCs log at debug level. `metrics` must
/// outlive the server.
class RpcObserverFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcObserverFactory(ServiceMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  ServiceMetrics& metrics_;
};

/// `requested` when it is 1..64 characters of [A-Za-z0-9._:-], else a new
/// random 16-hex-digit id.
std::string ChooseRequestId(absl::string_view requested);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_METRICS_INTERCEPTOR_H_
