#include "xiufu/runtime/calendar.h"

#include <algorithm>

namespace xiufu {
namespace {

constexpr Date kFirst = FromYmd(2000, 1, 1);
constexpr Date kLast = FromYmd(2060, 12, 31);

bool IsWeekend(int32_t day) { return Weekday(Date{day}) >= 5; }

// Weekday count in [0, day) relative to 1970-01-01 (a Thursday), valid for any day.
int64_t WeekdaysBefore(int64_t day) {
  // Shift so that index 0 is a Monday: 1970-01-05 is day 4.
  const int64_t x = day - 4;
  const int64_t weeks = x >= 0 ? x / 7 : (x - 6) / 7;
  const int64_t rem = x - weeks * 7;
  return weeks * 5 + std::min<int64_t>(rem, 5);
}

}  // namespace

WorkCalendar::WorkCalendar() : WorkCalendar(kFirst, kLast, {}, {}) {}

WorkCalendar::WorkCalendar(Date first, Date last, absl::Span<const Date> holidays,
                           absl::Span<const Date> workdays)
    : first_(first.days) {
  const int32_t n = last.days - first.days + 1;
  std::vector<uint8_t> work(n);
  for (int32_t i = 0; i < n; ++i) work[i] = !IsWeekend(first_ + i);
  for (Date h : holidays) if (h.days >= first_ && h.days <= last.days) work[h.days - first_] = 0;
  for (Date w : workdays) if (w.days >= first_ && w.days <= last.days) work[w.days - first_] = 1;
  prefix_.resize(n + 1);
  prefix_[0] = 0;
  for (int32_t i = 0; i < n; ++i) prefix_[i + 1] = prefix_[i] + work[i];
}

WorkCalendar WorkCalendar::FromPrefix(int32_t first, std::vector<int32_t> prefix) {
  WorkCalendar c;
  c.first_ = first;
  c.prefix_ = std::move(prefix);
  return c;
}

// Working days in (-inf, day) counted from the calendar's anchor; outside the covered range
// only weekends are excluded.
int32_t WorkCalendar::CountBefore(int32_t day) const {
  const int32_t n = static_cast<int32_t>(prefix_.size()) - 1;
  if (day <= first_) return static_cast<int32_t>(WeekdaysBefore(day) - WeekdaysBefore(first_));
  if (day >= first_ + n) {
    return prefix_[n] + static_cast<int32_t>(WeekdaysBefore(day) - WeekdaysBefore(first_ + n));
  }
  return prefix_[day - first_];
}

bool WorkCalendar::IsWorkingDay(Date d) const {
  return CountBefore(d.days + 1) - CountBefore(d.days) == 1;
}

int32_t WorkCalendar::ElapsedWorkingDays(Date from, Date as_of) const {
  return CountBefore(as_of.days) - CountBefore(from.days + 1);
}

Date WorkCalendar::AfterWorkingDays(Date from, int32_t n) const {
  if (n <= 0) return Date{from.days + 1};
  // Smallest day x with CountBefore(x) - CountBefore(from + 1) >= n; then x is the day after
  // the n-th working day.
  const int32_t base = CountBefore(from.days + 1);
  int32_t lo = from.days + 1, hi = from.days + 1 + n * 3 + 60;
  while (CountBefore(hi) - base < n) hi += 365;
  while (lo < hi) {
    const int32_t mid = lo + (hi - lo) / 2;
    if (CountBefore(mid) - base >= n) hi = mid; else lo = mid + 1;
  }
  return Date{lo};
}

Date PeriodEnd(Date from, Duration d, const WorkCalendar& calendar) {
  switch (d.unit) {
    case DurationUnit::kDays: return Date{from.days + d.amount + 1};
    case DurationUnit::kMonths: return AddDays(AddMonths(from, d.amount), 1);
    case DurationUnit::kYears: return AddDays(AddMonths(from, d.amount * 12), 1);
    case DurationUnit::kWorkingDays: return calendar.AfterWorkingDays(from, d.amount);
  }
  return from;
}

int32_t Elapsed(Date from, Date as_of, DurationUnit unit, const WorkCalendar& calendar) {
  switch (unit) {
    case DurationUnit::kDays: return ElapsedDays(from, as_of);
    case DurationUnit::kMonths: return ElapsedMonths(from, as_of);
    case DurationUnit::kYears: {
      const int32_t m = ElapsedMonths(from, as_of);
      return m >= 0 ? m / 12 : -((-m + 11) / 12);
    }
    case DurationUnit::kWorkingDays: return calendar.ElapsedWorkingDays(from, as_of);
  }
  return 0;
}

}  // namespace xiufu
