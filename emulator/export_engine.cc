#include "emulator/export_engine.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

#include "emulator/csv.h"
#include "emulator/json_util.h"

namespace anaplan::emulator {
namespace {

void ListTable(const ListData& list, ExportTable& table) {
  table.header_names = {list.name, "Code", "Parent"};
  table.data_types = {"ENTITY", "TEXT", "ENTITY"};
  table.list_names = {list.name, "", ""};
  for (const ListProperty& p : list.properties) {
    table.header_names.push_back(p.name);
    table.data_types.push_back(ValueFormatName(p.format));
    table.list_names.push_back("");
  }
  for (const ListItem& item : list.items) {
    std::vector<std::string> row{item.name, item.code, item.parent};
    for (const ListProperty& p : list.properties) {
      auto it = item.properties.find(p.name);
      row.push_back(it == item.properties.end() ? "" : it->second);
    }
    table.rows.push_back(std::move(row));
  }
}

// Appends the populated rows of `module` for every combination of
// dimension items (odometer order: last dimension fastest).
void ModuleRows(const ModuleData& module,
                const std::vector<const ListData*>& dims, ExportTable& table) {
  std::vector<size_t> index(dims.size(), 0);
  for (const ListData* d : dims) {
    if (d->items.empty()) return;
  }
  for (;;) {
    std::vector<std::string> coordinates;
    for (size_t d = 0; d < dims.size(); ++d) {
      coordinates.push_back(dims[d]->items[index[d]].name);
    }
    auto cell = module.cells.find(coordinates);
    if (cell != module.cells.end() && !cell->second.empty()) {
      std::vector<std::string> row = coordinates;
      for (const LineItem& li : module.line_items) {
        auto v = cell->second.find(li.name);
        row.push_back(v == cell->second.end() ? "" : FormatNumber(v->second));
      }
      table.rows.push_back(std::move(row));
    }
    size_t d = dims.size();
    while (d > 0 && ++index[d - 1] == dims[d - 1]->items.size()) {
      index[--d] = 0;
    }
    if (d == 0) return;
  }
}

void ModuleTable(const ModuleData& module, Model& model, ExportTable& table) {
  std::vector<const ListData*> dims;
  for (const std::string& name : module.dimensions) {
    const ListData* list = model.FindList(name);
    if (list == nullptr) return;
    dims.push_back(list);
    table.header_names.push_back(name);
    table.data_types.push_back("ENTITY");
    table.list_names.push_back(name);
  }
  for (const LineItem& li : module.line_items) {
    table.header_names.push_back(li.name);
    table.data_types.push_back(ValueFormatName(li.format));
    table.list_names.push_back("");
  }
  ModuleRows(module, dims, table);
}

}  // namespace

ExportTable BuildExportTable(const ExportDef& def, Model& model) {
  ExportTable table;
  if (const ListData* list = model.FindList(def.source)) {
    table.source_found = true;
    ListTable(*list, table);
  } else if (const ModuleData* module = model.FindModule(def.source)) {
    table.source_found = true;
    ModuleTable(*module, model, table);
  }
  return table;
}

TaskResult RunExport(const ExportDef& def, Model& model, int64_t chunk_size) {
  TaskResult result;
  result.object_id = def.id;
  result.object_name = def.name;
  ExportTable table = BuildExportTable(def, model);
  if (!table.source_found) {
    result.successful = false;
    result.details.push_back(
        TaskDetail{"sourceNotFound",
                   absl::StrCat("Export source '", def.source, "' not found"),
                   1,
                   {}});
    return result;
  }
  std::string csv = FormatCsvRow(table.header_names, ',', '"');
  for (const auto& row : table.rows) csv += FormatCsvRow(row, ',', '"');

  FileEntry& file = model.files[def.id];
  file.id = def.id;
  file.name = def.name;
  file.export_output = true;
  file.header_row = 0;
  file.first_data_row = 0;
  file.ClearChunks();
  const size_t step = static_cast<size_t>(std::max<int64_t>(1, chunk_size));
  for (size_t offset = 0, index = 0; offset < csv.size();
       offset += step, ++index) {
    file.SetChunk(static_cast<int>(index), csv.substr(offset, step));
  }
  file.chunk_count = static_cast<int>(file.chunks.size());
  result.details.push_back(TaskDetail{
      "exportRowsProcessed",
      absl::StrCat(def.name, ": ", table.rows.size(), " rows exported"),
      static_cast<int64_t>(table.rows.size()),
      {"rowCount", absl::StrCat(table.rows.size()), "chunkCount",
       absl::StrCat(file.chunk_count)}});
  return result;
}

}  // namespace anaplan::emulator
