#ifndef ANAPLAN_EMULATOR_ROUTES_TRANSACTIONAL_H_
#define ANAPLAN_EMULATOR_ROUTES_TRANSACTIONAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "emulator/json_util.h"
#include "emulator/model_data.h"
#include "emulator/paging.h"
#include "emulator/router.h"
#include "emulator/server_context.h"

namespace anaplan::emulator {

// Helpers shared by the routes_transactional*.cc files (anaplan-api.md §5).

/// meta.schema of a transactional object.
std::string TxSchema(const Model& model, const char* object);
/// A listing row of an {id, name[, code]} object (code left out if empty).
ListRow NamedRow(int64_t id, const std::string& name, const std::string& code);
/// Sends a paged listing under `key` with the emulator's max page size.
void SendTxListing(Call& call, ServerContext& ctx, const Model& model,
                   const char* key, std::vector<ListRow> rows);
/// 404 with the Integration error body.
void SendNotFound(Call& call, const std::string& what);
/// 400 with the Integration error body.
void SendBadRequest(Call& call, const std::string& message);
/// The 12-digit id in path capture `index`, or -1.
int64_t PathId(const Call& call, size_t index);

/// The lists, list items and list read requests routes.
void RegisterTxListRoutes(Router& router, ServerContext& ctx);
/// Current period, calendar, fiscal year, versions and switchover routes.
void RegisterTxTimeRoutes(Router& router, ServerContext& ctx);
/// View data, cell writes and view read requests routes.
void RegisterTxCellRoutes(Router& router, ServerContext& ctx);

/// Read request routes of one kind ("views" or "lists") under
/// /{kind}/{id}/readRequests: create (the CSV is rendered by `render`, a
/// 404 when it returns false), poll, pages, delete.
using RenderCsv = std::function<bool(Call&, Model&, int64_t id, std::string*)>;
void AddReadRequestRoutes(Router& router, ServerContext& ctx,
                          const std::string& kind, RenderCsv render);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_ROUTES_TRANSACTIONAL_H_
