#include "service/transactional_convert.h"

namespace anaplan::service {
namespace {

void ItemFailures(const std::vector<core::ItemFailure>& in,
                  google::protobuf::RepeatedPtrField<v1::ItemFailure>* out) {
  for (const core::ItemFailure& f : in) {
    v1::ItemFailure* p = out->Add();
    p->set_request_index(f.request_index);
    p->set_failure_type(f.failure_type);
    p->set_failure_message_details(f.failure_message_details);
  }
}

void Named(const std::vector<core::NamedObject>& in,
           google::protobuf::RepeatedPtrField<v1::NamedObject>* out) {
  for (const core::NamedObject& n : in) ToProto(n, out->Add());
}

}  // namespace

core::TxScope FromProto(const v1::ModelScope& in) {
  return core::TxScope{in.workspace_id(), in.model_id()};
}

core::ListItemInput FromProto(const v1::ListItemInput& in) {
  core::ListItemInput out;
  out.id = in.id();
  out.name = in.name();
  out.code = in.code();
  out.parent = in.parent();
  out.properties.insert(in.properties().begin(), in.properties().end());
  out.subsets.insert(in.subsets().begin(), in.subsets().end());
  return out;
}

core::CellWrite FromProto(const v1::CellWrite& in) {
  core::CellWrite out;
  out.line_item_id = in.line_item_id();
  out.line_item_name = in.line_item_name();
  for (const v1::DimensionRef& d : in.dimensions()) {
    core::CellDimension dim;
    dim.dimension_id = d.dimension_id();
    dim.dimension_name = d.dimension_name();
    dim.item_id = d.item_id();
    dim.item_name = d.item_name();
    dim.item_code = d.item_code();
    out.dimensions.push_back(std::move(dim));
  }
  switch (in.value_case()) {
    case v1::CellWrite::kNumber:
      out.kind = core::CellWrite::Kind::kNumber;
      out.number = in.number();
      break;
    case v1::CellWrite::kBoolean:
      out.kind = core::CellWrite::Kind::kBoolean;
      out.boolean = in.boolean();
      break;
    default:
      out.kind = core::CellWrite::Kind::kText;
      out.text = in.text();
      break;
  }
  return out;
}

core::CellsQuery CellsQueryOf(const v1::GetCellsRequest& in) {
  core::CellsQuery q;
  q.view_id = in.view_id();
  for (const v1::PageSelector& p : in.pages()) {
    q.pages.push_back(core::PageSelector{p.dimension_id(), p.item_id()});
  }
  q.max_rows = in.max_rows();
  q.export_type = in.export_type();
  q.module_id = in.module_id();
  q.escaped = in.escaped();
  return q;
}

void ToProto(const core::NamedObject& in, v1::NamedObject* out) {
  out->set_id(in.id);
  out->set_name(in.name);
  out->set_code(in.code);
}

v1::ModelStatus ToProto(const core::ModelStatus& in) {
  v1::ModelStatus out;
  out.set_current_step(in.current_step);
  out.set_progress(in.progress);
  out.set_creation_time(in.creation_time);
  out.set_task_id(in.task_id);
  out.set_tooltip(in.tooltip);
  out.set_export_task_type(in.export_task_type);
  if (in.peak_memory_usage_estimate) {
    out.set_peak_memory_usage_estimate(*in.peak_memory_usage_estimate);
  }
  if (in.peak_memory_usage_time) {
    out.set_peak_memory_usage_time(*in.peak_memory_usage_time);
  }
  return out;
}

v1::View ToProto(const core::View& in) {
  v1::View out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_code(in.code);
  out.set_module_id(in.module_id);
  return out;
}

v1::ViewInfo ToProto(const core::ViewInfo& in) {
  v1::ViewInfo out;
  out.set_view_id(in.view_id);
  out.set_view_name(in.view_name);
  Named(in.rows, out.mutable_rows());
  Named(in.columns, out.mutable_columns());
  Named(in.pages, out.mutable_pages());
  return out;
}

v1::LineItem ToProto(const core::LineItem& in) {
  v1::LineItem out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_module_id(in.module_id);
  out.set_module_name(in.module_name);
  out.set_format(in.format);
  out.set_code(in.code);
  out.set_formula(in.formula);
  out.set_summary(in.summary);
  out.set_time_scale(in.time_scale);
  out.set_time_range(in.time_range);
  out.set_notes(in.notes);
  out.set_is_summary(in.is_summary);
  Named(in.applies_to, out.mutable_applies_to());
  out.set_json(in.json);
  return out;
}

v1::ListMetadata ToProto(const core::ListMetadata& in) {
  v1::ListMetadata out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_has_selective_access(in.has_selective_access);
  for (const core::ListProperty& p : in.properties) {
    v1::ListMetadata::Property* prop = out.add_properties();
    prop->set_name(p.name);
    prop->set_format(p.format);
    prop->set_formula(p.formula);
    prop->set_notes(p.notes);
  }
  out.set_production_data(in.production_data);
  out.set_managed_by(in.managed_by);
  out.set_numbered_list(in.numbered_list);
  out.set_use_top_level_as_page_default(in.use_top_level_as_page_default);
  out.set_item_count(in.item_count);
  out.set_next_item_index(in.next_item_index);
  out.set_workflow_enabled(in.workflow_enabled);
  out.set_permitted_items(in.permitted_items);
  out.set_category(in.category);
  if (in.parent) ToProto(*in.parent, out.mutable_parent());
  Named(in.subsets, out.mutable_subsets());
  if (in.top_level_item)
    ToProto(*in.top_level_item, out.mutable_top_level_item());
  return out;
}

v1::ListItem ToProto(const core::ListItem& in) {
  v1::ListItem out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_code(in.code);
  out.set_parent(in.parent);
  out.set_parent_id(in.parent_id);
  out.mutable_properties()->insert(in.properties.begin(), in.properties.end());
  out.mutable_subsets()->insert(in.subsets.begin(), in.subsets.end());
  out.set_list_id(in.list_id);
  out.set_list_name(in.list_name);
  return out;
}

v1::ListItemsResult ToProto(const core::ListItemsResult& in) {
  v1::ListItemsResult out;
  out.set_added(in.added);
  out.set_updated(in.updated);
  out.set_deleted(in.deleted);
  out.set_ignored(in.ignored);
  out.set_total(in.total);
  ItemFailures(in.failures, out.mutable_failures());
  out.set_calls(in.calls);
  return out;
}

v1::WriteCellsResponse ToProto(const core::WriteCellsResult& in) {
  v1::WriteCellsResponse out;
  out.set_number_of_cells_changed(in.number_of_cells_changed);
  ItemFailures(in.failures, out.mutable_failures());
  out.set_calls(in.calls);
  return out;
}

v1::CellRow ToProto(const core::CellRow& in) {
  v1::CellRow out;
  out.mutable_row_coordinates()->Add(in.row_coordinates.begin(),
                                     in.row_coordinates.end());
  out.mutable_cells()->Add(in.cells.begin(), in.cells.end());
  return out;
}

v1::CurrentPeriod ToProto(const core::CurrentPeriod& in) {
  v1::CurrentPeriod out;
  out.set_period_text(in.period_text);
  out.set_last_day(in.last_day);
  out.set_calendar_type(in.calendar_type);
  return out;
}

v1::ModelCalendar ToProto(const core::ModelCalendar& in) {
  v1::ModelCalendar out;
  out.set_calendar_type(in.calendar_type);
  *out.mutable_current_period() = ToProto(in.current_period);
  out.mutable_fiscal_year()->set_year(in.fiscal_year.year);
  out.mutable_fiscal_year()->set_start_date(in.fiscal_year.start_date);
  out.mutable_fiscal_year()->set_end_date(in.fiscal_year.end_date);
  out.set_past_years_count(in.past_years_count);
  out.set_future_years_count(in.future_years_count);
  out.set_extra_week_month(in.extra_week_month);
  out.set_week_format(in.week_format);
  out.set_week_grouping(in.week_grouping);
  out.set_start_date(in.start_date);
  out.set_weeks_count(in.weeks_count);
  out.set_quarter_totals(in.quarter_totals);
  out.set_half_year_totals(in.half_year_totals);
  out.set_year_to_date_summary(in.year_to_date_summary);
  out.set_year_to_go_summary(in.year_to_go_summary);
  out.set_total_of_all_periods(in.total_of_all_periods);
  out.set_extra_month_quarter(in.extra_month_quarter);
  return out;
}

v1::Version ToProto(const core::Version& in) {
  v1::Version out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_code(in.code);
  out.set_is_actual(in.is_actual);
  out.set_is_current(in.is_current);
  out.set_edit_from(in.edit_from);
  out.set_edit_to(in.edit_to);
  out.set_switchover(in.switchover);
  out.set_formula(in.formula);
  out.set_notes(in.notes);
  return out;
}

v1::VersionSwitchover ToProto(const core::VersionSwitchover& in) {
  v1::VersionSwitchover out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_code(in.code);
  out.set_date(in.date);
  out.set_period_text(in.period_text);
  out.set_calendar_type(in.calendar_type);
  return out;
}

}  // namespace anaplan::service
