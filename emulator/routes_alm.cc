// ALM API, revisions and online status (anaplan-api.md §6.1, §6.2) under
// /2/0/models/{model}: revisions snapshot the model's structure
// (emulator/alm_store.h); syncable revisions are a source model's revisions
// the target has not received yet. Where the SDK and the live spec differ
// the live spec wins: createRevision answers `revisions` (a list of one),
// not the SDK's `revision`.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/sync.h"
#include "emulator/http_util.h"
#include "emulator/json_util.h"
#include "emulator/paging.h"
#include "emulator/routes.h"

namespace anaplan::emulator {
namespace {

constexpr char kRevisionSchema[] =
    "https://api.anaplan.com/2/0/objects/revision";

const User* Caller(State& state, const Call& call)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  return state.tenant().FindUserByEmail(call.user_email);
}

// Workspace Administrators only (§6); 403 otherwise.
bool CheckAdmin(State& state, Call& call)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const User* user = Caller(state, call);
  if (user != nullptr && user->workspace_admin) return true;
  SendIntegrationError(call.req, call.res, 403,
                       "User is not a workspace administrator of the model");
  return false;
}

const RevisionApplication* ApplicationTo(const AlmRevision& rev,
                                         const std::string& model_id) {
  for (auto it = rev.applied.rbegin(); it != rev.applied.rend(); ++it) {
    if (it->model_id == model_id) return &*it;
  }
  return nullptr;
}

std::string RevisionJson(const AlmRevision& rev, const std::string& model_id) {
  const RevisionApplication* applied = ApplicationTo(rev, model_id);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  FieldStr(w, "id", rev.id);
  FieldStr(w, "name", rev.name);
  if (!rev.description.empty()) FieldStr(w, "description", rev.description);
  FieldStr(w, "createdOn", IsoTimestamp(rev.created_on));
  FieldStr(w, "createdBy", rev.created_by);
  FieldStr(w, "creationMethod", rev.creation_method);
  // The SDK requires appliedOn/appliedBy on every revision (§6.2).
  FieldStr(
      w, "appliedOn",
      IsoTimestamp(applied != nullptr ? applied->applied_on : rev.created_on));
  FieldStr(w, "appliedBy",
           applied != nullptr ? applied->applied_by : rev.created_by);
  w.EndObject();
  return out.str();
}

// {meta, status, revisions: [...]}; the key is omitted when `revs` is
// empty (latestRevision of a model without revisions).
void SendRevisions(Call& call, int status,
                   const std::vector<const AlmRevision*>& revs,
                   const std::string& model_id) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, kRevisionSchema);
  if (!revs.empty()) {
    w.Key("revisions");
    w.StartArray();
    for (const AlmRevision* r : revs) {
      const std::string json = RevisionJson(*r, model_id);
      w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    }
    w.EndArray();
  }
  w.EndObject();
  SendJson(call.res, status, out.str());
}

void ChangeStatus(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject()) {
    return SendIntegrationError(call.req, call.res, 400,
                                "Error parsing request body as JSON");
  }
  for (const auto& m : body.GetObject()) {
    if (std::string(m.name.GetString()) != "status") {
      return SendIntegrationError(call.req, call.res, 400,
                                  "Unrecognised property detected");
    }
  }
  if (!JsonHas(body, "status")) {
    return SendIntegrationError(call.req, call.res, 400,
                                "Missing mandatory property 'status'");
  }
  const std::string status = JsonString(body, "status");
  if (status != "online" && status != "offline") {
    return SendIntegrationError(
        call.req, call.res, 400,
        "Invalid value for 'status', must be one of [online, offline]");
  }
  if (!CheckAdmin(state, call)) return;
  if (model.active_state == "ARCHIVED" || model.active_state == "LOCKED") {
    return SendIntegrationError(
        call.req, call.res, 422,
        "Cannot change status when model is in Locked or Archived mode");
  }
  // Offline is Anaplan's MAINTENANCE state, visible in GET /models too.
  model.active_state = status == "online" ? "UNLOCKED" : "MAINTENANCE";
  const User* user = Caller(state, call);
  RecordEvent(state.audit_log(), "USR-30", user != nullptr ? user->id : "",
              model.id, "MODEL",
              absl::StrCat("Model ", model.id, " taken ", status));
  call.res.status = 204;
}

void ListRevisions(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (!CheckAdmin(state, call)) return;
  AlmStore& alm = state.alm();
  std::vector<ListRow> rows;
  for (const std::string& id : alm.model_revisions[model.id]) {
    const AlmRevision* rev = alm.FindRevision(id);
    if (rev == nullptr) continue;
    const RevisionApplication* applied = ApplicationTo(*rev, model.id);
    ListRow row;
    row.json = RevisionJson(*rev, model.id);
    row.sort_keys["id"] = SortText(rev->id);
    row.sort_keys["name"] = SortText(rev->name);
    row.sort_keys["createdOn"] = SortText(IsoTimestamp(rev->created_on));
    row.sort_keys["appliedOn"] = SortText(IsoTimestamp(
        applied != nullptr ? applied->applied_on : rev->created_on));
    rows.push_back(std::move(row));
  }
  ListPolicy policy;
  policy.result_key = "revisions";
  policy.schema = kRevisionSchema;
  policy.sortable_fields = {"id", "name", "createdOn", "appliedOn"};
  SendPagedList(call, std::move(rows), policy, state.settings().max_page_size,
                false);
}

void LatestRevision(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (!CheckAdmin(state, call)) return;
  std::vector<const AlmRevision*> revs;
  if (const AlmRevision* latest = state.alm().LatestOf(model.id)) {
    revs.push_back(latest);
  }
  SendRevisions(call, 200, revs, model.id);
}

void SyncableRevisions(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const std::string source_id = call.req.get_param_value("sourceModelId");
  if (source_id.empty()) {
    return SendIntegrationError(call.req, call.res, 400,
                                "Missing mandatory parameter 'sourceModelId'");
  }
  if (!CheckAdmin(state, call)) return;
  if (state.tenant().FindModel(source_id) == nullptr) {
    return SendIntegrationError(call.req, call.res, 404,
                                "Source model not found");
  }
  std::vector<const AlmRevision*> revs;
  for (const std::string& id :
       SyncableRevisionIds(state.alm(), source_id, model.id)) {
    revs.push_back(state.alm().FindRevision(id));
  }
  SendRevisions(call, 200, revs, source_id);
}

void CreateRevision(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject()) {
    return SendIntegrationError(call.req, call.res, 400,
                                "Error parsing request body as JSON");
  }
  const std::string name = JsonString(body, "name");
  const std::string description = JsonString(body, "description");
  if (name.empty()) {
    return SendIntegrationError(call.req, call.res, 400,
                                "Missing mandatory property 'name'");
  }
  if (name.size() > 60 || description.size() > 250) {
    return SendIntegrationError(
        call.req, call.res, 400,
        "Revision name must be at most 60 characters and description at "
        "most 250");
  }
  if (!CheckAdmin(state, call)) return;
  if (model.active_state == "ARCHIVED") {
    return SendIntegrationError(call.req, call.res, 422, "Model is archived");
  }
  AlmStore& alm = state.alm();
  StructureSnapshot snapshot = SnapshotOf(model);
  if (const AlmRevision* latest = alm.LatestOf(model.id);
      latest != nullptr && latest->snapshot == snapshot) {
    return SendIntegrationError(
        call.req, call.res, 400,
        "No structural changes have been made since the last revision");
  }
  const User* user = Caller(state, call);
  AlmRevision rev;
  rev.id = state.NewTaskId();
  rev.name = name;
  rev.description = description;
  rev.origin_model_id = model.id;
  rev.created_on = absl::Now();
  rev.created_by = user != nullptr ? user->id : "";
  rev.creation_method = "User added revision via API";
  rev.snapshot = std::move(snapshot);
  rev.applied.push_back(
      {model.id, rev.created_on, rev.created_by, "Revision created"});
  alm.model_revisions[model.id].push_back(rev.id);
  const AlmRevision& stored = alm.revisions[rev.id] = std::move(rev);
  RecordEvent(
      state.audit_log(), "USR-31", stored.created_by, stored.id, "REVISION",
      absl::StrCat("Revision '", stored.name, "' created in model ", model.id));
  SendRevisions(call, 201, {&stored}, model.id);
}

void AppliedToModels(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (!CheckAdmin(state, call)) return;
  AlmStore& alm = state.alm();
  const std::vector<std::string>& ids = alm.model_revisions[model.id];
  const AlmRevision* rev = alm.FindRevision(call.params[0]);
  if (rev == nullptr ||
      std::find(ids.begin(), ids.end(), rev->id) == ids.end()) {
    return SendIntegrationError(
        call.req, call.res, 404,
        absl::StrCat("Revision ", call.params[0], " not found"));
  }
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, kRevisionSchema);
  w.Key("appliedToModels");
  w.StartArray();
  for (const RevisionApplication& a : rev->applied) {
    Model* m = state.tenant().FindModel(a.model_id);
    w.StartObject();
    FieldStr(w, "modelId", a.model_id);
    if (m != nullptr) {
      FieldStr(w, "modelName", m->name);
      FieldStr(w, "workspaceId", m->workspace_id);
    }
    FieldStr(w, "appliedBy", a.applied_by);
    FieldStr(w, "appliedOn", IsoTimestamp(a.applied_on));
    FieldStr(w, "appliedMethod", a.applied_method);
    FieldBool(w, "modelDeleted", m == nullptr);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

}  // namespace

std::vector<std::string> SyncableRevisionIds(AlmStore& alm,
                                             const std::string& source_id,
                                             const std::string& target_id) {
  std::vector<std::string> out;
  const std::vector<std::string>& target = alm.model_revisions[target_id];
  // A target without a revision cannot be synced into.
  if (target.empty()) return out;
  const std::vector<std::string>& source = alm.model_revisions[source_id];
  // Only revisions newer than the newest one the target already has from
  // this source qualify; newest first.
  size_t first = 0;
  for (size_t i = 0; i < source.size(); ++i) {
    if (std::find(target.begin(), target.end(), source[i]) != target.end()) {
      first = i + 1;
    }
  }
  for (size_t i = source.size(); i > first; --i) {
    const AlmRevision* rev = alm.FindRevision(source[i - 1]);
    if (rev != nullptr && rev->origin_model_id == source_id) {
      out.push_back(rev->id);
    }
  }
  return out;
}

void RegisterAlmRoutes(Router& router, ServerContext& ctx) {
  State& state = ctx.state;
  auto add = [&](const char* method, const std::string& suffix,
                 void (*fn)(State&, Call&, Model&)) {
    AddModelRoute(router, ctx, method, suffix,
                  [&state, fn](Call& c, Model& m)
                      ABSL_NO_THREAD_SAFETY_ANALYSIS { fn(state, c, m); });
  };
  add("PUT", "/onlineStatus", &ChangeStatus);
  add("POST", "/onlineStatus", &ChangeStatus);
  add("GET", "/alm/revisions", &ListRevisions);
  add("POST", "/alm/revisions", &CreateRevision);
  add("GET", "/alm/latestRevision", &LatestRevision);
  add("GET", "/alm/syncableRevisions", &SyncableRevisions);
  add("GET", "/alm/revisions/([^/]+)/appliedToModels", &AppliedToModels);
  RegisterAlmTaskRoutes(router, ctx);
}

}  // namespace anaplan::emulator
