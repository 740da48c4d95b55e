// AuditConnection over a RestClient (anaplan-api.md §7.1).

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

#include "anaplan_core/audit/audit_connection.h"
#include "anaplan_core/bulk/bulk_urls.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

constexpr const char* kEventTypes[] = {
    "all",     "user_activity", "access_control", "int",       "conn_mgmt",
    "comment", "byok",          "plan_iq",        "forecaster"};

AuditEvent ParseEvent(const rapidjson::Value& json) {
  AuditEvent e;
  e.id = OptionalInt(json, "id");
  e.event_type_id = OptionalString(json, "eventTypeId");
  e.user_id = OptionalString(json, "userId");
  e.tenant_id = OptionalString(json, "tenantId");
  e.object_id = OptionalString(json, "objectId");
  e.object_type_id = OptionalString(json, "objectTypeId");
  e.object_tenant_id = OptionalString(json, "objectTenantId");
  e.message = OptionalString(json, "message");
  e.success = OptionalBool(json, "success");
  e.error_number = OptionalString(json, "errorNumber");
  e.ip_address = OptionalString(json, "ipAddress");
  e.user_agent = OptionalString(json, "userAgent");
  e.session_id = OptionalString(json, "sessionId");
  e.host_name = OptionalString(json, "hostName");
  e.service_version = OptionalString(json, "serviceVersion");
  e.event_date = OptionalInt(json, "eventDate");
  e.event_time_zone = OptionalString(json, "eventTimeZone");
  e.created_date = OptionalInt(json, "createdDate");
  e.created_time_zone = OptionalString(json, "createdTimeZone");
  e.checksum = OptionalString(json, "checksum");
  if (json.IsObject()) {
    auto it = json.FindMember("additionalAttributes");
    if (it != json.MemberEnd() && !it->value.IsNull()) {
      e.additional_attributes_json = ToJsonText(it->value);
    }
  }
  return e;
}

TenantUser ParseUser(const rapidjson::Value& json) {
  TenantUser u;
  u.id = OptionalString(json, "id");
  u.email = OptionalString(json, "email");
  u.first_name = OptionalString(json, "firstName");
  u.last_name = OptionalString(json, "lastName");
  u.active = OptionalBool(json, "active");
  u.last_login_date = OptionalString(json, "lastLoginDate");
  u.email_opt_in = OptionalBool(json, "emailOptIn");
  u.customer_id = OptionalString(json, "customerId");
  return u;
}

absl::Status BadPaging(const std::string& url) {
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_RESPONSE";
  return MakeError(absl::StatusCode::kInternal,
                   absl::StrCat("audit page of ", url, " does not advance"),
                   info);
}

class AuditConnectionImpl final : public AuditConnection {
 public:
  AuditConnectionImpl(std::shared_ptr<RestClient> rest, std::string audit_url,
                      std::string api_url)
      : rest_(std::move(rest)),
        base_(std::move(audit_url)),
        api_url_(std::move(api_url)) {}

  absl::StatusOr<std::vector<TenantUser>> GetUsers(
      const CallContext& ctx) override {
    std::vector<TenantUser> users;
    ANAPLAN_RETURN_IF_ERROR(rest_->GetPaged(
        absl::StrCat(api_url_, "/users"), "users",
        [&](const rapidjson::Value& item) {
          users.push_back(ParseUser(item));
          return absl::OkStatus();
        },
        ctx));
    return users;
  }

  absl::StatusOr<TenantUser> GetUser(const std::string& user_id,
                                     const CallContext& ctx) override {
    if (user_id.empty()) {
      return InvalidField("user_id", "user_id is required (or \"me\")");
    }
    auto doc = rest_->GetJson(
        absl::StrCat(api_url_, "/users/", internal::UrlEncode(user_id)), ctx);
    if (!doc.ok()) {
      if (doc.status().code() == absl::StatusCode::kNotFound) {
        return absl::NotFoundError(
            absl::StrCat("user ", user_id, " not found"));
      }
      return doc.status();
    }
    if (!doc->IsObject() || !doc->HasMember("user")) {
      return absl::NotFoundError(absl::StrCat("user ", user_id, " not found"));
    }
    return ParseUser((*doc)["user"]);
  }

  absl::Status GetEvents(const AuditQuery& query, const AuditPageFn& on_page,
                         const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(ValidateAuditQuery(query));
    std::string url = absl::StrCat(
        base_, "/events?type=", internal::UrlEncode(query.event_type));
    if (query.date_from_ms != 0) {
      absl::StrAppend(&url, "&dateFrom=", query.date_from_ms,
                      "&dateTo=", query.date_to_ms);
    } else {
      absl::StrAppend(&url, "&intervalInHours=", Days(query) * 24);
    }
    return Pages(url, "GET", "", on_page, ctx);
  }

  absl::Status SearchEvents(const AuditQuery& query, const AuditPageFn& on_page,
                            const CallContext& ctx) override {
    ANAPLAN_RETURN_IF_ERROR(ValidateAuditQuery(query));
    const std::string url = absl::StrCat(
        base_, "/events/search?type=", internal::UrlEncode(query.event_type));
    const std::string body =
        query.date_from_ms != 0
            ? absl::StrCat("{\"from\":", query.date_from_ms,
                           ",\"to\":", query.date_to_ms, "}")
            : absl::StrCat("{\"interval\":", Days(query) * 24, "}");
    return Pages(url, "POST", body, on_page, ctx);
  }

 private:
  static int Days(const AuditQuery& query) {
    return query.days_into_past == 0 ? 30 : query.days_into_past;
  }

  // limit/offset paging; the reply's meta.paging.totalSize ends it, and a
  // short page makes the next limit that size (servers cap `limit`).
  absl::Status Pages(const std::string& url, const char* method,
                     const std::string& body, const AuditPageFn& on_page,
                     const CallContext& ctx) {
    int64_t limit = std::clamp(rest_->options().page_size, 1, 5000);
    int64_t offset = 0;
    while (true) {
      std::string page_url = absl::StrCat(url, "&limit=", limit);
      if (offset > 0) absl::StrAppend(&page_url, "&offset=", offset);
      // A search is a read: resending it is harmless.
      absl::StatusOr<rapidjson::Document> json =
          std::string(method) == "GET"
              ? rest_->GetJson(page_url, ctx)
              : rest_->SendJson(method, page_url, body,
                                Idempotency::kIdempotent, ctx);
      if (!json.ok()) return json.status();
      std::vector<AuditEvent> events;
      if (const rapidjson::Value* list = FindArray(*json, "response")) {
        for (const auto& item : list->GetArray()) {
          events.push_back(ParseEvent(item));
        }
      }
      int64_t total = static_cast<int64_t>(events.size()) + offset;
      const rapidjson::Value* meta = FindObject(*json, "meta");
      const rapidjson::Value* paging =
          meta != nullptr ? FindObject(*meta, "paging") : nullptr;
      if (paging != nullptr) total = OptionalInt(*paging, "totalSize", total);
      const int64_t count = static_cast<int64_t>(events.size());
      ANAPLAN_RETURN_IF_ERROR(on_page(events, total));
      offset += count;
      if (offset >= total) return absl::OkStatus();
      if (count == 0) return BadPaging(url);
      if (count < limit) limit = count;
    }
  }

  std::shared_ptr<RestClient> rest_;
  std::string base_;
  std::string api_url_;
};

}  // namespace

absl::Status ValidateAuditQuery(const AuditQuery& query) {
  if (std::find(std::begin(kEventTypes), std::end(kEventTypes),
                query.event_type) == std::end(kEventTypes)) {
    return InvalidField(
        "event_type",
        absl::StrCat("unknown event_type \"", query.event_type,
                     "\": use all, user_activity, access_control, int, "
                     "conn_mgmt, comment, byok, plan_iq or forecaster"));
  }
  const bool has_from = query.date_from_ms != 0;
  const bool has_to = query.date_to_ms != 0;
  if (has_from != has_to) {
    return InvalidField(has_from ? "date_to_ms" : "date_from_ms",
                        "date_from_ms and date_to_ms must be set together");
  }
  if (has_from) {
    if (query.date_from_ms < 0 || query.date_to_ms <= query.date_from_ms) {
      return InvalidField("date_to_ms",
                          "date_to_ms must be after date_from_ms");
    }
    if (absl::Milliseconds(query.date_to_ms - query.date_from_ms) >
        kMaxAuditWindow) {
      return InvalidField("date_from_ms",
                          "the audit window cannot exceed 30 days");
    }
    return absl::OkStatus();
  }
  if (query.days_into_past < 0 || query.days_into_past > 30) {
    return InvalidField("days_into_past",
                        "days_into_past must be 1 to 30: the audit window "
                        "cannot exceed 30 days");
  }
  return absl::OkStatus();
}

std::shared_ptr<AuditConnection> MakeAuditConnection(
    std::shared_ptr<RestClient> rest, std::string audit_url,
    std::string api_url) {
  return std::make_shared<AuditConnectionImpl>(
      std::move(rest), std::move(audit_url), std::move(api_url));
}

}  // namespace anaplan::core
