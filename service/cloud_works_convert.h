#ifndef ANAPLAN_SERVICE_CLOUD_WORKS_CONVERT_H_
#define ANAPLAN_SERVICE_CLOUD_WORKS_CONVERT_H_

#include "absl/status/statusor.h"

#include "anaplan/v1/cloud_works.pb.h"
#include "anaplan_core/cloud_works/cloud_works_types.h"

namespace anaplan::service {

/// proto <-> core conversions of CloudWorksService (no validation here
/// beyond what the shape demands: a payload without a connection type is
/// INVALID_ARGUMENT naming `field`).
absl::StatusOr<core::cw::ConnectionInput> FromProto(
    const v1::ConnectionPayload& payload, const char* field);
core::cw::IntegrationInput FromProto(const v1::IntegrationInput& in);
core::cw::Schedule FromProto(const v1::Schedule& in);
core::cw::NotificationInput FromProto(const v1::NotificationInput& in);
core::cw::FlowInput FromProto(const v1::FlowInput& in);

v1::Connection ToProto(const core::cw::Connection& in);
v1::Integration ToProto(const core::cw::Integration& in);
v1::IntegrationRun ToProto(const core::cw::IntegrationRun& in);
v1::RunError ToProto(const core::cw::RunError& in);
v1::NotificationConfig ToProto(const core::cw::NotificationConfig& in);
v1::Flow ToProto(const core::cw::Flow& in);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_CLOUD_WORKS_CONVERT_H_
