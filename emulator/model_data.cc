#include "emulator/model_data.h"

namespace anaplan::emulator {

ListData* Model::FindList(const std::string& list_name) {
  for (ListData& list : lists) {
    if (list.name == list_name) return &list;
  }
  return nullptr;
}

ModuleData* Model::FindModule(const std::string& module_name) {
  for (ModuleData& module : modules) {
    if (module.name == module_name) return &module;
  }
  return nullptr;
}

FileEntry* Model::FindFile(int64_t file_id) {
  auto it = files.find(file_id);
  return it == files.end() ? nullptr : &it->second;
}

Task* Model::FindTask(const std::string& segment, int64_t object_id,
                      const std::string& task_id) {
  for (Task& task : tasks) {
    if (task.task_id == task_id && task.segment == segment &&
        task.object_id == object_id) {
      return &task;
    }
  }
  return nullptr;
}

const User* Tenant::FindUserByEmail(const std::string& email) const {
  for (const User& user : users) {
    if (user.email == email) return &user;
  }
  return nullptr;
}

const User* Tenant::FindUserById(const std::string& user_id) const {
  for (const User& user : users) {
    if (user.id == user_id) return &user;
  }
  return nullptr;
}

Workspace* Tenant::FindWorkspace(const std::string& workspace_id) {
  for (Workspace& workspace : workspaces) {
    if (workspace.id == workspace_id) return &workspace;
  }
  return nullptr;
}

Model* Tenant::FindModel(const std::string& model_id) {
  for (Model& model : models) {
    if (model.id == model_id) return &model;
  }
  return nullptr;
}

const char* ValueFormatName(ValueFormat format) {
  switch (format) {
    case ValueFormat::kNumber:
      return "NUMBER";
    case ValueFormat::kBoolean:
      return "BOOLEAN";
    case ValueFormat::kText:
      break;
  }
  return "TEXT";
}

ValueFormat ParseValueFormat(const std::string& name) {
  if (name == "NUMBER") return ValueFormat::kNumber;
  if (name == "BOOLEAN") return ValueFormat::kBoolean;
  return ValueFormat::kText;
}

const char* TaskStateName(TaskState state) {
  switch (state) {
    case TaskState::kNotStarted:
      return "NOT_STARTED";
    case TaskState::kInProgress:
      return "IN_PROGRESS";
    case TaskState::kComplete:
      return "COMPLETE";
    case TaskState::kCancelled:
      return "CANCELLED";
  }
  return "NOT_STARTED";
}

}  // namespace anaplan::emulator
