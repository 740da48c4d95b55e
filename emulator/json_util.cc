#include "emulator/json_util.h"

#include <cmath>
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"

namespace anaplan::emulator {

void WriteStr(JsonWriter& w, std::string_view value) {
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void FieldStr(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  WriteStr(w, value);
}

void FieldInt(JsonWriter& w, const char* key, int64_t value) {
  w.Key(key);
  w.Int64(value);
}

void FieldBool(JsonWriter& w, const char* key, bool value) {
  w.Key(key);
  w.Bool(value);
}

void FieldDouble(JsonWriter& w, const char* key, double value) {
  w.Key(key);
  w.Double(value);
}

void WriteStatusObject(JsonWriter& w, int code, std::string_view message) {
  w.Key("status");
  w.StartObject();
  FieldInt(w, "code", code);
  FieldStr(w, "message", message);
  w.EndObject();
}

void WriteEnvelope(JsonWriter& w, std::string_view schema) {
  w.Key("meta");
  w.StartObject();
  FieldStr(w, "schema", schema);
  w.EndObject();
  WriteStatusObject(w, 200, "Success");
}

absl::Status ParseJson(std::string_view text, rapidjson::Document& doc) {
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON at offset ", doc.GetErrorOffset(), ": ",
                     rapidjson::GetParseError_En(doc.GetParseError())));
  }
  return absl::OkStatus();
}

bool JsonHas(const rapidjson::Value& obj, const char* key) {
  return obj.IsObject() && obj.HasMember(key);
}

std::string JsonString(const rapidjson::Value& obj, const char* key,
                       std::string fallback) {
  if (!JsonHas(obj, key)) return fallback;
  const rapidjson::Value& v = obj[key];
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return absl::StrCat(v.GetInt64());
  if (v.IsUint64()) return absl::StrCat(v.GetUint64());
  if (v.IsDouble()) return FormatNumber(v.GetDouble());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  return fallback;
}

int64_t JsonInt(const rapidjson::Value& obj, const char* key,
                int64_t fallback) {
  if (!JsonHas(obj, key)) return fallback;
  const rapidjson::Value& v = obj[key];
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsUint64()) return static_cast<int64_t>(v.GetUint64());
  if (v.IsDouble()) return static_cast<int64_t>(v.GetDouble());
  int64_t parsed = 0;
  if (v.IsString() && absl::SimpleAtoi(v.GetString(), &parsed)) return parsed;
  return fallback;
}

bool JsonBool(const rapidjson::Value& obj, const char* key, bool fallback) {
  if (!JsonHas(obj, key)) return fallback;
  const rapidjson::Value& v = obj[key];
  return v.IsBool() ? v.GetBool() : fallback;
}

int64_t UnixMillis(absl::Time t) { return absl::ToUnixMillis(t); }

std::string IsoTimestamp(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

std::string FormatNumber(double value) {
  if (std::isfinite(value) && std::fabs(value) < 1e15 &&
      value == std::floor(value)) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  char text[64];
  std::snprintf(text, sizeof(text), "%.15g", value);
  return text;
}

}  // namespace anaplan::emulator
