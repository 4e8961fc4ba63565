#include "xiufu/runtime/detail/date_plan.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/container/flat_hash_map.h"

#include "xiufu/runtime/calendar.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/facts.h"

namespace xiufu::internal {

namespace {

int64_t Elapsed(DurationUnit unit, int32_t from, Date as_of, const YearMonthDay& today,
                const WorkCalendar& calendar) {
  switch (unit) {
    case DurationUnit::kDays: return ElapsedDays(Date{from}, as_of);
    case DurationUnit::kWorkingDays: return calendar.ElapsedWorkingDays(Date{from}, as_of);
    default: return ElapsedMonths(ToYmd(Date{from}), today);  // years are months here
  }
}

// Slots of elapsed facts: the built-in since_* facts and the custom date columns' since_ facts.
std::array<bool, kNumSlots> ElapsedSlots(const TableData& d) {
  std::array<bool, kNumSlots> out{};
  auto mark = [&](int fact) {
    for (int u = 0; u < 4; ++u) out[static_cast<size_t>(fact) * 4 + u] = true;
  };
  for (int f = 0; f < kNumFacts; ++f) {
    if (InfoOf(static_cast<Fact>(f)).type == FactType::kElapsed) mark(f);
  }
  for (const auto* list : {&d.entity_custom, &d.record_custom}) {
    for (const CustomSlot& c : *list) {
      if (c.since != 0) mark(c.since);
    }
  }
  return out;
}

}  // namespace

int32_t ElapsedThreshold(DurationUnit unit, int64_t amount, Date as_of, const YearMonthDay& today,
                         const WorkCalendar& calendar) {
  const int32_t lo = FromYmd(kMinYear - 100, 1, 1).days;
  const int32_t hi = FromYmd(kMaxYear + 100, 12, 31).days;
  if (unit == DurationUnit::kDays) {  // as_of - from - 1 >= amount
    return static_cast<int32_t>(std::clamp<int64_t>(int64_t{as_of.days} - 1 - amount, lo - 1, hi));
  }
  // The last day in [lo, hi] that qualifies (elapsed does not grow with the start date).
  if (Elapsed(unit, lo, as_of, today, calendar) < amount) return lo - 1;
  int32_t a = lo, b = hi;  // a qualifies; the answer is in [a, b]
  while (a < b) {
    const int32_t mid = a + (b - a + 1) / 2;
    if (Elapsed(unit, mid, as_of, today, calendar) >= amount) a = mid;
    else b = mid - 1;
  }
  return a;
}

void DeriveElapsedPeriods(TableData& d) {
  d.elapsed_periods.clear();
  d.elapsed_breakpoints.clear();
  const std::array<bool, kNumSlots> elapsed = ElapsedSlots(d);
  // The same period (3 years, 6 months, 15 working days…) recurs in many partitions' indexes.
  absl::flat_hash_map<std::pair<int, int64_t>, uint32_t> period_of;
  for (const SlotIndex& ix : d.indexes) {
    if (ix.direct || !elapsed[ix.slot]) continue;
    const DurationUnit unit = UnitOfSlot(ix.slot);
    for (uint32_t i = ix.bp_begin; i < ix.bp_begin + ix.bp_count; ++i) {
      const auto [it, added] = period_of.try_emplace(
          {static_cast<int>(unit), d.breakpoints[i]}, static_cast<uint32_t>(d.elapsed_periods.size()));
      if (added) d.elapsed_periods.push_back({unit, d.breakpoints[i]});
      d.elapsed_breakpoints.emplace_back(i, it->second);
    }
  }
}

void BuildDatePlan(const TableData& d, Date as_of, DatePlan* plan) {
  plan->table = &d;
  plan->pack_hash = d.pack_hash;
  plan->day = as_of.days;
  plan->today = ToYmd(as_of);
  plan->report_deadline = FromYmd(plan->today.year, 6, 30);
  plan->before_deadline = as_of <= plan->report_deadline;
  plan->report_last_due = plan->before_deadline ? plan->today.year - 2 : plan->today.year - 1;
  plan->after_last_due = FromYmd(plan->report_last_due + 1, 1, 1).days;
  plan->this_year_start = FromYmd(plan->today.year, 1, 1).days;
  plan->recent_after =
      ElapsedThreshold(DurationUnit::kMonths, 12, as_of, plan->today, d.calendar);
  if (plan->year_starts.empty()) {
    for (int32_t y = DatePlan::kFirstYear; y <= kMaxYear + 101; ++y) {
      plan->year_starts.push_back(FromYmd(y, 1, 1).days);
    }
  }
  plan->canonical_of_raw.assign(d.materials.size(), Bits128{});
  for (size_t m = 0; m < d.materials.size() && m < 128; ++m) {
    Bits128 one;
    one.Set(static_cast<int>(m));
    plan->canonical_of_raw[m] = MapMaterials(d, one, as_of);
  }
  // Each period's threshold T once; ascending b gives descending T(b), so -T(b) ascends like
  // the list it replaces.
  plan->breakpoints = d.breakpoints;
  plan->period_starts.resize(d.elapsed_periods.size());
  for (size_t k = 0; k < d.elapsed_periods.size(); ++k) {
    const TableData::ElapsedPeriod& p = d.elapsed_periods[k];
    plan->period_starts[k] = ElapsedThreshold(p.unit, p.amount, as_of, plan->today, d.calendar);
  }
  for (const auto& [at, period] : d.elapsed_breakpoints) {
    plan->breakpoints[at] = -int64_t{plan->period_starts[period]};
  }
}

}  // namespace xiufu::internal
