// ParseJson and the field readers over arbitrary bytes: no crash, no
// unbounded recursion (depth is capped at kMaxJsonDepth before a DOM is
// built), and a clean INTERNAL error for what is not acceptable JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

#include "anaplan_core/json/json_util.h"
#include "tests/fuzz/fuzz_util.h"

namespace anaplan::core {
namespace {

// Reads every member of an object with each reader; recurses into children
// (bounded by the parser's depth cap).
void ReadAll(const rapidjson::Value& value, int depth) {
  FUZZ_CHECK(depth <= kMaxJsonDepth + 1);
  if (value.IsArray()) {
    for (const rapidjson::Value& item : value.GetArray()) {
      ReadAll(item, depth + 1);
    }
    return;
  }
  if (!value.IsObject()) return;
  for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
    const std::string key(it->name.GetString(), it->name.GetStringLength());
    // Keys with NUL bytes cannot be looked up by C string; skip them.
    if (key.find('\0') != std::string::npos) continue;
    const char* k = key.c_str();
    absl::StatusOr<std::string> s = RequiredString(value, k, "fuzz");
    if (!s.ok()) FUZZ_CHECK(s.status().code() == absl::StatusCode::kInternal);
    absl::StatusOr<int64_t> i = RequiredInt(value, k, "fuzz");
    if (!i.ok()) FUZZ_CHECK(i.status().code() == absl::StatusCode::kInternal);
    (void)OptionalString(value, k, "x");
    (void)OptionalInt(value, k, 7);
    (void)OptionalDouble(value, k, 1.5);
    (void)OptionalBool(value, k, true);
    (void)FindObject(value, k);
    (void)FindArray(value, k);
    ReadAll(it->value, depth + 1);
  }
  // A key that is never there.
  FUZZ_CHECK(!RequiredString(value, "\x01missing", "fuzz").ok());
}

}  // namespace
}  // namespace anaplan::core

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace anaplan::core;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<rapidjson::Document> doc = ParseJson(text);
  if (!doc.ok()) {
    FUZZ_CHECK(doc.status().code() == absl::StatusCode::kInternal);
    return 0;
  }
  ReadAll(*doc, 0);
  // Serialising is recursive too; safe only because depth is capped.
  const std::string compact = ToJsonText(*doc);
  // What we write parses back, to a value of the same type. (Not to the
  // same text: RapidJSON's default number parsing is not exactly rounded,
  // so a long decimal may come back one ulp away.)
  absl::StatusOr<rapidjson::Document> again = ParseJson(compact);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->GetType() == doc->GetType());
  return 0;
}
