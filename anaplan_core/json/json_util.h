#ifndef ANAPLAN_CORE_JSON_JSON_UTIL_H_
#define ANAPLAN_CORE_JSON_JSON_UTIL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace anaplan::core {

/// Limits on untrusted JSON: RapidJSON's recursive parser crashes on deep
/// nesting, so parsing is iterative and nesting and size are capped. Depth
/// is checked on the raw text before any DOM is built (walking or freeing a
/// deep DOM recurses too).
inline constexpr int kMaxJsonDepth = 64;
inline constexpr size_t kMaxJsonBytes = 64 * 1024 * 1024;

/// Parses a server reply. INTERNAL (reason ANAPLAN_BAD_RESPONSE) when it is
/// not JSON, nests deeper than kMaxJsonDepth or exceeds kMaxJsonBytes.
absl::StatusOr<rapidjson::Document> ParseJson(absl::string_view text);

/// Field readers for server replies. `what` names the object in errors, e.g.
/// "file". Required readers fail with INTERNAL (reason ANAPLAN_BAD_RESPONSE)
/// naming the JSON path ("file.id") when the key is missing or mistyped.
/// Integer readers accept JSON numbers and numeric strings ("113000000000");
/// string readers also accept integer numbers (ids may arrive either way);
/// OptionalBool accepts true/false and the strings "true"/"false".
absl::StatusOr<std::string> RequiredString(const rapidjson::Value& object,
                                           const char* key,
                                           absl::string_view what);
absl::StatusOr<int64_t> RequiredInt(const rapidjson::Value& object,
                                    const char* key, absl::string_view what);
std::string OptionalString(const rapidjson::Value& object, const char* key,
                           absl::string_view fallback = "");
int64_t OptionalInt(const rapidjson::Value& object, const char* key,
                    int64_t fallback = 0);
double OptionalDouble(const rapidjson::Value& object, const char* key,
                      double fallback = 0);
bool OptionalBool(const rapidjson::Value& object, const char* key,
                  bool fallback = false);
/// The member `key` if present and of the wanted kind, else nullptr.
const rapidjson::Value* FindObject(const rapidjson::Value& object,
                                   const char* key);
const rapidjson::Value* FindArray(const rapidjson::Value& object,
                                  const char* key);

/// Compact JSON text of a value.
std::string ToJsonText(const rapidjson::Value& value);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_JSON_JSON_UTIL_H_
