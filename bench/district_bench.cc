// The headline: a whole district through EvaluateBatch, on one thread and on all of them.
// Items are record × platform decisions; bytes are the input columns the evaluator reads.
#include <benchmark/benchmark.h>

#include <memory>

#include "column_stream.h"
#include "suite.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu::bench {
namespace {

void EvaluateDistrict(benchmark::State& state, const BenchWorld* w, const BenchDistrict* d,
                      int threads, BatchResult* out) {
  // Sizes and faults in the output once, outside the timed region (and checks the population
  // fits the table, so the timed calls cannot fail).
  if (out->records.empty()) {
    if (absl::Status st = EvaluateBatch(w->table, d->pop, w->as_of, *out, threads); !st.ok()) {
      state.SkipWithError(std::string(st.message()).c_str());
      return;
    }
  }
  for (auto _ : state) {
    (void)EvaluateBatch(w->table, d->pop, w->as_of, *out, threads);
    benchmark::ClobberMemory();
  }
  const auto it = static_cast<int64_t>(state.iterations());
  state.SetItemsProcessed(it * static_cast<int64_t>(d->decisions()));
  state.SetBytesProcessed(it * static_cast<int64_t>(EvaluatedBytes(d->pop)));
  state.counters["threads"] = threads;
  state.counters["entities"] = static_cast<double>(d->pop.num_entities());
  state.counters["records"] = static_cast<double>(d->pop.num_records());
  state.counters["bytes_per_record"] =
      static_cast<double>(d->pop.ColumnBytes()) / static_cast<double>(d->pop.num_records());
}

}  // namespace

void RegisterDistrictBenchmarks(const BenchWorld& world) {
  for (const BenchDistrict& d : world.districts) {
    for (const bool all : {false, true}) {
      const int threads = all ? world.threads : 1;
      auto out = std::make_shared<BatchResult>();
      auto* b = benchmark::RegisterBenchmark(
          DistrictName(d.name, all).c_str(),
          [w = &world, d = &d, threads, out](benchmark::State& s) {
            EvaluateDistrict(s, w, d, threads, out.get());
          });
      WithMin(b)->Unit(benchmark::kMillisecond)->UseRealTime();
    }
  }
}

}  // namespace xiufu::bench
