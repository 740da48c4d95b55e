// List item writes, cell data, large-volume read requests and time settings
// of TransactionalConnectionImpl.
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#include "anaplan_core/bulk/bulk_fetch.h"
#include "anaplan_core/bulk/bulk_json.h"
#include "anaplan_core/bulk/bulk_urls.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"
#include "anaplan_core/transactional/transactional_connection_impl.h"
#include "anaplan_core/transactional/transactional_json.h"

namespace anaplan::core {
namespace {

absl::Status NeedId(int64_t id, absl::string_view field) {
  if (id > 0) return absl::OkStatus();
  return InvalidField(field, absl::StrCat(field, " must be a positive id"));
}

// The query of GET views/{id}/data (anaplan-api.md §5.3).
std::string CellsUrl(std::string url, const CellsQuery& query, bool json) {
  if (json) url = internal::AppendQuery(std::move(url), "format=v1");
  if (!query.pages.empty()) {
    std::vector<std::string> parts;
    for (const PageSelector& p : query.pages) {
      parts.push_back(absl::StrCat(p.dimension_id, ":", p.item_id));
    }
    // One comma-joined value, as the SDK sends it.
    url = internal::AppendQuery(
        std::move(url),
        absl::StrCat("pages=", internal::UrlEncode(absl::StrJoin(parts, ","))));
  }
  if (query.max_rows > 0) {
    url = internal::AppendQuery(std::move(url),
                                absl::StrCat("maxRows=", query.max_rows));
  }
  if (!json && !query.export_type.empty()) {
    url = internal::AppendQuery(
        std::move(url),
        absl::StrCat("exportType=", internal::UrlEncode(query.export_type)));
  }
  if (query.module_id > 0) {
    url = internal::AppendQuery(std::move(url),
                                absl::StrCat("moduleId=", query.module_id));
  }
  return url;
}

absl::Status Aborted(const std::string& what) {
  ErrorInfo info;
  info.reason = "ANAPLAN_TASK_CANCELLED";
  return MakeError(absl::StatusCode::kAborted, what, info);
}

}  // namespace

absl::StatusOr<std::string> TransactionalConnectionImpl::GetText(
    const std::string& url, const std::string& accept, const CallContext& ctx) {
  HttpRequest request = internal::MakeRequest(*rest_, "GET", url);
  request.headers.emplace_back("Accept", accept);
  ANAPLAN_ASSIGN_OR_RETURN(
      HttpResponse response,
      rest_->Execute(std::move(request), Idempotency::kIdempotent, ctx));
  return std::move(response.body);
}

absl::Duration TransactionalConnectionImpl::PollInterval(
    absl::Duration requested) const {
  return requested > absl::ZeroDuration() ? requested
                                          : rest_->options().poll_delay;
}

absl::StatusOr<ListItemsResult> TransactionalConnectionImpl::WriteListItems(
    const TxScope& scope, int64_t list_id, ListWriteOp op,
    const std::vector<ListItemInput>& items, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(list_id, "list_id"));
  if (static_cast<int64_t>(items.size()) > kMaxListItemsPerCall) {
    return InvalidField(
        "items", absl::StrCat(items.size(), " items exceed the limit of ",
                              kMaxListItemsPerCall, " per call"));
  }
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, WorkspaceBase(scope));
  if (items.empty()) return ListItemsResult{};
  const std::string url = absl::StrCat(base, "/lists/", list_id, "/items");
  absl::StatusOr<rapidjson::Document> reply;
  switch (op) {
    case ListWriteOp::kAdd:
      // Adding twice would add twice: never resent when its fate is unknown.
      reply = rest_->SendJson("POST", url + "?action=add", ListItemsBody(items),
                              Idempotency::kNonIdempotent, ctx);
      break;
    case ListWriteOp::kUpdate:
      reply = rest_->SendJson("PUT", url, ListItemsBody(items),
                              Idempotency::kIdempotent, ctx);
      break;
    case ListWriteOp::kDelete:
      reply =
          rest_->SendJson("POST", url + "?action=delete", ListItemsBody(items),
                          Idempotency::kIdempotent, ctx);
      break;
  }
  if (!reply.ok()) return reply.status();
  return ParseListItemsResult(*reply);
}

absl::Status TransactionalConnectionImpl::ResetListIndex(
    const TxScope& scope, int64_t list_id, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(list_id, "list_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, WorkspaceBase(scope));
  return rest_
      ->SendJson("POST", absl::StrCat(base, "/lists/", list_id, "/resetIndex"),
                 "", Idempotency::kIdempotent, ctx)
      .status();
}

absl::StatusOr<ViewData> TransactionalConnectionImpl::GetCells(
    const TxScope& scope, const CellsQuery& query, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(query.view_id, "view_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  // Anaplan picks JSON or CSV by the Accept header.
  ANAPLAN_ASSIGN_OR_RETURN(
      std::string text,
      GetText(CellsUrl(absl::StrCat(base, "/views/", query.view_id, "/data"),
                       query, true),
              "application/json", ctx));
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply, ParseJson(text));
  return ParseViewData(reply);
}

absl::Status TransactionalConnectionImpl::GetCellsCsv(const TxScope& scope,
                                                      const CellsQuery& query,
                                                      ByteSink& sink,
                                                      const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(query.view_id, "view_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  ANAPLAN_ASSIGN_OR_RETURN(
      std::string csv,
      GetText(CellsUrl(absl::StrCat(base, "/views/", query.view_id, "/data"),
                       query, false),
              query.escaped ? "text/csv;escaped=true" : "text/csv", ctx));
  ANAPLAN_RETURN_IF_ERROR(sink.Start(static_cast<int64_t>(csv.size())));
  if (csv.empty()) return absl::OkStatus();
  return sink.Write(csv, 0, 0);
}

absl::StatusOr<WriteCellsResult> TransactionalConnectionImpl::WriteCells(
    const TxScope& scope, int64_t module_id,
    const std::vector<CellWrite>& cells, const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(module_id, "module_id"));
  if (static_cast<int64_t>(cells.size()) > kMaxCellsPerCall) {
    return InvalidField(
        "cells", absl::StrCat(cells.size(), " cells exceed the limit of ",
                              kMaxCellsPerCall, " per call"));
  }
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  if (cells.empty()) return WriteCellsResult{};
  // Writing the same values again changes nothing: safe to resend.
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("POST",
                      absl::StrCat(base, "/modules/", module_id, "/data"),
                      CellWritesBody(cells), Idempotency::kIdempotent, ctx));
  return ParseWriteCellsResult(reply);
}

absl::Status TransactionalConnectionImpl::ReadLargeVolume(
    const TxScope& scope, int64_t view_id, int64_t list_id,
    const std::string& export_type, absl::Duration poll_interval,
    const std::function<absl::Status(const ReadRequestStatus&, int64_t,
                                     std::string)>& on_page,
    const CallContext& ctx) {
  if (view_id <= 0 && list_id <= 0) {
    return InvalidField("view_id", "give a view_id or a list_id");
  }
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, WorkspaceBase(scope));
  const bool view = view_id > 0;
  const std::string requests =
      view ? absl::StrCat(base, "/views/", view_id, "/readRequests")
           : absl::StrCat(base, "/lists/", list_id, "/readRequests");
  const char* key = view ? "viewReadRequest" : "listReadRequest";
  const std::string body =
      view ? SingleFieldBody("exportType", export_type.empty()
                                               ? "TABULAR_MULTI_COLUMN"
                                               : export_type)
           : "";
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document created,
                           rest_->SendJson("POST", requests, body,
                                           Idempotency::kNonIdempotent, ctx));
  ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* created_object,
                           RequiredObject(created, key));
  ANAPLAN_ASSIGN_OR_RETURN(ReadRequestStatus status,
                           ParseReadRequest(*created_object));
  const std::string request_url =
      absl::StrCat(requests, "/", internal::UrlEncode(status.request_id));

  auto run = [&]() -> absl::Status {
    int64_t next_page = 0;
    while (true) {
      ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply,
                               rest_->GetJson(request_url, ctx));
      ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* object,
                               RequiredObject(reply, key));
      ANAPLAN_ASSIGN_OR_RETURN(status, ParseReadRequest(*object));
      if (status.request_state == "CANCELLED" ||
          status.request_state == "CANCELLING") {
        return Aborted(
            absl::StrCat("read request ", status.request_id, " was cancelled"));
      }
      for (; next_page < status.available_pages; ++next_page) {
        ANAPLAN_ASSIGN_OR_RETURN(
            std::string page,
            GetText(absl::StrCat(request_url, "/pages/", next_page), "text/csv",
                    ctx));
        ANAPLAN_RETURN_IF_ERROR(on_page(status, next_page, std::move(page)));
      }
      if (status.request_state == "COMPLETE") {
        if (!status.successful) {
          ErrorInfo info;
          info.reason = "ANAPLAN_TASK_FAILED";
          return MakeError(absl::StatusCode::kAborted,
                           absl::StrCat("read request ", status.request_id,
                                        " completed unsuccessfully"),
                           info);
        }
        return absl::OkStatus();
      }
      ANAPLAN_RETURN_IF_ERROR(
          sleeper_->Sleep(PollInterval(poll_interval), ctx));
    }
  };
  absl::Status result = run();
  // Free Anaplan's storage whatever happened; a failure here only matters
  // when everything else worked.
  const CallContext cleanup = CallContext::WithTimeout(absl::Seconds(30));
  absl::Status deleted = rest_
                             ->SendJson("DELETE", request_url, "",
                                        Idempotency::kIdempotent, cleanup)
                             .status();
  if (result.ok() && !deleted.ok()) return deleted;
  return result;
}

absl::StatusOr<CurrentPeriod> TransactionalConnectionImpl::GetCurrentPeriod(
    const TxScope& scope, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return internal::GetOne<CurrentPeriod>(*rest_, base + "/currentPeriod",
                                         "currentPeriod", &ParseCurrentPeriod,
                                         ctx);
}

absl::StatusOr<CurrentPeriod> TransactionalConnectionImpl::SetCurrentPeriod(
    const TxScope& scope, const std::string& date, const CallContext& ctx) {
  if (date.empty()) return InvalidField("date", "date must not be empty");
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply,
                           rest_->SendJson("PUT", base + "/currentPeriod",
                                           SingleFieldBody("date", date),
                                           Idempotency::kIdempotent, ctx));
  ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* period,
                           RequiredObject(reply, "currentPeriod"));
  return ParseCurrentPeriod(*period);
}

absl::StatusOr<ModelCalendar> TransactionalConnectionImpl::GetModelCalendar(
    const TxScope& scope, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return internal::GetOne<ModelCalendar>(*rest_, base + "/modelCalendar",
                                         "modelCalendar", &ParseModelCalendar,
                                         ctx);
}

absl::StatusOr<ModelCalendar> TransactionalConnectionImpl::SetCurrentFiscalYear(
    const TxScope& scope, const std::string& year, const CallContext& ctx) {
  if (year.empty()) return InvalidField("year", "year must not be empty");
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson("PUT", base + "/modelCalendar/fiscalYear",
                      SingleFieldBody("year", year), Idempotency::kIdempotent,
                      ctx));
  ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* calendar,
                           RequiredObject(reply, "modelCalendar"));
  return ParseModelCalendar(*calendar);
}

absl::StatusOr<std::vector<Version>> TransactionalConnectionImpl::GetVersions(
    const TxScope& scope, const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, true));
  return internal::ListAll<Version>(*rest_, base + "/versions",
                                    "versionMetadata", &ParseVersion, ctx);
}

absl::StatusOr<VersionSwitchover>
TransactionalConnectionImpl::SetVersionSwitchover(const TxScope& scope,
                                                  int64_t version_id,
                                                  const std::string& date,
                                                  const CallContext& ctx) {
  ANAPLAN_RETURN_IF_ERROR(NeedId(version_id, "version_id"));
  ANAPLAN_ASSIGN_OR_RETURN(std::string base, Base(scope, false));
  ANAPLAN_ASSIGN_OR_RETURN(
      rapidjson::Document reply,
      rest_->SendJson(
          "PUT", absl::StrCat(base, "/versions/", version_id, "/switchover"),
          SingleFieldBody("date", date), Idempotency::kIdempotent, ctx));
  ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* object,
                           RequiredObject(reply, "versionSwitchover"));
  return ParseVersionSwitchover(*object);
}

}  // namespace anaplan::core
