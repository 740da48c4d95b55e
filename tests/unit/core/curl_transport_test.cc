#include "anaplan_core/http/curl_transport.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include <curl/curl.h>

#include "anaplan_core/common/sync.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/testing/status_matchers.h"
#include "anaplan_core/testing/test_http_server.h"

namespace anaplan::core {
namespace {

using ::anaplan::testing::GzipForTest;
using ::anaplan::testing::IsOk;
using ::anaplan::testing::StatusIs;
using ::anaplan::testing::TestHttpServer;
using ::testing::HasSubstr;

class CurlTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = server_.server();
    s.Get("/hello",
          [this](const httplib::Request& req, httplib::Response& res) {
            anaplan::MutexLock lock(&mu_);
            remote_ports_.push_back(req.remote_port);
            last_headers_ = req.headers;
            res.set_header("X-Request-Id", "rid-1");
            res.set_content(R"({"ok":true})", "application/json");
          });
    s.Put("/upload",
          [this](const httplib::Request& req, httplib::Response& res) {
            anaplan::MutexLock lock(&mu_);
            last_headers_ = req.headers;
            last_body_ = req.body;
            res.status = 204;
          });
    s.Post("/post",
           [this](const httplib::Request& req, httplib::Response& res) {
             anaplan::MutexLock lock(&mu_);
             last_headers_ = req.headers;
             last_body_ = req.body;
             res.status = 201;
             res.set_content("{}", "application/json");
           });
    s.Get("/gzip", [this](const httplib::Request& req, httplib::Response& res) {
      {
        anaplan::MutexLock lock(&mu_);
        last_headers_ = req.headers;
      }
      res.set_header("Content-Encoding", "gzip");
      res.set_content(GzipForTest(std::string(5000, 'a')),
                      "application/octet-stream");
    });
    s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content(R"({"status":{"code":404,"message":"nope"}})",
                      "application/json");
    });
    s.Get("/stall", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider(
          "text/plain", [this](size_t offset, httplib::DataSink& sink) {
            if (offset == 0) {
              sink.write("first", 5);
              return true;
            }
            const absl::Time until = absl::Now() + absl::Seconds(5);
            while (!server_.stopping() && absl::Now() < until) {
              absl::SleepFor(absl::Milliseconds(10));
            }
            sink.done();
            return true;
          });
    });
    ASSERT_THAT(server_.Start(), IsOk());
    auto transport = MakeCurlTransport(HttpOptions());
    ASSERT_THAT(transport, IsOk());
    transport_ = *transport;
  }

  HttpRequest Request(const std::string& method, const std::string& path) {
    HttpRequest request;
    request.method = method;
    request.url = server_.url() + path;
    request.timeout = absl::Seconds(10);
    return request;
  }

  std::string LastHeader(const std::string& name) {
    anaplan::MutexLock lock(&mu_);
    auto it = last_headers_.find(name);
    return it == last_headers_.end() ? "<absent>" : it->second;
  }

  anaplan::Mutex mu_;
  std::vector<int> remote_ports_;
  httplib::Headers last_headers_;
  std::string last_body_;
  TestHttpServer server_;
  std::shared_ptr<HttpTransport> transport_;
};

TEST_F(CurlTransportTest, GetReturnsStatusBodyAndLowerCasedHeaders) {
  HttpRequest request = Request("GET", "/hello");
  request.headers.emplace_back("Authorization", "AnaplanAuthToken t");
  auto response = transport_->Send(request, CallContext());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"ok":true})");
  EXPECT_EQ(response->Header("X-REQUEST-ID"), "rid-1");
  bool found = false;
  for (const auto& [name, value] : response->headers) {
    EXPECT_EQ(name, absl::AsciiStrToLower(name));
    found |= name == "x-request-id";
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(LastHeader("Authorization"), "AnaplanAuthToken t");
  EXPECT_THAT(LastHeader("Accept-Encoding"), HasSubstr("gzip"));
}

TEST_F(CurlTransportTest, ReusesTheConnection) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(transport_->Send(Request("GET", "/hello"), CallContext()),
                IsOk());
  }
  anaplan::MutexLock lock(&mu_);
  ASSERT_EQ(remote_ports_.size(), 3u);
  EXPECT_EQ(remote_ports_[0], remote_ports_[1]);
  EXPECT_EQ(remote_ports_[1], remote_ports_[2]);
}

TEST_F(CurlTransportTest, PutSendsBodyWithoutExpect) {
  HttpRequest request = Request("PUT", "/upload");
  request.body = std::string(3 << 20, 'z');  // large: would trigger Expect
  request.headers.emplace_back("Content-Type", "application/x-gzip");
  auto response = transport_->Send(request, CallContext());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 204);
  EXPECT_EQ(LastHeader("Expect"), "<absent>");
  EXPECT_EQ(LastHeader("Content-Type"), "application/x-gzip");
  anaplan::MutexLock lock(&mu_);
  EXPECT_EQ(last_body_.size(), 3u << 20);
}

TEST_F(CurlTransportTest, PostWithoutContentTypeSendsNone) {
  HttpRequest request = Request("POST", "/post");
  auto response = transport_->Send(request, CallContext());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(LastHeader("Content-Type"), "<absent>");
  request.body = R"({"localeName":"en_US"})";
  request.headers.emplace_back("Content-Type", "application/json");
  ASSERT_THAT(transport_->Send(request, CallContext()), IsOk());
  EXPECT_EQ(LastHeader("Content-Type"), "application/json");
  anaplan::MutexLock lock(&mu_);
  EXPECT_EQ(last_body_, R"({"localeName":"en_US"})");
}

TEST_F(CurlTransportTest, DecodesGzipResponses) {
  auto response = transport_->Send(Request("GET", "/gzip"), CallContext());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->body, std::string(5000, 'a'));
}

TEST_F(CurlTransportTest, HandsOverGzipAsReceivedWhenTheCallerDecodes) {
  HttpRequest raw = Request("GET", "/gzip");
  bool called = false;
  // The transport never calls it (RestClient does); it only stops decoding.
  raw.decode_body = [&called](HttpResponse&) {
    called = true;
    return absl::OkStatus();
  };
  auto response = transport_->Send(raw, CallContext());
  ASSERT_THAT(response, IsOk());
  EXPECT_FALSE(called);
  EXPECT_EQ(response->body, GzipForTest(std::string(5000, 'a')));
  EXPECT_EQ(response->Header("Content-Encoding"), "gzip");
  EXPECT_EQ(LastHeader("Accept-Encoding"), "gzip");
  // The next request on the same pooled handle decodes again.
  auto decoded = transport_->Send(Request("GET", "/gzip"), CallContext());
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(decoded->body, std::string(5000, 'a'));
}

TEST_F(CurlTransportTest, ErrorStatusIsAResponse) {
  auto response = transport_->Send(Request("GET", "/missing"), CallContext());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 404);
}

TEST_F(CurlTransportTest, AttemptTimeout) {
  HttpRequest request = Request("GET", "/stall");
  request.timeout = absl::Milliseconds(300);
  const absl::Time start = absl::Now();
  auto response = transport_->Send(request, CallContext());
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kDeadlineExceeded,
                                 HasSubstr("GET /stall")));
  EXPECT_EQ(GetErrorInfo(response.status()).reason, "ANAPLAN_TIMEOUT");
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_F(CurlTransportTest, CallerDeadline) {
  auto response =
      transport_->Send(Request("GET", "/stall"),
                       CallContext::WithTimeout(absl::Milliseconds(300)));
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kDeadlineExceeded,
                                 HasSubstr("deadline")));
  CallContext expired;
  expired.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_THAT(transport_->Send(Request("GET", "/hello"), expired),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(CurlTransportTest, CancellationStopsTransferPromptly) {
  std::atomic<bool> cancelled{false};
  CallContext ctx;
  ctx.cancelled = [&] { return cancelled.load(); };
  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(200));
    cancelled = true;
  });
  const absl::Time start = absl::Now();
  auto response = transport_->Send(Request("GET", "/stall"), ctx);
  const absl::Duration took = absl::Now() - start;
  canceller.join();
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_LT(took, absl::Milliseconds(1600));
}

TEST_F(CurlTransportTest, ConnectRefusedIsUnavailableAndNotSent) {
  HttpRequest request;
  request.url = "http://127.0.0.1:1/x";
  auto response = transport_->Send(request, CallContext());
  EXPECT_THAT(response,
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("GET /x")));
  EXPECT_TRUE(IsRequestNotSent(response.status()));
  EXPECT_EQ(GetErrorInfo(response.status()).reason, "ANAPLAN_UNAVAILABLE");
}

TEST_F(CurlTransportTest, ConcurrentCalls) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        if (transport_->Send(Request("GET", "/hello"), CallContext()).ok())
          ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 40);
}

TEST(CurlErrorToStatusTest, Table) {
  struct Case {
    CURLcode curl;
    absl::StatusCode code;
    bool not_sent;
  };
  for (const Case& c : std::vector<Case>{
           {CURLE_COULDNT_RESOLVE_HOST, absl::StatusCode::kUnavailable, true},
           {CURLE_COULDNT_CONNECT, absl::StatusCode::kUnavailable, true},
           {CURLE_SSL_CONNECT_ERROR, absl::StatusCode::kUnavailable, true},
           {CURLE_SEND_ERROR, absl::StatusCode::kUnavailable, false},
           {CURLE_RECV_ERROR, absl::StatusCode::kUnavailable, false},
           {CURLE_PARTIAL_FILE, absl::StatusCode::kUnavailable, false},
           {CURLE_GOT_NOTHING, absl::StatusCode::kUnavailable, false},
           {CURLE_OPERATION_TIMEDOUT, absl::StatusCode::kDeadlineExceeded,
            false},
           {CURLE_PEER_FAILED_VERIFICATION,
            absl::StatusCode::kFailedPrecondition, false},
           {CURLE_SSL_CACERT_BADFILE, absl::StatusCode::kFailedPrecondition,
            false},
           {CURLE_URL_MALFORMAT, absl::StatusCode::kFailedPrecondition, false},
           {CURLE_OUT_OF_MEMORY, absl::StatusCode::kInternal, false},
       }) {
    absl::Status status =
        internal::CurlErrorToStatus(c.curl, "PUT", "https://h/a?b", "detail");
    EXPECT_EQ(status.code(), c.code) << c.curl;
    EXPECT_EQ(IsRequestNotSent(status), c.not_sent) << c.curl;
    EXPECT_THAT(std::string(status.message()), HasSubstr("PUT /a: ")) << c.curl;
  }
}

}  // namespace
}  // namespace anaplan::core
