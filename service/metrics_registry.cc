#include "service/metrics_registry.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace anaplan::service {
namespace {

absl::string_view TypeName(MetricFamily::Type type) {
  switch (type) {
    case MetricFamily::Type::kCounter:
      return "counter";
    case MetricFamily::Type::kGauge:
      return "gauge";
    case MetricFamily::Type::kHistogram:
      return "histogram";
  }
  return "untyped";
}

// HELP text escapes only backslash and newline.
std::string EscapeHelp(absl::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Exact integers (byte counts, call counts) print in full.
  if (value == std::floor(value) && std::fabs(value) < 9.007199254740992e15) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  return absl::StrFormat("%.17g", value);
}

std::string EscapeLabelValue(absl::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '"') {
      out.append("\\\"");
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

MetricFamily::MetricFamily(std::string name, std::string help,
                           std::vector<std::string> label_names, Type type)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      type_(type) {}

LabelValues MetricFamily::Fit(LabelValues values) const {
  values.resize(label_names_.size());
  return values;
}

std::string MetricFamily::SeriesName(absl::string_view suffix,
                                     const LabelValues& values,
                                     absl::string_view extra) const {
  std::string out = absl::StrCat(name_, suffix);
  if (label_names_.empty() && extra.empty()) return out;
  out.push_back('{');
  for (size_t i = 0; i < label_names_.size(); ++i) {
    if (i > 0) out.push_back(',');
    absl::StrAppend(&out, label_names_[i], "=\"",
                    EscapeLabelValue(i < values.size() ? values[i] : ""), "\"");
  }
  if (!extra.empty()) {
    if (!label_names_.empty()) out.push_back(',');
    out.append(extra.data(), extra.size());
  }
  out.push_back('}');
  return out;
}

void MetricFamily::WriteHeader(std::string& out) const {
  absl::StrAppend(&out, "# HELP ", name_, " ", EscapeHelp(help_), "\n",
                  "# TYPE ", name_, " ", TypeName(type_), "\n");
}

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : MetricFamily(std::move(name), std::move(help), std::move(label_names),
                   Type::kCounter) {
  // A family without labels has one series, present from the start.
  if (label_names_.empty()) series_[{}] = 0;
}

void CounterFamily::Add(const LabelValues& values, double amount) {
  if (!(amount >= 0)) return;
  anaplan::MutexLock lock(&mu_);
  series_[Fit(values)] += amount;
}

double CounterFamily::Value(const LabelValues& values) const {
  anaplan::MutexLock lock(&mu_);
  auto it = series_.find(Fit(values));
  return it == series_.end() ? 0 : it->second;
}

void CounterFamily::Write(std::string& out) const {
  WriteHeader(out);
  anaplan::MutexLock lock(&mu_);
  for (const auto& [values, value] : series_) {
    absl::StrAppend(&out, SeriesName("", values), " ", FormatSampleValue(value),
                    "\n");
  }
}

GaugeFamily::GaugeFamily(std::string name, std::string help,
                         std::vector<std::string> label_names)
    : MetricFamily(std::move(name), std::move(help), std::move(label_names),
                   Type::kGauge) {
  if (label_names_.empty()) series_[{}] = 0;
}

void GaugeFamily::Add(const LabelValues& values, double delta) {
  anaplan::MutexLock lock(&mu_);
  series_[Fit(values)] += delta;
}

void GaugeFamily::Set(const LabelValues& values, double value) {
  anaplan::MutexLock lock(&mu_);
  series_[Fit(values)] = value;
}

double GaugeFamily::Value(const LabelValues& values) const {
  anaplan::MutexLock lock(&mu_);
  auto it = series_.find(Fit(values));
  return it == series_.end() ? 0 : it->second;
}

void GaugeFamily::Write(std::string& out) const {
  WriteHeader(out);
  anaplan::MutexLock lock(&mu_);
  for (const auto& [values, value] : series_) {
    absl::StrAppend(&out, SeriesName("", values), " ", FormatSampleValue(value),
                    "\n");
  }
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names,
                                 std::vector<double> bounds)
    : MetricFamily(std::move(name), std::move(help), std::move(label_names),
                   Type::kHistogram),
      bounds_([&] {
        std::sort(bounds.begin(), bounds.end());
        bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
        return std::move(bounds);
      }()) {}

void HistogramFamily::Observe(const LabelValues& values, double value) {
  const size_t bucket = static_cast<size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) -
      bounds_.begin());
  anaplan::MutexLock lock(&mu_);
  Series& series = series_[Fit(values)];
  if (series.buckets.empty()) series.buckets.resize(bounds_.size() + 1);
  ++series.buckets[bucket];
  series.sum += value;
  ++series.count;
}

uint64_t HistogramFamily::Count(const LabelValues& values) const {
  anaplan::MutexLock lock(&mu_);
  auto it = series_.find(Fit(values));
  return it == series_.end() ? 0 : it->second.count;
}

void HistogramFamily::Write(std::string& out) const {
  WriteHeader(out);
  anaplan::MutexLock lock(&mu_);
  for (const auto& [values, series] : series_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += series.buckets[i];
      const std::string le =
          i < bounds_.size() ? FormatSampleValue(bounds_[i]) : "+Inf";
      absl::StrAppend(
          &out, SeriesName("_bucket", values, absl::StrCat("le=\"", le, "\"")),
          " ", cumulative, "\n");
    }
    absl::StrAppend(&out, SeriesName("_sum", values), " ",
                    FormatSampleValue(series.sum), "\n",
                    SeriesName("_count", values), " ", series.count, "\n");
  }
}

CounterFamily& MetricsRegistry::AddCounter(
    std::string name, std::string help, std::vector<std::string> label_names) {
  auto family = std::make_unique<CounterFamily>(
      std::move(name), std::move(help), std::move(label_names));
  CounterFamily& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

GaugeFamily& MetricsRegistry::AddGauge(std::string name, std::string help,
                                       std::vector<std::string> label_names) {
  auto family = std::make_unique<GaugeFamily>(std::move(name), std::move(help),
                                              std::move(label_names));
  GaugeFamily& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

HistogramFamily& MetricsRegistry::AddHistogram(
    std::string name, std::string help, std::vector<std::string> label_names,
    std::vector<double> bounds) {
  auto family = std::make_unique<HistogramFamily>(
      std::move(name), std::move(help), std::move(label_names),
      std::move(bounds));
  HistogramFamily& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

std::string MetricsRegistry::Serialize() const {
  std::string out;
  for (const auto& family : families_) family->Write(out);
  return out;
}

}  // namespace anaplan::service
