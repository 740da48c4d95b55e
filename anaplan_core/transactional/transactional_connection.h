#ifndef ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_CONNECTION_H_
#define ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "anaplan_core/auth/credentials.h"
#include "anaplan_core/bulk/bulk_types.h"
#include "anaplan_core/common/call_context.h"
#include "anaplan_core/common/client_options.h"
#include "anaplan_core/files/byte_stream.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/transactional/transactional_types.h"

namespace anaplan::core {

/// The Anaplan Transactional API (anaplan-api.md §5), as anaplan-sdk's
/// `client.tr` offers it plus the spec's operations the SDK lacks. Same
/// error model as BulkConnection: HTTP failures map through
/// http_status_mapping (NOT_FOUND for unknown ids, INVALID_ARGUMENT for a
/// 400...), malformed replies are INTERNAL (reason ANAPLAN_BAD_RESPONSE),
/// missing request fields INVALID_ARGUMENT naming the field. Listings page
/// through Anaplan. Thread-safe.
class TransactionalConnection {
 public:
  virtual ~TransactionalConnection() = default;

  virtual absl::StatusOr<Model> GetModelDetails(const TxScope& scope,
                                                const CallContext& ctx) = 0;
  virtual absl::StatusOr<ModelStatus> GetModelStatus(
      const TxScope& scope, const CallContext& ctx) = 0;
  /// POST open (202) / close (204).
  virtual absl::Status WakeModel(const TxScope& scope,
                                 const CallContext& ctx) = 0;
  virtual absl::Status CloseModel(const TxScope& scope,
                                  const CallContext& ctx) = 0;

  virtual absl::StatusOr<std::vector<NamedObject>> GetModules(
      const TxScope& scope, const CallContext& ctx) = 0;
  /// module_id 0: every view of the model.
  virtual absl::StatusOr<std::vector<View>> GetViews(
      const TxScope& scope, int64_t module_id, bool include_subsidiary_views,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<ViewInfo> GetViewInfo(const TxScope& scope,
                                               int64_t view_id,
                                               const CallContext& ctx) = 0;
  /// module_id 0: every line item of the model (includeAll=true).
  virtual absl::StatusOr<std::vector<LineItem>> GetLineItems(
      const TxScope& scope, int64_t module_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<NamedObject>> GetLineItemDimensions(
      const TxScope& scope, int64_t line_item_id, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<NamedObject>> GetLineItemDimensionItems(
      const TxScope& scope, int64_t line_item_id, int64_t dimension_id,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<NamedObject>> GetDimensionItems(
      const TxScope& scope, int64_t dimension_id, const CallContext& ctx) = 0;
  /// \error INVALID_ARGUMENT ("codes") when both lists are empty.
  virtual absl::StatusOr<std::vector<NamedObject>> LookupDimensionItems(
      const TxScope& scope, int64_t dimension_id,
      const std::vector<std::string>& codes,
      const std::vector<std::string>& names, const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<NamedObject>> GetViewDimensionItems(
      const TxScope& scope, int64_t view_id, int64_t dimension_id,
      const CallContext& ctx) = 0;
  /// Needs scope.workspace_id.
  virtual absl::StatusOr<std::vector<NamedObject>> GetDashboards(
      const TxScope& scope, const CallContext& ctx) = 0;

  virtual absl::StatusOr<std::vector<NamedObject>> GetLists(
      const TxScope& scope, const CallContext& ctx) = 0;
  virtual absl::StatusOr<ListMetadata> GetListMetadata(
      const TxScope& scope, int64_t list_id, const CallContext& ctx) = 0;
  /// Calls `on_item` for every item in order, page by page. Needs
  /// scope.workspace_id (the spec has no model-direct form).
  virtual absl::Status GetListItems(
      const TxScope& scope, int64_t list_id, bool include_all,
      const std::function<absl::Status(ListItem)>& on_item,
      const CallContext& ctx) = 0;
  /// One add/update/delete call of at most kMaxListItemsPerCall items.
  /// \error INVALID_ARGUMENT ("items") for more; no request for none.
  virtual absl::StatusOr<ListItemsResult> WriteListItems(
      const TxScope& scope, int64_t list_id, ListWriteOp op,
      const std::vector<ListItemInput>& items, const CallContext& ctx) = 0;
  virtual absl::Status ResetListIndex(const TxScope& scope, int64_t list_id,
                                      const CallContext& ctx) = 0;

  /// View data as JSON (format=v1).
  virtual absl::StatusOr<ViewData> GetCells(const TxScope& scope,
                                            const CellsQuery& query,
                                            const CallContext& ctx) = 0;
  /// View data as CSV into `sink`.
  virtual absl::Status GetCellsCsv(const TxScope& scope,
                                   const CellsQuery& query, ByteSink& sink,
                                   const CallContext& ctx) = 0;
  /// One write of at most kMaxCellsPerCall cells.
  virtual absl::StatusOr<WriteCellsResult> WriteCells(
      const TxScope& scope, int64_t module_id,
      const std::vector<CellWrite>& cells, const CallContext& ctx) = 0;

  /// Large-volume read: creates a read request for a view (view_id != 0,
  /// `export_type` its layout) or a list, polls it, calls `on_page` for each
  /// page in order as it becomes available, and deletes the request at the
  /// end, also after a failure. Needs scope.workspace_id.
  virtual absl::Status ReadLargeVolume(
      const TxScope& scope, int64_t view_id, int64_t list_id,
      const std::string& export_type, absl::Duration poll_interval,
      const std::function<absl::Status(const ReadRequestStatus&, int64_t page,
                                       std::string data)>& on_page,
      const CallContext& ctx) = 0;

  virtual absl::StatusOr<CurrentPeriod> GetCurrentPeriod(
      const TxScope& scope, const CallContext& ctx) = 0;
  virtual absl::StatusOr<CurrentPeriod> SetCurrentPeriod(
      const TxScope& scope, const std::string& date,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<ModelCalendar> GetModelCalendar(
      const TxScope& scope, const CallContext& ctx) = 0;
  virtual absl::StatusOr<ModelCalendar> SetCurrentFiscalYear(
      const TxScope& scope, const std::string& year,
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<Version>> GetVersions(
      const TxScope& scope, const CallContext& ctx) = 0;
  virtual absl::StatusOr<VersionSwitchover> SetVersionSwitchover(
      const TxScope& scope, int64_t version_id, const std::string& date,
      const CallContext& ctx) = 0;
};

/// A connection over libcurl with `credentials`.
/// \error INVALID_ARGUMENT for unusable options or missing credentials.
absl::StatusOr<std::shared_ptr<TransactionalConnection>>
MakeTransactionalConnection(const ClientOptions& options,
                            std::shared_ptr<const Credentials> credentials);

/// A TransactionalConnection over an existing client, sharing its token
/// session (the server's one client for every API family).
std::shared_ptr<TransactionalConnection> MakeTransactionalConnection(
    std::shared_ptr<RestClient> rest);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_CONNECTION_H_
