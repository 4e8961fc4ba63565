// One entity with many records (a transport company's traffic fines): the default district's
// first kManyRecords records given to its first entity. The districts have no entity past 8
// records, so nothing else here would show a path that grows with the square of an entity's
// records (docs/performance.md, "Entities with many records"):
//   many_records/evaluate  EvaluateEntity of that entity
//   many_records/plan      PlanEntity of it (every application; the record decided again alone)
//   many_records/explain   EntityExplainer over all its records × platforms
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "suite.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/explain.h"
#include "xiufu/runtime/plan.h"
#include "xiufu/synth/generate.h"

namespace xiufu::bench {
namespace {

void Evaluate(benchmark::State& state, const BenchWorld* w, const Population* pop) {
  Scratch scratch;
  std::vector<RecordOutcome> out(pop->num_records() * static_cast<size_t>(pop->num_platforms));
  EntityOutcome eo;
  for (auto _ : state) {
    EvaluateEntity(w->table, *pop, 0, w->as_of, scratch, out.data(), &eo);
    benchmark::DoNotOptimize(eo);
  }
  state.counters["records"] = pop->RecordsEnd(0);
}

void Plan(benchmark::State& state, const BenchWorld* w, const Population* pop) {
  Scratch scratch;
  size_t steps = 0;
  for (auto _ : state) {
    absl::StatusOr<RepairPlan> plan = PlanEntity(w->table, *pop, 0, w->as_of, scratch);
    if (!plan.ok()) {
      state.SkipWithError(std::string(plan.status().message()).c_str());
      return;
    }
    steps = plan->steps.size();
    benchmark::DoNotOptimize(plan);
  }
  state.counters["records"] = pop->RecordsEnd(0);
  state.counters["steps"] = static_cast<double>(steps);
}

void Explain(benchmark::State& state, const BenchWorld* w, const Population* pop) {
  for (auto _ : state) {
    EntityExplainer explainer(w->table, *pop, 0, w->as_of);
    size_t steps = 0;
    for (uint32_t r = pop->RecordsBegin(0); r < pop->RecordsEnd(0); ++r) {
      for (int p = 0; p < pop->num_platforms; ++p) {
        absl::StatusOr<Explanation> x = explainer.Explain(r, p);
        if (x.ok()) steps += x->steps.size();
      }
    }
    benchmark::DoNotOptimize(steps);
  }
  state.counters["records"] = pop->RecordsEnd(0);
}

}  // namespace

void RegisterManyRecordsBenchmarks(const BenchWorld& world) {
  District district = GenerateDistrict(GenOptions{});
  const size_t n = std::min<size_t>(kManyRecords, district.num_records());
  // The records are grouped by entity in entity order: the first n, given to entity 0, stay so.
  for (size_t i = 0; i < n; ++i) district.entity[i] = 0;
  auto dict = Dictionary::FromTable(world.table);
  absl::StatusOr<Population> pop =
      dict.ok() ? DistrictToPopulation(district, *dict) : absl::StatusOr<Population>(dict.status());
  if (!pop.ok() || pop->RecordsEnd(0) != n) {
    std::fprintf(stderr, "bench: WARNING: many_records/* not run: %s\n",
                 pop.ok() ? "the entity did not get its records"
                          : std::string(pop.status().message()).c_str());
    return;
  }
  auto shared = std::make_shared<const Population>(*std::move(pop));
  const BenchWorld* w = &world;
  WithMin(benchmark::RegisterBenchmark(kManyEvaluateName, [w, shared](benchmark::State& s) {
    Evaluate(s, w, shared.get());
  }))->Unit(benchmark::kMillisecond)->UseRealTime();
  WithMin(benchmark::RegisterBenchmark(kManyPlanName, [w, shared](benchmark::State& s) {
    Plan(s, w, shared.get());
  }))->Unit(benchmark::kMillisecond)->UseRealTime();
  WithMin(benchmark::RegisterBenchmark(kManyExplainName, [w, shared](benchmark::State& s) {
    Explain(s, w, shared.get());
  }))->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace xiufu::bench
