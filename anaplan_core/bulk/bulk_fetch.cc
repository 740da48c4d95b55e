#include "anaplan_core/bulk/bulk_fetch.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace anaplan::core::internal {

absl::StatusOr<int64_t> PickByName(const NamedIds& candidates,
                                   const std::string& name,
                                   absl::string_view kind,
                                   absl::string_view field) {
  std::vector<int64_t> ids;
  for (const auto& [id, candidate] : candidates) {
    if (candidate == name) ids.push_back(id);
  }
  if (ids.size() == 1) return ids.front();
  if (ids.empty()) {
    ErrorInfo info;
    info.reason = "ANAPLAN_NOT_FOUND";
    return MakeError(absl::StatusCode::kNotFound,
                     absl::StrCat("no ", kind, " named \"", name, "\""), info);
  }
  return InvalidField(
      field, absl::StrCat(kind, " name \"", name, "\" is ambiguous: ids ",
                          absl::StrJoin(ids, ", ")));
}

HttpRequest MakeRequest(const RestClient& rest, absl::string_view method,
                        std::string url) {
  HttpRequest request;
  request.method = std::string(method);
  request.url = std::move(url);
  request.timeout = rest.options().http.timeout;
  return request;
}

absl::Status GetWhole(RestClient& rest, const std::string& url, ByteSink& sink,
                      const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(HttpResponse response,
                           rest.Execute(MakeRequest(rest, "GET", url),
                                        Idempotency::kIdempotent, ctx));
  ANAPLAN_RETURN_IF_ERROR(
      sink.Start(static_cast<int64_t>(response.body.size())));
  if (response.body.empty()) return absl::OkStatus();
  return sink.Write(response.body, 0, 0);
}

}  // namespace anaplan::core::internal
