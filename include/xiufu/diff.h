// xiufu::DiffOutcomes — the what-if of a rule change: evaluates one population under two
// compiled tables ("before" and "after", e.g. the pack as adopted and an edited copy) in a
// single pass, entity by entity, and keeps only what changed: every record × platform whose
// status, dates, deciding rule (compared by rule id, so rows may move), channel, authority,
// materials or alerts differ, and every entity whose clean-by date, materials or alerts differ.
// Also counts the changes by department × platform and by status transition, so a summary needs
// no second pass.
//
// The population's enum ids are dense ids of one set of domains, so both tables must define
// the same codes, in the same order, for the eight input domains (platform, department, …);
// DiffOutcomes checks this and fails with InvalidArgument naming the first difference.
//
// Reads the shared tables and population; thread-safe.
#ifndef XIUFU_DIFF_H_
#define XIUFU_DIFF_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/population.h"

namespace xiufu {

// What differs between two outcomes (bits of OutcomeChange::what / EntityChange::what).
enum ChangeBit : uint16_t {
  kChangedStatus = 1 << 0,
  kChangedEligibleFrom = 1 << 1,
  kChangedExpiresOn = 1 << 2,
  kChangedRule = 1 << 3,       // a different rule id decided (or one side is undecided)
  kChangedChannel = 1 << 4,
  kChangedAuthority = 1 << 5,
  kChangedMaterials = 1 << 6,  // raw materials (record × platform) / raw or canonical (entity)
  kChangedAlerts = 1 << 7,
  kChangedCleanBy = 1 << 8,    // entities only
};

// Names of the bits, in bit order: "status", "eligible_from", "expires_on", "rule", "channel",
// "authority", "materials", "alerts", "clean_by".
inline constexpr int kNumChangeBits = 9;
const char* ChangeBitName(int bit);

struct OutcomeChange {
  uint32_t entity = 0;    // population entity index
  uint32_t record = 0;    // population record index (absolute)
  uint8_t platform = 0;   // dense platform id
  uint16_t what = 0;      // ChangeBit mask, never 0
  RecordOutcome before;   // `rule` indexes the before table's rows
  RecordOutcome after;    // `rule` indexes the after table's rows
};

struct EntityChange {
  uint32_t entity = 0;
  uint16_t what = 0;          // ChangeBit mask of the entity outcome; 0 when only records changed
  uint32_t records_changed = 0;  // record × platform pairs of this entity in `changes`
  EntityOutcome before;
  EntityOutcome after;
};

struct DiffResult {
  int num_platforms = 0;
  int num_departments = 0;
  size_t pairs_compared = 0;             // record × platform pairs evaluated
  std::vector<OutcomeChange> changes;    // population order (entity, record, platform)
  std::vector<EntityChange> entities;    // entities with any change, population order
  // changes by record department × platform: [department * num_platforms + platform]
  std::vector<uint32_t> by_department_platform;
  // changes by status transition: [before * kNumStatuses + after] (includes same-status
  // changes of dates or rules on the diagonal)
  std::vector<uint32_t> transitions;
};

// Evaluates `pop` under both tables on `as_of` and collects the differences. `threads` as in
// EvaluateBatch (0 = hardware concurrency); the result is identical for any thread count.
// Both tables must declare the same custom input columns (custom_column.h) for one population;
// otherwise use the overload below.
absl::StatusOr<DiffResult> DiffOutcomes(const DecisionTable& before, const DecisionTable& after,
                                        const Population& pop, Date as_of, int threads = 1);
// The same input built once for each table (PopulationBuilder with each table's Dictionary), for
// tables whose custom columns differ (a rule change that adds a condition): the populations
// must hold the same entities and records in the same order (FailedPrecondition otherwise).
// Changes name records and departments of `pop_before`.
absl::StatusOr<DiffResult> DiffOutcomes(const DecisionTable& before, const DecisionTable& after,
                                        const Population& pop_before,
                                        const Population& pop_after, Date as_of,
                                        int threads = 1);

// OK when both tables define the same codes in the same order for the eight input domains;
// otherwise InvalidArgument naming the domain and the first differing code.
absl::Status CheckSameInputDomains(const DecisionTable& a, const DecisionTable& b);

}  // namespace xiufu

#endif  // XIUFU_DIFF_H_
