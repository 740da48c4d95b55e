#ifndef ANAPLAN_EMULATOR_REQUEST_LOG_H_
#define ANAPLAN_EMULATOR_REQUEST_LOG_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"

#include "anaplan_core/common/sync.h"

namespace anaplan::emulator {

/// One request as the emulator saw it. Credentials are never recorded: only
/// the scheme word of the Authorization header is kept.
struct RequestLogEntry {
  int64_t seq = 0;
  std::string method;
  std::string path;   ///< Decoded path.
  std::string query;  ///< Raw query string, e.g. "sort=%2Bname".
  int status = 0;
  std::string content_type;
  std::string content_encoding;
  std::string expect;  ///< The Expect header ("100-continue").
  size_t body_size = 0;
  std::string authorization_scheme;  ///< "AnaplanAuthToken", "Basic", ...
  std::string fault;  ///< Id of the fault applied to the request, if any.
  /// CLOCK_MONOTONIC microseconds (the clock of Python's time.monotonic()
  /// and of std::chrono::steady_clock on Linux) when the request's first
  /// bytes were ready to read, and when its response was about to be
  /// written (set by RequestLog::Add when 0).
  int64_t received_us = 0;
  int64_t logged_us = 0;
  /// The client closed the connection while a fault delayed the request
  /// (it was then not processed); `logged_us` is when that was seen.
  bool peer_closed = false;
};

/// CLOCK_MONOTONIC now, in microseconds.
int64_t MonotonicMicros();

/// Bounded, thread-safe log of handled requests (oldest dropped first).
class RequestLog {
 public:
  explicit RequestLog(size_t capacity = 100000) : capacity_(capacity) {}

  /// Appends `entry`, assigning its sequence number.
  void Add(RequestLogEntry entry);
  /// Entries whose path matches `path_regex` (regex_search; empty = all).
  std::vector<RequestLogEntry> Entries(
      const std::string& path_regex = "") const;
  /// The entries as a JSON array.
  static std::string ToJson(const std::vector<RequestLogEntry>& entries);
  void Clear();

 private:
  const size_t capacity_;
  mutable anaplan::Mutex mu_;
  std::deque<RequestLogEntry> entries_ ABSL_GUARDED_BY(mu_);
  int64_t next_seq_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_REQUEST_LOG_H_
