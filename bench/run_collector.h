// A console reporter that also keeps, per registered benchmark name (without the
// "/real_time", "/iterations:N" suffixes), every figure the summary may use: the single run
// ("" — the last one when there are repetitions) and each aggregate over repetitions
// ("mean", "median", "stddev", "cv", and the "min" that suite.h adds).
#ifndef XIUFU_BENCH_RUN_COLLECTOR_H_
#define XIUFU_BENCH_RUN_COLLECTOR_H_

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace xiufu::bench {

struct Measurement {
  double real_ms = 0;  // wall time per iteration
  double cpu_ms = 0;   // CPU time of the calling thread per iteration
  std::map<std::string, double> counters;
};
// name → statistic → figures.
using Measurements = std::map<std::string, std::map<std::string, Measurement>>;

class RunCollector : public benchmark::ConsoleReporter {
 public:
  explicit RunCollector(OutputOptions options) : ConsoleReporter(options) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) Collect(r);
    ConsoleReporter::ReportRuns(runs);
  }
  const Measurements& measurements() const { return measurements_; }

 private:
  void Collect(const Run& r) {
    if (r.error_occurred) return;
    const std::string statistic = r.run_type == Run::RT_Aggregate ? r.aggregate_name : "";
    Measurement& m = measurements_[r.run_name.function_name][statistic];
    const double to_ms = 1e3 / benchmark::GetTimeUnitMultiplier(r.time_unit);
    m.real_ms = r.GetAdjustedRealTime() * to_ms;
    m.cpu_ms = r.GetAdjustedCPUTime() * to_ms;
    m.counters.clear();
    for (const auto& [name, counter] : r.counters) m.counters[name] = counter.value;
  }

  Measurements measurements_;
};

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_RUN_COLLECTOR_H_
