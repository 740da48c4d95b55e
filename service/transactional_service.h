#ifndef ANAPLAN_SERVICE_TRANSACTIONAL_SERVICE_H_
#define ANAPLAN_SERVICE_TRANSACTIONAL_SERVICE_H_

#include <memory>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

#include "anaplan/v1/transactional.grpc.pb.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/transactional/transactional_connection.h"
#include "service/bulk_service.h"
#include "service/server_options.h"

namespace anaplan::service {

/// anaplan.v1.TransactionalService over a core::TransactionalConnection.
/// Same frame as BulkServiceImpl: validate (INVALID_ARGUMENT naming the
/// field), admission control, a CallContext from the caller's deadline,
/// one or a few core calls, ToGrpcStatus. Client streams are batched to
/// Anaplan's per-call limits (core::Batcher). Thread-safe.
class TransactionalServiceImpl final
    : public v1::TransactionalService::Service {
 public:
  /// A null `connection` means no credentials: RPCs fail UNAUTHENTICATED.
  /// `options` are the bulk servicer's (unary ceiling, limiter).
  TransactionalServiceImpl(
      std::shared_ptr<core::TransactionalConnection> connection,
      BulkServiceOptions options);

  // Model, modules, views, line items, dimensions, lists
  // (transactional_service.cc).
  grpc::Status GetModelDetails(grpc::ServerContext* context,
                               const v1::ModelScope* request,
                               v1::Model* response) override;
  grpc::Status GetModelStatus(grpc::ServerContext* context,
                              const v1::ModelScope* request,
                              v1::ModelStatus* response) override;
  grpc::Status WakeModel(grpc::ServerContext* context,
                         const v1::ModelScope* request,
                         v1::ModelActionResponse* response) override;
  grpc::Status CloseModel(grpc::ServerContext* context,
                          const v1::ModelScope* request,
                          v1::ModelActionResponse* response) override;
  grpc::Status GetModules(grpc::ServerContext* context,
                          const v1::ModelScope* request,
                          v1::GetModulesResponse* response) override;
  grpc::Status GetViews(grpc::ServerContext* context,
                        const v1::GetViewsRequest* request,
                        v1::GetViewsResponse* response) override;
  grpc::Status GetViewInfo(grpc::ServerContext* context,
                           const v1::GetViewInfoRequest* request,
                           v1::ViewInfo* response) override;
  grpc::Status GetLineItems(grpc::ServerContext* context,
                            const v1::GetLineItemsRequest* request,
                            v1::GetLineItemsResponse* response) override;
  grpc::Status GetLineItemDimensions(
      grpc::ServerContext* context,
      const v1::GetLineItemDimensionsRequest* request,
      v1::DimensionsResponse* response) override;
  grpc::Status GetLineItemDimensionItems(
      grpc::ServerContext* context,
      const v1::GetLineItemDimensionItemsRequest* request,
      v1::DimensionItemsResponse* response) override;
  grpc::Status GetDimensionItems(grpc::ServerContext* context,
                                 const v1::GetDimensionItemsRequest* request,
                                 v1::DimensionItemsResponse* response) override;
  grpc::Status StreamDimensionItems(
      grpc::ServerContext* context, const v1::GetDimensionItemsRequest* request,
      grpc::ServerWriter<v1::DimensionItemsResponse>* writer) override;
  grpc::Status LookupDimensionItems(
      grpc::ServerContext* context,
      const v1::LookupDimensionItemsRequest* request,
      v1::DimensionItemsResponse* response) override;
  grpc::Status GetViewDimensionItems(
      grpc::ServerContext* context,
      const v1::GetViewDimensionItemsRequest* request,
      v1::DimensionItemsResponse* response) override;
  grpc::Status GetDashboards(grpc::ServerContext* context,
                             const v1::ModelScope* request,
                             v1::GetDashboardsResponse* response) override;
  grpc::Status GetLists(grpc::ServerContext* context,
                        const v1::ModelScope* request,
                        v1::GetListsResponse* response) override;
  grpc::Status GetListMetadata(grpc::ServerContext* context,
                               const v1::GetListMetadataRequest* request,
                               v1::ListMetadata* response) override;

  // List items, cells, read requests, time (transactional_service_data.cc).
  grpc::Status GetListItems(grpc::ServerContext* context,
                            const v1::GetListItemsRequest* request,
                            v1::GetListItemsResponse* response) override;
  grpc::Status StreamListItems(
      grpc::ServerContext* context, const v1::GetListItemsRequest* request,
      grpc::ServerWriter<v1::GetListItemsResponse>* writer) override;
  grpc::Status InsertListItems(
      grpc::ServerContext* context,
      grpc::ServerReader<v1::ListItemsWriteRequest>* reader,
      v1::ListItemsResult* response) override;
  grpc::Status UpdateListItems(
      grpc::ServerContext* context,
      grpc::ServerReader<v1::ListItemsWriteRequest>* reader,
      v1::ListItemsResult* response) override;
  grpc::Status DeleteListItems(
      grpc::ServerContext* context,
      grpc::ServerReader<v1::ListItemsWriteRequest>* reader,
      v1::ListItemsResult* response) override;
  grpc::Status ResetListIndex(grpc::ServerContext* context,
                              const v1::GetListMetadataRequest* request,
                              v1::ModelActionResponse* response) override;
  grpc::Status GetCells(grpc::ServerContext* context,
                        const v1::GetCellsRequest* request,
                        v1::ViewData* response) override;
  grpc::Status StreamCells(grpc::ServerContext* context,
                           const v1::GetCellsRequest* request,
                           grpc::ServerWriter<v1::ViewData>* writer) override;
  grpc::Status GetCellsCsv(grpc::ServerContext* context,
                           const v1::GetCellsRequest* request,
                           grpc::ServerWriter<v1::DataChunk>* writer) override;
  grpc::Status WriteCells(grpc::ServerContext* context,
                          grpc::ServerReader<v1::WriteCellsRequest>* reader,
                          v1::WriteCellsResponse* response) override;
  grpc::Status ReadLargeVolume(
      grpc::ServerContext* context, const v1::ReadLargeVolumeRequest* request,
      grpc::ServerWriter<v1::ReadLargeVolumeResponse>* writer) override;
  grpc::Status GetCurrentPeriod(grpc::ServerContext* context,
                                const v1::ModelScope* request,
                                v1::CurrentPeriod* response) override;
  grpc::Status SetCurrentPeriod(grpc::ServerContext* context,
                                const v1::SetCurrentPeriodRequest* request,
                                v1::CurrentPeriod* response) override;
  grpc::Status GetModelCalendar(grpc::ServerContext* context,
                                const v1::ModelScope* request,
                                v1::ModelCalendar* response) override;
  grpc::Status SetCurrentFiscalYear(
      grpc::ServerContext* context,
      const v1::SetCurrentFiscalYearRequest* request,
      v1::ModelCalendar* response) override;
  grpc::Status GetVersions(grpc::ServerContext* context,
                           const v1::ModelScope* request,
                           v1::GetVersionsResponse* response) override;
  grpc::Status SetVersionSwitchover(
      grpc::ServerContext* context,
      const v1::SetVersionSwitchoverRequest* request,
      v1::VersionSwitchover* response) override;

 private:
  enum class Kind { kUnary, kStream };
  using Body = absl::FunctionRef<absl::Status(core::TransactionalConnection&,
                                              const core::CallContext&)>;

  grpc::Status Run(absl::string_view method, grpc::ServerContext* context,
                   Kind kind, const absl::Status& checked, Body body);
  /// Reads a header-then-batches list item stream and writes it in calls
  /// of at most core::kMaxListItemsPerCall items.
  grpc::Status WriteListItems(
      absl::string_view method, core::ListWriteOp op,
      grpc::ServerContext* context,
      grpc::ServerReader<v1::ListItemsWriteRequest>* reader,
      v1::ListItemsResult* response);

  std::shared_ptr<core::TransactionalConnection> connection_;
  BulkServiceOptions options_;
};

/// The servicer over the server's one Anaplan client `rest` (sharing its
/// token); null `rest` leaves it without a connection (every RPC
/// UNAUTHENTICATED).
absl::StatusOr<std::unique_ptr<TransactionalServiceImpl>>
MakeTransactionalService(const ServerOptions& options,
                         const BulkServiceOptions& service_options,
                         std::shared_ptr<core::RestClient> rest);

/// model_id must be set; `workspace_required` also needs workspace_id.
/// \error INVALID_ARGUMENT naming "<prefix>.model_id" etc.
absl::Status CheckScope(const v1::ModelScope& scope, bool workspace_required,
                        absl::string_view prefix = "scope");
/// `id` must be positive. \error INVALID_ARGUMENT naming `field`.
absl::Status CheckId(int64_t id, absl::string_view field);
/// A cell write names its line item, has dimensions each naming the
/// dimension and the item, and a value.
absl::Status CheckCellWrite(const v1::CellWrite& cell, absl::string_view field);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_TRANSACTIONAL_SERVICE_H_
