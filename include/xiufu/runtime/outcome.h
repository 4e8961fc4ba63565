// xiufu outcomes — what the evaluator decides: for one record on one platform, the repair
// status, its dates, the deciding row and the materials and alerts; for one entity, the
// deduplicated materials, its alerts and the day it is expected clean on every platform.
// Rendering them for people (names, messages, codes) is outcome_text.h.
//
// Plain value types; thread-compatible.
#ifndef XIUFU_RUNTIME_OUTCOME_H_
#define XIUFU_RUNTIME_OUTCOME_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "xiufu/runtime/date.h"
#include "xiufu/runtime/detail/table_data.h"
#include "xiufu/runtime/facts.h"
#include "xiufu/runtime/rule_types.h"
#include "xiufu/runtime/unset_allocator.h"

namespace xiufu {

// One record on one platform. Stored record-major: outcome of record r on platform p is at
// r * num_platforms + p.
struct RecordOutcome {
  RepairStatus status = RepairStatus::kNotShown;
  int8_t channel = -1;     // platform id to apply on; -1 = none
  int8_t authority = -1;   // department id that decides (the record's own unless the row says)
  uint8_t pad = 0;
  uint32_t rule = kNoRow;  // index into TableData::rows of the deciding eligibility row
  int32_t eligible_from = kNoDay;
  int32_t expires_on = kNoDay;
  // Blocked: the unblocking action ids (the deciding row's, plus those of any row that would
  // block next once they are done); eligible_from is then the day the record could be
  // repaired from if every one of them were done on the evaluation date (kNoDay: unknown).
  uint32_t actions = 0;
  uint64_t alerts = 0;     // record-scope alert ids
  Bits128 materials;       // raw materials this record × platform asks for
  friend bool operator==(const RecordOutcome&, const RecordOutcome&) = default;
};

struct EntityOutcome {
  Bits128 raw_materials;        // union over the entity's records × platforms
  Bits128 canonical_materials;  // raw mapped through the material map in force
  uint64_t alerts = 0;          // entity-scope alerts ∪ record-scope alerts of its records
  int32_t clean_by = kNoDay;    // all platforms clean by this day; kNoDay = never/unknown
  uint32_t shown = 0;           // record × platform pairs still shown (not repaired/not_shown)
  friend bool operator==(const EntityOutcome&, const EntityOutcome&) = default;
};

// Outcomes of a whole population (BatchResult), unset until evaluated into (unset_allocator.h):
// the threads that evaluate into them touch their pages first.
template <typename T>
using OutcomeVector = std::vector<T, UnsetAllocator<T, std::allocator>>;

// Whether a status means the record × platform is still published.
inline bool IsShownStatus(RepairStatus s) {
  return s != RepairStatus::kNotShown && s != RepairStatus::kRepaired;
}

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_OUTCOME_H_
