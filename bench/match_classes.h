// Match classes: how many records (and record × platform decisions) of a district the
// matching cannot tell apart. Two records are in one class when, on every platform, each
// decision (eligibility, materials, record alerts) picks the same partition and every index
// of it maps their fact slots to the same row mask; the matched rows are then the same by
// construction. The count bounds what a memo of matching results keyed by class could save
// (docs/performance.md, "What would close the gap"); the derived facts the materials and
// alert decisions read (status, days until eligible) are taken from the given outcomes.
//
// A pure function of its inputs; thread-compatible.
#ifndef XIUFU_BENCH_MATCH_CLASSES_H_
#define XIUFU_BENCH_MATCH_CLASSES_H_

#include <cstddef>

#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/population.h"

namespace xiufu::bench {

// Classes are told apart by a 64-bit hash of their partitions and mask indexes (a collision,
// which would undercount by one, is vanishingly rare at these sizes).
struct MatchClasses {
  size_t record_classes = 0;   // distinct classes of whole records (all platforms)
  size_t decision_classes = 0; // distinct classes of record × platform decisions
};

// `outcomes`: EvaluateBatch(table, pop, as_of) (their status and eligible_from feed the
// derived facts).
MatchClasses CountMatchClasses(const DecisionTable& table, const Population& pop, Date as_of,
                               const BatchResult& outcomes);

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_MATCH_CLASSES_H_
