#include "anaplan_core/http/curl_transport.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include <curl/curl.h>

#include "anaplan_core/common/observer.h"
#include "anaplan_core/common/sync.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/http_status_mapping.h"

namespace anaplan::core {
namespace {

// Bodies above this use a large upload buffer (libcurl's default is 64 KiB;
// 2 MiB is its maximum and helps 25 MB chunk PUTs, reliability §B3).
constexpr size_t kLargeBody = 1 << 20;
constexpr long kLargeUploadBuffer =
    2 * 1024 * 1024;  // NOLINT(google-runtime-int)
constexpr size_t kMaxIdleHandles = 16;
// How long one wait for socket activity may last before the caller's
// cancellation and deadline are checked again. curl_easy_perform waits up to
// a second when a peer stalls (its progress callback then fires about once a
// second), so transfers run on a private multi handle instead: a stalled
// transfer notices a cancelled RPC within this slice.
constexpr int kPollSliceMs = 20;

// Everything one transfer's callbacks touch.
struct Transfer {
  const CallContext* ctx = nullptr;
  CURL* easy = nullptr;
  HttpResponse response;
  bool cancelled = false;
  bool deadline_passed = false;
  // libcurl hands over the body as received (HttpRequest::decode_body).
  bool raw_body = false;
};

// Largest body size guessed from Content-Length before the bytes arrive.
constexpr int64_t kMaxBodyReserve = int64_t{64} << 20;

// Sizes the body once from Content-Length (x4 when libcurl inflates a gzip
// reply) instead of doubling it from 16 KiB: a 10 MB
// chunk would otherwise be copied through 4, 8 and 16 MB buffers, each a
// fresh mapping to fault in (the service's mmap threshold is 4 MiB; this
// saves ~12% of the service's CPU per download). Reserved pages that stay
// unwritten cost nothing.
void ReserveBody(Transfer& transfer, size_t needed) {
  std::string& body = transfer.response.body;
  curl_off_t length = -1;
  if (!body.empty() || transfer.easy == nullptr ||
      curl_easy_getinfo(transfer.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
                        &length) != CURLE_OK ||
      length <= 0) {
    return;
  }
  bool inflated = false;
  for (const auto& [name, value] : transfer.response.headers) {
    if (name == "content-encoding") {
      inflated = !transfer.raw_body && value != "identity";
    }
  }
  const int64_t wire = std::min<int64_t>(length, kMaxBodyReserve);
  const int64_t guess = std::min(kMaxBodyReserve, inflated ? wire * 4 : wire);
  body.reserve(std::max<size_t>(needed, static_cast<size_t>(guess)));
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (transfer->response.body.empty()) ReserveBody(*transfer, n);
  transfer->response.body.append(data, n);
  return n;
}

// Header lines arrive one by one; a status line starts a new header block
// (after 100 Continue or a proxy's CONNECT reply), so earlier ones are
// dropped. Names are lower-cased as HttpResponse documents.
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  absl::string_view line(data, size * count);
  if (absl::StartsWith(line, "HTTP/")) {
    transfer->response.headers.clear();
    return size * count;
  }
  const size_t colon = line.find(':');
  if (colon == absl::string_view::npos) return size * count;
  transfer->response.headers.emplace_back(
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(line.substr(0, colon))),
      std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  return size * count;
}

// Polled by libcurl while bytes flow; stalls are covered by Perform's own
// checks between poll slices. A non-zero return aborts the transfer.
int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  if (transfer->ctx->IsCancelled()) {
    transfer->cancelled = true;
    return 1;
  }
  if (transfer->ctx->Expired()) {
    transfer->deadline_passed = true;
    return 1;
  }
  return 0;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

bool HasHeader(const HttpHeaders& headers, absl::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) {
    return absl::EqualsIgnoreCase(h.first, name);
  });
}

HeaderList BuildHeaders(const HttpRequest& request, bool sends_body) {
  curl_slist* list = nullptr;
  for (const auto& [name, value] : request.headers) {
    // "Name;" sends an empty header; "Name:" would remove it.
    const std::string line = value.empty() ? absl::StrCat(name, ";")
                                           : absl::StrCat(name, ": ", value);
    list = curl_slist_append(list, line.c_str());
  }
  if (sends_body) {
    // No "Expect: 100-continue" round trip (reliability §1.2), and no
    // implicit form-urlencoded type on bodies that declare none.
    list = curl_slist_append(list, "Expect:");
    if (!HasHeader(request.headers, "content-type")) {
      list = curl_slist_append(list, "Content-Type:");
    }
  }
  return HeaderList(list);
}

long ToMillis(absl::Duration d) {  // NOLINT(google-runtime-int)
  return static_cast<long>(        // NOLINT(google-runtime-int)
      std::max<int64_t>(1, absl::ToInt64Milliseconds(d)));
}

// An easy handle on its own multi handle. The multi handle owns the
// connection cache, so both are pooled together to keep connections alive.
struct Handle {
  CURLM* multi = nullptr;
  CURL* easy = nullptr;
};

void Cleanup(Handle handle) {
  if (handle.easy != nullptr) curl_easy_cleanup(handle.easy);
  if (handle.multi != nullptr) curl_multi_cleanup(handle.multi);
}

// Runs the transfer on `handle`, checking ctx between short poll slices, so
// a cancel or deadline aborts even a transfer whose peer sends nothing.
// Removing an unfinished handle makes libcurl close its connection: the
// server sees the transfer end.
CURLcode Perform(const Handle& handle, const CallContext& ctx,
                 Transfer& transfer) {
  if (curl_multi_add_handle(handle.multi, handle.easy) != CURLM_OK) {
    return CURLE_FAILED_INIT;
  }
  CURLcode result = CURLE_OK;
  while (true) {
    int running = 0;
    if (curl_multi_perform(handle.multi, &running) != CURLM_OK) {
      result = CURLE_FAILED_INIT;
      break;
    }
    if (running == 0) {
      int queued = 0;
      CURLMsg* msg = curl_multi_info_read(handle.multi, &queued);
      result = (msg != nullptr && msg->msg == CURLMSG_DONE) ? msg->data.result
                                                            : CURLE_FAILED_INIT;
      break;
    }
    if (ctx.IsCancelled()) {
      transfer.cancelled = true;
      result = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    if (ctx.Expired()) {
      transfer.deadline_passed = true;
      result = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    curl_multi_poll(handle.multi, nullptr, 0, kPollSliceMs, nullptr);
  }
  curl_multi_remove_handle(handle.multi, handle.easy);
  return result;
}

class CurlTransport : public HttpTransport {
 public:
  explicit CurlTransport(HttpOptions options) : options_(std::move(options)) {}
  ~CurlTransport() override {
    anaplan::MutexLock lock(&mu_);
    for (Handle handle : idle_) Cleanup(handle);
  }

  absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                    const CallContext& ctx) override;

 private:
  Handle Acquire();
  void Release(Handle handle);
  void SetOptions(CURL* handle, const HttpRequest& request,
                  absl::Duration timeout, curl_slist* headers,
                  Transfer* transfer) const;
  absl::Status Failure(CURLcode code, const HttpRequest& request,
                       const Transfer& transfer, bool deadline_bound,
                       const char* detail) const;

  const HttpOptions options_;
  anaplan::Mutex mu_;
  std::vector<Handle> idle_ ABSL_GUARDED_BY(mu_);
};

// Handles are pooled LIFO: each keeps its own connection cache, so a thread
// doing sequential calls gets the handle (and the kept-alive connection) it
// just released. A handle is used by one thread at a time (libcurl-thread).
Handle CurlTransport::Acquire() {
  {
    anaplan::MutexLock lock(&mu_);
    if (!idle_.empty()) {
      Handle handle = idle_.back();
      idle_.pop_back();
      curl_easy_reset(handle.easy);  // the multi keeps live connections
      return handle;
    }
  }
  Handle handle{curl_multi_init(), curl_easy_init()};
  if (handle.multi == nullptr || handle.easy == nullptr) {
    Cleanup(handle);
    return Handle{};
  }
  return handle;
}

void CurlTransport::Release(Handle handle) {
  anaplan::MutexLock lock(&mu_);
  if (idle_.size() < kMaxIdleHandles) {
    idle_.push_back(handle);
  } else {
    Cleanup(handle);
  }
}

void CurlTransport::SetOptions(CURL* h, const HttpRequest& request,
                               absl::Duration timeout, curl_slist* headers,
                               Transfer* transfer) const {
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ToMillis(timeout));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   ToMillis(std::min(options_.connect_timeout, timeout)));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  if (request.fresh_connection) {
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  }
  // gzip only: it is what Anaplan serves, it carries a CRC (so corruption
  // surfaces as DATA_LOSS), and advertising brotli made small JSON pages
  // cost ~0.9 ms more to encode on the emulator (bench L1).
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
  if (request.decode_body) {
    // The caller inflates (libdeflate, into a reused buffer): libcurl's
    // zlib decoder was half of the service's CPU per chunk download.
    curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  }
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  if (!options_.proxy.empty()) {
    curl_easy_setopt(h, CURLOPT_PROXY, options_.proxy.c_str());
  }
  if (!options_.ca_bundle_path.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_bundle_path.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, transfer);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

  const std::string& method = request.method;
  if (method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    if (method != "POST") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    if (method == "POST" || !request.body.empty()) {
      // Sent from memory, no copy: the request outlives the transfer.
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      if (request.body.size() > kLargeBody) {
        curl_easy_setopt(h, CURLOPT_UPLOAD_BUFFERSIZE, kLargeUploadBuffer);
      }
    }
  }
}

absl::Status CurlTransport::Failure(CURLcode code, const HttpRequest& request,
                                    const Transfer& transfer,
                                    bool deadline_bound,
                                    const char* detail) const {
  const std::string op =
      absl::StrCat(request.method, " ", PathForMessage(request.url));
  if (transfer.cancelled) {
    return absl::CancelledError(absl::StrCat(op, ": the caller cancelled"));
  }
  ErrorInfo info;
  info.reason = "ANAPLAN_TIMEOUT";
  if (transfer.deadline_passed ||
      (code == CURLE_OPERATION_TIMEDOUT && deadline_bound)) {
    return MakeError(absl::StatusCode::kDeadlineExceeded,
                     absl::StrCat(op, ": the caller's deadline passed"), info);
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return MakeError(absl::StatusCode::kDeadlineExceeded,
                     absl::StrCat(op, ": no complete answer within ",
                                  absl::FormatDuration(request.timeout)),
                     info);
  }
  return internal::CurlErrorToStatus(code, request.method, request.url, detail);
}

// Tells the observer about one attempt (metrics, logs); no headers, no body.
void ReportCall(const HttpRequest& request, int status, absl::StatusCode error,
                absl::Time started, const HttpResponse& response) {
  HttpCallEvent event;
  event.method = request.method;
  event.url = request.url;
  event.status = status;
  event.error = error;
  event.duration = absl::Now() - started;
  event.bytes_sent = static_cast<int64_t>(request.body.size());
  event.bytes_received = static_cast<int64_t>(response.body.size());
  GetObserver().OnHttpCall(event);
}

absl::StatusOr<HttpResponse> CurlTransport::Send(const HttpRequest& request,
                                                 const CallContext& ctx) {
  const std::string op =
      absl::StrCat(request.method, " ", PathForMessage(request.url));
  if (ctx.IsCancelled()) {
    return absl::CancelledError(absl::StrCat(op, ": the caller cancelled"));
  }
  const absl::Duration remaining = ctx.Remaining();
  if (remaining <= absl::ZeroDuration()) {
    ErrorInfo info;
    info.reason = "ANAPLAN_TIMEOUT";
    return MakeError(absl::StatusCode::kDeadlineExceeded,
                     absl::StrCat(op, ": the caller's deadline passed"), info);
  }
  const bool deadline_bound = remaining < request.timeout;
  const absl::Duration timeout = std::min(request.timeout, remaining);

  Handle pooled = Acquire();
  if (pooled.easy == nullptr) return absl::InternalError("curl_init failed");
  CURL* handle = pooled.easy;
  const bool sends_body = !request.body.empty() || request.method == "POST";
  HeaderList headers = BuildHeaders(request, sends_body);
  Transfer transfer;
  transfer.ctx = &ctx;
  transfer.easy = handle;
  transfer.raw_body = static_cast<bool>(request.decode_body);
  char detail[CURL_ERROR_SIZE] = {0};
  SetOptions(handle, request, timeout, headers.get(), &transfer);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, detail);
  const absl::Time started = absl::Now();
  const CURLcode code = Perform(pooled, ctx, transfer);
  long http_status = 0;  // NOLINT(google-runtime-int)
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &http_status);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
  Release(pooled);
  if (code != CURLE_OK) {
    absl::Status failure =
        Failure(code, request, transfer, deadline_bound, detail);
    ReportCall(request, 0, failure.code(), started, transfer.response);
    return failure;
  }
  transfer.response.status = static_cast<int>(http_status);
  ReportCall(request, transfer.response.status, absl::StatusCode::kOk, started,
             transfer.response);
  return std::move(transfer.response);
}

}  // namespace

absl::StatusOr<std::shared_ptr<HttpTransport>> MakeCurlTransport(
    const HttpOptions& options) {
  // Once per process, before any handle exists (libcurl-thread(3)).
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) {
    return absl::InternalError(
        absl::StrCat("curl_global_init failed: ", curl_easy_strerror(init)));
  }
  return std::shared_ptr<HttpTransport>(
      std::make_shared<CurlTransport>(options));
}

}  // namespace anaplan::core
