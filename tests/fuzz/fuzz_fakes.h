#ifndef TESTS_FUZZ_FUZZ_FAKES_H_
#define TESTS_FUZZ_FUZZ_FAKES_H_

// Test doubles for fuzz targets (kept here rather than reusing
// anaplan_core/testing, which needs gmock and is only built with tests).

#include <functional>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/http_types.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::fuzz {

/// Returns at once: retries cost no time while fuzzing.
class NoSleep : public core::Sleeper {
 public:
  absl::Status Sleep(absl::Duration, const core::CallContext& ctx) override {
    return ctx.IsCancelled() ? absl::CancelledError("cancelled")
                             : absl::OkStatus();
  }
};

/// An HttpTransport answering with a function (which must be thread-safe
/// when the caller sends from several threads).
class FnTransport : public core::HttpTransport {
 public:
  using Fn = std::function<absl::StatusOr<core::HttpResponse>(
      const core::HttpRequest&)>;
  explicit FnTransport(Fn fn) : fn_(std::move(fn)) {}
  absl::StatusOr<core::HttpResponse> Send(const core::HttpRequest& request,
                                          const core::CallContext&) override {
    return fn_(request);
  }

 private:
  Fn fn_;
};

}  // namespace anaplan::fuzz

#endif  // TESTS_FUZZ_FUZZ_FAKES_H_
