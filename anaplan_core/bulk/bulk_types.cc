#include "anaplan_core/bulk/bulk_types.h"

namespace anaplan::core {

bool IsTerminal(TaskState state) {
  // CANCELLING is still moving; an unknown word is treated as running so a
  // new state never ends a wait early (the caller's deadline bounds it).
  return state == TaskState::kComplete || state == TaskState::kCancelled;
}

}  // namespace anaplan::core
