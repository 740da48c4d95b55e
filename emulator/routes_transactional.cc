// Transactional API (anaplan-api.md §5): model status/open/close, modules,
// line items, dimensions, views metadata, dashboards, and the shared
// helpers. Lists are in routes_transactional_lists.cc, read requests in
// routes_transactional_reads.cc, cell data in routes_transactional_cells.cc,
// time settings in routes_transactional_time.cc. Metadata is derived from the
// model's modules and lists, so what bulk imports change shows up here too.

#include "emulator/routes_transactional.h"

#include <cstdio>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "emulator/http_util.h"
#include "emulator/routes.h"
#include "emulator/tx_views.h"

namespace anaplan::emulator {
namespace {

void SendStatus(Call& call, const Model& model) {
  const Task* running = nullptr;
  for (const Task& task : model.tasks) {
    if (task.state == TaskState::kNotStarted ||
        task.state == TaskState::kInProgress) {
      running = &task;
    }
  }
  JsonOut out;
  JsonWriter& w = out.w();
  // No envelope here (anaplan-api.md §5.1).
  w.StartObject();
  w.Key("requestStatus");
  w.StartObject();
  w.Key("peakMemoryUsageEstimate");
  w.Null();
  w.Key("peakMemoryUsageTime");
  w.Null();
  FieldDouble(w, "progress", running != nullptr ? running->progress : -1.0);
  FieldStr(w, "currentStep",
           running != nullptr ? "Processing ..."
           : model.open       ? "Open"
                              : "Closed");
  w.Key("tooltip");
  if (running != nullptr) {
    WriteStr(w, absl::StrCat("The system is currently processing ",
                             running->segment));
  } else {
    w.Null();
  }
  w.Key("taskId");
  if (running != nullptr) {
    WriteStr(w, running->task_id);
  } else {
    w.Null();
  }
  FieldInt(w, "creationTime", UnixMillis(absl::Now()));
  w.Key("exportTaskType");
  w.Null();
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void WriteNamedObject(JsonWriter& w, int64_t id, const std::string& name) {
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(id));
  FieldStr(w, "name", name);
  w.EndObject();
}

ListRow LineItemRow(const Model& model, const ModuleData& module,
                    const LineItem& li) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(li.id));
  FieldStr(w, "name", li.name);
  FieldStr(w, "moduleId", absl::StrCat(module.id));
  FieldStr(w, "moduleName", module.name);
  FieldStr(w, "format", ValueFormatName(li.format));
  w.Key("formatMetadata");
  w.StartObject();
  FieldStr(w, "dataType", ValueFormatName(li.format));
  if (li.format == ValueFormat::kNumber) {
    FieldStr(w, "comparisonIncrease", "GOOD");
    FieldInt(w, "decimalPlaces", 0);
    FieldStr(w, "decimalSeparator", "FULL_STOP");
    FieldStr(w, "groupingSeparator", "COMMA");
    FieldInt(w, "minimumSignificantDigits", 0);
    FieldStr(w, "negativeNumberNotation", "MINUS_SIGN");
    FieldStr(w, "unitsDisplayType", "NONE");
    FieldStr(w, "unitsType", "NONE");
    FieldStr(w, "zeroFormat", "ZERO");
  }
  w.EndObject();
  FieldStr(w, "summary", "Sum");
  FieldStr(w, "timeScale", "Month");
  FieldStr(w, "timeRange", "Model Calendar");
  FieldStr(w, "style", "Normal");
  FieldStr(w, "notes", "");
  FieldStr(w, "formulaScope", "Module");
  FieldStr(w, "code", "");
  FieldStr(w, "formula", "");
  w.Key("appliesTo");
  w.StartArray();
  for (const std::string& name : module.dimensions) {
    const ListData* list = const_cast<Model&>(model).FindList(name);
    if (list != nullptr) WriteNamedObject(w, list->id, list->name);
  }
  w.EndArray();
  w.Key("dataTags");
  w.StartArray();
  w.EndArray();
  w.Key("referencedBy");
  w.StartArray();
  w.EndArray();
  w.Key("version");
  WriteNamedObject(w, 20000000020, "All Versions");
  FieldBool(w, "isSummary", false);
  FieldBool(w, "useSwitchover", false);
  FieldBool(w, "breakback", false);
  FieldBool(w, "broughtForward", false);
  FieldBool(w, "startOfSection", false);
  int64_t cells = 1;
  for (const std::string& name : module.dimensions) {
    const ListData* list = const_cast<Model&>(model).FindList(name);
    cells *= list == nullptr ? 0 : static_cast<int64_t>(list->items.size());
  }
  FieldInt(w, "cellCount", cells);
  w.EndObject();
  return {out.str(),
          {{"id", SortNumber(static_cast<double>(li.id))},
           {"name", SortText(li.name)}},
          {}};
}

void ListLineItems(Call& call, ServerContext& ctx, Model& model,
                   int64_t module_id) {
  std::vector<ListRow> rows;
  bool found = module_id == 0;
  for (const ModuleData& module : model.modules) {
    if (module_id != 0 && module.id != module_id) continue;
    found = true;
    for (const LineItem& li : module.line_items) {
      rows.push_back(LineItemRow(model, module, li));
    }
  }
  if (!found) return SendNotFound(call, "module");
  SendTxListing(call, ctx, model, "items", std::move(rows));
}

// The items of a dimension: a list, or the Versions dimension.
bool DimensionItems(Model& model, int64_t id, std::vector<ListRow>* rows) {
  if (id == kVersionsDimensionId) {
    for (const TxVersion& v : model.tx.versions) {
      rows->push_back(NamedRow(v.id, v.name, v.code));
    }
    return true;
  }
  const ListData* list = FindListById(model, id);
  if (list == nullptr) return false;
  for (const ListItem& item : list->items) {
    rows->push_back(NamedRow(item.id, item.name, item.code));
  }
  return true;
}

// {"items": [...]} with the key left out when empty (live spec note).
void SendItems(Call& call, const Model& model,
               const std::vector<ListRow>& rows) {
  std::string body =
      absl::StrCat(R"({"meta":{"schema":")", TxSchema(model, "item"),
                   R"("},"status":{"code":200,"message":"Success"})");
  if (!rows.empty()) {
    body += ",\"items\":[";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i > 0) body += ",";
      body += rows[i].json;
    }
    body += "]";
  }
  body += "}";
  SendJson(call.res, 200, std::move(body));
}

void LookupItems(Call& call, Model& model, int64_t id) {
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject()) {
    return SendBadRequest(call, "request body must be a JSON object");
  }
  std::vector<std::string> codes, names;
  for (const char* key : {"codes", "names"}) {
    if (!JsonHas(body, key) || !body[key].IsArray()) continue;
    for (const auto& v : body[key].GetArray()) {
      if (v.IsString()) {
        (key[0] == 'c' ? codes : names).push_back(v.GetString());
      }
    }
  }
  if (codes.empty() && names.empty()) {
    return SendBadRequest(call, "codes or names must be given");
  }
  std::vector<ListRow> all;
  if (!DimensionItems(model, id, &all)) return SendNotFound(call, "dimension");
  std::vector<ListRow> rows;
  for (ListRow& row : all) {
    rapidjson::Document item;
    if (!ParseJson(row.json, item).ok()) continue;
    const std::string code = JsonString(item, "code");
    const std::string name = JsonString(item, "name");
    bool match = false;
    for (const auto& c : codes) match = match || (!code.empty() && c == code);
    for (const auto& n : names) match = match || n == name;
    if (match) rows.push_back(std::move(row));
  }
  SendItems(call, model, rows);
}

void ViewRows(Model& model, int64_t module_id, std::vector<ListRow>* rows) {
  for (const ModuleData& module : model.modules) {
    if (module_id != 0 && module.id != module_id) continue;
    JsonOut out;
    JsonWriter& w = out.w();
    w.StartObject();
    FieldStr(w, "id", absl::StrCat(module.id));
    FieldStr(w, "name", module.name);
    FieldStr(w, "code", "");
    FieldStr(w, "moduleId", absl::StrCat(module.id));
    w.EndObject();
    rows->push_back({out.str(),
                     {{"id", SortNumber(static_cast<double>(module.id))},
                      {"name", SortText(module.name)}},
                     {}});
  }
}

void SendViewInfo(Call& call, Model& model, int64_t id) {
  TxView view = FindView(model, id);
  if (view.module == nullptr) return SendNotFound(call, "view");
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, TxSchema(model, "view"));
  FieldStr(w, "viewId", absl::StrCat(id));
  FieldStr(w, "viewName", view.module->name);
  w.Key("rows");
  w.StartArray();
  WriteNamedObject(w, view.dims[0]->id, view.dims[0]->name);
  w.EndArray();
  w.Key("columns");
  w.StartArray();
  WriteNamedObject(w, kLineItemsDimensionId, "Line Items");
  w.EndArray();
  if (view.dims.size() > 1) {  // an axis without dimensions is left out
    w.Key("pages");
    w.StartArray();
    for (size_t d = 1; d < view.dims.size(); ++d) {
      WriteNamedObject(w, view.dims[d]->id, view.dims[d]->name);
    }
    w.EndArray();
  }
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void ViewDimensionItems(Call& call, Model& model, int64_t view_id,
                        int64_t dim_id) {
  TxView view = FindView(model, view_id);
  if (view.module == nullptr) return SendNotFound(call, "view");
  std::vector<ListRow> rows;
  if (dim_id == kLineItemsDimensionId) {
    for (const LineItem& li : view.module->line_items) {
      rows.push_back(NamedRow(li.id, li.name, ""));
    }
    return SendItems(call, model, rows);
  }
  for (const ListData* list : view.dims) {
    if (list->id != dim_id) continue;
    for (const ListItem& item : list->items) {
      rows.push_back(NamedRow(item.id, item.name, ""));
    }
    return SendItems(call, model, rows);
  }
  SendNotFound(call, "dimension");
}

// Dimensions of a line item: its module's lists.
bool LineItemDims(Model& model, int64_t li_id, std::vector<ListData*>* dims) {
  const LineItem* li = nullptr;
  ModuleData* module = FindLineItemModule(model, li_id, &li);
  if (module == nullptr) return false;
  for (const std::string& name : module->dimensions) {
    if (ListData* list = model.FindList(name)) dims->push_back(list);
  }
  return true;
}

}  // namespace

std::string TxSchema(const Model& model, const char* object) {
  return absl::StrCat("https://api.anaplan.com/2/0/models/", model.id,
                      "/objects/", object);
}

ListRow NamedRow(int64_t id, const std::string& name, const std::string& code) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(id));
  FieldStr(w, "name", name);
  if (!code.empty()) FieldStr(w, "code", code);
  w.EndObject();
  return {
      out.str(),
      {{"id", SortNumber(static_cast<double>(id))}, {"name", SortText(name)}},
      {name}};
}

void SendTxListing(Call& call, ServerContext& ctx, const Model& model,
                   const char* key,
                   std::vector<ListRow> rows) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  SendPagedList(call, std::move(rows),
                {key, TxSchema(model, key), false, {"id", "name"}, false},
                ctx.state.settings().max_page_size, false);
}

void SendNotFound(Call& call, const std::string& what) {
  SendIntegrationError(call.req, call.res, 404,
                       absl::StrCat("Resource not found: unknown ", what));
}

void SendBadRequest(Call& call, const std::string& message) {
  SendIntegrationError(call.req, call.res, 400, message);
}

int64_t PathId(const Call& call, size_t index) {
  return index < call.params.size() ? ParseObjectId(call.params[index]) : -1;
}

void RegisterTransactionalRoutes(Router& router, ServerContext& ctx) {
  ServerContext* c = &ctx;
  AddModelRoute(router, ctx, "GET", "/status",
                [](Call& call, Model& m) { SendStatus(call, m); });
  AddModelRoute(router, ctx, "POST", "/open", [](Call& call, Model& m) {
    m.open = true;
    call.res.status = 202;
  });
  AddModelRoute(router, ctx, "POST", "/close", [](Call& call, Model& m) {
    m.open = false;
    call.res.status = 204;
  });
  AddModelRoute(router, ctx, "GET", "/modules/?", [c](Call& call, Model& m) {
    std::vector<ListRow> rows;
    for (const ModuleData& module : m.modules) {
      rows.push_back(NamedRow(module.id, module.name, ""));
    }
    SendTxListing(call, *c, m, "modules", std::move(rows));
  });
  AddModelRoute(router, ctx, "GET", "/lineItems/?",
                [c](Call& call, Model& m) { ListLineItems(call, *c, m, 0); });
  AddModelRoute(router, ctx, "GET", "/modules/([0-9]+)/lineItems/?",
                [c](Call& call, Model& m) {
                  ListLineItems(call, *c, m, PathId(call, 0));
                });
  AddModelRoute(router, ctx, "GET", "/lineItems/([0-9]+)/dimensions/?",
                [c](Call& call, Model& m) {
                  std::vector<ListData*> dims;
                  if (!LineItemDims(m, PathId(call, 0), &dims)) {
                    return SendNotFound(call, "line item");
                  }
                  std::vector<ListRow> rows;
                  for (const ListData* d : dims) {
                    rows.push_back(NamedRow(d->id, d->name, ""));
                  }
                  SendTxListing(call, *c, m, "dimensions", std::move(rows));
                });
  AddModelRoute(router, ctx, "GET",
                "/lineItems/([0-9]+)/dimensions/([0-9]+)/items/?",
                [](Call& call, Model& m) {
                  std::vector<ListData*> dims;
                  if (!LineItemDims(m, PathId(call, 0), &dims)) {
                    return SendNotFound(call, "line item");
                  }
                  for (const ListData* d : dims) {
                    if (d->id != PathId(call, 1)) continue;
                    std::vector<ListRow> rows;
                    for (const ListItem& item : d->items) {
                      rows.push_back(NamedRow(item.id, item.name, item.code));
                    }
                    return SendItems(call, m, rows);
                  }
                  SendNotFound(call, "dimension");
                });
  AddModelRoute(router, ctx, "GET", "/dimensions/([0-9]+)/items/?",
                [](Call& call, Model& m) {
                  std::vector<ListRow> rows;
                  if (!DimensionItems(m, PathId(call, 0), &rows)) {
                    return SendNotFound(call, "dimension");
                  }
                  SendItems(call, m, rows);
                });
  AddModelRoute(
      router, ctx, "POST", "/dimensions/([0-9]+)/items/?",
      [](Call& call, Model& m) { LookupItems(call, m, PathId(call, 0)); });
  AddModelRoute(router, ctx, "GET", "/views/?", [c](Call& call, Model& m) {
    std::vector<ListRow> rows;
    ViewRows(m, 0, &rows);
    SendTxListing(call, *c, m, "views", std::move(rows));
  });
  AddModelRoute(router, ctx, "GET", "/modules/([0-9]+)/views/?",
                [c](Call& call, Model& m) {
                  if (FindModuleById(m, PathId(call, 0)) == nullptr) {
                    return SendNotFound(call, "module");
                  }
                  std::vector<ListRow> rows;
                  ViewRows(m, PathId(call, 0), &rows);
                  SendTxListing(call, *c, m, "views", std::move(rows));
                });
  AddModelRoute(
      router, ctx, "GET", "/views/([0-9]+)",
      [](Call& call, Model& m) { SendViewInfo(call, m, PathId(call, 0)); });
  AddModelRoute(router, ctx, "GET",
                "/views/([0-9]+)/dimensions/([0-9]+)/items/?",
                [](Call& call, Model& m) {
                  ViewDimensionItems(call, m, PathId(call, 0), PathId(call, 1));
                });
  AddModelRoute(router, ctx, "GET", "/dashboards/?", [c](Call& call, Model& m) {
    std::vector<ListRow> rows;
    for (const ModuleData& module : m.modules) {
      // One dashboard per module, id in the dashboard family (104...).
      rows.push_back(
          NamedRow(module.id + 2000000000, module.name + " Dashboard", ""));
    }
    SendTxListing(call, *c, m, "dashboards", std::move(rows));
  });
  RegisterTxTimeRoutes(router, ctx);
  RegisterTxListRoutes(router, ctx);
  RegisterTxCellRoutes(router, ctx);
}

}  // namespace anaplan::emulator
