#ifndef ANAPLAN_SERVICE_ALM_SERVICE_H_
#define ANAPLAN_SERVICE_ALM_SERVICE_H_

#include <memory>

#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

#include "anaplan/v1/alm.grpc.pb.h"
#include "anaplan_core/alm/alm_connection.h"
#include "service/bulk_service.h"

namespace anaplan::service {

/// anaplan.v1.AlmService over a core::AlmConnection: validates, calls core,
/// converts. A null connection (no credentials) fails UNAUTHENTICATED.
/// Thread-safe.
class AlmServiceImpl final : public v1::AlmService::Service {
 public:
  AlmServiceImpl(std::shared_ptr<core::AlmConnection> connection,
                 BulkServiceOptions options);

  grpc::Status ChangeModelStatus(
      grpc::ServerContext* context, const v1::ChangeModelStatusRequest* request,
      v1::ChangeModelStatusResponse* response) override;
  grpc::Status GetRevisions(grpc::ServerContext* context,
                            const v1::GetRevisionsRequest* request,
                            v1::RevisionList* response) override;
  grpc::Status GetLatestRevision(
      grpc::ServerContext* context, const v1::GetLatestRevisionRequest* request,
      v1::GetLatestRevisionResponse* response) override;
  grpc::Status GetSyncableRevisions(
      grpc::ServerContext* context,
      const v1::GetSyncableRevisionsRequest* request,
      v1::RevisionList* response) override;
  grpc::Status CreateRevision(grpc::ServerContext* context,
                              const v1::CreateRevisionRequest* request,
                              v1::Revision* response) override;
  grpc::Status GetModelsForRevision(
      grpc::ServerContext* context,
      const v1::GetModelsForRevisionRequest* request,
      v1::GetModelsForRevisionResponse* response) override;
  grpc::Status GetSyncTasks(grpc::ServerContext* context,
                            const v1::GetSyncTasksRequest* request,
                            v1::GetSyncTasksResponse* response) override;
  grpc::Status GetSyncTask(grpc::ServerContext* context,
                           const v1::GetAlmTaskRequest* request,
                           v1::AlmTask* response) override;
  grpc::Status SyncModels(grpc::ServerContext* context,
                          const v1::AlmTaskRequest* request,
                          v1::AlmTask* response) override;
  grpc::Status WatchSyncTask(grpc::ServerContext* context,
                             const v1::WatchAlmTaskRequest* request,
                             grpc::ServerWriter<v1::AlmTask>* writer) override;
  grpc::Status CreateComparisonReport(grpc::ServerContext* context,
                                      const v1::AlmTaskRequest* request,
                                      v1::AlmTask* response) override;
  grpc::Status GetComparisonReportTask(grpc::ServerContext* context,
                                       const v1::GetAlmTaskRequest* request,
                                       v1::AlmTask* response) override;
  grpc::Status GetComparisonReport(
      grpc::ServerContext* context, const v1::GetAlmReportRequest* request,
      grpc::ServerWriter<v1::DataChunk>* writer) override;
  grpc::Status CreateComparisonSummary(grpc::ServerContext* context,
                                       const v1::AlmTaskRequest* request,
                                       v1::AlmTask* response) override;
  grpc::Status GetComparisonSummaryTask(grpc::ServerContext* context,
                                        const v1::GetAlmTaskRequest* request,
                                        v1::AlmTask* response) override;
  grpc::Status GetComparisonSummary(grpc::ServerContext* context,
                                    const v1::GetAlmReportRequest* request,
                                    v1::SummaryReport* response) override;

 private:
  grpc::Status StartTask(const char* method, core::AlmTaskKind kind,
                         grpc::ServerContext* context,
                         const v1::AlmTaskRequest* request,
                         v1::AlmTask* response);
  grpc::Status GetTask(const char* method, core::AlmTaskKind kind,
                       grpc::ServerContext* context,
                       const v1::GetAlmTaskRequest* request,
                       v1::AlmTask* response);

  std::shared_ptr<core::AlmConnection> connection_;
  BulkServiceOptions options_;
};

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_ALM_SERVICE_H_
