#ifndef ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_TYPES_H_
#define ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anaplan::core {

/// The model a transactional call addresses. With a workspace id the
/// /workspaces/{ws}/models/{model} form is used where Anaplan offers it,
/// else /models/{model}.
struct TxScope {
  std::string workspace_id;
  std::string model_id;
};

/// id/name/code of modules, lists, dimensions, dashboards and items.
struct NamedObject {
  int64_t id = 0;
  std::string name;
  std::string code;
};

/// requestStatus of GET /models/{id}/status (anaplan-api.md §5.1).
struct ModelStatus {
  std::string current_step;
  double progress = 0;
  int64_t creation_time = 0;
  std::string task_id;
  std::string tooltip;
  std::string export_task_type;
  std::optional<int64_t> peak_memory_usage_estimate;
  std::optional<int64_t> peak_memory_usage_time;
};

struct View {
  int64_t id = 0;
  std::string name;
  std::string code;
  int64_t module_id = 0;
};

struct ViewInfo {
  int64_t view_id = 0;
  std::string view_name;
  std::vector<NamedObject> rows;
  std::vector<NamedObject> columns;
  std::vector<NamedObject> pages;
};

struct LineItem {
  int64_t id = 0;
  std::string name;
  int64_t module_id = 0;
  std::string module_name;
  std::string format;
  std::string code;
  std::string formula;
  std::string summary;
  std::string time_scale;
  std::string time_range;
  std::string notes;
  bool is_summary = false;
  std::vector<NamedObject> applies_to;
  /// The whole object as Anaplan sent it.
  std::string json;
};

struct ListProperty {
  std::string name;
  std::string format;
  std::string formula;
  std::string notes;
};

struct ListMetadata {
  int64_t id = 0;
  std::string name;
  bool has_selective_access = false;
  std::vector<ListProperty> properties;
  bool production_data = false;
  std::string managed_by;
  bool numbered_list = false;
  bool use_top_level_as_page_default = false;
  int64_t item_count = 0;
  int64_t next_item_index = 0;
  bool workflow_enabled = false;
  int64_t permitted_items = 0;
  std::string category;
  std::optional<NamedObject> parent;
  std::vector<NamedObject> subsets;
  std::optional<NamedObject> top_level_item;
};

struct ListItem {
  int64_t id = 0;
  std::string name;
  std::string code;
  std::string parent;
  int64_t parent_id = 0;
  std::map<std::string, std::string> properties;
  std::map<std::string, bool> subsets;
  int64_t list_id = 0;
  std::string list_name;
};

/// An item to add, update or delete (fields left empty are not sent).
struct ListItemInput {
  int64_t id = 0;
  std::string name;
  std::string code;
  std::string parent;
  std::map<std::string, std::string> properties;
  std::map<std::string, bool> subsets;
};

enum class ListWriteOp { kAdd, kUpdate, kDelete };

struct ItemFailure {
  int64_t request_index = 0;
  std::string failure_type;
  std::string failure_message_details;
};

/// Result of list item writes; counters a call does not report stay 0.
struct ListItemsResult {
  int64_t added = 0;
  int64_t updated = 0;
  int64_t deleted = 0;
  int64_t ignored = 0;
  int64_t total = 0;
  std::vector<ItemFailure> failures;
  int64_t calls = 0;
};

struct PageSelector {
  int64_t dimension_id = 0;
  int64_t item_id = 0;
};

/// What GET views/{id}/data asks for (§5.3).
struct CellsQuery {
  int64_t view_id = 0;
  std::vector<PageSelector> pages;
  int64_t max_rows = 0;
  std::string export_type;
  int64_t module_id = 0;
  bool escaped = false;
};

struct CellRow {
  std::vector<std::string> row_coordinates;
  std::vector<std::string> cells;
};

struct ViewData {
  std::vector<std::string> pages;
  std::vector<std::vector<std::string>> column_coordinates;
  std::vector<CellRow> rows;
};

/// One dimension coordinate of a cell write; ids win over names.
struct CellDimension {
  int64_t dimension_id = 0;
  std::string dimension_name;
  int64_t item_id = 0;
  std::string item_name;
  std::string item_code;
};

struct CellWrite {
  int64_t line_item_id = 0;
  std::string line_item_name;
  std::vector<CellDimension> dimensions;
  enum class Kind { kText, kNumber, kBoolean } kind = Kind::kText;
  std::string text;
  double number = 0;
  bool boolean = false;
};

struct WriteCellsResult {
  int64_t number_of_cells_changed = 0;
  std::vector<ItemFailure> failures;
  int64_t calls = 0;
};

/// State of a large-volume read request (§5.4).
struct ReadRequestStatus {
  std::string request_id;
  std::string request_state;
  int64_t available_pages = 0;
  bool successful = false;
};

struct CurrentPeriod {
  std::string period_text;
  std::string last_day;
  std::string calendar_type;
};

struct FiscalYear {
  std::string year;
  std::string start_date;
  std::string end_date;
};

struct ModelCalendar {
  std::string calendar_type;
  CurrentPeriod current_period;
  FiscalYear fiscal_year;
  int64_t past_years_count = 0;
  int64_t future_years_count = 0;
  int64_t extra_week_month = 0;
  std::string week_format;
  std::string week_grouping;
  std::string start_date;
  int64_t weeks_count = 0;
  bool quarter_totals = false;
  bool half_year_totals = false;
  bool year_to_date_summary = false;
  bool year_to_go_summary = false;
  bool total_of_all_periods = false;
  int64_t extra_month_quarter = 0;
};

struct Version {
  int64_t id = 0;
  std::string name;
  std::string code;
  bool is_actual = false;
  bool is_current = false;
  std::string edit_from;
  std::string edit_to;
  std::string switchover;
  std::string formula;
  std::string notes;
};

struct VersionSwitchover {
  int64_t id = 0;
  std::string name;
  std::string code;
  std::string date;
  std::string period_text;
  std::string calendar_type;
};

/// Anaplan's per-call limits (live Integration spec).
inline constexpr int64_t kMaxListItemsPerCall = 100'000;
inline constexpr int64_t kMaxCellsPerCall = 1'000;

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_TYPES_H_
