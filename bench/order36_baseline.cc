#include "order36_baseline.h"

#include <algorithm>

#include "base/str_util.h"

namespace xiufu::bench {
namespace {

constexpr Date kOrder36InForce = FromYmd(2026, 4, 1);

// First day after a period of `months` counted from `from` (Civil Code: the start day is not
// counted; see date.h), or kNoDay for a missing start.
inline int32_t MonthsLater(int32_t from, int32_t months) {
  return from == kNoDay ? kNoDay : AddMonths(Date{from}, months).days + 1;
}

inline bool OnOrBefore(int32_t day, Date as_of) { return day != kNoDay && day <= as_of.days; }

inline RepairStatus Eligible(int32_t from, Date as_of) {
  return from == kNoDay || from <= as_of.days ? RepairStatus::kEligibleNow : RepairStatus::kEligibleLater;
}

// Order 36 for one shown, unrepaired penalty; min / max are the severity's periods in months.
inline void DecidePenalty(int32_t decision, int32_t fulfilled_day, bool fulfilled,
                          bool corrected, bool restructuring, int min_months, int max_months,
                          Date as_of, Order36Outcome& o) {
  const int32_t max_end = MonthsLater(decision, max_months);
  o.expires_on = max_end;
  if (max_end != kNoDay && as_of.days >= max_end) {
    o.status = fulfilled ? RepairStatus::kDropsOff : RepairStatus::kNotRepairable;
    return;
  }
  if (restructuring) {
    o.status = RepairStatus::kEligibleNow;
    o.eligible_from = as_of.days;
    o.expires_on = kNoDay;
    return;
  }
  // Blocked: the obligations not yet paid and/or the behaviour not corrected. The engine
  // reports the date doing what is missing today would give: today when that date has passed.
  auto blocked = [&](int32_t from) {
    o.status = RepairStatus::kBlocked;
    o.eligible_from = from == kNoDay || from <= as_of.days ? as_of.days : from;
  };
  if (min_months == 0) {  // minor: eligible as soon as the obligations are fulfilled
    if (fulfilled) {
      o.eligible_from = fulfilled_day;
      o.status = Eligible(o.eligible_from, as_of);
    } else {
      blocked(as_of.days);  // paid today
    }
    return;
  }
  const int32_t min_end = MonthsLater(decision, min_months);
  if (fulfilled && corrected) {
    o.eligible_from = min_end == kNoDay ? kNoDay : std::max(min_end, fulfilled_day);
    o.status = Eligible(o.eligible_from, as_of);
    return;
  }
  const int32_t paid = fulfilled ? fulfilled_day : as_of.days;
  blocked(min_end == kNoDay ? kNoDay : std::max(min_end, paid));
}

}  // namespace

absl::StatusOr<Order36Codes> ResolveOrder36Codes(const DecisionTable& table) {
  auto code = [&](std::string_view domain, std::string_view value) -> int {
    const int d = table.DomainIndex(domain);
    return d < 0 ? -1 : table.ValueIndex(d, value);
  };
  Order36Codes c{code("platform", "credit_china"),  code("record_kind", "penalty"),
                 code("department", "samr"),        code("severity", "minor"),
                 code("severity", "general"),       code("severity", "serious"),
                 code("severity", "specific_serious"), code("entity_status", "restructuring")};
  for (int v : {c.credit_china, c.penalty, c.samr, c.minor, c.general, c.serious,
                c.specific_serious, c.restructuring}) {
    if (v < 0) {
      return absl::FailedPreconditionError(
          "the pack lacks a code the Order 36 baseline tests (credit_china, penalty, samr, "
          "minor/general/serious/specific_serious, restructuring)");
    }
  }
  return c;
}

size_t DecideOrder36(const Order36Codes& c, const Population& pop, Date as_of,
                     Order36Outcome* out) {
  std::fill(out, out + pop.num_records(), Order36Outcome{});
  if (as_of < kOrder36InForce) return 0;
  const int np = pop.num_platforms;
  const int cc = c.credit_china;
  size_t decided = 0;
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    const bool restructuring = pop.entity_status[e] == c.restructuring;
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      const int32_t decision = pop.decision_date[r];
      if (decision != kNoDay && decision > as_of.days) continue;  // not decided yet
      if (pop.record_kind[r] != c.penalty || pop.department[r] == c.samr) continue;
      Order36Outcome& o = out[r];
      o.decided = true;
      ++decided;
      o.authority = static_cast<int8_t>(pop.department[r]);  // no row names another
      if (!((pop.shown_mask[r] >> cc) & 1)) continue;  // not shown: nothing to repair
      if (OnOrBefore(pop.repaired.At(r, cc), as_of)) {
        o.status = RepairStatus::kRepaired;
        continue;
      }
      o.channel = static_cast<int8_t>(cc);
      const uint8_t sev = pop.severity[r];
      const bool fulfilled = OnOrBefore(pop.fulfilled_date[r], as_of);
      const bool corrected = OnOrBefore(pop.corrected_date[r], as_of);
      if (sev == c.minor) {
        DecidePenalty(decision, pop.fulfilled_date[r], fulfilled, corrected, restructuring, 0, 3,
                      as_of, o);
      } else if (sev == c.general) {
        DecidePenalty(decision, pop.fulfilled_date[r], fulfilled, corrected, restructuring, 3, 12,
                      as_of, o);
      } else if (sev == c.serious || sev == c.specific_serious) {
        DecidePenalty(decision, pop.fulfilled_date[r], fulfilled, corrected, restructuring, 12, 36,
                      as_of, o);
      } else {  // a severity no Order 36 row names: no row matches
        o = Order36Outcome{};
        o.decided = true;
      }
    }
  }
  return decided;
}

double Order36Agreement(const Order36Codes& c, const Population& pop,
                        const std::vector<Order36Outcome>& slice, const BatchResult& engine) {
  size_t in = 0, same = 0;
  const int np = pop.num_platforms;
  for (size_t r = 0; r < pop.num_records(); ++r) {
    const Order36Outcome& s = slice[r];
    if (!s.decided) continue;
    ++in;
    const RecordOutcome& g = engine.records[r * np + c.credit_china];
    if (g.status == s.status && g.channel == s.channel && g.authority == s.authority &&
        g.eligible_from == s.eligible_from && g.expires_on == s.expires_on) {
      ++same;
    }
  }
  return in == 0 ? 1.0 : static_cast<double>(same) / static_cast<double>(in);
}

}  // namespace xiufu::bench
