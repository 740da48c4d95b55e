#ifndef ANAPLAN_EMULATOR_ROUTES_H_
#define ANAPLAN_EMULATOR_ROUTES_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"

#include "emulator/model_data.h"
#include "emulator/router.h"
#include "emulator/server_context.h"

namespace anaplan::emulator {

// One Register*Routes function per API family; a new family is one more
// routes_*.cc file plus a call in emulator.cc.

/// /token/authenticate|refresh|validate|logout (anaplan-api.md §2.1).
void RegisterAuthRoutes(Router& router, ServerContext& ctx);
/// /2/0/workspaces, /2/0/models, /2/0/users, bulkDeleteModels (§4.1-4.2).
void RegisterTenantRoutes(Router& router, ServerContext& ctx);
/// OAuth: /auth/authorize, /oauth/device/code, /oauth/token and the
/// /__emulator/oauth/... controls (anaplan-api.md §2.6).
void RegisterOAuthRoutes(Router& router, ServerContext& ctx);
/// Bulk files: chunk count, chunks, complete, download, delete (§4.8-4.9).
void RegisterBulkFileRoutes(Router& router, ServerContext& ctx);
/// Bulk imports/exports/actions/processes listings and metadata (§4.3-4.4).
void RegisterBulkDefinitionRoutes(Router& router, ServerContext& ctx);
/// Bulk tasks, dumps and optimizer logs (§4.5-4.7, §4.10).
void RegisterBulkTaskRoutes(Router& router, ServerContext& ctx);
/// ALM revisions and online status (§6.1-6.2); registers the task routes.
void RegisterAlmRoutes(Router& router, ServerContext& ctx);
/// ALM sync, comparison and summary report tasks and reports (§6.3-6.4).
void RegisterAlmTaskRoutes(Router& router, ServerContext& ctx);
/// /audit/api/1/events and /events/search (§7.1).
void RegisterAuditRoutes(Router& router, ServerContext& ctx);
/// /scim/1/0/v2: Users, discovery (§9).
void RegisterScimRoutes(Router& router, ServerContext& ctx);
/// Transactional API: metadata, lists, cells, time (routes_transactional*).
void RegisterTransactionalRoutes(Router& router, ServerContext& ctx);
/// CloudWorks connections, integrations, runs, schedules, notifications
/// and integration flows, under /2/0 and /cloudworks/2/0 (§8).
void RegisterCloudWorksRoutes(Router& router, ServerContext& ctx);
/// /__emulator/... test controls.
void RegisterControlRoutes(Router& router, ServerContext& ctx);

/// Validates `Authorization: AnaplanAuthToken|Bearer <token>` and sets
/// call.user_email; otherwise answers 401 with the Integration error body.
bool AuthenticateIntegrationCall(ServerContext& ctx, Call& call);

/// Handler of a model-scoped route, called with the state lock held and the
/// model resolved; call.params holds only the captures after the model.
using ModelHandler = std::function<void(Call&, Model&)>;

/// Turns the request body into what the handler reads (e.g. gunzip), before
/// the lock is taken; an error lands in call.decode_status for the handler.
using BodyDecoder =
    std::function<absl::StatusOr<std::string>(const httplib::Request&)>;

/// Registers `suffix` (a regex starting with '/') under both
/// `/2/0/workspaces/{ws}/models/{model}` and `/2/0/models/{model}`. Unknown
/// workspaces/models, or a model outside the workspace, answer 404.
/// With a decoder, its output is in call.decoded_body.
void AddModelRoute(Router& router, ServerContext& ctx,
                   const std::string& method, const std::string& suffix,
                   ModelHandler handler, BodyDecoder decoder = nullptr);

/// Parses a 12/13-digit numeric id path segment; -1 when malformed.
int64_t ParseObjectId(const std::string& text);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_ROUTES_H_
