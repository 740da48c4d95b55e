// ALM sync, comparison report and summary report tasks (anaplan-api.md
// §6.3, §6.4). A task stays IN_PROGRESS for settings.task_polls_in_progress
// polls, then completes: a sync copies the source revision's structure into
// the target model and records the revision there; a report task produces
// the report its content route serves. Task creationTime is an ISO
// date-time per the live spec (the SDK expects epoch ms).

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

#include "anaplan_core/common/sync.h"
#include "emulator/http_util.h"
#include "emulator/json_util.h"
#include "emulator/routes.h"

namespace anaplan::emulator {
namespace {

constexpr char kTaskSchema[] = "https://api.anaplan.com/2/0/objects/task";

const char* Segment(AlmTaskType type) {
  switch (type) {
    case AlmTaskType::kSync:
      return "syncTasks";
    case AlmTaskType::kComparison:
      return "comparisonReportTasks";
    case AlmTaskType::kSummary:
      return "summaryReportTasks";
  }
  return "syncTasks";
}

std::string ReportKey(const std::string& model, const std::string& target,
                      const std::string& source) {
  return absl::StrCat(model, "/", target, "/", source);
}

// Workspace admins only; report routes answer 424 instead of 403 (§6).
bool CheckAdmin(State& state, Call& call, AlmTaskType type)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const User* user = state.tenant().FindUserByEmail(call.user_email);
  if (user != nullptr && user->workspace_admin) return true;
  if (type == AlmTaskType::kSync) {
    SendIntegrationError(call.req, call.res, 403,
                         "User is not a workspace administrator of the model");
  } else {
    call.res.status = 424;
  }
  return false;
}

std::string TaskUrl(const Call& call, const AlmTaskRecord& t) {
  return absl::StrCat(BaseUrl(call.req, call.tls), "/2/0/models/", t.model_id,
                      "/alm/", Segment(t.type), "/", t.task_id);
}

void WriteTask(JsonWriter& w, const Call& call, const AlmTaskRecord& t,
               bool summary) {
  w.StartObject();
  FieldStr(w, "taskId", t.task_id);
  FieldStr(w, "taskState", t.complete ? "COMPLETE" : "IN_PROGRESS");
  FieldStr(w, "creationTime", IsoTimestamp(t.creation_time));
  if (summary) {
    w.EndObject();
    return;
  }
  FieldStr(w, "taskUrl", TaskUrl(call, t));
  // The SDK requires currentStep on every status (§6.3).
  FieldStr(w, "currentStep",
           !t.complete    ? "Processing..."
           : t.successful ? "Complete."
                          : "Failed.");
  if (t.complete) {
    w.Key("result");
    w.StartObject();
    FieldBool(w, "successful", t.successful);
    FieldStr(w, "sourceRevisionId", t.source_revision_id);
    FieldStr(w, "targetRevisionId", t.target_revision_id);
    if (t.successful && t.type != AlmTaskType::kSync) {
      FieldStr(
          w, "reportFileUrl",
          absl::StrCat(BaseUrl(call.req, call.tls), "/2/0/models/", t.model_id,
                       "/alm/",
                       t.type == AlmTaskType::kComparison ? "comparisonReports/"
                                                          : "summaryReports/",
                       t.target_revision_id, "/", t.source_revision_id));
    }
    if (!t.successful) {
      w.Key("error");
      w.StartObject();
      FieldStr(w, "title", t.error_title);
      FieldStr(w, "messageText", t.error_message);
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndObject();
}

void SendTask(Call& call, int status, const AlmTaskRecord& t) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, kTaskSchema);
  w.Key("task");
  WriteTask(w, call, t, false);
  w.EndObject();
  if (status == 201) call.res.set_header("Location", TaskUrl(call, t));
  SendJson(call.res, status, out.str());
}

// Runs what a task does when it completes.
void Finish(State& state, AlmTaskRecord& t)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  AlmStore& alm = state.alm();
  const AlmRevision* source = alm.FindRevision(t.source_revision_id);
  const AlmRevision* target = alm.FindRevision(t.target_revision_id);
  Model* model = state.tenant().FindModel(t.model_id);
  t.complete = true;
  if (source == nullptr || target == nullptr || model == nullptr) {
    t.successful = false;
    t.error_title = "Revision not found";
    t.error_message = "The source or target revision no longer exists";
    return;
  }
  t.successful = true;
  const StructureDiff diff = Diff(target->snapshot, source->snapshot);
  const std::string key =
      ReportKey(t.model_id, t.target_revision_id, t.source_revision_id);
  if (t.type == AlmTaskType::kComparison) {
    std::string tsv = "Category\tObject\tChange\n";
    for (const std::string& line : diff.lines)
      absl::StrAppend(&tsv, line, "\n");
    alm.comparison_reports[key] = tsv;
  } else if (t.type == AlmTaskType::kSummary) {
    alm.summary_reports[key] = diff;
  } else {
    ApplySnapshot(source->snapshot, *model);
    alm.model_revisions[t.model_id].push_back(source->id);
    alm.FindRevision(source->id)
        ->applied.push_back(
            {t.model_id, absl::Now(), t.user_id, "Synced via API"});
    RecordEvent(state.audit_log(), "USR-32", t.user_id, t.model_id, "MODEL",
                absl::StrCat("Revision ", source->id, " synced into model ",
                             t.model_id));
  }
}

void StartTask(State& state, Call& call, Model& model, AlmTaskType type)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  rapidjson::Document body;
  if (!ParseJson(call.req.body, body).ok() || !body.IsObject() ||
      JsonString(body, "sourceRevisionId").empty() ||
      JsonString(body, "sourceModelId").empty() ||
      JsonString(body, "targetRevisionId").empty()) {
    // The live spec documents no 400 for the report tasks; Anaplan still
    // answers one for a bad body, so the emulator does for all three.
    return SendIntegrationError(
        call.req, call.res, 400,
        "Expected mandatory fields 'sourceRevisionId', 'sourceModelId' and "
        "'targetRevisionId'");
  }
  if (!CheckAdmin(state, call, type)) return;
  AlmStore& alm = state.alm();
  AlmTaskRecord t;
  t.type = type;
  t.model_id = model.id;
  t.source_model_id = JsonString(body, "sourceModelId");
  t.source_revision_id = JsonString(body, "sourceRevisionId");
  t.target_revision_id = JsonString(body, "targetRevisionId");
  if (state.tenant().FindModel(t.source_model_id) == nullptr) {
    return SendIntegrationError(call.req, call.res, 404,
                                "Source model not found");
  }
  const std::vector<std::string>& source_revs =
      alm.model_revisions[t.source_model_id];
  const std::vector<std::string>& target_revs = alm.model_revisions[model.id];
  if (std::find(source_revs.begin(), source_revs.end(), t.source_revision_id) ==
      source_revs.end()) {
    return SendIntegrationError(call.req, call.res, 404,
                                "Source revision not found in source model");
  }
  if (std::find(target_revs.begin(), target_revs.end(), t.target_revision_id) ==
      target_revs.end()) {
    return SendIntegrationError(call.req, call.res, 404,
                                "Target revision not found in target model");
  }
  if (type == AlmTaskType::kSync) {
    if (target_revs.back() != t.target_revision_id) {
      return SendIntegrationError(
          call.req, call.res, 422,
          "The target revision is not the latest revision of the model");
    }
    const std::vector<std::string> syncable =
        SyncableRevisionIds(alm, t.source_model_id, model.id);
    if (std::find(syncable.begin(), syncable.end(), t.source_revision_id) ==
        syncable.end()) {
      return SendIntegrationError(
          call.req, call.res, 422,
          "The source revision cannot be synced into this model");
    }
    for (const AlmTaskRecord& other : alm.tasks) {
      if (other.type == AlmTaskType::kSync && other.model_id == model.id &&
          !other.complete) {
        return SendIntegrationError(call.req, call.res, 422,
                                    "A sync is already running for the model");
      }
    }
  }
  const User* user = state.tenant().FindUserByEmail(call.user_email);
  t.user_id = user != nullptr ? user->id : "";
  t.task_id = state.NewTaskId();
  t.creation_time = absl::Now();
  alm.tasks.push_back(t);
  SendTask(call, 201, alm.tasks.back());
}

void GetTask(State& state, Call& call, Model& model, AlmTaskType type)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (!CheckAdmin(state, call, type)) return;
  AlmTaskRecord* t = state.alm().FindTask(model.id, type, call.params[0]);
  if (t == nullptr) {
    return SendIntegrationError(
        call.req, call.res, 404,
        absl::StrCat("Task ", call.params[0], " not found"));
  }
  if (!t->complete && ++t->polls > state.settings().task_polls_in_progress) {
    Finish(state, *t);
  }
  SendTask(call, 200, *t);
}

void ListSyncTasks(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (!CheckAdmin(state, call, AlmTaskType::kSync)) return;
  std::vector<const AlmTaskRecord*> tasks;
  for (const AlmTaskRecord& t : state.alm().tasks) {
    if (t.type == AlmTaskType::kSync && t.model_id == model.id) {
      tasks.push_back(&t);
    }
  }
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, kTaskSchema);
  if (!tasks.empty()) {  // the key is omitted when there is none (§6.3)
    w.Key("tasks");
    w.StartArray();
    for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) {
      WriteTask(w, call, **it, true);
    }
    w.EndArray();
  }
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void ComparisonReport(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (!CheckAdmin(state, call, AlmTaskType::kComparison)) return;
  const std::string accept = call.req.get_header_value("Accept");
  if (accept.find("application/json") != std::string::npos ||
      accept.find("text/plain") != std::string::npos) {
    return SendIntegrationError(call.req, call.res, 406,
                                "Not Acceptable: the report is a file");
  }
  auto& reports = state.alm().comparison_reports;
  auto it = reports.find(ReportKey(model.id, call.params[0], call.params[1]));
  if (it == reports.end()) {
    return SendIntegrationError(call.req, call.res, 404, "Report not found");
  }
  call.res.status = 200;
  call.res.set_content(it->second, kOctetStreamContentType);
}

void WriteCounts(JsonWriter& w, const char* key,
                 const StructureDiff::Counts& c) {
  w.Key(key);
  w.StartObject();
  FieldInt(w, "modified", c.modified);
  FieldInt(w, "deleted", c.deleted);
  FieldInt(w, "created", c.created);
  w.EndObject();
}

void SummaryReport(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  if (!CheckAdmin(state, call, AlmTaskType::kSummary)) return;
  auto& reports = state.alm().summary_reports;
  auto it = reports.find(ReportKey(model.id, call.params[0], call.params[1]));
  if (it == reports.end()) {
    return SendIntegrationError(call.req, call.res, 404, "Report not found");
  }
  const StructureDiff& d = it->second;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  w.Key("summaryReport");
  w.StartObject();
  FieldStr(w, "targetRevisionId", call.params[0]);
  FieldStr(w, "sourceRevisionId", call.params[1]);
  WriteCounts(w, "totals", d.totals);
  w.Key("differences");
  w.StartObject();
  for (const auto& [category, counts] : d.by_category) {
    WriteCounts(w, category.c_str(), counts);
  }
  // Roles are not modelled: no role changes.
  w.Key("rolesContents");
  w.StartObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

}  // namespace

void RegisterAlmTaskRoutes(Router& router, ServerContext& ctx) {
  State& state = ctx.state;
  for (AlmTaskType type :
       {AlmTaskType::kSync, AlmTaskType::kComparison, AlmTaskType::kSummary}) {
    const std::string base = absl::StrCat("/alm/", Segment(type));
    AddModelRoute(
        router, ctx, "POST", base,
        [&state, type](Call& c, Model& m)
            ABSL_NO_THREAD_SAFETY_ANALYSIS { StartTask(state, c, m, type); });
    AddModelRoute(
        router, ctx, "GET", base + "/([0-9A-Fa-f]+)",
        [&state, type](Call& c, Model& m)
            ABSL_NO_THREAD_SAFETY_ANALYSIS { GetTask(state, c, m, type); });
  }
  AddModelRoute(router, ctx, "GET", "/alm/syncTasks",
                [&state](Call& c, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                  ListSyncTasks(state, c, m);
                });
  AddModelRoute(router, ctx, "GET", "/alm/comparisonReports/([^/]+)/([^/]+)",
                [&state](Call& c, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                  ComparisonReport(state, c, m);
                });
  AddModelRoute(router, ctx, "GET", "/alm/summaryReports/([^/]+)/([^/]+)",
                [&state](Call& c, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                  SummaryReport(state, c, m);
                });
}

}  // namespace anaplan::emulator
