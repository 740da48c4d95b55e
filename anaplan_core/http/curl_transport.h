#ifndef ANAPLAN_CORE_HTTP_CURL_TRANSPORT_H_
#define ANAPLAN_CORE_HTTP_CURL_TRANSPORT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// The libcurl transport itself is created by MakeCurlTransport()
// (http/rest_client.h). This header exposes its error mapping for tests.

namespace anaplan::core::internal {

/// Maps a libcurl result code (CURLcode) of `method url` to a Status:
///  - resolve/connect failures, TLS handshake failures → UNAVAILABLE, reason
///    ANAPLAN_UNAVAILABLE, marked IsRequestNotSent (safe to resend);
///  - send/receive errors, resets, truncated or garbled replies →
///    UNAVAILABLE, reason ANAPLAN_UNAVAILABLE (the request may have been
///    processed);
///  - CURLE_OPERATION_TIMEDOUT → DEADLINE_EXCEEDED, reason ANAPLAN_TIMEOUT;
///  - certificate verification or CA bundle problems → FAILED_PRECONDITION;
///  - a malformed URL or unsupported scheme → FAILED_PRECONDITION;
///  - anything else → INTERNAL.
/// `detail` is libcurl's error buffer (never holds header values).
absl::Status CurlErrorToStatus(int curl_code, absl::string_view method,
                               absl::string_view url, absl::string_view detail);

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_HTTP_CURL_TRANSPORT_H_
