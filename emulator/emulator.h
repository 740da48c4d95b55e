#ifndef ANAPLAN_EMULATOR_EMULATOR_H_
#define ANAPLAN_EMULATOR_EMULATOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "emulator/faults.h"
#include "emulator/request_log.h"
#include "emulator/state.h"

namespace anaplan::emulator {

/// How to start an Emulator.
struct EmulatorOptions {
  std::string host = "127.0.0.1";
  /// 0 binds an ephemeral port (read it back with Emulator::port()).
  int port = 0;
  /// Fixture JSON; empty = the built-in demo fixture (fixtures/demo.json,
  /// embedded into the binary at build time).
  std::string fixture_path;
  /// Lifetime of issued tokens (Anaplan: 35 minutes).
  int token_ttl_seconds = 2100;
  /// IN_PROGRESS polls before a task completes (0 = first poll completes).
  int task_polls_in_progress = 1;
  /// Server-side cap on page sizes (`limit`).
  int max_page_size = 5000;
  /// Record every request in the request log (GET /__emulator/requests).
  bool log_requests = true;
  /// Export output is split into server chunks of this many bytes.
  int64_t export_chunk_size = 10 * 1024 * 1024;
  /// Worker threads; each open keep-alive connection holds one.
  int threads = 64;
  /// "store" keeps uploaded chunks; "count" keeps only their sizes and the
  /// file's SHA-256 (emulator/sink.h).
  std::string sink_mode = "store";
  /// PEM certificate (chain) and key files: when both are set, `port`
  /// serves HTTPS (a TLS relay in front of a loopback HTTP port) and
  /// base_url() starts with https://.
  std::string tls_cert_file;
  std::string tls_key_file;
};

/// A local Anaplan (auth + Integration/Bulk API) on one HTTP port, for tests
/// and demos. See emulator/README.md for routes, seeded ids and controls.
///
///   auto emulator = Emulator::Start({});      // ephemeral port
///   std::string url = (*emulator)->base_url(); // "http://127.0.0.1:PORT"
class Emulator {
 public:
  /// Loads the fixture, binds the port and serves on a background thread;
  /// returns once the server accepts connections.
  /// \error NotFound / InvalidArgument for an unreadable / malformed fixture.
  /// \error Unavailable when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Emulator>> Start(
      const EmulatorOptions& options);

  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;
  /// Stops the server (see Stop()).
  ~Emulator();

  /// The bound port.
  int port() const;
  /// "http://HOST:PORT", or "https://HOST:PORT" with TLS.
  std::string base_url() const;

  /// Stops accepting, closes connections and joins the server thread.
  /// Idempotent.
  void Stop();
  /// Blocks until Stop() is called from another thread (or a signal handler
  /// thread).
  void Wait();

  /// The mutable state (lock state().mu() to read or change it).
  State& state();
  /// Fault rules, as POST /__emulator/faults manages them.
  FaultRegistry& faults();
  /// The request log, as GET /__emulator/requests shows it.
  RequestLog& request_log();

  /// Adds fault rules from JSON (object or array; see FaultRegistry).
  /// \error InvalidArgument for a malformed rule.
  absl::Status AddFaults(std::string_view json);
  /// Reloads the fixture and clears tokens, tasks, faults and the log.
  absl::Status Reset();

 private:
  class Impl;
  explicit Emulator(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_EMULATOR_H_
