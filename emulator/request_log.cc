#include "emulator/request_log.h"

#include <chrono>
#include <optional>
#include <regex>

#include "emulator/json_util.h"

namespace anaplan::emulator {

int64_t MonotonicMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void RequestLog::Add(RequestLogEntry entry) {
  if (entry.logged_us == 0) entry.logged_us = MonotonicMicros();
  anaplan::MutexLock lock(&mu_);
  entry.seq = next_seq_++;
  entries_.push_back(std::move(entry));
  while (entries_.size() > capacity_) entries_.pop_front();
}

std::vector<RequestLogEntry> RequestLog::Entries(
    const std::string& path_regex) const {
  std::optional<std::regex> filter;
  if (!path_regex.empty()) {
    try {
      filter.emplace(path_regex, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return {};  // A bad filter matches nothing.
    }
  }
  anaplan::MutexLock lock(&mu_);
  std::vector<RequestLogEntry> out;
  for (const RequestLogEntry& entry : entries_) {
    if (!filter || std::regex_search(entry.path, *filter)) {
      out.push_back(entry);
    }
  }
  return out;
}

std::string RequestLog::ToJson(const std::vector<RequestLogEntry>& entries) {
  JsonOut out;
  JsonWriter& w = out.w();
  w.StartArray();
  for (const RequestLogEntry& e : entries) {
    w.StartObject();
    FieldInt(w, "seq", e.seq);
    FieldStr(w, "method", e.method);
    FieldStr(w, "path", e.path);
    FieldStr(w, "query", e.query);
    FieldInt(w, "status", e.status);
    FieldStr(w, "content_type", e.content_type);
    FieldStr(w, "content_encoding", e.content_encoding);
    FieldStr(w, "expect", e.expect);
    FieldInt(w, "body_size", static_cast<int64_t>(e.body_size));
    FieldStr(w, "authorization_scheme", e.authorization_scheme);
    FieldStr(w, "fault", e.fault);
    FieldInt(w, "received_us", e.received_us);
    FieldInt(w, "logged_us", e.logged_us);
    FieldBool(w, "peer_closed", e.peer_closed);
    w.EndObject();
  }
  w.EndArray();
  return out.str();
}

void RequestLog::Clear() {
  anaplan::MutexLock lock(&mu_);
  entries_.clear();
}

}  // namespace anaplan::emulator
