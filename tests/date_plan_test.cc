// The compiled evaluator's per-date plan (date_plan.h): elapsed facts as date thresholds must
// count exactly like the elapsed units they replace, YearOf like ToYmd, the annual-report
// facts like ReportFactsOf and the material map like the table's.
#include "xiufu/runtime/detail/date_plan.h"

#include <gtest/gtest.h>

#include <vector>

#include "support/pack_edits.h"
#include "xiufu/runtime/calendar.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/detail/fact_slots.h"

namespace xiufu::internal {
namespace XIUFU_UNITY_ID {

Date D(int y, int m, int d) { return FromYmd(y, m, d); }

int64_t Elapsed(DurationUnit unit, Date from, Date as_of, const WorkCalendar& cal) {
  switch (unit) {
    case DurationUnit::kDays: return ElapsedDays(from, as_of);
    case DurationUnit::kWorkingDays: return cal.ElapsedWorkingDays(from, as_of);
    default: return ElapsedMonths(from, as_of);
  }
}

// 2025 National Day week off, two make-up Saturdays/Sundays worked.
WorkCalendar Calendar2025() {
  std::vector<Date> holidays, workdays = {D(2025, 9, 28), D(2025, 10, 11)};
  for (int d = 1; d <= 8; ++d) holidays.push_back(D(2025, 10, d));
  return WorkCalendar(D(2025, 1, 1), D(2025, 12, 31), holidays, workdays);
}

// For every start day around the threshold: from <= T(b) exactly when b units have elapsed.
void ExpectThresholdExact(DurationUnit unit, int64_t amount, Date as_of, const WorkCalendar& cal) {
  const int32_t t = ElapsedThreshold(unit, amount, as_of, ToYmd(as_of), cal);
  for (int32_t from = t - 40; from <= t + 40; ++from) {
    ASSERT_EQ(from <= t, Elapsed(unit, Date{from}, as_of, cal) >= amount)
        << "unit " << static_cast<int>(unit) << " amount " << amount << " as of "
        << FormatDate(as_of) << " from " << FormatDate(Date{from}) << " threshold "
        << FormatDate(Date{t});
  }
}

TEST(DatePlanTest, ElapsedThresholdsCountLikeTheUnits) {
  const WorkCalendar cal = Calendar2025();
  // Month ends, leap days, the National Day week and the regime change day.
  const Date dates[] = {D(2024, 2, 29), D(2025, 2, 28), D(2025, 3, 31), D(2025, 10, 1),
                        D(2025, 10, 9), D(2025, 10, 12), D(2026, 4, 1),  D(2026, 10, 31),
                        D(2028, 2, 29), D(2026, 1, 31)};
  for (const Date as_of : dates) {
    for (int64_t n : {0, 1, 2, 3, 6, 11, 12, 13, 24, 36, 60}) {
      ExpectThresholdExact(DurationUnit::kMonths, n, as_of, cal);
    }
    for (int64_t n : {0, 1, 7, 10, 15, 30, 90, 180, 365, 1095}) {
      ExpectThresholdExact(DurationUnit::kDays, n, as_of, cal);
      ExpectThresholdExact(DurationUnit::kWorkingDays, n, as_of, cal);
    }
  }
}

TEST(DatePlanTest, ThresholdsExhaustiveOverAYearOfEvaluationDates) {
  const WorkCalendar cal = Calendar2025();
  for (int32_t day = D(2025, 1, 1).days; day <= D(2026, 1, 31).days; ++day) {
    ExpectThresholdExact(DurationUnit::kMonths, 3, Date{day}, cal);
    ExpectThresholdExact(DurationUnit::kMonths, 12, Date{day}, cal);
    ExpectThresholdExact(DurationUnit::kWorkingDays, 10, Date{day}, cal);
  }
}

TEST(DatePlanTest, PeriodsBeyondTheDateRangeNeverOrAlwaysHold) {
  const WorkCalendar cal;
  const Date as_of = D(2026, 10, 31);
  // 1000 years have elapsed for no start date in range: the threshold is before it.
  const int32_t never = ElapsedThreshold(DurationUnit::kMonths, 12000, as_of, ToYmd(as_of), cal);
  EXPECT_LT(never, D(kMinYear - 100, 1, 1).days);
  // A negative amount holds for every start date in range.
  const int32_t always = ElapsedThreshold(DurationUnit::kMonths, -100000, as_of, ToYmd(as_of), cal);
  EXPECT_EQ(always, D(kMaxYear + 100, 12, 31).days);
}

TEST(DatePlanTest, YearOfAgreesWithToYmdOnEveryDay) {
  TableData d;
  DatePlan plan;
  BuildDatePlan(d, D(2026, 10, 31), &plan);
  for (int32_t day = D(1700, 1, 1).days; day <= D(2500, 12, 31).days; ++day) {
    ASSERT_EQ(plan.YearOf(day), ToYmd(Date{day}).year) << FormatDate(Date{day});
  }
  EXPECT_EQ(plan.today.year, 2026);
  EXPECT_EQ(plan.report_deadline, D(2026, 6, 30));
  // Decisions after 2025-10-31 are less than 12 whole months old on 2026-10-31.
  EXPECT_EQ(plan.recent_after, D(2025, 10, 30).days);
  EXPECT_EQ(ElapsedMonths(D(2025, 10, 30), D(2026, 10, 31)), 12);
  EXPECT_EQ(ElapsedMonths(D(2025, 10, 31), D(2026, 10, 31)), 11);
}

// PlanReportFacts (from the registration date) and PlanReportFactsOfYear (from its year, as
// Population::registration_year holds it) count without ReportFactsOf's branches: they must
// give what ReportFactsOf gives with the year, for registrations on every 11th day from 1990
// on, around every 1 January, and unknown, for reports filed never (0) to next year, on days
// before, on and after the 30 June deadline and at both ends of a year.
TEST(DatePlanTest, PlanReportFactsEqualReportFactsOf) {
  TableData d;
  DatePlan plan;
  size_t checked = 0, missed = 0, pending = 0;
  for (const Date as_of : {D(2026, 10, 31), D(2026, 6, 29), D(2026, 6, 30), D(2026, 7, 1),
                           D(2026, 1, 1), D(2025, 12, 31), D(2024, 2, 29)}) {
    BuildDatePlan(d, as_of, &plan);
    const YearMonthDay today = ToYmd(as_of);
    std::vector<int32_t> regs = {kNoDay};
    for (int32_t r = D(1990, 1, 1).days; r <= as_of.days + 400; r += 11) regs.push_back(r);
    for (int y = 1990; y <= today.year + 1; ++y) {
      for (int k = -1; k <= 1; ++k) regs.push_back(D(y, 1, 1).days + k);
    }
    for (const int32_t reg : regs) {
      const int32_t reg_year = reg == kNoDay ? today.year : ToYmd(Date{reg}).year;
      for (int32_t filed : {0, 1995, today.year - 6, today.year - 3, today.year - 2,
                            today.year - 1, today.year, today.year + 1}) {
        const ReportFacts want = ReportFactsOf(today, plan.report_deadline, as_of, reg_year, filed);
        const ReportFacts got = PlanReportFacts(plan, reg, filed);
        ASSERT_EQ(got.missed, want.missed) << FormatDate(as_of) << " reg " << reg << " filed " << filed;
        ASSERT_EQ(got.pending, want.pending) << FormatDate(as_of) << " reg " << reg << " filed " << filed;
        // From the year the population's column holds (unknown: kNoRegistrationYear).
        const ReportFacts of_year =
            PlanReportFactsOfYear(plan, Population::RegistrationYearOf(reg), filed);
        ASSERT_EQ(of_year.missed, want.missed) << FormatDate(as_of) << " reg " << reg << " filed " << filed;
        ASSERT_EQ(of_year.pending, want.pending) << FormatDate(as_of) << " reg " << reg << " filed " << filed;
        ++checked;
        missed += want.missed > 0;
        pending += want.pending;
      }
    }
  }
  EXPECT_GT(checked, 50000u);
  EXPECT_GT(missed, 10000u);  // both facts were seen either way
  EXPECT_GT(pending, 1000u);
}

// The plan's per-material canonical sets (DatePlan::canonical_of_raw) map any raw set as the
// table's material map does on that day: Gongshu's map changes on 2026-04-01 (Order 36), so
// the days around it, and sets of one, two and many raw materials.
TEST(DatePlanTest, PlanMapsMaterialsAsTheTable) {
  const DecisionTable table = testing::CompileOk(testing::GongshuPack());
  const TableData& d = Data(table);
  ASSERT_GE(d.materials.size(), 3u);
  std::vector<Bits128> sets;
  Bits128 all;
  for (size_t m = 0; m < d.materials.size() && m < 128; ++m) {
    Bits128 one;
    one.Set(static_cast<int>(m));
    sets.push_back(one);
    all.Set(static_cast<int>(m));
    Bits128 two = one;
    two.Set(static_cast<int>((m * 7 + 3) % d.materials.size()));
    sets.push_back(two);
  }
  sets.push_back(all);
  sets.push_back(Bits128{});
  DatePlan plan;
  size_t changed = 0;
  for (const Date day : {D(2025, 6, 1), D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 1),
                         D(2026, 4, 2), D(2026, 11, 22)}) {
    BuildDatePlan(d, day, &plan);
    for (const Bits128& raw : sets) {
      const Bits128 want = MapMaterials(d, raw, day);
      ASSERT_EQ(MapMaterials(plan, raw), want) << FormatDate(day);
      changed += !(MapMaterials(d, raw, D(2026, 3, 31)) == MapMaterials(d, raw, D(2026, 4, 1)));
    }
  }
  EXPECT_GT(changed, 0u);  // the map does change between the regimes
}

}  // namespace
}  // namespace xiufu::internal
