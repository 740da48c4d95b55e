#include "anaplan_core/common/observer.h"

#include <atomic>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"

namespace anaplan::core {
namespace {

Observer& NoopObserver() {
  static Observer* const noop = new Observer();
  return *noop;
}

std::atomic<Observer*> g_observer{nullptr};

// The path of `url` without its query: "https://h/a/b?x" -> "/a/b".
absl::string_view PathOf(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != absl::string_view::npos) {
    url.remove_prefix(scheme + 3);
    const size_t slash = url.find('/');
    url = slash == absl::string_view::npos ? absl::string_view()
                                           : url.substr(slash);
  }
  return url.substr(0, url.find('?'));
}

}  // namespace

void SetObserver(Observer* observer) {
  g_observer.store(observer, std::memory_order_release);
}

Observer& GetObserver() {
  Observer* observer = g_observer.load(std::memory_order_acquire);
  return observer != nullptr ? *observer : NoopObserver();
}

std::string HttpFamilyOf(absl::string_view url) {
  // CloudWorks shares the /2/0 prefix with Integration: tell it by name.
  if (absl::StrContains(absl::AsciiStrToLower(url), "cloudworks")) {
    return "cloudworks";
  }
  const absl::string_view path = PathOf(url);
  if (absl::StartsWith(path, "/token/")) return "auth";
  if (absl::StrContains(path, "/scim/")) return "scim";
  if (absl::StrContains(path, "/audit/")) return "audit";
  if (absl::StrContains(path, "/oauth/")) return "oauth";
  if (absl::StrContains(path, "/2/0/") || absl::EndsWith(path, "/2/0")) {
    return "integration";
  }
  return "other";
}

std::string RetryReasonOf(const absl::Status& failure) {
  if (const auto http = GetErrorInfo(failure).http_status; http) {
    return absl::StrCat("http_", *http);
  }
  return absl::AsciiStrToLower(absl::StatusCodeToString(failure.code()));
}

bool ProgressTicker::Due() {
  const int64_t now = absl::ToUnixNanos(absl::Now());
  int64_t next = next_ns_.load(std::memory_order_relaxed);
  if (now < next) return false;
  // One caller wins the slot; concurrent ones see the new deadline.
  return next_ns_.compare_exchange_strong(
      next, now + absl::ToInt64Nanoseconds(kProgressInterval));
}

}  // namespace anaplan::core
