#include "anaplan_core/testing/mock_http_transport.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace anaplan::testing {
namespace {

bool MethodMatches(const std::string& rule_method, absl::string_view method) {
  return rule_method.empty() || absl::EqualsIgnoreCase(rule_method, method);
}

}  // namespace

MockHttpTransport::Rule& MockHttpTransport::RuleFor(
    absl::string_view method, absl::string_view url_regex) {
  for (auto& rule : rules_) {
    if (rule->method == method && rule->pattern == url_regex) return *rule;
  }
  auto rule = std::make_unique<Rule>();
  rule->method = std::string(method);
  rule->pattern = std::string(url_regex);
  rule->regex = std::regex(rule->pattern, std::regex::ECMAScript);
  rules_.push_back(std::move(rule));
  return *rules_.back();
}

void MockHttpTransport::AddResponse(absl::string_view method,
                                    absl::string_view url_regex,
                                    Outcome outcome, int times) {
  anaplan::MutexLock lock(&mu_);
  Rule& rule = RuleFor(method, url_regex);
  for (int i = 0; i < times; ++i) rule.queued.push_back(outcome);
}

void MockHttpTransport::SetDefault(absl::string_view method,
                                   absl::string_view url_regex,
                                   Outcome outcome) {
  anaplan::MutexLock lock(&mu_);
  RuleFor(method, url_regex).fallback = std::move(outcome);
}

void MockHttpTransport::SetHandler(absl::string_view method,
                                   absl::string_view url_regex,
                                   Handler handler) {
  anaplan::MutexLock lock(&mu_);
  RuleFor(method, url_regex).handler = std::move(handler);
}

absl::StatusOr<core::HttpResponse> MockHttpTransport::Send(
    const core::HttpRequest& request, const core::CallContext& ctx) {
  Handler handler;
  {
    anaplan::MutexLock lock(&mu_);
    core::HttpRequest copy = request;
    if (!record_bodies_) copy.body.clear();
    requests_.push_back(std::move(copy));
    std::vector<Rule*> matching;
    for (auto& rule : rules_) {
      if (MethodMatches(rule->method, request.method) &&
          std::regex_search(request.url, rule->regex)) {
        matching.push_back(rule.get());
      }
    }
    for (Rule* rule : matching) {
      if (rule->queued.empty()) continue;
      Outcome outcome = std::move(rule->queued.front());
      rule->queued.pop_front();
      return outcome;
    }
    for (Rule* rule : matching) {
      if (rule->handler) {
        handler = rule->handler;
        break;
      }
      if (rule->fallback) return *rule->fallback;
    }
    if (!handler) {
      ++unmatched_;
      return absl::UnimplementedError(absl::StrCat(
          "MockHttpTransport: no rule for ", request.method, " ", request.url));
    }
  }
  return handler(request, ctx);
}

std::vector<core::HttpRequest> MockHttpTransport::requests() const {
  anaplan::MutexLock lock(&mu_);
  return requests_;
}

int MockHttpTransport::CountOf(absl::string_view method,
                               absl::string_view url_regex) const {
  const std::regex regex{std::string(url_regex), std::regex::ECMAScript};
  anaplan::MutexLock lock(&mu_);
  int count = 0;
  for (const auto& request : requests_) {
    if ((method.empty() || absl::EqualsIgnoreCase(method, request.method)) &&
        std::regex_search(request.url, regex)) {
      ++count;
    }
  }
  return count;
}

int MockHttpTransport::total_count() const {
  anaplan::MutexLock lock(&mu_);
  return static_cast<int>(requests_.size());
}

int MockHttpTransport::unmatched_count() const {
  anaplan::MutexLock lock(&mu_);
  return unmatched_;
}

void MockHttpTransport::set_record_bodies(bool record) {
  anaplan::MutexLock lock(&mu_);
  record_bodies_ = record;
}

core::HttpResponse MakeResponse(int status, std::string body,
                                core::HttpHeaders headers) {
  core::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  for (auto& [name, value] : headers) {
    response.headers.emplace_back(absl::AsciiStrToLower(name),
                                  std::move(value));
  }
  return response;
}

core::HttpResponse JsonResponse(std::string json, int status) {
  return MakeResponse(status, std::move(json),
                      {{"content-type", "application/json"}});
}

}  // namespace anaplan::testing
