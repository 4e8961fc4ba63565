// What the engine is measured against: the memory-stream bound (reading every input byte the
// evaluator reads, once), the same plus writing the outputs, and the Order 36 slice written as
// plain C++ ifs.
#include <benchmark/benchmark.h>

#include <vector>

#include "column_stream.h"
#include "order36_baseline.h"
#include "suite.h"

namespace xiufu::bench {
namespace {

void StreamBound(benchmark::State& state, const BenchDistrict* d) {
  const std::vector<ColumnView> columns = EvaluatedColumns(d->pop);
  for (auto _ : state) {
    uint64_t sum = StreamColumns(columns);
    benchmark::DoNotOptimize(sum);
  }
  const auto it = static_cast<int64_t>(state.iterations());
  state.SetItemsProcessed(it * static_cast<int64_t>(d->decisions()));
  state.SetBytesProcessed(it * static_cast<int64_t>(EvaluatedBytes(d->pop)));
  state.counters["columns"] = static_cast<double>(columns.size());
}

void StreamIoBound(benchmark::State& state, const BenchDistrict* d) {
  const std::vector<ColumnView> columns = EvaluatedColumns(d->pop);
  BatchResult out;
  out.Resize(d->pop, d->pop.num_platforms);
  StreamColumnsAndOutputs(columns, out);  // faults the output in, outside the timed region
  for (auto _ : state) {
    uint64_t sum = StreamColumnsAndOutputs(columns, out);
    benchmark::DoNotOptimize(sum);
    benchmark::ClobberMemory();
  }
  const auto it = static_cast<int64_t>(state.iterations());
  state.SetItemsProcessed(it * static_cast<int64_t>(d->decisions()));
  state.SetBytesProcessed(it * static_cast<int64_t>(EvaluatedBytes(d->pop) + OutputBytes(d->pop)));
  state.counters["output_bytes"] = static_cast<double>(OutputBytes(d->pop));
}

void Handwritten(benchmark::State& state, const BenchWorld* w, const BenchDistrict* d) {
  auto codes = ResolveOrder36Codes(w->table);
  if (!codes.ok()) {
    state.SkipWithError(std::string(codes.status().message()).c_str());
    return;
  }
  std::vector<Order36Outcome> out(d->pop.num_records());
  size_t decided = DecideOrder36(*codes, d->pop, w->as_of, out.data());
  for (auto _ : state) {
    decided = DecideOrder36(*codes, d->pop, w->as_of, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(decided));
  state.counters["slice_records"] = static_cast<double>(decided);
  // Checked once before timing (district_fixture.cc) against the engine's own decisions.
  state.counters["agreement"] = d->order36_agreement;
}

}  // namespace

void RegisterBaselineBenchmarks(const BenchWorld& world) {
  for (const BenchDistrict& d : world.districts) {
    auto* b = benchmark::RegisterBenchmark(StreamName(d.name).c_str(),
                                           [d = &d](benchmark::State& s) { StreamBound(s, d); });
    WithMin(b)->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  for (const BenchDistrict& d : world.districts) {
    auto* b = benchmark::RegisterBenchmark(StreamIoName(d.name).c_str(),
                                           [d = &d](benchmark::State& s) { StreamIoBound(s, d); });
    WithMin(b)->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  for (const BenchDistrict& d : world.districts) {
    auto* b = benchmark::RegisterBenchmark(
        HandwrittenName(d.name).c_str(),
        [w = &world, d = &d](benchmark::State& s) { Handwritten(s, w, d); });
    WithMin(b)->Unit(benchmark::kMillisecond)->UseRealTime();
  }
}

}  // namespace xiufu::bench
