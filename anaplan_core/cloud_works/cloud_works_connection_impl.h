#ifndef ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_CONNECTION_IMPL_H_
#define ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_CONNECTION_IMPL_H_

#include <memory>
#include <string>
#include <vector>

#include "anaplan_core/cloud_works/cloud_works_connection.h"
#include "anaplan_core/http/rest_client.h"

namespace anaplan::core::cw {

/// CloudWorksConnection over a RestClient (auth, retries, paging, status
/// mapping). `base_url` is the CloudWorks root, e.g.
/// https://api.cloudworks.anaplan.com/2/0 (no trailing slash needed).
/// Tests build the RestClient over a MockHttpTransport.
class CloudWorksConnectionImpl final : public CloudWorksConnection {
 public:
  CloudWorksConnectionImpl(std::shared_ptr<RestClient> rest,
                           std::string base_url);

  absl::StatusOr<std::vector<Connection>> GetConnections(
      const CallContext& ctx) override;
  absl::StatusOr<std::string> CreateConnection(const ConnectionInput& input,
                                               const CallContext& ctx) override;
  absl::Status UpdateConnection(const std::string& connection_id,
                                const ConnectionInput& input,
                                const CallContext& ctx) override;
  absl::Status PatchConnection(const std::string& connection_id,
                               const ConnectionInput& input,
                               const CallContext& ctx) override;
  absl::Status DeleteConnection(const std::string& connection_id,
                                const CallContext& ctx) override;

  absl::StatusOr<std::vector<Integration>> GetIntegrations(
      const std::string& sort_by, bool descending, bool current_user_only,
      const CallContext& ctx) override;
  absl::StatusOr<Integration> GetIntegration(const std::string& integration_id,
                                             const CallContext& ctx) override;
  absl::StatusOr<std::string> CreateIntegration(
      const IntegrationInput& input, const CallContext& ctx) override;
  absl::Status UpdateIntegration(const std::string& integration_id,
                                 const IntegrationInput& input,
                                 const CallContext& ctx) override;
  absl::Status DeleteIntegration(const std::string& integration_id,
                                 const CallContext& ctx) override;
  absl::StatusOr<std::string> RunIntegration(const std::string& integration_id,
                                             const CallContext& ctx) override;
  absl::Status CancelIntegration(const std::string& integration_id,
                                 const CallContext& ctx) override;

  absl::Status CreateSchedule(const std::string& integration_id,
                              const Schedule& schedule,
                              const CallContext& ctx) override;
  absl::Status UpdateSchedule(const std::string& integration_id,
                              const Schedule& schedule,
                              const CallContext& ctx) override;
  absl::Status SetScheduleStatus(const std::string& integration_id,
                                 const std::string& status,
                                 const CallContext& ctx) override;
  absl::Status DeleteSchedule(const std::string& integration_id,
                              const CallContext& ctx) override;

  absl::StatusOr<RunHistory> GetRunHistory(const std::string& integration_id,
                                           const CallContext& ctx) override;
  absl::StatusOr<IntegrationRun> GetRunStatus(const std::string& run_id,
                                              const CallContext& ctx) override;
  absl::StatusOr<std::vector<RunError>> GetRunError(
      const std::string& run_id, const CallContext& ctx) override;
  absl::StatusOr<std::string> GetImportErrorDump(
      const std::string& run_id, const CallContext& ctx) override;
  absl::StatusOr<std::string> GetProcessErrorDump(
      const std::string& run_id, const std::string& action_id,
      const CallContext& ctx) override;

  absl::StatusOr<NotificationConfig> GetNotificationConfig(
      const std::string& notification_id, const CallContext& ctx) override;
  absl::StatusOr<std::string> CreateNotificationConfig(
      const NotificationInput& input, const CallContext& ctx) override;
  absl::Status UpdateNotificationConfig(const std::string& notification_id,
                                        const NotificationInput& input,
                                        const CallContext& ctx) override;
  absl::Status DeleteNotificationConfig(const std::string& notification_id,
                                        const CallContext& ctx) override;

  absl::StatusOr<std::vector<Flow>> GetFlows(bool current_user_only,
                                             const CallContext& ctx) override;
  absl::StatusOr<Flow> GetFlow(const std::string& flow_id,
                               const CallContext& ctx) override;
  absl::StatusOr<std::string> CreateFlow(const FlowInput& input,
                                         const CallContext& ctx) override;
  absl::Status UpdateFlow(const std::string& flow_id, const FlowInput& input,
                          const CallContext& ctx) override;
  absl::Status DeleteFlow(const std::string& flow_id,
                          const CallContext& ctx) override;
  absl::StatusOr<std::string> RunFlow(
      const std::string& flow_id, const std::vector<std::string>& only_steps,
      const CallContext& ctx) override;

 private:
  // {base}/integrations + suffix, and {base}/integrationflows + suffix.
  std::string Cw(const std::string& suffix) const;
  std::string Flows(const std::string& suffix) const;
  // A request that only needs to succeed ({"status": ...} replies).
  absl::Status Send(const char* method, const std::string& url,
                    std::string body, const CallContext& ctx);
  absl::StatusOr<std::string> GetBytes(const std::string& url,
                                       const CallContext& ctx);

  std::shared_ptr<RestClient> rest_;
  std::string base_;
};

}  // namespace anaplan::core::cw

#endif  // ANAPLAN_CORE_CLOUD_WORKS_CLOUD_WORKS_CONNECTION_IMPL_H_
