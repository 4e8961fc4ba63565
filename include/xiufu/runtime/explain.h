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
};

struct Explanation {
  std::string uscc;
  std::string record_id;
  std::string platform;       // platform code
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
  std::string ToText(bool chinese) const;  // the readable trace
};

// Explains record `record` (absolute index into the population's record columns, which must
// belong to `entity`) on platform `platform` (dense id).
absl::StatusOr<Explanation> Explain(const DecisionTable& table, const Population& pop,
                                    size_t entity, size_t record, int platform, Date as_of);

}  // namespace xiufu

#endif  // XIUFU_EXPLAIN_H_
