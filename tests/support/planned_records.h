// Test-only: walks the records of a population with their facts filled as the compiled
// evaluator fills them on an evaluation date (the date plan's elapsed dates, only the slots the
// table reads), for tests that compare the evaluator's shortcuts with a fresh match.
// Thread-compatible.
#ifndef XIUFU_TESTS_SUPPORT_PLANNED_RECORDS_H_
#define XIUFU_TESTS_SUPPORT_PLANNED_RECORDS_H_

#include <cstdint>
#include <vector>

#include "xiufu/runtime/detail/date_plan.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu::testing {

// Calls fn(env, bps, e, r, slots) for every record r (of entity e) of `pop`, once its entity's
// and its own facts are in `slots` (a std::vector<int64_t> of kNumSlots); `bps` are the plan's
// breakpoints the slots are matched against.
template <typename Fn>
void ForEachPlannedRecord(const DecisionTable& table, const Population& pop, Date as_of, Fn fn) {
  const internal::TableData& d = internal::Data(table);
  internal::DatePlan plan;
  internal::BuildDatePlan(d, as_of, &plan);
  internal::FactEnv env = internal::EnvOf(d, ToYmd(as_of), d.slot_used.data());
  env.plan = &plan;
  std::vector<int64_t> slots(kNumSlots, 0);
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    internal::EntityContext ctx;
    internal::FillEntitySlots(env, pop, e, as_of, slots.data(), &ctx);
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      internal::FillRecordSlots(env, pop, e, r, as_of, ctx, slots.data());
      fn(static_cast<const internal::FactEnv&>(env), static_cast<const int64_t*>(plan.breakpoints.data()),
         e, r, slots);
    }
  }
}

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_PLANNED_RECORDS_H_
