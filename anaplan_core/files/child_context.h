#ifndef ANAPLAN_CORE_FILES_CHILD_CONTEXT_H_
#define ANAPLAN_CORE_FILES_CHILD_CONTEXT_H_

#include <atomic>
#include <memory>

#include "anaplan_core/common/call_context.h"

namespace anaplan::core::internal {

/// A CallContext with the parent's deadline that is cancelled when the
/// parent is, or when Cancel() is called: how one failed chunk stops the
/// transfers of its siblings. Thread-safe.
class ChildContext {
 public:
  explicit ChildContext(const CallContext& parent)
      : flag_(std::make_shared<std::atomic<bool>>(false)) {
    ctx_.deadline = parent.deadline;
    ctx_.cancelled = [flag = flag_, parent_cancelled = parent.cancelled] {
      return flag->load(std::memory_order_relaxed) ||
             (parent_cancelled && parent_cancelled());
    };
  }

  const CallContext& ctx() const { return ctx_; }
  void Cancel() { flag_->store(true, std::memory_order_relaxed); }
  /// True once Cancel() was called (not when only the parent cancelled).
  bool cancelled_here() const { return flag_->load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
  CallContext ctx_;
};

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_FILES_CHILD_CONTEXT_H_
