// anaplan-grpc-server: flags/environment -> ServerOptions -> BuildAndStart,
// then wait for SIGTERM/SIGINT and shut down gracefully (exit 0).
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

#include "service/server.h"
#include "service/server_options.h"

namespace {

/// Blocks SIGTERM and SIGINT in this thread and, by inheritance, in every
/// thread gRPC starts later, so that only sigwait() below receives them.
sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  absl::StatusOr<anaplan::service::ServerOptions> options =
      anaplan::service::ParseServerFlags(argc, argv);
  if (!options.ok()) {
    std::cerr << "anaplan-grpc-server: " << options.status() << "\n";
    return 2;
  }
  const sigset_t signals = BlockShutdownSignals();

  anaplan::service::Server server;
  absl::Status status = server.BuildAndStart(*options);
  if (!status.ok()) {
    std::cerr << "anaplan-grpc-server: " << status << "\n";
    return 1;
  }
  std::cout << "anaplan-grpc-server listening on " << server.address()
            << std::endl;

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::cerr << "anaplan-grpc-server: signal " << signal_number
            << ", shutting down\n";
  server.Shutdown(options->shutdown_grace);
  server.Wait();
  return 0;
}
