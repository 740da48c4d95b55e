// The auth token reply (TokenSession::ReadToken and Rejected, reached through
// GetToken) over arbitrary replies: any HTTP status, Retry-After and request
// id headers, and body. A token is returned only from a 2xx reply whose
// body carries tokenInfo.tokenValue, and it is exactly that value.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/auth/token_session.h"
#include "anaplan_core/json/json_util.h"
#include "tests/fuzz/fuzz_fakes.h"
#include "tests/fuzz/fuzz_util.h"

constexpr char kPassword[] = "pw-Zq7xK2";

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace anaplan::core;
  anaplan::fuzz::Bytes in(data, size);
  static constexpr int kStatuses[] = {200, 201, 400, 401, 403, 404,
                                      429, 500, 503, 302, 0};
  int status = kStatuses[in.IntInRange(0, 10)];
  if (status == 0) status = static_cast<int>(in.IntInRange(-1, 1000));
  HttpResponse response;
  response.status = status;
  if (in.Bool()) response.headers.emplace_back("retry-after", in.String(40));
  if (in.Bool()) response.headers.emplace_back("x-request-id", in.String(80));
  response.body = in.Rest();

  auto transport = std::make_shared<anaplan::fuzz::FnTransport>(
      [&](const HttpRequest& request) -> absl::StatusOr<HttpResponse> {
        FUZZ_CHECK(request.method == "POST");
        return response;
      });
  internal::TokenSessionOptions options;
  options.auth_url = "https://auth.test";
  options.retry.max_attempts = 1;
  internal::TokenSession session(
      MakeBasicCredentials("user@example.com", kPassword), transport,
      std::make_shared<anaplan::fuzz::NoSleep>(), options);
  absl::StatusOr<std::string> token =
      session.GetToken(CallContext::Background());
  if (token.ok()) {
    FUZZ_CHECK(status >= 200 && status < 300);
    absl::StatusOr<rapidjson::Document> doc = ParseJson(response.body);
    FUZZ_CHECK(doc.ok());
    const rapidjson::Value* info = FindObject(*doc, "tokenInfo");
    FUZZ_CHECK(info != nullptr);
    absl::StatusOr<std::string> value =
        RequiredString(*info, "tokenValue", "tokenInfo");
    FUZZ_CHECK(value.ok() && *value == *token);
  } else {
    FUZZ_CHECK(token.status().code() != absl::StatusCode::kOk);
    // The password never leaks into an error (unless the reply echoed it).
    bool echoed = response.body.find(kPassword) != std::string::npos;
    for (const auto& header : response.headers) {
      echoed = echoed || header.second.find(kPassword) != std::string::npos;
    }
    FUZZ_CHECK(echoed ||
               token.status().ToString().find(kPassword) == std::string::npos);
  }
  return 0;
}
