// The Prometheus exposition (text format 0.0.4), the service's metric
// families fed through the core observer, and the /metrics HTTP endpoint.
#include "service/metrics_registry.h"

#include <httplib.h>

#include <cmath>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "anaplan_core/common/observer.h"
#include "anaplan_core/status/error_info.h"
#include "service/metrics.h"
#include "service/metrics_http.h"

namespace anaplan::service {
namespace {

using ::testing::HasSubstr;

/// Checks `text` against the text format 0.0.4 strictly and returns the
/// samples ("name{labels}" -> value). Fails the test on any deviation:
/// unknown line shapes, samples before their TYPE, names not of the family,
/// a HELP/TYPE given twice, bad values, non-cumulative histogram buckets or
/// a +Inf bucket that differs from _count, a missing final newline.
void ParseStrictInto(const std::string& text,
                     std::map<std::string, double>& samples) {
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "no final newline";
  static const std::regex kHelp(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)");
  static const std::regex kType(
      R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
  static const std::regex kSample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? ([^ ]+)$)");
  std::string family;
  std::string type;
  std::set<std::string> typed;
  std::set<std::string> helped;
  double last_bucket = -1;
  std::string bucket_series;
  std::map<std::string, double> inf_buckets;
  for (absl::string_view line_view : absl::StrSplit(text, '\n')) {
    const std::string line(line_view);
    if (line.empty()) continue;
    std::smatch m;
    if (std::regex_match(line, m, kHelp)) {
      EXPECT_TRUE(helped.insert(m[1]).second) << "HELP twice: " << line;
      continue;
    }
    if (std::regex_match(line, m, kType)) {
      EXPECT_TRUE(typed.insert(m[1]).second) << "TYPE twice: " << line;
      family = m[1];
      type = m[2];
      continue;
    }
    ASSERT_TRUE(std::regex_match(line, m, kSample)) << "bad line: " << line;
    const std::string name = m[1];
    double value = 0;
    const std::string raw = m[3];
    if (raw == "+Inf") {
      value = std::numeric_limits<double>::infinity();
    } else {
      ASSERT_TRUE(absl::SimpleAtod(raw, &value)) << line;
    }
    ASSERT_FALSE(family.empty()) << "sample before TYPE: " << line;
    if (type == "histogram") {
      const bool ok = name == family + "_bucket" || name == family + "_sum" ||
                      name == family + "_count";
      EXPECT_TRUE(ok) << line;
      // The series a histogram line belongs to: its labels without le.
      std::string series = std::regex_replace(
          std::string(m[2]), std::regex(R"(,?le="[^"]*")"), "");
      if (series.empty()) series = "{}";
      if (absl::StartsWith(series, "{,")) series = "{" + series.substr(2);
      if (name == family + "_bucket") {
        if (series != bucket_series) last_bucket = -1;
        bucket_series = series;
        EXPECT_GE(value, last_bucket) << "buckets not cumulative: " << line;
        last_bucket = value;
        if (std::string(m[2]).find("le=\"+Inf\"") != std::string::npos) {
          inf_buckets[family + series] = value;
        }
      }
      if (name == family + "_count") {
        const auto it = inf_buckets.find(family + series);
        ASSERT_NE(it, inf_buckets.end()) << "no +Inf bucket before " << line;
        EXPECT_EQ(it->second, value) << "+Inf bucket != count: " << line;
      }
    } else {
      EXPECT_EQ(name, family) << line;
      if (type == "counter") {
        EXPECT_GE(value, 0) << line;
      }
    }
    samples[name + std::string(m[2])] = value;
  }
}

std::map<std::string, double> ParseStrict(const std::string& text) {
  std::map<std::string, double> samples;
  ParseStrictInto(text, samples);
  return samples;
}

TEST(MetricsRegistryTest, CounterExactText) {
  MetricsRegistry registry;
  CounterFamily& c =
      registry.AddCounter("demo_total", "Demo calls.", {"method", "code"});
  c.Add({"Get", "OK"});
  c.Add({"Get", "OK"}, 2);
  c.Add({"Put", "NOT_FOUND"});
  c.Add({"Put", "NOT_FOUND"}, -5);  // ignored: counters only go up
  EXPECT_EQ(registry.Serialize(),
            "# HELP demo_total Demo calls.\n"
            "# TYPE demo_total counter\n"
            "demo_total{method=\"Get\",code=\"OK\"} 3\n"
            "demo_total{method=\"Put\",code=\"NOT_FOUND\"} 1\n");
  EXPECT_EQ(c.Value({"Get", "OK"}), 3);
  EXPECT_EQ(c.Value({"Nope", "OK"}), 0);
}

TEST(MetricsRegistryTest, UnlabelledFamiliesStartAtZero) {
  MetricsRegistry registry;
  registry.AddGauge("up_now", "Up.", {});
  registry.AddCounter("things_total", "Things.", {});
  EXPECT_EQ(registry.Serialize(),
            "# HELP up_now Up.\n# TYPE up_now gauge\nup_now 0\n"
            "# HELP things_total Things.\n# TYPE things_total counter\n"
            "things_total 0\n");
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  CounterFamily& c =
      registry.AddCounter("esc_total", "Back\\slash and\nnewline.", {"v"});
  c.Add({"a\"b\\c\nd"});
  EXPECT_EQ(registry.Serialize(),
            "# HELP esc_total Back\\\\slash and\\nnewline.\n"
            "# TYPE esc_total counter\n"
            "esc_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
  ParseStrict(registry.Serialize());
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeAndInclusive) {
  MetricsRegistry registry;
  HistogramFamily& h =
      registry.AddHistogram("lat_seconds", "Latency.", {"m"}, {1, 0.1});
  h.Observe({"x"}, 0.1);  // le is inclusive
  h.Observe({"x"}, 0.5);
  h.Observe({"x"}, 5);
  EXPECT_EQ(registry.Serialize(),
            "# HELP lat_seconds Latency.\n"
            "# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{m=\"x\",le=\"0.10000000000000001\"} 1\n"
            "lat_seconds_bucket{m=\"x\",le=\"1\"} 2\n"
            "lat_seconds_bucket{m=\"x\",le=\"+Inf\"} 3\n"
            "lat_seconds_sum{m=\"x\"} 5.5999999999999996\n"
            "lat_seconds_count{m=\"x\"} 3\n");
  EXPECT_EQ(h.Count({"x"}), 3u);
  ParseStrict(registry.Serialize());
}

TEST(MetricsRegistryTest, SampleValues) {
  EXPECT_EQ(FormatSampleValue(0), "0");
  EXPECT_EQ(FormatSampleValue(104857600), "104857600");
  EXPECT_EQ(FormatSampleValue(123456789012345.0), "123456789012345");
  EXPECT_EQ(FormatSampleValue(-3), "-3");
  EXPECT_EQ(FormatSampleValue(0.25), "0.25");
  EXPECT_EQ(FormatSampleValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatSampleValue(-std::numeric_limits<double>::infinity()),
            "-Inf");
  EXPECT_EQ(FormatSampleValue(std::nan("")), "NaN");
}

TEST(HttpFamilyTest, ByPath) {
  EXPECT_EQ(core::HttpFamilyOf("https://auth.anaplan.com/token/authenticate"),
            "auth");
  EXPECT_EQ(core::HttpFamilyOf("http://127.0.0.1:8080/2/0/workspaces?x=1"),
            "integration");
  EXPECT_EQ(core::HttpFamilyOf("https://api.anaplan.com/2/0"), "integration");
  EXPECT_EQ(core::HttpFamilyOf("https://api.cloudworks.anaplan.com/2/0/x"),
            "cloudworks");
  EXPECT_EQ(core::HttpFamilyOf("https://audit.anaplan.com/audit/api/1/events"),
            "audit");
  EXPECT_EQ(core::HttpFamilyOf("https://api.anaplan.com/scim/1/0/v2/Users"),
            "scim");
  EXPECT_EQ(core::HttpFamilyOf("https://us1a.app.anaplan.com/oauth/token"),
            "oauth");
  EXPECT_EQ(core::HttpFamilyOf("http://h/__emulator/reset"), "other");
}

TEST(RetryReasonTest, HttpStatusElseCode) {
  core::ErrorInfo info;
  info.http_status = 503;
  absl::Status status = absl::UnavailableError("x");
  core::AttachErrorInfo(status, info);
  EXPECT_EQ(core::RetryReasonOf(status), "http_503");
  EXPECT_EQ(core::RetryReasonOf(absl::UnavailableError("reset")),
            "unavailable");
  EXPECT_EQ(core::RetryReasonOf(absl::DeadlineExceededError("t")),
            "deadline_exceeded");
}

TEST(MetricsObserverTest, FeedsTheFamilies) {
  ServiceMetrics metrics;
  MetricsObserver observer(metrics);
  core::HttpCallEvent ok;
  ok.method = "GET";
  ok.url = "http://127.0.0.1:1/2/0/workspaces";
  ok.status = 200;
  ok.duration = absl::Milliseconds(20);
  observer.OnHttpCall(ok);
  observer.OnHttpCall(ok);
  core::HttpCallEvent failed = ok;
  failed.status = 0;
  failed.error = absl::StatusCode::kUnavailable;
  observer.OnHttpCall(failed);
  observer.OnRetry("GET /2/0/workspaces", "unavailable");
  observer.OnTokenFetch("authenticate", true);
  observer.OnTransferBytes(core::TransferDirection::kUpload, 1000);
  observer.OnTransferBytes(core::TransferDirection::kUpload, 24);
  observer.OnTaskWatch(1);
  observer.OnTaskWatch(1);
  observer.OnTaskWatch(-1);

  EXPECT_EQ(metrics.http_requests.Value({"integration", "GET", "200"}), 2);
  EXPECT_EQ(metrics.http_requests.Value({"integration", "GET", "unavailable"}),
            1);
  EXPECT_EQ(metrics.http_seconds.Count({"integration", "GET"}), 3u);
  EXPECT_EQ(metrics.http_retries.Value({"unavailable"}), 1);
  EXPECT_EQ(metrics.token_fetches.Value({"authenticate", "ok"}), 1);
  EXPECT_EQ(metrics.transfer_bytes.Value({"upload"}), 1024);
  EXPECT_EQ(metrics.tasks_in_flight.Value({}), 1);

  const auto samples = ParseStrict(metrics.registry().Serialize());
  EXPECT_EQ(samples.at("anaplan_transfer_bytes_total{direction=\"upload\"}"),
            1024);
  EXPECT_EQ(samples.at("anaplan_tasks_in_flight"), 1);
}

TEST(MetricsHttpServerTest, ServesMetricsOnly) {
  MetricsHttpServer server([] { return std::string("x_total 1\n"); });
  ASSERT_TRUE(server.Start("127.0.0.1:0").ok());
  ASSERT_GT(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  auto response = client.Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "x_total 1\n");
  EXPECT_EQ(response->get_header_value("Content-Type"), kMetricsContentType);
  auto other = client.Get("/other");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  server.Stop();
  server.Stop();  // idempotent
}

TEST(MetricsHttpServerTest, RejectsBadAddresses) {
  MetricsHttpServer server([] { return std::string(); });
  EXPECT_EQ(server.Start("no-port").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(server.Start("127.0.0.1:99999").code(),
            absl::StatusCode::kInvalidArgument);
  MetricsHttpServer first([] { return std::string(); });
  ASSERT_TRUE(first.Start("127.0.0.1:0").ok());
  MetricsHttpServer second([] { return std::string(); });
  EXPECT_EQ(second.Start("127.0.0.1:" + std::to_string(first.port())).code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace anaplan::service
