#include "anaplan_core/testing/test_http_server.h"

#include <stdlib.h>
#include <zlib.h>

#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace anaplan::testing {

namespace {

// libcurl honours http_proxy; loopback test traffic must bypass any proxy.
void BypassProxyForLoopback() {
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    const char* current = std::getenv(name);
    std::string value = current == nullptr ? "" : current;
    if (absl::StrContains(value, "127.0.0.1")) continue;
    value = value.empty() ? "127.0.0.1,localhost"
                          : absl::StrCat(value, ",127.0.0.1,localhost");
    setenv(name, value.c_str(), 1);
  }
}

}  // namespace

TestHttpServer::TestHttpServer()
    : server_(std::make_unique<httplib::Server>()) {
  BypassProxyForLoopback();
}

TestHttpServer::~TestHttpServer() {
  stopping_ = true;
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

absl::Status TestHttpServer::Start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    return absl::FailedPreconditionError("cannot bind 127.0.0.1");
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs; wait for it so the
  // destructor can always stop the server.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!server_->is_running() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  return absl::OkStatus();
}

std::string TestHttpServer::url() const {
  return absl::StrCat("http://127.0.0.1:", port_);
}

std::string GzipForTest(absl::string_view data) {
  z_stream stream{};
  // windowBits 15 + 16 selects the gzip wrapper.
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
               Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace anaplan::testing
