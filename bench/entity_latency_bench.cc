// Single-entity latency, as a host service evaluating one entity at a time sees it:
// EvaluateEntity on entities that have records, visited in a fixed shuffled order, each call
// timed on its own with the cycle clock (cycle_clock.h, read-pair overhead subtracted). The
// per-call samples of all iterations form the histogram the p50 / p99 come from.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

#include "suite.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu::bench {
namespace {

constexpr size_t kSampleEntities = 8192;

double Percentile(std::vector<uint64_t>& v, double q) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return static_cast<double>(v[k]);
}

void EntityLatency(benchmark::State& state, const BenchWorld* w, const BenchDistrict* d,
                   const CycleClock* clock) {
  const size_t n = std::min(kSampleEntities, d->with_records.size());
  const uint32_t* sample = d->with_records.data();
  Scratch scratch;
  std::vector<RecordOutcome> records(static_cast<size_t>(d->max_records) * d->pop.num_platforms);
  EntityOutcome entity;
  std::vector<uint64_t> ticks;
  ticks.reserve(n * static_cast<size_t>(state.max_iterations));
  EvaluateEntity(w->table, d->pop, sample[0], w->as_of, scratch, records.data(), &entity);
  for (auto _ : state) {
    for (size_t i = 0; i < n; ++i) {
      const uint64_t t0 = CycleClock::Start();
      EvaluateEntity(w->table, d->pop, sample[i], w->as_of, scratch, records.data(), &entity);
      const uint64_t t1 = CycleClock::Stop();
      ticks.push_back(t1 - t0);
    }
    benchmark::DoNotOptimize(entity);
  }
  const uint64_t overhead = clock->overhead_ticks();
  double total = 0;
  for (uint64_t& t : ticks) {
    t = t > overhead ? t - overhead : 0;
    total += static_cast<double>(t);
  }
  size_t sampled_records = 0;
  for (size_t i = 0; i < n; ++i) {
    sampled_records += d->pop.RecordsEnd(sample[i]) - d->pop.RecordsBegin(sample[i]);
  }
  state.SetItemsProcessed(static_cast<int64_t>(ticks.size()));
  state.counters["calls"] = static_cast<double>(ticks.size());
  state.counters["records_per_entity"] =
      static_cast<double>(sampled_records) / static_cast<double>(n);
  state.counters["mean_ns"] = ticks.empty() ? 0 : clock->ToNs(1) * total / ticks.size();
  state.counters["p50_ns"] = clock->ToNs(1) * Percentile(ticks, 0.50);
  state.counters["p99_ns"] = clock->ToNs(1) * Percentile(ticks, 0.99);
  state.counters["max_ns"] = clock->ToNs(1) * Percentile(ticks, 1.0);
  state.counters["clock_overhead_ns"] = clock->ToNs(overhead);
}

}  // namespace

void RegisterEntityLatencyBenchmarks(const BenchWorld& world, const BenchOptions& options,
                                     const CycleClock& clock) {
  for (const BenchDistrict& d : world.districts) {
    auto* b = benchmark::RegisterBenchmark(
        LatencyName(d.name).c_str(),
        [w = &world, d = &d, c = &clock](benchmark::State& s) { EntityLatency(s, w, d, c); });
    WithMin(b)->Iterations(options.short_mode ? 4 : 32)->Unit(benchmark::kMicrosecond)->UseRealTime();
  }
}

}  // namespace xiufu::bench
