// BulkService listings and definition metadata: validate, call core once,
// copy the result. Core pages through Anaplan; results are complete.
#include <string>
#include <vector>

#include "absl/status/status.h"

#include "anaplan_core/status/error_info.h"
#include "service/bulk_service.h"
#include "service/proto_convert.h"
#include "service/request_validation.h"

namespace anaplan::service {
namespace {

core::ModelRef ModelOf(const std::string& workspace_id,
                       const std::string& model_id) {
  return core::ModelRef{workspace_id, model_id};
}

template <typename Request>
core::ListOptions SortOf(const Request& request) {
  core::ListOptions options;
  options.sort_by = request.sort_by();
  options.descending = request.descending();
  return options;
}

/// Validation of a model-scoped listing: ids, then sort options.
template <typename Request>
absl::Status CheckModelListing(const Request& request) {
  absl::Status status =
      CheckModelIds(request.workspace_id(), request.model_id());
  if (!status.ok()) return status;
  return CheckSort(request.sort_by(), request.descending());
}

/// Copies a StatusOr<vector<T>> into a repeated proto field via ToProto.
template <typename Items, typename Repeated>
absl::Status CopyAll(const absl::StatusOr<Items>& items, Repeated* out) {
  if (!items.ok()) return items.status();
  for (const auto& item : *items) *out->Add() = ToProto(item);
  return absl::OkStatus();
}

/// Copies one StatusOr<T> into `out` via ToProto.
template <typename T, typename Proto>
absl::Status CopyOne(const absl::StatusOr<T>& item, Proto* out) {
  if (!item.ok()) return item.status();
  *out = ToProto(*item);
  return absl::OkStatus();
}

}  // namespace

grpc::Status BulkServiceImpl::GetWorkspaces(
    grpc::ServerContext* context, const v1::GetWorkspacesRequest* request,
    v1::GetWorkspacesResponse* response) {
  return Run("GetWorkspaces", context, Kind::kUnary,
             CheckSort(request->sort_by(), request->descending()),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               core::ListOptions options = SortOf(*request);
               options.search_pattern = request->search_pattern();
               return CopyAll(c.GetWorkspaces(options, ctx),
                              response->mutable_workspaces());
             });
}

grpc::Status BulkServiceImpl::GetWorkspace(
    grpc::ServerContext* context, const v1::GetWorkspaceRequest* request,
    v1::Workspace* response) {
  return Run("GetWorkspace", context, Kind::kUnary,
             CheckRequired(request->workspace_id(), "workspace_id"),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyOne(c.GetWorkspace(request->workspace_id(), ctx),
                              response);
             });
}

grpc::Status BulkServiceImpl::GetWorkspaceAdmins(
    grpc::ServerContext* context, const v1::GetWorkspacePeopleRequest* request,
    v1::GetWorkspacePeopleResponse* response) {
  return Run("GetWorkspaceAdmins", context, Kind::kUnary,
             CheckRequired(request->workspace_id(), "workspace_id"),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyAll(
                   c.GetWorkspacePeople(request->workspace_id(),
                                        core::WorkspaceRole::kAdmins, ctx),
                   response->mutable_people());
             });
}

grpc::Status BulkServiceImpl::GetWorkspaceVisitors(
    grpc::ServerContext* context, const v1::GetWorkspacePeopleRequest* request,
    v1::GetWorkspacePeopleResponse* response) {
  return Run("GetWorkspaceVisitors", context, Kind::kUnary,
             CheckRequired(request->workspace_id(), "workspace_id"),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyAll(
                   c.GetWorkspacePeople(request->workspace_id(),
                                        core::WorkspaceRole::kVisitors, ctx),
                   response->mutable_people());
             });
}

grpc::Status BulkServiceImpl::GetModels(grpc::ServerContext* context,
                                        const v1::GetModelsRequest* request,
                                        v1::GetModelsResponse* response) {
  return Run("GetModels", context, Kind::kUnary,
             CheckSort(request->sort_by(), request->descending()),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               core::ListOptions options = SortOf(*request);
               options.search_pattern = request->search_pattern();
               return CopyAll(
                   c.GetModels(request->workspace_id(), options, ctx),
                   response->mutable_models());
             });
}

grpc::Status BulkServiceImpl::GetModel(grpc::ServerContext* context,
                                       const v1::GetModelRequest* request,
                                       v1::Model* response) {
  return Run("GetModel", context, Kind::kUnary,
             CheckRequired(request->model_id(), "model_id"),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyOne(c.GetModel(request->model_id(), ctx), response);
             });
}

namespace {

absl::Status CheckDeleteModels(const v1::DeleteModelsRequest& request) {
  absl::Status status = CheckRequired(request.workspace_id(), "workspace_id");
  if (!status.ok()) return status;
  if (request.model_ids().empty()) {
    return core::InvalidField("model_ids", "must not be empty");
  }
  for (const auto& id : request.model_ids()) {
    status = CheckRequired(id, "model_ids");
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status BulkServiceImpl::DeleteModels(
    grpc::ServerContext* context, const v1::DeleteModelsRequest* request,
    v1::DeleteModelsResponse* response) {
  return Run("DeleteModels", context, Kind::kUnary, CheckDeleteModels(*request),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               const std::vector<std::string> ids(request->model_ids().begin(),
                                                  request->model_ids().end());
               return CopyOne(c.DeleteModels(request->workspace_id(), ids, ctx),
                              response);
             });
}

grpc::Status BulkServiceImpl::GetFiles(grpc::ServerContext* context,
                                       const v1::GetFilesRequest* request,
                                       v1::GetFilesResponse* response) {
  return Run("GetFiles", context, Kind::kUnary, CheckModelListing(*request),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyAll(c.GetFiles(ModelOf(request->workspace_id(),
                                                 request->model_id()),
                                         SortOf(*request), ctx),
                              response->mutable_files());
             });
}

grpc::Status BulkServiceImpl::GetActions(grpc::ServerContext* context,
                                         const v1::GetActionsRequest* request,
                                         v1::GetActionsResponse* response) {
  return Run("GetActions", context, Kind::kUnary, CheckModelListing(*request),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyAll(c.GetActions(ModelOf(request->workspace_id(),
                                                   request->model_id()),
                                           SortOf(*request), ctx),
                              response->mutable_actions());
             });
}

grpc::Status BulkServiceImpl::GetProcesses(
    grpc::ServerContext* context, const v1::GetProcessesRequest* request,
    v1::GetProcessesResponse* response) {
  return Run("GetProcesses", context, Kind::kUnary, CheckModelListing(*request),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyAll(c.GetProcesses(ModelOf(request->workspace_id(),
                                                     request->model_id()),
                                             SortOf(*request), ctx),
                              response->mutable_processes());
             });
}

grpc::Status BulkServiceImpl::GetImports(grpc::ServerContext* context,
                                         const v1::GetImportsRequest* request,
                                         v1::GetImportsResponse* response) {
  return Run("GetImports", context, Kind::kUnary, CheckModelListing(*request),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyAll(c.GetImports(ModelOf(request->workspace_id(),
                                                   request->model_id()),
                                           SortOf(*request), ctx),
                              response->mutable_imports());
             });
}

grpc::Status BulkServiceImpl::GetExports(grpc::ServerContext* context,
                                         const v1::GetExportsRequest* request,
                                         v1::GetExportsResponse* response) {
  return Run("GetExports", context, Kind::kUnary, CheckModelListing(*request),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyAll(c.GetExports(ModelOf(request->workspace_id(),
                                                   request->model_id()),
                                           SortOf(*request), ctx),
                              response->mutable_exports());
             });
}

namespace {

/// Model ids plus a required ObjectRef named `field`.
template <typename Request>
absl::Status CheckModelAndRef(const Request& request, bool present,
                              const v1::ObjectRef& ref,
                              absl::string_view field) {
  absl::Status status =
      CheckModelIds(request.workspace_id(), request.model_id());
  if (!status.ok()) return status;
  return CheckObjectRef(present, ref, field);
}

}  // namespace

grpc::Status BulkServiceImpl::GetImportMetadata(
    grpc::ServerContext* context, const v1::GetImportMetadataRequest* request,
    v1::ImportMetadata* response) {
  return Run("GetImportMetadata", context, Kind::kUnary,
             CheckModelAndRef(*request, request->has_import(),
                              request->import(), "import"),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyOne(
                   c.GetImportMetadata(
                       ModelOf(request->workspace_id(), request->model_id()),
                       FromProto(request->import()), ctx),
                   response);
             });
}

grpc::Status BulkServiceImpl::GetExportMetadata(
    grpc::ServerContext* context, const v1::GetExportMetadataRequest* request,
    v1::ExportMetadata* response) {
  return Run("GetExportMetadata", context, Kind::kUnary,
             CheckModelAndRef(*request, request->has_export_(),
                              request->export_(), "export"),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyOne(
                   c.GetExportMetadata(
                       ModelOf(request->workspace_id(), request->model_id()),
                       FromProto(request->export_()), ctx),
                   response);
             });
}

grpc::Status BulkServiceImpl::GetProcessMetadata(
    grpc::ServerContext* context, const v1::GetProcessMetadataRequest* request,
    v1::ProcessMetadata* response) {
  return Run("GetProcessMetadata", context, Kind::kUnary,
             CheckModelAndRef(*request, request->has_process(),
                              request->process(), "process"),
             [&](core::BulkConnection& c, const core::CallContext& ctx) {
               return CopyOne(
                   c.GetProcessMetadata(
                       ModelOf(request->workspace_id(), request->model_id()),
                       FromProto(request->process()),
                       request->show_import_data_source(), ctx),
                   response);
             });
}

}  // namespace anaplan::service
