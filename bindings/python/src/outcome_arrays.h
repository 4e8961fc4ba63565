// Output columns: evaluation results as numpy arrays that xiufu/_output.py wraps into pandas
// DataFrames without copying (dates as datetime64[ns] values, codes for pandas Categoricals).
//
// Allocation needs the GIL; the Fill* loops do not touch Python objects and run without it.
#ifndef XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_
#define XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common.h"
#include "handles.h"
#include "xiufu/evaluate.h"

namespace xiufu::py {

// Status categories of the output frames: the engine's status codes (Status values 0..6) plus
// "undecided" for a shown record × platform that no eligibility row decided (as the CLI's
// decisions file says, see report.h).
inline constexpr int8_t kUndecided = 7;
std::vector<std::string> StatusCategories();

inline int8_t DisplayStatus(const Population& pop, size_t r, int p, const RecordOutcome& o,
                            Date as_of) {
  const bool exists = pop.decision[r] == kNoDay || pop.decision[r] <= as_of.days;
  if (o.rule == kNoRow && ((pop.shown_mask[r] >> p) & 1) && exists) return kUndecided;
  return static_cast<int8_t>(o.status);
}

// Entity index of every population record.
std::vector<uint32_t> RecordEntities(const Population& pop);

// "a|b|c" material code sets, deduplicated: codes per entity into `sets`.
class MaterialSets {
 public:
  explicit MaterialSets(const TableHandle& h) : h_(h) { sets_.push_back(""); }
  int32_t Code(const Bits128& b);  // not thread-safe
  const std::vector<std::string>& sets() const { return sets_; }

 private:
  const TableHandle& h_;
  std::vector<std::string> sets_;
  std::vector<std::pair<Bits128, int32_t>> seen_;
};

// The `records` frame's columns for `batch` (one row per record × platform, population order);
// with `reasons`, also the rendered reason_zh / reason_en of the deciding rows.
pyb::dict RecordColumns(const TableHandle& h, const Prepared& p, const BatchResult& batch,
                        Date as_of, bool reasons);
// The `entities` frame's columns (one row per entity, input order).
pyb::dict EntityColumns(const TableHandle& h, const Prepared& p, const BatchResult& batch);
// The `alerts` frame's columns (one row per alert: entity alerts, then record alerts).
pyb::dict AlertColumns(const TableHandle& h, const Prepared& p, const BatchResult& batch,
                       Date as_of);

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_
