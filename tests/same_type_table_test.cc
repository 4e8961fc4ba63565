// Tests for SameTypeTable (include/xiufu/runtime/detail/fact_slots.h): the same-type facts of an
// entity's records computed together, against each record counting its own, and with the sorted
// order an earlier call left behind kept only while it still sorts the records.
#include <algorithm>
#include <vector>

#include "gtest/gtest.h"
#include "support/pack_edits.h"
#include "support/random_population.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

// Entities of 30 to 60 records, those of one size one after another, through one order
// vector (what a scratch or a plan's entity facts keep) on dates before and after most of their
// decisions: each table equals the records' own counts (FillRecordOtherSlots without a table).
TEST(SameTypeTableTest, OrderLeftByAnotherEntityOrDateGivesTheRecordsOwnCounts) {
  const DecisionTable table = testing::CompileOk(testing::GongshuPack());
  const internal::TableData& d = internal::Data(table);
  const Date first = *ParseDate("2026-11-22");
  const Population pop = testing::RandomPopulation(table, 120, 7, first, 60);
  // The entities of 30 records or more, by size: entities of one size follow each other.
  std::vector<size_t> by_size;
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    if (pop.RecordsEnd(e) - pop.RecordsBegin(e) >= 30) by_size.push_back(e);
  }
  std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) {
    return pop.RecordsEnd(a) - pop.RecordsBegin(a) < pop.RecordsEnd(b) - pop.RecordsBegin(b);
  });
  std::vector<uint64_t> order;  // kept from call to call
  std::vector<int32_t> got;
  size_t tables = 0, kept_size = 0;
  for (const char* day : {"2026-11-22", "2025-06-30"}) {
    const Date as_of = *ParseDate(day);
    const internal::FactEnv env = internal::EnvOf(d, ToYmd(as_of), nullptr);
    for (size_t e : by_size) {
      const uint32_t b = pop.RecordsBegin(e), n = pop.RecordsEnd(e) - b;
      kept_size += order.size() == n;
      // Twice: after another entity's order, then after its own.
      for (int round = 0; round < 2; ++round) {
        internal::SameTypeTable(pop, e, as_of, &order, &got);
        ASSERT_EQ(got.size(), n);
        internal::EntityContext ctx;  // same_type null: each record counts its own
        int64_t slots[kNumSlots] = {};
        for (uint32_t i = 0; i < n; ++i) {
          internal::FillRecordOtherSlots(env, pop, e, b + i, as_of, ctx, slots);
          const int64_t want =
              slots[SlotOf(Fact::kSameTypeCount)] * 2 + slots[SlotOf(Fact::kLaterSameType)];
          ASSERT_EQ(got[i], want) << "entity " << e << " record " << i << " round " << round
                                  << " as of " << day;
        }
        ++tables;
      }
    }
  }
  EXPECT_GT(tables, 100u);
  EXPECT_GT(kept_size, 10u);  // an order of the same size but another entity's was there
}

}  // namespace
}  // namespace xiufu
