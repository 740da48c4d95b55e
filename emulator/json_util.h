#ifndef ANAPLAN_EMULATOR_JSON_UTIL_H_
#define ANAPLAN_EMULATOR_JSON_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace anaplan::emulator {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

/// Builds one JSON document: a writer over an owned buffer.
class JsonOut {
 public:
  JsonOut() : writer_(buffer_) {}
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  JsonWriter& w() { return writer_; }
  /// The text written so far (call once the document is closed).
  std::string str() const { return buffer_.GetString(); }

 private:
  rapidjson::StringBuffer buffer_;
  JsonWriter writer_;
};

/// Writes `"key": value` pairs; distinct names avoid const char* -> bool.
void FieldStr(JsonWriter& w, const char* key, std::string_view value);
void FieldInt(JsonWriter& w, const char* key, int64_t value);
void FieldBool(JsonWriter& w, const char* key, bool value);
void FieldDouble(JsonWriter& w, const char* key, double value);
void WriteStr(JsonWriter& w, std::string_view value);

/// Writes `"meta": {"schema": ...}, "status": {"code": 200, ...}` (the
/// standard Integration API envelope) into an open object.
void WriteEnvelope(JsonWriter& w, std::string_view schema);
/// Writes `"status": {"code": code, "message": message}`.
void WriteStatusObject(JsonWriter& w, int code, std::string_view message);

/// Parses `text` into `doc`.
/// \error InvalidArgument when the text is not valid JSON.
absl::Status ParseJson(std::string_view text, rapidjson::Document& doc);

/// Lenient typed accessors: a missing key or a wrong type gives `fallback`.
/// Integers accept JSON numbers and numeric strings (Anaplan sends both).
std::string JsonString(const rapidjson::Value& obj, const char* key,
                       std::string fallback = "");
int64_t JsonInt(const rapidjson::Value& obj, const char* key,
                int64_t fallback = 0);
bool JsonBool(const rapidjson::Value& obj, const char* key, bool fallback);
/// True when `obj` is an object holding `key`.
bool JsonHas(const rapidjson::Value& obj, const char* key);

/// Milliseconds since the Unix epoch.
int64_t UnixMillis(absl::Time t);
/// ISO-8601 UTC with milliseconds, e.g. "2024-05-01T10:00:00.000Z".
std::string IsoTimestamp(absl::Time t);
/// A number as Anaplan prints it in CSV: integers without a fraction,
/// other values with up to 15 significant digits.
std::string FormatNumber(double value);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_JSON_UTIL_H_
