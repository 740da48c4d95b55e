#ifndef ANAPLAN_CORE_BULK_BULK_FETCH_H_
#define ANAPLAN_CORE_BULK_BULK_FETCH_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"

#include "anaplan_core/bulk/bulk_json.h"
#include "anaplan_core/files/byte_stream.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/status/error_info.h"
#include "anaplan_core/status/status_macros.h"

namespace anaplan::core::internal {

/// Parses one resource of type T from its JSON object.
template <typename T>
using ParseFn = absl::StatusOr<T> (*)(const rapidjson::Value&);

/// Every item of a paged listing (§3.3) under `key`, parsed.
/// \error as RestClient::GetPaged, or INTERNAL for an item that does not
///   parse.
template <typename T>
absl::StatusOr<std::vector<T>> ListAll(RestClient& rest, const std::string& url,
                                       const char* key, ParseFn<T> parse,
                                       const CallContext& ctx) {
  std::vector<T> items;
  ANAPLAN_RETURN_IF_ERROR(rest.GetPaged(
      url, key,
      [&](const rapidjson::Value& value) -> absl::Status {
        ANAPLAN_ASSIGN_OR_RETURN(T item, parse(value));
        items.push_back(std::move(item));
        return absl::OkStatus();
      },
      ctx));
  return items;
}

/// GET `url` and parse the object under `key` of the reply.
template <typename T>
absl::StatusOr<T> GetOne(RestClient& rest, const std::string& url,
                         const char* key, ParseFn<T> parse,
                         const CallContext& ctx) {
  ANAPLAN_ASSIGN_OR_RETURN(rapidjson::Document reply, rest.GetJson(url, ctx));
  ANAPLAN_ASSIGN_OR_RETURN(const rapidjson::Value* object,
                           RequiredObject(reply, key));
  return parse(*object);
}

/// (id, name) of every candidate object, for resolving names.
using NamedIds = std::vector<std::pair<int64_t, std::string>>;

template <typename T>
void AddNamedIds(const std::vector<T>& items, NamedIds& out) {
  for (const T& item : items) out.emplace_back(item.id, item.name);
}

/// The one id whose name is `name`.
/// \error NOT_FOUND (reason ANAPLAN_NOT_FOUND) when none matches;
///   INVALID_ARGUMENT (field `field`) listing the ids when several do.
absl::StatusOr<int64_t> PickByName(const NamedIds& candidates,
                                   const std::string& name,
                                   absl::string_view kind,
                                   absl::string_view field);

/// A request with the client's HTTP timeout.
HttpRequest MakeRequest(const RestClient& rest, absl::string_view method,
                        std::string url);

/// GET `url` whole into `sink` (Start with the size, one Write).
/// \error as RestClient::Execute, or the sink's error.
absl::Status GetWhole(RestClient& rest, const std::string& url, ByteSink& sink,
                      const CallContext& ctx);

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_BULK_BULK_FETCH_H_
