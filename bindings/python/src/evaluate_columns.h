// Evaluation straight into the output frames' columns (numpy arrays that xiufu/table.py wraps
// into DataFrames without copying: dates as datetime64[ns] values, codes for Categoricals).
// The threads claim chunks of entities as EvaluateBatch's do; each evaluates with
// xiufu::EvaluateEntity and writes its entities' rows directly, so there is no intermediate
// BatchResult. Text categories (material, action and message sets) are sorted. Output is
// identical for any thread count.
//
// Called with the GIL held; releases it while evaluating.
#ifndef XIUFU_BINDINGS_PYTHON_EVALUATE_COLUMNS_H_
#define XIUFU_BINDINGS_PYTHON_EVALUATE_COLUMNS_H_

#include "common.h"
#include "handles.h"

namespace xiufu::py {

// {"records": {...}, "entities": {...}, "alerts": {...}} (alerts only when `alerts`); with
// `reasons` the records also carry reason_zh / reason_en codes.
pyb::dict EvaluateColumns(const TableHandle& h, const Prepared& p, Date as_of, int threads,
                          bool alerts, bool reasons);

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_EVALUATE_COLUMNS_H_
