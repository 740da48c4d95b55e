#ifndef ANAPLAN_SERVICE_METRICS_REGISTRY_H_
#define ANAPLAN_SERVICE_METRICS_REGISTRY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"

#include "anaplan_core/common/sync.h"

namespace anaplan::service {

/// Label values of one series, in the order of the family's label names.
using LabelValues = std::vector<std::string>;

/// One metric family (a name, its help, its label names and its series) in
/// the Prometheus text exposition format 0.0.4. Debian 12 ships no C++
/// Prometheus client (libprometheus-cpp-dev is not in bookworm), so this is
/// the small subset the service needs: counters, gauges and histograms.
/// Thread-safe.
class MetricFamily {
 public:
  enum class Type { kCounter, kGauge, kHistogram };
  virtual ~MetricFamily() = default;
  /// Appends "# HELP", "# TYPE" and every series, sorted by label values.
  virtual void Write(std::string& out) const = 0;
  const std::string& name() const { return name_; }

 protected:
  MetricFamily(std::string name, std::string help,
               std::vector<std::string> label_names, Type type);
  /// `name{l1="v1",...}` with `extra` ("le=\"0.5\"") appended when given.
  std::string SeriesName(absl::string_view suffix, const LabelValues& values,
                         absl::string_view extra = {}) const;
  void WriteHeader(std::string& out) const;
  /// Values padded or cut to the number of label names.
  LabelValues Fit(LabelValues values) const;

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const Type type_;
};

/// A monotonically increasing count (name should end in _total).
class CounterFamily : public MetricFamily {
 public:
  CounterFamily(std::string name, std::string help,
                std::vector<std::string> label_names);
  /// Adds `amount` (negative amounts are ignored: counters only go up).
  void Add(const LabelValues& values, double amount = 1);
  /// The current value of one series (0 when absent), for tests.
  double Value(const LabelValues& values) const;
  void Write(std::string& out) const override;

 private:
  mutable anaplan::Mutex mu_;
  std::map<LabelValues, double> series_ ABSL_GUARDED_BY(mu_);
};

/// A value that goes up and down.
class GaugeFamily : public MetricFamily {
 public:
  GaugeFamily(std::string name, std::string help,
              std::vector<std::string> label_names);
  void Add(const LabelValues& values, double delta);
  void Set(const LabelValues& values, double value);
  double Value(const LabelValues& values) const;
  void Write(std::string& out) const override;

 private:
  mutable anaplan::Mutex mu_;
  std::map<LabelValues, double> series_ ABSL_GUARDED_BY(mu_);
};

/// Observations counted into cumulative buckets, with their sum and count.
class HistogramFamily : public MetricFamily {
 public:
  /// `bounds`: the upper bounds of the buckets, increasing; +Inf is added.
  HistogramFamily(std::string name, std::string help,
                  std::vector<std::string> label_names,
                  std::vector<double> bounds);
  void Observe(const LabelValues& values, double value);
  /// Observations of one series, for tests.
  uint64_t Count(const LabelValues& values) const;
  void Write(std::string& out) const override;

 private:
  struct Series {
    std::vector<uint64_t> buckets;  // Not cumulative; last one is +Inf.
    double sum = 0;
    uint64_t count = 0;
  };
  const std::vector<double> bounds_;
  mutable anaplan::Mutex mu_;
  std::map<LabelValues, Series> series_ ABSL_GUARDED_BY(mu_);
};

/// Owns metric families and renders them all.
class MetricsRegistry {
 public:
  CounterFamily& AddCounter(std::string name, std::string help,
                            std::vector<std::string> label_names);
  GaugeFamily& AddGauge(std::string name, std::string help,
                        std::vector<std::string> label_names);
  HistogramFamily& AddHistogram(std::string name, std::string help,
                                std::vector<std::string> label_names,
                                std::vector<double> bounds);
  /// Every family in the text format 0.0.4, in the order they were added.
  std::string Serialize() const;

 private:
  // Families are added at construction of their owner, before any scrape.
  std::vector<std::unique_ptr<MetricFamily>> families_;
};

/// The Content-Type of the exposition.
inline constexpr char kMetricsContentType[] =
    "text/plain; version=0.0.4; charset=utf-8";

/// A sample value as Prometheus reads it: integers without a fraction,
/// others with up to 17 significant digits, "+Inf", "-Inf", "NaN".
std::string FormatSampleValue(double value);
/// A label value escaped for the exposition (\\, \", \n).
std::string EscapeLabelValue(absl::string_view value);

}  // namespace anaplan::service

#endif  // ANAPLAN_SERVICE_METRICS_REGISTRY_H_
