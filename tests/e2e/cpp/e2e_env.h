#ifndef ANAPLAN_TESTS_E2E_CPP_E2E_ENV_H_
#define ANAPLAN_TESTS_E2E_CPP_E2E_ENV_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"

#include "anaplan/v1/bulk.grpc.pb.h"
#include "emulator/emulator.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "service/server.h"

namespace anaplan::e2e {

/// Seeded ids of the emulator's demo fixture.
inline constexpr char kWorkspace[] = "8a868cd985f53e7701860542f59e276e";
inline constexpr char kModel[] = "75A40874E6B64FA3AE0743278996850F";
inline constexpr int64_t kEmployeesFile = 113000000000;
inline constexpr int64_t kSalesFile = 113000000001;
inline constexpr int64_t kEmployeesImport = 112000000000;
inline constexpr int64_t kSalesImport = 112000000001;
inline constexpr int64_t kEmployeesExport = 116000000000;
inline constexpr int64_t kDeleteAction = 117000000000;
inline constexpr int64_t kOptimizerAction = 117000000001;
inline constexpr int64_t kProcess = 118000000000;

/// What GET /__emulator/files/{ws}/{model}/{id} reports.
struct EmulatorFileInfo {
  int64_t size = 0;
  std::string sha256;
  int64_t chunk_count = 0;
  int64_t complete_calls = 0;
  int64_t chunk_put_attempts = 0;
};

/// Per-test environment: the emulator on 127.0.0.1:0, the service on
/// 127.0.0.1:0 pointed at it with the demo user's credentials, and a stub
/// over a real channel. Retries are fast (10 ms backoff, 4 attempts).
class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// POSTs fault rules (JSON object or array) to /__emulator/faults.
  void AddFaults(const std::string& json);
  /// The emulator's bookkeeping of a file of the demo model.
  EmulatorFileInfo FileInfo(int64_t file_id);
  /// Sum of the `fired` counters of every armed fault rule.
  int64_t FaultsFired();
  /// POST /__emulator/tokens/expire.
  void ExpireTokens();

  /// Uploads `data` in `piece`-byte messages with the given chunk size.
  grpc::Status Upload(int64_t file_id, const std::string& data,
                      int64_t chunk_size, v1::UploadFileResponse* response,
                      size_t piece = 64 * 1024);
  /// Reads the whole GetFile stream; the status is stored in `status`.
  std::string Download(int64_t file_id, grpc::Status* status);

  /// A ClientContext with a deadline of `seconds` from now.
  static std::unique_ptr<grpc::ClientContext> Context(int seconds = 60);

  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<service::Server> server_;
  std::unique_ptr<v1::BulkService::Stub> stub_;
};

/// `n` deterministic pseudo-random bytes.
std::string TestBytes(size_t n, uint32_t seed = 1);
/// SHA-256 of `data`, lower-case hex.
std::string Sha256Hex(const std::string& data);
/// The google.rpc.Status in a grpc::Status's binary details.
google::rpc::Status RichStatus(const grpc::Status& status);
/// The ErrorInfo detail, or an empty one.
google::rpc::ErrorInfo ErrorInfoOf(const google::rpc::Status& rich);
/// True and `task` filled when an anaplan.v1.TaskStatus detail is present.
bool TaskStatusOf(const google::rpc::Status& rich, v1::TaskStatus* task);

}  // namespace anaplan::e2e

#endif  // ANAPLAN_TESTS_E2E_CPP_E2E_ENV_H_
