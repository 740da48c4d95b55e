// TransactionalService frame, request checks and the metadata RPCs.
#include "service/transactional_service.h"

#include <utility>

#include "absl/strings/str_cat.h"

#include "anaplan_core/status/error_info.h"
#include "service/family_rpc.h"
#include "service/grpc_status.h"
#include "service/proto_convert.h"
#include "service/request_validation.h"
#include "service/stream_adapters.h"
#include "service/transactional_convert.h"

namespace anaplan::service {
namespace {

template <typename T, typename Repeated>
absl::Status CopyNamed(const absl::StatusOr<std::vector<T>>& items,
                       Repeated* out) {
  if (!items.ok()) return items.status();
  for (const T& item : *items) ToProto(item, out->Add());
  return absl::OkStatus();
}

template <typename T, typename Repeated>
absl::Status CopyAll(const absl::StatusOr<std::vector<T>>& items,
                     Repeated* out) {
  if (!items.ok()) return items.status();
  for (const T& item : *items) *out->Add() = ToProto(item);
  return absl::OkStatus();
}

template <typename T, typename Proto>
absl::Status CopyOne(const absl::StatusOr<T>& item, Proto* out) {
  if (!item.ok()) return item.status();
  *out = ToProto(*item);
  return absl::OkStatus();
}

constexpr int kDimensionItemsPerMessage = 10000;

absl::Status Both(absl::Status a, absl::Status b) { return a.ok() ? b : a; }

}  // namespace

absl::Status CheckScope(const v1::ModelScope& scope, bool workspace_required,
                        absl::string_view prefix) {
  if (workspace_required && scope.workspace_id().empty()) {
    return core::InvalidField(
        FieldPath(prefix, "workspace_id"),
        absl::StrCat(FieldPath(prefix, "workspace_id"),
                     " is required: Anaplan serves this operation only under "
                     "/workspaces/{id}/models"));
  }
  return CheckRequired(scope.model_id(), FieldPath(prefix, "model_id"));
}

absl::Status CheckId(int64_t id, absl::string_view field) {
  if (id > 0) return absl::OkStatus();
  return core::InvalidField(field,
                            absl::StrCat(field, " must be a positive id"));
}

absl::Status CheckCellWrite(const v1::CellWrite& cell,
                            absl::string_view field) {
  if (cell.line_item_case() == v1::CellWrite::LINE_ITEM_NOT_SET ||
      (cell.line_item_id() <= 0 && cell.line_item_name().empty())) {
    return core::InvalidField(
        FieldPath(field, "line_item"),
        absl::StrCat(FieldPath(field, "line_item"),
                     " needs a line_item_id or a line_item_name"));
  }
  if (cell.value_case() == v1::CellWrite::VALUE_NOT_SET) {
    return core::InvalidField(
        FieldPath(field, "value"),
        absl::StrCat(FieldPath(field, "value"), " is required"));
  }
  for (int i = 0; i < cell.dimensions_size(); ++i) {
    const v1::DimensionRef& d = cell.dimensions(i);
    const std::string path = absl::StrCat(field, ".dimensions[", i, "]");
    if (d.ref_case() == v1::DimensionRef::REF_NOT_SET ||
        d.item_case() == v1::DimensionRef::ITEM_NOT_SET) {
      return core::InvalidField(
          path, absl::StrCat(path, " needs a dimension and an item"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<TransactionalServiceImpl>>
MakeTransactionalService(const ServerOptions& options,
                         const BulkServiceOptions& service_options,
                         std::shared_ptr<core::RestClient> rest) {
  std::shared_ptr<core::TransactionalConnection> connection;
  if (rest != nullptr) {
    connection = core::MakeTransactionalConnection(std::move(rest));
  }
  return std::make_unique<TransactionalServiceImpl>(std::move(connection),
                                                    service_options);
}

TransactionalServiceImpl::TransactionalServiceImpl(
    std::shared_ptr<core::TransactionalConnection> connection,
    BulkServiceOptions options)
    : connection_(std::move(connection)), options_(std::move(options)) {}

grpc::Status TransactionalServiceImpl::Run(absl::string_view method,
                                           grpc::ServerContext* context,
                                           Kind kind,
                                           const absl::Status& checked,
                                           Body body) {
  return RunFamilyRpc(
      method, context, options_, connection_ != nullptr, kind == Kind::kUnary,
      checked,
      [&](const core::CallContext& ctx) { return body(*connection_, ctx); });
}

grpc::Status TransactionalServiceImpl::GetModelDetails(
    grpc::ServerContext* context, const v1::ModelScope* request,
    v1::Model* response) {
  return Run(
      "GetModelDetails", context, Kind::kUnary, CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyOne(c.GetModelDetails(FromProto(*request), ctx), response);
      });
}

grpc::Status TransactionalServiceImpl::GetModelStatus(
    grpc::ServerContext* context, const v1::ModelScope* request,
    v1::ModelStatus* response) {
  return Run(
      "GetModelStatus", context, Kind::kUnary, CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyOne(c.GetModelStatus(FromProto(*request), ctx), response);
      });
}

grpc::Status TransactionalServiceImpl::WakeModel(grpc::ServerContext* context,
                                                 const v1::ModelScope* request,
                                                 v1::ModelActionResponse*) {
  return Run(
      "WakeModel", context, Kind::kUnary, CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return c.WakeModel(FromProto(*request), ctx);
      });
}

grpc::Status TransactionalServiceImpl::CloseModel(grpc::ServerContext* context,
                                                  const v1::ModelScope* request,
                                                  v1::ModelActionResponse*) {
  return Run(
      "CloseModel", context, Kind::kUnary, CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return c.CloseModel(FromProto(*request), ctx);
      });
}

grpc::Status TransactionalServiceImpl::GetModules(
    grpc::ServerContext* context, const v1::ModelScope* request,
    v1::GetModulesResponse* response) {
  return Run(
      "GetModules", context, Kind::kUnary, CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyNamed(c.GetModules(FromProto(*request), ctx),
                         response->mutable_modules());
      });
}

grpc::Status TransactionalServiceImpl::GetViews(
    grpc::ServerContext* context, const v1::GetViewsRequest* request,
    v1::GetViewsResponse* response) {
  return Run(
      "GetViews", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false), request->module_id() < 0
                                                    ? CheckId(0, "module_id")
                                                    : absl::OkStatus()),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyAll(
            c.GetViews(FromProto(request->scope()), request->module_id(),
                       request->include_subsidiary_views(), ctx),
            response->mutable_views());
      });
}

grpc::Status TransactionalServiceImpl::GetViewInfo(
    grpc::ServerContext* context, const v1::GetViewInfoRequest* request,
    v1::ViewInfo* response) {
  return Run(
      "GetViewInfo", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false),
           CheckId(request->view_id(), "view_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyOne(
            c.GetViewInfo(FromProto(request->scope()), request->view_id(), ctx),
            response);
      });
}

grpc::Status TransactionalServiceImpl::GetLineItems(
    grpc::ServerContext* context, const v1::GetLineItemsRequest* request,
    v1::GetLineItemsResponse* response) {
  return Run(
      "GetLineItems", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false), request->module_id() < 0
                                                    ? CheckId(0, "module_id")
                                                    : absl::OkStatus()),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyAll(c.GetLineItems(FromProto(request->scope()),
                                      request->module_id(), ctx),
                       response->mutable_line_items());
      });
}

grpc::Status TransactionalServiceImpl::GetLineItemDimensions(
    grpc::ServerContext* context,
    const v1::GetLineItemDimensionsRequest* request,
    v1::DimensionsResponse* response) {
  return Run(
      "GetLineItemDimensions", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false),
           CheckId(request->line_item_id(), "line_item_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyNamed(c.GetLineItemDimensions(FromProto(request->scope()),
                                                 request->line_item_id(), ctx),
                         response->mutable_dimensions());
      });
}

grpc::Status TransactionalServiceImpl::GetLineItemDimensionItems(
    grpc::ServerContext* context,
    const v1::GetLineItemDimensionItemsRequest* request,
    v1::DimensionItemsResponse* response) {
  return Run(
      "GetLineItemDimensionItems", context, Kind::kUnary,
      Both(Both(CheckScope(request->scope(), false),
                CheckId(request->line_item_id(), "line_item_id")),
           CheckId(request->dimension_id(), "dimension_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyNamed(
            c.GetLineItemDimensionItems(FromProto(request->scope()),
                                        request->line_item_id(),
                                        request->dimension_id(), ctx),
            response->mutable_items());
      });
}

grpc::Status TransactionalServiceImpl::GetDimensionItems(
    grpc::ServerContext* context, const v1::GetDimensionItemsRequest* request,
    v1::DimensionItemsResponse* response) {
  return Run(
      "GetDimensionItems", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false),
           CheckId(request->dimension_id(), "dimension_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyNamed(c.GetDimensionItems(FromProto(request->scope()),
                                             request->dimension_id(), ctx),
                         response->mutable_items());
      });
}

grpc::Status TransactionalServiceImpl::StreamDimensionItems(
    grpc::ServerContext* context, const v1::GetDimensionItemsRequest* request,
    grpc::ServerWriter<v1::DimensionItemsResponse>* writer) {
  return Run(
      "StreamDimensionItems", context, Kind::kStream,
      Both(CheckScope(request->scope(), false),
           CheckId(request->dimension_id(), "dimension_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        auto items = c.GetDimensionItems(FromProto(request->scope()),
                                         request->dimension_id(), ctx);
        if (!items.ok()) return items.status();
        v1::DimensionItemsResponse message;
        for (size_t i = 0; i < items->size(); ++i) {
          ToProto((*items)[i], message.add_items());
          if (message.items_size() == kDimensionItemsPerMessage ||
              i + 1 == items->size()) {
            if (!writer->Write(message)) {
              return StreamCancelled();
            }
            message.Clear();
          }
        }
        return absl::OkStatus();
      });
}

grpc::Status TransactionalServiceImpl::LookupDimensionItems(
    grpc::ServerContext* context,
    const v1::LookupDimensionItemsRequest* request,
    v1::DimensionItemsResponse* response) {
  absl::Status checked = Both(CheckScope(request->scope(), false),
                              CheckId(request->dimension_id(), "dimension_id"));
  if (checked.ok() && request->codes().empty() && request->names().empty()) {
    checked =
        core::InvalidField("codes", "give at least one of codes and names");
  }
  return Run(
      "LookupDimensionItems", context, Kind::kUnary, checked,
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyNamed(
            c.LookupDimensionItems(
                FromProto(request->scope()), request->dimension_id(),
                {request->codes().begin(), request->codes().end()},
                {request->names().begin(), request->names().end()}, ctx),
            response->mutable_items());
      });
}

grpc::Status TransactionalServiceImpl::GetViewDimensionItems(
    grpc::ServerContext* context,
    const v1::GetViewDimensionItemsRequest* request,
    v1::DimensionItemsResponse* response) {
  return Run(
      "GetViewDimensionItems", context, Kind::kUnary,
      Both(Both(CheckScope(request->scope(), false),
                CheckId(request->view_id(), "view_id")),
           CheckId(request->dimension_id(), "dimension_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyNamed(c.GetViewDimensionItems(FromProto(request->scope()),
                                                 request->view_id(),
                                                 request->dimension_id(), ctx),
                         response->mutable_items());
      });
}

grpc::Status TransactionalServiceImpl::GetDashboards(
    grpc::ServerContext* context, const v1::ModelScope* request,
    v1::GetDashboardsResponse* response) {
  return Run(
      "GetDashboards", context, Kind::kUnary, CheckScope(*request, true, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyNamed(c.GetDashboards(FromProto(*request), ctx),
                         response->mutable_dashboards());
      });
}

grpc::Status TransactionalServiceImpl::GetLists(
    grpc::ServerContext* context, const v1::ModelScope* request,
    v1::GetListsResponse* response) {
  return Run(
      "GetLists", context, Kind::kUnary, CheckScope(*request, false, ""),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyNamed(c.GetLists(FromProto(*request), ctx),
                         response->mutable_lists());
      });
}

grpc::Status TransactionalServiceImpl::GetListMetadata(
    grpc::ServerContext* context, const v1::GetListMetadataRequest* request,
    v1::ListMetadata* response) {
  return Run(
      "GetListMetadata", context, Kind::kUnary,
      Both(CheckScope(request->scope(), false),
           CheckId(request->list_id(), "list_id")),
      [&](core::TransactionalConnection& c, const core::CallContext& ctx) {
        return CopyOne(c.GetListMetadata(FromProto(request->scope()),
                                         request->list_id(), ctx),
                       response);
      });
}

}  // namespace anaplan::service
