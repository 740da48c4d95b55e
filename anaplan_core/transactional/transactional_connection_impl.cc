// Model, module, view, line item, dimension and list metadata reads of
// TransactionalConnectionImpl, and its factory. Writes, cell data, read
// requests and time settings are in transactional_connection_data.cc.
#include "anaplan_core/transactional/transactional_connection_impl.h"

#include <utility>

#include "absl/strings/str_cat.h"

#include "anaplan_core/bulk/bulk_connection_impl.h"
#include "anaplan_core/bulk/bulk_fetch.h"
#include "anaplan_core/bulk/bulk_json.h"
#include "anaplan_core/bulk/bulk_urls.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/retry/real_sleeper.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"
#include "anaplan_core/transactional/transactional_json.h"

namespace anaplan::core {
namespace {

using internal::UrlEncode;

absl::Status NeedId(int64_t id, absl::string_view field) {
  if (id > 0) return absl::OkStatus();
  return InvalidField(field, absl::StrCat(field, " must be a positive id"));
}

}  // namespace

TransactionalConnectionImpl::TransactionalConnectionImpl(
    std::shared_ptr<RestClient> rest, std::shared_ptr<Sleeper> sleeper)
    : rest_(std::move(rest)),
      sleeper_(sleeper ? std::move(sleeper) : DefaultSleeper()),
      api_(rest_->options().endpoints.api_url) {
  while (!api_.empty() && api_.back() == '/') api_.pop_back();
}

absl::StatusOr<std::string> TransactionalConnectionImpl::Base(
    const TxScope& scope, bool workspace_form) const {
  if (scope.model_id.empty()) {
    return InvalidField("model_id", "model_id must not be empty");
  }
  if (workspace_form && !scope.workspace_id.empty()) {
    return absl::StrCat(api_, "/workspaces/", UrlEncode(scope.workspace_id),
                        "/models/", UrlEncode(scope.model_id));
  }
  return absl::StrCat(api_, "/models/", UrlEncode(scope.model_id));
}

absl::StatusOr<std::string> TransactionalConnectionImpl::WorkspaceBase(
    const TxScope& scope) const {
  if (scope.workspace_id.empty()) {
    return InvalidField("workspace_id",
                        "workspace_id is required: Anaplan serves this "
                        "operation only under /workspaces/{id}/models");
  }
  return Base(scope, true);
}

absl::StatusOr<std::vector<NamedObject>> TransactionalConnectionImpl::GetNamed(
    const std::string& url, const char* key, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply, rest_->GetJson(url, ctx));
  std::vector<NamedObject> out;
  // Anaplan omits the key entirely for an empty dimension.
  const rapidjson::Value* items =
      reply.IsObject() ? FindArray(reply, key) : nullptr;
  if (items == nullptr) return out;
  for (const auto& item : items->GetArray()) {
    ANAPLAN_ASSIGN_OR_RETURN(NamedObject named, ParseNamedObject(item));
    out.push_back(std::move(named));
  }
  return out;
}

absl::StatusOr<std::vector<NamedObject>> TransactionalConnectionImpl::ListNamed(
    const std::string& url, const char* key, const CallContext& ctx) {
  return internal::ListAll<NamedObject>(*rest_, url, key, &ParseNamedObject,
                                        ctx);
}

absl::StatusOr<Model> TransactionalConnectionImpl::GetModelDetails(
    const TxScope& scope, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  return internal::GetOne<Model>(*rest_, base + "?modelDetails=true", "model",
                                 &ParseModel, ctx);
}

absl::StatusOr<ModelStatus> TransactionalConnectionImpl::GetModelStatus(
    const TxScope& scope, const CallContext& ctx) {
  // The live spec has GET on the model-direct path only (docs show a POST
  // under workspaces; the SDK and the spec use this one).
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply,
                           rest_->GetJson(base + "/status", ctx));
  return ParseModelStatus(reply);
}

absl::Status TransactionalConnectionImpl::WakeModel(const TxScope& scope,
                                                    const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  // Opening an open model is harmless, so a lost reply may be resent.
  return rest_
      ->SendJson("POST", base + "/open", "", Idempotency::kIdempotent, ctx)
      .status();
}

absl::Status TransactionalConnectionImpl::CloseModel(const TxScope& scope,
                                                     const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  return rest_
      ->SendJson("POST", base + "/close", "", Idempotency::kIdempotent, ctx)
      .status();
}

absl::StatusOr<std::vector<NamedObject>>
TransactionalConnectionImpl::GetModules(const TxScope& scope,
                                        const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return ListNamed(base + "/modules", "modules", ctx);
}

absl::StatusOr<std::vector<View>> TransactionalConnectionImpl::GetViews(
    const TxScope& scope, int64_t module_id, bool include_subsidiary_views,
    const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  std::string url = module_id > 0
                        ? absl::StrCat(base, "/modules/", module_id, "/views")
                        : base + "/views";
  if (include_subsidiary_views) url += "?includesubsidiaryviews=true";
  return internal::ListAll<View>(*rest_, url, "views", &ParseView, ctx);
}

absl::StatusOr<ViewInfo> TransactionalConnectionImpl::GetViewInfo(
    const TxScope& scope, int64_t view_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(view_id, "view_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->GetJson(absl::StrCat(base, "/views/", view_id), ctx));
  return ParseViewInfo(reply);
}

absl::StatusOr<std::vector<LineItem>> TransactionalConnectionImpl::GetLineItems(
    const TxScope& scope, int64_t module_id, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  const std::string url = module_id > 0
                              ? absl::StrCat(base, "/modules/", module_id,
                                             "/lineItems?includeAll=true")
                              : base + "/lineItems?includeAll=true";
  return internal::ListAll<LineItem>(*rest_, url, "items", &ParseLineItem, ctx);
}

absl::StatusOr<std::vector<NamedObject>>
TransactionalConnectionImpl::GetLineItemDimensions(const TxScope& scope,
                                                   int64_t line_item_id,
                                                   const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(line_item_id, "line_item_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return ListNamed(
      absl::StrCat(base, "/lineItems/", line_item_id, "/dimensions"),
      "dimensions", ctx);
}

absl::StatusOr<std::vector<NamedObject>>
TransactionalConnectionImpl::GetLineItemDimensionItems(const TxScope& scope,
                                                       int64_t line_item_id,
                                                       int64_t dimension_id,
                                                       const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(line_item_id, "line_item_id"));
  ANAPLAN_RETURN_IF_ERROR(NeedId(dimension_id, "dimension_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return GetNamed(absl::StrCat(base, "/lineItems/", line_item_id,
                               "/dimensions/", dimension_id, "/items"),
                  "items", ctx);
}

absl::StatusOr<std::vector<NamedObject>>
TransactionalConnectionImpl::GetDimensionItems(const TxScope& scope,
                                               int64_t dimension_id,
                                               const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(dimension_id, "dimension_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return GetNamed(absl::StrCat(base, "/dimensions/", dimension_id, "/items"),
                  "items", ctx);
}

absl::StatusOr<std::vector<NamedObject>>
TransactionalConnectionImpl::LookupDimensionItems(
    const TxScope& scope, int64_t dimension_id,
    const std::vector<std::string>& codes,
    const std::vector<std::string>& names, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(dimension_id, "dimension_id"));
  if (codes.empty() && names.empty()) {
    return InvalidField("codes", "give at least one of codes and names");
  }
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  // A lookup reads only, so it may be resent.
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson(
          "POST", absl::StrCat(base, "/dimensions/", dimension_id, "/items"),
          LookupBody(codes, names), Idempotency::kIdempotent, ctx));
  std::vector<NamedObject> out;
  const rapidjson::Value* items =
      reply.IsObject() ? FindArray(reply, "items") : nullptr;
  if (items == nullptr) return out;
  for (const auto& item : items->GetArray()) {
    ANAPLAN_ASSIGN_OR_RETURN(NamedObject named, ParseNamedObject(item));
    out.push_back(std::move(named));
  }
  return out;
}

absl::StatusOr<std::vector<NamedObject>>
TransactionalConnectionImpl::GetViewDimensionItems(const TxScope& scope,
                                                   int64_t view_id,
                                                   int64_t dimension_id,
                                                   const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(view_id, "view_id"));
  ANAPLAN_RETURN_IF_ERROR(NeedId(dimension_id, "dimension_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  return GetNamed(absl::StrCat(base, "/views/", view_id, "/dimensions/",
                               dimension_id, "/items"),
                  "items", ctx);
}

absl::StatusOr<std::vector<NamedObject>>
TransactionalConnectionImpl::GetDashboards(const TxScope& scope,
                                           const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, WorkspaceBase(scope));
  return ListNamed(base + "/dashboards", "dashboards", ctx);
}

absl::StatusOr<std::vector<NamedObject>> TransactionalConnectionImpl::GetLists(
    const TxScope& scope, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return ListNamed(base + "/lists", "lists", ctx);
}

absl::StatusOr<ListMetadata> TransactionalConnectionImpl::GetListMetadata(
    const TxScope& scope, int64_t list_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(list_id, "list_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return internal::GetOne<ListMetadata>(*rest_,
                                        absl::StrCat(base, "/lists/", list_id),
                                        "metadata", &ParseListMetadata, ctx);
}

absl::Status TransactionalConnectionImpl::GetListItems(
    const TxScope& scope, int64_t list_id, bool include_all,
    const std::function<absl::Status(ListItem)>& on_item,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(list_id, "list_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, WorkspaceBase(scope));
  std::string url = absl::StrCat(base, "/lists/", list_id, "/items");
  if (include_all) url += "?includeAll=true";
  return rest_->GetPaged(
      url, "listItems",
      [&](const rapidjson::Value& value) -> absl::Status {
        ANAPLAN_ASSIGN_OR_RETURN(ListItem item, ParseListItem(value));
        return on_item(std::move(item));
      },
      ctx);
}

absl::StatusOr<std::shared_ptr<TransactionalConnection>>
MakeTransactionalConnection(const ClientOptions& options,
                            std::shared_ptr<const Credentials> credentials) {
  ANAPLAN_RETURN_IF_ERROR(ValidateBulkOptions(options));
  if (credentials == nullptr) {
    return InvalidField("credentials", "credentials are required");
  }
  ANAPLAN_ASSIGN_OR_RETURN(std::shared_ptr<HttpTransport> transport,
                           MakeCurlTransport(options.http));
  return std::shared_ptr<TransactionalConnection>(
      std::make_shared<TransactionalConnectionImpl>(MakeRestClient(
          options, std::move(transport), std::move(credentials))));
}

std::shared_ptr<TransactionalConnection> MakeTransactionalConnection(
    std::shared_ptr<RestClient> rest) {
  return std::make_shared<TransactionalConnectionImpl>(std::move(rest));
}

}  // namespace anaplan::core
