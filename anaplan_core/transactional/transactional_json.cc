#include "anaplan_core/transactional/transactional_json.h"

#include <utility>

#include "absl/strings/str_cat.h"

#include "anaplan_core/bulk/bulk_json.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

absl::Status NotObject(absl::string_view what) {
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_RESPONSE";
  return MakeError(
      absl::StatusCode::kInternal,
      absl::StrCat("malformed reply: ", what, " is not a JSON object"), info);
}

absl::Status RequireObject(const rapidjson::Value& value,
                           absl::string_view what) {
  return value.IsObject() ? absl::OkStatus() : NotObject(what);
}

// A scalar as text: strings as is, null as "", anything else as JSON.
std::string ScalarText(const rapidjson::Value& value) {
  if (value.IsString()) {
    return std::string(value.GetString(), value.GetStringLength());
  }
  if (value.IsNull()) return "";
  return ToJsonText(value);
}

std::vector<std::string> StringArray(const rapidjson::Value* array) {
  std::vector<std::string> out;
  if (array == nullptr || !array->IsArray()) return out;
  for (const auto& item : array->GetArray()) out.push_back(ScalarText(item));
  return out;
}

absl::StatusOr<std::vector<NamedObject>> NamedArray(
    const rapidjson::Value& object, const char* key) {
  std::vector<NamedObject> out;
  const rapidjson::Value* array = FindArray(object, key);
  if (array == nullptr) return out;
  for (const auto& item : array->GetArray()) {
    ANAPLAN_ASSIGN_OR_RETURN(NamedObject named, ParseNamedObject(item));
    out.push_back(std::move(named));
  }
  return out;
}

std::optional<NamedObject> OptionalNamed(const rapidjson::Value& object,
                                         const char* key) {
  const rapidjson::Value* value = FindObject(object, key);
  if (value == nullptr) return std::nullopt;
  absl::StatusOr<NamedObject> named = ParseNamedObject(*value);
  if (!named.ok()) return std::nullopt;
  return *std::move(named);
}

std::optional<int64_t> NullableInt(const rapidjson::Value& object,
                                   const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || it->value.IsNull()) return std::nullopt;
  return OptionalInt(object, key);
}

absl::StatusOr<std::vector<ItemFailure>> Failures(
    const rapidjson::Value& reply) {
  std::vector<ItemFailure> out;
  const rapidjson::Value* array = FindArray(reply, "failures");
  if (array == nullptr) return out;
  for (const auto& item : array->GetArray()) {
    ANAPLAN_RETURN_IF_ERROR(RequireObject(item, "failure"));
    ItemFailure failure;
    failure.request_index = OptionalInt(item, "requestIndex");
    failure.failure_type = OptionalString(item, "failureType");
    failure.failure_message_details =
        OptionalString(item, "failureMessageDetails");
    out.push_back(std::move(failure));
  }
  return out;
}

// "date" of an {date, periodText} object, or the value itself if a string.
std::string DateOf(const rapidjson::Value& object, const char* key) {
  const rapidjson::Value* inner = FindObject(object, key);
  if (inner != nullptr) return OptionalString(*inner, "date");
  return OptionalString(object, key);
}

bool EitherBool(const rapidjson::Value& object, const char* spec_key,
                const char* sdk_key) {
  return OptionalBool(object, spec_key, OptionalBool(object, sdk_key));
}

}  // namespace

absl::StatusOr<NamedObject> ParseNamedObject(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "item"));
  NamedObject named;
  ANAPLAN_ASSIGN_OR_RETURN(named.id, RequiredInt(value, "id", "item"));
  named.name = OptionalString(value, "name");
  named.code = OptionalString(value, "code");
  return named;
}

absl::StatusOr<ModelStatus> ParseModelStatus(const rapidjson::Value& reply) {
  ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* s,
                           RequiredObject(reply, "requestStatus"));
  ModelStatus status;
  status.current_step = OptionalString(*s, "currentStep");
  status.progress = OptionalDouble(*s, "progress");
  status.creation_time = OptionalInt(*s, "creationTime");
  status.task_id = OptionalString(*s, "taskId");
  status.tooltip = OptionalString(*s, "tooltip");
  status.export_task_type = OptionalString(*s, "exportTaskType");
  status.peak_memory_usage_estimate =
      NullableInt(*s, "peakMemoryUsageEstimate");
  status.peak_memory_usage_time = NullableInt(*s, "peakMemoryUsageTime");
  return status;
}

absl::StatusOr<View> ParseView(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "view"));
  View view;
  ANAPLAN_ASSIGN_OR_RETURN(view.id, RequiredInt(value, "id", "view"));
  view.name = OptionalString(value, "name");
  view.code = OptionalString(value, "code");
  view.module_id = OptionalInt(value, "moduleId");
  return view;
}

absl::StatusOr<ViewInfo> ParseViewInfo(const rapidjson::Value& reply) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(reply, "view info"));
  ViewInfo info;
  ANAPLAN_ASSIGN_OR_RETURN(info.view_id, RequiredInt(reply, "viewId", "view"));
  info.view_name = OptionalString(reply, "viewName");
  ANAPLAN_ASSIGN_OR_RETURN(info.rows, NamedArray(reply, "rows"));
  ANAPLAN_ASSIGN_OR_RETURN(info.columns, NamedArray(reply, "columns"));
  ANAPLAN_ASSIGN_OR_RETURN(info.pages, NamedArray(reply, "pages"));
  return info;
}

absl::StatusOr<LineItem> ParseLineItem(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "line item"));
  LineItem item;
  ANAPLAN_ASSIGN_OR_RETURN(item.id, RequiredInt(value, "id", "lineItem"));
  ANAPLAN_ASSIGN_OR_RETURN(item.name,
                           RequiredString(value, "name", "lineItem"));
  item.module_id = OptionalInt(value, "moduleId");
  item.module_name = OptionalString(value, "moduleName");
  item.format = OptionalString(value, "format");
  item.code = OptionalString(value, "code");
  item.formula = OptionalString(value, "formula");
  item.summary = OptionalString(value, "summary");
  item.time_scale = OptionalString(value, "timeScale");
  item.time_range = OptionalString(value, "timeRange");
  item.notes = OptionalString(value, "notes");
  item.is_summary = OptionalBool(value, "isSummary");
  ANAPLAN_ASSIGN_OR_RETURN(item.applies_to, NamedArray(value, "appliesTo"));
  item.json = ToJsonText(value);
  return item;
}

absl::StatusOr<ListMetadata> ParseListMetadata(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "list metadata"));
  ListMetadata m;
  ANAPLAN_ASSIGN_OR_RETURN(m.id, RequiredInt(value, "id", "metadata"));
  m.name = OptionalString(value, "name");
  m.has_selective_access = OptionalBool(value, "hasSelectiveAccess");
  if (const rapidjson::Value* props = FindArray(value, "properties")) {
    for (const auto& p : props->GetArray()) {
      if (!p.IsObject()) continue;
      m.properties.push_back(ListProperty{
          OptionalString(p, "name"), OptionalString(p, "format"),
          OptionalString(p, "formula"), OptionalString(p, "notes")});
    }
  }
  m.production_data = OptionalBool(value, "productionData");
  m.managed_by = OptionalString(value, "managedBy");
  m.numbered_list = OptionalBool(value, "numberedList");
  m.use_top_level_as_page_default =
      OptionalBool(value, "useTopLevelAsPageDefault");
  m.item_count = OptionalInt(value, "itemCount");
  // The live spec spells it nextitemIndex; the SDK reads nextItemIndex.
  m.next_item_index =
      OptionalInt(value, "nextitemIndex", OptionalInt(value, "nextItemIndex"));
  m.workflow_enabled = OptionalBool(value, "workflowEnabled");
  m.permitted_items = OptionalInt(value, "permittedItems");
  m.category = OptionalString(value, "category");
  m.parent = OptionalNamed(value, "parent");
  ANAPLAN_ASSIGN_OR_RETURN(m.subsets, NamedArray(value, "subsets"));
  m.top_level_item = OptionalNamed(value, "topLevelItem");
  return m;
}

absl::StatusOr<ListItem> ParseListItem(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "list item"));
  ListItem item;
  ANAPLAN_ASSIGN_OR_RETURN(item.id, RequiredInt(value, "id", "listItem"));
  ANAPLAN_ASSIGN_OR_RETURN(item.name,
                           RequiredString(value, "name", "listItem"));
  item.code = OptionalString(value, "code");
  item.parent = OptionalString(value, "parent");
  item.parent_id = OptionalInt(value, "parentId");
  item.list_id = OptionalInt(value, "listId");
  item.list_name = OptionalString(value, "listName");
  if (const rapidjson::Value* props = FindObject(value, "properties")) {
    for (const auto& m : props->GetObject()) {
      item.properties[m.name.GetString()] = ScalarText(m.value);
    }
  }
  if (const rapidjson::Value* subsets = FindObject(value, "subsets")) {
    for (const auto& m : subsets->GetObject()) {
      item.subsets[m.name.GetString()] = m.value.IsBool() && m.value.GetBool();
    }
  }
  return item;
}

absl::StatusOr<ListItemsResult> ParseListItemsResult(
    const rapidjson::Value& reply) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(reply, "list items result"));
  ListItemsResult result;
  result.added = OptionalInt(reply, "added");
  result.updated = OptionalInt(reply, "updated");
  result.deleted = OptionalInt(reply, "deleted");
  result.ignored = OptionalInt(reply, "ignored");
  result.total = OptionalInt(reply, "total");
  ANAPLAN_ASSIGN_OR_RETURN(result.failures, Failures(reply));
  result.calls = 1;
  return result;
}

absl::StatusOr<ViewData> ParseViewData(const rapidjson::Value& reply) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(reply, "view data"));
  ViewData data;
  data.pages = StringArray(FindArray(reply, "pages"));
  if (const rapidjson::Value* cols = FindArray(reply, "columnCoordinates")) {
    for (const auto& c : cols->GetArray()) {
      data.column_coordinates.push_back(StringArray(&c));
    }
  }
  if (const rapidjson::Value* rows = FindArray(reply, "rows")) {
    for (const auto& r : rows->GetArray()) {
      ANAPLAN_RETURN_IF_ERROR(RequireObject(r, "rows[]"));
      data.rows.push_back(CellRow{StringArray(FindArray(r, "rowCoordinates")),
                                  StringArray(FindArray(r, "cells"))});
    }
  }
  return data;
}

absl::StatusOr<WriteCellsResult> ParseWriteCellsResult(
    const rapidjson::Value& reply) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(reply, "cell write result"));
  WriteCellsResult result;
  result.number_of_cells_changed = static_cast<int64_t>(OptionalDouble(
      reply, "numberOfCellsChanged",
      static_cast<double>(OptionalInt(reply, "numberOfCellsChanged"))));
  ANAPLAN_ASSIGN_OR_RETURN(result.failures, Failures(reply));
  result.calls = 1;
  return result;
}

absl::StatusOr<ReadRequestStatus> ParseReadRequest(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "read request"));
  ReadRequestStatus status;
  ANAPLAN_ASSIGN_OR_RETURN(status.request_id,
                           RequiredString(value, "requestId", "readRequest"));
  ANAPLAN_ASSIGN_OR_RETURN(
      status.request_state,
      RequiredString(value, "requestState", "readRequest"));
  status.available_pages = OptionalInt(value, "availablePages");
  status.successful = OptionalBool(value, "successful");
  return status;
}

absl::StatusOr<CurrentPeriod> ParseCurrentPeriod(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "currentPeriod"));
  CurrentPeriod period;
  period.period_text = OptionalString(value, "periodText");
  period.last_day = OptionalString(value, "lastDay");
  period.calendar_type = OptionalString(value, "calendarType");
  return period;
}

absl::StatusOr<ModelCalendar> ParseModelCalendar(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "modelCalendar"));
  ModelCalendar c;
  ANAPLAN_ASSIGN_OR_RETURN(
      c.calendar_type, RequiredString(value, "calendarType", "modelCalendar"));
  if (const rapidjson::Value* p = FindObject(value, "currentPeriod")) {
    ANAPLAN_ASSIGN_OR_RETURN(c.current_period, ParseCurrentPeriod(*p));
  }
  if (const rapidjson::Value* fy = FindObject(value, "fiscalYear")) {
    c.fiscal_year = FiscalYear{OptionalString(*fy, "year"),
                               OptionalString(*fy, "startDate"),
                               OptionalString(*fy, "endDate")};
  }
  c.past_years_count = OptionalInt(value, "pastYearsCount");
  c.future_years_count = OptionalInt(value, "futureYearsCount");
  c.extra_week_month = OptionalInt(value, "extraWeekMonth");
  c.week_format = OptionalString(value, "weekFormat");
  c.week_grouping = OptionalString(value, "weekGrouping");
  c.start_date = OptionalString(value, "startDate");
  c.weeks_count = OptionalInt(value, "weeksCount");
  if (const rapidjson::Value* t = FindObject(value, "totalsSelection")) {
    // The spec names these isQuarterTotals...; the SDK quarterTotals...
    c.quarter_totals = EitherBool(*t, "isQuarterTotals", "quarterTotals");
    c.half_year_totals = EitherBool(*t, "isHalfYearTotals", "halfYearTotals");
    c.year_to_date_summary =
        EitherBool(*t, "isYearToDateSummary", "yearToDateSummary");
    c.year_to_go_summary =
        EitherBool(*t, "isYearToGoSummary", "yearToGoSummary");
    c.total_of_all_periods =
        EitherBool(*t, "isTotalOfAllPeriods", "totalOfAllPeriods");
    c.extra_month_quarter = OptionalInt(*t, "extraMonthQuarter");
  }
  return c;
}

absl::StatusOr<Version> ParseVersion(const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "version"));
  Version v;
  ANAPLAN_ASSIGN_OR_RETURN(v.id, RequiredInt(value, "id", "versionMetadata"));
  v.name = OptionalString(value, "name");
  v.code = OptionalString(value, "code");
  v.is_actual = OptionalBool(value, "isActual");
  v.is_current = OptionalBool(value, "isCurrent");
  v.edit_from = DateOf(value, "editFrom");
  v.edit_to = DateOf(value, "editTo");
  v.switchover = DateOf(value, "switchover");
  v.formula = OptionalString(value, "formula");
  v.notes = OptionalString(value, "notes");
  return v;
}

absl::StatusOr<VersionSwitchover> ParseVersionSwitchover(
    const rapidjson::Value& value) {
  ANAPLAN_RETURN_IF_ERROR(RequireObject(value, "versionSwitchover"));
  VersionSwitchover s;
  s.id = OptionalInt(value, "id");
  s.name = OptionalString(value, "name");
  s.code = OptionalString(value, "code");
  s.date = OptionalString(value, "date");
  s.period_text = OptionalString(value, "periodText");
  s.calendar_type = OptionalString(value, "calendarType");
  return s;
}

}  // namespace anaplan::core
