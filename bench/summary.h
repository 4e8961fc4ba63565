// The run summary: the headline figures as ratios against baselines measured in the same run,
// the targets they are compared with (reported, never asserted), and the machine they came
// from. Written as build/bench/summary.json (flat keys; the dense district's figures carry a
// `dense_` prefix) and printed as a table (also saved as summary.txt).
#ifndef XIUFU_BENCH_SUMMARY_H_
#define XIUFU_BENCH_SUMMARY_H_

#include <string>

#include "bench_options.h"
#include "cycle_clock.h"
#include "district_fixture.h"
#include "run_collector.h"

namespace xiufu::bench {

struct Summary {
  std::string json;
  std::string table;
};

// `load_at_start`: LoadAverage() when the run began (the machine may be shared).
Summary BuildSummary(const BenchWorld& world, const BenchOptions& options,
                     const CycleClock& clock, const Measurements& measurements,
                     const std::string& load_at_start);

// Compiler, optimisation and ISA of this binary, e.g. "GCC 12.2.0, optimized, NDEBUG, SSE2".
std::string CompiledWith();
// "model name" from /proc/cpuinfo, or "unknown".
std::string CpuModel();
// The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown".
std::string LoadAverage();

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_SUMMARY_H_
