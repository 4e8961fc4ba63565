#include "xiufu/runtime/date.h"

#include <gtest/gtest.h>

#include "xiufu/runtime/calendar.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

Date D(int y, int m, int d) { return FromYmd(y, m, d); }

TEST(DateTest, CivilRoundTripAcrossCenturiesAndLeapDays) {
  EXPECT_EQ(D(1970, 1, 1).days, 0);
  EXPECT_EQ(D(2000, 3, 1).days - D(2000, 2, 28).days, 2);  // 2000 is a leap year
  EXPECT_EQ(D(1900, 3, 1).days - D(1900, 2, 28).days, 1);  // 1900 is not
  for (int day = D(1999, 12, 1).days; day < D(2030, 1, 1).days; ++day) {
    const YearMonthDay ymd = ToYmd(Date{day});
    ASSERT_EQ(FromYmd(ymd.year, ymd.month, ymd.day).days, day);
  }
}

// ToYmd / FromYmd against a plain walk over the calendar, day by day from 1600 to 2400 (leap
// centuries 1600, 2000, 2400; common 1700, 1800, 1900, 2100 …; both sides of 1970-01-01).
TEST(DateTest, CivilConversionsAgreeWithADayByDayWalk) {
  int y = 1600, m = 1, d = 1;
  int32_t day = 0;
  for (int year = 1600; year < 1970; ++year) day -= IsLeapYear(year) ? 366 : 365;
  size_t checked = 0;
  while (y <= 2400) {
    const YearMonthDay ymd = ToYmd(Date{day});
    ASSERT_EQ(ymd.year, y) << day;
    ASSERT_EQ(ymd.month, m) << day;
    ASSERT_EQ(ymd.day, d) << day;
    ASSERT_EQ(FromYmd(y, m, d).days, day) << y << "-" << m << "-" << d;
    ++day;
    ++checked;
    if (++d > DaysInMonth(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
  EXPECT_EQ(checked, 292560u);  // 801 years: 194 leap
}

TEST(DateTest, WeekdayIsMondayZero) {
  EXPECT_EQ(Weekday(D(2026, 11, 22)), 6);  // a Sunday
  EXPECT_EQ(Weekday(D(2026, 4, 1)), 2);    // a Wednesday
  EXPECT_EQ(Weekday(D(1970, 1, 1)), 3);    // a Thursday
}

TEST(DateTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(AddMonths(D(2025, 1, 31), 1), D(2025, 2, 28));
  EXPECT_EQ(AddMonths(D(2024, 1, 31), 1), D(2024, 2, 29));
  EXPECT_EQ(AddMonths(D(2025, 1, 31), 3), D(2025, 4, 30));
  EXPECT_EQ(AddMonths(D(2024, 2, 29), 12), D(2025, 2, 28));
  EXPECT_EQ(AddMonths(D(2024, 2, 29), 48), D(2028, 2, 29));
  EXPECT_EQ(AddMonths(D(2025, 12, 15), 1), D(2026, 1, 15));
  EXPECT_EQ(AddMonths(D(2026, 3, 31), -1), D(2026, 2, 28));
}

// Civil Code Arts. 201-202: the start day is not counted; the last day of a 3-month period
// from 2025-01-31 is 2025-04-30, so the period has elapsed from 2025-05-01 on.
TEST(DateTest, PeriodEndFollowsCivilCode) {
  const WorkCalendar cal;
  EXPECT_EQ(PeriodEnd(D(2025, 1, 31), {3, DurationUnit::kMonths}, cal), D(2025, 5, 1));
  EXPECT_EQ(PeriodEnd(D(2024, 2, 29), {1, DurationUnit::kYears}, cal), D(2025, 3, 1));
  EXPECT_EQ(PeriodEnd(D(2023, 3, 15), {3, DurationUnit::kYears}, cal), D(2026, 3, 16));
  EXPECT_EQ(PeriodEnd(D(2026, 1, 1), {180, DurationUnit::kDays}, cal), D(2026, 7, 1));
}

TEST(DateTest, ElapsedAgreesWithPeriodEndOnEveryDay) {
  const WorkCalendar cal;
  const Date from = D(2024, 1, 31);
  for (DurationUnit u : {DurationUnit::kDays, DurationUnit::kMonths, DurationUnit::kYears,
                         DurationUnit::kWorkingDays}) {
    for (int n : {0, 1, 3, 6, 12, 13}) {
      const Date end = PeriodEnd(from, {n, u}, cal);
      EXPECT_LT(Elapsed(from, AddDays(end, -1), u, cal), n) << FormatDuration({n, u});
      EXPECT_GE(Elapsed(from, end, u, cal), n) << FormatDuration({n, u});
    }
  }
  EXPECT_EQ(ElapsedMonths(D(2025, 1, 31), D(2025, 4, 30)), 2);
  EXPECT_EQ(ElapsedMonths(D(2025, 1, 31), D(2025, 5, 1)), 3);
}

TEST(DateTest, ParseAndFormat) {
  EXPECT_EQ(ParseDate("2026-04-01").value(), D(2026, 4, 1));
  EXPECT_EQ(ParseDate("2024/2/29").value(), D(2024, 2, 29));
  EXPECT_FALSE(ParseDate("2025-02-29").ok());
  EXPECT_FALSE(ParseDate("2025-13-01").ok());
  EXPECT_FALSE(ParseDate("20250101").ok());
  EXPECT_FALSE(ParseDate("2025-1-1").ok());
  EXPECT_FALSE(ParseDate("").ok());
  EXPECT_EQ(FormatDate(D(2026, 3, 31)), "2026-03-31");
  EXPECT_EQ(FormatDate(Date{kNoDay}), "");
}

TEST(DateTest, ParseDuration) {
  EXPECT_EQ(ParseDuration("3m").value(), (Duration{3, DurationUnit::kMonths}));
  EXPECT_EQ(ParseDuration("1y").value(), (Duration{1, DurationUnit::kYears}));
  EXPECT_EQ(ParseDuration("180d").value(), (Duration{180, DurationUnit::kDays}));
  EXPECT_EQ(ParseDuration("10wd").value(), (Duration{10, DurationUnit::kWorkingDays}));
  EXPECT_EQ(ParseDuration("3个月").value(), (Duration{3, DurationUnit::kMonths}));
  EXPECT_FALSE(ParseDuration("3w").ok());
  EXPECT_FALSE(ParseDuration("m").ok());
  EXPECT_FALSE(ParseDuration("-3m").ok());
}

TEST(CalendarTest, WorkingDaysSkipWeekendsHolidaysAndCountMakeUpDays) {
  // 2025 National Day: Oct 1-8 off, Sep 28 (Sun) and Oct 11 (Sat) worked.
  std::vector<Date> holidays, workdays = {D(2025, 9, 28), D(2025, 10, 11)};
  for (int d = 1; d <= 8; ++d) holidays.push_back(D(2025, 10, d));
  const WorkCalendar cal(D(2025, 1, 1), D(2025, 12, 31), holidays, workdays);
  EXPECT_TRUE(cal.IsWorkingDay(D(2025, 9, 28)));
  EXPECT_FALSE(cal.IsWorkingDay(D(2025, 10, 2)));
  EXPECT_FALSE(cal.IsWorkingDay(D(2025, 10, 4)));
  EXPECT_TRUE(cal.IsWorkingDay(D(2025, 10, 9)));
  // Decided Tue Sep 30: working days after it are Oct 9, 10, 11 (Sat, make-up), 13 …
  EXPECT_EQ(cal.AfterWorkingDays(D(2025, 9, 30), 3), D(2025, 10, 12));
  EXPECT_EQ(cal.ElapsedWorkingDays(D(2025, 9, 30), D(2025, 10, 12)), 3);
  EXPECT_EQ(cal.ElapsedWorkingDays(D(2025, 9, 30), D(2025, 10, 11)), 2);
  // Outside the covered range only weekends count.
  const WorkCalendar weekends;
  // Fri 2070-01-03 is the 1st working day after Thu 2070-01-02; Mon 01-06 the 2nd.
  EXPECT_EQ(weekends.AfterWorkingDays(D(2070, 1, 2), 1), D(2070, 1, 4));
  EXPECT_EQ(weekends.AfterWorkingDays(D(2070, 1, 2), 2), D(2070, 1, 7));
}

}  // namespace
}  // namespace xiufu

namespace xiufu {
namespace XIUFU_UNITY_ID {

// The closed form of ElapsedMonths against its definition (largest k with AddMonths(from, k) <
// as_of), over every pair of days in a window with month ends and two leap days.
TEST(DateTest, ElapsedMonthsMatchesDefinitionExhaustively) {
  const Date lo = FromYmd(2023, 11, 1), hi = FromYmd(2025, 4, 1);
  for (int f = lo.days; f < hi.days; f += 3) {
    for (int t = f - 70; t < hi.days + 800; t += 7) {
      int k = -4;
      while (AddMonths(Date{f}, k + 1).days < t) ++k;
      while (AddMonths(Date{f}, k).days >= t) --k;
      ASSERT_EQ(ElapsedMonths(Date{f}, Date{t}), k) << FormatDate(Date{f}) << " → " << FormatDate(Date{t});
    }
  }
}

}  // namespace
}  // namespace xiufu
