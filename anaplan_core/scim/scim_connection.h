#ifndef ANAPLAN_CORE_SCIM_SCIM_CONNECTION_H_
#define ANAPLAN_CORE_SCIM_SCIM_CONNECTION_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "anaplan_core/common/call_context.h"
#include "anaplan_core/http/rest_client.h"
#include "anaplan_core/scim/scim_filter.h"

namespace anaplan::core {

struct ScimEmail {
  std::string value;
  std::string type;
  bool primary = false;
};

struct ScimEntitlement {
  std::string value;
  std::string display;
  std::string type;
  bool primary = false;
};

/// A SCIM User resource (anaplan-api.md §9).
struct ScimUser {
  std::string id;
  std::string external_id;
  std::string user_name;
  std::string family_name;
  std::string given_name;
  std::string formatted_name;
  std::string display_name;
  bool active = false;
  std::vector<ScimEmail> emails;
  std::vector<ScimEntitlement> entitlements;
  std::string resource_type;
  std::string location;
  std::string created;
  std::string last_modified;
};

/// What add_user / replace_user send.
struct ScimUserInput {
  std::string user_name;
  std::string external_id;
  std::string family_name;
  std::string given_name;
  std::optional<bool> active;
  std::vector<ScimEntitlement> entitlements;
};

/// One PATCH operation; `value_json` is JSON text, empty to omit it.
struct ScimPatchOp {
  std::string op;
  std::string path;
  std::string value_json;
};

/// Largest SCIM page Anaplan serves.
inline constexpr int kMaxScimPageSize = 100;

/// One page of users as it arrives, with totalResults.
using ScimPageFn = std::function<absl::Status(
    const std::vector<ScimUser>& users, int64_t total_results)>;

/// The SCIM API ({scim_url}): anaplan-sdk's `client.scim`. Users are paged
/// with 1-based startIndex and count <= 100, in order. Thread-safe.
class ScimConnection {
 public:
  virtual ~ScimConnection() = default;

  /// Discovery documents as JSON text.
  virtual absl::StatusOr<std::string> GetServiceProviderConfig(
      const CallContext& ctx) = 0;
  /// The `Resources` of /ResourceTypes or /Schemas, each as JSON text.
  virtual absl::StatusOr<std::vector<std::string>> GetResourceTypes(
      const CallContext& ctx) = 0;
  virtual absl::StatusOr<std::vector<std::string>> GetResourceSchemas(
      const CallContext& ctx) = 0;

  /// Every user matching `filter` (none: all), `page_size` (1..100, 0 =
  /// 100) per call, delivered page by page.
  /// \error INVALID_ARGUMENT for a bad filter (see RenderScimFilter) or
  ///   page size.
  virtual absl::Status GetUsers(const std::optional<ScimFilter>& filter,
                                int page_size, const ScimPageFn& on_page,
                                const CallContext& ctx) = 0;
  virtual absl::StatusOr<ScimUser> GetUser(const std::string& id,
                                           const CallContext& ctx) = 0;
  /// POST /Users (not resent when its fate is unknown).
  virtual absl::StatusOr<ScimUser> AddUser(const ScimUserInput& input,
                                           const CallContext& ctx) = 0;
  virtual absl::StatusOr<ScimUser> ReplaceUser(const std::string& id,
                                               const ScimUserInput& input,
                                               const CallContext& ctx) = 0;
  /// \error INVALID_ARGUMENT: no operations, op not add/remove/replace,
  ///   a value that is not JSON, or remove without a path.
  virtual absl::StatusOr<ScimUser> UpdateUser(
      const std::string& id, const std::vector<ScimPatchOp>& operations,
      const CallContext& ctx) = 0;
};

/// A ScimConnection over `rest` under `scim_url` (e.g.
/// https://api.anaplan.com/scim/1/0/v2).
std::shared_ptr<ScimConnection> MakeScimConnection(
    std::shared_ptr<RestClient> rest, std::string scim_url);

}  // namespace anaplan::core

#endif  // ANAPLAN_CORE_SCIM_SCIM_CONNECTION_H_
