// anaplan-grpc-server: flags/environment -> ServerOptions -> BuildAndStart,
// then wait for SIGTERM/SIGINT and shut down gracefully (exit 0).
#include <malloc.h>
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
  // Chunk buffers (MBs each) must go back to the OS when freed. glibc's
  // dynamic mmap threshold rises to the size of the first such buffer
  // freed, after which they come from per-thread arenas that keep their
  // pages: RSS then stays at the worst mix ever seen (measured: 200 MB
  // retained after a 200 MiB upload, ~32 MB with this). A fixed threshold
  // turns that off; 4 MiB keeps gRPC's messages (<= 1 MiB) in the arenas.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
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
