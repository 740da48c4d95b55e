#include "anaplan_core/transactional/transactional_batching.h"

namespace anaplan::core {
namespace {

void AppendFailures(std::vector<ItemFailure>& out,
                    const std::vector<ItemFailure>& part, int64_t offset) {
  for (ItemFailure failure : part) {
    failure.request_index += offset;
    out.push_back(std::move(failure));
  }
}

}  // namespace

void MergeResult(ListItemsResult& total, const ListItemsResult& part,
                 int64_t offset) {
  total.added += part.added;
  total.updated += part.updated;
  total.deleted += part.deleted;
  total.ignored += part.ignored;
  total.total += part.total;
  total.calls += part.calls;
  AppendFailures(total.failures, part.failures, offset);
}

void MergeResult(WriteCellsResult& total, const WriteCellsResult& part,
                 int64_t offset) {
  total.number_of_cells_changed += part.number_of_cells_changed;
  total.calls += part.calls;
  AppendFailures(total.failures, part.failures, offset);
}

}  // namespace anaplan::core
