// Request bodies of the Transactional API (anaplan-api.md §5.4-5.7).
#include "absl/strings/str_cat.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

#include "anaplan_core/transactional/transactional_json.h"

namespace anaplan::core {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(Writer& w, const char* key, const std::string& value) {
  if (value.empty()) return;
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void WriteStringArray(Writer& w, const char* key,
                      const std::vector<std::string>& values) {
  w.Key(key);
  if (values.empty()) {
    w.Null();
    return;
  }
  w.StartArray();
  for (const std::string& v : values) {
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndArray();
}

std::string Text(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string ListItemsBody(const std::vector<ListItemInput>& items) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("items");
  w.StartArray();
  for (const ListItemInput& item : items) {
    w.StartObject();
    if (item.id != 0) WriteString(w, "id", absl::StrCat(item.id));
    WriteString(w, "name", item.name);
    WriteString(w, "code", item.code);
    WriteString(w, "parent", item.parent);
    if (!item.properties.empty()) {
      w.Key("properties");
      w.StartObject();
      for (const auto& [k, v] : item.properties) {
        w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
        w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
      }
      w.EndObject();
    }
    if (!item.subsets.empty()) {
      w.Key("subsets");
      w.StartObject();
      for (const auto& [k, v] : item.subsets) {
        w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
        w.Bool(v);
      }
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Text(buffer);
}

std::string CellWritesBody(const std::vector<CellWrite>& cells) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const CellWrite& cell : cells) {
    w.StartObject();
    if (cell.line_item_id != 0) {
      WriteString(w, "lineItemId", absl::StrCat(cell.line_item_id));
    } else {
      WriteString(w, "lineItemName", cell.line_item_name);
    }
    w.Key("dimensions");
    w.StartArray();
    for (const CellDimension& d : cell.dimensions) {
      w.StartObject();
      if (d.dimension_id != 0) {
        WriteString(w, "dimensionId", absl::StrCat(d.dimension_id));
      } else {
        WriteString(w, "dimensionName", d.dimension_name);
      }
      if (d.item_id != 0) {
        WriteString(w, "itemId", absl::StrCat(d.item_id));
      } else if (!d.item_code.empty()) {
        WriteString(w, "itemCode", d.item_code);
      } else {
        WriteString(w, "itemName", d.item_name);
      }
      w.EndObject();
    }
    w.EndArray();
    w.Key("value");
    switch (cell.kind) {
      case CellWrite::Kind::kNumber:
        w.Double(cell.number);
        break;
      case CellWrite::Kind::kBoolean:
        w.Bool(cell.boolean);
        break;
      case CellWrite::Kind::kText:
        w.String(cell.text.c_str(),
                 static_cast<rapidjson::SizeType>(cell.text.size()));
        break;
    }
    w.EndObject();
  }
  w.EndArray();
  return Text(buffer);
}

std::string LookupBody(const std::vector<std::string>& codes,
                       const std::vector<std::string>& names) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  WriteStringArray(w, "codes", codes);
  WriteStringArray(w, "names", names);
  w.EndObject();
  return Text(buffer);
}

std::string SingleFieldBody(const char* key, const std::string& value) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  w.EndObject();
  return Text(buffer);
}

}  // namespace anaplan::core
