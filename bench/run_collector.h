// A console reporter that also keeps, per registered benchmark name (without the
// "/real_time", "/iterations:N" suffixes), the figure the summary uses: with repetitions the
// "min" aggregate (suite.h: interference on a shared machine only adds time), else the median,
// else the (last) single run.
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
  std::string statistic;  // "min", "median" or "" (a single run)
};
using Measurements = std::map<std::string, Measurement>;

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
    if (Rank(statistic) < 0) return;
    Measurement& m = measurements_[r.run_name.function_name];
    if (Rank(statistic) < Rank(m.statistic)) return;
    m.statistic = statistic;
    const double to_ms = 1e3 / benchmark::GetTimeUnitMultiplier(r.time_unit);
    m.real_ms = r.GetAdjustedRealTime() * to_ms;
    m.cpu_ms = r.GetAdjustedCPUTime() * to_ms;
    m.counters.clear();
    for (const auto& [name, counter] : r.counters) m.counters[name] = counter.value;
  }

  static int Rank(const std::string& statistic) {
    if (statistic.empty()) return 0;
    if (statistic == "median") return 1;
    if (statistic == "min") return 2;
    return -1;
  }

  Measurements measurements_;
};

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_RUN_COLLECTOR_H_
