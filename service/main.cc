// anaplan-grpc-server: flags/environment -> ServerOptions -> BuildAndStart,
// then wait for SIGTERM/SIGINT and shut down gracefully (exit 0): readiness
// NOT_SERVING, new calls refused, calls in flight drained for
// --shutdown_grace_seconds then cancelled, token logged out.
#include <malloc.h>
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "service/logging.h"
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
  using anaplan::service::LogEvent;
  using anaplan::service::LogLevel;
  // Chunk buffers (MBs each) must go back to the OS when freed. glibc's
  // dynamic mmap threshold rises to the size of the first such buffer
  // freed, after which they come from per-thread arenas that keep their
  // pages: RSS then stays at the worst mix ever seen (measured: 200 MB
  // retained after a 200 MiB upload, ~32 MB with this). A fixed threshold
  // turns that off; 4 MiB keeps gRPC's messages (<= 1 MiB) in the arenas.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  // Fixing the mmap threshold also pins the trim threshold at 128 KiB, so
  // every freed 1 MiB gRPC message buffer went back to the kernel and was
  // faulted in again for the next message (a third of GetFile's CPU).
  // Keeping 4 MiB of free heap costs ~16 MB of idle RSS (bench/RESULTS.md).
  mallopt(M_TRIM_THRESHOLD, 4 << 20);
  absl::StatusOr<anaplan::service::ServerOptions> options =
      anaplan::service::ParseServerFlags(argc, argv);
  if (!options.ok()) {
    std::cerr << "anaplan-grpc-server: " << options.status() << "\n";
    return 2;
  }
  // Validated by ParseServerFlags.
  anaplan::service::ConfigureLogging(
      *anaplan::service::ParseLogFormat(options->log_format),
      *anaplan::service::ParseLogLevel(options->log_level));
  const sigset_t signals = BlockShutdownSignals();

  anaplan::service::Server server;
  absl::Status status = server.BuildAndStart(*options);
  if (!status.ok()) {
    LogEvent(LogLevel::kError, "start_failed",
             {{"code", absl::StatusCodeToString(status.code())},
              {"message", status.message()}});
    return 1;
  }
  LogEvent(LogLevel::kInfo, "listening", {{"address", server.address()}});
  // Scripts and tests wait for this exact line on stdout.
  std::cout << "anaplan-grpc-server listening on " << server.address()
            << std::endl;

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  const absl::Time begun = absl::Now();
  LogEvent(LogLevel::kInfo, "shutdown_started",
           {{"signal", signal_number},
            {"grace_ms", absl::ToInt64Milliseconds(options->shutdown_grace)}});
  server.Shutdown(options->shutdown_grace);
  server.Wait();
  server.Close();
  LogEvent(LogLevel::kInfo, "shutdown_complete",
           {{"duration_ms", absl::ToDoubleMilliseconds(absl::Now() - begun)}});
  return 0;
}
