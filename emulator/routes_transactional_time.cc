// Transactional time settings (anaplan-api.md §5.7): current period,
// model calendar and fiscal year, versions and their switchover. The
// calendar is monthly (FY = calendar year); dates are checked against the
// timescale (fiscal year minus past years .. plus future years).

#include <cstdio>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "emulator/http_util.h"
#include "emulator/routes.h"
#include "emulator/routes_transactional.h"

namespace anaplan::emulator {
namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Date {
  int year = 0, month = 0, day = 0;
};

int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool ParseDate(const std::string& text, Date* date) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!absl::SimpleAtoi(text.substr(0, 4), &date->year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &date->month) ||
      !absl::SimpleAtoi(text.substr(8, 2), &date->day)) {
    return false;
  }
  return date->month >= 1 && date->month <= 12 && date->day >= 1 &&
         date->day <= DaysIn(date->year, date->month);
}

std::string FormatDate(int year, int month, int day) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", year, month, day);
  return buffer;
}

// "Mar 24" for a YYYY-MM-DD day.
std::string PeriodText(const std::string& day) {
  Date d;
  if (!ParseDate(day, &d)) return "";
  return absl::StrCat(kMonths[d.month - 1], " ",
                      FormatDate(d.year, 1, 1).substr(2, 2));
}

// The timescale: fiscal year minus past years .. plus future years.
bool InTimescale(const TxModelState& tx, const Date& d) {
  return d.year >= tx.fiscal_year - tx.past_years &&
         d.year <= tx.fiscal_year + tx.future_years;
}

void WritePeriod(JsonWriter& w, const TxModelState& tx, bool with_type) {
  FieldStr(w, "periodText", PeriodText(tx.current_day));
  FieldStr(w, "lastDay", tx.current_day);
  if (with_type) FieldStr(w, "calendarType", tx.calendar_type);
}

void SendCurrentPeriod(Call& call, const Model& model) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, TxSchema(model, "currentPeriod"));
  w.Key("currentPeriod");
  w.StartObject();
  WritePeriod(w, model.tx, true);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

// modelCalendar with the live spec's totalsSelection names (isQuarterTotals
// ...); anaplan-sdk's model reads quarterTotals... (spec wins).
void SendCalendar(Call& call, const Model& model) {
  const TxModelState& tx = model.tx;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, TxSchema(model, "modelCalendar"));
  w.Key("modelCalendar");
  w.StartObject();
  FieldStr(w, "calendarType", tx.calendar_type);
  w.Key("currentPeriod");
  w.StartObject();
  WritePeriod(w, tx, false);
  w.EndObject();
  w.Key("fiscalYear");
  w.StartObject();
  FieldStr(w, "year", absl::StrCat("FY", tx.fiscal_year % 100));
  FieldStr(w, "startDate", FormatDate(tx.fiscal_year, 1, 1));
  FieldStr(w, "endDate", FormatDate(tx.fiscal_year, 12, 31));
  w.EndObject();
  FieldInt(w, "pastYearsCount", tx.past_years);
  FieldInt(w, "futureYearsCount", tx.future_years);
  w.Key("totalsSelection");
  w.StartObject();
  FieldBool(w, "isQuarterTotals", true);
  FieldBool(w, "isHalfYearTotals", false);
  FieldBool(w, "isYearToDateSummary", true);
  FieldBool(w, "isYearToGoSummary", false);
  FieldBool(w, "isTotalOfAllPeriods", true);
  w.EndObject();
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

void SetCurrentPeriod(Call& call, Model& model) {
  rapidjson::Document body;
  const bool has_body = !call.req.body.empty() &&
                        ParseJson(call.req.body, body).ok() &&
                        body.IsObject() && JsonHas(body, "date");
  const bool has_query = call.req.has_param("date");
  if (has_body && has_query) {
    return SendBadRequest(call,
                          "use query parameter or body to set date, not both");
  }
  const std::string text = has_query  ? call.req.get_param_value("date")
                           : has_body ? JsonString(body, "date")
                                      : "";
  Date d;
  if (!ParseDate(text, &d)) {
    return SendBadRequest(call, absl::StrCat("Invalid ISO date format '", text,
                                             "', expected YYYY-MM-DD"));
  }
  if (!InTimescale(model.tx, d)) {
    return SendBadRequest(call, absl::StrCat("Specified date '", text,
                                             "' is out of timescale range"));
  }
  model.tx.current_day = FormatDate(d.year, d.month, DaysIn(d.year, d.month));
  SendCurrentPeriod(call, model);
}

void SetFiscalYear(Call& call, Model& model) {
  rapidjson::Document body;
  int year = 0;
  std::string text;
  if (ParseJson(call.req.body, body).ok() && body.IsObject()) {
    text = JsonString(body, "year");
  }
  if (text.size() != 4 || text.rfind("FY", 0) != 0 ||
      !absl::SimpleAtoi(text.substr(2), &year)) {
    return SendBadRequest(call, absl::StrCat("Invalid fiscal year '", text,
                                             "', expected e.g. FY24"));
  }
  year += 2000;
  if (year < 2000 || year > 2099) {
    return SendBadRequest(call, "fiscal year out of range");
  }
  model.tx.fiscal_year = year;
  Date current;
  if (ParseDate(model.tx.current_day, &current) &&
      !InTimescale(model.tx, current)) {
    model.tx.current_day = FormatDate(year, 1, 31);
  }
  SendCalendar(call, model);
}

void SendVersions(Call& call, ServerContext& ctx, const Model& model) {
  std::vector<ListRow> rows;
  for (const TxVersion& v : model.tx.versions) {
    JsonOut out;
    JsonWriter& w = out.w();
    w.StartObject();
    FieldStr(w, "id", absl::StrCat(v.id));
    FieldStr(w, "name", v.name);
    FieldStr(w, "code", v.code);
    FieldBool(w, "isActual", v.is_actual);
    FieldBool(w, "isCurrent", v.is_current);
    for (const char* key : {"editFrom", "editTo"}) {
      const int year =
          model.tx.fiscal_year +
          (key[4] == 'F' ? -model.tx.past_years : model.tx.future_years);
      w.Key(key);
      w.StartObject();
      const std::string day =
          key[4] == 'F' ? FormatDate(year, 1, 31) : FormatDate(year, 12, 31);
      FieldStr(w, "date", day);
      FieldStr(w, "periodText", PeriodText(day));
      w.EndObject();
    }
    if (!v.switchover.empty()) {
      w.Key("switchover");
      w.StartObject();
      FieldStr(w, "date", v.switchover);
      FieldStr(w, "periodText", PeriodText(v.switchover));
      w.EndObject();
    }
    FieldStr(w, "formula", "");
    FieldStr(w, "notes", "");
    w.EndObject();
    rows.push_back(
        {out.str(), {{"id", SortNumber(static_cast<double>(v.id))}}, {}});
  }
  SendTxListing(call, ctx, model, "versionMetadata", std::move(rows));
}

void SetSwitchover(Call& call, Model& model, int64_t id) {
  TxVersion* version = nullptr;
  for (TxVersion& v : model.tx.versions) {
    if (v.id == id) version = &v;
  }
  if (version == nullptr) return SendNotFound(call, "version");
  rapidjson::Document body;
  std::string text;
  if (ParseJson(call.req.body, body).ok() && body.IsObject()) {
    text = JsonString(body, "date");
  }
  Date d;
  if (!text.empty() && !ParseDate(text, &d)) {
    return SendBadRequest(call,
                          absl::StrCat("Invalid ISO date format '", text, "'"));
  }
  if (!text.empty()) {
    text = FormatDate(d.year, d.month, DaysIn(d.year, d.month));
  }
  version->switchover = text;
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartObject();
  WriteEnvelope(w, TxSchema(model, "versionSwitchover"));
  w.Key("versionSwitchover");
  w.StartObject();
  FieldStr(w, "id", absl::StrCat(version->id));
  FieldStr(w, "name", version->name);
  FieldStr(w, "code", version->code);
  FieldStr(w, "date", text);
  FieldStr(w, "periodText", PeriodText(text));
  FieldStr(w, "calendarType", model.tx.calendar_type);
  w.EndObject();
  w.EndObject();
  SendJson(call.res, 200, out.str());
}

}  // namespace

void RegisterTxTimeRoutes(Router& router, ServerContext& ctx) {
  ServerContext* c = &ctx;
  AddModelRoute(router, ctx, "GET", "/currentPeriod/?",
                [](Call& call, Model& m) { SendCurrentPeriod(call, m); });
  AddModelRoute(router, ctx, "PUT", "/currentPeriod/?",
                [](Call& call, Model& m) { SetCurrentPeriod(call, m); });
  AddModelRoute(router, ctx, "GET", "/modelCalendar/?",
                [](Call& call, Model& m) { SendCalendar(call, m); });
  AddModelRoute(router, ctx, "PUT", "/modelCalendar/fiscalYear/?",
                [](Call& call, Model& m) { SetFiscalYear(call, m); });
  AddModelRoute(router, ctx, "GET", "/versions/?",
                [c](Call& call, Model& m) { SendVersions(call, *c, m); });
  AddModelRoute(
      router, ctx, "PUT", "/versions/([0-9]+)/switchover/?",
      [](Call& call, Model& m) { SetSwitchover(call, m, PathId(call, 0)); });
}

}  // namespace anaplan::emulator
