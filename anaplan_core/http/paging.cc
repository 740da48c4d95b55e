#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"

#include "anaplan_core/http/rest_client_internal.h"
#include "anaplan_core/json/json_util.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core::internal {
namespace {

constexpr int kMaxPageSize = 5000;

absl::Status NotAdvancing(const std::string& url, int64_t offset) {
  ErrorInfo info;
  info.reason = "ANAPLAN_BAD_RESPONSE";
  return MakeError(
      absl::StatusCode::kInternal,
      absl::StrCat("Anaplan repeated a page instead of advancing to offset ",
                   offset, " of ", url),
      info);
}

// The first item of a page, to spot a server that ignores `offset`.
std::string Fingerprint(const rapidjson::Value* items) {
  if (items == nullptr || items->Empty()) return "";
  return ToJsonText((*items)[0]);
}

}  // namespace

std::string AddQueryParameter(const std::string& url, const std::string& name,
                              const std::string& value) {
  const char separator = url.find('?') == std::string::npos ? '?' : '&';
  return absl::StrCat(url, std::string(1, separator), name, "=", value);
}

absl::Status PageThrough(
    const std::function<
        absl::StatusOr<rapidjson::Document>(const std::string&)>& get_json,
    const std::string& url, const char* key, int page_size,
    const std::function<absl::Status(const rapidjson::Value&)>& on_item) {
  int64_t limit = std::clamp(page_size, 1, kMaxPageSize);
  int64_t offset = 0;
  std::string previous_first;
  while (true) {
    // Like the SDK, the first request carries no offset.
    std::string page_url = AddQueryParameter(url, "limit", absl::StrCat(limit));
    if (offset > 0) {
      page_url = AddQueryParameter(page_url, "offset", absl::StrCat(offset));
    }
    ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document page, get_json(page_url));
    const rapidjson::Value* items = FindArray(page, key);
    const size_t count = items == nullptr ? 0 : items->Size();
    if (count == 0) return absl::OkStatus();
    const std::string first = Fingerprint(items);
    if (offset > 0 && first == previous_first) {
      return NotAdvancing(url, offset);
    }
    for (const rapidjson::Value& item : items->GetArray()) {
      ANAPLAN_RETURN_IF_ERROR(on_item(item));
    }
    const rapidjson::Value* meta = FindObject(page, "meta");
    const rapidjson::Value* paging =
        meta == nullptr ? nullptr : FindObject(*meta, "paging");
    if (paging == nullptr) return absl::OkStatus();  // not a paged listing
    const int64_t total = OptionalInt(*paging, "totalSize", 0);
    const int64_t current = OptionalInt(*paging, "currentPageSize", 0);
    offset += static_cast<int64_t>(count);
    if (offset >= total) return absl::OkStatus();
    // The server truncated the page size: ask for what it gives (§3.3).
    if (current > 0 && current < limit) limit = current;
    previous_first = first;
  }
}

}  // namespace anaplan::core::internal
