// The limits the server enforces (per-caller concurrency, concurrent
// transfers, message size, thread quota), through a real in-process server
// on 127.0.0.1:0 over a mocked core whose calls block on a gate, so the
// number of calls that reached core is exact.
#include <dirent.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

#include "anaplan/v1/bulk.grpc.pb.h"
#include "anaplan_core/common/sync.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "service/concurrency_limiter.h"
#include "service/server.h"
#include "tests/unit/service/mock_bulk_connection.h"

namespace anaplan::service {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::StrictMock;

constexpr char kWs[] = "8a868cd985f53e7701860542f59e276e";
constexpr char kModel[] = "75A40874E6B64FA3AE0743278996850F";
constexpr char kCallerHeader[] = "x-test-caller";

/// Where blocked core calls wait until the test opens it.
class Gate {
 public:
  /// Counts the call in, then blocks until Open() (at most 60 s, so a
  /// failing test cannot hang).
  void Pass() {
    anaplan::MutexLock lock(&mu_);
    ++entered_;
    mu_.AwaitWithTimeout(anaplan::Condition(&open_), absl::Seconds(60));
  }
  void Open() {
    anaplan::MutexLock lock(&mu_);
    open_ = true;
  }
  /// True once `n` calls have entered (waits up to `timeout`).
  bool AwaitEntered(int n, absl::Duration timeout) {
    anaplan::MutexLock lock(&mu_);
    auto reached = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return entered_ >= n;
    };
    return mu_.AwaitWithTimeout(anaplan::Condition(&reached), timeout);
  }
  int entered() {
    anaplan::MutexLock lock(&mu_);
    return entered_;
  }

 private:
  anaplan::Mutex mu_;
  bool open_ ABSL_GUARDED_BY(mu_) = false;
  int entered_ ABSL_GUARDED_BY(mu_) = 0;
};

/// GetWorkspaces calls issued on one completion queue from the test thread,
/// so issuing many calls adds no client threads.
class AsyncCalls {
 public:
  struct Call {
    grpc::ClientContext context;
    v1::GetWorkspacesResponse response;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::GetWorkspacesResponse>>
        reader;
  };

  explicit AsyncCalls(v1::BulkService::Stub* stub) : stub_(stub) {}
  ~AsyncCalls() {
    for (auto& call : calls_) call->context.TryCancel();
    while (pending_ > 0 && Next(absl::Seconds(30)) != nullptr) {
    }
    cq_.Shutdown();
    void* tag;
    bool ok;
    while (cq_.Next(&tag, &ok)) {
    }
  }

  void Start(int n, const std::string& caller = "") {
    for (int i = 0; i < n; ++i) {
      auto call = std::make_unique<Call>();
      call->context.set_deadline(std::chrono::system_clock::now() +
                                 std::chrono::seconds(90));
      if (!caller.empty()) call->context.AddMetadata(kCallerHeader, caller);
      call->reader = stub_->AsyncGetWorkspaces(
          &call->context, v1::GetWorkspacesRequest(), &cq_);
      call->reader->Finish(&call->response, &call->status, call.get());
      calls_.push_back(std::move(call));
      ++pending_;
    }
  }

  /// The next call to finish, or nullptr after `timeout`.
  Call* Next(absl::Duration timeout) {
    void* tag = nullptr;
    bool ok = false;
    const auto status = cq_.AsyncNext(
        &tag, &ok, std::chrono::system_clock::now() + ToChrono(timeout));
    if (status != grpc::CompletionQueue::GOT_EVENT) return nullptr;
    --pending_;
    return static_cast<Call*>(tag);
  }

  int pending() const { return pending_; }

 private:
  static std::chrono::milliseconds ToChrono(absl::Duration d) {
    return std::chrono::milliseconds(absl::ToInt64Milliseconds(d));
  }

  v1::BulkService::Stub* stub_;
  grpc::CompletionQueue cq_;
  std::vector<std::unique_ptr<Call>> calls_;
  int pending_ = 0;
};

/// ErrorInfo.reason and the RetryInfo delay (-1 when absent) of a status.
struct Details {
  std::string reason;
  double retry_seconds = -1;
};

Details DetailsOf(const grpc::Status& status) {
  Details out;
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return out;
  for (const auto& any : rich.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&info)) out.reason = info.reason();
    if (any.UnpackTo(&retry)) {
      out.retry_seconds = static_cast<double>(retry.retry_delay().seconds()) +
                          retry.retry_delay().nanos() / 1e9;
    }
  }
  return out;
}

/// Threads of this process, from /proc/self/task.
int ThreadCount() {
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return -1;
  int count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

v1::UploadFileRequest UploadHeader() {
  v1::UploadFileRequest request;
  auto* header = request.mutable_header();
  header->set_workspace_id(kWs);
  header->set_model_id(kModel);
  header->mutable_file()->set_id(113000000000);
  return request;
}

class LimitsTest : public ::testing::Test {
 protected:
  void TearDown() override { gate_.Open(); }

  void Start(ServerOptions options) {
    options.listen = "127.0.0.1:0";
    ASSERT_TRUE(server_.BuildAndStart(options, mock_).ok());
    stub_ = v1::BulkService::NewStub(grpc::CreateChannel(
        server_.address(), grpc::InsecureChannelCredentials()));
  }

  /// GetWorkspaces in core blocks on the gate.
  void BlockGetWorkspaces() {
    ON_CALL(*mock_, GetWorkspaces(_, _))
        .WillByDefault(
            Invoke([this](const core::ListOptions&, const core::CallContext&)
                       -> absl::StatusOr<std::vector<core::Workspace>> {
              gate_.Pass();
              return std::vector<core::Workspace>{};
            }));
  }

  grpc::Status GetWorkspaces(const std::string& caller = "") {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    if (!caller.empty()) context.AddMetadata(kCallerHeader, caller);
    v1::GetWorkspacesResponse response;
    return stub_->GetWorkspaces(&context, v1::GetWorkspacesRequest(),
                                &response);
  }

  Gate gate_;
  std::shared_ptr<StrictMock<testing::MockBulkConnection>> mock_ =
      std::make_shared<StrictMock<testing::MockBulkConnection>>();
  Server server_;
  std::unique_ptr<v1::BulkService::Stub> stub_;
};

TEST(PeerHostTest, Table) {
  EXPECT_EQ(PeerHost("ipv4:127.0.0.1:50123"), "127.0.0.1");
  EXPECT_EQ(PeerHost("ipv4:10.1.2.3:1"), "10.1.2.3");
  EXPECT_EQ(PeerHost("ipv6:[::1]:50123"), "::1");
  EXPECT_EQ(PeerHost("ipv6:%5B2001:db8::7%5D:443"), "2001:db8::7");
  EXPECT_EQ(PeerHost("unix:/tmp/anaplan.sock"), "unix");
  EXPECT_EQ(PeerHost("other"), "other");
}

TEST(ConcurrencyLimiterTest, CountsAndReleases) {
  ConcurrencyLimiter limiter({/*max_calls_per_caller=*/2,
                              /*max_concurrent_transfers=*/1});
  auto a1 = limiter.AcquireFor("a", /*transfer=*/true);
  ASSERT_TRUE(a1.ok());
  // The transfer slot is taken; a refused call counts nothing.
  auto a2 = limiter.AcquireFor("a", /*transfer=*/true);
  EXPECT_EQ(a2.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(limiter.CallsInFlight("a"), 1);
  auto a3 = limiter.AcquireFor("a", /*transfer=*/false);
  ASSERT_TRUE(a3.ok());
  auto a4 = limiter.AcquireFor("a", /*transfer=*/false);
  EXPECT_EQ(a4.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(a4.status().message(), HasSubstr("--max_calls_per_caller"));
  EXPECT_TRUE(limiter.AcquireFor("b", /*transfer=*/false).ok());
  {
    ConcurrencyLimiter::Permit moved = *std::move(a1);
    EXPECT_EQ(limiter.TransfersInFlight(), 1);
  }
  EXPECT_EQ(limiter.TransfersInFlight(), 0);
  EXPECT_EQ(limiter.CallsInFlight("a"), 1);
  a3 = absl::ResourceExhaustedError("gone");  // drops the permit it held
  EXPECT_EQ(limiter.CallsInFlight("a"), 0);
}

TEST(ConcurrencyLimiterTest, ZeroDisablesLimits) {
  ConcurrencyLimiter limiter({0, 0});
  std::vector<ConcurrencyLimiter::Permit> permits;
  for (int i = 0; i < 100; ++i) {
    auto permit = limiter.AcquireFor("a", /*transfer=*/true);
    ASSERT_TRUE(permit.ok());
    permits.push_back(*std::move(permit));
  }
  EXPECT_EQ(limiter.TransfersInFlight(), 100);
}

TEST(LimitOptionsTest, ValidationNamesTheFlag) {
  struct Case {
    void (*mutate)(ServerOptions&);
    const char* flag;
  };
  const Case cases[] = {
      {[](ServerOptions& o) { o.limits.max_calls_per_caller = -1; },
       "--max_calls_per_caller"},
      {[](ServerOptions& o) { o.limits.max_concurrent_transfers = -1; },
       "--max_concurrent_transfers"},
      {[](ServerOptions& o) { o.max_threads = 2; }, "--max_threads"},
      {[](ServerOptions& o) { o.max_connection_age = absl::Hours(24 * 30); },
       "--max_connection_age_seconds"},
      {[](ServerOptions& o) { o.max_connection_age_grace = absl::Seconds(-1); },
       "--max_connection_age_grace_seconds"},
  };
  for (const Case& c : cases) {
    ServerOptions options;
    c.mutate(options);
    absl::Status status = ValidateServerOptions(options);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.flag;
    EXPECT_THAT(status.message(), HasSubstr(c.flag));
  }
  ServerOptions unlimited;
  unlimited.limits = {0, 0};
  unlimited.max_threads = 0;
  unlimited.max_connection_age = absl::ZeroDuration();
  EXPECT_TRUE(ValidateServerOptions(unlimited).ok());
}

// The only test of this executable that parses flags (process-global).
TEST(LimitOptionsTest, FlagsAndEnvironmentReachTheOptions) {
  setenv("ANAPLAN_GRPC_MAX_THREADS", "12", 1);
  std::vector<std::string> args = {"server", "--max_calls_per_caller=5",
                                   "--max_concurrent_transfers=3",
                                   "--max_connection_age_seconds=60",
                                   "--max_connection_age_grace_seconds=7"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  absl::StatusOr<ServerOptions> options =
      ParseServerFlags(static_cast<int>(argv.size()), argv.data());
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->limits.max_calls_per_caller, 5);
  EXPECT_EQ(options->limits.max_concurrent_transfers, 3);
  EXPECT_EQ(options->max_threads, 12);
  EXPECT_EQ(options->max_connection_age, absl::Seconds(60));
  EXPECT_EQ(options->max_connection_age_grace, absl::Seconds(7));
}

TEST_F(LimitsTest, CallerOverItsLimitGetsResourceExhaustedWithRetryInfo) {
  ServerOptions options;
  options.limits.max_calls_per_caller = 2;
  Start(options);
  BlockGetWorkspaces();
  EXPECT_CALL(*mock_, GetWorkspaces(_, _)).Times(3);  // 2 blocked + 1 later

  AsyncCalls blocked(stub_.get());
  blocked.Start(2);
  ASSERT_TRUE(gate_.AwaitEntered(2, absl::Seconds(30)));
  EXPECT_EQ(server_.limiter()->CallsInFlight("127.0.0.1"), 2);

  grpc::Status refused = GetWorkspaces();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("--max_calls_per_caller"));
  const Details details = DetailsOf(refused);
  EXPECT_EQ(details.reason, "CALLER_CONCURRENCY_LIMIT");
  EXPECT_EQ(details.retry_seconds, 1.0);
  EXPECT_EQ(gate_.entered(), 2);  // the refused call never reached core

  gate_.Open();
  for (int i = 0; i < 2; ++i) {
    AsyncCalls::Call* call = blocked.Next(absl::Seconds(30));
    ASSERT_NE(call, nullptr);
    EXPECT_TRUE(call->status.ok()) << call->status.error_message();
  }
  // Slots are given back: the next call is admitted.
  EXPECT_TRUE(GetWorkspaces().ok());
  EXPECT_EQ(server_.limiter()->CallsInFlight("127.0.0.1"), 0);
}

TEST_F(LimitsTest, CallerKeyIsPluggable) {
  ServerOptions options;
  options.limits.max_calls_per_caller = 1;
  options.caller_key = [](const grpc::ServerContextBase& context) {
    const auto& metadata = context.client_metadata();
    auto it = metadata.find(kCallerHeader);
    return it == metadata.end()
               ? std::string("anonymous")
               : std::string(it->second.data(), it->second.size());
  };
  Start(options);
  BlockGetWorkspaces();
  EXPECT_CALL(*mock_, GetWorkspaces(_, _)).Times(2);

  AsyncCalls blocked(stub_.get());
  blocked.Start(1, "alice");
  ASSERT_TRUE(gate_.AwaitEntered(1, absl::Seconds(30)));
  EXPECT_EQ(GetWorkspaces("alice").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Same peer address, another caller: admitted.
  blocked.Start(1, "bob");
  ASSERT_TRUE(gate_.AwaitEntered(2, absl::Seconds(30)));
  EXPECT_EQ(server_.limiter()->CallsInFlight("alice"), 1);
  EXPECT_EQ(server_.limiter()->CallsInFlight("bob"), 1);
  gate_.Open();
}

TEST_F(LimitsTest, TransfersOverTheLimitAreRefusedButUnaryCallsPass) {
  ServerOptions options;
  options.limits.max_concurrent_transfers = 1;
  Start(options);
  EXPECT_CALL(*mock_, UploadFile(_, _, _, _, _))
      .WillOnce(Invoke(
          [this](
              const core::ModelRef&, const core::ObjectRef&,
              core::ByteSource& source, const core::UploadOptions&,
              const core::CallContext&) -> absl::StatusOr<core::UploadResult> {
            gate_.Pass();
            int64_t bytes = 0;
            for (;;) {
              auto next = source.Next();
              if (!next.ok()) return next.status();
              if (!next->has_value()) break;
              bytes += static_cast<int64_t>((*next)->size());
            }
            core::UploadResult result;
            result.bytes_received = bytes;
            return result;
          }));
  EXPECT_CALL(*mock_, GetWorkspaces(_, _))
      .WillOnce(Invoke([](const core::ListOptions&, const core::CallContext&)
                           -> absl::StatusOr<std::vector<core::Workspace>> {
        return std::vector<core::Workspace>{};
      }));

  grpc::ClientContext first_context;
  v1::UploadFileResponse first_response;
  auto first = stub_->UploadFile(&first_context, &first_response);
  ASSERT_TRUE(first->Write(UploadHeader()));
  ASSERT_TRUE(gate_.AwaitEntered(1, absl::Seconds(30)));
  EXPECT_EQ(server_.limiter()->TransfersInFlight(), 1);

  {  // A second upload is refused before it reaches core.
    grpc::ClientContext context;
    v1::UploadFileResponse response;
    auto second = stub_->UploadFile(&context, &response);
    second->Write(UploadHeader());
    second->WritesDone();
    grpc::Status status = second->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT(status.error_message(),
                HasSubstr("--max_concurrent_transfers"));
    EXPECT_EQ(DetailsOf(status).reason, "TRANSFER_CONCURRENCY_LIMIT");
    EXPECT_EQ(DetailsOf(status).retry_seconds, 5.0);
  }
  {  // So is a download (ResolveFile is not expected: StrictMock).
    grpc::ClientContext context;
    v1::GetFileRequest request;
    request.set_workspace_id(kWs);
    request.set_model_id(kModel);
    request.mutable_file()->set_id(113000000000);
    auto reader = stub_->GetFile(&context, request);
    v1::FileChunk chunk;
    EXPECT_FALSE(reader->Read(&chunk));
    EXPECT_EQ(reader->Finish().error_code(),
              grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  EXPECT_TRUE(GetWorkspaces().ok());  // not a transfer

  gate_.Open();
  v1::UploadFileRequest data;
  data.set_data("abc");
  ASSERT_TRUE(first->Write(data));
  first->WritesDone();
  ASSERT_TRUE(first->Finish().ok());
  EXPECT_EQ(first_response.bytes_received(), 3);
  EXPECT_EQ(server_.limiter()->TransfersInFlight(), 0);
}

TEST_F(LimitsTest, OversizedRequestIsResourceExhaustedBeforeCore) {
  ServerOptions options;
  options.max_receive_message_bytes = 64 << 10;
  Start(options);
  // No expectation on the StrictMock: core must not be called.
  grpc::ClientContext context;
  v1::GetWorkspacesRequest request;
  request.set_search_pattern(std::string(100 << 10, 'x'));
  v1::GetWorkspacesResponse response;
  grpc::Status status = stub_->GetWorkspaces(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(LimitsTest, ThreadQuotaBoundsServerThreads) {
  constexpr int kMaxThreads = 8;
  constexpr int kCalls = 40;
  ServerOptions options;
  options.limits = {0, 0};  // only the thread quota limits
  options.max_threads = kMaxThreads;
  Start(options);
  BlockGetWorkspaces();
  EXPECT_CALL(*mock_, GetWorkspaces(_, _)).Times(::testing::AtLeast(1));

  AsyncCalls calls(stub_.get());
  calls.Start(1);  // warm up the channel and the server's pollers
  ASSERT_TRUE(gate_.AwaitEntered(1, absl::Seconds(30)));
  const int baseline = ThreadCount();

  calls.Start(kCalls - 1);
  // Every call either reached core (and blocks there) or was refused.
  int refused = 0;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (gate_.entered() + refused < kCalls && absl::Now() < deadline) {
    AsyncCalls::Call* call = calls.Next(absl::Milliseconds(100));
    if (call == nullptr) continue;
    EXPECT_EQ(call->status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << call->status.error_message();
    ++refused;
  }
  ASSERT_EQ(gate_.entered() + refused, kCalls);
  const int peak = ThreadCount();
  EXPECT_LE(gate_.entered(), kMaxThreads);
  EXPECT_GE(refused, kCalls - kMaxThreads);
  // Without the quota each blocked call holds a thread (40 more); the
  // slack covers gRPC's own helper threads.
  EXPECT_LE(peak, baseline + kMaxThreads + 4);

  gate_.Open();
  while (calls.pending() > 0) {
    AsyncCalls::Call* call = calls.Next(absl::Seconds(30));
    ASSERT_NE(call, nullptr);
    EXPECT_TRUE(call->status.ok()) << call->status.error_message();
  }
  EXPECT_TRUE(GetWorkspaces().ok());  // threads came back
}

}  // namespace
}  // namespace anaplan::service
