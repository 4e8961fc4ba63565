// xiufu evaluation — decides, for every record of an entity on every platform, the repair
// status, dates and the rule that decided it; for the entity, the deduplicated materials (raw
// and canonical), its alerts and the date it is expected clean on all platforms.
//
// Outcomes go into caller-owned arrays; a Scratch holds the per-thread mutable state (fact
// slots, bitsets) so the hot path allocates nothing. A DecisionTable is shared read-only by any
// number of threads; a Scratch must be used by one thread at a time.
#ifndef XIUFU_EVALUATE_H_
#define XIUFU_EVALUATE_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "xiufu/decision_table.h"
#include "xiufu/population.h"

namespace xiufu {

// One record on one platform. Stored record-major: outcome of record r on platform p is at
// r * num_platforms + p.
struct RecordOutcome {
  Status status = Status::kNotShown;
  int8_t channel = -1;     // platform id to apply on; -1 = none
  int8_t authority = -1;   // department id that decides (the record's own unless the row says)
  uint8_t pad = 0;
  uint32_t rule = kNoRow;  // index into TableData::rows of the deciding eligibility row
  int32_t eligible_from = kNoDay;
  int32_t expires_on = kNoDay;
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

// Per-thread evaluation state. Reuse one per thread; it grows to the largest entity seen.
class Scratch {
 public:
  Scratch() = default;
  // Internal state; see evaluate.cc. Works with any table (it grows to the widest bitset).
  alignas(64) int64_t slots[kNumSlots];
  std::vector<uint64_t> acc;          // row bitset of the partition being matched
  int32_t today_days = kNoDay;        // the evaluation date `today` was split from
  YearMonthDay today{0, 1, 1};
};

// Evaluates one entity. `records_out` has (RecordsEnd - RecordsBegin) * NumPlatforms entries.
void EvaluateEntity(const DecisionTable& table, const Population& pop, size_t entity,
                    Date as_of, Scratch& scratch, RecordOutcome* records_out,
                    EntityOutcome* entity_out);

// Caller-owned results for a whole population.
struct BatchResult {
  int num_platforms = 0;
  std::vector<RecordOutcome> records;   // num_records * num_platforms
  std::vector<EntityOutcome> entities;  // num_entities
  void Resize(const Population& pop, int platforms);
};

// Evaluates every entity; splits the population over `threads` threads (0 = hardware
// concurrency). Results are identical for any thread count.
void EvaluateBatch(const DecisionTable& table, const Population& pop, Date as_of,
                   BatchResult& out, int threads = 1);

// The due date of alert `alert` for a record × platform outcome (or the entity when record <
// 0), from the alert's `due` expression; kNoDay when it has none.
int32_t AlertDue(const DecisionTable& table, const Population& pop, size_t entity,
                 int64_t record, const RecordOutcome* outcome, int alert, Date as_of);

}  // namespace xiufu

#endif  // XIUFU_EVALUATE_H_
