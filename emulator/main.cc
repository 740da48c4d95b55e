// anaplan-emulator: serves the Anaplan auth + Bulk API locally.
//   anaplan-emulator --port=8080 --fault='{"path":"/chunks/","status":503}'
// Prints "anaplan-emulator listening on http://HOST:PORT" once it accepts
// connections; SIGTERM/SIGINT stop it cleanly.

#include <signal.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"

#include "emulator/emulator.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "Address to listen on.");
ABSL_FLAG(int, port, 0, "Port to listen on; 0 picks a free one.");
ABSL_FLAG(std::string, port_file, "",
          "If set, the bound port is written to this file once listening.");
ABSL_FLAG(std::string, fixture, "",
          "Fixture JSON; empty uses the built-in demo fixture.");
ABSL_FLAG(int, token_ttl_seconds, 2100, "Lifetime of issued tokens.");
ABSL_FLAG(int, task_polls_in_progress, 1,
          "Task status polls answered IN_PROGRESS before COMPLETE.");
ABSL_FLAG(int, max_page_size, 5000, "Server-side cap on page sizes.");
ABSL_FLAG(int64_t, export_chunk_size, 10 * 1024 * 1024,
          "Export output is split into chunks of this many bytes.");
ABSL_FLAG(int, threads, 64, "HTTP worker threads.");
ABSL_FLAG(std::string, sink_mode, "store",
          "store: keep uploaded chunks; count: gunzip and hash them, keep "
          "only sizes and the SHA-256 (for benchmarks).");
ABSL_FLAG(bool, log_requests, true,
          "Keep a request log (GET /__emulator/requests).");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate (chain): with --tls_key_file, serve HTTPS.");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key for HTTPS.");
// Parsed by hand (see ExtractFaults) because it may be repeated; declared so
// that --help lists it.
ABSL_FLAG(std::string, fault, "",
          "Fault rule JSON (object or array), as POST /__emulator/faults "
          "takes it. Repeatable.");

namespace {

// Removes every --fault occurrence from argv and returns their values.
std::vector<std::string> ExtractFaults(int& argc, char** argv) {
  std::vector<std::string> faults;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--fault" || arg == "-fault") {
      if (i + 1 < argc) faults.push_back(argv[++i]);
      continue;
    }
    for (const char* prefix : {"--fault=", "-fault="}) {
      if (arg.rfind(prefix, 0) == 0) {
        faults.push_back(arg.substr(std::strlen(prefix)));
        arg.clear();
        break;
      }
    }
    if (!arg.empty()) argv[out++] = argv[i];
  }
  argc = out;
  return faults;
}

bool WritePortFile(const std::string& path, int port) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::trunc);
    if (!(file << port << "\n")) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Local Anaplan auth + Integration (Bulk) API emulator.");
  std::vector<std::string> faults = ExtractFaults(argc, argv);
  absl::ParseCommandLine(argc, argv);

  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  anaplan::emulator::EmulatorOptions options;
  options.host = absl::GetFlag(FLAGS_host);
  options.port = absl::GetFlag(FLAGS_port);
  options.fixture_path = absl::GetFlag(FLAGS_fixture);
  options.token_ttl_seconds = absl::GetFlag(FLAGS_token_ttl_seconds);
  options.task_polls_in_progress = absl::GetFlag(FLAGS_task_polls_in_progress);
  options.max_page_size = absl::GetFlag(FLAGS_max_page_size);
  options.export_chunk_size = absl::GetFlag(FLAGS_export_chunk_size);
  options.threads = absl::GetFlag(FLAGS_threads);
  options.log_requests = absl::GetFlag(FLAGS_log_requests);
  options.sink_mode = absl::GetFlag(FLAGS_sink_mode);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  if (options.sink_mode != "store" && options.sink_mode != "count") {
    std::cerr << "anaplan-emulator: --sink_mode must be store or count"
              << std::endl;
    return 2;
  }

  auto emulator = anaplan::emulator::Emulator::Start(options);
  if (!emulator.ok()) {
    std::cerr << "anaplan-emulator: " << emulator.status() << std::endl;
    return 1;
  }
  for (const std::string& fault : faults) {
    if (absl::Status added = (*emulator)->AddFaults(fault); !added.ok()) {
      std::cerr << "anaplan-emulator: --fault: " << added << std::endl;
      return 2;
    }
  }
  const std::string port_file = absl::GetFlag(FLAGS_port_file);
  if (!port_file.empty() && !WritePortFile(port_file, (*emulator)->port())) {
    std::cerr << "anaplan-emulator: cannot write " << port_file << std::endl;
    return 1;
  }
  std::cout << "anaplan-emulator listening on " << (*emulator)->base_url()
            << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  (*emulator)->Stop();
  return 0;
}
