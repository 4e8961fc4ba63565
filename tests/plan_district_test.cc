// Tests for planning many entities (include/xiufu/plans_report.h PlanDistrict, and PlanEntity
// with a caller's Scratch, include/xiufu/runtime/plan.h): a scratch kept across entities and
// evaluation dates plans exactly as a fresh one does, and so do the buffers PlanEntity keeps
// per thread from plan to plan.
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "support/pack_edits.h"
#include "support/random_population.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/plans_report.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/plan.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

TEST(PlanDistrictTest, AScratchKeptAcrossEntitiesAndDatesPlansAsAFreshOne) {
  const DecisionTable table = testing::CompileOk(testing::GongshuPack());
  Scratch kept;
  size_t planned = 0, with_steps = 0;
  // Before, on and after the regime change: the kept scratch moves between dates (and plans
  // themselves decide again on later days).
  for (const char* day : {"2026-03-31", "2026-04-01", "2026-11-22"}) {
    const Date as_of = *ParseDate(day);
    const Population pop = testing::RandomPopulation(table, 1'500, 5, as_of);
    BatchResult batch;
    ASSERT_TRUE(EvaluateBatch(table, pop, as_of, batch, 1).ok());
    const std::vector<RepairPlan> district = PlanDistrict(table, pop, batch, as_of, 2);
    size_t k = 0;
    for (size_t e = 0; e < pop.num_entities(); ++e) {
      if (batch.entities[e].shown == 0) continue;
      absl::StatusOr<RepairPlan> fresh = PlanEntity(table, pop, e, as_of);
      absl::StatusOr<RepairPlan> reused = PlanEntity(table, pop, e, as_of, kept);
      ASSERT_TRUE(fresh.ok() && reused.ok());
      const std::string want = PlanJson(table, pop, *fresh);
      ASSERT_EQ(PlanJson(table, pop, *reused), want) << "entity " << e << " as of " << day;
      ASSERT_LT(k, district.size());
      ASSERT_EQ(PlanJson(table, pop, district[k]), want) << "entity " << e << " as of " << day;
      ++k;
      ++planned;
      with_steps += !fresh->steps.empty();
    }
    EXPECT_EQ(k, district.size());
  }
  EXPECT_GT(planned, 1000u);
  EXPECT_GT(with_steps, 500u);
}

// No plan lists the same application twice, and every record × platform eligible today that is
// shown is applied for or follows an application (none is left "staying" while it could be
// repaired): random entities with dates on period edges, on both sides of the regime change.
TEST(PlanDistrictTest, EachApplicationOnceAndEveryEligiblePairServed) {
  const DecisionTable table = testing::CompileOk(testing::GongshuPack());
  size_t plans = 0, applications = 0;
  for (const char* day : {"2026-03-31", "2026-11-22"}) {
    const Date as_of = *ParseDate(day);
    const Population pop = testing::RandomPopulation(table, 600, 17, as_of, 40);
    BatchResult batch;
    ASSERT_TRUE(EvaluateBatch(table, pop, as_of, batch, 1).ok());
    const int np = pop.num_platforms;
    for (size_t e = 0; e < pop.num_entities(); ++e) {
      if (batch.entities[e].shown == 0) continue;
      absl::StatusOr<RepairPlan> plan = PlanEntity(table, pop, e, as_of);
      ASSERT_TRUE(plan.ok());
      ++plans;
      std::set<std::tuple<uint32_t, int, int32_t>> seen;
      std::set<std::pair<uint32_t, int>> served;
      for (const PlanStep& s : plan->steps) {
        if (s.kind != PlanStep::Kind::kApply) continue;
        ++applications;
        ASSERT_TRUE(seen.insert({s.records[0], s.platform, s.date}).second)
            << "entity " << e << " as of " << day << ": " << StepText(table, pop, s, Lang::kEn);
        served.insert({s.records[0], s.platform});
        for (int q = 0; q < np; ++q) {
          if ((s.followers >> q) & 1) served.insert({s.records[0], q});
        }
      }
      for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
        for (int q = 0; q < np; ++q) {
          const RecordOutcome& o = batch.records[static_cast<size_t>(r) * np + q];
          if (o.status != RepairStatus::kEligibleNow) continue;
          EXPECT_TRUE(served.count({r, q}))
              << "entity " << e << " record " << r << " platform " << q << " as of " << day;
        }
      }
    }
  }
  EXPECT_GT(plans, 500u);
  EXPECT_GT(applications, 1000u);
}

// After an application PlanEntity decides again only the applied record when nothing else can
// change (its kind lists nobody, or the entity's listings stay as they were on the day and on
// every regime change after it), and looks for due actions only when a record's needs changed:
// its plans equal those of deciding the whole entity every time. Random entities of up to 60
// records (abnormal and serious listings among them) on dates around the regime change.
TEST(PlanDistrictTest, RecordByRecordPlansEqualWholeEntityPlans) {
  const DecisionTable table = testing::CompileOk(testing::GongshuPack());
  size_t compared = 0, applications = 0;
  for (const char* day : {"2025-05-01", "2026-03-31", "2026-11-22"}) {
    const Date as_of = *ParseDate(day);
    const Population pop = testing::RandomPopulation(table, 400, 23, as_of, 60);
    BatchResult batch;
    ASSERT_TRUE(EvaluateBatch(table, pop, as_of, batch, 1).ok());
    for (size_t e = 0; e < pop.num_entities(); ++e) {
      if (batch.entities[e].shown == 0) continue;
      absl::StatusOr<RepairPlan> fast = PlanEntity(table, pop, e, as_of);
      absl::StatusOr<RepairPlan> whole = internal::PlanEntityDecidingAll(table, pop, e, as_of);
      ASSERT_TRUE(fast.ok() && whole.ok());
      ASSERT_EQ(PlanJson(table, pop, *fast), PlanJson(table, pop, *whole))
          << "entity " << e << " as of " << day;
      for (const PlanStep& s : fast->steps) applications += s.kind == PlanStep::Kind::kApply;
      ++compared;
    }
  }
  EXPECT_GT(compared, 900u);
  EXPECT_GT(applications, 5000u);
}

// PlanEntity keeps its simulated entity and outcome buffers per thread: a plan made after many
// others on one thread equals the plan a new thread (new buffers) makes of the same entity.
TEST(PlanDistrictTest, BuffersKeptPerThreadPlanAsNewOnes) {
  const DecisionTable table = testing::CompileOk(testing::GongshuPack());
  const Date as_of = *ParseDate("2026-11-22");
  const Population pop = testing::RandomPopulation(table, 1'200, 6, as_of);
  BatchResult batch;
  ASSERT_TRUE(EvaluateBatch(table, pop, as_of, batch, 1).ok());
  size_t compared = 0;
  // Backwards and forwards, so entities with many records are planned after ones with few and
  // the other way round.
  for (bool backwards : {false, true}) {
    for (size_t i = 0; i < pop.num_entities(); ++i) {
      const size_t e = backwards ? pop.num_entities() - 1 - i : i;
      if (batch.entities[e].shown == 0) continue;
      absl::StatusOr<RepairPlan> here = PlanEntity(table, pop, e, as_of);
      ASSERT_TRUE(here.ok());
      std::string fresh;
      std::thread([&] {
        absl::StatusOr<RepairPlan> p = PlanEntity(table, pop, e, as_of);
        if (p.ok()) fresh = PlanJson(table, pop, *p);
      }).join();
      ASSERT_EQ(PlanJson(table, pop, *here), fresh) << "entity " << e;
      ++compared;
    }
  }
  EXPECT_GT(compared, 600u);
}

}  // namespace
}  // namespace xiufu
