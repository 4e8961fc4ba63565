// Internal: what the compiled evaluator works out once per table and evaluation date, so that
// no record pays for it. Elapsed facts ("since_decision >= 3y", in days, months or working
// days) become date thresholds: elapsed(from, as_of) never grows as `from` moves later, so
// `elapsed >= b` ⇔ `from <= T(b)` for T(b), the last start date by which b units have elapsed
// on the evaluation date. The plan's copy of the table's breakpoints holds, for every index on
// an elapsed slot, -T(b) in place of b (negated to keep the list ascending), and the fact code
// (fact_slots.h) writes -from into elapsed slots instead of counting units — matching is then
// one comparison of raw dates, without calendar arithmetic per record.
//
// A DatePlan is built by one thread into its Scratch and read only by it.
#ifndef XIUFU_RUNTIME_DETAIL_DATE_PLAN_H_
#define XIUFU_RUNTIME_DETAIL_DATE_PLAN_H_

#include <cstdint>
#include <vector>

#include "xiufu/runtime/date.h"
#include "xiufu/runtime/detail/table_data.h"

namespace xiufu::internal {

struct DatePlan {
  // What the plan was made for: a table (address and pack hash: an address reused by another
  // table after a reload must not match) and a date.
  const TableData* table = nullptr;
  uint64_t pack_hash = 0;
  int32_t day = kNoDay;
  YearMonthDay today{0, 1, 1};
  Date report_deadline{kNoDay};  // 30 June of the evaluation year
  // The annual reports (ReportFactsOf): the last year one is due for, 1 January of the year
  // after it and of the evaluation year, and whether the deadline is still ahead.
  int32_t report_last_due = 0;
  int32_t after_last_due = kNoDay, this_year_start = kNoDay;
  bool before_deadline = false;
  int32_t recent_after = kNoDay;  // a decision after this day is less than 12 months old
  std::vector<int64_t> breakpoints;  // TableData::breakpoints, elapsed indexes as -T(b)
  std::vector<int32_t> period_starts;  // T of each TableData::elapsed_periods entry
  // Per raw material: the canonical materials it maps to on the plan's date (MapMaterials of
  // that one material), so an entity's set is mapped by one OR per raw material.
  std::vector<Bits128> canonical_of_raw;
  // 1 January of every year from kFirstYear (BuildDatePlan), for YearOf.
  static constexpr int32_t kFirstYear = kMinYear - 100;
  std::vector<int32_t> year_starts;

  // ToYmd(Date{day}).year, by one estimate from the mean Gregorian year and a table lookup.
  int32_t YearOf(int32_t day) const {
    const int64_t i = (int64_t{day} - year_starts.front()) * 400 / 146097;
    if (i < 1 || i + 2 >= static_cast<int64_t>(year_starts.size())) return ToYmd(Date{day}).year;
    const int32_t* y = year_starts.data() + i;  // the estimate is off by a year at most
    return kFirstYear + static_cast<int32_t>(i) + (day >= y[1]) - (day < y[0]);
  }

  bool Fits(const TableData& d, Date as_of) const {
    return table == &d && pack_hash == d.pack_hash && day == as_of.days;
  }
};

// The last start date `from` with elapsed(from, as_of) >= amount in `unit` (days, months or
// working days), searched over the input date range widened by a century each way (starts
// outside it are taken as elapsed beyond any rule's period, or not yet begun); one day before
// that range when no start date in it qualifies.
int32_t ElapsedThreshold(DurationUnit unit, int64_t amount, Date as_of, const YearMonthDay& today,
                         const WorkCalendar& calendar);

// (Re)builds `plan` for table `d` on `as_of`.
void BuildDatePlan(const TableData& d, Date as_of, DatePlan* plan);

// Fills TableData::elapsed_periods and elapsed_breakpoints (DeriveTableCaches).
void DeriveElapsedPeriods(TableData& d);

}  // namespace xiufu::internal

#endif  // XIUFU_RUNTIME_DETAIL_DATE_PLAN_H_
