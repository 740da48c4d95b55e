// CloudWorksConnectionImpl: one method per CloudWorks operation, each
// validating, building the spec's body and parsing the reply.
#include "anaplan_core/cloud_works/cloud_works_connection_impl.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

#include "anaplan_core/bulk/bulk_fetch.h"
#include "anaplan_core/bulk/bulk_urls.h"
#include "anaplan_core/cloud_works/cloud_works_json.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core::cw {
namespace {

absl::Status NeedId(const std::string& id, const char* field) {
  if (id.empty()) {
    return InvalidField(field, absl::StrCat(field, " must not be empty"));
  }
  return absl::OkStatus();
}

std::string Seg(const std::string& id) { return internal::UrlEncode(id); }

template <typename T>
using Parser = absl::StatusOr<T> (*)(const rapidjson::Value&);

template <typename T>
absl::StatusOr<std::vector<T>> ListAll(RestClient& rest, const std::string& url,
                                       const char* key, Parser<T> parse,
                                       const CallContext& ctx) {
  std::vector<T> items;
  ANAPLAN_RETURN_IF_ERROR(rest.GetPaged(
      url, key,
      [&](const rapidjson::Value& value) -> absl::Status {
        ANAPLAN_ASSIGN_OR_RETURN(T item, parse(value));
        items.push_back(std::move(item));
        return absl::OkStatus();
      },
      ctx));
  return items;
}

template <typename T>
absl::StatusOr<T> GetUnder(RestClient& rest, const std::string& url,
                           const char* key, Parser<T> parse,
                           const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply, rest.GetJson(url, ctx));
  const rapidjson::Value* object = FindObject(reply, key);
  if (object == nullptr) {
    ErrorInfo info;
    info.reason = "ANAPLAN_BAD_RESPONSE";
    return MakeError(absl::StatusCode::kInternal,
                     absl::StrCat("CloudWorks reply has no \"", key, "\""),
                     info);
  }
  return parse(*object);
}

}  // namespace

CloudWorksConnectionImpl::CloudWorksConnectionImpl(
    std::shared_ptr<RestClient> rest, std::string base_url)
    : rest_(std::move(rest)), base_(absl::StripSuffix(base_url, "/")) {}

std::string CloudWorksConnectionImpl::Cw(const std::string& suffix) const {
  return absl::StrCat(base_, "/integrations", suffix);
}

std::string CloudWorksConnectionImpl::Flows(const std::string& suffix) const {
  return absl::StrCat(base_, "/integrationflows", suffix);
}

absl::Status CloudWorksConnectionImpl::Send(const char* method,
                                            const std::string& url,
                                            std::string body,
                                            const CallContext& ctx) {
  // PUT/DELETE are idempotent; the POSTs that get here (schedule status,
  // schedule create) fail harmlessly when repeated.
  return rest_
      ->SendJson(method, url, std::move(body), Idempotency::kIdempotent, ctx)
      .status();
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::GetBytes(
    const std::string& url, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(
      HttpResponse response,
      rest_->Execute(internal::MakeRequest(*rest_, "GET", url),
                     Idempotency::kIdempotent, ctx));
  return std::move(response.body);
}

// ------------------------------------------------------------ connections

absl::StatusOr<std::vector<Connection>>
CloudWorksConnectionImpl::GetConnections(const CallContext& ctx) {
  return ListAll<Connection>(*rest_, Cw("/connections"), "connections",
                             &ParseConnection, ctx);
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::CreateConnection(
    const ConnectionInput& input, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(ValidateConnectionInput(input, false, "connection"));
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("POST", Cw("/connections"), ConnectionJson(input),
                      Idempotency::kNonIdempotent, ctx));
  return CreatedId(reply, "connections", "connectionId");
}

absl::Status CloudWorksConnectionImpl::UpdateConnection(
    const std::string& connection_id, const ConnectionInput& input,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(connection_id, "connection_id"));
  ANAPLAN_RETURN_IF_ERROR(ValidateConnectionInput(input, false, "connection"));
  return Send("PUT", Cw("/connections/" + Seg(connection_id)),
              ConnectionJson(input), ctx);
}

absl::Status CloudWorksConnectionImpl::PatchConnection(
    const std::string& connection_id, const ConnectionInput& input,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(connection_id, "connection_id"));
  ANAPLAN_RETURN_IF_ERROR(ValidateConnectionInput(input, true, "connection"));
  return Send("PATCH", Cw("/connections/" + Seg(connection_id)),
              ConnectionPatchJson(input), ctx);
}

absl::Status CloudWorksConnectionImpl::DeleteConnection(
    const std::string& connection_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(connection_id, "connection_id"));
  return Send("DELETE", Cw("/connections/" + Seg(connection_id)), "", ctx);
}

// ----------------------------------------------------------- integrations

absl::StatusOr<std::vector<Integration>>
CloudWorksConnectionImpl::GetIntegrations(const std::string& sort_by,
                                          bool descending,
                                          bool current_user_only,
                                          const CallContext& ctx) {
  if (!sort_by.empty() && sort_by != "name") {
    return InvalidField("sort_by", "sort_by must be empty or \"name\"");
  }
  if (descending && sort_by.empty()) {
    return InvalidField("sort_by", "descending needs sort_by");
  }
  std::string url = Cw(current_user_only ? "?myIntegrations=1" : "");
  if (!sort_by.empty()) {
    absl::StrAppend(&url, current_user_only ? "&" : "?",
                    "sortBy=", descending ? "-" : "", sort_by);
  }
  return ListAll<Integration>(*rest_, url, "integrations", &ParseIntegration,
                              ctx);
}

absl::StatusOr<Integration> CloudWorksConnectionImpl::GetIntegration(
    const std::string& integration_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  return GetUnder<Integration>(*rest_, Cw("/" + Seg(integration_id)),
                               "integration", &ParseIntegration, ctx);
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::CreateIntegration(
    const IntegrationInput& input, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(ValidateIntegrationInput(input, "integration"));
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("POST", Cw(""), IntegrationJson(input),
                      Idempotency::kNonIdempotent, ctx));
  return CreatedId(reply, "integration", "integrationId");
}

absl::Status CloudWorksConnectionImpl::UpdateIntegration(
    const std::string& integration_id, const IntegrationInput& input,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  ANAPLAN_RETURN_IF_ERROR(ValidateIntegrationInput(input, "integration"));
  return Send("PUT", Cw("/" + Seg(integration_id)), IntegrationJson(input),
              ctx);
}

absl::Status CloudWorksConnectionImpl::DeleteIntegration(
    const std::string& integration_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  return Send("DELETE", Cw("/" + Seg(integration_id)), "", ctx);
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::RunIntegration(
    const std::string& integration_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("POST", Cw("/" + Seg(integration_id) + "/run"), "",
                      Idempotency::kNonIdempotent, ctx));
  return CreatedId(reply, "run", "id");
}

absl::Status CloudWorksConnectionImpl::CancelIntegration(
    const std::string& integration_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  // Not resent after an ambiguous failure: a cancel that did land would
  // come back as 409 "not in running state" and hide the success.
  return rest_
      ->SendJson("POST", Cw("/" + Seg(integration_id) + "/cancel"), "",
                 Idempotency::kNonIdempotent, ctx)
      .status();
}

// -------------------------------------------------------------- schedules

absl::Status CloudWorksConnectionImpl::CreateSchedule(
    const std::string& integration_id, const Schedule& schedule,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  ANAPLAN_RETURN_IF_ERROR(ValidateSchedule(schedule, "schedule"));
  return Send("POST", Cw("/" + Seg(integration_id) + "/schedule"),
              ScheduleJson(integration_id, schedule), ctx);
}

absl::Status CloudWorksConnectionImpl::UpdateSchedule(
    const std::string& integration_id, const Schedule& schedule,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  ANAPLAN_RETURN_IF_ERROR(ValidateSchedule(schedule, "schedule"));
  return Send("PUT", Cw("/" + Seg(integration_id) + "/schedule"),
              ScheduleJson(integration_id, schedule), ctx);
}

absl::Status CloudWorksConnectionImpl::SetScheduleStatus(
    const std::string& integration_id, const std::string& status,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  if (status != "enabled" && status != "disabled") {
    return InvalidField("status", "status must be \"enabled\" or \"disabled\"");
  }
  return Send("POST",
              Cw("/" + Seg(integration_id) + "/schedule/status/" + status), "",
              ctx);
}

absl::Status CloudWorksConnectionImpl::DeleteSchedule(
    const std::string& integration_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  return Send("DELETE", Cw("/" + Seg(integration_id) + "/schedule"), "", ctx);
}

// ------------------------------------------------------------------- runs

absl::StatusOr<RunHistory> CloudWorksConnectionImpl::GetRunHistory(
    const std::string& integration_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(integration_id, "integration_id"));
  return GetUnder<RunHistory>(*rest_, Cw("/runs/" + Seg(integration_id)),
                              "history_of_runs", &ParseRunHistory, ctx);
}

absl::StatusOr<IntegrationRun> CloudWorksConnectionImpl::GetRunStatus(
    const std::string& run_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(run_id, "run_id"));
  return GetUnder<IntegrationRun>(*rest_, Cw("/run/" + Seg(run_id)), "run",
                                  &ParseRun, ctx);
}

absl::StatusOr<std::vector<RunError>> CloudWorksConnectionImpl::GetRunError(
    const std::string& run_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(run_id, "run_id"));
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply,
                           rest_->GetJson(Cw("/runerror/" + Seg(run_id)), ctx));
  return ParseRunErrors(reply);
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::GetImportErrorDump(
    const std::string& run_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(run_id, "run_id"));
  // The SDK requests /dump, which the live API does not route (HTML 404);
  // the spec's plural /dumps is the real path.
  return GetBytes(Cw("/run/" + Seg(run_id) + "/dumps"), ctx);
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::GetProcessErrorDump(
    const std::string& run_id, const std::string& action_id,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(run_id, "run_id"));
  ANAPLAN_RETURN_IF_ERROR(NeedId(action_id, "action_id"));
  return GetBytes(Cw(absl::StrCat("/run/", Seg(run_id), "/process/import/",
                                  Seg(action_id), "/dumps")),
                  ctx);
}

// ---------------------------------------------------------- notifications

absl::StatusOr<NotificationConfig>
CloudWorksConnectionImpl::GetNotificationConfig(
    const std::string& notification_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(notification_id, "notification_id"));
  return GetUnder<NotificationConfig>(
      *rest_, Cw("/notification/" + Seg(notification_id)), "notifications",
      &ParseNotificationConfig, ctx);
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::CreateNotificationConfig(
    const NotificationInput& input, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(ValidateNotificationInput(input, "config"));
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("POST", Cw("/notification"), NotificationJson(input),
                      Idempotency::kNonIdempotent, ctx));
  // The spec documents a top-level notificationId; the SDK reads
  // notification.notificationId. Both are accepted.
  return CreatedId(reply, "notification", "notificationId");
}

absl::Status CloudWorksConnectionImpl::UpdateNotificationConfig(
    const std::string& notification_id, const NotificationInput& input,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(notification_id, "notification_id"));
  ANAPLAN_RETURN_IF_ERROR(ValidateNotificationInput(input, "config"));
  return Send("PUT", Cw("/notification/" + Seg(notification_id)),
              NotificationJson(input), ctx);
}

absl::Status CloudWorksConnectionImpl::DeleteNotificationConfig(
    const std::string& notification_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(notification_id, "notification_id"));
  return Send("DELETE", Cw("/notification/" + Seg(notification_id)), "", ctx);
}

// ------------------------------------------------------------------ flows

absl::StatusOr<std::vector<Flow>> CloudWorksConnectionImpl::GetFlows(
    bool current_user_only, const CallContext& ctx) {
  return ListAll<Flow>(
      *rest_,
      Flows(current_user_only ? "?myIntegrations=1" : "?myIntegrations=0"),
      "integrationFlows", &ParseFlow, ctx);
}

absl::StatusOr<Flow> CloudWorksConnectionImpl::GetFlow(
    const std::string& flow_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(flow_id, "flow_id"));
  return GetUnder<Flow>(*rest_, Flows("/" + Seg(flow_id)), "integrationFlow",
                        &ParseFlow, ctx);
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::CreateFlow(
    const FlowInput& input, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(ValidateFlowInput(input, "flow"));
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply,
                           rest_->SendJson("POST", Flows(""), FlowJson(input),
                                           Idempotency::kNonIdempotent, ctx));
  return CreatedId(reply, "integrationFlow", "integrationFlowId");
}

absl::Status CloudWorksConnectionImpl::UpdateFlow(const std::string& flow_id,
                                                  const FlowInput& input,
                                                  const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(flow_id, "flow_id"));
  ANAPLAN_RETURN_IF_ERROR(ValidateFlowInput(input, "flow"));
  return Send("PUT", Flows("/" + Seg(flow_id)), FlowJson(input), ctx);
}

absl::Status CloudWorksConnectionImpl::DeleteFlow(const std::string& flow_id,
                                                  const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(flow_id, "flow_id"));
  return Send("DELETE", Flows("/" + Seg(flow_id)), "", ctx);
}

absl::StatusOr<std::string> CloudWorksConnectionImpl::RunFlow(
    const std::string& flow_id, const std::vector<std::string>& only_steps,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(flow_id, "flow_id"));
  for (const std::string& step : only_steps) {
    ANAPLAN_RETURN_IF_ERROR(NeedId(step, "only_steps"));
  }
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("POST", Flows("/" + Seg(flow_id) + "/run"),
                      RunFlowJson(only_steps), Idempotency::kNonIdempotent,
                      ctx));
  return CreatedId(reply, "run", "id");
}

absl::StatusOr<std::shared_ptr<CloudWorksConnection>> MakeCloudWorksConnection(
    const ClientOptions& options, const std::string& base_url,
    std::shared_ptr<const Credentials> credentials) {
  if (!absl::StartsWith(base_url, "http://") &&
      !absl::StartsWith(base_url, "https://")) {
    return InvalidField("cloudworks_url",
                        "cloudworks_url must be an http(s) URL");
  }
  if (credentials == nullptr) {
    return InvalidField("credentials", "credentials are required");
  }
  ANAPLAN_ASSIGN_OR_RETURN(std::shared_ptr<HttpTransport> transport,
                           MakeCurlTransport(options.http));
  return std::shared_ptr<CloudWorksConnection>(
      std::make_shared<CloudWorksConnectionImpl>(
          MakeRestClient(options, std::move(transport), std::move(credentials)),
          base_url));
}

absl::StatusOr<std::shared_ptr<CloudWorksConnection>> MakeCloudWorksConnection(
    std::shared_ptr<RestClient> rest, const std::string& base_url) {
  if (!absl::StartsWith(base_url, "http://") &&
      !absl::StartsWith(base_url, "https://")) {
    return InvalidField("cloudworks_url",
                        "cloudworks_url must be an http(s) URL");
  }
  return std::shared_ptr<CloudWorksConnection>(
      std::make_shared<CloudWorksConnectionImpl>(std::move(rest), base_url));
}

}  // namespace anaplan::core::cw
