#ifndef ANAPLAN_CORE_STATUS_STATUS_MACROS_H_
#define ANAPLAN_CORE_STATUS_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Abseil 20220623 ships no RETURN_IF_ERROR / ASSIGN_OR_RETURN; these are
// small equivalents, named so they can be swapped for Abseil's later.

namespace anaplan::core::internal {

/// The status of a Status or StatusOr, for ANAPLAN_RETURN_IF_ERROR.
inline const absl::Status& StatusOf(const absl::Status& status) {
  return status;
}
inline absl::Status StatusOf(absl::Status&& status) {
  return std::move(status);
}
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}
template <typename T>
absl::Status StatusOf(absl::StatusOr<T>&& status_or) {
  return std::move(status_or).status();
}

}  // namespace anaplan::core::internal

#define ANAPLAN_STATUS_MACROS_CONCAT_INNER_(a, b) a##b
#define ANAPLAN_STATUS_MACROS_CONCAT_(a, b) \
  ANAPLAN_STATUS_MACROS_CONCAT_INNER_(a, b)

/// Evaluates `expr` (an absl::Status or absl::StatusOr<T>) and returns its
/// status from the enclosing function when it is not OK.
#define ANAPLAN_RETURN_IF_ERROR(expr) \
  ANAPLAN_RETURN_IF_ERROR_IMPL_(      \
      ANAPLAN_STATUS_MACROS_CONCAT_(anaplan_status_tmp_, __COUNTER__), expr)

#define ANAPLAN_RETURN_IF_ERROR_IMPL_(tmp, expr)                    \
  do {                                                              \
    absl::Status tmp = ::anaplan::core::internal::StatusOf((expr)); \
    if (!tmp.ok()) return tmp;                                      \
  } while (false)

/// Evaluates `expr` (an absl::StatusOr<T>); on error returns its status from
/// the enclosing function, otherwise moves the value into `lhs`, which may
/// declare a variable (`auto doc`, `std::string id`) or name an existing
/// one. `lhs` must not contain unparenthesised commas.
#define ANAPLAN_ASSIGN_OR_RETURN(lhs, expr)                                   \
  ANAPLAN_ASSIGN_OR_RETURN_IMPL_(                                             \
      ANAPLAN_STATUS_MACROS_CONCAT_(anaplan_statusor_tmp_, __COUNTER__), lhs, \
      expr)

#define ANAPLAN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return std::move(tmp).status();       \
  lhs = *std::move(tmp)

#endif  // ANAPLAN_CORE_STATUS_STATUS_MACROS_H_
