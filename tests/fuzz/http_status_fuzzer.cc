// The HTTP answer -> absl::Status mapping and the Anaplan error-body parser
// (http_status_mapping.h) over arbitrary statuses, headers, bodies and URLs.
// 2xx is OK and nothing else is; the message never carries the URL's query
// or host; the extracted error message stays short.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"

#include "anaplan_core/http/http_types.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/http_status_mapping.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace anaplan::core;
  anaplan::fuzz::Bytes in(data, size);
  HttpResponse response;
  response.status = static_cast<int>(in.IntInRange(-100, 1100));
  const int headers = static_cast<int>(in.IntInRange(0, 4));
  static constexpr const char* kNames[] = {
      "retry-after", "x-request-id", "x-anaplan-request-id", "content-type"};
  for (int i = 0; i < headers; ++i) {
    response.headers.emplace_back(kNames[in.IntInRange(0, 3)], in.String(64));
  }
  const std::string query = in.String(32);
  const std::string path = in.String(64);
  response.body = in.Rest();
  const std::string url = "https://secret-host.test/" + path + "?q=" + query;

  const absl::Status status = HttpResponseToStatus(response, "GET", url);
  const bool success = response.status >= 200 && response.status < 300;
  FUZZ_CHECK(status.ok() == success);
  if (!success) {
    FUZZ_CHECK(status.code() == HttpStatusToCode(response.status));
    FUZZ_CHECK(status.message().find("secret-host.test") == std::string::npos ||
               response.body.find("secret-host.test") != std::string::npos ||
               path.find("secret-host.test") != std::string::npos);
    (void)GetErrorInfo(status);
  }
  const std::string message = AnaplanErrorMessage(response.body);
  FUZZ_CHECK(message.size() <= 1024);
  (void)RequestIdOf(response);
  (void)HttpReasonPhrase(response.status);
  const std::string for_message = PathForMessage(url);
  FUZZ_CHECK(for_message.find("secret-host.test") == std::string::npos ||
             path.find("secret-host.test") != std::string::npos);
  return 0;
}
