// Transactional cell data (anaplan-api.md §5.3, §5.5): view data as JSON
// (format=v1) or CSV, cell writes into module cells (the same cells bulk
// exports read), and large-volume view read requests.

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

#include "emulator/http_util.h"
#include "emulator/routes.h"
#include "emulator/routes_transactional.h"
#include "emulator/tx_views.h"

namespace anaplan::emulator {
namespace {

constexpr size_t kMaxCellsPerWrite = 1000;  // the live spec's limit
constexpr int64_t kMaxViewCells = 1000000;

// Page item indexes from `pages=dim:item[,dim:item]` (also repeated keys);
// the first item of each page dimension by default. False after a 400.
bool PageIndex(Call& call, const TxView& view, std::vector<size_t>* index) {
  index->assign(view.dims.size() > 1 ? view.dims.size() - 1 : 0, 0);
  const size_t count = call.req.get_param_value_count("pages");
  for (size_t n = 0; n < count; ++n) {
    for (absl::string_view selector : absl::StrSplit(
             call.req.get_param_value("pages", n), ',', absl::SkipEmpty())) {
      std::vector<std::string> parts = absl::StrSplit(selector, ':');
      int64_t dim = -1, item = -1;
      if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &dim) ||
          !absl::SimpleAtoi(parts[1], &item)) {
        SendBadRequest(call,
                       absl::StrCat("Invalid page selector [", selector, "]"));
        return false;
      }
      bool found = false;
      for (size_t d = 1; d < view.dims.size() && !found; ++d) {
        if (view.dims[d]->id != dim) continue;
        const auto& items = view.dims[d]->items;
        for (size_t i = 0; i < items.size(); ++i) {
          if (items[i].id == item) {
            (*index)[d - 1] = i;
            found = true;
          }
        }
      }
      if (!found) {
        SendBadRequest(call, absl::StrCat("Invalid page selector [", dim, "]"));
        return false;
      }
    }
  }
  return true;
}

int64_t CellCount(const TxView& view, bool all_pages) {
  int64_t cells = static_cast<int64_t>(view.dims[0]->items.size() *
                                       view.module->line_items.size());
  if (all_pages) {
    for (size_t d = 1; d < view.dims.size(); ++d) {
      cells *= static_cast<int64_t>(view.dims[d]->items.size());
    }
  }
  return cells;
}

void SendViewJson(Call& call, const TxView& view,
                  const std::vector<size_t>& index, int64_t max_rows) {
  std::vector<std::string> page_names;
  for (size_t d = 1; d < view.dims.size(); ++d) {
    if (!view.dims[d]->items.empty()) {
      page_names.push_back(view.dims[d]->items[index[d - 1]].name);
    }
  }
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("pages");
  w.StartArray();
  for (const std::string& p : page_names) WriteStr(w, p);
  w.EndArray();
  w.Key("columnCoordinates");
  w.StartArray();
  for (const LineItem& li : view.module->line_items) {
    w.StartArray();
    WriteStr(w, li.name);
    w.EndArray();
  }
  w.EndArray();
  w.Key("rows");
  w.StartArray();
  int64_t rows = 0;
  for (const ListItem& item : view.dims[0]->items) {
    if (max_rows > 0 && rows++ >= max_rows) break;
    std::vector<std::string> coordinates{item.name};
    coordinates.insert(coordinates.end(), page_names.begin(), page_names.end());
    w.StartObject();
    w.Key("rowCoordinates");
    w.StartArray();
    WriteStr(w, item.name);
    w.EndArray();
    w.Key("cells");
    w.StartArray();
    for (const LineItem& li : view.module->line_items) {
      WriteStr(w, CellText(*view.module, coordinates, li.name));
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void ViewData(Call& call, Model& model, int64_t view_id) {
  TxView view = FindView(model, view_id);
  if (view.module == nullptr) return SendNotFound(call, "view");
  std::vector<size_t> index;
  if (!PageIndex(call, view, &index)) return;
  int64_t max_rows = 0;
  if (call.req.has_param("maxRows") &&
      (!absl::SimpleAtoi(call.req.get_param_value("maxRows"), &max_rows) ||
       max_rows < 0)) {
    return SendBadRequest(call, "maxRows must be a non-negative integer");
  }
  const std::string type = call.req.get_param_value("exportType");
  if (!type.empty() && type != "GRID_CURRENT_PAGE" &&
      type != "GRID_ALL_PAGES" && type != "TABULAR_SINGLE_COLUMN" &&
      type != "TABULAR_MULTI_COLUMN") {
    return SendBadRequest(call, absl::StrCat("Invalid exportType ", type));
  }
  if (type.rfind("TABULAR", 0) == 0 &&
      ParseObjectId(call.req.get_param_value("moduleId")) != view.module->id) {
    return SendBadRequest(call,
                          "moduleId of the view is required for tabular "
                          "exportType");
  }
  if (CellCount(view, type != "" && type != "GRID_CURRENT_PAGE") >
      kMaxViewCells) {
    return SendBadRequest(call, "The view exceeds 1,000,000 cells");
  }
  const std::string accept = call.req.get_header_value("Accept");
  if (accept.find("application/json") != std::string::npos) {
    if (call.req.get_param_value("format") != "v1") {
      return SendBadRequest(call, "JSON view data needs format=v1");
    }
    return SendViewJson(call, view, index, max_rows);
  }
  call.res.status = 200;
  call.res.set_content(ViewCsv(view, type, index, max_rows), "text/csv");
}

// Resolves one cell write against `module`; "" on success with `key`,
// `line_item` and `value` filled, else the failure type ("|" details).
std::pair<std::string, std::string> ResolveCell(
    Model& model, const ModuleData& module, const rapidjson::Value& in,
    std::vector<std::string>* key, const LineItem** line_item, double* value) {
  if (!in.IsObject()) return {"INCOMPLETE_DATA", "cell must be an object"};
  const int64_t li_id = JsonInt(in, "lineItemId", 0);
  const std::string li_name = JsonString(in, "lineItemName");
  *line_item = nullptr;
  for (const LineItem& li : module.line_items) {
    if ((li_id > 0 && li.id == li_id) || (li_id <= 0 && li.name == li_name)) {
      *line_item = &li;
    }
  }
  if (*line_item == nullptr) {
    return {"INVALID_LINE_ITEM", "the line item is not in the module"};
  }
  if (!JsonHas(in, "dimensions") || !in["dimensions"].IsArray()) {
    return {"INCOMPLETE_DATA", "dimensions are required"};
  }
  key->assign(module.dimensions.size(), "");
  for (const auto& d : in["dimensions"].GetArray()) {
    const int64_t dim_id = JsonInt(d, "dimensionId", 0);
    const std::string dim_name = JsonString(d, "dimensionName");
    size_t slot = module.dimensions.size();
    for (size_t k = 0; k < module.dimensions.size(); ++k) {
      const ListData* list = model.FindList(module.dimensions[k]);
      if (list != nullptr && ((dim_id > 0 && list->id == dim_id) ||
                              (dim_id <= 0 && list->name == dim_name))) {
        slot = k;
      }
    }
    if (slot == module.dimensions.size()) {
      return {"INVALID_DIMENSION", "the dimension does not apply to the cell"};
    }
    const ListData* list = model.FindList(module.dimensions[slot]);
    const int64_t item_id = JsonInt(d, "itemId", 0);
    const std::string item_name = JsonString(d, "itemName");
    const std::string item_code = JsonString(d, "itemCode");
    for (const ListItem& item : list->items) {
      if ((item_id > 0 && item.id == item_id) ||
          (item_id <= 0 && !item_code.empty() && item.code == item_code) ||
          (item_id <= 0 && item_code.empty() && item.name == item_name)) {
        (*key)[slot] = item.name;
      }
    }
    if ((*key)[slot].empty()) {
      return {"INVALID_DIMENSION_ITEM",
              absl::StrCat("no such item in ", list->name)};
    }
  }
  for (const std::string& k : *key) {
    if (k.empty())
      return {"INCOMPLETE_DATA", "the cell is not fully dimensioned"};
  }
  if (!JsonHas(in, "value")) return {"INCOMPLETE_DATA", "value is required"};
  const rapidjson::Value& v = in["value"];
  const bool boolean_item = (*line_item)->format == ValueFormat::kBoolean;
  if (v.IsNumber() && !boolean_item) {
    *value = v.GetDouble();
  } else if (v.IsBool() && boolean_item) {
    *value = v.GetBool() ? 1 : 0;
  } else if (v.IsString() && !boolean_item &&
             absl::SimpleAtod(v.GetString(), value)) {
  } else if (v.IsString() && boolean_item &&
             (std::string(v.GetString()) == "true" ||
              std::string(v.GetString()) == "false")) {
    *value = std::string(v.GetString()) == "true" ? 1 : 0;
  } else {
    return {"INCORRECT_FORMAT",
            absl::StrCat("value does not fit line item format ",
                         ValueFormatName((*line_item)->format))};
  }
  return {"", ""};
}

void WriteCells(Call& call, Model& model, int64_t module_id) {
  ModuleData* module = FindModuleById(model, module_id);
  if (module == nullptr) return SendNotFound(call, "module");
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !body.IsArray()) {
    return SendBadRequest(call, "request body must be a JSON array of cells");
  }
  if (body.Size() > kMaxCellsPerWrite) {
    return SendBadRequest(
        call, absl::StrCat("at most ", kMaxCellsPerWrite,
                           " cells per request, got ", body.Size()));
  }
  int64_t changed = 0;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  std::vector<
      std::pair<rapidjson::SizeType, std::pair<std::string, std::string>>>
      failures;
  for (rapidjson::SizeType i = 0; i < body.Size(); ++i) {
    std::vector<std::string> key;
    const LineItem* li = nullptr;
    double value = 0;
    auto why = ResolveCell(model, *module, body[i], &key, &li, &value);
    if (!why.first.empty()) {
      failures.push_back({i, why});
      continue;
    }
    module->cells[key][li->name] = value;
    ++changed;
  }
  FieldInt(w, "numberOfCellsChanged", changed);
  if (!failures.empty()) {
    w.Key("failures");
    w.StartArray();
    for (const auto& [index, why] : failures) {
      w.StartObject();
      FieldInt(w, "requestIndex", index);
      FieldStr(w, "failureType", why.first);
      FieldStr(w, "failureMessageDetails", why.second);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

}  // namespace

void RegisterTxCellRoutes(Router& router, ServerContext& ctx) {
  AddModelRoute(
      router, ctx, "GET", "/views/([0-9]+)/data/?",
      [](Call& call, Model& m) { ViewData(call, m, PathId(call, 0)); });
  AddModelRoute(
      router, ctx, "POST", "/modules/([0-9]+)/data/?",
      [](Call& call, Model& m) { WriteCells(call, m, PathId(call, 0)); });
  AddReadRequestRoutes(
      router, ctx, "views",
      [](Call& call, Model& m, int64_t id, std::string* csv) {
        TxView view = FindView(m, id);
        if (view.module == nullptr) {
          SendNotFound(call, "view");
          return false;
        }
        std::string type = "TABULAR_MULTI_COLUMN";
        rapidjson::Document body;
        if (!call.req.body.empty() && ParseJson(call.req.body, body).ok() &&
            body.IsObject() && JsonHas(body, "exportType")) {
          type = JsonString(body, "exportType");
        }
        if (type != "GRID_ALL_PAGES" && type != "TABULAR_SINGLE_COLUMN" &&
            type != "TABULAR_MULTI_COLUMN") {
          SendBadRequest(call, absl::StrCat("Invalid exportType ", type));
          return false;
        }
        *csv = ViewCsv(view, type, {}, 0);
        return true;
      });
}

}  // namespace anaplan::emulator
