// Test support: random populations for differential testing. Values are drawn uniformly over
// each compiled domain, and dates cluster around the evaluation date and the period edges
// (exact month ends, leap days, ±1 day of 3m/6m/1y/3y/5y) so that boundaries are exercised.
#ifndef XIUFU_TESTS_SUPPORT_RANDOM_POPULATION_H_
#define XIUFU_TESTS_SUPPORT_RANDOM_POPULATION_H_

#include <cstdint>

#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/population.h"

namespace xiufu::testing {

Population RandomPopulation(const DecisionTable& table, size_t entities, uint64_t seed,
                            Date as_of, int max_records_per_entity = 6);

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_RANDOM_POPULATION_H_
