#include "anaplan_core/scim/scim_filter.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

constexpr int kMaxDepth = 16;
constexpr const char* kAttributes[] = {
    "id",     "externalId",      "userName",
    "active", "name.familyName", "name.givenName"};
constexpr const char* kOperators[] = {"eq", "ne", "gt", "ge", "lt", "le", "pr"};

template <size_t N>
bool OneOf(const std::string& text, const char* const (&options)[N]) {
  return std::any_of(std::begin(options), std::end(options),
                     [&](const char* o) { return text == o; });
}

absl::Status Bad(absl::string_view message) {
  return InvalidField("filter", message);
}

absl::StatusOr<std::string> Render(const ScimFilter& f, int depth) {
  if (depth > kMaxDepth) return Bad("filter nests deeper than 16 levels");
  if (f.kind != ScimFilter::Kind::kComparison) {
    if (f.operands.size() < 2) {
      return Bad("an and/or filter needs at least two operands");
    }
    std::string out;
    const char* joiner = f.kind == ScimFilter::Kind::kAnd ? " and " : " or ";
    for (size_t i = 0; i < f.operands.size(); ++i) {
      ANAPLAN_ASSIGN_OR_RETURN(std::string part,
                               Render(f.operands[i], depth + 1));
      const bool group = f.operands[i].kind != ScimFilter::Kind::kComparison;
      if (i > 0) out += joiner;
      absl::StrAppend(&out, group ? "(" : "", part, group ? ")" : "");
    }
    return out;
  }
  if (!OneOf(f.attribute, kAttributes)) {
    return Bad(absl::StrCat(
        "unsupported filter attribute \"", f.attribute,
        "\": use id, externalId, userName, active, name.familyName or "
        "name.givenName"));
  }
  if (!OneOf(f.op, kOperators)) {
    return Bad(absl::StrCat("unsupported filter operator \"", f.op,
                            "\": use eq, ne, gt, ge, lt, le or pr (Anaplan "
                            "rejects co, sw and ew)"));
  }
  if (f.op == "pr") {
    if (f.value_kind != ScimFilter::ValueKind::kNone) {
      return Bad("the pr operator takes no value");
    }
    return absl::StrCat(f.attribute, " pr");
  }
  switch (f.value_kind) {
    case ScimFilter::ValueKind::kNone:
      return Bad(absl::StrCat("operator ", f.op, " needs a value"));
    case ScimFilter::ValueKind::kString:
      return absl::StrCat(f.attribute, " ", f.op, " ",
                          ScimQuote(f.string_value));
    case ScimFilter::ValueKind::kBool:
      return absl::StrCat(f.attribute, " ", f.op, " ",
                          f.bool_value ? "true" : "false");
    case ScimFilter::ValueKind::kNull:
      return absl::StrCat(f.attribute, " ", f.op, " null");
  }
  return Bad("unknown filter value");
}

}  // namespace

ScimFilter ScimFilter::Compare(std::string attribute, std::string op,
                               std::string value) {
  ScimFilter f;
  f.attribute = std::move(attribute);
  f.op = std::move(op);
  f.value_kind = ValueKind::kString;
  f.string_value = std::move(value);
  return f;
}

ScimFilter ScimFilter::CompareBool(std::string attribute, std::string op,
                                   bool value) {
  ScimFilter f;
  f.attribute = std::move(attribute);
  f.op = std::move(op);
  f.value_kind = ValueKind::kBool;
  f.bool_value = value;
  return f;
}

ScimFilter ScimFilter::CompareNull(std::string attribute, std::string op) {
  ScimFilter f;
  f.attribute = std::move(attribute);
  f.op = std::move(op);
  f.value_kind = ValueKind::kNull;
  return f;
}

ScimFilter ScimFilter::Present(std::string attribute) {
  ScimFilter f;
  f.attribute = std::move(attribute);
  f.op = "pr";
  return f;
}

ScimFilter ScimFilter::And(std::vector<ScimFilter> operands) {
  ScimFilter f;
  f.kind = Kind::kAnd;
  f.operands = std::move(operands);
  return f;
}

ScimFilter ScimFilter::Or(std::vector<ScimFilter> operands) {
  ScimFilter f;
  f.kind = Kind::kOr;
  f.operands = std::move(operands);
  return f;
}

std::string ScimQuote(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += "\"";
  return out;
}

absl::StatusOr<std::string> RenderScimFilter(const ScimFilter& filter) {
  return Render(filter, 0);
}

}  // namespace anaplan::core
