#include "emulator/tx_views.h"

#include "absl/strings/str_cat.h"

#include "emulator/csv.h"
#include "emulator/json_util.h"

namespace anaplan::emulator {
namespace {

std::string Row(const std::vector<std::string>& fields) {
  return FormatCsvRow(fields, ',', '"');
}

// Calls `fn` with every combination of item indexes of `dims` (last fastest).
template <typename Fn>
void ForEachCombination(const std::vector<ListData*>& dims, Fn fn) {
  for (const ListData* d : dims) {
    if (d->items.empty()) return;
  }
  std::vector<size_t> index(dims.size(), 0);
  for (;;) {
    fn(index);
    size_t d = dims.size();
    while (d > 0 && ++index[d - 1] == dims[d - 1]->items.size()) {
      index[--d] = 0;
    }
    if (d == 0) return;
  }
}

std::vector<std::string> Names(const std::vector<ListData*>& dims,
                               const std::vector<size_t>& index) {
  std::vector<std::string> out;
  for (size_t d = 0; d < dims.size(); ++d) {
    out.push_back(dims[d]->items[index[d]].name);
  }
  return out;
}

// The grid of one page: header line, then one line per row item.
void GridPage(const TxView& view, const std::vector<size_t>& page_index,
              bool with_page_line, int64_t max_rows, int64_t& rows_out,
              std::string& csv) {
  std::vector<ListData*> page_dims(view.dims.begin() + 1, view.dims.end());
  std::vector<std::string> page_names = Names(page_dims, page_index);
  if (with_page_line && !page_names.empty()) csv += Row(page_names);
  std::vector<std::string> header{""};
  for (const LineItem& li : view.module->line_items) header.push_back(li.name);
  csv += Row(header);
  for (const ListItem& item : view.dims[0]->items) {
    if (max_rows > 0 && rows_out >= max_rows) return;
    std::vector<std::string> coordinates{item.name};
    coordinates.insert(coordinates.end(), page_names.begin(), page_names.end());
    std::vector<std::string> line{item.name};
    for (const LineItem& li : view.module->line_items) {
      line.push_back(CellText(*view.module, coordinates, li.name));
    }
    csv += Row(line);
    ++rows_out;
  }
}

}  // namespace

ListData* FindListById(Model& model, int64_t id) {
  for (ListData& list : model.lists) {
    if (list.id == id) return &list;
  }
  return nullptr;
}

ModuleData* FindModuleById(Model& model, int64_t id) {
  for (ModuleData& module : model.modules) {
    if (module.id == id) return &module;
  }
  return nullptr;
}

ModuleData* FindLineItemModule(Model& model, int64_t id,
                               const LineItem** line_item) {
  for (ModuleData& module : model.modules) {
    for (const LineItem& li : module.line_items) {
      if (li.id == id) {
        if (line_item != nullptr) *line_item = &li;
        return &module;
      }
    }
  }
  return nullptr;
}

TxView FindView(Model& model, int64_t id) {
  TxView view;
  ModuleData* module = FindModuleById(model, id);
  if (module == nullptr) module = FindLineItemModule(model, id, nullptr);
  if (module == nullptr || module->dimensions.empty()) return view;
  for (const std::string& name : module->dimensions) {
    ListData* list = model.FindList(name);
    if (list == nullptr) return view;
    view.dims.push_back(list);
  }
  view.module = module;
  return view;
}

std::string CellText(const ModuleData& module,
                     const std::vector<std::string>& coordinates,
                     const std::string& line_item) {
  auto cell = module.cells.find(coordinates);
  if (cell == module.cells.end()) return "0";
  auto value = cell->second.find(line_item);
  return value == cell->second.end() ? "0" : FormatNumber(value->second);
}

std::string ViewCsv(const TxView& view, const std::string& export_type,
                    const std::vector<size_t>& page_index, int64_t max_rows) {
  std::string csv;
  int64_t rows = 0;
  const ModuleData& module = *view.module;
  if (export_type == "TABULAR_MULTI_COLUMN" ||
      export_type == "TABULAR_SINGLE_COLUMN") {
    const bool single = export_type == "TABULAR_SINGLE_COLUMN";
    std::vector<std::string> header;
    for (const ListData* d : view.dims) header.push_back(d->name);
    if (single) {
      header.push_back("Line Items");
      header.push_back("Value");
    } else {
      for (const LineItem& li : module.line_items) header.push_back(li.name);
    }
    csv += Row(header);
    ForEachCombination(view.dims, [&](const std::vector<size_t>& index) {
      std::vector<std::string> coordinates = Names(view.dims, index);
      for (size_t l = 0; l < (single ? module.line_items.size() : 1); ++l) {
        if (max_rows > 0 && rows >= max_rows) return;
        std::vector<std::string> line = coordinates;
        if (single) {
          line.push_back(module.line_items[l].name);
          line.push_back(
              CellText(module, coordinates, module.line_items[l].name));
        } else {
          for (const LineItem& li : module.line_items) {
            line.push_back(CellText(module, coordinates, li.name));
          }
        }
        csv += Row(line);
        ++rows;
      }
    });
    return csv;
  }
  if (export_type == "GRID_ALL_PAGES" && view.dims.size() > 1) {
    std::vector<ListData*> page_dims(view.dims.begin() + 1, view.dims.end());
    ForEachCombination(page_dims, [&](const std::vector<size_t>& index) {
      GridPage(view, index, true, max_rows, rows, csv);
    });
    return csv;
  }
  GridPage(view, page_index, true, max_rows, rows, csv);
  return csv;
}

std::string ListCsv(const ListData& list) {
  std::vector<std::string> header{list.name, "Code", "Parent"};
  for (const ListProperty& p : list.properties) header.push_back(p.name);
  std::string csv = Row(header);
  for (const ListItem& item : list.items) {
    std::vector<std::string> line{item.name, item.code, item.parent};
    for (const ListProperty& p : list.properties) {
      auto it = item.properties.find(p.name);
      line.push_back(it == item.properties.end() ? "" : it->second);
    }
    csv += Row(line);
  }
  return csv;
}

std::vector<std::string> CutPages(const std::string& csv, size_t rows) {
  std::vector<std::string> pages;
  std::string page;
  size_t lines = 0;
  size_t limit = rows + 1;  // the first page also holds the header line
  size_t start = 0;
  while (start < csv.size()) {
    size_t end = csv.find('\n', start);
    end = end == std::string::npos ? csv.size() : end + 1;
    page.append(csv, start, end - start);
    start = end;
    if (++lines >= limit) {
      pages.push_back(std::move(page));
      page.clear();
      lines = 0;
      limit = rows;
    }
  }
  if (!page.empty() || pages.empty()) pages.push_back(std::move(page));
  return pages;
}

}  // namespace anaplan::emulator
