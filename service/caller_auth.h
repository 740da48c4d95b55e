#ifndef ANAPLAN_SERVICE_CALLER_AUTH_H_
#define ANAPLAN_SERVICE_CALLER_AUTH_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/server_context.h"

namespace anaplan::service {

/// One caller of the gateway, from --caller_auth_file.
struct CallerRule {
  std::string name;
  /// Lower-case hex SHA-256 of the caller's bearer key ("" = none).
  std::string key_sha256;
  /// Client-certificate identity (CN, a SAN or the full subject) accepted
  /// for this caller when mTLS is on ("" = none).
  std::string mtls_identity;
  /// "*" (everything), "pkg.Service/*" or "pkg.Service/Method".
  std::vector<std::string> allow;
};

/// The metadata a caller sends its bearer key in (or `authorization:
/// Bearer <key>`).
inline constexpr char kCallerKeyMetadata[] = "x-anaplan-grpc-key";
/// The AuthContext property naming the authenticated caller.
inline constexpr char kCallerProperty[] = "anaplan_caller";

/// Caller authentication and authorization for the gRPC port (design.md
/// §5), run by gRPC before any handler: a bearer key (hashed, compared to
/// key_sha256) or an mTLS identity names the caller; the called method must
/// be on its allow-list. The health service is open to all (probes).
/// Rejections: UNAUTHENTICATED (nothing presented, unknown key or
/// identity), PERMISSION_DENIED (method not allowed). Keys never appear in
/// messages. The bearer key is consumed: handlers never see it.
class CallerAuthenticator : public grpc::AuthMetadataProcessor {
 public:
  /// Reads the JSON file:
  ///   {"callers": [{"name": "exporter", "key_sha256": "<hex>",
  ///                 "mtls_identity": "exporter.example.com",
  ///                 "allow": ["anaplan.v1.BulkService/RunExport"]}]}
  /// \error INVALID_ARGUMENT naming --caller_auth_file and the entry.
  static absl::StatusOr<std::shared_ptr<CallerAuthenticator>> FromFile(
      const std::string& path);
  /// \error INVALID_ARGUMENT as FromFile.
  static absl::StatusOr<std::shared_ptr<CallerAuthenticator>> FromJson(
      absl::string_view json);

  explicit CallerAuthenticator(std::vector<CallerRule> rules);

  /// The caller's name when `key` (may be "") or one of `identities`
  /// matches a rule allowed to call `method` ("/pkg.Service/Method").
  absl::StatusOr<std::string> Authorize(
      absl::string_view method, absl::string_view key,
      const std::vector<std::string>& identities) const;

  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata,
                       grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const std::vector<CallerRule> rules_;
};

/// The authenticated caller's name (kCallerProperty), or "" when caller
/// authentication is off.
std::string CallerName(const grpc::ServerContextBase& context);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_CALLER_AUTH_H_
