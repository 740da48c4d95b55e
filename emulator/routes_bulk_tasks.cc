// Bulk tasks (anaplan-api.md §4.5-4.7, §4.10, §11.6): start, poll (which
// drives progression), list, cancel, failure dumps and optimizer logs.

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/audit_events.h"
#include "emulator/http_util.h"
#include "emulator/json_util.h"
#include "emulator/paging.h"
#include "emulator/routes.h"
#include "emulator/task_engine.h"

namespace anaplan::emulator {
namespace {

constexpr char kSegments[] = "(imports|exports|actions|processes)";
constexpr size_t kDumpChunkSize = 10 * 1024 * 1024;  // Anaplan: <= 10 MB.

std::string TaskSchema(const Model& model) {
  return absl::StrCat("https://api.anaplan.com/2/0/models/", model.id,
                      "/objects/task");
}

// Imports, exports and processes lock the model; other actions queue.
bool LocksModel(const std::string& segment) { return segment != "actions"; }

void NotFound(Call& call) {
  SendIntegrationError(call.req, call.res, 404, "Resource not found");
}

void SendTask(Call& call, const Model& model, const Task& task) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, TaskSchema(model));
  w.Key("task");
  WriteTaskJson(w, task);
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void StartTaskRoute(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const std::string& segment = call.params[0];
  const int64_t id = ParseObjectId(call.params[1]);
  if (!ObjectExists(model, segment, id)) return NotFound(call);
  rapidjson::Document body;
  if (!call.req.body.empty() && !ParseJson(call.req.body, body).ok()) {
    return SendIntegrationError(call.req, call.res, 400, "Malformed JSON body");
  }
  if (state.settings().model_busy_conflict && LocksModel(segment) &&
      std::any_of(model.tasks.begin(), model.tasks.end(), [](const Task& t) {
        return LocksModel(t.segment) && (t.state == TaskState::kNotStarted ||
                                         t.state == TaskState::kInProgress);
      })) {
    return SendIntegrationError(call.req, call.res, 409,
                                "The model is busy running another task");
  }
  Task& task =
      StartTask(model, segment, id, state.NewTaskId(), call.user_email);
  RecordTaskEvent(state, call.user_email, model, task);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, TaskSchema(model));
  w.Key("task");
  w.StartObject();
  FieldStr(w, "taskId", task.task_id);
  FieldStr(w, "taskState", TaskStateName(task.state));
  FieldInt(w, "creationTime", UnixMillis(task.creation_time));
  FieldStr(w, "taskUrl",
           absl::StrCat(BaseUrl(call.req, call.tls), call.req.path, "/",
                        task.task_id));
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void ListTasks(Call& call, Model& model, int max_page_size) {
  const int64_t id = ParseObjectId(call.params[1]);
  std::vector<ListRow> rows;
  for (const Task& task : model.tasks) {
    if (task.segment != call.params[0] || task.object_id != id) continue;
    JsonOut out;
    WriteTaskSummaryJson(out.w(), task);
    rows.push_back({out.str(),
                    {{"taskId", SortText(task.task_id)},
                     {"taskState", SortText(TaskStateName(task.state))},
                     {"creationTime", SortNumber(static_cast<double>(
                                          UnixMillis(task.creation_time)))},
                     {"progress", SortNumber(task.progress)}},
                    {}});
  }
  // Unknown parents list as empty, never 404 (anaplan-openapi notes).
  SendPagedList(call, std::move(rows),
                {"tasks",
                 TaskSchema(model),
                 false,
                 {"taskId", "taskState", "creationTime", "progress"},
                 false},
                max_page_size, false);
}

Task* TaskOf(Call& call, Model& model) {
  Task* task = model.FindTask(call.params[0], ParseObjectId(call.params[1]),
                              call.params[2]);
  if (task == nullptr) NotFound(call);
  return task;
}

// Sends a dump whole (`chunk` empty), as a chunk list ("list"), or one
// chunk by index.
void SendDump(Call& call, const Model& model, const std::string& dump,
              const std::string& chunk, int max_page_size) {
  const size_t chunks = (dump.size() + kDumpChunkSize - 1) / kDumpChunkSize;
  if (chunk.empty()) {
    call.res.set_content(dump, kTextContentType);
    return;
  }
  if (chunk == "list") {
    std::vector<ListRow> rows;
    for (size_t i = 0; i < chunks; ++i) {
      rows.push_back(
          {absl::StrCat("{\"id\":\"", i, "\",\"name\":\"Chunk ", i, "\"}"),
           {},
           {}});
    }
    SendPagedList(call, std::move(rows),
                  {"chunks", TaskSchema(model), false, {}, false, true},
                  max_page_size, false);
    return;
  }
  size_t index = 0;
  if (!absl::SimpleAtoi(chunk, &index) || index >= chunks) {
    return NotFound(call);
  }
  call.res.set_content(dump.substr(index * kDumpChunkSize, kDumpChunkSize),
                       kTextContentType);
}

// GET imports/{id}/tasks/{t}/dump[/chunks[/{n}]] and
// processes/{id}/tasks/{t}/dumps/{objectId}[/chunks[/{n}]].
void GetDump(Call& call, Model& model, int64_t object_id,
             const std::string& chunk, int max_page_size) {
  Task* task = TaskOf(call, model);
  if (task == nullptr) return;
  auto it = task->dumps.find(object_id);
  if (it == task->dumps.end()) return NotFound(call);
  SendDump(call, model, it->second, chunk, max_page_size);
}

void GetSolutionLog(State& state, Call& call, Model& model)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu()) {
  const User* caller = state.tenant().FindUserByEmail(call.user_email);
  if (caller == nullptr || !caller->workspace_admin) {
    // The role check precedes the id check (anaplan-openapi notes).
    return SendIntegrationError(call.req, call.res, 403, "Forbidden");
  }
  const int64_t action_id = ParseObjectId(call.params[0]);
  auto action = model.actions.find(action_id);
  if (action == model.actions.end() ||
      action->second.action_type != "OPTIMIZER") {
    return NotFound(call);
  }
  // The last segment may be the optimizer's own task or a task of a
  // process that ran it.
  for (const Task& task : model.tasks) {
    auto log = task.solution_logs.find(action_id);
    if (task.task_id == call.params[1] && log != task.solution_logs.end()) {
      call.res.set_content(log->second, kTextContentType);
      return;
    }
  }
  NotFound(call);
}

}  // namespace

void RegisterBulkTaskRoutes(Router& router, ServerContext& ctx) {
  State& state = ctx.state;
  const std::string tasks = absl::StrCat("/", kSegments, "/([^/]+)/tasks");
  const std::string task = tasks + "/([^/]+)";
  // Handlers run with the state lock held (AddModelRoute).
  auto page = [&state]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return state.settings().max_page_size;
  };
  AddModelRoute(router, ctx, "POST", tasks + "/?",
                [&state](Call& c, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                  StartTaskRoute(state, c, m);
                });
  AddModelRoute(router, ctx, "GET", tasks + "/?",
                [page](Call& c, Model& m) { ListTasks(c, m, page()); });
  AddModelRoute(router, ctx, "GET", task,
                [&state](Call& c, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                  Task* t = TaskOf(c, m);
                  if (t == nullptr) return;
                  const bool was_done = t->state == TaskState::kComplete;
                  AdvanceTask(m, *t, state.settings());
                  if (!was_done && t->state == TaskState::kComplete) {
                    RecordTaskEvent(state, t->started_by, m, *t);
                  }
                  SendTask(c, m, *t);
                });
  AddModelRoute(router, ctx, "DELETE", task, [](Call& c, Model& m) {
    Task* t = TaskOf(c, m);
    if (t == nullptr) return;
    CancelTask(*t);
    SendTask(c, m, *t);
  });
  // Import dumps: the dump belongs to the import itself.
  const std::string import_dump = "/(imports)/([^/]+)/tasks/([^/]+)/dump";
  auto import_dump_route = [page](const std::string& chunk_kind) {
    return [page, chunk_kind](Call& c, Model& m) {
      std::string chunk = chunk_kind == "n" ? c.params[3] : chunk_kind;
      GetDump(c, m, ParseObjectId(c.params[1]), chunk, page());
    };
  };
  AddModelRoute(router, ctx, "GET", import_dump, import_dump_route(""));
  AddModelRoute(router, ctx, "GET", import_dump + "/chunks/?",
                import_dump_route("list"));
  AddModelRoute(router, ctx, "GET", import_dump + "/chunks/([^/]+)",
                import_dump_route("n"));
  // Process dumps: keyed by the nested result's objectId.
  const std::string process_dump =
      "/(processes)/([^/]+)/tasks/([^/]+)/dumps/([^/]+)";
  auto process_dump_route = [page](const std::string& chunk_kind) {
    return [page, chunk_kind](Call& c, Model& m) {
      std::string chunk = chunk_kind == "n" ? c.params[4] : chunk_kind;
      GetDump(c, m, ParseObjectId(c.params[3]), chunk, page());
    };
  };
  AddModelRoute(router, ctx, "GET", process_dump, process_dump_route(""));
  AddModelRoute(router, ctx, "GET", process_dump + "/chunks/?",
                process_dump_route("list"));
  AddModelRoute(router, ctx, "GET", process_dump + "/chunks/([^/]+)",
                process_dump_route("n"));
  AddModelRoute(
      router, ctx, "GET", "/optimizeActions/([^/]+)/tasks/([^/]+)/solutionLogs",
      [&state](Call& c, Model& m)
          ABSL_NO_THREAD_SAFETY_ANALYSIS { GetSolutionLog(state, c, m); });
}

}  // namespace anaplan::emulator
