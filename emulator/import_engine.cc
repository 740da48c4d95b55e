#include "emulator/import_engine.h"

#include <cmath>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/csv.h"
#include "emulator/json_util.h"

namespace anaplan::emulator {
namespace {

// Row counters, named as in Anaplan's hierarchyRowsProcessed values.
struct RowCounts {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t failed = 0;
  int64_t ignored = 0;
  int64_t success() const { return created + updated; }
  int64_t total() const { return created + updated + failed + ignored; }
};

// The parsed source: header (possibly empty) and the data rows with their
// 1-based line numbers.
struct SourceRows {
  CsvRow header;
  std::vector<std::pair<int, CsvRow>> data;
};

SourceRows ReadSource(const FileEntry& file, const std::string& content) {
  char separator = file.separator.empty() ? ',' : file.separator[0];
  char quote = file.delimiter.empty() ? '\0' : file.delimiter[0];
  std::vector<CsvRow> rows = ParseCsv(content, separator, quote);
  SourceRows source;
  int header_row = file.header_row;
  if (header_row > 0 && header_row <= static_cast<int>(rows.size())) {
    source.header = rows[static_cast<size_t>(header_row - 1)];
  }
  int first = file.first_data_row > 0 ? file.first_data_row : header_row + 1;
  for (int line = std::max(first, 1); line <= static_cast<int>(rows.size());
       ++line) {
    source.data.emplace_back(line, rows[static_cast<size_t>(line - 1)]);
  }
  return source;
}

std::string Normalize(const std::string& text) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
}

std::string Field(const CsvRow& row, int column) {
  if (column < 0 || column >= static_cast<int>(row.size())) return "";
  return std::string(absl::StripAsciiWhitespace(row[column]));
}

// Canonical text for a property/line-item value, or nullopt if malformed.
std::optional<std::string> CanonicalValue(ValueFormat format,
                                          const std::string& text) {
  if (format == ValueFormat::kNumber) {
    double value = 0;
    if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
      return std::nullopt;
    }
    return FormatNumber(value);
  }
  if (format == ValueFormat::kBoolean) {
    std::string lower = absl::AsciiStrToLower(text);
    if (lower == "true" || lower == "yes" || lower == "y" || lower == "1") {
      return std::string("true");
    }
    if (lower == "false" || lower == "no" || lower == "n" || lower == "0") {
      return std::string("false");
    }
    return std::nullopt;
  }
  return text;
}

class DumpWriter {
 public:
  explicit DumpWriter(const CsvRow& header) {
    CsvRow columns{"_Line_"};
    columns.insert(columns.end(), header.begin(), header.end());
    columns.push_back("_Error_1_");
    text_ = FormatCsvRow(columns, ',', '"');
  }
  void Add(int line, const CsvRow& row, const std::string& error) {
    CsvRow columns{absl::StrCat(line)};
    columns.insert(columns.end(), row.begin(), row.end());
    columns.push_back(error);
    text_ += FormatCsvRow(columns, ',', '"');
    ++rows_;
  }
  std::string Take() { return rows_ == 0 ? "" : std::move(text_); }

 private:
  std::string text_;
  int rows_ = 0;
};

TaskDetail RowsDetail(const char* type, const char* name_key,
                      const std::string& target, const RowCounts& c) {
  TaskDetail detail;
  detail.type = type;
  detail.local_message_text = absl::StrCat(
      target, ": ", c.success(), " (", c.created, "/", c.updated,
      ") rows successful, ", c.ignored, " ignored",
      c.failed > 0 ? absl::StrCat(", ", c.failed, " failed") : " ");
  auto n = [](int64_t v) { return absl::StrCat(v); };
  detail.values = {name_key,
                   target,
                   "successRowCount",
                   n(c.success()),
                   "successCreateCount",
                   n(c.created),
                   "successUpdateCount",
                   n(c.updated),
                   "warningsRowCount",
                   "0",
                   "failedCount",
                   n(c.failed),
                   "ignoredCount",
                   n(c.ignored),
                   "totalRowCount",
                   n(c.total()),
                   "totalCreateCount",
                   n(c.created),
                   "totalUpdateCount",
                   n(c.updated),
                   "invalidCount",
                   n(c.failed),
                   "updatedCount",
                   n(c.updated),
                   "createdCount",
                   n(c.created)};
  return detail;
}

ImportOutcome Failure(const ImportDef& def, std::string type,
                      std::string message) {
  ImportOutcome outcome;
  outcome.result.successful = false;
  outcome.result.object_id = def.id;
  outcome.result.object_name = def.name;
  outcome.result.details.push_back(
      TaskDetail{std::move(type), std::move(message), 1, {}});
  return outcome;
}

void FinishOutcome(ImportOutcome& outcome, const RowCounts& counts,
                   const std::string& first_error) {
  outcome.result.successful = counts.failed == 0;
  outcome.result.failure_dump_available = !outcome.dump.empty();
  if (counts.failed > 0) {
    outcome.result.details.push_back(
        TaskDetail{"importErrors", first_error, counts.failed, {}});
  }
}

// Column roles for HIERARCHY_DATA.
struct ListColumns {
  int name = -1;
  int code = -1;
  int parent = -1;
  std::vector<int> properties;  // Column per list property (-1 = absent).
};

ListColumns MapListColumns(const ListData& list, const CsvRow& header) {
  ListColumns cols;
  cols.properties.assign(list.properties.size(), -1);
  if (header.empty()) {  // No header row: name, code, parent, properties.
    cols.name = 0;
    cols.code = 1;
    cols.parent = 2;
    for (size_t p = 0; p < list.properties.size(); ++p) {
      cols.properties[p] = static_cast<int>(3 + p);
    }
    return cols;
  }
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = Normalize(header[i]);
    int col = static_cast<int>(i);
    if (h == "name" || h == Normalize(list.name)) cols.name = col;
    if (h == "code") cols.code = col;
    if (h == "parent") cols.parent = col;
    for (size_t p = 0; p < list.properties.size(); ++p) {
      if (h == Normalize(list.properties[p].name)) cols.properties[p] = col;
    }
  }
  return cols;
}

ListItem* FindItem(ListData& list, const std::string& name,
                   const std::string& code) {
  for (ListItem& item : list.items) {
    if (!code.empty() && item.code == code) return &item;
  }
  for (ListItem& item : list.items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

// Applies one row to `list`; returns an error message or "" on success.
std::string ApplyListRow(ListData& list, const ListColumns& cols,
                         const CsvRow& row, bool* created) {
  std::string name = Field(row, cols.name);
  if (name.empty()) return "Item name is missing";
  std::map<std::string, std::string> values;
  for (size_t p = 0; p < list.properties.size(); ++p) {
    if (cols.properties[p] < 0) continue;
    std::string text = Field(row, cols.properties[p]);
    if (text.empty()) continue;
    std::optional<std::string> value =
        CanonicalValue(list.properties[p].format, text);
    if (!value) {
      return absl::StrCat(
          "Invalid ", ValueFormatName(list.properties[p].format), " value '",
          text, "' for property ", list.properties[p].name);
    }
    values[list.properties[p].name] = *value;
  }
  std::string code = Field(row, cols.code);
  ListItem* item = FindItem(list, name, code);
  *created = item == nullptr;
  if (item == nullptr) {
    list.items.push_back(ListItem{list.next_item_id++, name, code, "", {}});
    item = &list.items.back();
    for (const ListProperty& prop : list.properties) {
      item->properties[prop.name] =
          prop.format == ValueFormat::kBoolean ? "false" : "";
    }
  }
  item->name = name;
  if (cols.code >= 0 && !code.empty()) item->code = code;
  if (cols.parent >= 0) item->parent = Field(row, cols.parent);
  for (auto& [key, value] : values) item->properties[key] = value;
  return "";
}

ImportOutcome ImportHierarchy(const ImportDef& def, Model& model,
                              const SourceRows& source) {
  ListData* list = model.FindList(def.target);
  if (list == nullptr) {
    return Failure(def, "targetNotFound",
                   absl::StrCat("Target list '", def.target, "' not found"));
  }
  ListColumns cols = MapListColumns(*list, source.header);
  ImportOutcome outcome;
  outcome.result.object_id = def.id;
  outcome.result.object_name = def.name;
  DumpWriter dump(source.header);
  RowCounts counts;
  std::string first_error;
  for (const auto& [line, row] : source.data) {
    if (IsBlankRow(row)) {
      ++counts.ignored;
      continue;
    }
    bool created = false;
    std::string error = cols.name < 0
                            ? "No column is mapped to the item name"
                            : ApplyListRow(*list, cols, row, &created);
    if (!error.empty()) {
      ++counts.failed;
      if (first_error.empty()) first_error = error;
      dump.Add(line, row, error);
    } else {
      ++(created ? counts.created : counts.updated);
    }
  }
  outcome.dump = dump.Take();
  outcome.result.details.push_back(RowsDetail(
      "hierarchyRowsProcessed", "hierarchyName", list->name, counts));
  FinishOutcome(outcome, counts, first_error);
  return outcome;
}

const ListItem* FindDimensionItem(Model& model, const std::string& dimension,
                                  const std::string& text) {
  ListData* list = model.FindList(dimension);
  if (list == nullptr) return nullptr;
  return FindItem(*list, text, text);
}

// Applies one row to `module`; returns an error message or "".
std::string ApplyModuleRow(Model& model, ModuleData& module,
                           const std::vector<int>& dim_cols,
                           const std::vector<int>& item_cols,
                           const CsvRow& row) {
  std::vector<std::string> coordinates;
  for (size_t d = 0; d < module.dimensions.size(); ++d) {
    std::string text = Field(row, dim_cols[d]);
    const ListItem* item = FindDimensionItem(model, module.dimensions[d], text);
    if (item == nullptr) {
      return absl::StrCat("Item '", text, "' not found in ",
                          module.dimensions[d]);
    }
    coordinates.push_back(item->name);
  }
  std::map<std::string, double> values;
  for (size_t l = 0; l < module.line_items.size(); ++l) {
    std::string text = Field(row, item_cols[l]);
    if (text.empty()) continue;
    double value = 0;
    if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
      return absl::StrCat("Invalid number '", text, "' for line item ",
                          module.line_items[l].name);
    }
    values[module.line_items[l].name] = value;
  }
  for (auto& [name, value] : values) module.cells[coordinates][name] = value;
  return "";
}

ImportOutcome ImportModule(const ImportDef& def, Model& model,
                           const SourceRows& source) {
  ModuleData* module = model.FindModule(def.target);
  if (module == nullptr) {
    return Failure(def, "targetNotFound",
                   absl::StrCat("Target module '", def.target, "' not found"));
  }
  // Columns by header name; without a header: dimensions then line items.
  std::vector<int> dim_cols(module->dimensions.size(), -1);
  std::vector<int> item_cols(module->line_items.size(), -1);
  for (size_t i = 0; i < dim_cols.size() + item_cols.size(); ++i) {
    int col = static_cast<int>(i);
    if (!source.header.empty()) break;
    if (i < dim_cols.size())
      dim_cols[i] = col;
    else
      item_cols[i - dim_cols.size()] = col;
  }
  for (size_t i = 0; i < source.header.size(); ++i) {
    std::string h = Normalize(source.header[i]);
    for (size_t d = 0; d < dim_cols.size(); ++d) {
      if (h == Normalize(module->dimensions[d]))
        dim_cols[d] = static_cast<int>(i);
    }
    for (size_t l = 0; l < item_cols.size(); ++l) {
      if (h == Normalize(module->line_items[l].name))
        item_cols[l] = static_cast<int>(i);
    }
  }
  ImportOutcome outcome;
  outcome.result.object_id = def.id;
  outcome.result.object_name = def.name;
  DumpWriter dump(source.header);
  RowCounts counts;
  std::string first_error;
  for (const auto& [line, row] : source.data) {
    if (IsBlankRow(row)) {
      ++counts.ignored;
      continue;
    }
    std::string error =
        ApplyModuleRow(model, *module, dim_cols, item_cols, row);
    if (!error.empty()) {
      ++counts.failed;
      if (first_error.empty()) first_error = error;
      dump.Add(line, row, error);
    } else {
      ++counts.updated;
    }
  }
  outcome.dump = dump.Take();
  outcome.result.details.push_back(
      RowsDetail("lineItemRowsProcessed", "moduleName", module->name, counts));
  FinishOutcome(outcome, counts, first_error);
  return outcome;
}

}  // namespace

std::string FileContent(const FileEntry& file) {
  std::string content;
  for (const auto& [index, bytes] : file.chunks) content += bytes;
  return content;
}

ImportOutcome RunImport(const ImportDef& def, Model& model) {
  FileEntry* file = model.FindFile(def.source_file_id);
  if (file == nullptr || file->chunk_count == 0 || file->chunks.empty()) {
    return Failure(def, "noDataSource",
                   absl::StrCat("The import data source ", def.source_file_id,
                                " has no content"));
  }
  if (file->chunk_count < 0 ||
      static_cast<int>(file->chunks.size()) < file->chunk_count) {
    return Failure(
        def, "uploadIncomplete",
        absl::StrCat("The upload of file ", file->id, " is not complete"));
  }
  SourceRows source = ReadSource(*file, FileContent(*file));
  if (def.import_type == "HIERARCHY_DATA") {
    return ImportHierarchy(def, model, source);
  }
  if (def.import_type == "MODULE_DATA") {
    return ImportModule(def, model, source);
  }
  return Failure(def, "unsupportedImportType",
                 absl::StrCat("Import type ", def.import_type,
                              " is not supported by the emulator"));
}

std::vector<std::string> ImportHeaderNames(const ImportDef& def, Model& model) {
  std::vector<std::string> names;
  if (ListData* list = model.FindList(def.target)) {
    names = {"Name", "Code", "Parent"};
    for (const ListProperty& p : list->properties) names.push_back(p.name);
  } else if (ModuleData* module = model.FindModule(def.target)) {
    names = module->dimensions;
    for (const LineItem& li : module->line_items) names.push_back(li.name);
  }
  return names;
}

}  // namespace anaplan::emulator
