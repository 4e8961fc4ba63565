// The "no engine" baseline (as cel-cpp benchmarks a policy hand-coded in C++ against the same
// policy interpreted): one slice of the Gongshu rules written directly as plain ifs — NDRC
// Order 36 (in force from 2026-04-01) on Credit China for administrative penalties not handled
// by market regulation: minimum / maximum publicity periods by severity (minor 0/3 months,
// general 3 months/1 year, serious 1/3 years), the fulfilled / corrected conditions, and the
// bankruptcy-reorganisation exception, preceded by the two visibility rows (not shown,
// already repaired). The slice is checked against the engine's own decisions on the same
// records (Agreement) so that it is known to do the same work.
//
// Pure functions; thread-safe.
#ifndef XIUFU_BENCH_ORDER36_BASELINE_H_
#define XIUFU_BENCH_ORDER36_BASELINE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/population.h"

namespace xiufu::bench {

// Dense ids of the codes the slice tests, from the compiled table's domains.
struct Order36Codes {
  int credit_china, penalty, samr, minor, general, serious, specific_serious, restructuring;
};
absl::StatusOr<Order36Codes> ResolveOrder36Codes(const DecisionTable& table);

// The slice's decision for one record on Credit China.
struct Order36Outcome {
  RepairStatus status = RepairStatus::kNotShown;
  int8_t channel = -1;
  int8_t authority = -1;
  bool decided = false;  // the record is in the slice
  int32_t eligible_from = kNoDay;
  int32_t expires_on = kNoDay;
};

// Decides every record of `pop` (out has num_records entries); returns how many are in the
// slice. Records outside it (other departments' lists, market-regulation records, records
// decided after as_of) are left undecided.
size_t DecideOrder36(const Order36Codes& codes, const Population& pop, Date as_of,
                     Order36Outcome* out);

// Share of in-slice records on which the slice and the engine's Credit China outcome agree
// (status, channel, authority, dates); 1.0 when the slice is exact.
double Order36Agreement(const Order36Codes& codes, const Population& pop,
                        const std::vector<Order36Outcome>& slice, const BatchResult& engine);

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_ORDER36_BASELINE_H_
