#ifndef ANAPLAN_EMULATOR_CLOUD_WORKS_ROUTES_UTIL_H_
#define ANAPLAN_EMULATOR_CLOUD_WORKS_ROUTES_UTIL_H_

#include <string>

#include "rapidjson/document.h"

#include "emulator/cloud_works_state.h"
#include "emulator/router.h"
#include "emulator/server_context.h"

namespace anaplan::emulator {

/// Both CloudWorks bases route here: api.cloudworks.anaplan.com/2/0 and
/// api.anaplan.com/cloudworks/2/0 (the spec's two servers).
inline constexpr char kCwBase[] = "(?:/cloudworks)?/2/0/integrations";
inline constexpr char kFlowBase[] = "(?:/cloudworks)?/2/0/integrationflows";

/// A CloudWorks handler, called with the state lock held.
using CwHandler = void (*)(Call&, State&);

/// Registers `pattern` (a full path regex) with token auth; the handler
/// runs under the state lock.
void AddCwRoute(Router& router, ServerContext& ctx, const std::string& method,
                const std::string& pattern, CwHandler handler);

/// Parses the request body into `doc` as a JSON object; otherwise answers
/// 400 "Invalid request body" and returns false.
bool ParseCwBody(Call& call, rapidjson::Document& doc);

/// Sets modified (and, when `created`, created) to now and the caller.
void TouchVersioned(CwVersioned& v, State& state, const std::string& email,
                    bool created) ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

/// Route families registered by RegisterCloudWorksRoutes.
void RegisterCloudWorksIntegrationRoutes(Router& router, ServerContext& ctx);
void RegisterCloudWorksRunRoutes(Router& router, ServerContext& ctx);
void RegisterCloudWorksNotificationRoutes(Router& router, ServerContext& ctx);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_CLOUD_WORKS_ROUTES_UTIL_H_
