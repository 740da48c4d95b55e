#ifndef ANAPLAN_CORE_RETRY_RETRY_AFTER_H_
#define ANAPLAN_CORE_RETRY_RETRY_AFTER_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace anaplan::core {

/// Parses a Retry-After header value (RFC 9110 §10.2.3): delay-seconds
/// ("120") or an HTTP-date (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and
/// the obsolete RFC 850 and asctime forms). A date is turned into the delay
/// from `now`; a date in the past gives zero. nullopt when the value is
/// empty or malformed (the caller then falls back to its own backoff).
std::optional<absl::Duration> ParseRetryAfter(absl::string_view value,
                                              absl::Time now = absl::Now());

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_RETRY_RETRY_AFTER_H_
