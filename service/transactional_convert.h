#ifndef ANAPLAN_SERVICE_TRANSACTIONAL_CONVERT_H_
#define ANAPLAN_SERVICE_TRANSACTIONAL_CONVERT_H_

#include "anaplan/v1/transactional.pb.h"
#include "anaplan_core/transactional/transactional_types.h"

namespace anaplan::service {

/// Conversions between core's transactional types and anaplan.v1 protos.
/// Total: they never fail (callers validate requests first).

core::TxScope FromProto(const v1::ModelScope& in);
core::ListItemInput FromProto(const v1::ListItemInput& in);
core::CellWrite FromProto(const v1::CellWrite& in);
/// view, pages, max_rows, export_type, module_id, escaped.
core::CellsQuery CellsQueryOf(const v1::GetCellsRequest& in);

void ToProto(const core::NamedObject& in, v1::NamedObject* out);
v1::ModelStatus ToProto(const core::ModelStatus& in);
v1::View ToProto(const core::View& in);
v1::ViewInfo ToProto(const core::ViewInfo& in);
v1::LineItem ToProto(const core::LineItem& in);
v1::ListMetadata ToProto(const core::ListMetadata& in);
v1::ListItem ToProto(const core::ListItem& in);
v1::ListItemsResult ToProto(const core::ListItemsResult& in);
v1::WriteCellsResponse ToProto(const core::WriteCellsResult& in);
v1::CellRow ToProto(const core::CellRow& in);
v1::CurrentPeriod ToProto(const core::CurrentPeriod& in);
v1::ModelCalendar ToProto(const core::ModelCalendar& in);
v1::Version ToProto(const core::Version& in);
v1::VersionSwitchover ToProto(const core::VersionSwitchover& in);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_TRANSACTIONAL_CONVERT_H_
