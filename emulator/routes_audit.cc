// Audit API (anaplan-api.md §7.1) under /audit/api/1: events recorded by
// the emulator itself (emulator/audit_log.h), filtered by type prefix and
// window, paged with limit/offset under `response` and meta.paging.offSet.
// Also POST /__emulator/audit/events to add a back-dated event (tests).

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/sync.h"
#include "emulator/http_util.h"
#include "emulator/json_util.h"
#include "emulator/routes.h"

namespace anaplan::emulator {
namespace {

constexpr int64_t kMaxWindowMs = 30LL * 24 * 3600 * 1000;
constexpr int64_t kDefaultLimit = 5000;

void BadRequest(Call& call, const std::string& message) {
  SendAuthError(call.res, 400, "FAILURE_BAD_REQUEST", message);
}

// Reads an integer query parameter; false (and a 400 sent) when malformed.
bool IntParam(Call& call, const char* name, int64_t* out, bool* present) {
  *present = call.req.has_param(name);
  if (!*present) return true;
  if (!absl::SimpleAtoi(call.req.get_param_value(name), out)) {
    BadRequest(call, absl::StrCat("Invalid value for ", name));
    return false;
  }
  return true;
}

// Resolves the window [from, to) in epoch ms from dateFrom/dateTo or an
// interval in hours (default 30 days); false (400 sent) when it is invalid.
bool Window(Call& call, bool has_from, int64_t from, bool has_to, int64_t to,
            bool has_interval, int64_t interval_hours, int64_t* out_from,
            int64_t* out_to) {
  const int64_t now = UnixMillis(absl::Now());
  if (has_from || has_to) {
    *out_from = has_from ? from : now - kMaxWindowMs;
    *out_to = has_to ? to : now;
  } else {
    const int64_t hours = has_interval ? interval_hours : 720;
    if (hours <= 0) {
      BadRequest(call, "intervalInHours must be positive");
      return false;
    }
    *out_from = now - hours * 3600 * 1000;
    *out_to = now;
  }
  if (*out_to - *out_from > kMaxWindowMs) {
    BadRequest(call, "Date range cannot exceed 30 days");
    return false;
  }
  if (*out_to < *out_from) {
    BadRequest(call, "dateFrom must not be after dateTo");
    return false;
  }
  *out_to += 1;  // dateTo is inclusive
  return true;
}

void WriteEvent(JsonWriter& w, const AuditEntry& e, const std::string& tenant) {
  w.StartObject();
  FieldInt(w, "id", e.id);
  FieldStr(w, "eventTypeId", e.event_type_id);
  FieldStr(w, "userId", e.user_id);
  FieldStr(w, "tenantId", tenant);
  FieldStr(w, "objectId", e.object_id);
  FieldStr(w, "objectTypeId", e.object_type_id);
  FieldStr(w, "objectTenantId", tenant);
  w.Key("additionalAttributes");
  w.Null();
  FieldStr(w, "message", e.message);
  FieldBool(w, "success", e.success);
  FieldStr(w, "ipAddress", e.ip_address);
  FieldStr(w, "userAgent", e.user_agent);
  FieldStr(w, "hostName", "anaplan-emulator");
  FieldStr(w, "serviceVersion", "1.0");
  const int64_t ms = UnixMillis(e.when);
  FieldInt(w, "eventDate", ms);
  FieldStr(w, "eventTimeZone", "GMT");
  FieldInt(w, "createdDate", ms);
  FieldStr(w, "createdTimeZone", "GMT");
  // A stable numeric digest of the event (Anaplan's is a CRC).
  uint64_t sum = 1469598103934665603ULL;
  for (char c : absl::StrCat(e.id, e.event_type_id, e.message, ms)) {
    sum = (sum ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  FieldStr(w, "checksum", absl::StrCat(sum % 10000000000ULL));
  w.EndObject();
}

// Common body of GET /events and POST /events/search.
void SendEvents(ServerContext& ctx, Call& call, bool has_from, int64_t from,
                bool has_to, int64_t to, bool has_interval, int64_t hours) {
  // The Audit API takes only AnaplanAuthToken (§7.1).
  if (AuthorizationScheme(call.req) != "AnaplanAuthToken") {
    return SendAuthError(call.res, 401, "FAILURE_BAD_HEADER",
                         "No valid token header found for the request");
  }
  int64_t limit = kDefaultLimit, offset = 0;
  bool has_limit = false, has_offset = false;
  if (!IntParam(call, "limit", &limit, &has_limit) ||
      !IntParam(call, "offset", &offset, &has_offset)) {
    return;
  }
  if (limit <= 0 || offset < 0) {
    return BadRequest(call, "limit must be positive and offset not negative");
  }
  int64_t win_from = 0, win_to = 0;
  if (!Window(call, has_from, from, has_to, to, has_interval, hours, &win_from,
              &win_to)) {
    return;
  }
  anaplan::MutexLock lock(&ctx.state.mu());
  const User* user = ctx.state.tenant().FindUserByEmail(call.user_email);
  // Tenant admins stand in for the Tenant Auditor role.
  if (user == nullptr || !user->tenant_admin) {
    return SendAuthError(call.res, 401, "FAILURE_UNAUTHORIZED_USER_ACTION",
                         "User is not authorized to perform this action");
  }
  limit = std::min<int64_t>(limit, ctx.state.settings().max_page_size);
  const std::vector<const AuditEntry*> events = ctx.state.audit_log().Select(
      call.req.get_param_value("type"), win_from, win_to);
  const int64_t total = static_cast<int64_t>(events.size());
  const int64_t begin = std::min(offset, total);
  const int64_t end = std::min(total, begin + limit);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("meta");
  w.StartObject();
  w.Key("paging");
  w.StartObject();
  FieldInt(w, "currentPageSize", end - begin);
  FieldInt(w, "totalSize", total);
  FieldInt(w, "offSet", begin);
  if (end < total) {
    FieldInt(w, "nextOffset", end);
    FieldStr(w, "nextUrl",
             absl::StrCat(BaseUrl(call.req, call.tls), call.req.path,
                          "?limit=", limit, "&offset=", end));
  }
  w.EndObject();
  w.EndObject();
  w.Key("response");
  w.StartArray();
  for (int64_t i = begin; i < end; ++i) {
    WriteEvent(w, *events[static_cast<size_t>(i)],
               ctx.state.tenant().customer_guid);
  }
  w.EndArray();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void GetEvents(ServerContext& ctx, Call& call) {
  int64_t from = 0, to = 0, hours = 0;
  bool has_from = false, has_to = false, has_interval = false;
  if (!IntParam(call, "dateFrom", &from, &has_from) ||
      !IntParam(call, "dateTo", &to, &has_to) ||
      !IntParam(call, "intervalInHours", &hours, &has_interval)) {
    return;
  }
  SendEvents(ctx, call, has_from, from, has_to, to, has_interval, hours);
}

void SearchEvents(ServerContext& ctx, Call& call) {
  rapidjson::Document body;
  if (!call.req.body.empty() && !ParseJson(call.req.body, body).ok()) {
    return BadRequest(call, "Error parsing request body as JSON");
  }
  const bool is_object = body.IsObject();
  const bool has_from = is_object && JsonHas(body, "from");
  const bool has_to = is_object && JsonHas(body, "to");
  const bool has_interval = is_object && JsonHas(body, "interval");
  SendEvents(ctx, call, has_from, has_from ? JsonInt(body, "from") : 0, has_to,
             has_to ? JsonInt(body, "to") : 0, has_interval,
             has_interval ? JsonInt(body, "interval") : 0);
}

// Test control: {"eventTypeId", "message", "ageHours", "userId"} adds an
// event dated ageHours ago.
void AddEvent(ServerContext& ctx, Call& call) {
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject()) {
    return SendJson(call.res, 400, R"({"error":"JSON object expected"})");
  }
  AuditEntry e;
  e.event_type_id = JsonString(body, "eventTypeId", "USR-1");
  e.message = JsonString(body, "message", "test event");
  e.user_id = JsonString(body, "userId", "");
  e.success = JsonBool(body, "success", true);
  e.ip_address = "127.0.0.1";
  e.user_agent = "anaplan-emulator";
  e.when = absl::Now() - absl::Hours(JsonInt(body, "ageHours", 0));
  anaplan::MutexLock lock(&ctx.state.mu());
  ctx.state.audit_log().Record(e);
  SendJson(call.res, 201, "{}");
}

}  // namespace

void RegisterAuditRoutes(Router& router, ServerContext& ctx) {
  router.Add("GET", "/audit/api/1/events", RouteAuth::kToken,
             [&ctx](Call& call) { GetEvents(ctx, call); });
  router.Add("POST", "/audit/api/1/events/search", RouteAuth::kToken,
             [&ctx](Call& call) { SearchEvents(ctx, call); });
  router.Add("POST", "/__emulator/audit/events", RouteAuth::kNone,
             [&ctx](Call& call) { AddEvent(ctx, call); });
}

}  // namespace anaplan::emulator
