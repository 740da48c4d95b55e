#ifndef ANAPLAN_EMULATOR_AUDIT_LOG_H_
#define ANAPLAN_EMULATOR_AUDIT_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace anaplan::emulator {

/// One recorded audit event (anaplan-api.md §7.1).
struct AuditEntry {
  int64_t id = 0;
  /// e.g. "USR-8"; the prefix decides the `type` filter (EventTypePrefix).
  std::string event_type_id;
  std::string user_id;
  std::string object_id;
  std::string object_type_id;
  std::string message;
  bool success = true;
  std::string ip_address;
  std::string user_agent;
  absl::Time when;
};

/// "USR-" for user_activity, "INT-" for int, ...; "" for all and for
/// unknown types (Anaplan treats those as all).
std::string EventTypePrefix(const std::string& type);

/// What happened in the emulator, in order: logins, task runs, list
/// changes, ALM and SCIM changes. Guarded by State::mu() like the rest of
/// the state.
class AuditLog {
 public:
  /// Appends an event stamped `when`.
  void Record(AuditEntry entry);
  /// Events of `type` (see EventTypePrefix) with from_ms <= date < to_ms.
  std::vector<const AuditEntry*> Select(const std::string& type,
                                        int64_t from_ms, int64_t to_ms) const;
  void Clear();
  size_t size() const { return entries_.size(); }

 private:
  std::vector<AuditEntry> entries_;
  int64_t next_id_ = 1;
};

/// Shorthand used by route handlers.
void RecordEvent(AuditLog& log, const std::string& event_type_id,
                 const std::string& user_id, const std::string& object_id,
                 const std::string& object_type_id, const std::string& message,
                 bool success = true);

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_AUDIT_LOG_H_
