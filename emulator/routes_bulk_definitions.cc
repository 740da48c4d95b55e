// Bulk definitions: imports, exports, actions and processes listings
// (anaplan-api.md §4.3) and their metadata (§4.4). Model-level listings take
// `sort` leniently (optional sign, unknown fields ignored).

#include "absl/strings/str_cat.h"

#include "emulator/export_engine.h"
#include "emulator/http_util.h"
#include "emulator/import_engine.h"
#include "emulator/json_util.h"
#include "emulator/paging.h"
#include "emulator/routes.h"
#include "emulator/task_engine.h"

namespace anaplan::emulator {
namespace {

std::string ObjectSchema(const Model& model, const char* object) {
  return absl::StrCat("https://api.anaplan.com/2/0/models/", model.id,
                      "/objects/", object);
}

// One listing row: the object JSON plus id/name sort keys.
template <typename WriteFields>
ListRow DefinitionRow(int64_t id, const std::string& name,
                      WriteFields write_fields) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(id));
  FieldStr(w, "name", name);
  write_fields(w);
  w.EndObject();
  return {
      out.str(),
      {{"id", SortNumber(static_cast<double>(id))}, {"name", SortText(name)}},
      {}};
}

void SendListing(Call& call, Model& model, const char* key, const char* object,
                 std::vector<ListRow> rows, int max_page_size) {
  SendPagedList(
      call, std::move(rows),
      {key, ObjectSchema(model, object), false, {"id", "name"}, false},
      max_page_size, false);
}

void WriteImportFields(JsonWriter& w, const ImportDef& def) {
  FieldStr(w, "importDataSourceId", absl::StrCat(def.source_file_id));
  FieldStr(w, "importType", def.import_type);
}

void WriteExportFields(JsonWriter& w, const ExportDef& def) {
  FieldStr(w, "exportType", def.export_type);
  FieldStr(w, "exportFormat", def.export_format);
  FieldStr(w, "encoding", def.encoding);
  FieldStr(w, "layout", def.layout);
}

void ListDefinitions(Call& call, Model& model, const std::string& segment,
                     int max_page_size) {
  std::vector<ListRow> rows;
  if (segment == "imports") {
    for (const auto& [id, def] : model.imports) {
      rows.push_back(DefinitionRow(
          id, def.name, [&](JsonWriter& w) { WriteImportFields(w, def); }));
    }
    return SendListing(call, model, "imports", "import", std::move(rows),
                       max_page_size);
  }
  if (segment == "exports") {
    for (const auto& [id, def] : model.exports) {
      rows.push_back(DefinitionRow(
          id, def.name, [&](JsonWriter& w) { WriteExportFields(w, def); }));
    }
    return SendListing(call, model, "exports", "export", std::move(rows),
                       max_page_size);
  }
  if (segment == "actions") {
    for (const auto& [id, def] : model.actions) {
      rows.push_back(DefinitionRow(id, def.name, [&](JsonWriter& w) {
        FieldStr(w, "actionType", def.action_type);
      }));
    }
    return SendListing(call, model, "actions", "action", std::move(rows),
                       max_page_size);
  }
  for (const auto& [id, def] : model.processes) {
    rows.push_back(DefinitionRow(id, def.name, [](JsonWriter&) {}));
  }
  SendListing(call, model, "processes", "process", std::move(rows),
              max_page_size);
}

void WriteStringArray(JsonWriter& w, const char* key,
                      const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& v : values) WriteStr(w, v);
  w.EndArray();
}

void ImportMetadata(JsonWriter& w, const ImportDef& def, Model& model) {
  const FileEntry* file = model.FindFile(def.source_file_id);
  FileEntry defaults;
  if (file == nullptr) file = &defaults;
  std::vector<std::string> headers = ImportHeaderNames(def, model);
  w.Key("importMetadata");
  w.StartObject();
  FieldStr(w, "name", def.name);
  FieldStr(w, "type", "FILE");
  w.Key("source");
  w.StartObject();
  FieldStr(w, "textEncoding", file->encoding);
  FieldStr(w, "columnSeparator", file->separator);
  FieldStr(w, "textDelimiter", file->delimiter);
  FieldInt(w, "headerRow", file->header_row);
  FieldInt(w, "firstDataRow", file->first_data_row);
  FieldStr(w, "decimalSeparator", ".");
  WriteStringArray(w, "headerNames", headers);
  FieldInt(w, "columnCount", static_cast<int64_t>(headers.size()));
  w.EndObject();
  w.EndObject();
}

void ExportMetadata(JsonWriter& w, const ExportDef& def, Model& model) {
  ExportTable table = BuildExportTable(def, model);
  w.Key("exportMetadata");
  w.StartObject();
  FieldInt(w, "columnCount", static_cast<int64_t>(table.header_names.size()));
  WriteStringArray(w, "dataTypes", table.data_types);
  FieldStr(w, "delimiter", "\"");
  FieldStr(w, "encoding", def.encoding);
  FieldStr(w, "exportFormat", def.export_format);
  WriteStringArray(w, "headerNames", table.header_names);
  WriteStringArray(w, "listNames", table.list_names);
  FieldInt(w, "rowCount", static_cast<int64_t>(table.rows.size()));
  FieldStr(w, "separator", ",");
  FieldStr(w, "layout", def.layout);
  w.EndObject();
}

void WriteProcessAction(JsonWriter& w, Model& model, int64_t id,
                        bool show_source) {
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(id));
  if (auto i = model.imports.find(id); i != model.imports.end()) {
    FieldStr(w, "name", i->second.name);
    FieldStr(w, "actionType", "IMPORT");
    WriteImportFields(w, i->second);
    if (show_source) {
      w.Key("importDataSource");
      w.StartObject();
      FieldStr(w, "importDataSourceId", absl::StrCat(i->second.source_file_id));
      FieldStr(w, "type", "FILE");
      w.EndObject();
    }
  } else if (auto e = model.exports.find(id); e != model.exports.end()) {
    FieldStr(w, "name", e->second.name);
    FieldStr(w, "actionType", "EXPORT");
    WriteExportFields(w, e->second);
  } else if (auto a = model.actions.find(id); a != model.actions.end()) {
    FieldStr(w, "name", a->second.name);
    FieldStr(w, "actionType", a->second.action_type);
  }
  w.EndObject();
}

void ProcessMetadata(JsonWriter& w, const ProcessDef& def, Model& model,
                     bool show_source) {
  w.Key("processMetadata");
  w.StartObject();
  FieldStr(w, "name", def.name);
  w.Key("actions");
  w.StartArray();
  for (int64_t id : def.action_ids) {
    WriteProcessAction(w, model, id, show_source);
  }
  w.EndArray();
  w.EndObject();
}

void GetMetadata(Call& call, Model& model, const std::string& segment) {
  const int64_t id = ParseObjectId(call.params[0]);
  if (!ObjectExists(model, segment, id)) {
    return SendIntegrationError(call.req, call.res, 404, "Resource not found");
  }
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  if (segment == "imports") {
    WriteEnvelope(w, ObjectSchema(model, "importMetadata"));
    ImportMetadata(w, model.imports[id], model);
  } else if (segment == "exports") {
    WriteEnvelope(w, ObjectSchema(model, "exportMetadata"));
    ExportMetadata(w, model.exports[id], model);
  } else {
    WriteEnvelope(w, "https://api.anaplan.com/2/0/objects/process");
    ProcessMetadata(w, model.processes[id], model,
                    QueryFlag(call.req, "showImportDataSource"));
  }
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

}  // namespace

void RegisterBulkDefinitionRoutes(Router& router, ServerContext& ctx) {
  State& state = ctx.state;
  for (const char* segment : {"imports", "exports", "actions", "processes"}) {
    const std::string seg = segment;
    AddModelRoute(
        router, ctx, "GET", absl::StrCat("/", seg, "/?"),
        [&state, seg](Call& c, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
          ListDefinitions(c, m, seg, state.settings().max_page_size);
        });
    if (seg == "actions") continue;  // Actions have no metadata endpoint.
    AddModelRoute(router, ctx, "GET", absl::StrCat("/", seg, "/([^/]+)"),
                  [seg](Call& c, Model& m) { GetMetadata(c, m, seg); });
  }
}

}  // namespace anaplan::emulator
