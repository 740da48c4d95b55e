#include "service/caller_auth.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "rapidjson/document.h"

#include "anaplan_core/auth/credentials.h"

namespace anaplan::service {
namespace {

constexpr absl::string_view kOpenPrefix = "/grpc.health.v1.Health/";

bool Allows(const CallerRule& rule, absl::string_view method) {
  absl::ConsumePrefix(&method, "/");
  const absl::string_view service = method.substr(0, method.find('/'));
  for (const std::string& pattern : rule.allow) {
    if (pattern == "*" || pattern == method) return true;
    if (absl::EndsWith(pattern, "/*") &&
        absl::string_view(pattern).substr(0, pattern.size() - 2) == service) {
      return true;
    }
  }
  return false;
}

absl::Status BadFile(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--caller_auth_file: ", why));
}

std::string Str(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsString()) return "";
  return it->value.GetString();
}

}  // namespace

CallerAuthenticator::CallerAuthenticator(std::vector<CallerRule> rules)
    : rules_(std::move(rules)) {}

absl::StatusOr<std::shared_ptr<CallerAuthenticator>>
CallerAuthenticator::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return BadFile(absl::StrCat("cannot read ", path));
  std::ostringstream content;
  content << in.rdbuf();
  return FromJson(content.str());
}

absl::StatusOr<std::shared_ptr<CallerAuthenticator>>
CallerAuthenticator::FromJson(absl::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("callers") ||
      !doc["callers"].IsArray()) {
    return BadFile("expected JSON {\"callers\": [...]}");
  }
  std::vector<CallerRule> rules;
  for (const rapidjson::Value& entry : doc["callers"].GetArray()) {
    if (!entry.IsObject()) return BadFile("every caller must be an object");
    CallerRule rule;
    rule.name = Str(entry, "name");
    rule.key_sha256 = absl::AsciiStrToLower(Str(entry, "key_sha256"));
    rule.mtls_identity = Str(entry, "mtls_identity");
    if (rule.name.empty()) return BadFile("a caller has no name");
    if (rule.key_sha256.empty() && rule.mtls_identity.empty()) {
      return BadFile(absl::StrCat("caller '", rule.name,
                                  "' has neither key_sha256 nor "
                                  "mtls_identity"));
    }
    if (!rule.key_sha256.empty() && rule.key_sha256.size() != 64) {
      return BadFile(absl::StrCat("caller '", rule.name,
                                  "': key_sha256 must be 64 hex digits "
                                  "(sha256sum of the key)"));
    }
    auto allow = entry.FindMember("allow");
    if (allow == entry.MemberEnd() || !allow->value.IsArray()) {
      return BadFile(
          absl::StrCat("caller '", rule.name, "' needs an allow list"));
    }
    for (const rapidjson::Value& pattern : allow->value.GetArray()) {
      if (!pattern.IsString()) return BadFile("allow entries are strings");
      rule.allow.emplace_back(pattern.GetString());
    }
    rules.push_back(std::move(rule));
  }
  return std::make_shared<CallerAuthenticator>(std::move(rules));
}

absl::StatusOr<std::string> CallerAuthenticator::Authorize(
    absl::string_view method, absl::string_view key,
    const std::vector<std::string>& identities) const {
  const CallerRule* caller = nullptr;
  if (!key.empty()) {
    const std::string hash = core::SecretHash(key);
    for (const CallerRule& rule : rules_) {
      if (rule.key_sha256 == hash) caller = &rule;
    }
    if (caller == nullptr) {
      return absl::UnauthenticatedError("unknown caller key");
    }
  } else {
    for (const CallerRule& rule : rules_) {
      for (const std::string& identity : identities) {
        if (!rule.mtls_identity.empty() && rule.mtls_identity == identity) {
          caller = &rule;
        }
      }
    }
    if (caller == nullptr) {
      return absl::UnauthenticatedError(absl::StrCat(
          identities.empty() ? "caller authentication required"
                             : "unknown client certificate identity",
          ": send `", kCallerKeyMetadata,
          ": <key>` (or `authorization: Bearer <key>`), or a client "
          "certificate listed in the caller file"));
    }
  }
  if (!Allows(*caller, method)) {
    return absl::PermissionDeniedError(
        absl::StrCat("caller '", caller->name, "' may not call ", method));
  }
  return caller->name;
}

grpc::Status CallerAuthenticator::Process(const InputMetadata& auth_metadata,
                                          grpc::AuthContext* context,
                                          OutputMetadata* consumed,
                                          OutputMetadata* /*response*/) {
  std::string method;
  std::string key;
  for (const auto& [name, value] : auth_metadata) {
    const absl::string_view n(name.data(), name.size());
    const absl::string_view v(value.data(), value.size());
    if (n == ":path") method = std::string(v);
    if (n == kCallerKeyMetadata) {
      key = std::string(absl::StripAsciiWhitespace(v));
      consumed->emplace(std::string(n), std::string(v));
    }
    absl::string_view bearer = v;
    if (n == "authorization" && absl::ConsumePrefix(&bearer, "Bearer ")) {
      key = std::string(absl::StripAsciiWhitespace(bearer));
      consumed->emplace(std::string(n), std::string(v));
    }
  }
  if (absl::StartsWith(method, kOpenPrefix)) return grpc::Status::OK;
  std::vector<std::string> identities;
  for (const char* property :
       {"x509_common_name", "x509_subject_alternative_name", "x509_subject"}) {
    for (const grpc::string_ref& value :
         context->FindPropertyValues(property)) {
      identities.emplace_back(value.data(), value.size());
    }
  }
  absl::StatusOr<std::string> caller = Authorize(method, key, identities);
  if (!caller.ok()) {
    return grpc::Status(static_cast<grpc::StatusCode>(caller.status().code()),
                        std::string(caller.status().message()));
  }
  context->AddProperty(kCallerProperty, *caller);
  return grpc::Status::OK;
}

std::string CallerName(const grpc::ServerContextBase& context) {
  auto auth = context.auth_context();
  if (auth == nullptr) return "";
  auto values = auth->FindPropertyValues(kCallerProperty);
  if (values.empty()) return "";
  return std::string(values.front().data(), values.front().size());
}

}  // namespace anaplan::service
