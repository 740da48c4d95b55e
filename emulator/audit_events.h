#ifndef ANAPLAN_EMULATOR_AUDIT_EVENTS_H_
#define ANAPLAN_EMULATOR_AUDIT_EVENTS_H_

#include <string>

#include "emulator/model_data.h"
#include "emulator/state.h"

namespace anaplan::emulator {

/// Records a bulk task start (INT-1) or, once it is complete, its end
/// (INT-2) and the list changes it made (USR-20, one per list an import or
/// delete action touched).
void RecordTaskEvent(State& state, const std::string& user_email,
                     const Model& model, const Task& task)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_AUDIT_EVENTS_H_
