#include "emulator/action_engine.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace anaplan::emulator {
namespace {

void DropCellsOf(Model& model, const std::string& list_name,
                 const std::set<std::string>& deleted) {
  for (ModuleData& module : model.modules) {
    for (size_t d = 0; d < module.dimensions.size(); ++d) {
      if (module.dimensions[d] != list_name) continue;
      for (auto it = module.cells.begin(); it != module.cells.end();) {
        it = deleted.count(it->first[d]) ? module.cells.erase(it) : ++it;
      }
    }
  }
}

ActionOutcome DeleteBySelection(const ActionDef& def, Model& model) {
  ActionOutcome outcome;
  outcome.result.object_id = def.id;
  outcome.result.object_name = def.name;
  ListData* list = model.FindList(def.target);
  if (list == nullptr) {
    outcome.result.successful = false;
    outcome.result.details.push_back(
        TaskDetail{"targetNotFound",
                   absl::StrCat("Target list '", def.target, "' not found"),
                   1,
                   {}});
    return outcome;
  }
  const std::string property =
      def.selection_property.empty() ? "Active" : def.selection_property;
  std::set<std::string> deleted;
  auto selected = [&](const ListItem& item) {
    auto it = item.properties.find(property);
    bool keep = it != item.properties.end() && it->second == "true";
    if (!keep) deleted.insert(item.name);
    return !keep;
  };
  list->items.erase(
      std::remove_if(list->items.begin(), list->items.end(), selected),
      list->items.end());
  DropCellsOf(model, list->name, deleted);
  const int64_t count = static_cast<int64_t>(deleted.size());
  outcome.result.details.push_back(TaskDetail{
      "itemsDeleted",
      absl::StrCat(list->name, ": ", count, " items deleted"),
      count,
      {"listName", list->name, "deletedCount", absl::StrCat(count)}});
  return outcome;
}

ActionOutcome Optimize(const ActionDef& def, Model& model) {
  ActionOutcome outcome;
  outcome.result.object_id = def.id;
  outcome.result.object_name = def.name;
  const ModuleData* module = model.FindModule(def.target);
  size_t cells = 0;
  double objective = 0;
  if (module != nullptr) {
    for (const auto& [coordinates, values] : module->cells) {
      cells += values.size();
      for (const auto& [name, value] : values) objective += value;
    }
  }
  outcome.solution_log = absl::StrFormat(
      "Gurobi Optimizer version 10.0.1 build v10.0.1rc0 (linux64)\n"
      "Anaplan emulator: action '%s' on module '%s'\n"
      "Optimize a model with %d rows, %d columns and %d nonzeros\n"
      "Presolve time: 0.00s\n"
      "Solved in %d iterations and 0.01 seconds (0.00 work units)\n"
      "Optimal solution found (tolerance 1.00e-04)\n"
      "Best objective %.9e, best bound %.9e, gap 0.0000%%\n",
      def.name, def.target, cells, cells, cells * 2, cells / 2 + 1, objective,
      objective);
  outcome.result.details.push_back(
      TaskDetail{"optimizerSolution",
                 "Optimal solution found",
                 1,
                 {"objective", absl::StrFormat("%.6f", objective)}});
  return outcome;
}

}  // namespace

ActionOutcome RunAction(const ActionDef& def, Model& model) {
  if (def.action_type == "DELETE_BY_SELECTION") {
    return DeleteBySelection(def, model);
  }
  if (def.action_type == "OPTIMIZER") return Optimize(def, model);
  ActionOutcome outcome;
  outcome.result.object_id = def.id;
  outcome.result.object_name = def.name;
  return outcome;
}

}  // namespace anaplan::emulator
