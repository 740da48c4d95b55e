#ifndef ANAPLAN_EMULATOR_TASK_ENGINE_H_
#define ANAPLAN_EMULATOR_TASK_ENGINE_H_

#include <cstdint>
#include <string>

#include "emulator/json_util.h"
#include "emulator/model_data.h"
#include "emulator/state.h"

namespace anaplan::emulator {

/// The URL segment for an object id's family (imports for 112..., exports
/// for 116..., actions for 117..., processes for 118...), or "".
std::string SegmentForObjectId(int64_t object_id);

/// True when `object_id` is defined in `model` under `segment`.
bool ObjectExists(Model& model, const std::string& segment, int64_t object_id);

/// Creates a NOT_STARTED task (the caller checked ObjectExists).
Task& StartTask(Model& model, const std::string& segment, int64_t object_id,
                std::string task_id, const std::string& user_email);

/// Advances `task` by one status poll: the first
/// `settings.task_polls_in_progress` polls report IN_PROGRESS, the next one
/// completes the task and applies its side effects (exactly once).
void AdvanceTask(Model& model, Task& task, const Settings& settings);

/// Cancels a task that has not completed yet (no side effects happen).
void CancelTask(Task& task);

/// Writes the full task object (the value of the `task` key).
void WriteTaskJson(JsonWriter& w, const Task& task);

/// Writes the summary used by task lists: taskId, taskState, creationTime.
void WriteTaskSummaryJson(JsonWriter& w, const Task& task);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_TASK_ENGINE_H_
