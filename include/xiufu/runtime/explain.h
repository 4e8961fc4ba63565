// xiufu::Explain — the "why / why not yet, and from when" of one record × platform decision:
// every eligibility row considered in order, whether it was in force on the evaluation date,
// the first cell that failed with the entity's actual value, and the row that matched with the
// resulting status and dates. Rendered in Chinese and English, and exposed as data.
//
// Reads the shared table; thread-safe.
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
// belong to `entity`) on platform `platform` (dense id).
absl::StatusOr<Explanation> Explain(const DecisionTable& table, const Population& pop,
                                    size_t entity, size_t record, int platform, Date as_of);

}  // namespace xiufu

#endif  // XIUFU_EXPLAIN_H_
