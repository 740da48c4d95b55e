// CloudWorks notification configurations (anaplan-api.md §8.5).
#include <string>

#include "emulator/cloud_works_json.h"
#include "emulator/cloud_works_routes_util.h"
#include "emulator/http_util.h"

namespace anaplan::emulator {
namespace {

// ---------------------------------------------------------- notifications

std::string ReadNotification(State& state, const rapidjson::Document& doc,
                             CwNotification& n)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  n.integration_ids.clear();
  n.channels.clear();
  n.config.clear();
  if (JsonHas(doc, "integrationIds") && doc["integrationIds"].IsArray()) {
    for (const auto& id : doc["integrationIds"].GetArray()) {
      if (!id.IsString() ||
          !state.cloud_works().FindIntegration(id.GetString())) {
        return "Invalid integrationIds";
      }
      n.integration_ids.emplace_back(id.GetString());
    }
  }
  if (n.integration_ids.empty()) return "integrationIds are required";
  if (JsonHas(doc, "channels") && doc["channels"].IsArray()) {
    for (const auto& c : doc["channels"].GetArray()) {
      const std::string channel = c.IsString() ? c.GetString() : "";
      if (channel != "email" && channel != "in_app") return "Invalid channels";
      n.channels.push_back(channel);
    }
  }
  if (n.channels.empty()) return "channels are required";
  const rapidjson::Value* config = nullptr;
  if (JsonHas(doc, "notifications") &&
      JsonHas(doc["notifications"], "config") &&
      doc["notifications"]["config"].IsArray()) {
    config = &doc["notifications"]["config"];
  }
  if (config == nullptr || config->Empty()) return "config is required";
  for (const auto& c : config->GetArray()) {
    CwNotificationRule rule;
    rule.type = JsonString(c, "type");
    if (rule.type != "success" && rule.type != "partial_failure" &&
        rule.type != "full_failure") {
      return "Invalid notification type " + rule.type;
    }
    if (JsonHas(c, "users") && c["users"].IsArray()) {
      for (const auto& u : c["users"].GetArray()) {
        if (!u.IsString() || !state.tenant().FindUserById(u.GetString())) {
          return "Invalid user";
        }
        rule.users.emplace_back(u.GetString());
      }
    }
    if (rule.users.empty() || rule.users.size() > 5) {
      return "Each notification needs 1 to 5 users";
    }
    n.config.push_back(std::move(rule));
  }
  return "";
}

CwNotification* NotificationOf(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwNotification* n = state.cloud_works().FindNotification(call.params[0]);
  if (n == nullptr) SendCwError(call, 404, "Notification not found");
  return n;
}

void CreateNotification(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  CloudWorksState& cw = state.cloud_works();
  CwNotification n;
  std::string why = ReadNotification(state, doc, n);
  if (!why.empty()) return SendCwError(call, 400, why);
  for (const std::string& id : n.integration_ids) {
    if (cw.FindNotification(cw.FindIntegration(id)->notification_id)) {
      return SendCwError(call, 400, "Duplicate resource name not allowed");
    }
  }
  n.id = cw.NewId();
  for (const std::string& id : n.integration_ids) {
    cw.FindIntegration(id)->notification_id = n.id;
  }
  const std::string id = n.id;
  cw.notifications.emplace(id, std::move(n));
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteStatusObject(w, 200, "Success");
  // The spec documents a top-level notificationId, the SDK reads
  // notification.notificationId: send both.
  FieldStr(w, "notificationId", id);
  w.Key("notification");
  w.StartObject();
  FieldStr(w, "notificationId", id);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void GetNotification(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwNotification* n = NotificationOf(call, state);
  if (n == nullptr) return;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, CwSchema("notification"));
  w.Key("notifications");
  WriteNotification(w, state, *n);
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void UpdateNotification(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  CwNotification* n = NotificationOf(call, state);
  if (n == nullptr) return;
  rapidjson::Document doc;
  if (!ParseCwBody(call, doc)) return;
  CwNotification updated;
  updated.id = n->id;
  std::string why = ReadNotification(state, doc, updated);
  if (!why.empty()) return SendCwError(call, 400, why);
  *n = std::move(updated);
  SendCwSuccess(call);
}

void DeleteNotification(Call& call, State& state)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (NotificationOf(call, state) == nullptr) return;
  CloudWorksState& cw = state.cloud_works();
  for (auto& [id, i] : cw.integrations) {
    if (i.notification_id == call.params[0]) i.notification_id.clear();
  }
  cw.notifications.erase(call.params[0]);
  SendCwSuccess(call);
}

}  // namespace

void RegisterCloudWorksNotificationRoutes(Router& router, ServerContext& ctx) {
  const std::string note = std::string(kCwBase) + "/notification";
  AddCwRoute(router, ctx, "POST", note + "/?", &CreateNotification);
  AddCwRoute(router, ctx, "GET", note + "/([^/]+)", &GetNotification);
  AddCwRoute(router, ctx, "PUT", note + "/([^/]+)", &UpdateNotification);
  AddCwRoute(router, ctx, "DELETE", note + "/([^/]+)", &DeleteNotification);
}

}  // namespace anaplan::emulator
