// Listings, metadata, name resolution and the factory of BulkConnectionImpl.
// Tasks are in bulk_connection_tasks.cc, files in bulk_connection_files.cc.
#include "anaplan_core/bulk/bulk_connection_impl.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

#include "anaplan_core/bulk/bulk_fetch.h"
#include "anaplan_core/bulk/bulk_json.h"
#include "anaplan_core/retry/real_sleeper.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core {
namespace {

using internal::IdFamily;

absl::Status CheckUrl(const std::string& url, absl::string_view field) {
  if (absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://")) {
    return absl::OkStatus();
  }
  return InvalidField(field, absl::StrCat(field, " must be an http(s) URL"));
}

absl::Status CheckRange(int64_t value, int64_t low, int64_t high,
                        absl::string_view field) {
  if (value >= low && value <= high) return absl::OkStatus();
  return InvalidField(field, absl::StrCat(field, " is ", value, ", must be in ",
                                          low, "..", high));
}

std::string DeleteModelsBody(const std::vector<std::string>& model_ids) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("modelIdsToDelete");
  writer.StartArray();
  for (const std::string& id : model_ids) writer.String(id);
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

absl::string_view FamilyName(IdFamily family) {
  switch (family) {
    case IdFamily::kImport:
      return "import";
    case IdFamily::kExport:
      return "export";
    case IdFamily::kProcess:
      return "process";
    case IdFamily::kAction:
      return "action";
    case IdFamily::kFile:
      return "file";
    default:
      return "object";
  }
}

absl::Status NeedIdOrName(absl::string_view kind) {
  return InvalidField(kind, absl::StrCat(kind, " needs an id or a name"));
}

}  // namespace

absl::Status ValidateBulkOptions(const ClientOptions& options) {
  ANAPLAN_RETURN_IF_ERROR(
      CheckUrl(options.endpoints.api_url, "endpoints.api_url"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckUrl(options.endpoints.auth_url, "endpoints.auth_url"));
  ANAPLAN_RETURN_IF_ERROR(CheckRange(options.page_size, 1, 5000, "page_size"));
  const TransferOptions& t = options.transfer;
  ANAPLAN_RETURN_IF_ERROR(CheckRange(t.upload_chunk_size, 1, 1'000'000'000,
                                     "transfer.upload_chunk_size"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckRange(t.upload_parallelism, 1, 64, "transfer.upload_parallelism"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckRange(t.gzip_level, 1, 9, "transfer.gzip_level"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckRange(t.download_batch_size, 1, 64, "transfer.download_batch_size"));
  ANAPLAN_RETURN_IF_ERROR(
      CheckRange(options.retry.max_attempts, 1, 100, "retry.max_attempts"));
  if (options.poll_delay < absl::ZeroDuration()) {
    return InvalidField("poll_delay", "poll_delay must not be negative");
  }
  return absl::OkStatus();
}

BulkConnectionImpl::BulkConnectionImpl(std::shared_ptr<RestClient> rest,
                                       std::shared_ptr<Sleeper> sleeper)
    : rest_(std::move(rest)),
      sleeper_(sleeper ? std::move(sleeper) : DefaultSleeper()),
      urls_(rest_->options().endpoints.api_url) {}

absl::StatusOr<std::vector<Workspace>> BulkConnectionImpl::GetWorkspaces(
    const ListOptions& options, const CallContext& ctx) {
  std::string url = internal::WithListOptions(
      absl::StrCat(urls_.api(), "/workspaces?tenantDetails=true"), options);
  return internal::ListAll<Workspace>(*rest_, url, "workspaces",
                                      &ParseWorkspace, ctx);
}

absl::StatusOr<Workspace> BulkConnectionImpl::GetWorkspace(
    const std::string& workspace_id, const CallContext& ctx) {
  if (workspace_id.empty()) {
    return InvalidField("workspace_id", "workspace_id must not be empty");
  }
  std::string url =
      absl::StrCat(urls_.api(), "/workspaces/",
                   internal::UrlEncode(workspace_id), "?tenantDetails=true");
  return internal::GetOne<Workspace>(*rest_, url, "workspace", &ParseWorkspace,
                                     ctx);
}

absl::StatusOr<std::vector<WorkspacePerson>>
BulkConnectionImpl::GetWorkspacePeople(const std::string& workspace_id,
                                       WorkspaceRole role,
                                       const CallContext& ctx) {
  if (workspace_id.empty()) {
    return InvalidField("workspace_id", "workspace_id must not be empty");
  }
  const char* key = role == WorkspaceRole::kAdmins ? "admins" : "visitors";
  auto people = internal::ListAll<WorkspacePerson>(
      *rest_,
      absl::StrCat(urls_.api(), "/workspaces/",
                   internal::UrlEncode(workspace_id), "/", key),
      key, &ParseWorkspacePerson, ctx);
  if (people.status().code() == absl::StatusCode::kNotFound) {
    // Name the id: Anaplan's 404 text does not.
    return absl::NotFoundError(
        absl::StrCat("workspace ", workspace_id, " not found"));
  }
  return people;
}

absl::StatusOr<std::vector<Model>> BulkConnectionImpl::GetModels(
    const std::string& workspace_id, const ListOptions& options,
    const CallContext& ctx) {
  std::string scope =
      workspace_id.empty()
          ? std::string()
          : absl::StrCat("/workspaces/", internal::UrlEncode(workspace_id));
  std::string url = internal::WithListOptions(
      absl::StrCat(urls_.api(), scope, "/models?modelDetails=true"), options);
  return internal::ListAll<Model>(*rest_, url, "models", &ParseModel, ctx);
}

absl::StatusOr<Model> BulkConnectionImpl::GetModel(const std::string& model_id,
                                                   const CallContext& ctx) {
  if (model_id.empty()) {
    return InvalidField("model_id", "model_id must not be empty");
  }
  std::string url =
      absl::StrCat(urls_.api(), "/models/", internal::UrlEncode(model_id),
                   "?modelDetails=true");
  return internal::GetOne<Model>(*rest_, url, "model", &ParseModel, ctx);
}

absl::StatusOr<DeleteModelsResult> BulkConnectionImpl::DeleteModels(
    const std::string& workspace_id, const std::vector<std::string>& model_ids,
    const CallContext& ctx) {
  if (workspace_id.empty()) {
    return InvalidField("workspace_id", "workspace_id must not be empty");
  }
  if (model_ids.empty()) {
    return InvalidField("model_ids", "model_ids must not be empty");
  }
  std::string url =
      absl::StrCat(urls_.api(), "/workspaces/",
                   internal::UrlEncode(workspace_id), "/bulkDeleteModels");
  // Not idempotent: a resent request reports deleted models as failures.
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("POST", url, DeleteModelsBody(model_ids),
                      Idempotency::kNonIdempotent, ctx));
  return ParseDeleteModelsResult(reply);
}

absl::StatusOr<std::vector<File>> BulkConnectionImpl::GetFiles(
    const ModelRef& model, const ListOptions& options, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  std::string url = internal::WithListOptions(
      absl::StrCat(urls_.Model(model), "/files"), options);
  return internal::ListAll<File>(*rest_, url, "files", &ParseFile, ctx);
}

absl::StatusOr<std::vector<Action>> BulkConnectionImpl::GetActions(
    const ModelRef& model, const ListOptions& options, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  std::string url = internal::WithListOptions(
      absl::StrCat(urls_.Model(model), "/actions"), options);
  return internal::ListAll<Action>(*rest_, url, "actions", &ParseAction, ctx);
}

absl::StatusOr<std::vector<Process>> BulkConnectionImpl::GetProcesses(
    const ModelRef& model, const ListOptions& options, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  std::string url = internal::WithListOptions(
      absl::StrCat(urls_.Model(model), "/processes"), options);
  return internal::ListAll<Process>(*rest_, url, "processes", &ParseProcess,
                                    ctx);
}

absl::StatusOr<std::vector<Import>> BulkConnectionImpl::GetImports(
    const ModelRef& model, const ListOptions& options, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  std::string url = internal::WithListOptions(
      absl::StrCat(urls_.Model(model), "/imports"), options);
  return internal::ListAll<Import>(*rest_, url, "imports", &ParseImport, ctx);
}

absl::StatusOr<std::vector<Export>> BulkConnectionImpl::GetExports(
    const ModelRef& model, const ListOptions& options, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  std::string url = internal::WithListOptions(
      absl::StrCat(urls_.Model(model), "/exports"), options);
  return internal::ListAll<Export>(*rest_, url, "exports", &ParseExport, ctx);
}

absl::StatusOr<int64_t> BulkConnectionImpl::ResolveInFamily(
    const ModelRef& model, const ObjectRef& ref, IdFamily family,
    const CallContext& ctx) {
  absl::string_view kind = FamilyName(family);
  if (ref.id != 0) {
    if (internal::FamilyOf(ref.id) == family) return ref.id;
    return InvalidField(
        kind, absl::StrCat("id ", ref.id, " is not a valid ", kind, " id"));
  }
  if (ref.name.empty()) return NeedIdOrName(kind);
  internal::NamedIds candidates;
  if (family == IdFamily::kImport) {
    ANAPLAN_ASSIGN_OR_RETURN(auto items, GetImports(model, {}, ctx));
    internal::AddNamedIds(items, candidates);
  } else if (family == IdFamily::kExport) {
    ANAPLAN_ASSIGN_OR_RETURN(auto items, GetExports(model, {}, ctx));
    internal::AddNamedIds(items, candidates);
  } else {
    ANAPLAN_ASSIGN_OR_RETURN(auto items, GetProcesses(model, {}, ctx));
    internal::AddNamedIds(items, candidates);
  }
  return internal::PickByName(candidates, ref.name, kind, kind);
}

absl::StatusOr<ImportMetadata> BulkConnectionImpl::GetImportMetadata(
    const ModelRef& model, const ObjectRef& import_ref,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_ASSIGN_OR_RETURN(
      int64_t id, ResolveInFamily(model, import_ref, IdFamily::kImport, ctx));
  return internal::GetOne<ImportMetadata>(
      *rest_, absl::StrCat(urls_.Model(model), "/imports/", id),
      "importMetadata", &ParseImportMetadata, ctx);
}

absl::StatusOr<ExportMetadata> BulkConnectionImpl::GetExportMetadata(
    const ModelRef& model, const ObjectRef& export_ref,
    const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_ASSIGN_OR_RETURN(
      int64_t id, ResolveInFamily(model, export_ref, IdFamily::kExport, ctx));
  return internal::GetOne<ExportMetadata>(
      *rest_, absl::StrCat(urls_.Model(model), "/exports/", id),
      "exportMetadata", &ParseExportMetadata, ctx);
}

absl::StatusOr<ProcessMetadata> BulkConnectionImpl::GetProcessMetadata(
    const ModelRef& model, const ObjectRef& process_ref,
    bool show_import_data_source, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  ANAPLAN_ASSIGN_OR_RETURN(
      int64_t id, ResolveInFamily(model, process_ref, IdFamily::kProcess, ctx));
  std::string url =
      absl::StrCat(urls_.Model(model), "/processes/", id,
                   show_import_data_source ? "?showImportDataSource=true" : "");
  return internal::GetOne<ProcessMetadata>(*rest_, url, "processMetadata",
                                           &ParseProcessMetadata, ctx);
}

absl::StatusOr<int64_t> BulkConnectionImpl::ResolveAction(
    const ModelRef& model, const ObjectRef& action, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  if (action.id != 0) {
    ANAPLAN_RETURN_IF_ERROR(internal::ActionSegment(action.id).status());
    return action.id;
  }
  if (action.name.empty()) return NeedIdOrName("action");
  internal::NamedIds candidates;
  ANAPLAN_ASSIGN_OR_RETURN(auto imports, GetImports(model, {}, ctx));
  internal::AddNamedIds(imports, candidates);
  ANAPLAN_ASSIGN_OR_RETURN(auto exports, GetExports(model, {}, ctx));
  internal::AddNamedIds(exports, candidates);
  ANAPLAN_ASSIGN_OR_RETURN(auto actions, GetActions(model, {}, ctx));
  internal::AddNamedIds(actions, candidates);
  ANAPLAN_ASSIGN_OR_RETURN(auto processes, GetProcesses(model, {}, ctx));
  internal::AddNamedIds(processes, candidates);
  return internal::PickByName(candidates, action.name, "action", "action");
}

absl::StatusOr<File> BulkConnectionImpl::ResolveFile(const ModelRef& model,
                                                     const ObjectRef& file,
                                                     const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(internal::ValidateModelRef(model));
  if (file.id == 0 && file.name.empty()) return NeedIdOrName("file");
  ANAPLAN_ASSIGN_OR_RETURN(std::vector<File> files, GetFiles(model, {}, ctx));
  int64_t id = file.id;
  if (id == 0) {
    internal::NamedIds candidates;
    internal::AddNamedIds(files, candidates);
    ANAPLAN_ASSIGN_OR_RETURN(
        id, internal::PickByName(candidates, file.name, "file", "file"));
  }
  for (File& f : files) {
    if (f.id == id) return std::move(f);
  }
  ErrorInfo info;
  info.reason = "ANAPLAN_NOT_FOUND";
  return MakeError(absl::StatusCode::kNotFound,
                   absl::StrCat("file ", id, " not found"), info);
}

absl::StatusOr<std::shared_ptr<BulkConnection>> MakeBulkConnection(
    const ClientOptions& options,
    std::shared_ptr<const Credentials> credentials) {
  ANAPLAN_RETURN_IF_ERROR(ValidateBulkOptions(options));
  if (credentials == nullptr) {
    return InvalidField("credentials", "credentials are required");
  }
  ANAPLAN_ASSIGN_OR_RETURN(std::shared_ptr<HttpTransport> transport,
                           MakeCurlTransport(options.http));
  return std::shared_ptr<BulkConnection>(std::make_shared<BulkConnectionImpl>(
      MakeRestClient(options, std::move(transport), std::move(credentials))));
}

absl::StatusOr<std::shared_ptr<BulkConnection>> MakeBulkConnection(
    std::shared_ptr<RestClient> rest) {
  if (rest == nullptr) return InvalidField("rest", "a RestClient is required");
  ANAPLAN_RETURN_IF_ERROR(ValidateBulkOptions(rest->options()));
  return std::shared_ptr<BulkConnection>(
      std::make_shared<BulkConnectionImpl>(std::move(rest)));
}

}  // namespace anaplan::core
