// Helpers shared by the output columns of evaluate, explain and diff: the status categories
// (with "undecided", outcome_text.h's rule) and deduplicated material-set texts.
//
// No Python objects are touched: safe to call without the GIL.
#ifndef XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_
#define XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/outcome_text.h"
#include "xiufu/runtime/population.h"

namespace xiufu::py {

// Status categories of the output frames: the engine's status codes (RepairStatus values
// 0..kNumStatuses-1), then kUndecidedCode.
std::vector<std::string> StatusCategories();
inline constexpr int8_t kUndecided = kNumStatuses;

// Index of StatusCodeOf(o, ShownOn(…)) (outcome_text.h) in StatusCategories().
inline int8_t StatusIndex(const Population& pop, size_t r, int p, const RecordOutcome& o,
                          Date as_of) {
  return IsUndecided(o, ShownOn(pop, r, p, as_of)) ? kUndecided : static_cast<int8_t>(o.status);
}

// "a|b|c" material code sets (outcome_text.h's MaterialCodes), deduplicated.
class MaterialSets {
 public:
  explicit MaterialSets(const DecisionTable& table) : table_(table) { sets_.push_back(""); }
  // Not thread-safe. The empty set (most entities: no record) is code 0 without a lookup.
  int32_t Code(const Bits128& b) { return b.Any() ? CodeOf(b) : 0; }
  const std::vector<std::string>& sets() const { return sets_; }

 private:
  int32_t CodeOf(const Bits128& b);
  const DecisionTable& table_;
  std::vector<std::string> sets_;
  absl::flat_hash_map<std::pair<uint64_t, uint64_t>, int32_t> seen_;
};

// "a|b" unblocking-action code sets (outcome_text.h's ActionCodes), deduplicated; code 0 is the
// empty set. A district has a handful of distinct sets, so a linear search is the fastest.
class ActionSets {
 public:
  explicit ActionSets(const DecisionTable& table) : table_(table) {
    bits_.push_back(0);
    sets_.push_back("");
  }
  int32_t Code(uint32_t bits) {  // not thread-safe
    if (bits == 0) return 0;
    for (size_t i = 1; i < bits_.size(); ++i) {
      if (bits_[i] == bits) return static_cast<int32_t>(i);
    }
    bits_.push_back(bits);
    sets_.push_back(ActionCodes(table_, bits));
    return static_cast<int32_t>(sets_.size() - 1);
  }
  const std::vector<std::string>& sets() const { return sets_; }

 private:
  const DecisionTable& table_;
  std::vector<uint32_t> bits_;
  std::vector<std::string> sets_;
};

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_OUTCOME_ARRAYS_H_
