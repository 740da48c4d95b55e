#include "emulator/emulator.h"

#include <chrono>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/common/sync.h"
#include "emulator/connection.h"
#include "emulator/fixture.h"
#include "emulator/http_util.h"
#include "emulator/router.h"
#include "emulator/routes.h"
#include "emulator/server_context.h"
#include "emulator/tls_front.h"

#include <sys/socket.h>

namespace anaplan::emulator {
namespace {

constexpr size_t kMaxPayloadBytes = size_t{512} << 20;
constexpr size_t kKeepAliveMaxRequests = 10000;
constexpr time_t kKeepAliveSeconds = 5;
constexpr int kListenBacklog = 1024;
constexpr time_t kIoTimeoutSeconds = 60;
constexpr char kControlPrefix[] = "/__emulator";

void FlipBytes(std::string& body) {
  if (body.empty()) return;
  const size_t step = std::max<size_t>(1, body.size() / 16);
  for (size_t i = 0; i < body.size(); i += step) body[i] ^= 0x5A;
}

}  // namespace

class Emulator::Impl {
 public:
  Impl(const EmulatorOptions& options, std::unique_ptr<State> state)
      : options_(options),
        state_(std::move(state)),
        context_{*state_, faults_, request_log_},
        router_([this](Call& call) {
          return AuthenticateIntegrationCall(context_, call);
        }) {}

  absl::Status Start();
  void Stop();
  void Wait() { stopped_.WaitForNotification(); }

  int port() const { return tls_ != nullptr ? tls_->port() : port_; }
  bool tls() const { return tls_ != nullptr; }
  const EmulatorOptions& options() const { return options_; }
  State& state() { return *state_; }
  FaultRegistry& faults() { return faults_; }
  RequestLog& request_log() { return request_log_; }

 private:
  void RegisterRoutes();
  httplib::Server::HandlerResponse PreRouting(const httplib::Request& req,
                                              httplib::Response& res);
  void PostRouting(const httplib::Request& req, httplib::Response& res);

  const EmulatorOptions options_;
  std::unique_ptr<State> state_;
  FaultRegistry faults_;
  RequestLog request_log_;
  ServerContext context_;
  Router router_;
  EmulatorHttpServer server_;
  std::thread thread_;
  std::unique_ptr<TlsFront> tls_;
  int port_ = 0;
  /// The listening socket, kept to widen its backlog after bind.
  int listen_fd_ = -1;
  bool started_ = false;
  anaplan::Notification stopped_;
};

void Emulator::Impl::RegisterRoutes() {
  RegisterAuthRoutes(router_, context_);
  RegisterOAuthRoutes(router_, context_);
  RegisterTenantRoutes(router_, context_);
  RegisterBulkFileRoutes(router_, context_);
  RegisterBulkDefinitionRoutes(router_, context_);
  RegisterBulkTaskRoutes(router_, context_);
  RegisterAlmRoutes(router_, context_);
  RegisterAuditRoutes(router_, context_);
  RegisterScimRoutes(router_, context_);
  RegisterTransactionalRoutes(router_, context_);
  RegisterCloudWorksRoutes(router_, context_);
  RegisterControlRoutes(router_, context_);
  // Everything goes through the Router so that 404/405 look like Anaplan's.
  auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    router_.Dispatch(req, res);
  };
  server_.Get(".*", dispatch);
  server_.Post(".*", dispatch);
  server_.Put(".*", dispatch);
  server_.Patch(".*", dispatch);
  server_.Delete(".*", dispatch);
  server_.Options(".*", dispatch);
}

// Runs on the connection's thread before the body is read: decides whether
// a fault applies and tells the connection loop / router what to do.
httplib::Server::HandlerResponse Emulator::Impl::PreRouting(
    const httplib::Request& req, httplib::Response& res) {
  using HandlerResponse = httplib::Server::HandlerResponse;
  if (!req.has_header("Content-Length") &&
      !req.has_header("Transfer-Encoding")) {
    // RFC 9112 §6.3: a request without either header has no body. httplib
    // 0.11 would instead read until the connection closes (an "empty POST"
    // would hang for the read timeout). The Request object is non-const in
    // httplib's caller, so declaring the empty body here is well defined.
    const_cast<httplib::Request&>(req).set_header("Content-Length", "0");
  }
  ConnectionControl* control = CurrentConnectionControl();
  if (control == nullptr || absl::StartsWith(req.path, kControlPrefix)) {
    return HandlerResponse::Unhandled;
  }
  std::optional<FaultHit> hit = faults_.Match(req.method, req.path);
  if (!hit) return HandlerResponse::Unhandled;
  control->fault_id = hit->id;
  if (hit->delay_ms > 0 && control->stream != nullptr &&
      !control->stream->SleepUnlessPeerCloses(hit->delay_ms)) {
    // The client gave up during the delay: log when that was seen and
    // drop the request unprocessed.
    control->peer_closed = true;
    control->mode = ConnectionControl::Mode::kDiscardAndReset;
    res.status = 499;  // Never sent; the log shows it.
    return HandlerResponse::Handled;
  }
  switch (hit->action) {
    case FaultAction::kStatus:
      control->fault_status = hit->status;
      control->fault_retry_after = hit->retry_after;
      return HandlerResponse::Unhandled;  // Router answers after the body.
    case FaultAction::kReset:
      if (hit->after_bytes > 0 && control->stream != nullptr) {
        // "Reset mid-body": take part of the request body first.
        control->stream->DiscardRequestBytes(
            static_cast<size_t>(hit->after_bytes));
      }
      control->mode = ConnectionControl::Mode::kDiscardAndReset;
      res.status = 500;  // Never sent.
      return HandlerResponse::Handled;
    case FaultAction::kDropResponse:
      control->mode = ConnectionControl::Mode::kDiscardAndReset;
      return HandlerResponse::Unhandled;  // Handled for real, then dropped.
    case FaultAction::kTruncate:
      control->mode = ConnectionControl::Mode::kTruncate;
      control->truncate_after = hit->after_bytes;
      return HandlerResponse::Unhandled;
    case FaultAction::kCorrupt:
      control->corrupt_body = true;
      return HandlerResponse::Unhandled;
    case FaultAction::kStall:
      return HandlerResponse::Unhandled;
  }
  return HandlerResponse::Unhandled;
}

// Runs right before the response is written (after compression).
void Emulator::Impl::PostRouting(const httplib::Request& req,
                                 httplib::Response& res) {
  ConnectionControl* control = CurrentConnectionControl();
  std::string fault_id;
  int64_t received_us = 0;
  bool peer_closed = false;
  if (control != nullptr) {
    if (control->corrupt_body) FlipBytes(res.body);
    fault_id = control->fault_id;
    received_us = control->received_us;
    peer_closed = control->peer_closed;
  }
  if (!options_.log_requests) return;
  RequestLogEntry entry;
  entry.method = req.method;
  entry.path = req.path;
  entry.query = RawQuery(req);
  entry.status = res.status;
  entry.content_type = req.get_header_value("Content-Type");
  entry.content_encoding = req.get_header_value("Content-Encoding");
  entry.expect = req.get_header_value("Expect");
  entry.body_size = req.body.size();
  entry.authorization_scheme = AuthorizationScheme(req);
  entry.fault = std::move(fault_id);
  entry.received_us = received_us;
  entry.peer_closed = peer_closed;
  request_log_.Add(std::move(entry));
}

absl::Status Emulator::Impl::Start() {
  RegisterRoutes();
  const size_t threads = static_cast<size_t>(std::max(2, options_.threads));
  server_.new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  server_.set_payload_max_length(kMaxPayloadBytes);
  server_.set_keep_alive_max_count(kKeepAliveMaxRequests);
  server_.set_keep_alive_timeout(kKeepAliveSeconds);
  server_.set_read_timeout(kIoTimeoutSeconds);
  server_.set_write_timeout(kIoTimeoutSeconds);
  server_.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        return PreRouting(req, res);
      });
  server_.set_post_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        PostRouting(req, res);
      });
  // httplib's own errors (malformed request, payload too large) get the
  // Integration error body too; our handlers' error bodies are kept.
  server_.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty())
          return httplib::Server::HandlerResponse::Unhandled;
        SendIntegrationError(req, res, res.status, StatusReason(res.status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  server_.set_exception_handler([](const httplib::Request& req,
                                   httplib::Response& res, std::exception_ptr) {
    SendIntegrationError(req, res, 500, "Internal Server Error");
  });
  // Debian's compiled httplib listens with a backlog of 5: a burst of
  // parallel chunk uploads then overflows the accept queue and clients see
  // read errors. Remember the socket and widen the backlog after bind.
  server_.set_socket_options([this](int sock) {
    httplib::default_socket_options(sock);
    listen_fd_ = sock;
  });
  const bool tls =
      !options_.tls_cert_file.empty() && !options_.tls_key_file.empty();
  router_.set_tls(tls);
  if (options_.port == 0 || tls) {
    // With TLS the plain port is loopback-only and ephemeral: the
    // requested host:port is the relay's.
    port_ = server_.bind_to_any_port(tls ? "127.0.0.1" : options_.host);
  } else if (server_.bind_to_port(options_.host, options_.port)) {
    port_ = options_.port;
  } else {
    port_ = -1;
  }
  if (port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot bind ", options_.host, ":", options_.port));
  }
  if (listen_fd_ >= 0) ::listen(listen_fd_, kListenBacklog);
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  started_ = true;
  if (tls) {
    auto front =
        TlsFront::Start(options_.host, options_.port, options_.tls_cert_file,
                        options_.tls_key_file, port_);
    if (!front.ok()) {
      Stop();
      return front.status();
    }
    tls_ = *std::move(front);
  }
  for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return absl::OkStatus();
}

void Emulator::Impl::Stop() {
  if (!started_) return;
  started_ = false;
  if (tls_ != nullptr) tls_->Stop();
  server_.stop();
  if (thread_.joinable()) thread_.join();
  if (!stopped_.HasBeenNotified()) stopped_.Notify();
}

absl::StatusOr<std::unique_ptr<Emulator>> Emulator::Start(
    const EmulatorOptions& options) {
  absl::StatusOr<std::string> fixture = LoadFixtureText(options.fixture_path);
  if (!fixture.ok()) return fixture.status();
  Settings settings;
  settings.task_polls_in_progress = options.task_polls_in_progress;
  settings.max_page_size = options.max_page_size;
  settings.token_ttl_seconds = options.token_ttl_seconds;
  settings.export_chunk_size = options.export_chunk_size;
  settings.sink_count = options.sink_mode == "count";
  absl::StatusOr<std::unique_ptr<State>> state =
      State::Create(settings, *std::move(fixture));
  if (!state.ok()) return state.status();
  auto impl = std::make_unique<Impl>(options, *std::move(state));
  if (absl::Status started = impl->Start(); !started.ok()) return started;
  return std::unique_ptr<Emulator>(new Emulator(std::move(impl)));
}

Emulator::Emulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Emulator::~Emulator() { Stop(); }

int Emulator::port() const { return impl_->port(); }

std::string Emulator::base_url() const {
  return absl::StrCat(impl_->tls() ? "https://" : "http://",
                      impl_->options().host, ":", impl_->port());
}

void Emulator::Stop() { impl_->Stop(); }
void Emulator::Wait() { impl_->Wait(); }
State& Emulator::state() { return impl_->state(); }
FaultRegistry& Emulator::faults() { return impl_->faults(); }
RequestLog& Emulator::request_log() { return impl_->request_log(); }

absl::Status Emulator::AddFaults(std::string_view json) {
  return impl_->faults().AddFromJson(json);
}

absl::Status Emulator::Reset() {
  absl::Status reset = impl_->state().Reset();
  impl_->faults().Clear();
  impl_->request_log().Clear();
  return reset;
}

}  // namespace anaplan::emulator
