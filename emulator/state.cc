#include "emulator/state.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

#include "emulator/fixture.h"

namespace anaplan::emulator {

absl::StatusOr<std::unique_ptr<State>> State::Create(const Settings& settings,
                                                     std::string fixture_text) {
  absl::StatusOr<Tenant> tenant = ParseFixture(fixture_text);
  if (!tenant.ok()) return tenant.status();
  return std::unique_ptr<State>(
      new State(settings, std::move(fixture_text), *std::move(tenant)));
}

State::State(const Settings& settings, std::string fixture_text, Tenant tenant)
    : fixture_text_(std::move(fixture_text)),
      tenant_(std::move(tenant)),
      settings_(settings) {}

uint64_t State::NextRandom() {
  // splitmix64: ids look random but are reproducible run to run.
  uint64_t z = (++random_counter_) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string State::NewUuid() {
  uint64_t a = NextRandom();
  uint64_t b = NextRandom();
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", a >> 32,
                         (a >> 16) & 0xFFFF, a & 0xFFFF, b >> 48,
                         b & 0xFFFFFFFFFFFFULL);
}

std::string State::NewTaskId() {
  return absl::StrFormat("%016X%016X", NextRandom(), NextRandom());
}

const Token& State::IssueToken(const User& user) {
  Token token;
  token.value = absl::StrFormat("%016x%016x.%016x", NextRandom(), NextRandom(),
                                NextRandom());
  token.token_id = NewUuid();
  token.refresh_token_id = NewUuid();
  token.user_email = user.email;
  token.expires_at = absl::Now() + absl::Seconds(settings_.token_ttl_seconds);
  auto [it, inserted] = tokens_.emplace(token.value, token);
  return it->second;
}

Token* State::FindToken(const std::string& value, TokenStatus* status) {
  auto it = tokens_.find(value);
  if (it == tokens_.end()) {
    *status = TokenStatus::kUnknown;
    return nullptr;
  }
  Token& token = it->second;
  if (token.revoked) {
    *status = TokenStatus::kRevoked;
  } else if (absl::Now() >= token.expires_at) {
    *status = TokenStatus::kExpired;
  } else {
    *status = TokenStatus::kValid;
  }
  return &token;
}

void State::ExpireAllTokens() {
  const absl::Time now = absl::Now();
  for (auto& [value, token] : tokens_) token.expires_at = now;
}

absl::Status State::Reset() {
  absl::StatusOr<Tenant> tenant = ParseFixture(fixture_text_);
  if (!tenant.ok()) return tenant.status();
  anaplan::MutexLock lock(&mu_);
  tenant_ = *std::move(tenant);
  tokens_.clear();
  audit_log_.Clear();
  alm_ = AlmStore();
  scim_ = ScimStore();
  cloud_works_ = CloudWorksState();
  oauth_ = OAuthState::Seeded();
  return absl::OkStatus();
}

}  // namespace anaplan::emulator
