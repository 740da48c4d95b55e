#ifndef ANAPLAN_CORE_BULK_BULK_URLS_H_
#define ANAPLAN_CORE_BULK_BULK_URLS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "anaplan_core/bulk/bulk_types.h"

namespace anaplan::core::internal {

/// Object families by the first three digits of a 12-digit id
/// (anaplan-api.md §1.4).
enum class IdFamily { kOther, kImport, kFile, kExport, kAction, kProcess };
IdFamily FamilyOf(int64_t id);

/// The task URL segment of an action id: "imports" (112…), "exports" (116…),
/// "actions" (117…) or "processes" (118…). Unlike anaplan-sdk, ids from 12e9
/// to 112e9 are not routed to imports.
/// \error INVALID_ARGUMENT (field "action_id") for any other id.
absl::StatusOr<std::string> ActionSegment(int64_t action_id);

/// Percent-encodes everything but RFC 3986 unreserved characters, for query
/// values and path segments ("+name" -> "%2Bname").
std::string UrlEncode(absl::string_view text);

/// "size_allowance" -> "sizeAllowance"; camelCase passes through.
std::string SnakeToCamel(absl::string_view name);

/// Appends `param` ("k=v") to `url` with '?' or '&'. Empty params are skipped.
std::string AppendQuery(std::string url, absl::string_view param);

/// The sort and search parameters of a listing (§3.4, §3.5) appended to
/// `url`: sort=%2Bfield / sort=-field, s=<encoded pattern>.
std::string WithListOptions(std::string url, const ListOptions& options);

/// Checks that both ids of `model` are set.
/// \error INVALID_ARGUMENT naming "workspace_id" or "model_id".
absl::Status ValidateModelRef(const ModelRef& model);

/// Builds Bulk API URLs under one API base (e.g. https://api.anaplan.com/2/0).
/// Path segments taken from callers are percent-encoded.
class BulkUrls {
 public:
  explicit BulkUrls(absl::string_view api_url);

  const std::string& api() const { return api_; }
  /// {api}/workspaces/{ws}/models/{model}
  std::string Model(const ModelRef& model) const;
  /// {Model}/files/{file_id}
  std::string File(const ModelRef& model, int64_t file_id) const;
  /// {Model}/{segment}/{action_id}/tasks
  std::string Tasks(const ModelRef& model, absl::string_view segment,
                    int64_t action_id) const;
  /// {Tasks}/{task_id}
  std::string Task(const ModelRef& model, absl::string_view segment,
                   int64_t action_id, absl::string_view task_id) const;

 private:
  std::string api_;
};

}  // namespace anaplan::core::internal

#endif  // ANAPLAN_CORE_BULK_BULK_URLS_H_
