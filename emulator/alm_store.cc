#include "emulator/alm_store.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace anaplan::emulator {
namespace {

constexpr char kList[] = "list:";
constexpr char kModule[] = "module:";
constexpr char kLineItem[] = "lineItem:";

std::string Category(const std::string& key) {
  if (absl::StartsWith(key, kList)) return "lists";
  if (absl::StartsWith(key, kModule)) return "modules";
  return "lineItems";
}

}  // namespace

StructureSnapshot SnapshotOf(const Model& model) {
  StructureSnapshot s;
  for (const ListData& list : model.lists) {
    std::vector<std::string> props;
    for (const ListProperty& p : list.properties) {
      props.push_back(absl::StrCat(p.name, "=", ValueFormatName(p.format)));
    }
    s[absl::StrCat(kList, list.name)] =
        absl::StrCat(list.id, "|", absl::StrJoin(props, ","));
  }
  for (const ModuleData& module : model.modules) {
    s[absl::StrCat(kModule, module.name)] =
        absl::StrCat(module.id, "|", absl::StrJoin(module.dimensions, ","));
    for (const LineItem& li : module.line_items) {
      s[absl::StrCat(kLineItem, module.name, ".", li.name)] =
          absl::StrCat(li.id, "|", ValueFormatName(li.format));
    }
  }
  return s;
}

void ApplySnapshot(const StructureSnapshot& snapshot, Model& model) {
  // Lists: keep items of lists that stay, redefine properties.
  std::vector<ListData> lists;
  std::vector<ModuleData> modules;
  for (const auto& [key, sig] : snapshot) {
    const std::vector<std::string> parts = absl::StrSplit(sig, '|');
    if (absl::StartsWith(key, kList)) {
      const std::string name = key.substr(sizeof(kList) - 1);
      ListData list;
      if (ListData* old = model.FindList(name)) list = *old;
      list.name = name;
      int64_t id = 0;
      if (list.id == 0 && absl::SimpleAtoi(parts[0], &id)) list.id = id;
      list.properties.clear();
      if (parts.size() > 1 && !parts[1].empty()) {
        for (absl::string_view p : absl::StrSplit(parts[1], ',')) {
          const std::vector<std::string> kv = absl::StrSplit(p, '=');
          list.properties.push_back(
              {kv[0], ParseValueFormat(kv.size() > 1 ? kv[1] : "TEXT")});
        }
      }
      lists.push_back(std::move(list));
    } else if (absl::StartsWith(key, kModule)) {
      const std::string name = key.substr(sizeof(kModule) - 1);
      ModuleData module;
      if (ModuleData* old = model.FindModule(name)) module = *old;
      module.name = name;
      int64_t id = 0;
      if (module.id == 0 && absl::SimpleAtoi(parts[0], &id)) module.id = id;
      module.dimensions.clear();
      if (parts.size() > 1 && !parts[1].empty()) {
        module.dimensions = absl::StrSplit(parts[1], ',');
      }
      module.line_items.clear();
      modules.push_back(std::move(module));
    }
  }
  for (const auto& [key, sig] : snapshot) {
    if (!absl::StartsWith(key, kLineItem)) continue;
    const std::string rest = key.substr(sizeof(kLineItem) - 1);
    const size_t dot = rest.find('.');
    const std::string module_name = rest.substr(0, dot);
    const std::vector<std::string> parts = absl::StrSplit(sig, '|');
    for (ModuleData& m : modules) {
      if (m.name != module_name) continue;
      LineItem li;
      absl::SimpleAtoi(parts[0], &li.id);
      li.name = rest.substr(dot + 1);
      li.format = ParseValueFormat(parts.size() > 1 ? parts[1] : "NUMBER");
      m.line_items.push_back(li);
    }
  }
  model.lists = std::move(lists);
  model.modules = std::move(modules);
}

StructureDiff Diff(const StructureSnapshot& target,
                   const StructureSnapshot& source) {
  StructureDiff d;
  for (const char* c : {"lists", "modules", "lineItems"}) d.by_category[c];
  for (const auto& [key, sig] : source) {
    auto it = target.find(key);
    if (it == target.end()) {
      ++d.by_category[Category(key)].created;
      d.lines.push_back(absl::StrCat(Category(key), "\t", key, "\tCreated"));
    } else if (it->second != sig) {
      ++d.by_category[Category(key)].modified;
      d.lines.push_back(absl::StrCat(Category(key), "\t", key, "\tModified"));
    }
  }
  for (const auto& [key, sig] : target) {
    if (source.count(key) == 0) {
      ++d.by_category[Category(key)].deleted;
      d.lines.push_back(absl::StrCat(Category(key), "\t", key, "\tDeleted"));
    }
  }
  for (const auto& [category, counts] : d.by_category) {
    d.totals.created += counts.created;
    d.totals.deleted += counts.deleted;
    d.totals.modified += counts.modified;
  }
  return d;
}

AlmRevision* AlmStore::FindRevision(const std::string& id) {
  auto it = revisions.find(id);
  return it == revisions.end() ? nullptr : &it->second;
}

AlmRevision* AlmStore::LatestOf(const std::string& model_id) {
  auto it = model_revisions.find(model_id);
  if (it == model_revisions.end() || it->second.empty()) return nullptr;
  return FindRevision(it->second.back());
}

AlmTaskRecord* AlmStore::FindTask(const std::string& model_id, AlmTaskType type,
                                  const std::string& task_id) {
  for (AlmTaskRecord& t : tasks) {
    if (t.model_id == model_id && t.type == type && t.task_id == task_id) {
      return &t;
    }
  }
  return nullptr;
}

}  // namespace anaplan::emulator
