#include "anaplan_core/http/http_types.h"

#include "absl/strings/match.h"

namespace anaplan::core {

std::string HttpResponse::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

}  // namespace anaplan::core
