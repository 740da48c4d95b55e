#ifndef ANAPLAN_SERVICE_LOGGING_H_
#define ANAPLAN_SERVICE_LOGGING_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace anaplan::service {

/// Severity of a log event; events below the configured level are dropped.
enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

/// `text`: "2026-12-04T22:55:45.123Z INFO rpc key=value ..." for humans;
/// `json`: one JSON object per line for log pipelines.
enum class LogFormat { kText, kJson };

/// One field value of a log event: a string, an integer, a number or a bool.
class LogValue {
 public:
  enum class Kind { kString, kInt, kDouble, kBool };
  LogValue(absl::string_view v) : kind_(Kind::kString), string_(v) {}
  LogValue(const char* v) : kind_(Kind::kString), string_(v) {}
  LogValue(const std::string& v) : kind_(Kind::kString), string_(v) {}
  LogValue(int v) : kind_(Kind::kInt), int_(v) {}
  LogValue(int64_t v) : kind_(Kind::kInt), int_(v) {}
  LogValue(uint64_t v) : kind_(Kind::kInt), int_(static_cast<int64_t>(v)) {}
  LogValue(double v) : kind_(Kind::kDouble), double_(v) {}
  LogValue(bool v) : kind_(Kind::kBool), bool_(v) {}

  Kind kind() const { return kind_; }
  const std::string& string() const { return string_; }
  int64_t integer() const { return int_; }
  double number() const { return double_; }
  bool boolean() const { return bool_; }

 private:
  Kind kind_;
  std::string string_;
  int64_t int_ = 0;
  double double_ = 0;
  bool bool_ = false;
};

/// The fields of one event, in output order.
using LogFields = std::vector<std::pair<std::string, LogValue>>;

/// "debug" | "info" | "warning" | "error".
/// \error INVALID_ARGUMENT naming --log_level.
absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name);
/// "text" | "json". \error INVALID_ARGUMENT naming --log_format.
absl::StatusOr<LogFormat> ParseLogFormat(absl::string_view name);

/// Sets the process-wide format and minimum level (default: text, info).
void ConfigureLogging(LogFormat format, LogLevel level);
/// Whether events of `level` are written (skip building costly fields).
bool LogEnabled(LogLevel level);

/// Writes one event as one line on stderr: timestamp, level, `event`, then
/// `fields`. Lines of concurrent events never interleave. Callers must not
/// pass secrets: the logger does not know which values are.
void LogEvent(LogLevel level, absl::string_view event, const LogFields& fields);

/// The line LogEvent would write (without the newline), for tests.
std::string FormatLogLine(LogFormat format, absl::Time time, LogLevel level,
                          absl::string_view event, const LogFields& fields);

/// `text` as a JSON string literal, quotes included (RFC 8259 escaping;
/// invalid UTF-8 bytes become U+FFFD so the line always parses).
std::string JsonQuote(absl::string_view text);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_LOGGING_H_
