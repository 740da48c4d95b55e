#ifndef ANAPLAN_EMULATOR_CLOUD_WORKS_ENGINE_H_
#define ANAPLAN_EMULATOR_CLOUD_WORKS_ENGINE_H_

#include <string>
#include <vector>

#include "emulator/cloud_works_state.h"
#include "emulator/state.h"

namespace anaplan::emulator {

/// Runs `integration` now, for real, through the bulk engines (a bulk task
/// is recorded in the model for each model action, as Anaplan does):
///  - cloud -> Anaplan jobs copy the source object (file or table) of the
///    connection's emulated storage into the target import's data file,
///    then run the import (or, for a process integration, the process once
///    every source is loaded);
///  - Anaplan -> cloud jobs run the export (unless the process did) and
///    write the export's output file into the target connection's storage
///    (overwrite false appends the data rows to an existing object).
/// Failures (missing source object, deleted connection/model, unsuccessful
/// task) end the run with success false, errors and import dumps recorded.
/// Returns the stored run (also appended to the integration's history).
CwRun& ExecuteIntegration(State& state, CwIntegration& integration,
                          const std::string& triggered_by,
                          const std::string& flow_group_id)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

/// Starts a run of `integration` (POST /integrations/{id}/run). With the
/// setting cloudworks_run_polls_in_progress at 0 it executes at once, as
/// ExecuteIntegration. Otherwise the run is recorded as running (no end
/// date, message "Running") and the bulk task of its first model action is
/// started, IN_PROGRESS; the run executes when PollRun says so.
CwRun& StartIntegrationRun(State& state, CwIntegration& integration,
                           const std::string& triggered_by)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

/// One status poll of `run` (GET /integrations/run/{id}): a running run
/// answers "running" to cloudworks_run_polls_in_progress polls and
/// executes on the next one; with a negative setting it runs until
/// cancelled. No-op for a finished run.
void PollRun(State& state, CwRun& run)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

/// The integration's running run, or nullptr.
CwRun* RunningRun(State& state, const CwIntegration& integration)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

/// POST /integrations/{id}/cancel: cancels the running run's model action
/// (its bulk task becomes CANCELLED, with no side effects) and ends the
/// run with success false and message "Cancelled". False when no run of
/// `integration` is running (Anaplan then answers 409).
bool CancelRun(State& state, CwIntegration& integration)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

/// Runs the flow's steps in order (skipped steps and steps outside
/// `only_steps`, when given, are passed over). A failed step stops the
/// flow unless its exception behaviour for "failure" is "continue".
/// Returns the stored flow run.
CwFlowRun& ExecuteFlow(State& state, CwFlow& flow,
                       const std::vector<std::string>& only_steps,
                       const std::string& triggered_by)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

/// "First Last" of the user with `email` (CloudWorks shows display names).
std::string DisplayName(State& state, const std::string& email)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_CLOUD_WORKS_ENGINE_H_
