// proto <-> anaplan_core conversions of the CloudWorks family.
#include "service/cloud_works_convert.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"

namespace anaplan::service {
namespace {

namespace cw = core::cw;

template <typename Repeated>
std::vector<std::string> Strings(const Repeated& in) {
  return std::vector<std::string>(in.begin(), in.end());
}

template <typename Repeated>
void CopyStrings(const std::vector<std::string>& in, Repeated* out) {
  for (const std::string& s : in) *out->Add() = s;
}

v1::Versioned VersionedProto(const cw::Versioned& in) {
  v1::Versioned out;
  out.set_created_by(in.created_by);
  out.set_creation_date(in.creation_date);
  out.set_modified_by(in.modified_by);
  out.set_modification_date(in.modification_date);
  return out;
}

cw::JobEndpoint EndpointFromProto(const v1::JobEndpoint& in) {
  cw::JobEndpoint e;
  e.type = in.type();
  e.connection_id = in.connection_id();
  e.file = in.file();
  e.table = in.table();
  e.action_id = in.action_id();
  e.file_id = in.file_id();
  if (in.has_overwrite()) e.overwrite = in.overwrite();
  return e;
}

v1::JobEndpoint EndpointToProto(const cw::JobEndpoint& in) {
  v1::JobEndpoint e;
  e.set_type(in.type);
  e.set_connection_id(in.connection_id);
  e.set_file(in.file);
  e.set_table(in.table);
  e.set_action_id(in.action_id);
  e.set_file_id(in.file_id);
  if (in.overwrite.has_value()) e.set_overwrite(*in.overwrite);
  e.set_connection_name(in.connection_name);
  e.set_is_connection_deleted(in.is_connection_deleted);
  return e;
}

v1::Schedule ScheduleToProto(const cw::Schedule& in) {
  v1::Schedule s;
  s.set_name(in.name);
  s.set_type(in.type);
  s.set_timezone(in.timezone);
  s.set_time(in.time);
  s.set_from_time(in.from_time);
  s.set_to_time(in.to_time);
  for (int d : in.days_of_week) s.add_days_of_week(d);
  s.set_day_of_month(in.day_of_month);
  if (in.day_of_week.has_value()) s.set_day_of_week(*in.day_of_week);
  s.set_repeat_every(in.repeat_every);
  s.set_start_date(in.start_date);
  s.set_end_date(in.end_date);
  s.set_status(in.status);
  return s;
}

v1::LatestRun LatestRunToProto(const cw::LatestRun& in) {
  v1::LatestRun r;
  r.set_triggered_by(in.triggered_by);
  r.set_start_date(in.start_date);
  r.set_end_date(in.end_date);
  r.set_success(in.success);
  r.set_message(in.message);
  if (in.execution_error_code.has_value()) {
    r.set_execution_error_code(*in.execution_error_code);
  }
  r.set_trigger_source(in.trigger_source);
  return r;
}

template <typename Repeated>
void BehaviourToProto(const std::vector<cw::ExceptionBehavior>& in,
                      Repeated* out) {
  for (const cw::ExceptionBehavior& b : in) {
    v1::ExceptionBehavior* p = out->Add();
    p->set_type(b.type);
    p->set_strategy(b.strategy);
  }
}

}  // namespace

absl::StatusOr<cw::ConnectionInput> FromProto(
    const v1::ConnectionPayload& payload, const char* field) {
  cw::ConnectionInput in;
  switch (payload.body_case()) {
    case v1::ConnectionPayload::kAmazonS3: {
      const v1::AmazonS3Connection& s3 = payload.amazon_s3();
      in.type = cw::ConnectionType::kAmazonS3;
      in.name = s3.name();
      in.access_key_id = s3.access_key_id();
      in.secret_access_key = s3.secret_access_key();
      in.bucket_name = s3.bucket_name();
      in.role_arn = s3.role_arn();
      in.workspace_id = s3.workspace_id();
      return in;
    }
    case v1::ConnectionPayload::kAzureBlob: {
      const v1::AzureBlobConnection& az = payload.azure_blob();
      in.type = cw::ConnectionType::kAzureBlob;
      in.name = az.name();
      in.storage_account_name = az.storage_account_name();
      in.container_name = az.container_name();
      in.sas_token = az.sas_token();
      in.auth_method = az.auth_method();
      in.workspace_id = az.workspace_id();
      return in;
    }
    case v1::ConnectionPayload::kGoogleBigQuery: {
      const v1::GoogleBigQueryConnection& bq = payload.google_big_query();
      in.type = cw::ConnectionType::kGoogleBigQuery;
      in.name = bq.name();
      in.dataset = bq.dataset();
      in.service_account_key_json = bq.service_account_key_json();
      in.workspace_id = bq.workspace_id();
      return in;
    }
    case v1::ConnectionPayload::BODY_NOT_SET:
      break;
  }
  return core::InvalidField(field,
                            absl::StrCat(field,
                                         " needs one of amazon_s3, azure_blob, "
                                         "google_big_query"));
}

cw::IntegrationInput FromProto(const v1::IntegrationInput& in) {
  cw::IntegrationInput out;
  out.name = in.name();
  out.workspace_id = in.workspace_id();
  out.model_id = in.model_id();
  out.process_id = in.process_id();
  out.nux_visible = in.nux_visible();
  for (const v1::IntegrationJob& j : in.jobs()) {
    cw::IntegrationJob job;
    job.type = j.type();
    for (const v1::JobEndpoint& e : j.sources()) {
      job.sources.push_back(EndpointFromProto(e));
    }
    for (const v1::JobEndpoint& e : j.targets()) {
      job.targets.push_back(EndpointFromProto(e));
    }
    out.jobs.push_back(std::move(job));
  }
  return out;
}

cw::Schedule FromProto(const v1::Schedule& in) {
  cw::Schedule s;
  s.name = in.name();
  s.type = in.type();
  s.timezone = in.timezone();
  s.time = in.time();
  s.from_time = in.from_time();
  s.to_time = in.to_time();
  s.days_of_week.assign(in.days_of_week().begin(), in.days_of_week().end());
  s.day_of_month = in.day_of_month();
  if (in.has_day_of_week()) s.day_of_week = in.day_of_week();
  s.repeat_every = in.repeat_every();
  s.start_date = in.start_date();
  s.end_date = in.end_date();
  return s;
}

cw::NotificationInput FromProto(const v1::NotificationInput& in) {
  cw::NotificationInput out;
  out.integration_ids = Strings(in.integration_ids());
  out.channels = Strings(in.channels());
  for (const v1::NotificationRule& r : in.config()) {
    cw::NotificationRule rule;
    rule.type = r.type();
    rule.users = Strings(r.users());
    out.config.push_back(std::move(rule));
  }
  return out;
}

cw::FlowInput FromProto(const v1::FlowInput& in) {
  cw::FlowInput out;
  out.name = in.name();
  for (const v1::FlowStepInput& s : in.steps()) {
    cw::FlowStepInput step;
    step.referrer = s.referrer();
    step.depends_on = Strings(s.depends_on());
    step.is_skipped = s.is_skipped();
    for (const v1::ExceptionBehavior& b : s.exception_behavior()) {
      step.exception_behavior.push_back({b.type(), b.strategy()});
    }
    out.steps.push_back(std::move(step));
  }
  return out;
}

v1::Connection ToProto(const cw::Connection& in) {
  v1::Connection c;
  c.set_connection_id(in.connection_id);
  c.set_connection_type(in.connection_type);
  c.set_name(in.name);
  c.set_bucket_name(in.bucket_name);
  c.set_storage_account_name(in.storage_account_name);
  c.set_container_name(in.container_name);
  c.set_dataset(in.dataset);
  c.set_auth_method(in.auth_method);
  c.set_status(in.status);
  if (in.integration_error_code.has_value()) {
    c.set_integration_error_code(*in.integration_error_code);
  }
  c.set_workspace_id(in.workspace_id);
  *c.mutable_versioned() = VersionedProto(in.versioned);
  return c;
}

v1::Integration ToProto(const cw::Integration& in) {
  v1::Integration out;
  out.set_integration_id(in.integration_id);
  out.set_name(in.name);
  out.set_integration_type(in.integration_type);
  out.set_model_id(in.model_id);
  out.set_workspace_id(in.workspace_id);
  out.set_process_id(in.process_id);
  out.set_nux_visible(in.nux_visible);
  out.set_notification_id(in.notification_id);
  if (in.schedule.has_value()) {
    *out.mutable_schedule() = ScheduleToProto(*in.schedule);
  }
  if (in.latest_run.has_value()) {
    *out.mutable_latest_run() = LatestRunToProto(*in.latest_run);
  }
  for (const cw::IntegrationJob& j : in.jobs) {
    v1::IntegrationJob* job = out.add_jobs();
    job->set_type(j.type);
    for (const auto& e : j.sources) *job->add_sources() = EndpointToProto(e);
    for (const auto& e : j.targets) *job->add_targets() = EndpointToProto(e);
  }
  out.set_version(in.version);
  *out.mutable_versioned() = VersionedProto(in.versioned);
  return out;
}

v1::IntegrationRun ToProto(const cw::IntegrationRun& in) {
  v1::IntegrationRun r;
  r.set_id(in.id);
  r.set_integration_id(in.integration_id);
  r.set_trace_id(in.trace_id);
  r.set_triggered_by(in.triggered_by);
  r.set_last_run(in.last_run);
  r.set_start_date(in.start_date);
  r.set_end_date(in.end_date);
  r.set_success(in.success);
  r.set_message(in.message);
  if (in.execution_error_code.has_value()) {
    r.set_execution_error_code(*in.execution_error_code);
  }
  r.set_flow_group_id(in.flow_group_id);
  r.set_trigger_source(in.trigger_source);
  return r;
}

v1::RunError ToProto(const cw::RunError& in) {
  v1::RunError out;
  out.set_id(in.id);
  out.set_task_id(in.task_id);
  for (const cw::RunErrorMessage& m : in.error_messages) {
    v1::RunErrorMessage* msg = out.add_error_messages();
    msg->set_action_id(m.action_id);
    msg->set_action_name(m.action_name);
    msg->set_failure_dump_generated(m.failure_dump_generated);
    for (const cw::RunErrorDetail& d : m.details) {
      v1::RunErrorDetail* detail = msg->add_details();
      detail->set_local_message_text(d.local_message_text);
      detail->set_occurrences(d.occurrences);
      detail->set_type(d.type);
      CopyStrings(d.values, detail->mutable_values());
    }
  }
  return out;
}

v1::NotificationConfig ToProto(const cw::NotificationConfig& in) {
  v1::NotificationConfig out;
  out.set_notification_id(in.notification_id);
  CopyStrings(in.integration_ids, out.mutable_integration_ids());
  CopyStrings(in.channels, out.mutable_channels());
  for (const cw::NotificationRule& r : in.config) {
    v1::NotificationRule* rule = out.add_config();
    rule->set_type(r.type);
    CopyStrings(r.users, rule->mutable_users());
    for (const cw::NotificationUser& u : r.user_details) {
      v1::NotificationUser* user = rule->add_user_details();
      user->set_user_guid(u.user_guid);
      user->set_first_name(u.first_name);
      user->set_last_name(u.last_name);
    }
  }
  return out;
}

v1::Flow ToProto(const cw::Flow& in) {
  v1::Flow out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_step_count(in.steps_count);
  out.set_notification_id(in.notification_id);
  if (in.latest_run.has_value()) {
    *out.mutable_latest_run() = LatestRunToProto(*in.latest_run);
  }
  out.set_nux_visible(in.nux_visible);
  out.set_version(in.version);
  for (const cw::FlowStep& s : in.steps) {
    v1::FlowStep* step = out.add_steps();
    step->set_referrer(s.referrer);
    step->set_name(s.name);
    step->set_type(s.type);
    step->set_created_by(s.created_by);
    step->set_created_date(s.created_date);
    step->set_modified_date(s.modified_date);
    step->set_modified_by(s.modified_by);
    step->set_model_id(s.model_id);
    step->set_workspace_id(s.workspace_id);
    CopyStrings(s.depends_on, step->mutable_depends_on());
    step->set_is_skipped(s.is_skipped);
    BehaviourToProto(s.exception_behavior, step->mutable_exception_behavior());
  }
  *out.mutable_versioned() = VersionedProto(in.versioned);
  return out;
}

}  // namespace anaplan::service
