#ifndef ANAPLAN_CORE_SCIM_SCIM_FILTER_H_
#define ANAPLAN_CORE_SCIM_SCIM_FILTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace anaplan::core {

/// A SCIM filter as a tree, rendered to text by RenderScimFilter so that
/// values are always quoted and escaped: no caller text ever becomes
/// filter syntax (anaplan-api.md §9).
struct ScimFilter {
  enum class Kind { kComparison, kAnd, kOr };
  enum class ValueKind { kNone, kString, kBool, kNull };

  Kind kind = Kind::kComparison;
  // kComparison:
  std::string attribute;
  std::string op;
  ValueKind value_kind = ValueKind::kNone;
  std::string string_value;
  bool bool_value = false;
  // kAnd / kOr:
  std::vector<ScimFilter> operands;

  static ScimFilter Compare(std::string attribute, std::string op,
                            std::string value);
  static ScimFilter CompareBool(std::string attribute, std::string op,
                                bool value);
  static ScimFilter CompareNull(std::string attribute, std::string op);
  static ScimFilter Present(std::string attribute);
  static ScimFilter And(std::vector<ScimFilter> operands);
  static ScimFilter Or(std::vector<ScimFilter> operands);
};

/// Renders `filter`, e.g. `(active eq true and externalId eq "E1") or
/// userName pr`. Nested and/or groups are parenthesised; strings are JSON
/// string literals (`"` `\` and control characters escaped).
/// \error INVALID_ARGUMENT (field "filter"): attribute other than id,
///   externalId, userName, active, name.familyName, name.givenName; operator
///   other than eq ne gt ge lt le pr (Anaplan answers 400 to co, sw, ew and
///   not, per the live spec); a value with `pr` or none with another
///   operator; an and/or with fewer than two operands; nesting deeper
///   than 16.
absl::StatusOr<std::string> RenderScimFilter(const ScimFilter& filter);

/// `text` as a JSON string literal with its quotes.
std::string ScimQuote(const std::string& text);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_SCIM_SCIM_FILTER_H_
