#ifndef ANAPLAN_EMULATOR_SCIM_FILTER_EVAL_H_
#define ANAPLAN_EMULATOR_SCIM_FILTER_EVAL_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

#include "emulator/scim_store.h"

namespace anaplan::emulator {

/// A compiled SCIM filter: true for the users it selects.
using ScimPredicate = std::function<bool(const ScimUserRecord&)>;

/// Parses the subset Anaplan supports (live spec, issue #223): `attr op
/// value` with eq ne gt ge lt le, `attr pr`, and/or, parentheses;
/// attributes id, externalId, userName, active, name.familyName,
/// name.givenName; values JSON strings, true, false, null. Strings compare
/// case-insensitively (caseExact false).
/// \error InvalidArgument for anything else (co, sw, ew, not, [..], other
///   attributes, bad syntax): the route answers 400 invalidValue.
absl::StatusOr<ScimPredicate> ParseScimFilter(const std::string& text);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_SCIM_FILTER_EVAL_H_
