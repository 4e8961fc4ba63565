// The reference interpreter (tests/support/oracle.h) on the default district: row by row,
// cell by cell, no index. The compiled table's speed-up over it is reported in the summary.
#include <benchmark/benchmark.h>

#include "suite.h"
#include "support/oracle.h"

namespace xiufu::bench {
namespace {

void Oracle(benchmark::State& state, const BenchWorld* w, const BenchDistrict* d) {
  for (auto _ : state) {
    testing::OracleResult r = testing::OracleEvaluate(w->loaded.pack, d->pop, w->as_of);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(d->decisions()));
}

}  // namespace

void RegisterOracleBenchmarks(const BenchWorld& world, const BenchOptions& options) {
  const BenchDistrict* d = &world.districts.front();
  auto* b = benchmark::RegisterBenchmark(kOracleName,
                                         [w = &world, d](benchmark::State& s) { Oracle(s, w, d); });
  WithMin(b)
      ->Iterations(options.short_mode ? 1 : 2)
      ->Repetitions(options.short_mode ? 1 : 5)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

}  // namespace xiufu::bench
