#include "anaplan_core/json/json_util.h"

#include <cmath>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

#include "anaplan_core/status/error_info.h"

namespace anaplan::core {
namespace {

absl::Status BadResponse(absl::string_view message) {
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_RESPONSE";
  return MakeError(absl::StatusCode::kInternal, message, info);
}

// RapidJSON's DOM is walked recursively (Accept, destructors of deep trees),
// so nesting is checked on the raw text before any DOM exists. Brackets
// inside strings do not count; escapes inside strings are skipped.
bool NestingWithin(absl::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

std::string PathOf(absl::string_view what, const char* key) {
  return what.empty() ? std::string(key) : absl::StrCat(what, ".", key);
}

const rapidjson::Value* Member(const rapidjson::Value& object,
                               const char* key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

// Numbers or numeric strings ("113000000000"), as anaplan-api.md §1.4 asks.
bool ToInt(const rapidjson::Value& value, int64_t* out) {
  if (value.IsInt64()) {
    *out = value.GetInt64();
    return true;
  }
  if (value.IsDouble()) {
    const double d = value.GetDouble();
    if (std::trunc(d) != d || std::fabs(d) > 9.2e18) return false;
    *out = static_cast<int64_t>(d);
    return true;
  }
  if (value.IsString()) {
    return absl::SimpleAtoi(absl::StripAsciiWhitespace(absl::string_view(
                                value.GetString(), value.GetStringLength())),
                            out);
  }
  return false;
}

bool ToText(const rapidjson::Value& value, std::string* out) {
  if (value.IsString()) {
    out->assign(value.GetString(), value.GetStringLength());
    return true;
  }
  if (value.IsInt64()) {
    *out = absl::StrCat(value.GetInt64());
    return true;
  }
  if (value.IsUint64()) {
    *out = absl::StrCat(value.GetUint64());
    return true;
  }
  return false;
}

}  // namespace

// RapidJSON reads an overflowing number such as 1e309 as infinity, which no
// JSON writer can express again. Recursion is bounded: depth is capped first.
static bool AllNumbersFinite(const rapidjson::Value& value) {
  if (value.IsDouble()) return std::isfinite(value.GetDouble());
  if (value.IsArray()) {
    for (const rapidjson::Value& item : value.GetArray()) {
      if (!AllNumbersFinite(item)) return false;
    }
  } else if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      if (!AllNumbersFinite(member.value)) return false;
    }
  }
  return true;
}

absl::StatusOr<rapidjson::Document> ParseJson(absl::string_view text) {
  if (text.size() > kMaxJsonBytes) {
    return BadResponse(absl::StrCat("Anaplan reply of ", text.size(),
                                    " bytes exceeds the JSON limit of ",
                                    kMaxJsonBytes, " bytes"));
  }
  if (!NestingWithin(text, kMaxJsonDepth)) {
    return BadResponse(absl::StrCat("Anaplan reply nests JSON deeper than ",
                                    kMaxJsonDepth, " levels"));
  }
  // RapidJSON stops at a NUL byte and would accept "<json>\0<garbage>".
  if (const size_t nul = text.find('\0'); nul != absl::string_view::npos) {
    return BadResponse(
        absl::StrCat("Anaplan reply has a NUL byte at offset ", nul));
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return BadResponse(
        absl::StrCat("Anaplan reply is not valid JSON: ",
                     rapidjson::GetParseError_En(doc.GetParseError()),
                     " at offset ", doc.GetErrorOffset()));
  }
  if (!AllNumbersFinite(doc)) {
    return BadResponse("Anaplan reply has a number out of range");
  }
  return doc;
}

absl::StatusOr<std::string> RequiredString(const rapidjson::Value& object,
                                           const char* key,
                                           absl::string_view what) {
  const rapidjson::Value* value = Member(object, key);
  if (value == nullptr) {
    return BadResponse(absl::StrCat("Anaplan reply lacks ", PathOf(what, key)));
  }
  std::string out;
  if (!ToText(*value, &out)) {
    return BadResponse(
        absl::StrCat("Anaplan reply has a non-string ", PathOf(what, key)));
  }
  return out;
}

absl::StatusOr<int64_t> RequiredInt(const rapidjson::Value& object,
                                    const char* key, absl::string_view what) {
  const rapidjson::Value* value = Member(object, key);
  if (value == nullptr) {
    return BadResponse(absl::StrCat("Anaplan reply lacks ", PathOf(what, key)));
  }
  int64_t out = 0;
  if (!ToInt(*value, &out)) {
    return BadResponse(
        absl::StrCat("Anaplan reply has a non-integer ", PathOf(what, key)));
  }
  return out;
}

std::string OptionalString(const rapidjson::Value& object, const char* key,
                           absl::string_view fallback) {
  const rapidjson::Value* value = Member(object, key);
  std::string out;
  if (value != nullptr && ToText(*value, &out)) return out;
  return std::string(fallback);
}

int64_t OptionalInt(const rapidjson::Value& object, const char* key,
                    int64_t fallback) {
  const rapidjson::Value* value = Member(object, key);
  int64_t out = 0;
  if (value != nullptr && ToInt(*value, &out)) return out;
  return fallback;
}

double OptionalDouble(const rapidjson::Value& object, const char* key,
                      double fallback) {
  const rapidjson::Value* value = Member(object, key);
  if (value == nullptr) return fallback;
  if (value->IsNumber()) return value->GetDouble();
  double out = 0;
  if (value->IsString() &&
      absl::SimpleAtod(absl::StripAsciiWhitespace(absl::string_view(
                           value->GetString(), value->GetStringLength())),
                       &out)) {
    return out;
  }
  return fallback;
}

bool OptionalBool(const rapidjson::Value& object, const char* key,
                  bool fallback) {
  const rapidjson::Value* value = Member(object, key);
  if (value == nullptr) return fallback;
  if (value->IsBool()) return value->GetBool();
  if (value->IsString()) {
    const std::string text = absl::AsciiStrToLower(
        absl::string_view(value->GetString(), value->GetStringLength()));
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return fallback;
}

const rapidjson::Value* FindObject(const rapidjson::Value& object,
                                   const char* key) {
  const rapidjson::Value* value = Member(object, key);
  return value != nullptr && value->IsObject() ? value : nullptr;
}

const rapidjson::Value* FindArray(const rapidjson::Value& object,
                                  const char* key) {
  const rapidjson::Value* value = Member(object, key);
  return value != nullptr && value->IsArray() ? value : nullptr;
}

std::string ToJsonText(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace anaplan::core
