#include "emulator/fixture.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/json_util.h"

#ifndef ANAPLAN_EMULATOR_DEFAULT_FIXTURE
#define ANAPLAN_EMULATOR_DEFAULT_FIXTURE ""
#endif

namespace anaplan::emulator {
namespace {

using rapidjson::Value;

// Item ids are not part of the fixture's contract; give each list its own
// block so that ids stay stable when a list grows.
constexpr int64_t kFirstItemId = 206000000000;
constexpr int64_t kItemIdsPerList = 1000000;
constexpr int64_t kFirstNewFileId = 113000000000;

const Value& Array(const Value& obj, const char* key) {
  static const Value kEmpty(rapidjson::kArrayType);
  if (JsonHas(obj, key) && obj[key].IsArray()) return obj[key];
  return kEmpty;
}

std::vector<std::string> StringArray(const Value& obj, const char* key) {
  std::vector<std::string> out;
  for (const Value& v : Array(obj, key).GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString());
  }
  return out;
}

User ParseUser(const Value& v) {
  User user;
  user.id = JsonString(v, "id");
  user.email = JsonString(v, "email");
  user.password = JsonString(v, "password");
  user.first_name = JsonString(v, "firstName");
  user.last_name = JsonString(v, "lastName");
  user.active = JsonBool(v, "active", true);
  user.tenant_admin = JsonBool(v, "tenantAdmin", false);
  user.workspace_admin = JsonBool(v, "workspaceAdmin", false);
  user.last_login_date = JsonString(v, "lastLoginDate");
  return user;
}

Workspace ParseWorkspace(const Value& v) {
  Workspace ws;
  ws.id = JsonString(v, "id");
  ws.name = JsonString(v, "name");
  ws.active = JsonBool(v, "active", true);
  ws.size_allowance = JsonInt(v, "sizeAllowance");
  ws.current_size = JsonInt(v, "currentSize");
  return ws;
}

ListData ParseList(const Value& v, int64_t item_block) {
  ListData list;
  list.id = JsonInt(v, "id");
  list.name = JsonString(v, "name");
  for (const Value& p : Array(v, "properties").GetArray()) {
    list.properties.push_back(
        {JsonString(p, "name"), ParseValueFormat(JsonString(p, "format"))});
  }
  int64_t next_id = kFirstItemId + item_block * kItemIdsPerList + 1;
  for (const Value& it : Array(v, "items").GetArray()) {
    ListItem item;
    item.id = JsonInt(it, "id", next_id);
    item.name = JsonString(it, "name");
    item.code = JsonString(it, "code");
    item.parent = JsonString(it, "parent");
    if (JsonHas(it, "properties") && it["properties"].IsObject()) {
      for (const auto& m : it["properties"].GetObject()) {
        item.properties[m.name.GetString()] =
            JsonString(it["properties"], m.name.GetString());
      }
    }
    next_id = std::max(next_id, item.id + 1);
    list.items.push_back(std::move(item));
  }
  list.next_item_id = next_id;
  return list;
}

ModuleData ParseModule(const Value& v) {
  ModuleData module;
  module.id = JsonInt(v, "id");
  module.name = JsonString(v, "name");
  module.dimensions = StringArray(v, "dimensions");
  for (const Value& li : Array(v, "lineItems").GetArray()) {
    module.line_items.push_back(
        {JsonInt(li, "id"), JsonString(li, "name"),
         ParseValueFormat(JsonString(li, "format", "NUMBER"))});
  }
  for (const Value& cell : Array(v, "cells").GetArray()) {
    std::vector<std::string> coordinates = StringArray(cell, "coordinates");
    if (!JsonHas(cell, "values") || !cell["values"].IsObject()) continue;
    for (const auto& m : cell["values"].GetObject()) {
      if (m.value.IsNumber()) {
        module.cells[coordinates][m.name.GetString()] = m.value.GetDouble();
      }
    }
  }
  return module;
}

FileEntry ParseFile(const Value& v) {
  FileEntry file;
  file.id = JsonInt(v, "id");
  file.name = JsonString(v, "name");
  file.header_row = static_cast<int>(JsonInt(v, "headerRow", 1));
  file.first_data_row = static_cast<int>(JsonInt(v, "firstDataRow", 2));
  file.delimiter = JsonString(v, "delimiter", "\"");
  file.separator = JsonString(v, "separator", ",");
  file.encoding = JsonString(v, "encoding", "UTF-8");
  file.format = JsonString(v, "format", "txt");
  std::string content = JsonString(v, "content");
  if (!content.empty()) {
    file.chunks[0] = std::move(content);
    file.chunk_count = 1;
  }
  return file;
}

void ParseDefinitions(const Value& v, Model& model) {
  for (const Value& f : Array(v, "files").GetArray()) {
    FileEntry file = ParseFile(f);
    model.files[file.id] = std::move(file);
  }
  for (const Value& i : Array(v, "imports").GetArray()) {
    ImportDef def{JsonInt(i, "id"), JsonString(i, "name"),
                  JsonString(i, "importType"), JsonInt(i, "importDataSourceId"),
                  JsonString(i, "target")};
    model.imports[def.id] = def;
  }
  for (const Value& e : Array(v, "exports").GetArray()) {
    ExportDef def;
    def.id = JsonInt(e, "id");
    def.name = JsonString(e, "name");
    def.export_type = JsonString(e, "exportType", def.export_type);
    def.export_format = JsonString(e, "exportFormat", def.export_format);
    def.encoding = JsonString(e, "encoding", def.encoding);
    def.layout = JsonString(e, "layout", def.export_type);
    def.source = JsonString(e, "source");
    model.exports[def.id] = def;
  }
  for (const Value& a : Array(v, "actions").GetArray()) {
    ActionDef def{JsonInt(a, "id"), JsonString(a, "name"),
                  JsonString(a, "actionType"), JsonString(a, "target"),
                  JsonString(a, "selectionProperty")};
    model.actions[def.id] = def;
  }
  for (const Value& p : Array(v, "processes").GetArray()) {
    ProcessDef def{JsonInt(p, "id"), JsonString(p, "name"), {}};
    for (const std::string& text : StringArray(p, "actions")) {
      int64_t id = 0;
      if (absl::SimpleAtoi(text, &id)) def.action_ids.push_back(id);
    }
    model.processes[def.id] = def;
  }
}

Model ParseModel(const Value& v, int64_t& item_block) {
  Model model;
  model.id = JsonString(v, "id");
  model.name = JsonString(v, "name");
  model.workspace_id = JsonString(v, "workspaceId");
  model.active_state = JsonString(v, "activeState", "UNLOCKED");
  model.open = JsonBool(v, "open", false);
  model.last_saved_serial_number = JsonInt(v, "lastSavedSerialNumber");
  model.last_modified_by_user_guid = JsonString(v, "lastModifiedByUserGuid");
  model.memory_usage = JsonInt(v, "memoryUsage");
  model.iso_creation_date = JsonString(v, "isoCreationDate");
  model.last_modified = JsonString(v, "lastModified");
  for (const Value& l : Array(v, "lists").GetArray()) {
    model.lists.push_back(ParseList(l, item_block++));
  }
  for (const Value& m : Array(v, "modules").GetArray()) {
    model.modules.push_back(ParseModule(m));
  }
  ParseDefinitions(v, model);
  model.next_file_id = kFirstNewFileId + 100;
  for (const auto& [id, file] : model.files) {
    if (id / 1000000000 == 113) {
      model.next_file_id = std::max(model.next_file_id, id + 1);
    }
  }
  return model;
}

}  // namespace

absl::StatusOr<Tenant> ParseFixture(std::string_view json_text) {
  rapidjson::Document doc;
  absl::Status parsed = ParseJson(json_text, doc);
  if (!parsed.ok()) return parsed;
  if (!doc.IsObject()) {
    return absl::InvalidArgumentError("fixture must be a JSON object");
  }
  Tenant tenant;
  tenant.customer_guid = JsonString(doc, "customerGuid");
  for (const Value& u : Array(doc, "users").GetArray()) {
    tenant.users.push_back(ParseUser(u));
  }
  for (const Value& w : Array(doc, "workspaces").GetArray()) {
    tenant.workspaces.push_back(ParseWorkspace(w));
  }
  int64_t item_block = 0;
  for (const Value& m : Array(doc, "models").GetArray()) {
    tenant.models.push_back(ParseModel(m, item_block));
  }
  if (tenant.users.empty()) {
    return absl::InvalidArgumentError("fixture defines no users");
  }
  for (const Model& model : tenant.models) {
    if (tenant.FindWorkspace(model.workspace_id) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "model ", model.id, " names unknown workspace ", model.workspace_id));
    }
  }
  return tenant;
}

absl::StatusOr<std::string> LoadFixtureText(const std::string& path) {
  if (path.empty()) {
    std::string_view embedded = EmbeddedFixtureJson();
    if (!embedded.empty()) return std::string(embedded);
  }
  const std::string file =
      path.empty() ? std::string(ANAPLAN_EMULATOR_DEFAULT_FIXTURE) : path;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read fixture ", file));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace anaplan::emulator
