// Large-volume read requests of views and lists (anaplan-api.md §5.4): the
// CSV is rendered and cut into pages at creation; the first poll makes half
// of the pages available (IN_PROGRESS), the second all of them (COMPLETE);
// DELETE frees the request. The live spec lists GET/DELETE/pages for views
// only; lists get the same lifecycle, as Anaplan's docs describe.

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/http_util.h"
#include "emulator/routes.h"
#include "emulator/routes_transactional.h"
#include "emulator/tx_views.h"

namespace anaplan::emulator {
namespace {

constexpr size_t kReadPageRows = 1000;

void WriteReadRequest(JsonWriter& w, Call& call, const std::string& kind,
                      int64_t id, const TxReadRequest& r, const char* state,
                      size_t available, bool base_is_request) {
  w.Key(kind == "views" ? "viewReadRequest" : "listReadRequest");
  w.StartObject();
  FieldStr(w, "requestId", r.id);
  FieldStr(w, "requestState", state);
  std::string url = BaseUrl(call.req, call.tls) + call.req.path;
  if (!base_is_request) url = absl::StrCat(url, "/", r.id);
  FieldStr(w, "url", url);
  FieldInt(w, "availablePages", static_cast<int64_t>(available));
  // The spec types viewId as an integer and listId as a string.
  if (kind == "views") {
    FieldInt(w, "viewId", id);
  } else {
    FieldStr(w, "listId", absl::StrCat(id));
  }
  if (r.complete) FieldBool(w, "successful", true);
  w.EndObject();
}

// Pages available after r.polls polls: half at the first, all after.
size_t Available(const TxReadRequest& r) {
  if (r.polls == 0) return 0;
  return r.polls == 1 ? (r.pages.size() + 1) / 2 : r.pages.size();
}

TxReadRequest* FindRequest(Model& model, const std::string& kind, int64_t id,
                           const std::string& request_id) {
  for (TxReadRequest& r : model.tx.read_requests) {
    if (r.id == request_id && (kind == "views" ? r.view_id : r.list_id) == id) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace

void AddReadRequestRoutes(Router& router, ServerContext& ctx,
                          const std::string& kind, RenderCsv render) {
  ServerContext* c = &ctx;
  const std::string base = "/" + kind + "/([0-9]+)/readRequests";
  AddModelRoute(
      router, ctx, "POST", base + "/?",
      [c, kind, render](Call& call, Model& m) ABSL_NO_THREAD_SAFETY_ANALYSIS {
        const int64_t id = PathId(call, 0);
        std::string csv;
        if (!render(call, m, id, &csv)) return;
        TxReadRequest r;
        r.id = c->state.NewTaskId();
        (kind == "views" ? r.view_id : r.list_id) = id;
        r.pages = CutPages(csv, kReadPageRows);
        JsonOut out;
        JsonWriter& w = out.w();
        w.StartObject();
        WriteEnvelope(w, TxSchema(m, "readRequest"));
        WriteReadRequest(w, call, kind, id, r, "NOT_STARTED", 0, false);
        w.EndObject();
        m.tx.read_requests.push_back(std::move(r));
        SendJson(call.res, 200, out.str());
      });
  AddModelRoute(router, ctx, "GET", base + "/([^/]+)",
                [kind](Call& call, Model& m) {
                  const int64_t id = PathId(call, 0);
                  TxReadRequest* r = FindRequest(m, kind, id, call.params[1]);
                  if (r == nullptr) return SendNotFound(call, "read request");
                  ++r->polls;
                  r->complete = r->polls >= 2;
                  JsonOut out;
                  JsonWriter& w = out.w();
                  w.StartObject();
                  WriteEnvelope(w, TxSchema(m, "readRequest"));
                  WriteReadRequest(w, call, kind, id, *r,
                                   r->complete ? "COMPLETE" : "IN_PROGRESS",
                                   Available(*r), true);
                  w.EndObject();
                  SendJson(call.res, 200, out.str());
                });
  AddModelRoute(router, ctx, "GET", base + "/([^/]+)/pages/([0-9]+)",
                [kind](Call& call, Model& m) {
                  TxReadRequest* r =
                      FindRequest(m, kind, PathId(call, 0), call.params[1]);
                  size_t page = 0;
                  if (r == nullptr ||
                      !absl::SimpleAtoi(call.params[2], &page) ||
                      page >= Available(*r)) {
                    return SendNotFound(call, "page");
                  }
                  call.res.status = 200;
                  call.res.set_content(r->pages[page], "text/csv");
                });
  AddModelRoute(router, ctx, "DELETE", base + "/([^/]+)",
                [kind](Call& call, Model& m) {
                  const int64_t id = PathId(call, 0);
                  TxReadRequest* r = FindRequest(m, kind, id, call.params[1]);
                  if (r == nullptr) return SendNotFound(call, "read request");
                  JsonOut out;
                  JsonWriter& w = out.w();
                  w.StartObject();
                  WriteEnvelope(w, TxSchema(m, "readRequest"));
                  WriteReadRequest(w, call, kind, id, *r,
                                   r->complete ? "COMPLETE" : "CANCELLED",
                                   Available(*r), true);
                  w.EndObject();
                  auto& all = m.tx.read_requests;
                  all.erase(all.begin() + (r - all.data()));
                  SendJson(call.res, 200, out.str());
                });
}

}  // namespace anaplan::emulator
