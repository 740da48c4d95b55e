#include "service/metrics_http.h"

#include <httplib.h>

#include <chrono>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

#include "service/metrics_registry.h"

#include <sys/socket.h>

namespace anaplan::service {

MetricsHttpServer::MetricsHttpServer(std::function<std::string()> render)
    : render_(std::move(render)) {}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

absl::Status MetricsHttpServer::Start(const std::string& listen) {
  if (server_ != nullptr) return absl::FailedPreconditionError("started");
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(listen).substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen must be host:port, got '", listen, "'"));
  }
  absl::string_view host = absl::string_view(listen).substr(0, colon);
  // "[::1]:9464" -> "::1"; an empty host means every interface.
  if (absl::ConsumePrefix(&host, "[")) absl::ConsumeSuffix(&host, "]");
  const std::string bind_host = host.empty() ? "0.0.0.0" : std::string(host);

  server_ = std::make_unique<httplib::Server>();
  // httplib's default adds SO_REUSEPORT, which would let a second server
  // share the port silently: a clash must fail instead.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_->Get("/metrics",
               [this](const httplib::Request&, httplib::Response& response) {
                 response.set_content(render_(), kMetricsContentType);
               });
  if (port == 0) {
    port_ = server_->bind_to_any_port(bind_host);
  } else if (server_->bind_to_port(bind_host, port)) {
    port_ = port;
  }
  if (port_ <= 0) {
    server_.reset();
    port_ = 0;
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen, " for metrics"));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() before the loop runs would be lost (the loop then never ends):
  // wait until it runs.
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return absl::OkStatus();
}

void MetricsHttpServer::Stop() {
  if (server_ == nullptr) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace anaplan::service
