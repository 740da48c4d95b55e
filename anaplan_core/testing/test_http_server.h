#ifndef ANAPLAN_CORE_TESTING_TEST_HTTP_SERVER_H_
#define ANAPLAN_CORE_TESTING_TEST_HTTP_SERVER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "httplib.h"

namespace anaplan::testing {

/// A tiny HTTP server on 127.0.0.1 and an ephemeral port, for transport
/// tests (cpp-httplib). Register handlers on server(), then Start(); the
/// destructor stops the server and joins its thread, so handlers that wait
/// should poll stopping() to return quickly.
class TestHttpServer {
 public:
  TestHttpServer();
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  httplib::Server& server() { return *server_; }
  /// Binds and starts serving; FAILED_PRECONDITION when binding fails.
  absl::Status Start();
  /// "http://127.0.0.1:<port>".
  std::string url() const;
  int port() const { return port_; }
  /// True once the destructor began; long handlers should return.
  bool stopping() const { return stopping_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
};

/// `data` compressed as a gzip stream (for Content-Encoding tests).
std::string GzipForTest(absl::string_view data);

}  // namespace anaplan::testing

#endif  // ANAPLAN_CORE_TESTING_TEST_HTTP_SERVER_H_
