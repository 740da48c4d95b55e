#include "emulator/audit_log.h"

#include <utility>

#include "absl/time/clock.h"

#include "emulator/json_util.h"

namespace anaplan::emulator {

std::string EventTypePrefix(const std::string& type) {
  if (type == "user_activity") return "USR-";
  if (type == "access_control") return "ACL-";
  if (type == "int") return "INT-";
  if (type == "conn_mgmt") return "CON-";
  if (type == "comment") return "CMT-";
  if (type == "byok") return "BYK-";
  if (type == "plan_iq") return "PIQ-";
  if (type == "forecaster") return "FCT-";
  return "";
}

void AuditLog::Record(AuditEntry entry) {
  entry.id = next_id_++;
  entries_.push_back(std::move(entry));
}

std::vector<const AuditEntry*> AuditLog::Select(const std::string& type,
                                                int64_t from_ms,
                                                int64_t to_ms) const {
  const std::string prefix = EventTypePrefix(type);
  std::vector<const AuditEntry*> out;
  for (const AuditEntry& e : entries_) {
    const int64_t ms = UnixMillis(e.when);
    if (ms < from_ms || ms >= to_ms) continue;
    if (e.event_type_id.compare(0, prefix.size(), prefix) != 0) continue;
    out.push_back(&e);
  }
  return out;
}

void AuditLog::Clear() {
  entries_.clear();
  next_id_ = 1;
}

void RecordEvent(AuditLog& log, const std::string& event_type_id,
                 const std::string& user_id, const std::string& object_id,
                 const std::string& object_type_id, const std::string& message,
                 bool success) {
  AuditEntry e;
  e.event_type_id = event_type_id;
  e.user_id = user_id;
  e.object_id = object_id;
  e.object_type_id = object_type_id;
  e.message = message;
  e.success = success;
  e.ip_address = "127.0.0.1";
  e.user_agent = "anaplan-emulator";
  e.when = absl::Now();
  log.Record(std::move(e));
}

}  // namespace anaplan::emulator
