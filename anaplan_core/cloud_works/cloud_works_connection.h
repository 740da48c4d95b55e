#ifndef ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_CONNECTION_H_
#define ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_CONNECTION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/cloud_works/cloud_works_types.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/client_options.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core::cw {

/// The CloudWorks API and integration flows (anaplan-api.md §8): every
/// method of anaplan-sdk's `client.cw` and `client.cw.flows`, plus
/// CancelIntegration. Where the SDK and the live-tested spec disagree the
/// spec wins (PUT connection with the type wrapper, /dumps not /dump, the
/// createConnection id at top level — both shapes are read).
///
/// Inputs are validated before any request (INVALID_ARGUMENT naming the
/// field). Errors otherwise follow BulkConnection's mapping: 404 NOT_FOUND,
/// 409 ABORTED (reason ANAPLAN_CONFLICT), 400 INVALID_ARGUMENT, ...
/// Listings page through the whole result. Thread-safe.
class CloudWorksConnection {
 public:
  virtual ~CloudWorksConnection() = default;

  virtual absl::StatusOr<std::vector<Connection>> GetConnections(
      const CallContext& ctx) = 0;
  /// Returns the new connection id.
  virtual absl::StatusOr<std::string> CreateConnection(
      const ConnectionInput& input, const CallContext& ctx) = 0;
  virtual absl::Status UpdateConnection(const std::string& connection_id,
                                        const ConnectionInput& input,
                                        const CallContext& ctx) = 0;
  /// Sends only the non-empty fields of `input`.
  virtual absl::Status PatchConnection(const std::string& connection_id,
                                       const ConnectionInput& input,
                                       const CallContext& ctx) = 0;
  virtual absl::Status DeleteConnection(const std::string& connection_id,
                                        const CallContext& ctx) = 0;

  /// `sort_by` may be "" or "name" (CloudWorks' only sort field).
  virtual absl::StatusOr<std::vector<Integration>> GetIntegrations(
      const std::string& sort_by, bool descending, bool current_user_only,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<Integration> GetIntegration(
      const std::string& integration_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::string> CreateIntegration(
      const IntegrationInput& input, const CallContext& ctx) = 0;
  virtual absl::Status UpdateIntegration(const std::string& integration_id,
                                         const IntegrationInput& input,
                                         const CallContext& ctx) = 0;
  virtual absl::Status DeleteIntegration(const std::string& integration_id,
                                         const CallContext& ctx) = 0;
  /// Starts a run (no body, never resent when its fate is unknown); returns
  /// the run id.
  virtual absl::StatusOr<std::string> RunIntegration(
      const std::string& integration_id, const CallContext& ctx) = 0;
  virtual absl::Status CancelIntegration(const std::string& integration_id,
                                         const CallContext& ctx) = 0;

  virtual absl::Status CreateSchedule(const std::string& integration_id,
                                      const Schedule& schedule,
                                      const CallContext& ctx) = 0;
  virtual absl::Status UpdateSchedule(const std::string& integration_id,
                                      const Schedule& schedule,
                                      const CallContext& ctx) = 0;
  /// `status` is "enabled" or "disabled".
  virtual absl::Status SetScheduleStatus(const std::string& integration_id,
                                         const std::string& status,
                                         const CallContext& ctx) = 0;
  virtual absl::Status DeleteSchedule(const std::string& integration_id,
                                      const CallContext& ctx) = 0;

  virtual absl::StatusOr<RunHistory> GetRunHistory(
      const std::string& integration_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<IntegrationRun> GetRunStatus(
      const std::string& run_id, const CallContext& ctx) = 0;
  /// Empty when the run had no errors.
  virtual absl::StatusOr<std::vector<RunError>> GetRunError(
      const std::string& run_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::string> GetImportErrorDump(
      const std::string& run_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::string> GetProcessErrorDump(
      const std::string& run_id, const std::string& action_id,
      const CallContext& ctx) = 0;

  virtual absl::StatusOr<NotificationConfig> GetNotificationConfig(
      const std::string& notification_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::string> CreateNotificationConfig(
      const NotificationInput& input, const CallContext& ctx) = 0;
  virtual absl::Status UpdateNotificationConfig(
      const std::string& notification_id, const NotificationInput& input,
      const CallContext& ctx) = 0;
  virtual absl::Status DeleteNotificationConfig(
      const std::string& notification_id, const CallContext& ctx) = 0;

  virtual absl::StatusOr<std::vector<Flow>> GetFlows(
      bool current_user_only, const CallContext& ctx) = 0;
  virtual absl::StatusOr<Flow> GetFlow(const std::string& flow_id,
                                       const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::string> CreateFlow(const FlowInput& input,
                                                 const CallContext& ctx) = 0;
  virtual absl::Status UpdateFlow(const std::string& flow_id,
                                  const FlowInput& input,
                                  const CallContext& ctx) = 0;
  virtual absl::Status DeleteFlow(const std::string& flow_id,
                                  const CallContext& ctx) = 0;
  /// Returns the run id; `only_steps` empty runs every step.
  virtual absl::StatusOr<std::string> RunFlow(
      const std::string& flow_id, const std::vector<std::string>& only_steps,
      const CallContext& ctx) = 0;
};

/// A connection to `base_url` (e.g. https://api.cloudworks.anaplan.com/2/0)
/// over libcurl, authenticating with `credentials` against
/// options.endpoints.auth_url.
/// \error INVALID_ARGUMENT for a base_url that is not http(s) or missing
///   credentials.
absl::StatusOr<std::shared_ptr<CloudWorksConnection>> MakeCloudWorksConnection(
    const ClientOptions& options, const std::string& base_url,
    std::shared_ptr<const Credentials> credentials);

/// A CloudWorksConnection at `base_url` over an existing client, sharing its
/// token session (CloudWorks accepts the same Anaplan tokens).
/// \error INVALID_ARGUMENT for a base_url that is not http(s).
absl::StatusOr<std::shared_ptr<CloudWorksConnection>> MakeCloudWorksConnection(
    std::shared_ptr<RestClient> rest, const std::string& base_url);

}  // namespace anaplan::core::cw

#endif  // ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_CONNECTION_H_
