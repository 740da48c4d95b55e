#include "service/scim_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

#include "anaplan_core/status/error_info.h"
#include "service/family_rpc.h"

namespace anaplan::service {
namespace {

constexpr int kMaxFilterDepth = 16;

absl::StatusOr<core::ScimFilter> Convert(const v1::ScimFilter& f, int depth) {
  if (depth > kMaxFilterDepth) {
    return core::InvalidField("filter", "filter nests deeper than 16 levels");
  }
  if (f.has_logical()) {
    std::vector<core::ScimFilter> operands;
    for (const v1::ScimFilter& op : f.logical().operands()) {
      absl::StatusOr<core::ScimFilter> sub = Convert(op, depth + 1);
      if (!sub.ok()) return sub.status();
      operands.push_back(*std::move(sub));
    }
    const std::string& op = f.logical().op();
    if (op == "and") return core::ScimFilter::And(std::move(operands));
    if (op == "or") return core::ScimFilter::Or(std::move(operands));
    return core::InvalidField("filter", "logical op must be \"and\" or \"or\"");
  }
  if (!f.has_comparison()) {
    return core::InvalidField("filter", "a filter term is empty");
  }
  const v1::ScimComparison& c = f.comparison();
  switch (c.value_case()) {
    case v1::ScimComparison::kStringValue:
      return core::ScimFilter::Compare(c.attribute(), c.op(), c.string_value());
    case v1::ScimComparison::kBoolValue:
      return core::ScimFilter::CompareBool(c.attribute(), c.op(),
                                           c.bool_value());
    case v1::ScimComparison::kNullValue:
      return core::ScimFilter::CompareNull(c.attribute(), c.op());
    case v1::ScimComparison::VALUE_NOT_SET:
      break;
  }
  core::ScimFilter present;
  present.attribute = c.attribute();
  present.op = c.op();
  return present;
}

void ToProto(const core::ScimUser& u, v1::ScimUser* out) {
  out->set_id(u.id);
  out->set_external_id(u.external_id);
  out->set_user_name(u.user_name);
  out->mutable_name()->set_family_name(u.family_name);
  out->mutable_name()->set_given_name(u.given_name);
  out->mutable_name()->set_formatted(u.formatted_name);
  out->set_display_name(u.display_name);
  out->set_active(u.active);
  for (const auto& e : u.emails) {
    v1::ScimEmail* m = out->add_emails();
    m->set_value(e.value);
    m->set_type(e.type);
    m->set_primary(e.primary);
  }
  for (const auto& e : u.entitlements) {
    v1::ScimEntitlement* m = out->add_entitlements();
    m->set_value(e.value);
    m->set_display(e.display);
    m->set_type(e.type);
    m->set_primary(e.primary);
  }
  out->mutable_meta()->set_resource_type(u.resource_type);
  out->mutable_meta()->set_location(u.location);
  out->mutable_meta()->set_created(u.created);
  out->mutable_meta()->set_last_modified(u.last_modified);
}

core::ScimUserInput InputOf(const v1::ScimUserInput& in) {
  core::ScimUserInput u;
  u.user_name = in.user_name();
  u.external_id = in.external_id();
  u.family_name = in.family_name();
  u.given_name = in.given_name();
  if (in.has_active()) u.active = in.active();
  for (const auto& e : in.entitlements()) {
    u.entitlements.push_back({e.value(), e.display(), e.type(), e.primary()});
  }
  return u;
}

absl::Status JsonToStruct(const std::string& json,
                          google::protobuf::Struct* out) {
  if (!google::protobuf::util::JsonStringToMessage(json, out).ok()) {
    core::ErrorInfo info;
    info.reason = "ANAPLAN_BAD_RESPONSE";
    return core::MakeError(absl::StatusCode::kInternal,
                           "SCIM document is not a JSON object", info);
  }
  return absl::OkStatus();
}

absl::Status FillResources(absl::StatusOr<std::vector<std::string>> docs,
                           v1::ScimResourceList* response) {
  if (!docs.ok()) return docs.status();
  for (const std::string& doc : *docs) {
    absl::Status s = JsonToStruct(doc, response->add_resources());
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

struct UsersRequest {
  absl::Status checked;
  std::optional<core::ScimFilter> filter;
};

UsersRequest Check(const v1::GetScimUsersRequest& request) {
  UsersRequest out;
  if (request.page_size() < 0 || request.page_size() > core::kMaxScimPageSize) {
    out.checked = core::InvalidField("page_size", "page_size must be 0 to 100");
    return out;
  }
  if (request.has_filter()) {
    absl::StatusOr<core::ScimFilter> f = FromProto(request.filter());
    if (!f.ok()) {
      out.checked = f.status();
      return out;
    }
    // Render once now so a bad filter fails before any call.
    out.checked = core::RenderScimFilter(*f).status();
    out.filter = *std::move(f);
  }
  return out;
}

}  // namespace

absl::StatusOr<core::ScimFilter> FromProto(const v1::ScimFilter& filter) {
  return Convert(filter, 0);
}

ScimServiceImpl::ScimServiceImpl(
    std::shared_ptr<core::ScimConnection> connection,
    BulkServiceOptions options)
    : connection_(std::move(connection)), options_(std::move(options)) {}

grpc::Status ScimServiceImpl::GetServiceProviderConfig(
    grpc::ServerContext* context, const v1::GetServiceProviderConfigRequest*,
    google::protobuf::Struct* response) {
  return RunFamilyRpc("GetServiceProviderConfig", context, options_,
                      connection_ != nullptr, true, absl::OkStatus(),
                      [&](const core::CallContext& ctx) -> absl::Status {
                        auto doc = connection_->GetServiceProviderConfig(ctx);
                        if (!doc.ok()) return doc.status();
                        return JsonToStruct(*doc, response);
                      });
}

grpc::Status ScimServiceImpl::GetResourceTypes(
    grpc::ServerContext* context, const v1::GetResourceTypesRequest*,
    v1::ScimResourceList* response) {
  return RunFamilyRpc(
      "GetResourceTypes", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) {
        return FillResources(connection_->GetResourceTypes(ctx), response);
      });
}

grpc::Status ScimServiceImpl::GetResourceSchemas(
    grpc::ServerContext* context, const v1::GetResourceSchemasRequest*,
    v1::ScimResourceList* response) {
  return RunFamilyRpc(
      "GetResourceSchemas", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) {
        return FillResources(connection_->GetResourceSchemas(ctx), response);
      });
}

grpc::Status ScimServiceImpl::GetUsers(grpc::ServerContext* context,
                                       const v1::GetScimUsersRequest* request,
                                       v1::GetScimUsersResponse* response) {
  UsersRequest checked = Check(*request);
  return RunFamilyRpc(
      "GetUsers", context, options_, connection_ != nullptr, true,
      checked.checked, [&](const core::CallContext& ctx) {
        return connection_->GetUsers(
            checked.filter, request->page_size(),
            [&](const std::vector<core::ScimUser>& users, int64_t total) {
              for (const auto& u : users) ToProto(u, response->add_users());
              response->set_total_results(total);
              return absl::OkStatus();
            },
            ctx);
      });
}

grpc::Status ScimServiceImpl::StreamUsers(
    grpc::ServerContext* context, const v1::GetScimUsersRequest* request,
    grpc::ServerWriter<v1::GetScimUsersResponse>* writer) {
  UsersRequest checked = Check(*request);
  return RunFamilyRpc(
      "StreamUsers", context, options_, connection_ != nullptr, false,
      checked.checked, [&](const core::CallContext& ctx) {
        return connection_->GetUsers(
            checked.filter, request->page_size(),
            [&](const std::vector<core::ScimUser>& users,
                int64_t total) -> absl::Status {
              v1::GetScimUsersResponse page;
              for (const auto& u : users) ToProto(u, page.add_users());
              page.set_total_results(total);
              if (!writer->Write(page)) {
                return absl::CancelledError("the caller went away");
              }
              return absl::OkStatus();
            },
            ctx);
      });
}

grpc::Status ScimServiceImpl::GetUser(grpc::ServerContext* context,
                                      const v1::GetScimUserRequest* request,
                                      v1::ScimUser* response) {
  return RunFamilyRpc("GetUser", context, options_, connection_ != nullptr,
                      true, absl::OkStatus(),
                      [&](const core::CallContext& ctx) -> absl::Status {
                        auto user = connection_->GetUser(request->id(), ctx);
                        if (!user.ok()) return user.status();
                        ToProto(*user, response);
                        return absl::OkStatus();
                      });
}

grpc::Status ScimServiceImpl::AddUser(grpc::ServerContext* context,
                                      const v1::AddScimUserRequest* request,
                                      v1::ScimUser* response) {
  return RunFamilyRpc(
      "AddUser", context, options_, connection_ != nullptr, true,
      absl::OkStatus(), [&](const core::CallContext& ctx) -> absl::Status {
        auto user = connection_->AddUser(InputOf(request->user()), ctx);
        if (!user.ok()) return user.status();
        ToProto(*user, response);
        return absl::OkStatus();
      });
}

grpc::Status ScimServiceImpl::ReplaceUser(
    grpc::ServerContext* context, const v1::ReplaceScimUserRequest* request,
    v1::ScimUser* response) {
  return RunFamilyRpc("ReplaceUser", context, options_, connection_ != nullptr,
                      true, absl::OkStatus(),
                      [&](const core::CallContext& ctx) -> absl::Status {
                        auto user = connection_->ReplaceUser(
                            request->id(), InputOf(request->user()), ctx);
                        if (!user.ok()) return user.status();
                        ToProto(*user, response);
                        return absl::OkStatus();
                      });
}

grpc::Status ScimServiceImpl::UpdateUser(
    grpc::ServerContext* context, const v1::UpdateScimUserRequest* request,
    v1::ScimUser* response) {
  std::vector<core::ScimPatchOp> ops;
  absl::Status checked;
  for (int i = 0; i < request->operations_size() && checked.ok(); ++i) {
    const v1::ScimPatchOperation& op = request->operations(i);
    core::ScimPatchOp out{op.op(), op.path(), ""};
    if (op.has_value()) {
      if (!google::protobuf::util::MessageToJsonString(op.value(),
                                                       &out.value_json)
               .ok()) {
        checked = core::InvalidField(absl::StrCat("operations[", i, "].value"),
                                     "value cannot be written as JSON");
      }
    }
    ops.push_back(std::move(out));
  }
  return RunFamilyRpc(
      "UpdateUser", context, options_, connection_ != nullptr, true, checked,
      [&](const core::CallContext& ctx) -> absl::Status {
        auto user = connection_->UpdateUser(request->id(), ops, ctx);
        if (!user.ok()) return user.status();
        ToProto(*user, response);
        return absl::OkStatus();
      });
}

}  // namespace anaplan::service
