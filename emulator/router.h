#ifndef ANAPLAN_EMULATOR_ROUTER_H_
#define ANAPLAN_EMULATOR_ROUTER_H_

#include <httplib.h>

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace anaplan::emulator {

/// One routed request: the HTTP exchange, the path captures and the user the
/// token belongs to (for authenticated routes).
struct Call {
  Call(const httplib::Request& request, httplib::Response& response)
      : req(request), res(response) {}

  const httplib::Request& req;
  httplib::Response& res;
  std::vector<std::string> params;  ///< Regex captures, in order.
  std::string user_email;           ///< Empty for unauthenticated routes.
  std::string decoded_body;    ///< Output of the route's BodyDecoder, if any.
  absl::Status decode_status;  ///< Why the BodyDecoder failed, if it did.
  /// Served through the emulator's TLS front: URLs handed out are https.
  bool tls = false;
};

/// Whether a route needs `Authorization: AnaplanAuthToken|Bearer <token>`.
enum class RouteAuth { kNone, kToken };

using RouteHandler = std::function<void(Call&)>;

/// Method + regex routing with Anaplan's error semantics: a path no route
/// matches is a 404 with the Integration error body, a path that matches
/// only under other methods is a 405. Every request goes through Dispatch(),
/// which is also where pending fault statuses are answered.
class Router {
 public:
  /// Authenticates `call`; on failure it must fill the 401 response and
  /// return false.
  using Authenticator = std::function<bool(Call&)>;

  explicit Router(Authenticator authenticator)
      : authenticator_(std::move(authenticator)) {}

  /// Adds a route. `pattern` is an ECMAScript regex matched against the
  /// whole decoded path; its groups become Call::params.
  void Add(const std::string& method, const std::string& pattern,
           RouteAuth auth, RouteHandler handler);

  /// Marks every call as served over TLS (set before serving starts).
  void set_tls(bool tls) { tls_ = tls; }

  /// Routes one request (installed as httplib's catch-all handler).
  void Dispatch(const httplib::Request& req, httplib::Response& res) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    RouteAuth auth;
    RouteHandler handler;
  };

  Authenticator authenticator_;
  std::vector<Route> routes_;
  bool tls_ = false;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_ROUTER_H_
