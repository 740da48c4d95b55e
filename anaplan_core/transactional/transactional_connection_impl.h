#ifndef ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_CONNECTION_IMPL_H_
#define ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_CONNECTION_IMPL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/transactional/transactional_connection.h"

namespace anaplan::core {

/// TransactionalConnection over a RestClient (auth, retries and the status
/// mapping live there). Listings go through RestClient::GetPaged.
class TransactionalConnectionImpl final : public TransactionalConnection {
 public:
  /// `sleeper` spaces read-request polls; null means real sleeping.
  explicit TransactionalConnectionImpl(
      std::shared_ptr<RestClient> rest,
      std::shared_ptr<Sleeper> sleeper = nullptr);

  absl::StatusOr<Model> GetModelDetails(const TxScope& scope,
                                        const CallContext& ctx) override;
  absl::StatusOr<ModelStatus> GetModelStatus(const TxScope& scope,
                                             const CallContext& ctx) override;
  absl::Status WakeModel(const TxScope& scope, const CallContext& ctx) override;
  absl::Status CloseModel(const TxScope& scope,
                          const CallContext& ctx) override;
  absl::StatusOr<std::vector<NamedObject>> GetModules(
      const TxScope& scope, const CallContext& ctx) override;
  absl::StatusOr<std::vector<View>> GetViews(const TxScope& scope,
                                             int64_t module_id,
                                             bool include_subsidiary_views,
                                             const CallContext& ctx) override;
  absl::StatusOr<ViewInfo> GetViewInfo(const TxScope& scope, int64_t view_id,
                                       const CallContext& ctx) override;
  absl::StatusOr<std::vector<LineItem>> GetLineItems(
      const TxScope& scope, int64_t module_id, const CallContext& ctx) override;
  absl::StatusOr<std::vector<NamedObject>> GetLineItemDimensions(
      const TxScope& scope, int64_t line_item_id,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<NamedObject>> GetLineItemDimensionItems(
      const TxScope& scope, int64_t line_item_id, int64_t dimension_id,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<NamedObject>> GetDimensionItems(
      const TxScope& scope, int64_t dimension_id,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<NamedObject>> LookupDimensionItems(
      const TxScope& scope, int64_t dimension_id,
      const std::vector<std::string>& codes,
      const std::vector<std::string>& names, const CallContext& ctx) override;
  absl::StatusOr<std::vector<NamedObject>> GetViewDimensionItems(
      const TxScope& scope, int64_t view_id, int64_t dimension_id,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<NamedObject>> GetDashboards(
      const TxScope& scope, const CallContext& ctx) override;
  absl::StatusOr<std::vector<NamedObject>> GetLists(
      const TxScope& scope, const CallContext& ctx) override;
  absl::StatusOr<ListMetadata> GetListMetadata(const TxScope& scope,
                                               int64_t list_id,
                                               const CallContext& ctx) override;
  absl::Status GetListItems(
      const TxScope& scope, int64_t list_id, bool include_all,
      const std::function<absl::Status(ListItem)>& on_item,
      const CallContext& ctx) override;
  absl::StatusOr<ListItemsResult> WriteListItems(
      const TxScope& scope, int64_t list_id, ListWriteOp op,
      const std::vector<ListItemInput>& items, const CallContext& ctx) override;
  absl::Status ResetListIndex(const TxScope& scope, int64_t list_id,
                              const CallContext& ctx) override;
  absl::StatusOr<ViewData> GetCells(const TxScope& scope,
                                    const CellsQuery& query,
                                    const CallContext& ctx) override;
  absl::Status GetCellsCsv(const TxScope& scope, const CellsQuery& query,
                           ByteSink& sink, const CallContext& ctx) override;
  absl::StatusOr<WriteCellsResult> WriteCells(
      const TxScope& scope, int64_t module_id,
      const std::vector<CellWrite>& cells, const CallContext& ctx) override;
  absl::Status ReadLargeVolume(
      const TxScope& scope, int64_t view_id, int64_t list_id,
      const std::string& export_type, absl::Duration poll_interval,
      const std::function<absl::Status(const ReadRequestStatus&, int64_t,
                                       std::string)>& on_page,
      const CallContext& ctx) override;
  absl::StatusOr<CurrentPeriod> GetCurrentPeriod(
      const TxScope& scope, const CallContext& ctx) override;
  absl::StatusOr<CurrentPeriod> SetCurrentPeriod(
      const TxScope& scope, const std::string& date,
      const CallContext& ctx) override;
  absl::StatusOr<ModelCalendar> GetModelCalendar(
      const TxScope& scope, const CallContext& ctx) override;
  absl::StatusOr<ModelCalendar> SetCurrentFiscalYear(
      const TxScope& scope, const std::string& year,
      const CallContext& ctx) override;
  absl::StatusOr<std::vector<Version>> GetVersions(
      const TxScope& scope, const CallContext& ctx) override;
  absl::StatusOr<VersionSwitchover> SetVersionSwitchover(
      const TxScope& scope, int64_t version_id, const std::string& date,
      const CallContext& ctx) override;

 private:
  /// {api}/workspaces/{ws}/models/{m} when `workspace_form` and a workspace
  /// is given, else {api}/models/{m}.
  /// \error INVALID_ARGUMENT ("model_id") when the model id is empty.
  absl::StatusOr<std::string> Base(const TxScope& scope,
                                   bool workspace_form) const;
  /// The workspace form, which these operations require.
  /// \error INVALID_ARGUMENT ("workspace_id" / "model_id").
  absl::StatusOr<std::string> WorkspaceBase(const TxScope& scope) const;
  /// GET `url` and parse every element of `key` (absent: none).
  absl::StatusOr<std::vector<NamedObject>> GetNamed(const std::string& url,
                                                    const char* key,
                                                    const CallContext& ctx);
  /// The same over a paged listing.
  absl::StatusOr<std::vector<NamedObject>> ListNamed(const std::string& url,
                                                     const char* key,
                                                     const CallContext& ctx);
  /// GET with an Accept header, the body whole.
  absl::StatusOr<std::string> GetText(const std::string& url,
                                      const std::string& accept,
                                      const CallContext& ctx);
  absl::Duration PollInterval(absl::Duration requested) const;

  std::shared_ptr<RestClient> rest_;
  std::shared_ptr<Sleeper> sleeper_;
  std::string api_;
};

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_TRANSACTIONAL_TRANSACTIONAL_CONNECTION_IMPL_H_
