#include "service/logging.h"

#include <atomic>
#include <cmath>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/sync.h"

namespace anaplan::service {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> g_format{static_cast<int>(LogFormat::kText)};

anaplan::Mutex& OutputMutex() {
  static anaplan::Mutex* const mu = new anaplan::Mutex();
  return *mu;
}

absl::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// Length of the valid UTF-8 sequence at the start of `s`, or 0.
size_t Utf8SequenceLength(absl::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  size_t n = 0;
  uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  uint32_t cp = b0 & (0x7F >> n);
  for (size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

std::string FormatNumber(double v) {
  if (!std::isfinite(v)) return "null";  // JSON has no NaN/Inf.
  return absl::StrFormat("%.6g", v);
}

std::string JsonValue(const LogValue& v) {
  switch (v.kind()) {
    case LogValue::Kind::kString:
      return JsonQuote(v.string());
    case LogValue::Kind::kInt:
      return absl::StrCat(v.integer());
    case LogValue::Kind::kDouble:
      return FormatNumber(v.number());
    case LogValue::Kind::kBool:
      return v.boolean() ? "true" : "false";
  }
  return "null";
}

// Text values are bare unless they hold spaces, quotes, '=' or controls.
std::string TextValue(const LogValue& v) {
  if (v.kind() != LogValue::Kind::kString) return JsonValue(v);
  const std::string& s = v.string();
  bool bare = !s.empty();
  for (char c : s) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' ||
        static_cast<unsigned char>(c) < 0x20) {
      bare = false;
      break;
    }
  }
  return bare ? s : JsonQuote(s);
}

}  // namespace

std::string JsonQuote(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text[0]);
    if (c >= 0x80) {
      const size_t n = Utf8SequenceLength(text);
      if (n == 0) {
        out.append("\\ufffd");
        text.remove_prefix(1);
      } else {
        out.append(text.data(), n);
        text.remove_prefix(n);
      }
      continue;
    }
    text.remove_prefix(1);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "info") return LogLevel::kInfo;
  if (lower == "warning" || lower == "warn") return LogLevel::kWarning;
  if (lower == "error") return LogLevel::kError;
  return absl::InvalidArgumentError(absl::StrCat(
      "--log_level must be debug, info, warning or error, got '", name, "'"));
}

absl::StatusOr<LogFormat> ParseLogFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "text") return LogFormat::kText;
  if (lower == "json") return LogFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("--log_format must be text or json, got '", name, "'"));
}

void ConfigureLogging(LogFormat format, LogLevel level) {
  g_format.store(static_cast<int>(format));
  g_level.store(static_cast<int>(level));
}

bool LogEnabled(LogLevel level) {
  return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

std::string FormatLogLine(LogFormat format, absl::Time time, LogLevel level,
                          absl::string_view event, const LogFields& fields) {
  const std::string ts =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone());
  std::string line;
  if (format == LogFormat::kJson) {
    absl::StrAppend(&line, "{\"ts\":\"", ts, "\",\"level\":\"",
                    LevelName(level), "\",\"event\":", JsonQuote(event));
    for (const auto& [key, value] : fields) {
      absl::StrAppend(&line, ",", JsonQuote(key), ":", JsonValue(value));
    }
    line.push_back('}');
    return line;
  }
  absl::StrAppend(&line, ts, " ", absl::AsciiStrToUpper(LevelName(level)), " ",
                  event);
  for (const auto& [key, value] : fields) {
    absl::StrAppend(&line, " ", key, "=", TextValue(value));
  }
  return line;
}

void LogEvent(LogLevel level, absl::string_view event,
              const LogFields& fields) {
  if (!LogEnabled(level)) return;
  std::string line = FormatLogLine(static_cast<LogFormat>(g_format.load()),
                                   absl::Now(), level, event, fields);
  line.push_back('\n');
  anaplan::MutexLock lock(&OutputMutex());
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace anaplan::service
