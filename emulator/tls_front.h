#ifndef ANAPLAN_EMULATOR_TLS_FRONT_H_
#define ANAPLAN_EMULATOR_TLS_FRONT_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"

#include "anaplan_core/common/sync.h"

namespace anaplan::emulator {

/// HTTPS for the emulator: accepts TLS connections on its own port and
/// relays the decrypted bytes to the plain HTTP port on 127.0.0.1, so every
/// route, fault and log works unchanged behind it. The certificate and key
/// are PEM files (tests generate them with the openssl CLI).
class TlsFront {
 public:
  /// Binds host:port (0 = ephemeral) and starts accepting.
  /// \error INVALID_ARGUMENT for an unreadable certificate or key;
  ///   UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<TlsFront>> Start(
      const std::string& host, int port, const std::string& cert_file,
      const std::string& key_file, int backend_port);
  ~TlsFront();
  TlsFront(const TlsFront&) = delete;
  TlsFront& operator=(const TlsFront&) = delete;

  int port() const { return port_; }
  /// Stops accepting, ends every relay and joins the threads. Idempotent.
  void Stop();

 private:
  TlsFront() = default;
  void AcceptLoop();
  void Relay(int client_fd);
  /// Joins relays that have finished (called by the acceptor).
  void ReapFinished() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  struct RelayThread {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  void* ssl_ctx_ = nullptr;  // SSL_CTX*
  int listen_fd_ = -1;
  int port_ = 0;
  int backend_port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  anaplan::Mutex mu_;
  std::vector<RelayThread> relays_ ABSL_GUARDED_BY(mu_);
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_TLS_FRONT_H_
