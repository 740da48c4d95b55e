#include "emulator/tls_front.h"

#include <poll.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace anaplan::emulator {
namespace {

constexpr int kPollMs = 200;

SSL_CTX* Ctx(void* p) { return static_cast<SSL_CTX*>(p); }

int ConnectBackend(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TlsFront>> TlsFront::Start(
    const std::string& host, int port, const std::string& cert_file,
    const std::string& key_file, int backend_port) {
  std::unique_ptr<TlsFront> front(new TlsFront());
  front->backend_port_ = backend_port;
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  front->ssl_ctx_ = ctx;
  if (ctx == nullptr ||
      SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) !=
          1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot load the TLS certificate ", cert_file, " and key ", key_file));
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  front->listen_fd_ = fd;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host.c_str(),
                  &addr.sin_addr) != 1 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(fd, 256) != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot bind TLS port ", host, ":", port));
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  front->port_ = ntohs(addr.sin_port);
  TlsFront* raw = front.get();
  front->acceptor_ = std::thread([raw] { raw->AcceptLoop(); });
  return front;
}

TlsFront::~TlsFront() {
  Stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  SSL_CTX_free(Ctx(ssl_ctx_));
}

void TlsFront::Stop() {
  if (stopping_.exchange(true)) return;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<RelayThread> relays;
  {
    anaplan::MutexLock lock(&mu_);
    relays.swap(relays_);
  }
  for (RelayThread& r : relays) r.thread.join();
}

void TlsFront::AcceptLoop() {
  while (!stopping_.load()) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, kPollMs) <= 0) continue;
    const int client = ::accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    anaplan::MutexLock lock(&mu_);
    ReapFinished();
    auto done = std::make_shared<std::atomic<bool>>(false);
    relays_.push_back(RelayThread{std::thread([this, client, done] {
                                    Relay(client);
                                    done->store(true);
                                  }),
                                  done});
  }
}

void TlsFront::ReapFinished() {
  for (auto it = relays_.begin(); it != relays_.end();) {
    if (it->done->load()) {
      it->thread.join();
      it = relays_.erase(it);
    } else {
      ++it;
    }
  }
}

// Pumps bytes both ways until either side closes or Stop() is called.
void TlsFront::Relay(int client_fd) {
  // A client that never finishes its handshake must not pin Stop().
  timeval timeout{10, 0};
  ::setsockopt(client_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  SSL* ssl = SSL_new(Ctx(ssl_ctx_));
  SSL_set_fd(ssl, client_fd);
  const int backend = SSL_accept(ssl) == 1 ? ConnectBackend(backend_port_) : -1;
  char buf[16384];
  while (backend >= 0 && !stopping_.load()) {
    pollfd fds[2] = {{client_fd, POLLIN, 0}, {backend, POLLIN, 0}};
    // Bytes OpenSSL already decrypted are not visible to poll().
    if (SSL_pending(ssl) == 0 && ::poll(fds, 2, kPollMs) <= 0) continue;
    if (SSL_pending(ssl) > 0 || (fds[0].revents & (POLLIN | POLLHUP))) {
      const int n = SSL_read(ssl, buf, sizeof(buf));
      if (n <= 0) {
        const int err = SSL_get_error(ssl, n);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) continue;
        break;
      }
      if (::send(backend, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) {
        break;
      }
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = ::recv(backend, buf, sizeof(buf), 0);
      if (n <= 0) break;
      if (SSL_write(ssl, buf, static_cast<int>(n)) <= 0) break;
    }
  }
  if (backend >= 0) ::close(backend);
  SSL_shutdown(ssl);
  SSL_free(ssl);
  ::close(client_fd);
  ERR_clear_error();
}

}  // namespace anaplan::emulator
