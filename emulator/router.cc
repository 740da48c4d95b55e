#include "emulator/router.h"

#include "emulator/connection.h"
#include "emulator/http_util.h"

namespace anaplan::emulator {

void Router::Add(const std::string& method, const std::string& pattern,
                 RouteAuth auth, RouteHandler handler) {
  routes_.push_back(Route{method, std::regex(pattern, std::regex::ECMAScript),
                          auth, std::move(handler)});
}

void Router::Dispatch(const httplib::Request& req,
                      httplib::Response& res) const {
  // A "status" fault decided in the pre-routing handler is answered here,
  // after httplib has read the request body, so the connection stays in
  // sync for keep-alive.
  if (ConnectionControl* control = CurrentConnectionControl();
      control != nullptr && control->fault_status != 0) {
    if (!control->fault_retry_after.empty()) {
      res.set_header("Retry-After", control->fault_retry_after);
    }
    SendIntegrationError(req, res, control->fault_status,
                         StatusReason(control->fault_status));
    return;
  }
  bool path_matched = false;
  std::smatch match;
  for (const Route& route : routes_) {
    if (!std::regex_match(req.path, match, route.pattern)) continue;
    if (route.method != req.method) {
      path_matched = true;
      continue;
    }
    Call call(req, res);
    call.tls = tls_;
    for (size_t i = 1; i < match.size(); ++i) {
      call.params.push_back(match[i].str());
    }
    if (route.auth == RouteAuth::kToken && !authenticator_(call)) return;
    route.handler(call);
    return;
  }
  if (path_matched) {
    SendIntegrationError(req, res, 405, "Method Not Allowed");
  } else {
    SendIntegrationError(req, res, 404, "Resource not found");
  }
}

}  // namespace anaplan::emulator
