// The correctness gate run before any timing: the compiled table must decide exactly what the
// reference interpreter (tests/support/oracle.h) decides on the benchmark's own population —
// every record × platform outcome, its deciding rule id, and every entity outcome — on one
// thread, on all threads, and after a serialize → load round trip.
#ifndef XIUFU_BENCH_ORACLE_GATE_H_
#define XIUFU_BENCH_ORACLE_GATE_H_

#include "absl/status/statusor.h"
#include "district_fixture.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu::bench {

// The verified one-thread result, or FailedPrecondition naming the first differing
// record / entity and both values.
absl::StatusOr<BatchResult> CheckAgainstOracle(const BenchWorld& world,
                                               const BenchDistrict& district);

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_ORACLE_GATE_H_
