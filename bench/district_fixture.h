// The data every benchmark runs on, built once before anything is timed: the reference rule
// pack (loaded and compiled), its serialized blob, and two generated districts — the default
// 178,000-entity mix and the dense variant (3–8 records per entity) — evaluated as of the
// generator's snapshot day. BuildWorld also runs the correctness gate (oracle_gate.h): a
// benchmark that measures wrong answers is worthless, so nothing is timed unless the compiled
// table agrees with the reference interpreter on both districts.
//
// Immutable once built; shared read-only by all benchmarks.
#ifndef XIUFU_BENCH_DISTRICT_FIXTURE_H_
#define XIUFU_BENCH_DISTRICT_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench_options.h"
#include "match_classes.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/population.h"

namespace xiufu::bench {

struct BenchDistrict {
  std::string name;  // "default" / "dense"
  Population pop;
  // Entities that have at least one record, in a fixed shuffled order (latency samples).
  std::vector<uint32_t> with_records;
  uint32_t max_records = 0;  // records of the largest entity
  // The hand-written Order 36 slice (order36_baseline.h): records in it, and the share of
  // them on which it agrees with the engine (checked once, before timing).
  size_t order36_records = 0;
  double order36_agreement = 0;
  MatchClasses classes;  // what the matching cannot tell apart (counted once, not timed)
  size_t decisions() const { return pop.num_records() * static_cast<size_t>(pop.num_platforms); }
};

struct BenchWorld {
  std::string pack_dir;
  LoadResult loaded;  // the pack as loaded (no errors)
  DecisionTable table;
  std::string blob;  // SerializeTable(table)
  Date as_of;
  int threads = 1;  // hardware threads: "all cores"
  std::vector<BenchDistrict> districts;  // [0] default, [1] dense
};

// Loads and compiles the pack, generates both districts and checks them against the oracle.
// Prints progress to stderr. Fails with a clear message on any problem, including a mismatch.
absl::StatusOr<std::unique_ptr<const BenchWorld>> BuildWorld(const BenchOptions& options);

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_DISTRICT_FIXTURE_H_
