// xiufu::WorkCalendar — working days (Mon–Fri, minus public holidays, plus make-up working
// weekends, 调休) over a fixed range of years, as a prefix-count array so that "working days
// elapsed" and "N working days after" are O(1) / O(log n). Outside the range only weekends count.
//
// Immutable after construction; safe to share across threads.
#ifndef XIUFU_CALENDAR_H_
#define XIUFU_CALENDAR_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "xiufu/runtime/date.h"

namespace xiufu {

class WorkCalendar {
 public:
  WorkCalendar();  // 2000-01-01 … 2060-12-31, weekends only
  // `holidays` are weekdays off; `workdays` are weekend days worked (调休).
  WorkCalendar(Date first, Date last, absl::Span<const Date> holidays,
               absl::Span<const Date> workdays);

  bool IsWorkingDay(Date d) const;
  // Working days in [from + 1, as_of - 1]: whole working days elapsed after `from`.
  int32_t ElapsedWorkingDays(Date from, Date as_of) const;
  // The day after the n-th working day after `from` (n >= 0; n == 0 gives from + 1).
  Date AfterWorkingDays(Date from, int32_t n) const;

  Date first() const { return Date{first_}; }
  const std::vector<int32_t>& prefix() const { return prefix_; }
  // Rebuilds from serialized parts (see serialize.h).
  static WorkCalendar FromPrefix(int32_t first, std::vector<int32_t> prefix);

 private:
  int32_t CountBefore(int32_t day) const;  // working days in (-inf, day) relative to an anchor
  int32_t first_ = 0;
  std::vector<int32_t> prefix_;  // prefix_[i] = working days in [first_, first_ + i)
};

// First day on which a period of `d` counted from `from` has elapsed (Civil Code rule, see
// date.h): days → from + n + 1, months/years → AddMonths(from, n) + 1, working days →
// calendar.AfterWorkingDays(from, n).
Date PeriodEnd(Date from, Duration d, const WorkCalendar& calendar);

// Elapsed whole units of `unit` between `from` and `as_of`; `since >= d` ⇔ as_of >= PeriodEnd.
int32_t Elapsed(Date from, Date as_of, DurationUnit unit, const WorkCalendar& calendar);

}  // namespace xiufu

#endif  // XIUFU_CALENDAR_H_
