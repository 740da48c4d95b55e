// Transactional lists (anaplan-api.md §5.4): listing, metadata, items read
// back by id/name/code, add/update/delete with per-item failures, reset
// index. Read requests are in routes_transactional_reads.cc. Item
// renames and deletes carry through to module cells (keyed by item name),
// so views and bulk exports see them.

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/http_util.h"
#include "emulator/routes.h"
#include "emulator/routes_transactional.h"
#include "emulator/tx_views.h"

namespace anaplan::emulator {
namespace {

constexpr size_t kMaxItemsPerCall = 100000;

struct Failure {
  size_t index;
  std::string type;
  std::string details;
};

ListItem* FindItem(ListData& list, int64_t id, const std::string& code,
                   const std::string& name) {
  for (ListItem& item : list.items) {
    if ((id > 0 && item.id == id) ||
        (id <= 0 && !code.empty() && item.code == code) ||
        (id <= 0 && code.empty() && !name.empty() && item.name == name)) {
      return &item;
    }
  }
  return nullptr;
}

// Re-keys (new_name set) or drops (empty new_name) the module cells whose
// coordinate along `list` is `old_name`.
void CarryToCells(Model& model, const std::string& list,
                  const std::string& old_name, const std::string& new_name) {
  for (ModuleData& module : model.modules) {
    auto dim =
        std::find(module.dimensions.begin(), module.dimensions.end(), list);
    if (dim == module.dimensions.end()) continue;
    const size_t d = static_cast<size_t>(dim - module.dimensions.begin());
    decltype(module.cells) cells;
    for (auto& [coordinates, values] : module.cells) {
      std::vector<std::string> key = coordinates;
      if (key.size() > d && key[d] == old_name) {
        if (new_name.empty()) continue;
        key[d] = new_name;
      }
      cells[std::move(key)] = std::move(values);
    }
    module.cells = std::move(cells);
  }
}

// The default fields always; properties and subsets (Anaplan's optional
// fields) only with includeAll=true. No list has selective access here, so
// read/write never appear.
void WriteItemJson(JsonWriter& w, const ListData& list, const ListItem& item,
                   bool include_all) {
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(item.id));
  FieldStr(w, "name", item.name);
  if (!item.code.empty()) FieldStr(w, "code", item.code);
  if (!item.parent.empty()) {
    FieldStr(w, "parent", item.parent);
    for (const ListItem& p : list.items) {
      if (p.name == item.parent) FieldStr(w, "parentId", absl::StrCat(p.id));
    }
  }
  if (include_all) {
    w.Key("properties");
    w.StartObject();
    for (const ListProperty& p : list.properties) {
      auto it = item.properties.find(p.name);
      FieldStr(w, p.name.c_str(),
               it == item.properties.end() ? "" : it->second);
    }
    w.EndObject();
    w.Key("subsets");
    w.StartObject();
    w.EndObject();
  }
  w.EndObject();
}

// Applies name/code/parent/properties of `in` to `item`; a failure text for
// a property the list lacks or a number property that is not a number.
std::string ApplyFields(const rapidjson::Value& in, const ListData& list,
                        ListItem& item, bool set_name) {
  if (JsonHas(in, "properties") && in["properties"].IsObject()) {
    for (const auto& m : in["properties"].GetObject()) {
      const std::string name = m.name.GetString();
      auto prop =
          std::find_if(list.properties.begin(), list.properties.end(),
                       [&](const ListProperty& p) { return p.name == name; });
      if (prop == list.properties.end()) {
        return absl::StrCat("unknown property '", name, "'");
      }
      const std::string value = m.value.IsString() ? m.value.GetString() : "";
      double number = 0;
      if (prop->format == ValueFormat::kNumber && !value.empty() &&
          !absl::SimpleAtod(value, &number)) {
        return absl::StrCat("'", value, "' is not a number for property '",
                            name, "'");
      }
    }
    for (const auto& m : in["properties"].GetObject()) {
      item.properties[m.name.GetString()] =
          m.value.IsString() ? m.value.GetString() : "";
    }
  }
  if (set_name && JsonHas(in, "name")) item.name = JsonString(in, "name");
  if (JsonHas(in, "code")) item.code = JsonString(in, "code");
  if (JsonHas(in, "parent")) item.parent = JsonString(in, "parent");
  return "";
}

void SendWriteResult(Call& call, const Model& model, const char* counter,
                     size_t count, size_t ignored, size_t total,
                     const std::vector<Failure>& failures) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, TxSchema(model, "listItems"));
  FieldInt(w, counter, static_cast<int64_t>(count));
  if (std::string(counter) != "deleted") {
    FieldInt(w, "ignored", static_cast<int64_t>(ignored));
    FieldInt(w, "total", static_cast<int64_t>(total));
  }
  if (!failures.empty()) {  // the key is left out when nothing failed
    w.Key("failures");
    w.StartArray();
    for (const Failure& f : failures) {
      w.StartObject();
      FieldInt(w, "requestIndex", static_cast<int64_t>(f.index));
      FieldStr(w, "failureType", f.type);
      FieldStr(w, "failureMessageDetails", f.details);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

// The "items" array of a write body, or a 400 sent and nullptr.
const rapidjson::Value* ItemsOf(Call& call, rapidjson::Document& body) {
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject() ||
      !JsonHas(body, "items") || !body["items"].IsArray()) {
    SendBadRequest(call, "request body must be {\"items\": [...]}");
    return nullptr;
  }
  if (body["items"].Size() > kMaxItemsPerCall) {
    SendBadRequest(call,
                   absl::StrCat("too many items: ", body["items"].Size(),
                                " exceeds the limit of ", kMaxItemsPerCall));
    return nullptr;
  }
  return &body["items"];
}

void AddItems(Call& call, Model& model, ListData& list) {
  rapidjson::Document body;
  const rapidjson::Value* items = ItemsOf(call, body);
  if (items == nullptr) return;
  // Sets, not scans: a call may carry 100,000 items.
  std::unordered_set<std::string> names, codes;
  for (const ListItem& item : list.items) {
    names.insert(item.name);
    if (!item.code.empty()) codes.insert(item.code);
  }
  std::vector<Failure> failures;
  size_t added = 0, ignored = 0;
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    const rapidjson::Value& in = (*items)[i];
    const std::string name = in.IsObject() ? JsonString(in, "name") : "";
    const std::string code = in.IsObject() ? JsonString(in, "code") : "";
    std::string why;
    std::string type = "INCOMPLETE_DATA";
    if (name.empty()) {
      why = "name is required";
    } else if (names.count(name) > 0) {
      type = "DUPLICATE_NAME";
      why = absl::StrCat("an item named '", name, "' already exists");
    } else if (!code.empty() && codes.count(code) > 0) {
      type = "DUPLICATE_CODE";
      why = absl::StrCat("an item with code '", code, "' already exists");
    } else {
      ListItem item;
      item.id = list.next_item_id;
      why = ApplyFields(in, list, item, true);
      type = "INCORRECT_FORMAT";
      if (why.empty()) {
        ++list.next_item_id;
        names.insert(item.name);
        if (!item.code.empty()) codes.insert(item.code);
        list.items.push_back(std::move(item));
        ++added;
        continue;
      }
    }
    ++ignored;
    failures.push_back({i, type, why});
  }
  SendWriteResult(call, model, "added", added, ignored, items->Size(),
                  failures);
}

// The identifier of an update/delete entry: id, else code, else name.
ListItem* Identify(ListData& list, const rapidjson::Value& in,
                   std::string* why) {
  const int64_t id = JsonInt(in, "id", 0);
  const std::string code = JsonString(in, "code");
  const std::string name = JsonString(in, "name");
  if (id <= 0 && code.empty() && name.empty()) {
    *why = "give one of id, code or name";
    return nullptr;
  }
  ListItem* item =
      FindItem(list, id, code, id > 0 || !code.empty() ? "" : name);
  if (item == nullptr) *why = "no such item";
  return item;
}

void DeleteItems(Call& call, Model& model, ListData& list) {
  rapidjson::Document body;
  const rapidjson::Value* items = ItemsOf(call, body);
  if (items == nullptr) return;
  std::vector<Failure> failures;
  size_t deleted = 0;
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    const rapidjson::Value& in = (*items)[i];
    std::string why;
    if (!in.IsObject() || (JsonHas(in, "id") && JsonHas(in, "code"))) {
      failures.push_back({i, "INVALID_IDENTIFIER",
                          "identify an item by exactly one of id or code"});
      continue;
    }
    ListItem* item = Identify(list, in, &why);
    if (item == nullptr) {
      failures.push_back({i, "ITEM_NOT_FOUND", why});
      continue;
    }
    const std::string name = item->name;
    list.items.erase(list.items.begin() + (item - list.items.data()));
    CarryToCells(model, list.name, name, "");
    ++deleted;
  }
  SendWriteResult(call, model, "deleted", deleted, 0, items->Size(), failures);
}

// Update: with an id, name and code are new values; with a code (and no
// id), name is a new value; else the name identifies the item.
void UpdateItems(Call& call, Model& model, ListData& list) {
  rapidjson::Document body;
  const rapidjson::Value* items = ItemsOf(call, body);
  if (items == nullptr) return;
  std::vector<Failure> failures;
  size_t updated = 0, ignored = 0;
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    const rapidjson::Value& in = (*items)[i];
    std::string why = "item must be a JSON object";
    ListItem* item = in.IsObject() ? Identify(list, in, &why) : nullptr;
    if (item == nullptr) {
      ++ignored;
      failures.push_back({i, "ITEM_NOT_FOUND", why});
      continue;
    }
    const bool by_id = JsonInt(in, "id", 0) > 0;
    const std::string new_name = JsonString(in, "name");
    if ((by_id || !JsonString(in, "code").empty()) && !new_name.empty() &&
        new_name != item->name && FindItem(list, 0, "", new_name) != nullptr) {
      ++ignored;
      failures.push_back(
          {i, "DUPLICATE_NAME",
           absl::StrCat("an item named '", new_name, "' already exists")});
      continue;
    }
    ListItem copy = *item;
    why = ApplyFields(in, list, copy, by_id || !JsonString(in, "code").empty());
    if (!by_id && JsonHas(in, "code")) copy.code = item->code;
    if (!why.empty()) {
      ++ignored;
      failures.push_back({i, "INCORRECT_FORMAT", why});
      continue;
    }
    if (copy.name != item->name) {
      CarryToCells(model, list.name, item->name, copy.name);
    }
    *item = std::move(copy);
    ++updated;
  }
  SendWriteResult(call, model, "updated", updated, ignored, items->Size(),
                  failures);
}

void SendMetadata(Call& call, const Model& model, const ListData& list) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, TxSchema(model, "list"));
  w.Key("metadata");
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(list.id));
  FieldStr(w, "name", list.name);
  FieldBool(w, "hasSelectiveAccess", false);
  w.Key("properties");
  w.StartArray();
  for (const ListProperty& p : list.properties) {
    w.StartObject();
    FieldStr(w, "name", p.name);
    FieldStr(w, "format", ValueFormatName(p.format));
    FieldStr(w, "formula", "");
    FieldStr(w, "notes", "");
    w.EndObject();
  }
  w.EndArray();
  FieldBool(w, "productionData", false);
  FieldStr(w, "managedBy", "");
  FieldBool(w, "numberedList", false);
  FieldBool(w, "useTopLevelAsPageDefault", false);
  FieldInt(w, "itemCount", static_cast<int64_t>(list.items.size()));
  // The live spec spells it nextitemIndex (the SDK reads nextItemIndex).
  FieldInt(w, "nextitemIndex", list.next_item_id);
  FieldBool(w, "workflowEnabled", false);
  FieldInt(w, "permittedItems", 1000000);
  FieldStr(w, "category", "");
  w.Key("dataTags");
  w.StartArray();
  w.EndArray();
  w.Key("subsets");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

// Lists can hold millions of items: only the requested window (a page is
// at most max_page_size long) is serialized; the rest are placeholders that
// SendPagedList counts but never writes (this listing takes no `sort`).
void SendItemsPage(Call& call, ServerContext& ctx, const Model& model,
                   const ListData& list, int max_page_size) {
  int64_t offset = 0;
  if (call.req.has_param("offset") &&
      !absl::SimpleAtoi(call.req.get_param_value("offset"), &offset)) {
    offset = 0;  // SendPagedList answers the 400
  }
  const size_t first = static_cast<size_t>(std::max<int64_t>(0, offset));
  const size_t last = first + static_cast<size_t>(std::max(1, max_page_size));
  const bool include_all = QueryFlag(call.req, "includeAll");
  std::vector<ListRow> rows(list.items.size());
  for (size_t i = first; i < last && i < list.items.size(); ++i) {
    JsonOut out;
    WriteItemJson(out.w(), list, list.items[i], include_all);
    rows[i].json = out.str();
  }
  SendTxListing(call, ctx, model, "listItems", std::move(rows));
}

// Runs `fn` with the list of path capture 0, or answers 404.
template <typename Fn>
void WithList(Call& call, Model& model, Fn fn) {
  ListData* list = FindListById(model, PathId(call, 0));
  if (list == nullptr) return SendNotFound(call, "list");
  fn(*list);
}

}  // namespace

void RegisterTxListRoutes(Router& router, ServerContext& ctx) {
  ServerContext* c = &ctx;
  AddModelRoute(router, ctx, "GET", "/lists/?", [c](Call& call, Model& m) {
    std::vector<ListRow> rows;
    for (const ListData& list : m.lists) {
      rows.push_back(NamedRow(list.id, list.name, ""));
    }
    SendTxListing(call, *c, m, "lists", std::move(rows));
  });
  AddModelRoute(
      router, ctx, "GET", "/lists/([0-9]+)", [](Call& call, Model& m) {
        WithList(call, m, [&](ListData& l) { SendMetadata(call, m, l); });
      });
  AddModelRoute(router, ctx, "GET", "/lists/([0-9]+)/items/?",
                [c](Call& call, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                  WithList(call, m, [&](ListData& list) {
                    SendItemsPage(call, *c, m, list,
                                  c->state.settings().max_page_size);
                  });
                });
  AddModelRoute(
      router, ctx, "POST", "/lists/([0-9]+)/items/?", [](Call& call, Model& m) {
        WithList(call, m, [&](ListData& list) {
          const std::string action = call.req.get_param_value("action");
          if (action == "add") return AddItems(call, m, list);
          if (action == "delete") return DeleteItems(call, m, list);
          SendBadRequest(call, "action must be add or delete");
        });
      });
  AddModelRoute(
      router, ctx, "PUT", "/lists/([0-9]+)/items/?", [](Call& call, Model& m) {
        WithList(call, m, [&](ListData& l) { UpdateItems(call, m, l); });
      });
  AddModelRoute(
      router, ctx, "POST", "/lists/([0-9]+)/resetIndex/?",
      [](Call& call, Model& m) {
        WithList(call, m, [&](ListData& list) {
          if (!list.items.empty()) {
            return SendBadRequest(call,
                                  "List index cannot be reset: the list "
                                  "contains data");
          }
          // Back to the start of the list's id block (the
          // fixture gives each list 1,000,000 ids from 206e9).
          constexpr int64_t kFirst = 206000000000;
          constexpr int64_t kBlock = 1000000;
          list.next_item_id =
              kFirst + (list.next_item_id - 1 - kFirst) / kBlock * kBlock + 1;
          call.res.status = 200;
        });
      });
  AddReadRequestRoutes(router, ctx, "lists",
                       [](Call& call, Model& m, int64_t id, std::string* csv) {
                         ListData* list = FindListById(m, id);
                         if (list == nullptr) {
                           SendNotFound(call, "list");
                           return false;
                         }
                         *csv = ListCsv(*list);
                         return true;
                       });
}

}  // namespace anaplan::emulator
