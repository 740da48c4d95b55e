// CloudWorks runs over the bulk engines (cloud_works_engine.h).
#include "emulator/cloud_works_engine.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "emulator/import_engine.h"
#include "emulator/task_engine.h"

namespace anaplan::emulator {
namespace {

// Anaplan's executionErrorCode values: 12 = import data-type mismatch, 35 =
// the run could not start its model action (observed codes, [3P]).
constexpr int kImportRowsFailed = 12;
constexpr int kActionFailed = 35;

int64_t ToId(const std::string& text) {
  int64_t id = 0;
  return absl::SimpleAtoi(text, &id) ? id : -1;
}

std::string ObjectName(Model& model, int64_t id) {
  if (auto it = model.imports.find(id); it != model.imports.end()) {
    return it->second.name;
  }
  if (auto it = model.exports.find(id); it != model.exports.end()) {
    return it->second.name;
  }
  if (auto it = model.processes.find(id); it != model.processes.end()) {
    return it->second.name;
  }
  if (auto it = model.actions.find(id); it != model.actions.end()) {
    return it->second.name;
  }
  return "";
}

void Fail(CwRun& run, int64_t action_id, const std::string& action_name,
          const std::string& message, int code) {
  if (run.success) run.message = message;
  run.success = false;
  if (!run.execution_error_code) run.execution_error_code = code;
  CwRunError error;
  error.action_id = action_id;
  error.action_name = action_name;
  error.details.push_back(TaskDetail{"error", message, 1, {}});
  run.errors.push_back(std::move(error));
}

// Records the failed parts of a task result (nested results for processes).
void RecordResult(CwRun& run, Model& model, const TaskResult& result) {
  if (result.successful) return;
  if (!result.nested_results.empty()) {
    for (const TaskResult& nested : result.nested_results) {
      RecordResult(run, model, nested);
    }
    return;
  }
  const bool dump = result.failure_dump_available;
  if (run.success) {
    run.message = dump ? "Import completed with errors" : "Process failed";
  }
  run.success = false;
  if (!run.execution_error_code) {
    run.execution_error_code = dump ? kImportRowsFailed : kActionFailed;
  }
  CwRunError error;
  error.action_id = result.object_id;
  error.action_name = result.object_name.empty()
                          ? ObjectName(model, result.object_id)
                          : result.object_name;
  error.failure_dump_generated = dump;
  error.details = result.details;
  run.errors.push_back(std::move(error));
}

Task* FindTask(Model& model, const std::string& task_id) {
  for (Task& task : model.tasks) {
    if (task.task_id == task_id) return &task;
  }
  return nullptr;
}

// The model action a run of `integration` executes first (see Execute).
int64_t FirstActionId(const CwIntegration& integration) {
  if (!integration.process_id.empty()) return ToId(integration.process_id);
  for (const CwJob& job : integration.jobs) {
    if (!job.targets.empty() && job.targets[0].type == "Anaplan") {
      return ToId(job.targets[0].action_id);
    }
  }
  for (const CwJob& job : integration.jobs) {
    if (!job.sources.empty() && job.sources[0].type == "Anaplan") {
      return ToId(job.sources[0].action_id);
    }
  }
  return -1;
}

// Cancels the bulk task a running run started, if it is still there.
void CancelPendingTask(State& state, CwRun& run, const std::string& model_id)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (run.pending_task_id.empty()) return;
  Model* model = state.tenant().FindModel(model_id);
  Task* task =
      model == nullptr ? nullptr : FindTask(*model, run.pending_task_id);
  if (task != nullptr) CancelTask(*task);
  run.pending_task_id.clear();
}

// Starts and completes one bulk task for `action_id`; records its outcome.
void RunModelAction(State& state, Model& model, CwRun& run, int64_t action_id,
                    const std::string& user_email)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const std::string segment = SegmentForObjectId(action_id);
  if (segment.empty() || !ObjectExists(model, segment, action_id)) {
    Fail(run, action_id, "", absl::StrCat("Action ", action_id, " not found"),
         kActionFailed);
    return;
  }
  Settings settings = state.settings();
  settings.task_polls_in_progress = 0;  // The run is synchronous.
  // A run that was kept running already started its first action's task.
  Task* task = run.pending_task_id.empty()
                   ? nullptr
                   : FindTask(model, run.pending_task_id);
  if (task == nullptr || task->object_id != action_id) {
    StartTask(model, segment, action_id, state.NewTaskId(), user_email);
    // Copy out of the task: later tasks may reallocate model.tasks.
    task = &model.tasks.back();
  } else {
    run.pending_task_id.clear();
  }
  AdvanceTask(model, *task, settings);
  run.task_id = task->task_id;
  for (const auto& [object_id, dump] : task->dumps) {
    run.dumps[object_id] = dump;
  }
  if (task->result) RecordResult(run, model, *task->result);
}

// Loads a cloud object into an import's data file.
bool LoadSource(CloudWorksState& cw, Model& model, CwRun& run,
                const CwEndpoint& source, const CwEndpoint& target) {
  const int64_t action_id = ToId(target.action_id);
  const std::string name = ObjectName(model, action_id);
  CwConnection* connection = cw.FindConnection(source.connection_id);
  if (connection == nullptr) {
    Fail(run, action_id, name, "Source connection was deleted", kActionFailed);
    return false;
  }
  const std::string& key = source.table.empty() ? source.file : source.table;
  auto object = connection->objects.find(key);
  if (object == connection->objects.end()) {
    Fail(run, action_id, name,
         absl::StrCat("Source file ", key, " not found in ", connection->type),
         kActionFailed);
    return false;
  }
  FileEntry* file = model.FindFile(ToId(target.file_id));
  if (file == nullptr) {
    Fail(run, action_id, name,
         absl::StrCat("File ", target.file_id, " not found"), kActionFailed);
    return false;
  }
  file->sink.reset();
  file->chunks.clear();
  file->chunks[0] = object->second;
  file->chunk_count = 1;
  return true;
}

// Writes an export's output file into the target connection's storage.
void StoreTarget(CloudWorksState& cw, Model& model, CwRun& run,
                 const CwEndpoint& source, const CwEndpoint& target) {
  const int64_t export_id = ToId(source.action_id);
  const std::string name = ObjectName(model, export_id);
  CwConnection* connection = cw.FindConnection(target.connection_id);
  FileEntry* output = model.FindFile(export_id);
  if (connection == nullptr || output == nullptr) {
    Fail(run, export_id, name,
         connection == nullptr ? "Target connection was deleted"
                               : "Export produced no output",
         kActionFailed);
    return;
  }
  const std::string& key = target.table.empty() ? target.file : target.table;
  std::string content = FileContent(*output);
  // S3/Azure overwrite by default, BigQuery appends (anaplan-api.md §8.2).
  const bool overwrite =
      target.overwrite.value_or(target.type != "GoogleBigQuery");
  auto existing = connection->objects.find(key);
  if (!overwrite && existing != connection->objects.end()) {
    const size_t header_end = content.find('\n');
    existing->second +=
        header_end == std::string::npos ? "" : content.substr(header_end + 1);
    return;
  }
  connection->objects[key] = std::move(content);
}

}  // namespace

std::string DisplayName(State& state, const std::string& email) {
  const User* user = state.tenant().FindUserByEmail(email);
  if (user == nullptr) return email;
  return absl::StrCat(user->first_name, " ", user->last_name);
}

namespace {

// A new run of `integration`, stored in its history (not executed yet).
CwRun& NewRun(State& state, CwIntegration& integration,
              const std::string& triggered_by, const std::string& flow_group_id)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CloudWorksState& cw = state.cloud_works();
  CwRun run;
  run.id = cw.NewId();
  run.trace_id = cw.NewId();
  run.integration_id = integration.id;
  run.triggered_by = DisplayName(state, triggered_by);
  run.flow_group_id = flow_group_id;
  run.start = absl::Now();
  integration.run_ids.push_back(run.id);
  const std::string id = run.id;
  return cw.runs.emplace(id, std::move(run)).first->second;
}

// Executes `run` to its end: loads sources, runs the model actions, stores
// the exports' output.
void Execute(State& state, CwIntegration& integration, CwRun& run,
             const std::string& user_email)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CloudWorksState& cw = state.cloud_works();
  run.running = false;
  run.success = true;
  run.message = "Success";
  Model* model = state.tenant().FindModel(integration.model_id);
  if (model == nullptr) {
    Fail(run, 0, "", "Anaplan model was deleted", kActionFailed);
  } else {
    // Sources first: every import reads what its job loaded.
    bool loaded = true;
    for (const CwJob& job : integration.jobs) {
      if (job.targets.empty() || job.targets[0].type != "Anaplan") continue;
      for (const CwEndpoint& source : job.sources) {
        loaded = LoadSource(cw, *model, run, source, job.targets[0]) && loaded;
      }
      if (loaded && integration.process_id.empty()) {
        RunModelAction(state, *model, run, ToId(job.targets[0].action_id),
                       user_email);
      }
    }
    if (loaded && !integration.process_id.empty()) {
      RunModelAction(state, *model, run, ToId(integration.process_id),
                     user_email);
    }
    for (const CwJob& job : integration.jobs) {
      if (job.sources.empty() || job.sources[0].type != "Anaplan") continue;
      if (integration.process_id.empty()) {
        RunModelAction(state, *model, run, ToId(job.sources[0].action_id),
                       user_email);
      }
      for (const CwEndpoint& target : job.targets) {
        StoreTarget(cw, *model, run, job.sources[0], target);
      }
    }
  }
  // A first action that never ran (its source failed) did not happen.
  CancelPendingTask(state, run, integration.model_id);
  run.end = absl::Now();
}

}  // namespace

CwRun& ExecuteIntegration(State& state, CwIntegration& integration,
                          const std::string& triggered_by,
                          const std::string& flow_group_id) {
  CwRun& run = NewRun(state, integration, triggered_by, flow_group_id);
  Execute(state, integration, run, triggered_by);
  return run;
}

CwRun& StartIntegrationRun(State& state, CwIntegration& integration,
                           const std::string& triggered_by) {
  if (state.settings().cloudworks_run_polls_in_progress == 0) {
    return ExecuteIntegration(state, integration, triggered_by, "");
  }
  CwRun& run = NewRun(state, integration, triggered_by, "");
  run.running = true;
  run.message = "Running";
  run.started_by_email = triggered_by;
  // The run is executing its first model action: its task is in progress.
  Model* model = state.tenant().FindModel(integration.model_id);
  const int64_t action_id = FirstActionId(integration);
  const std::string segment = SegmentForObjectId(action_id);
  if (model != nullptr && !segment.empty() &&
      ObjectExists(*model, segment, action_id)) {
    Task& task =
        StartTask(*model, segment, action_id, state.NewTaskId(), triggered_by);
    task.state = TaskState::kInProgress;
    run.pending_task_id = task.task_id;
    run.task_id = task.task_id;
  }
  return run;
}

void PollRun(State& state, CwRun& run) {
  if (!run.running) return;
  ++run.polls;
  const int limit = state.settings().cloudworks_run_polls_in_progress;
  if (limit < 0 || run.polls <= limit) return;
  CwIntegration* integration =
      state.cloud_works().FindIntegration(run.integration_id);
  if (integration == nullptr) {  // Deleting a running integration is a 409.
    run.running = false;
    run.message = "Integration was deleted";
    run.end = absl::Now();
    return;
  }
  Execute(state, *integration, run, run.started_by_email);
}

CwRun* RunningRun(State& state, const CwIntegration& integration) {
  for (auto it = integration.run_ids.rbegin(); it != integration.run_ids.rend();
       ++it) {
    CwRun* run = state.cloud_works().FindRun(*it);
    if (run != nullptr && run->running) return run;
  }
  return nullptr;
}

bool CancelRun(State& state, CwIntegration& integration) {
  CwRun* run = RunningRun(state, integration);
  if (run == nullptr) return false;
  // Anaplan stops the model action (no side effects) and records the run as
  // unsuccessful with the message "Cancelled".
  CancelPendingTask(state, *run, integration.model_id);
  run->running = false;
  run->success = false;
  run->message = "Cancelled";
  run->execution_error_code.reset();
  run->end = absl::Now();
  return true;
}

CwFlowRun& ExecuteFlow(State& state, CwFlow& flow,
                       const std::vector<std::string>& only_steps,
                       const std::string& triggered_by) {
  CloudWorksState& cw = state.cloud_works();
  CwFlowRun run;
  run.id = cw.NewId();
  run.triggered_by = DisplayName(state, triggered_by);
  run.start = absl::Now();
  run.success = true;
  run.message = "Success";
  for (size_t i = 0; i < flow.steps.size(); ++i) {
    const CwFlowStep& step = flow.steps[i];
    if (step.is_skipped) continue;
    if (!only_steps.empty() && std::find(only_steps.begin(), only_steps.end(),
                                         step.referrer) == only_steps.end()) {
      continue;
    }
    CwIntegration* integration = cw.FindIntegration(step.referrer);
    bool step_ok = false;
    if (integration != nullptr) {
      CwRun& step_run =
          ExecuteIntegration(state, *integration, triggered_by, run.id);
      run.step_run_ids.push_back(step_run.id);
      step_ok = step_run.success;
    }
    if (step_ok) continue;
    run.success = false;
    run.message = absl::StrCat("Step ", i + 1, " failed");
    std::string strategy = "stop";
    for (const CwExceptionBehavior& b : step.exception_behavior) {
      if (b.type == "failure") strategy = b.strategy;
    }
    if (strategy != "continue") break;
  }
  run.end = absl::Now();
  flow.runs.push_back(std::move(run));
  return flow.runs.back();
}

}  // namespace anaplan::emulator
