// xiufu::Explain — the "why / why not yet, and from when" of one record × platform decision:
// every eligibility row considered in order, whether it was in force on the evaluation date,
// the first cell that failed with the entity's actual value, and the row that matched with the
// resulting status and dates. Rendered in Chinese and English, and exposed as data.
//
// Reads the shared table; Explain is thread-safe, an EntityExplainer is one thread's.
#ifndef XIUFU_EXPLAIN_H_
#define XIUFU_EXPLAIN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu {

struct ExplainStep {
  uint32_t row = kNoRow;      // index into TableData::rows
  std::string rule_id;
  std::string table;          // table name
  int line = 0;               // CSV line of the row
  bool in_force = true;       // effective on the evaluation date
  bool matched = false;
  // The first failing cell (when !matched && in_force):
  std::string column;         // header
  std::string cell;           // cell text, e.g. ">= 3m"
  std::string actual;         // the entity's value, rendered ("2m", "2025-01-31", "fine", "null")
  // … the same for people: the fact's name, the values the cell accepts and the actual value
  // by the pack's names (enum values) or 是/否 / yes/no.
  std::string column_zh, column_en, wanted_zh, wanted_en, actual_zh, actual_en;
  int failed_cells = 0;       // how many cells of the row fail (1 = a nearest miss)
  bool changeable = false;    // the failing fact is one the company or time can change
  // What the row would give if it matched today (nearest misses): its status and date.
  RepairStatus would_status = RepairStatus::kNotShown;
  std::string would_eligible_from;  // YYYY-MM-DD or ""
};

struct Explanation {
  std::string uscc;
  std::string record_id;
  std::string platform;       // platform code
  std::string platform_zh, platform_en;  // its names
  std::string as_of;          // YYYY-MM-DD
  std::vector<ExplainStep> steps;  // up to and including the matching row
  RecordOutcome outcome;
  std::string status;         // status code
  std::string eligible_from;  // YYYY-MM-DD or ""
  std::string expires_on;
  std::string rule_id;
  std::string source;
  std::string reason_zh;      // rendered templates
  std::string reason_en;
  std::vector<std::string> actions_zh, actions_en;  // blocked: what must be done, by name
  // The readable explanation. By default for people: the deciding rule, what must be done
  // (blocked), and the nearest misses — rows that failed on one cell only, with that cell, the
  // actual value and what the row would give (at most three, eligible rows first). `full` adds
  // every row tried, in order, with its first failing cell.
  std::string ToText(bool chinese, bool full = false) const;
};

// Explains record `record` (absolute index into the population's record columns, which must
// belong to `entity`) on platform `platform` (dense id). Evaluates the entity: to explain
// several of its records, use one EntityExplainer.
absl::StatusOr<Explanation> Explain(const DecisionTable& table, const Population& pop,
                                    size_t entity, size_t record, int platform, Date as_of);

// The explanations of one entity's records on one date, the entity evaluated and its facts
// computed once: explaining each of an entity's k records costs about k, where a call of
// Explain per record costs about k² (each evaluates the whole entity). Not thread-safe (one per
// thread); `table` and `pop` must outlive it.
class EntityExplainer {
 public:
  EntityExplainer(const DecisionTable& table, const Population& pop, size_t entity, Date as_of);
  // Fails (OutOfRange) when the entity is not in the population; Explain then fails the same.
  const absl::Status& status() const { return status_; }
  // The entity's outcome as EvaluateEntity gives it.
  const EntityOutcome& entity_outcome() const { return entity_outcome_; }
  // As xiufu::Explain(table, pop, entity, record, platform, as_of).
  absl::StatusOr<Explanation> Explain(size_t record, int platform);

 private:
  const DecisionTable& table_;
  const Population& pop_;
  size_t entity_;
  Date as_of_;
  absl::Status status_;
  Scratch scratch_;
  std::vector<RecordOutcome> outcomes_;  // the entity's records × platforms
  EntityOutcome entity_outcome_;
  std::vector<int64_t> entity_slots_;    // the entity's facts (FillEntitySlots), kNumSlots
  std::vector<int32_t> same_type_;       // its records' same-type facts (SameTypeTable)
  std::vector<uint64_t> same_type_order_;
  internal::EntityContext ctx_;          // its context (same_type set when Explain runs)
};

}  // namespace xiufu

#endif  // XIUFU_EXPLAIN_H_
