#include "district_fixture.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "oracle_gate.h"
#include "order36_baseline.h"
#include "base/str_util.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/synth/generate.h"
#include "xiufu/population_io.h"
#include "xiufu/serialize.h"

namespace xiufu::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A fixed permutation (Fisher–Yates over splitmix64), so latency samples visit entities in
// an order unrelated to their layout in memory.
void Shuffle(std::vector<uint32_t>& v, uint64_t seed) {
  for (size_t i = v.size(); i > 1; --i) {
    uint64_t z = (seed += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    std::swap(v[i - 1], v[z % i]);
  }
}

absl::StatusOr<BenchDistrict> MakeDistrict(const DecisionTable& table, std::string name,
                                           bool dense) {
  const auto t0 = Clock::now();
  GenOptions gen;
  gen.dense = dense;
  const District district = GenerateDistrict(gen);
  auto dict = Dictionary::FromTable(table);
  if (!dict.ok()) return dict.status();
  auto pop = DistrictToPopulation(district, *dict);
  if (!pop.ok()) return pop.status();

  BenchDistrict d;
  d.name = std::move(name);
  d.pop = *std::move(pop);
  for (size_t e = 0; e < d.pop.num_entities(); ++e) {
    const uint32_t n = d.pop.RecordsEnd(e) - d.pop.RecordsBegin(e);
    d.max_records = std::max(d.max_records, n);
    if (n > 0) d.with_records.push_back(static_cast<uint32_t>(e));
  }
  if (d.with_records.empty()) {
    return absl::FailedPreconditionError(Cat("district ", d.name, " has no records"));
  }
  Shuffle(d.with_records, 0x5eed);
  std::fprintf(stderr, "bench: district %s: %zu entities, %zu records, %d platforms (%.1f s)\n",
               d.name.c_str(), d.pop.num_entities(), d.pop.num_records(), d.pop.num_platforms,
               SecondsSince(t0));
  return d;
}

}  // namespace

absl::StatusOr<std::unique_ptr<const BenchWorld>> BuildWorld(const BenchOptions& options) {
  auto world = std::make_unique<BenchWorld>();
  world->pack_dir = options.pack_dir;
  world->as_of = GenOptions{}.snapshot;
  world->threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  auto loaded = LoadPack(options.pack_dir);
  if (!loaded.ok()) return loaded.status();
  if (!loaded->ok()) {
    std::string msg = Cat("rule pack ", options.pack_dir, " has ", loaded->error_count,
                          " load errors");
    if (!loaded->diagnostics.empty()) {
      msg += Cat("; first: ", FormatDiagnostic(loaded->diagnostics.front()));
    }
    return absl::FailedPreconditionError(msg);
  }
  world->loaded = std::move(*loaded);
  auto table = Compile(world->loaded);
  if (!table.ok()) return table.status();
  world->table = *std::move(table);
  world->blob = SerializeTable(world->table);

  for (const bool dense : {false, true}) {
    auto d = MakeDistrict(world->table, dense ? "dense" : "default", dense);
    if (!d.ok()) return d.status();
    world->districts.push_back(*std::move(d));
  }
  auto codes = ResolveOrder36Codes(world->table);
  if (!codes.ok()) return codes.status();
  for (BenchDistrict& d : world->districts) {
    const auto t0 = Clock::now();
    auto verified = CheckAgainstOracle(*world, d);
    if (!verified.ok()) return verified.status();
    std::fprintf(stderr,
                 "bench: district %s: compiled == oracle on %zu record x platform decisions, "
                 "%zu entities (1 thread, %d threads, blob round trip; %.1f s)\n",
                 d.name.c_str(), d.decisions(), d.pop.num_entities(), world->threads,
                 SecondsSince(t0));
    d.classes = CountMatchClasses(world->table, d.pop, world->as_of, *verified);
    std::vector<Order36Outcome> slice(d.pop.num_records());
    d.order36_records = DecideOrder36(*codes, d.pop, world->as_of, slice.data());
    d.order36_agreement = Order36Agreement(*codes, d.pop, slice, *verified);
    if (d.order36_agreement < 1.0) {
      std::fprintf(stderr,
                   "bench: WARNING: the hand-written Order 36 slice agrees with the engine on "
                   "only %.4f of its %zu records (district %s): the rule pack changed under it\n",
                   d.order36_agreement, d.order36_records, d.name.c_str());
    }
  }
  return std::unique_ptr<const BenchWorld>(std::move(world));
}

}  // namespace xiufu::bench
