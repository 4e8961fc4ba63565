// The what-if diff (xiufu/diff.h): DiffOutcomes of the default district under the pack as
// loaded and under a copy with one parameter edited (EditParameter), timed like district/default.
// DiffOutcomes evaluates every entity under both tables and compares the outcomes; it runs on
// the `threads` it is given (default 1, plain std::threads over equal entity ranges), so the
// benchmark gives it one thread and the summary divides by district/default/1t of the same run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>

#include "base/str_util.h"
#include "suite.h"
#include "xiufu/compile.h"
#include "xiufu/diff.h"
#include "xiufu/pack_edit.h"
#include "xiufu/runtime/diagnostic.h"

namespace xiufu::bench {
namespace {

void Diff(benchmark::State& state, const BenchWorld* w, const BenchDistrict* d,
          const DecisionTable* after) {
  size_t changes = 0, entities = 0, pairs = 0;
  for (auto _ : state) {
    auto r = DiffOutcomes(w->table, *after, d->pop, w->as_of, kDiffThreads);
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    changes = r->changes.size();
    entities = r->entities.size();
    pairs = r->pairs_compared;
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(d->decisions()));
  state.counters["threads"] = kDiffThreads;
  state.counters["changes"] = static_cast<double>(changes);
  state.counters["entities_changed"] = static_cast<double>(entities);
  state.counters["pairs_compared"] = static_cast<double>(pairs);
}

}  // namespace

void RegisterDiffBenchmarks(const BenchWorld& world) {
  // The "after" table: Gongshu with one parameter moved, built before anything is timed.
  EditResult edit = EditParameter(world.loaded.pack, kDiffParameter, kDiffValue);
  std::shared_ptr<const DecisionTable> after;
  std::string problem;
  if (!edit.errors.empty()) {
    problem = Cat("EditParameter(", kDiffParameter, "): ", FormatDiagnostic(edit.errors[0]));
  } else {
    auto t = Compile(LoadResult{std::move(edit.pack), {}, 0, 0});
    if (t.ok()) {
      after = std::make_shared<const DecisionTable>(*std::move(t));
    } else {
      problem = Cat("compiling the edited pack: ", t.status().message());
    }
  }
  if (after == nullptr) {
    std::fprintf(stderr, "bench: WARNING: %s is not run: %s\n", kDiffName, problem.c_str());
    return;
  }
  // Once before timing: the edit must change outcomes, or the diff would time a no-op.
  const BenchDistrict* d = &world.districts.front();
  auto probe = DiffOutcomes(world.table, *after, d->pop, world.as_of, kDiffThreads);
  if (!probe.ok()) {
    std::fprintf(stderr, "bench: WARNING: %s is not run: %s\n", kDiffName,
                 std::string(probe.status().message()).c_str());
    return;
  }
  std::fprintf(stderr,
               "bench: %s: %s = %s (was %s): %zu record x platform changes, %zu entities\n",
               kDiffName, kDiffParameter, kDiffValue, edit.old_text.c_str(),
               probe->changes.size(), probe->entities.size());
  if (probe->changes.empty()) {
    std::fprintf(stderr, "bench: WARNING: %s: the edit changes no outcome\n", kDiffName);
  }
  auto* b = benchmark::RegisterBenchmark(
      kDiffName, [w = &world, d, after](benchmark::State& s) { Diff(s, w, d, after.get()); });
  WithMin(b)->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace xiufu::bench
