#include "emulator/faults.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

#include "emulator/json_util.h"

namespace anaplan::emulator {
namespace {

struct ActionName {
  FaultAction action;
  const char* name;
};

constexpr ActionName kActionNames[] = {
    {FaultAction::kStatus, "status"},
    {FaultAction::kReset, "reset"},
    {FaultAction::kTruncate, "truncate"},
    {FaultAction::kStall, "stall"},
    {FaultAction::kDropResponse, "drop_response"},
    {FaultAction::kCorrupt, "corrupt"},
};

std::optional<FaultAction> ParseAction(const std::string& name) {
  for (const ActionName& entry : kActionNames) {
    if (name == entry.name) return entry.action;
  }
  return std::nullopt;
}

// "date+N" -> the IMF-fixdate N seconds after the next whole second.
std::string ExpandRetryAfter(const std::string& value) {
  int64_t seconds = 0;
  if (!absl::StartsWith(value, "date+") ||
      !absl::SimpleAtoi(value.substr(5), &seconds)) {
    return value;
  }
  const int64_t next_second =
      absl::ToUnixSeconds(absl::Now()) + 1;  // Rounds the date up.
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT",
                          absl::FromUnixSeconds(next_second + seconds),
                          absl::UTCTimeZone());
}

}  // namespace

const char* FaultActionName(FaultAction action) {
  for (const ActionName& entry : kActionNames) {
    if (entry.action == action) return entry.name;
  }
  return "status";
}

absl::Status FaultRegistry::AddFromJson(std::string_view json) {
  rapidjson::Document doc;
  if (absl::Status parsed = ParseJson(json, doc); !parsed.ok()) return parsed;
  std::vector<const rapidjson::Value*> specs;
  if (doc.IsArray()) {
    for (const rapidjson::Value& v : doc.GetArray()) specs.push_back(&v);
  } else {
    specs.push_back(&doc);
  }
  std::vector<Rule> parsed_rules;
  for (const rapidjson::Value* spec : specs) {
    if (!spec->IsObject()) {
      return absl::InvalidArgumentError("a fault must be a JSON object");
    }
    Rule rule;
    rule.hit.id = JsonString(*spec, "id");
    rule.method = JsonString(*spec, "method", "*");
    rule.path_pattern = JsonString(*spec, "path", ".*");
    rule.count = static_cast<int>(JsonInt(*spec, "count", 1));
    rule.skip = static_cast<int>(JsonInt(*spec, "skip", 0));
    rule.hit.status = static_cast<int>(JsonInt(*spec, "status", 503));
    rule.hit.retry_after = JsonString(*spec, "retry_after");
    rule.hit.delay_ms = static_cast<int>(JsonInt(*spec, "delay_ms", 0));
    rule.hit.after_bytes = JsonInt(*spec, "after_bytes", 0);
    std::string action_name = JsonString(*spec, "action", "status");
    std::optional<FaultAction> action = ParseAction(action_name);
    if (!action) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown fault action '", action_name, "'"));
    }
    rule.hit.action = *action;
    if (rule.hit.status < 100 || rule.hit.status > 599) {
      return absl::InvalidArgumentError("fault status must be 100..599");
    }
    // std::regex reports a bad pattern only by throwing.
    try {
      rule.path = std::regex(rule.path_pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return absl::InvalidArgumentError(absl::StrCat(
          "bad fault path regex '", rule.path_pattern, "': ", e.what()));
    }
    parsed_rules.push_back(std::move(rule));
  }
  anaplan::MutexLock lock(&mu_);
  for (Rule& rule : parsed_rules) {
    if (rule.hit.id.empty()) rule.hit.id = absl::StrCat("fault-", next_id_);
    ++next_id_;
    rules_.push_back(std::move(rule));
  }
  return absl::OkStatus();
}

std::optional<FaultHit> FaultRegistry::Match(const std::string& method,
                                             const std::string& path) {
  anaplan::MutexLock lock(&mu_);
  for (Rule& rule : rules_) {
    if (rule.count >= 0 && rule.fired >= rule.count) continue;  // Disarmed.
    if (rule.method != "*" && rule.method != method) continue;
    if (!std::regex_search(path, rule.path)) continue;
    ++rule.seen;
    if (rule.seen <= rule.skip) continue;
    ++rule.fired;
    FaultHit hit = rule.hit;
    hit.retry_after = ExpandRetryAfter(hit.retry_after);
    return hit;
  }
  return std::nullopt;
}

std::string FaultRegistry::ListJson() const {
  anaplan::MutexLock lock(&mu_);
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartArray();
  for (const Rule& rule : rules_) {
    w.StartObject();
    FieldStr(w, "id", rule.hit.id);
    FieldStr(w, "method", rule.method);
    FieldStr(w, "path", rule.path_pattern);
    FieldStr(w, "action", FaultActionName(rule.hit.action));
    FieldInt(w, "status", rule.hit.status);
    FieldStr(w, "retry_after", rule.hit.retry_after);
    FieldInt(w, "delay_ms", rule.hit.delay_ms);
    FieldInt(w, "after_bytes", rule.hit.after_bytes);
    FieldInt(w, "count", rule.count);
    FieldInt(w, "skip", rule.skip);
    FieldInt(w, "seen", rule.seen);
    FieldInt(w, "fired", rule.fired);
    FieldBool(w, "armed", rule.count < 0 || rule.fired < rule.count);
    w.EndObject();
  }
  w.EndArray();
  return out.str();
}

void FaultRegistry::Clear() {
  anaplan::MutexLock lock(&mu_);
  rules_.clear();
}

}  // namespace anaplan::emulator
