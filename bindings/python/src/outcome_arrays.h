// Helpers shared by the output columns of evaluate, explain and diff: the status categories
// (with "undecided") and deduplicated material-set texts.
//
// No Python objects are touched: safe to call without the GIL.
#ifndef XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_
#define XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common.h"
#include "handles.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu::py {

// Status categories of the output frames: the engine's status codes (RepairStatus values 0..6) plus
// "undecided" for a shown record × platform that no eligibility row decided (as the CLI's
// decisions file says, see report.h).
inline constexpr int8_t kUndecided = 7;
std::vector<std::string> StatusCategories();

inline int8_t DisplayStatus(const Population& pop, size_t r, int p, const RecordOutcome& o,
                            Date as_of) {
  const bool exists = pop.decision_date[r] == kNoDay || pop.decision_date[r] <= as_of.days;
  if (o.rule == kNoRow && ((pop.shown_mask[r] >> p) & 1) && exists) return kUndecided;
  return static_cast<int8_t>(o.status);
}

// "a|b|c" material code sets, deduplicated: codes per entity into `sets`.
class MaterialSets {
 public:
  explicit MaterialSets(const TableHandle& h) : h_(h) { sets_.push_back(""); }
  int32_t Code(const Bits128& b);  // not thread-safe
  const std::vector<std::string>& sets() const { return sets_; }

 private:
  const TableHandle& h_;
  std::vector<std::string> sets_;
  absl::flat_hash_map<std::pair<uint64_t, uint64_t>, int32_t> seen_;
};

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_
