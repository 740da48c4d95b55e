// Shared helpers of the route families: token checks and model routes.

#include "absl/strings/numbers.h"

#include "anaplan_core/common/sync.h"
#include "emulator/http_util.h"
#include "emulator/routes.h"

namespace anaplan::emulator {

bool AuthenticateIntegrationCall(ServerContext& ctx, Call& call) {
  // The Integration API takes the token service's tokens under either
  // scheme word (anaplan-api.md §1.2).
  const std::string scheme = AuthorizationScheme(call.req);
  const std::string token = AuthorizationCredentials(call.req);
  if ((scheme != "AnaplanAuthToken" && scheme != "Bearer") || token.empty()) {
    SendIntegrationError(call.req, call.res, 401,
                         "Full authentication is required to access this "
                         "resource");
    return false;
  }
  anaplan::MutexLock lock(&ctx.state.mu());
  TokenStatus status;
  Token* found = ctx.state.FindToken(token, &status);
  if (found == nullptr || status != TokenStatus::kValid) {
    SendIntegrationError(call.req, call.res, 401,
                         status == TokenStatus::kExpired
                             ? "Authentication token has expired"
                             : "Invalid authentication token");
    return false;
  }
  call.user_email = found->user_email;
  return true;
}

int64_t ParseObjectId(const std::string& text) {
  int64_t id = 0;
  if (text.empty() || text.size() > 13 || !absl::SimpleAtoi(text, &id) ||
      id < 0) {
    return -1;
  }
  return id;
}

void AddModelRoute(Router& router, ServerContext& ctx,
                   const std::string& method, const std::string& suffix,
                   ModelHandler handler, BodyDecoder decoder) {
  auto run = [&ctx, handler, decoder](Call& call, bool with_workspace) {
    if (decoder) {
      absl::StatusOr<std::string> body = decoder(call.req);
      if (body.ok()) {
        call.decoded_body = *std::move(body);
      } else {
        call.decode_status = body.status();
      }
    }
    const std::string workspace_id = with_workspace ? call.params[0] : "";
    const std::string model_id = call.params[with_workspace ? 1 : 0];
    call.params.erase(call.params.begin(),
                      call.params.begin() + (with_workspace ? 2 : 1));
    anaplan::MutexLock lock(&ctx.state.mu());
    Tenant& tenant = ctx.state.tenant();
    Model* model = tenant.FindModel(model_id);
    if (model == nullptr ||
        (with_workspace && (tenant.FindWorkspace(workspace_id) == nullptr ||
                            model->workspace_id != workspace_id))) {
      return SendIntegrationError(call.req, call.res, 404,
                                  "Resource not found");
    }
    handler(call, *model);
  };
  router.Add(method, "/2/0/workspaces/([^/]+)/models/([^/]+)" + suffix,
             RouteAuth::kToken, [run](Call& call) { run(call, true); });
  router.Add(method, "/2/0/models/([^/]+)" + suffix, RouteAuth::kToken,
             [run](Call& call) { run(call, false); });
}

}  // namespace anaplan::emulator
