#ifndef ANAPLAN_EMULATOR_ACTION_ENGINE_H_
#define ANAPLAN_EMULATOR_ACTION_ENGINE_H_

#include <string>

#include "emulator/model_data.h"

namespace anaplan::emulator {

/// The result of running an "other" action (117...).
struct ActionOutcome {
  TaskResult result;
  std::string solution_log;  ///< Set by OPTIMIZER actions.
};

/// Runs `def` against `model`:
/// - DELETE_BY_SELECTION deletes the items of the target list whose boolean
///   `selection_property` (default "Active") is not true, and the module
///   cells that referenced them;
/// - OPTIMIZER writes a solver-style text log about the target module.
/// Other action types complete successfully without effect.
ActionOutcome RunAction(const ActionDef& def, Model& model);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_ACTION_ENGINE_H_
