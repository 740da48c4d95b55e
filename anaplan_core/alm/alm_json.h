#ifndef ANAPLAN_CORE_ALM_ALM_JSON_H_
#define ANAPLAN_CORE_ALM_ALM_JSON_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

#include "anaplan_core/alm/alm_types.h"

namespace anaplan::core::internal {

/// INTERNAL with reason ANAPLAN_BAD_RESPONSE (a reply that does not parse).
absl::Status BadReply(absl::string_view message);

/// Readers of ALM replies; INTERNAL (ANAPLAN_BAD_RESPONSE) naming the path
/// when a required field is missing.
absl::StatusOr<Revision> ParseRevision(const rapidjson::Value& json);
absl::StatusOr<ModelRevision> ParseModelRevision(const rapidjson::Value& json);
absl::StatusOr<AlmTask> ParseAlmTask(const rapidjson::Value& json);
absl::StatusOr<SummaryReport> ParseSummaryReport(const rapidjson::Value& json);

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_ALM_ALM_JSON_H_
