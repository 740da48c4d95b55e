#ifndef ANAPLAN_CORE_HTTP_HTTP_TYPES_H_
#define ANAPLAN_CORE_HTTP_HTTP_TYPES_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#include "anaplan_core/common/call_context.h"

namespace anaplan::core {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// One HTTP response, whatever its status: mapping a status to an error is
/// the caller's business (a 404 may be an answer, a 202 a continuation).
struct HttpResponse {
  int status = 0;
  /// Header names lower-cased.
  HttpHeaders headers;
  std::string body;
  /// The first header named `name` (case-insensitive), or "".
  std::string Header(absl::string_view name) const;
};

/// Turns a reply's body as received into what the caller wants (see
/// HttpRequest::decode_body).
using BodyDecoder = std::function<absl::Status(HttpResponse& response)>;

/// One HTTP request. The body is owned (moved in for large chunks).
struct HttpRequest {
  std::string method = "GET";
  /// Absolute URL, query included.
  std::string url;
  HttpHeaders headers;
  std::string body;
  /// Timeout of this attempt; the transport also stops at ctx's deadline.
  absl::Duration timeout = absl::Seconds(30);
  /// Send on a new connection. libcurl silently resends a request whose
  /// reused keep-alive connection dies before any byte of the answer; for a
  /// request that must not run twice (a task start) that resend could
  /// duplicate it, so such requests never ride a reused connection.
  bool fresh_connection = false;
  /// Unset (the default): the transport inflates a gzip reply itself and a
  /// damaged body fails the transfer (DATA_LOSS). Set: the transport still
  /// sends `Accept-Encoding: gzip` but hands the body over as received, with
  /// its content-encoding header, and RestClient runs this on every 2xx reply
  /// inside its retry loop, so an error with reason ANAPLAN_DATA_LOSS is
  /// retried like a damaged transfer. Chunk downloads use it to inflate with
  /// libdeflate into a reused buffer (faster than libcurl's zlib).
  BodyDecoder decode_body;
};

/// Sends one request, once: no retries, no auth. Transport failures are
/// errors: UNAVAILABLE (resolve, connect, reset, TLS, truncated body, with
/// ErrorInfo reason ANAPLAN_UNAVAILABLE), DEADLINE_EXCEEDED (attempt timeout
/// or ctx deadline), CANCELLED (ctx cancelled; the transfer is aborted at
/// once). Thread-safe; connections are reused across calls.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                            const CallContext& ctx) = 0;
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_HTTP_HTTP_TYPES_H_
