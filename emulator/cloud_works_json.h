#ifndef ANAPLAN_EMULATOR_CLOUD_WORKS_JSON_H_
#define ANAPLAN_EMULATOR_CLOUD_WORKS_JSON_H_

#include <string>

#include "emulator/cloud_works_state.h"
#include "emulator/json_util.h"
#include "emulator/router.h"
#include "emulator/state.h"

namespace anaplan::emulator {

/// JSON shapes of the CloudWorks spec (tests/schemas/anaplan-openapi/
/// cloudworks), written from CloudWorksState.

/// meta.schema URL of a CloudWorks object kind.
std::string CwSchema(const std::string& kind);
/// 200 {"status": {"code": 200, "message": "Success"}} (simple mutations).
void SendCwSuccess(Call& call);
/// An error with the CloudWorks/Integration error body.
void SendCwError(Call& call, int status, const std::string& message);

/// ConnectionSummary: never the secrets.
void WriteConnection(JsonWriter& w, const CwConnection& c);
/// IntegrationSummary (listing) or IntegrationDetail (with jobs).
void WriteIntegration(JsonWriter& w, State& state, const CwIntegration& i,
                      bool detail) ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());
/// The schedule object with its status (Active/Inactive).
void WriteSchedule(JsonWriter& w, const CwSchedule& s);
/// RunRecord (history) or RunStatus (GET run/{id}).
void WriteRun(JsonWriter& w, const CwRun& run, bool status_shape);
/// NotificationConfig, users resolved to {userGuid, firstName, lastName}.
void WriteNotification(JsonWriter& w, State& state, const CwNotification& n)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());
/// IntegrationFlowSummary or IntegrationFlowDetail (with steps).
void WriteFlow(JsonWriter& w, State& state, const CwFlow& f, bool detail)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu());

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_CLOUD_WORKS_JSON_H_
