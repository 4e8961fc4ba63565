// The reference interpreter: evaluates a parsed Pack row by row, cell by cell, with no
// compilation, indexing or bitsets — deliberately simple, so that the compiled DecisionTable
// can be checked against it (differential tests, benchmarks' correctness gate).
// Test-only; never installed. Thread-compatible.
#ifndef XIUFU_TESTS_SUPPORT_ORACLE_H_
#define XIUFU_TESTS_SUPPORT_ORACLE_H_

#include <string>
#include <vector>

#include "xiufu/runtime/evaluate.h"
#include "xiufu/pack.h"

namespace xiufu::testing {

struct OracleResult {
  std::vector<RecordOutcome> records;   // `rule` is unused (kNoRow); see rule_ids
  std::vector<std::string> rule_ids;    // deciding eligibility rule id per record × platform
  std::vector<EntityOutcome> entities;
};

OracleResult OracleEvaluate(const Pack& pack, const Population& pop, Date as_of);

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_ORACLE_H_
