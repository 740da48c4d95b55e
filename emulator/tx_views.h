#ifndef ANAPLAN_EMULATOR_TX_VIEWS_H_
#define ANAPLAN_EMULATOR_TX_VIEWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "emulator/model_data.h"

namespace anaplan::emulator {

/// Every module has one view, its default view, whose id is the module id
/// (a line item id also names it, as in Anaplan). Layout: rows = the first
/// dimension, columns = line items, pages = the other dimensions.
struct TxView {
  ModuleData* module = nullptr;
  std::vector<ListData*> dims;  ///< Module dimensions, in order.
};

ListData* FindListById(Model& model, int64_t id);
ModuleData* FindModuleById(Model& model, int64_t id);
/// The module owning line item `id`, or nullptr; `*line_item` set when found.
ModuleData* FindLineItemModule(Model& model, int64_t id,
                               const LineItem** line_item);
/// The view `id` (module id or line item id); module null when unknown or
/// when a dimension list is missing.
TxView FindView(Model& model, int64_t id);

/// A cell as text: its number, or "0" when never written.
std::string CellText(const ModuleData& module,
                     const std::vector<std::string>& coordinates,
                     const std::string& line_item);

/// CSV of a view (anaplan-api.md §5.3). `page_index` selects one item per
/// page dimension (GRID_CURRENT_PAGE); GRID_ALL_PAGES renders every page;
/// TABULAR_MULTI_COLUMN one row per item combination with a column per
/// line item; TABULAR_SINGLE_COLUMN one row per cell. max_rows 0: no cap.
std::string ViewCsv(const TxView& view, const std::string& export_type,
                    const std::vector<size_t>& page_index, int64_t max_rows);

/// CSV of a list: name, code, parent, then one column per property.
std::string ListCsv(const ListData& list);

/// Cuts CSV text into pages of at most `rows` lines (the first page holds
/// the header too); at least one page.
std::vector<std::string> CutPages(const std::string& csv, size_t rows);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_TX_VIEWS_H_
