#include "service/metrics_interceptor.h"

#include <atomic>
#include <cstdint>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/message_lite.h"
#include "grpcpp/support/status.h"

#include "anaplan_core/common/sync.h"
#include "service/logging.h"

namespace anaplan::service {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerRpcInfo;

constexpr size_t kMaxLoggedMessage = 300;

const char* TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unknown";
}

// The gRPC code names Prometheus users know ("OK", "CANCELLED", ...).
std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

class RpcObserver : public grpc::experimental::Interceptor {
 public:
  RpcObserver(ServerRpcInfo* info, ServiceMetrics& metrics)
      : metrics_(metrics),
        started_(absl::Now()),
        streaming_(info->type() != ServerRpcInfo::Type::UNARY) {
    // gRPC runs this object's hooks on several threads and orders them
    // inside its uninstrumented library; mu_ makes that order visible to
    // ThreadSanitizer (and costs one uncontended lock per hook).
    anaplan::MutexLock lock(&mu_);
    // "/anaplan.v1.BulkService/UploadFile" -> service, method.
    absl::string_view full = info->method() != nullptr ? info->method() : "";
    absl::ConsumePrefix(&full, "/");
    const size_t slash = full.rfind('/');
    service_ = std::string(full.substr(0, slash));
    method_ = slash == absl::string_view::npos
                  ? std::string()
                  : std::string(full.substr(slash + 1));
    // Our services use generated protobuf messages; the health service
    // works on raw byte buffers, which must not be read as messages.
    own_ = absl::StartsWith(service_, "anaplan.");
    metrics_.rpcs_started.Add({service_, method_, TypeName(info->type())});
    metrics_.rpcs_in_flight.Add({service_, method_}, 1);
    if (streaming_) metrics_.streams_in_flight.Add({service_, method_}, 1);
  }

  ~RpcObserver() override {
    anaplan::MutexLock lock(&mu_);
    // No status was sent (the call was torn down): count it as cancelled.
    if (!finished_) Finish(grpc::StatusCode::CANCELLED, "call torn down");
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    Observe(methods);
    // Outside the lock: Proceed() may run the next hook on this thread.
    methods->Proceed();
  }

 private:
  void Observe(InterceptorBatchMethods* methods) {
    anaplan::MutexLock lock(&mu_);
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      absl::string_view requested;
      if (auto* md = methods->GetRecvInitialMetadata(); md != nullptr) {
        auto it = md->find(kRequestIdHeader);
        if (it != md->end()) {
          requested = absl::string_view(it->second.data(), it->second.size());
        }
      }
      request_id_ = ChooseRequestId(requested);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (request_id_.empty()) request_id_ = ChooseRequestId("");
      if (auto* md = methods->GetSendInitialMetadata(); md != nullptr) {
        md->emplace(kRequestIdHeader, request_id_);
      }
    }
    if (own_ && methods->QueryInterceptionHookPoint(
                    InterceptionHookPoints::POST_RECV_MESSAGE)) {
      if (const auto* m = static_cast<const google::protobuf::MessageLite*>(
              methods->GetRecvMessage());
          m != nullptr) {
        bytes_received_ += static_cast<int64_t>(m->ByteSizeLong());
      }
    }
    if (own_ && methods->QueryInterceptionHookPoint(
                    InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (const auto* m = static_cast<const google::protobuf::MessageLite*>(
              methods->GetSendMessage());
          m != nullptr) {
        bytes_sent_ += static_cast<int64_t>(m->ByteSizeLong());
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      Finish(status.error_code(), status.error_message());
    }
  }

  void Finish(grpc::StatusCode code, const std::string& message)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    const absl::Duration elapsed = absl::Now() - started_;
    const std::string code_name = CodeName(code);
    metrics_.rpcs_handled.Add({service_, method_, code_name});
    metrics_.rpc_seconds.Observe({service_, method_},
                                 absl::ToDoubleSeconds(elapsed));
    if (own_) {
      metrics_.rpc_message_bytes.Add(
          {service_, method_, "received"},
          static_cast<double>(bytes_received_.load()));
      metrics_.rpc_message_bytes.Add({service_, method_, "sent"},
                                     static_cast<double>(bytes_sent_.load()));
    }
    metrics_.rpcs_in_flight.Add({service_, method_}, -1);
    if (streaming_) metrics_.streams_in_flight.Add({service_, method_}, -1);

    LogLevel level = LogLevel::kInfo;
    if (!own_) {
      level = LogLevel::kDebug;
    } else if (code == grpc::StatusCode::INTERNAL ||
               code == grpc::StatusCode::UNKNOWN ||
               code == grpc::StatusCode::DATA_LOSS) {
      level = LogLevel::kError;
    } else if (code != grpc::StatusCode::OK) {
      level = LogLevel::kWarning;
    }
    if (!LogEnabled(level)) return;
    LogFields fields = {{"request_id", request_id_},
                        {"service", service_},
                        {"method", method_},
                        {"code", code_name},
                        {"duration_ms", absl::ToDoubleMilliseconds(elapsed)},
                        {"bytes_received", bytes_received_.load()},
                        {"bytes_sent", bytes_sent_.load()}};
    if (code != grpc::StatusCode::OK) {
      fields.emplace_back("message", message.substr(0, kMaxLoggedMessage));
    }
    LogEvent(level, "rpc", fields);
  }

  anaplan::Mutex mu_;
  ServiceMetrics& metrics_;
  const absl::Time started_;
  const bool streaming_;
  bool own_ ABSL_GUARDED_BY(mu_) = false;
  std::string service_ ABSL_GUARDED_BY(mu_);
  std::string method_ ABSL_GUARDED_BY(mu_);
  std::string request_id_ ABSL_GUARDED_BY(mu_);
  // A stream may read and write from different threads.
  std::atomic<int64_t> bytes_received_{0};
  std::atomic<int64_t> bytes_sent_{0};
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

std::string ChooseRequestId(absl::string_view requested) {
  bool sane = !requested.empty() && requested.size() <= 64;
  for (char c : requested) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '_' && c != ':' && c != '-') {
      sane = false;
      break;
    }
  }
  if (sane) return std::string(requested);
  thread_local std::mt19937_64 random(std::random_device{}());
  return absl::StrFormat("%016x", random());
}

grpc::experimental::Interceptor* RpcObserverFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  return new RpcObserver(info, metrics_);
}

}  // namespace anaplan::service
