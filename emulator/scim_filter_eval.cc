#include "emulator/scim_filter_eval.h"

#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"

namespace anaplan::emulator {
namespace {

enum class TokKind { kWord, kString, kOpen, kClose, kEnd };

struct Tok {
  TokKind kind;
  std::string text;
};

absl::StatusOr<std::vector<Tok>> Lex(const std::string& s) {
  std::vector<Tok> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? TokKind::kOpen : TokKind::kClose, ""});
      ++i;
    } else if (c == '"') {
      // A JSON string literal: find its end honouring escapes, then decode.
      size_t j = i + 1;
      while (j < s.size() && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
      if (j >= s.size())
        return absl::InvalidArgumentError("unterminated string");
      rapidjson::Document doc;
      const std::string literal = s.substr(i, j + 1 - i);
      if (doc.Parse(literal.c_str(), literal.size()).HasParseError() ||
          !doc.IsString()) {
        return absl::InvalidArgumentError("bad string literal");
      }
      out.push_back({TokKind::kString,
                     std::string(doc.GetString(), doc.GetStringLength())});
      i = j + 1;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
               c == '_' || c == '-') {
      size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) ||
                              s[j] == '.' || s[j] == '_' || s[j] == '-')) {
        ++j;
      }
      out.push_back({TokKind::kWord, s.substr(i, j - i)});
      i = j;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected character '", std::string(1, c), "'"));
    }
  }
  out.push_back({TokKind::kEnd, ""});
  return out;
}

// The attribute's value of a user; nullopt when absent (empty).
std::optional<std::string> Attr(const ScimUserRecord& u,
                                const std::string& attr) {
  std::string v;
  if (attr == "id") v = u.id;
  if (attr == "externalId") v = u.external_id;
  if (attr == "userName") v = u.user_name;
  if (attr == "name.familyName") v = u.family_name;
  if (attr == "name.givenName") v = u.given_name;
  if (attr == "active") v = u.active ? "true" : "false";
  if (v.empty()) return std::nullopt;
  return absl::AsciiStrToLower(v);
}

class Parser {
 public:
  explicit Parser(std::vector<Tok> toks) : toks_(std::move(toks)) {}

  absl::StatusOr<ScimPredicate> Parse() {
    auto p = Or();
    if (!p.ok()) return p;
    if (Peek().kind != TokKind::kEnd) {
      return absl::InvalidArgumentError("trailing input");
    }
    return p;
  }

 private:
  const Tok& Peek() const { return toks_[pos_]; }
  bool Keyword(const char* word) const {
    return Peek().kind == TokKind::kWord &&
           absl::AsciiStrToLower(Peek().text) == word;
  }

  absl::StatusOr<ScimPredicate> Or() {
    auto left = And();
    if (!left.ok()) return left;
    ScimPredicate p = *left;
    while (Keyword("or")) {
      ++pos_;
      auto right = And();
      if (!right.ok()) return right;
      p = [a = p, b = *right](const ScimUserRecord& u) { return a(u) || b(u); };
    }
    return p;
  }

  absl::StatusOr<ScimPredicate> And() {
    auto left = Factor();
    if (!left.ok()) return left;
    ScimPredicate p = *left;
    while (Keyword("and")) {
      ++pos_;
      auto right = Factor();
      if (!right.ok()) return right;
      p = [a = p, b = *right](const ScimUserRecord& u) { return a(u) && b(u); };
    }
    return p;
  }

  absl::StatusOr<ScimPredicate> Factor() {
    if (++depth_ > 32) return absl::InvalidArgumentError("nested too deep");
    if (Peek().kind == TokKind::kOpen) {
      ++pos_;
      auto inner = Or();
      if (!inner.ok()) return inner;
      if (Peek().kind != TokKind::kClose) {
        return absl::InvalidArgumentError("missing ')'");
      }
      ++pos_;
      --depth_;
      return inner;
    }
    --depth_;
    return Comparison();
  }

  absl::StatusOr<ScimPredicate> Comparison() {
    if (Peek().kind != TokKind::kWord) {
      return absl::InvalidArgumentError("attribute expected");
    }
    const std::string attr = toks_[pos_++].text;
    static const char* const kAttrs[] = {
        "id",     "externalId",      "userName",
        "active", "name.familyName", "name.givenName"};
    bool known = false;
    for (const char* a : kAttrs) known = known || attr == a;
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("unsupported attribute ", attr));
    }
    if (Peek().kind != TokKind::kWord) {
      return absl::InvalidArgumentError("operator expected");
    }
    const std::string op = absl::AsciiStrToLower(toks_[pos_++].text);
    if (op == "pr") {
      return ScimPredicate([attr](const ScimUserRecord& u) {
        return Attr(u, attr).has_value();
      });
    }
    if (op != "eq" && op != "ne" && op != "gt" && op != "ge" && op != "lt" &&
        op != "le") {
      return absl::InvalidArgumentError(
          absl::StrCat("unsupported operator ", op));
    }
    std::optional<std::string> value;
    const Tok& v = Peek();
    if (v.kind == TokKind::kString) {
      value = absl::AsciiStrToLower(v.text);
    } else if (v.kind == TokKind::kWord &&
               (v.text == "true" || v.text == "false")) {
      value = v.text;
    } else if (!(v.kind == TokKind::kWord && v.text == "null")) {
      return absl::InvalidArgumentError("value expected");
    }
    ++pos_;
    return ScimPredicate([attr, op, value](const ScimUserRecord& u) {
      const std::optional<std::string> actual = Attr(u, attr);
      if (!value.has_value()) {  // null: equal when absent
        return op == "eq"   ? !actual.has_value()
               : op == "ne" ? actual.has_value()
                            : false;
      }
      if (!actual.has_value()) return op == "ne";
      const int cmp = actual->compare(*value);
      if (op == "eq") return cmp == 0;
      if (op == "ne") return cmp != 0;
      if (op == "gt") return cmp > 0;
      if (op == "ge") return cmp >= 0;
      if (op == "lt") return cmp < 0;
      return cmp <= 0;
    });
  }

  std::vector<Tok> toks_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

absl::StatusOr<ScimPredicate> ParseScimFilter(const std::string& text) {
  auto toks = Lex(text);
  if (!toks.ok()) return toks.status();
  return Parser(*std::move(toks)).Parse();
}

}  // namespace anaplan::emulator
