#ifndef ANAPLAN_EMULATOR_PAGING_H_
#define ANAPLAN_EMULATOR_PAGING_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/router.h"

namespace anaplan::emulator {

/// A sortable field value of a listed item.
struct SortValue {
  bool numeric = false;
  double number = 0;
  std::string text;
};

SortValue SortText(std::string text);
SortValue SortNumber(double number);

/// One item of a paged listing: its serialized JSON object, its sortable
/// fields and the strings `s` is matched against.
struct ListRow {
  std::string json;
  std::map<std::string, SortValue> sort_keys;
  std::vector<std::string> search_fields;
};

/// How one listing endpoint pages, sorts and searches (anaplan-api.md §3.3-5).
struct ListPolicy {
  std::string result_key;  ///< e.g. "files".
  std::string schema;      ///< meta.schema URL.
  /// Top-level collections (/workspaces, /models, /users) validate `sort`:
  /// a bare field or an unknown field is a 400. Model-level lists accept
  /// anything and ignore unknown fields.
  bool strict_sort = false;
  std::vector<std::string> sortable_fields;
  /// Whether `s` filters this listing (it is honoured for tenant admins).
  bool searchable = false;
  /// Omit the result key for an empty result (file chunk lists, §1.3).
  bool omit_key_when_empty = false;
};

/// Filters, sorts and pages `rows` per the request's `s`, `sort`, `limit`
/// and `offset`, then sends the envelope with `meta.paging` (always present,
/// also for an empty result). Sends a 400 for malformed parameters.
void SendPagedList(Call& call, std::vector<ListRow> rows,
                   const ListPolicy& policy, int max_page_size,
                   bool search_allowed);

/// SQL LIKE with `%` (any run) and `_` (one character), case-insensitive.
bool LikeMatch(std::string_view text, std::string_view pattern);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_PAGING_H_
