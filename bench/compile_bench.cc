// The one-off costs: parsing the pack's files, compiling it to the flat table, writing the
// blob, and loading the blob back (what a service does at start-up).
#include <benchmark/benchmark.h>

#include <string>

#include "suite.h"
#include "xiufu/compile.h"
#include "xiufu/serialize.h"

namespace xiufu::bench {
namespace {

void PackLoad(benchmark::State& state, const BenchWorld* w) {
  for (auto _ : state) {
    auto loaded = LoadPack(w->pack_dir);
    benchmark::DoNotOptimize(loaded);
  }
  size_t rows = 0;
  for (const Table& t : w->loaded.pack.tables) rows += t.rows.size();
  state.counters["tables"] = static_cast<double>(w->loaded.pack.tables.size());
  state.counters["rows"] = static_cast<double>(rows);
}

void PackCompile(benchmark::State& state, const BenchWorld* w) {
  for (auto _ : state) {
    auto table = Compile(w->loaded);
    benchmark::DoNotOptimize(table);
  }
  state.counters["rows"] = static_cast<double>(internal::Data(w->table).rows.size());
  state.counters["masks_bytes"] = static_cast<double>(internal::Data(w->table).masks.size() * 8);
}

void Serialize(benchmark::State& state, const BenchWorld* w) {
  for (auto _ : state) {
    std::string blob = SerializeTable(w->table);
    benchmark::DoNotOptimize(blob);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * w->blob.size()));
}

void BlobLoad(benchmark::State& state, const BenchWorld* w) {
  for (auto _ : state) {
    auto table = DeserializeTable(w->blob);
    benchmark::DoNotOptimize(table);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * w->blob.size()));
  state.counters["blob_bytes"] = static_cast<double>(w->blob.size());
}

}  // namespace

void RegisterCompileBenchmarks(const BenchWorld& world) {
  const BenchWorld* w = &world;
  WithMin(benchmark::RegisterBenchmark(kPackLoadName, [w](benchmark::State& s) { PackLoad(s, w); }))
      ->Unit(benchmark::kMillisecond);
  WithMin(benchmark::RegisterBenchmark(kCompileName, [w](benchmark::State& s) { PackCompile(s, w); }))
      ->Unit(benchmark::kMillisecond);
  WithMin(benchmark::RegisterBenchmark(kSerializeName, [w](benchmark::State& s) { Serialize(s, w); }))
      ->Unit(benchmark::kMicrosecond);
  WithMin(benchmark::RegisterBenchmark(kBlobLoadName, [w](benchmark::State& s) { BlobLoad(s, w); }))
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace xiufu::bench
