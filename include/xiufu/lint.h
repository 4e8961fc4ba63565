// xiufu::Lint — static analysis of a loaded rule pack ("box algebra"). Every row is a box: one
// set of values per fact slot it can test (plus the effective-date interval as one more
// dimension). Each dimension is cut into elementary pieces at every bound any row uses (enum
// codes, intervals between breakpoints, and `null` for facts that can be missing), so covers,
// overlaps and gaps are decided exactly on those pieces.
//
//   overlap        (error)    UNIQUE decisions: two rows that can both match, different outputs
//   shadowed-row   (error)    FIRST / PRIORITY: every case a row matches is taken by earlier
//                             (higher-priority) rows, alone or together
//   gap            (error)    tables with `complete = true`: input combinations no row covers,
//                             one example per gap (missing values are not gaps)
//   never-matches  (warning)  a cell whose set of values is empty
//   unused-alert, unused-material (warning)  catalogue entries no row (or map entry) produces
//
// Slots of one fact in different units (since_decision in months and in days) are treated as
// independent dimensions, so lint may miss a cover that relies on their correlation.
//
// Pure function of the pack; thread-safe.
#ifndef XIUFU_LINT_H_
#define XIUFU_LINT_H_

#include <cstddef>
#include <vector>

#include "xiufu/runtime/diagnostic.h"
#include "xiufu/pack.h"

namespace xiufu {

// At most `cap` diagnostics are returned (errors and warnings in analysis order).
std::vector<Diagnostic> Lint(const Pack& pack, size_t cap = 100);

}  // namespace xiufu

#endif  // XIUFU_LINT_H_
