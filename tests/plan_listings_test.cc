// Tests for PlanListings (src/runtime/plan_listings.h): whether repairing a record changes the
// entity's listings, answered from witnesses, against scanning every record before and after
// the repair (ScanEntityRecords: what the entity's facts are computed from).
#include <algorithm>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/plan_listings.h"
#include "support/pack_edits.h"
#include "support/random_population.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

struct Listing {
  int32_t since;
  bool abnormal, serious;
  bool operator==(const Listing&) const = default;
};

Listing ScanListing(const internal::FactEnv& env, const Population& sim, Date day) {
  Listing l{};
  l.since = internal::ScanEntityRecords<false>(env, sim, 0, day, &l.abnormal, &l.serious)
                .abnormal_listed;
  return l;
}

// Random entities of up to 40 records (abnormal and serious listings among them, dates around
// the period edges) repaired one record at a time in random order, on days that move on from
// before the regime change to after it, as a plan's do: every answer equals the scan's.
TEST(PlanListingsTest, RepairKeepsAgreesWithScanningEveryRecord) {
  const DecisionTable table = testing::CompileOk(testing::GongshuPack());
  const internal::TableData& d = internal::Data(table);
  ASSERT_EQ(d.context.abnormal_kinds & d.context.serious_kinds, 0u);
  const std::vector<int32_t>& changes = d.regime_changes;
  ASSERT_FALSE(changes.empty());
  std::mt19937_64 rng(29);
  size_t asked = 0, changed = 0;
  for (const char* first_day : {"2026-03-20", "2026-03-30", "2026-11-22"}) {
    const Date as_of = *ParseDate(first_day);
    const internal::FactEnv env = internal::EnvOf(d, ToYmd(as_of), nullptr);
    const Population pop = testing::RandomPopulation(table, 300, 41, as_of, 40);
    Population sim;
    internal::PlanListings listings;
    for (size_t e = 0; e < pop.num_entities(); ++e) {
      internal::SimulateActions(pop, e, pop.RecordsBegin(e), 0, as_of, d.context, &sim);
      // Some records repaired already on a day still to come (the input's repair dates may be
      // later than the evaluation date): off the list from then on only.
      for (uint32_t r = 0; r < sim.num_records(); ++r) {
        if (sim.repaired.Mask(r) == 0 && rng() % 4 == 0) {
          sim.repaired.Set(r, static_cast<int>(rng() % sim.num_platforms),
                           as_of.days + static_cast<int32_t>(rng() % 60));
        }
      }
      listings.Reset(env, sim);
      Date at = as_of;
      std::vector<uint32_t> order(sim.num_records());
      for (uint32_t r = 0; r < order.size(); ++r) order[r] = r;
      std::shuffle(order.begin(), order.end(), rng);
      for (uint32_t r : order) {
        // A platform the record has no repair date on (a plan applies only where it has none).
        int platform = -1;
        for (int p = 0; p < sim.num_platforms && platform < 0; ++p) {
          if (((sim.repaired.Mask(r) >> p) & 1) == 0) platform = p;
        }
        if (platform < 0) continue;
        at = Date{at.days + static_cast<int32_t>(rng() % 4)};  // on, never back
        const int32_t* later = std::upper_bound(changes.data(), changes.data() + changes.size(),
                                                at.days);
        std::vector<Date> days{at};
        for (const int32_t* b = later; b != changes.data() + changes.size(); ++b) {
          days.push_back(Date{*b});
        }
        std::vector<Listing> before;
        for (Date day : days) before.push_back(ScanListing(env, sim, day));
        const bool keeps = listings.RepairKeeps(env, sim, r, at, later,
                                                changes.data() + changes.size());
        sim.repaired.Set(r, platform, at.days);
        bool same = true;
        for (size_t i = 0; i < days.size(); ++i) {
          same = same && ScanListing(env, sim, days[i]) == before[i];
        }
        ASSERT_EQ(keeps, same) << "entity " << e << " record " << r << " on "
                               << FormatDate(at);
        ++asked;
        changed += !same;
      }
    }
  }
  EXPECT_GT(asked, 3000u);
  EXPECT_GT(changed, 100u);  // the listings did change, and were seen to
}

}  // namespace
}  // namespace xiufu
