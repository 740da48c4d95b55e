#include "emulator/audit_events.h"

#include <set>

#include "absl/strings/str_cat.h"

namespace anaplan::emulator {
namespace {

// The list an import or action changes, "" when it changes none.
std::string ListTouched(const Model& model, int64_t object_id) {
  auto imp = model.imports.find(object_id);
  if (imp != model.imports.end() &&
      imp->second.import_type == "HIERARCHY_DATA") {
    return imp->second.target;
  }
  auto act = model.actions.find(object_id);
  if (act != model.actions.end() &&
      act->second.action_type == "DELETE_BY_SELECTION") {
    for (const ListData& list : model.lists) {
      if (list.name == act->second.target) return list.name;
    }
  }
  return "";
}

}  // namespace

void RecordTaskEvent(State& state, const std::string& user_email,
                     const Model& model, const Task& task) {
  const User* user = state.tenant().FindUserByEmail(user_email);
  const std::string user_id = user != nullptr ? user->id : "";
  const std::string object_id = absl::StrCat(task.object_id);
  AuditLog& log = state.audit_log();
  if (task.state != TaskState::kComplete) {
    RecordEvent(log, "INT-1", user_id, object_id, task.segment,
                absl::StrCat("Started ", task.segment, " task ", task.task_id,
                             " in model ", model.id));
    return;
  }
  const bool ok = task.result.has_value() && task.result->successful;
  RecordEvent(log, "INT-2", user_id, object_id, task.segment,
              absl::StrCat("Task ", task.task_id, " of ", task.segment, " ",
                           object_id, ok ? " completed" : " failed"),
              ok);
  std::set<std::string> lists;
  auto process = model.processes.find(task.object_id);
  if (task.segment == "processes" && process != model.processes.end()) {
    for (int64_t id : process->second.action_ids) {
      const std::string list = ListTouched(model, id);
      if (!list.empty()) lists.insert(list);
    }
  } else {
    const std::string list = ListTouched(model, task.object_id);
    if (!list.empty()) lists.insert(list);
  }
  for (const std::string& list : lists) {
    RecordEvent(log, "USR-20", user_id, list, "LIST",
                absl::StrCat("List '", list, "' of model ", model.id,
                             " changed by task ", task.task_id));
  }
}

}  // namespace anaplan::emulator
