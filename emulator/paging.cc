#include "emulator/paging.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

#include "emulator/http_util.h"
#include "emulator/json_util.h"

namespace anaplan::emulator {
namespace {

constexpr int kDefaultPageSize = 5000;

struct SortTerm {
  std::string field;
  bool descending = false;
};

// Parses `sort`. httplib already turned %2B into '+' and a raw '+' into ' ',
// so both a leading '+' and a leading space mean ascending.
std::optional<std::string> ParseSort(const std::string& value,
                                     const ListPolicy& policy,
                                     std::vector<SortTerm>& terms) {
  for (absl::string_view raw : absl::StrSplit(value, ',')) {
    if (raw.empty()) continue;
    SortTerm term;
    char sign = raw.front();
    if (sign == '+' || sign == ' ' || sign == '-') {
      term.descending = sign == '-';
      raw.remove_prefix(1);
    } else if (policy.strict_sort) {
      return absl::StrCat("Bad sort order format: '", raw,
                          "'. Please follow (-){column_name_1},(+){column_"
                          "name_2}.. format");
    }
    term.field = std::string(absl::StripAsciiWhitespace(raw));
    const auto& fields = policy.sortable_fields;
    bool known =
        std::find(fields.begin(), fields.end(), term.field) != fields.end();
    if (!known) {
      if (policy.strict_sort) return "Failed to parse sort parameter";
      continue;  // Model-level lists ignore unknown fields.
    }
    terms.push_back(term);
  }
  return std::nullopt;
}

int Compare(const SortValue& a, const SortValue& b) {
  if (a.numeric && b.numeric) {
    return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
  }
  std::string left = absl::AsciiStrToLower(a.text);
  std::string right = absl::AsciiStrToLower(b.text);
  return left.compare(right);
}

void SortRows(std::vector<ListRow>& rows, const std::vector<SortTerm>& terms) {
  if (terms.empty()) return;
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const ListRow& a, const ListRow& b) {
                     for (const SortTerm& term : terms) {
                       auto ia = a.sort_keys.find(term.field);
                       auto ib = b.sort_keys.find(term.field);
                       if (ia == a.sort_keys.end() || ib == b.sort_keys.end())
                         continue;
                       int c = Compare(ia->second, ib->second);
                       if (c != 0) return term.descending ? c > 0 : c < 0;
                     }
                     return false;
                   });
}

// Reads a non-negative integer parameter; nullopt when it is malformed.
std::optional<int64_t> IntParam(const httplib::Request& req, const char* name,
                                int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  int64_t value = 0;
  if (!absl::SimpleAtoi(req.get_param_value(name), &value) || value < 0) {
    return std::nullopt;
  }
  return value;
}

void WritePaging(JsonWriter& w, const Call& call, int64_t page_size,
                 int64_t total, int64_t offset, int64_t limit) {
  w.Key("paging");
  w.StartObject();
  FieldInt(w, "currentPageSize", page_size);
  FieldInt(w, "totalSize", total);
  FieldInt(w, "offset", offset);
  std::string base = absl::StrCat(BaseUrl(call.req, call.tls), call.req.path);
  if (offset + page_size < total) {
    FieldStr(w, "next",
             absl::StrCat(base, "?limit=", limit, "&offset=", offset + limit));
  }
  if (offset > 0) {
    FieldStr(w, "previous",
             absl::StrCat(base, "?limit=", limit,
                          "&offset=", std::max<int64_t>(0, offset - limit)));
  }
  w.EndObject();
}

}  // namespace

SortValue SortText(std::string text) { return {false, 0, std::move(text)}; }
SortValue SortNumber(double number) { return {true, number, ""}; }

bool LikeMatch(std::string_view text, std::string_view pattern) {
  // Iterative wildcard matching with backtracking to the last '%'.
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '_' ||
         std::tolower(static_cast<unsigned char>(pattern[p])) ==
             std::tolower(static_cast<unsigned char>(text[t])))) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

void SendPagedList(Call& call, std::vector<ListRow> rows,
                   const ListPolicy& policy, int max_page_size,
                   bool search_allowed) {
  const httplib::Request& req = call.req;
  std::vector<SortTerm> terms;
  if (req.has_param("sort")) {
    std::optional<std::string> error =
        ParseSort(req.get_param_value("sort"), policy, terms);
    if (error) return SendIntegrationError(req, call.res, 400, *error);
  }
  std::optional<int64_t> limit = IntParam(req, "limit", kDefaultPageSize);
  std::optional<int64_t> offset = IntParam(req, "offset", 0);
  if (!limit || !offset) {
    return SendIntegrationError(req, call.res, 400,
                                "Invalid paging parameter (limit/offset)");
  }
  if (*limit == 0) *limit = kDefaultPageSize;
  *limit = std::min<int64_t>(*limit, std::max(1, max_page_size));

  if (policy.searchable && search_allowed && req.has_param("s")) {
    std::string pattern = absl::StrCat("%", req.get_param_value("s"), "%");
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const ListRow& row) {
                                for (const std::string& f : row.search_fields) {
                                  if (LikeMatch(f, pattern)) return false;
                                }
                                return true;
                              }),
               rows.end());
  }
  SortRows(rows, terms);

  const int64_t total = static_cast<int64_t>(rows.size());
  const int64_t first = std::min(*offset, total);
  const int64_t last = std::min(total, first + *limit);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("meta");
  w.StartObject();
  WritePaging(w, call, last - first, total, *offset, *limit);
  FieldStr(w, "schema", policy.schema);
  w.EndObject();
  WriteStatusObject(w, 200, "Success");
  if (!(policy.omit_key_when_empty && total == 0)) {
    w.Key(policy.result_key.c_str());
    w.StartArray();
    for (int64_t i = first; i < last; ++i) {
      const std::string& json = rows[static_cast<size_t>(i)].json;
      w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    }
    w.EndArray();
  }
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

}  // namespace anaplan::emulator
