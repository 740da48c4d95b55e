#ifndef ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_JSON_H_
#define ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_JSON_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rapidjson/document.h"

#include "anaplan_core/transactional/transactional_types.h"

namespace anaplan::core {

/// Parsers of Transactional API objects (anaplan-api.md §5). Like the bulk
/// parsers they tolerate unknown fields, read ids from numbers or strings
/// and require only identifying fields.
/// \error INTERNAL (reason ANAPLAN_BAD_RESPONSE) naming the JSON path when a
///   required field is missing or mistyped.

absl::StatusOr<NamedObject> ParseNamedObject(const rapidjson::Value& value);
/// The `requestStatus` object of a status reply.
absl::StatusOr<ModelStatus> ParseModelStatus(const rapidjson::Value& reply);
absl::StatusOr<View> ParseView(const rapidjson::Value& value);
/// The top-level view info reply (viewId, viewName, rows/columns/pages).
absl::StatusOr<ViewInfo> ParseViewInfo(const rapidjson::Value& reply);
absl::StatusOr<LineItem> ParseLineItem(const rapidjson::Value& value);
absl::StatusOr<ListMetadata> ParseListMetadata(const rapidjson::Value& value);
absl::StatusOr<ListItem> ParseListItem(const rapidjson::Value& value);
/// A whole add/update/delete reply.
absl::StatusOr<ListItemsResult> ParseListItemsResult(
    const rapidjson::Value& reply);
/// A format=v1 view data reply.
absl::StatusOr<ViewData> ParseViewData(const rapidjson::Value& reply);
/// A whole cell-write reply.
absl::StatusOr<WriteCellsResult> ParseWriteCellsResult(
    const rapidjson::Value& reply);
/// A listReadRequest / viewReadRequest object.
absl::StatusOr<ReadRequestStatus> ParseReadRequest(
    const rapidjson::Value& value);
absl::StatusOr<CurrentPeriod> ParseCurrentPeriod(const rapidjson::Value& value);
/// A modelCalendar object; totalsSelection read under the spec's names
/// (isQuarterTotals...) and the SDK's (quarterTotals...).
absl::StatusOr<ModelCalendar> ParseModelCalendar(const rapidjson::Value& value);
absl::StatusOr<Version> ParseVersion(const rapidjson::Value& value);
absl::StatusOr<VersionSwitchover> ParseVersionSwitchover(
    const rapidjson::Value& value);

/// Request bodies.
/// {"items":[...]} of list item writes; empty fields are left out.
std::string ListItemsBody(const std::vector<ListItemInput>& items);
/// The JSON array of a cell write call.
std::string CellWritesBody(const std::vector<CellWrite>& cells);
/// {"codes":[...]|null,"names":[...]|null} (null for an empty list, as the
/// SDK sends).
std::string LookupBody(const std::vector<std::string>& codes,
                       const std::vector<std::string>& names);
/// {"<key>":"<value>"}.
std::string SingleFieldBody(const char* key, const std::string& value);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_JSON_H_
