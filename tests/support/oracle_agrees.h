// Test-only: checks that a compiled table decides exactly what the reference interpreter
// (oracle.h) decides for the pack it was compiled from, on random populations and dates around
// the regime change — for tests that edit a pack to reach one of the evaluator's shortcuts.
#ifndef XIUFU_TESTS_SUPPORT_ORACLE_AGREES_H_
#define XIUFU_TESTS_SUPPORT_ORACLE_AGREES_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "support/oracle.h"
#include "support/random_population.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu::testing {

inline std::string_view RuleIdOf(const DecisionTable& t, uint32_t row) {
  return row == kNoRow ? "" : internal::Str(t, internal::Data(t).rows[row].rule_id);
}

// Every record × platform outcome (with its rule id) and every entity outcome of `pop` on `day`
// equal.
inline void ExpectOracleAgreesOn(const Pack& pack, const DecisionTable& t, const Population& pop,
                                 Date day) {
  BatchResult got;
  ASSERT_TRUE(EvaluateBatch(t, pop, day, got, 1).ok());
  const OracleResult want = OracleEvaluate(pack, pop, day);
  const std::string as_of = FormatDate(day);
  for (size_t i = 0; i < got.records.size(); ++i) {
    RecordOutcome g = got.records[i];
    ASSERT_EQ(RuleIdOf(t, g.rule), want.rule_ids[i])
        << "record×platform " << i << " as of " << as_of;
    g.rule = kNoRow;
    ASSERT_EQ(g, want.records[i]) << "record×platform " << i << " as of " << as_of;
  }
  for (size_t e = 0; e < got.entities.size(); ++e) {
    ASSERT_EQ(got.entities[e], want.entities[e]) << "entity " << e << " as of " << as_of;
  }
}

// ExpectOracleAgreesOn `entities` random entities per date (RandomPopulation, seeds from
// `seed`), on each of `dates`.
inline void ExpectOracleAgrees(
    const Pack& pack, const DecisionTable& t, size_t entities = 1500, uint64_t seed = 11,
    std::initializer_list<const char*> dates = {"2025-05-01", "2026-04-01", "2026-11-22"}) {
  for (const char* as_of : dates) {
    const absl::StatusOr<Date> day = ParseDate(as_of);
    ASSERT_TRUE(day.ok()) << as_of;
    ExpectOracleAgreesOn(pack, t, RandomPopulation(t, entities, seed++, *day), *day);
  }
}

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_ORACLE_AGREES_H_
