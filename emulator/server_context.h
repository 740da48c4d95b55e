#ifndef ANAPLAN_EMULATOR_SERVER_CONTEXT_H_
#define ANAPLAN_EMULATOR_SERVER_CONTEXT_H_

#include "emulator/faults.h"
#include "emulator/request_log.h"
#include "emulator/state.h"

namespace anaplan::emulator {

/// What route handlers share: the state, the fault rules and the log.
struct ServerContext {
  State& state;
  FaultRegistry& faults;
  RequestLog& request_log;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_SERVER_CONTEXT_H_
