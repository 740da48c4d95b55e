#ifndef ANAPLAN_CORE_AUDIT_AUDIT_CONNECTION_H_
#define ANAPLAN_CORE_AUDIT_AUDIT_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core {

/// One audit event (anaplan-api.md §7.1).
struct AuditEvent {
  int64_t id = 0;
  std::string event_type_id;
  std::string user_id;
  std::string tenant_id;
  std::string object_id;
  std::string object_type_id;
  std::string object_tenant_id;
  std::string message;
  bool success = false;
  std::string error_number;
  std::string ip_address;
  std::string user_agent;
  std::string session_id;
  std::string host_name;
  std::string service_version;
  int64_t event_date = 0;
  std::string event_time_zone;
  int64_t created_date = 0;
  std::string created_time_zone;
  std::string checksum;
  /// additionalAttributes as compact JSON, "" when null or absent.
  std::string additional_attributes_json;
};

/// One tenant user (Integration API GET /users; anaplan-sdk's
/// audit.get_users).
struct TenantUser {
  std::string id;
  std::string email;
  std::string first_name;
  std::string last_name;
  bool active = false;
  std::string last_login_date;
  bool email_opt_in = false;
  std::string customer_id;
};

/// Which events to read. Either a window ending now (`days_into_past`,
/// 1..30; 0 means 30) or explicit epoch-ms bounds (both set).
struct AuditQuery {
  std::string event_type = "all";
  int days_into_past = 0;
  int64_t date_from_ms = 0;
  int64_t date_to_ms = 0;
};

/// Longest window Anaplan serves.
inline constexpr absl::Duration kMaxAuditWindow = absl::Hours(30 * 24);

/// Checks an AuditQuery before any call.
/// \error INVALID_ARGUMENT naming the field: unknown event_type,
///   days_into_past outside 0..30, one date bound without the other, a
///   negative or reversed window, or one longer than 30 days.
absl::Status ValidateAuditQuery(const AuditQuery& query);

/// One page of events as it arrives, with the selection's total size.
using AuditPageFn = std::function<absl::Status(
    const std::vector<AuditEvent>& events, int64_t total_size)>;

/// The Audit API ({audit_url}/events): anaplan-sdk's `client.audit`
/// get_events plus POST /events/search. Pages with limit/offset (reading
/// meta.paging.offSet/totalSize) until every event is delivered. Thread-safe.
class AuditConnection {
 public:
  virtual ~AuditConnection() = default;

  /// GET /events, calling `on_page` per page; a non-OK return stops.
  virtual absl::Status GetEvents(const AuditQuery& query,
                                 const AuditPageFn& on_page,
                                 const CallContext& ctx) = 0;
  /// POST /events/search with {"from","to"} or {"interval"}.
  virtual absl::Status SearchEvents(const AuditQuery& query,
                                    const AuditPageFn& on_page,
                                    const CallContext& ctx) = 0;
  /// GET {api_url}/users, every page.
  virtual absl::StatusOr<std::vector<TenantUser>> GetUsers(
      const CallContext& ctx) = 0;
  /// GET {api_url}/users/{id}; "me" is the caller.
  /// \error INVALID_ARGUMENT for an empty user_id, NOT_FOUND naming it.
  virtual absl::StatusOr<TenantUser> GetUser(const std::string& user_id,
                                             const CallContext& ctx) = 0;
};

/// An AuditConnection over `rest` under `audit_url` (e.g.
/// https://audit.anaplan.com/audit/api/1); users are read from `api_url`
/// (the Integration API, e.g. https://api.anaplan.com/2/0).
std::shared_ptr<AuditConnection> MakeAuditConnection(
    std::shared_ptr<RestClient> rest, std::string audit_url,
    std::string api_url = "");

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_AUDIT_AUDIT_CONNECTION_H_
