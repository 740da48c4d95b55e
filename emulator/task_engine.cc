#include "emulator/task_engine.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "emulator/action_engine.h"
#include "emulator/export_engine.h"
#include "emulator/import_engine.h"

namespace anaplan::emulator {
namespace {

TaskResult MissingObject(int64_t object_id) {
  TaskResult result;
  result.successful = false;
  result.object_id = object_id;
  result.details.push_back(
      TaskDetail{"objectNotFound",
                 absl::StrCat("Object ", object_id, " not found"),
                 1,
                 {}});
  return result;
}

// Runs one object and records its dump / solution log on `task`.
TaskResult RunObject(Model& model, const std::string& segment,
                     int64_t object_id, Task& task, const Settings& settings) {
  if (segment == "imports" && model.imports.count(object_id)) {
    ImportOutcome outcome = RunImport(model.imports[object_id], model);
    if (!outcome.dump.empty()) task.dumps[object_id] = outcome.dump;
    return outcome.result;
  }
  if (segment == "exports" && model.exports.count(object_id)) {
    return RunExport(model.exports[object_id], model,
                     settings.export_chunk_size);
  }
  if (segment == "actions" && model.actions.count(object_id)) {
    ActionOutcome outcome = RunAction(model.actions[object_id], model);
    if (!outcome.solution_log.empty()) {
      task.solution_logs[object_id] = outcome.solution_log;
    }
    return outcome.result;
  }
  return MissingObject(object_id);
}

// A process runs its actions in order and continues past failures; it is
// successful when every nested result is.
TaskResult RunProcess(Model& model, const ProcessDef& process, Task& task,
                      const Settings& settings) {
  TaskResult result;
  result.object_id = process.id;
  result.object_name = process.name;
  for (int64_t action_id : process.action_ids) {
    TaskResult nested = RunObject(model, SegmentForObjectId(action_id),
                                  action_id, task, settings);
    result.successful = result.successful && nested.successful;
    result.failure_dump_available =
        result.failure_dump_available || nested.failure_dump_available;
    result.nested_results.push_back(std::move(nested));
  }
  return result;
}

void Complete(Model& model, Task& task, const Settings& settings) {
  if (task.segment == "processes" && model.processes.count(task.object_id)) {
    task.result =
        RunProcess(model, model.processes[task.object_id], task, settings);
  } else {
    task.result =
        RunObject(model, task.segment, task.object_id, task, settings);
  }
  task.state = TaskState::kComplete;
  task.progress = 1.0;
}

const char* CurrentStep(const Task& task) {
  switch (task.state) {
    case TaskState::kNotStarted:
      return "Queued.";
    case TaskState::kInProgress:
      return "Processing ...";
    case TaskState::kComplete:
      return task.result && task.result->successful ? "Complete." : "Failed.";
    case TaskState::kCancelled:
      return "Cancelled.";
  }
  return "";
}

void WriteResult(JsonWriter& w, const TaskResult& result, bool top_level) {
  w.StartObject();
  FieldBool(w, "successful", result.successful);
  FieldBool(w, "failureDumpAvailable", result.failure_dump_available);
  FieldStr(w, "objectId", absl::StrCat(result.object_id));
  if (!result.object_name.empty()) {
    FieldStr(w, "objectName", result.object_name);
  }
  if (!result.details.empty()) {
    w.Key("details");
    w.StartArray();
    for (const TaskDetail& d : result.details) {
      w.StartObject();
      FieldStr(w, "localMessageText", d.local_message_text);
      FieldInt(w, "occurrences", d.occurrences);
      FieldStr(w, "type", d.type);
      w.Key("values");
      w.StartArray();
      for (const std::string& v : d.values) WriteStr(w, v);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  if (top_level && !result.nested_results.empty()) {
    w.Key("nestedResults");
    w.StartArray();
    for (const TaskResult& nested : result.nested_results) {
      WriteResult(w, nested, false);
    }
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

std::string SegmentForObjectId(int64_t object_id) {
  switch (object_id / 1000000000) {
    case 112:
      return "imports";
    case 116:
      return "exports";
    case 117:
      return "actions";
    case 118:
      return "processes";
    default:
      return "";
  }
}

bool ObjectExists(Model& model, const std::string& segment, int64_t object_id) {
  if (segment == "imports") return model.imports.count(object_id) > 0;
  if (segment == "exports") return model.exports.count(object_id) > 0;
  if (segment == "actions") return model.actions.count(object_id) > 0;
  if (segment == "processes") return model.processes.count(object_id) > 0;
  return false;
}

Task& StartTask(Model& model, const std::string& segment, int64_t object_id,
                std::string task_id, const std::string& user_email) {
  Task task;
  task.task_id = std::move(task_id);
  task.segment = segment;
  task.object_id = object_id;
  task.creation_time = absl::Now();
  task.started_by = user_email;
  model.tasks.push_back(std::move(task));
  return model.tasks.back();
}

void AdvanceTask(Model& model, Task& task, const Settings& settings) {
  if (task.state == TaskState::kComplete ||
      task.state == TaskState::kCancelled) {
    return;
  }
  ++task.polls;
  const int in_progress_polls = std::max(0, settings.task_polls_in_progress);
  if (task.polls <= in_progress_polls) {
    task.state = TaskState::kInProgress;
    task.progress = static_cast<double>(task.polls) / (in_progress_polls + 1);
    return;
  }
  Complete(model, task, settings);
}

void CancelTask(Task& task) {
  if (task.state == TaskState::kComplete ||
      task.state == TaskState::kCancelled) {
    return;
  }
  task.state = TaskState::kCancelled;
  TaskResult result;
  result.successful = false;
  result.object_id = task.object_id;
  task.result = result;
}

void WriteTaskJson(JsonWriter& w, const Task& task) {
  w.StartObject();
  FieldStr(w, "type", "taskInformation");
  FieldStr(w, "taskId", task.task_id);
  FieldStr(w, "taskState", TaskStateName(task.state));
  FieldInt(w, "creationTime", UnixMillis(task.creation_time));
  FieldDouble(w, "progress", task.progress);
  FieldStr(w, "currentStep", CurrentStep(task));
  if (task.result) {
    w.Key("result");
    WriteResult(w, *task.result, true);
  }
  w.EndObject();
}

void WriteTaskSummaryJson(JsonWriter& w, const Task& task) {
  w.StartObject();
  FieldStr(w, "taskId", task.task_id);
  FieldStr(w, "taskState", TaskStateName(task.state));
  FieldInt(w, "creationTime", UnixMillis(task.creation_time));
  w.EndObject();
}

}  // namespace anaplan::emulator
