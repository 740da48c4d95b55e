#ifndef ANAPLAN_EMULATOR_TX_MODEL_H_
#define ANAPLAN_EMULATOR_TX_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

namespace anaplan::emulator {

/// Dimension ids Anaplan reserves (anaplan-api.md §5.6).
inline constexpr int64_t kVersionsDimensionId = 20000000020;
inline constexpr int64_t kLineItemsDimensionId = 20000000012;

/// A model version (Actual, Forecast...).
struct TxVersion {
  int64_t id = 0;
  std::string name;
  std::string code;
  bool is_actual = false;
  bool is_current = false;
  std::string switchover;  ///< YYYY-MM-DD, empty when none.
};

/// A large-volume read request of a view or a list (§5.4): its CSV is cut
/// into pages when created; polls make pages available.
struct TxReadRequest {
  std::string id;  ///< 32 uppercase hex characters.
  int64_t view_id = 0;
  int64_t list_id = 0;
  std::string export_type;
  std::vector<std::string> pages;
  int polls = 0;
  bool complete = false;
};

/// Transactional state of a model that the fixture does not describe:
/// calendar, current period, versions and read requests. Fresh after a
/// reset.
struct TxModelState {
  std::string calendar_type = "Calendar Months/Quarters/Years";
  int fiscal_year = 2024;                  ///< FY24: 2024-01-01 .. 2024-12-31.
  std::string current_day = "2024-03-31";  ///< Last day of the period.
  int past_years = 1;
  int future_years = 1;
  std::vector<TxVersion> versions = {
      {107000000001, "Actual", "ACT", true, false, ""},
      {107000000002, "Forecast", "FC", false, true, "2024-06-30"}};
  std::vector<TxReadRequest> read_requests;
  int64_t next_read_request = 1;
};

}  // namespace anaplan::emulator

#endif  // ANAPLAN_EMULATOR_TX_MODEL_H_
