// Internal (not API): computes the fact slots (facts.h) the decision tables test, for one entity, one
// record and one record × platform, and evaluates output date expressions. Shared by the
// compiled evaluator, explain and the reference interpreter so that all three see the same
// facts; how rows are *matched* is what each of them does differently.
#ifndef XIUFU_RUNTIME_DETAIL_FACT_SLOTS_H_
#define XIUFU_RUNTIME_DETAIL_FACT_SLOTS_H_

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>

#include "xiufu/runtime/calendar.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/detail/date_plan.h"
#include "xiufu/runtime/detail/popcount.h"
#include "xiufu/runtime/outcome.h"
#include "xiufu/runtime/population.h"

namespace xiufu::internal {

// Per-entity values needed again while deciding its records.
struct EntityContext {
  int32_t abnormal_listed = kNoDay;  // earliest abnormal listing in force
  int32_t records_12m = 0;
  // The same-type facts of the entity's records on the evaluation date, by record offset within
  // the entity (count * 2 + later), when an entity with many records had them
  // computed together (SameTypeTable); nullptr: each record counts its own (FillRecordOtherSlots).
  const int32_t* same_type = nullptr;
};

using DateBases = std::array<int32_t, static_cast<int>(DateBase::kCount_)>;

struct FactEnv {
  const ContextConfig* context;
  const WorkCalendar* calendar;
  const uint8_t* used;   // kNumSlots flags: slots some decision tests; nullptr = compute all
  YearMonthDay today;    // the evaluation date, split once
  // The custom columns by scope (TableData::entity_custom / record_custom).
  const CustomSlot* entity_custom = nullptr;
  size_t num_entity_custom = 0;
  const CustomSlot* record_custom = nullptr;
  size_t num_record_custom = 0;
  // The compiled evaluator's plan for this date (date_plan.h): elapsed slots then hold the
  // negated start date, to be matched against plan->breakpoints. nullptr: elapsed slots hold
  // the elapsed units (explain, the reference interpreter, tools matching d.breakpoints).
  const DatePlan* plan = nullptr;
};

// The FactEnv of a compiled table; `used` = null computes every slot (explain, checks).
inline FactEnv EnvOf(const TableData& d, const YearMonthDay& today, const uint8_t* used) {
  return FactEnv{&d.context,          &d.calendar,          used,
                 today,               d.entity_custom.data(), d.entity_custom.size(),
                 d.record_custom.data(), d.record_custom.size()};
}

// The FactEnv the compiled evaluator fills its slots with on the plan's date: the slots the
// table tests, elapsed facts as negated start dates.
inline FactEnv PlannedEnv(const TableData& d, const DatePlan& plan) {
  FactEnv env = EnvOf(d, plan.today, d.slot_used.data());
  env.plan = &plan;
  return env;
}

// A record that is decided after the evaluation date does not exist yet: no decision is made.
inline bool RecordExists(const Population& pop, size_t r, Date as_of) {
  return pop.decision_date[r] == kNoDay || pop.decision_date[r] <= as_of.days;
}

// SetElapsed without a date plan: each unit the table tests computed.
[[gnu::noinline]] inline void SetElapsedUnits(const FactEnv& env, int64_t* slots, Fact f,
                                              int32_t from, Date as_of) {
  const int sd = SlotOf(f, DurationUnit::kDays), sm = SlotOf(f, DurationUnit::kMonths),
            sw = SlotOf(f, DurationUnit::kWorkingDays);
  const uint8_t* used = env.used;
  // Each unit only when some index reads it (the month and working-day forms cost a calendar
  // conversion or two table lookups).
  const bool d = used == nullptr || used[sd], m = used == nullptr || used[sm],
             w = used == nullptr || used[sw];
  if (from == kNoDay) {
    if (d) slots[sd] = kNull;
    if (m) slots[sm] = kNull;
    if (w) slots[sw] = kNull;
    return;
  }
  const Date day{from};
  if (d) slots[sd] = ElapsedDays(day, as_of);
  if (m) slots[sm] = ElapsedMonths(ToYmd(day), env.today);
  if (w) slots[sw] = env.calendar->ElapsedWorkingDays(day, as_of);
}

// The elapsed slots of fact `f` (days, months, working days) for a period that started on
// `from`. `env.used` (may be null = all) says which units the table tests; others are left
// untouched. With a date plan, the start date itself (negated) instead of the units: three
// stores, inlined at every call (the evaluation's path); without, SetElapsedUnits.
[[gnu::always_inline]] inline void SetElapsed(const FactEnv& env, int64_t* slots, Fact f,
                                              int32_t from, Date as_of) {
  if (env.plan == nullptr) return SetElapsedUnits(env, slots, f, from, as_of);
  const int64_t v = from == kNoDay ? kNull : -int64_t{from};
  slots[SlotOf(f, DurationUnit::kDays)] = v;
  slots[SlotOf(f, DurationUnit::kMonths)] = v;
  slots[SlotOf(f, DurationUnit::kWorkingDays)] = v;
}

inline void Set(int64_t* slots, Fact f, int64_t v) { slots[SlotOf(f)] = v; }

// A custom column's value for entity e / record r (its default for a population filled by hand
// without the column).
inline int64_t EntityCustomValue(const Population& pop, size_t e, const CustomSlot& c) {
  return c.ordinal < pop.num_entity_custom ? pop.EntityCustom(e, c.ordinal) : c.default_value;
}
inline int64_t RecordCustomValue(const Population& pop, size_t r, const CustomSlot& c) {
  return c.ordinal < pop.num_record_custom ? pop.RecordCustom(r, c.ordinal) : c.default_value;
}
inline int32_t CustomDay(int64_t v) { return v == kNull ? kNoDay : static_cast<int32_t>(v); }
inline bool InMask(uint64_t mask, uint8_t v) { return v < 64 && ((mask >> v) & 1); }
inline int64_t DateOrNull(int32_t d) { return d == kNoDay ? kNull : d; }
inline bool OnOrBefore(int32_t d, Date as_of) { return d != kNoDay && d <= as_of.days; }

inline bool RepairedAnywhere(const Population& pop, size_t r, Date as_of) {
  const uint32_t m = pop.repaired.Mask(r);
  if (m == 0) return false;
  const int32_t* day = pop.repaired.DaysOf(r);
  for (int i = 0, n = PopCount(m); i < n; ++i) {
    if (day[i] <= as_of.days) return true;
  }
  return false;
}

// A custom column's slot, and its since_ slots for a date column.
inline void SetCustom(const FactEnv& env, const CustomSlot& c, int64_t v, Date as_of,
                      int64_t* slots) {
  slots[c.slot] = v;
  if (c.since) {
    SetElapsed(env, slots, static_cast<Fact>(c.since), CustomDay(v), as_of);
  }
}

// The entity's own columns (not its records') that its facts are computed from; a simulated
// action on the entity changes some of them (ApplyEntityEffects).
struct EntityFields {
  int32_t registration;
  int16_t last_report_year;
  uint8_t kind, status, flags;
  int32_t registration_year;  // Population::RegistrationYear
};
inline EntityFields FieldsOf(const Population& pop, size_t e) {
  return EntityFields{pop.registration_date[e], pop.last_report_year[e], pop.entity_kind[e],
                      pop.entity_status[e], pop.entity_flags[e], pop.RegistrationYear(e)};
}

// Entity-level action effects (1 << ActionEffect) that change only the entity's own columns,
// as if done on `as_of`: every report due filed, reachable again.
inline constexpr uint32_t kFieldEffects = (1u << static_cast<int>(ActionEffect::kFileReports)) |
                                          (1u << static_cast<int>(ActionEffect::kReachable));
// `as_of_year`: the year of the day they are done.
inline void ApplyEntityEffects(uint32_t effects, int32_t as_of_year, EntityFields* f) {
  if ((effects >> static_cast<int>(ActionEffect::kFileReports)) & 1) {
    const int16_t last_due = static_cast<int16_t>(as_of_year - 1);
    f->last_report_year = std::max(f->last_report_year, last_due);
  }
  if ((effects >> static_cast<int>(ActionEffect::kReachable)) & 1) {
    f->flags &= static_cast<uint8_t>(~kFlagUnreachable);
  }
}

// Which lists record r, decided on or before `day`, puts its entity on that day: bit 0 the
// abnormal list (a record of an abnormal kind not repaired anywhere), bit 1 a serious list (one
// of a serious kind not repaired anywhere, within its term).
[[gnu::always_inline]] inline unsigned ListsOn(const FactEnv& env, const Population& pop, size_t r,
                                               Date day) {
  const uint8_t kind = pop.record_kind[r];
  const bool is_abnormal = InMask(env.context->abnormal_kinds, kind);
  const bool is_serious = InMask(env.context->serious_kinds, kind);
  if (!is_abnormal && !is_serious) return 0;
  if (RepairedAnywhere(pop, r, day)) return 0;
  const bool serious =
      is_serious && day < PeriodEnd(Date{pop.decision_date[r]}, env.context->TermOf(kind),
                                    *env.calendar);
  return (is_abnormal ? 1u : 0u) | (serious ? 2u : 0u);
}

// What entity e's records say about it on `as_of`: its context (the earliest abnormal listing
// in force, the records of the last 12 months unless kCountRecent is false) and whether it is
// on the abnormal / serious list (a listing not repaired anywhere; a serious one within its
// term). (kCountRecent a template argument: as a function argument, even a constant one, the
// evaluation paid for its test.)
template <bool kCountRecent = true>
inline EntityContext ScanEntityRecords(const FactEnv& env, const Population& pop, size_t e,
                                       Date as_of, bool* abnormal, bool* serious) {
  EntityContext ctx;
  *abnormal = *serious = false;
  for (uint32_t r = pop.RecordsBegin(e), end = pop.RecordsEnd(e); r < end; ++r) {
    const int32_t d = pop.decision_date[r];
    if (!OnOrBefore(d, as_of)) continue;
    if (kCountRecent &&
        (env.plan != nullptr ? d > env.plan->recent_after : ElapsedMonths(Date{d}, as_of) < 12)) {
      ++ctx.records_12m;
    }
    const unsigned lists = ListsOn(env, pop, r, as_of);
    if (lists & 1) {
      *abnormal = true;
      if (ctx.abnormal_listed == kNoDay || d < ctx.abnormal_listed) ctx.abnormal_listed = d;
    }
    if (lists & 2) *serious = true;
  }
  return ctx;
}

// The annual-report facts of an entity registered in `reg_year` (the evaluation year when the
// date is unknown) whose last report is on year `filed`, on `as_of` (in year `today`, report
// deadline `deadline`): the reports due and not filed, and whether last year's is still due.
struct ReportFacts {
  int32_t missed;
  bool pending;
};
inline ReportFacts ReportFactsOf(const YearMonthDay& today, Date deadline, Date as_of,
                                 int32_t reg_year, int32_t filed) {
  const int32_t last_due = as_of > deadline ? today.year - 1 : today.year - 2;
  const int32_t covered = std::max(filed, reg_year - 1);
  return ReportFacts{std::max(0, last_due - covered),
                     as_of <= deadline && filed < today.year - 1 && reg_year <= today.year - 1};
}

// ReportFactsOf on the plan's date for an entity registered in `reg_year`
// (Population::RegistrationYear: kNoRegistrationYear when unknown) whose last report is on year
// `filed`. Without branches: the counts are what ReportFactsOf's comparisons give (a year
// after the last one due, or unknown, leaves nothing missed; one before this year, with last
// year's report not filed before the deadline, leaves it pending). The year comes from the
// population's column, so the entities without records (most of a district: their memo key) do
// not convert a date or branch on their filing history.
// (The two counts apart: RecordlessKeyOf packs them into its key, and GCC kept a ReportFacts
// it returned as a struct merged into a stack word, six instructions per entity.)
[[gnu::always_inline]] inline int32_t PlanReportsMissed(const DatePlan& plan, int32_t reg_year,
                                                        int32_t filed) {
  return std::max(0, plan.report_last_due - std::max(filed, reg_year - 1));
}
[[gnu::always_inline]] inline bool PlanReportPending(const DatePlan& plan, int32_t reg_year,
                                                     int32_t filed) {
  return static_cast<bool>(plan.before_deadline & (filed < plan.today.year - 1) &
                           (reg_year < plan.today.year));
}
[[gnu::always_inline]] inline ReportFacts PlanReportFactsOfYear(const DatePlan& plan,
                                                                int32_t reg_year, int32_t filed) {
  return ReportFacts{PlanReportsMissed(plan, reg_year, filed),
                     PlanReportPending(plan, reg_year, filed)};
}
// The same for a registration date (kNoDay: unknown).
inline ReportFacts PlanReportFacts(const DatePlan& plan, int32_t reg, int32_t filed) {
  return PlanReportFactsOfYear(plan, reg == kNoDay ? kNoRegistrationYear : plan.YearOf(reg), filed);
}

// The entity facts that follow from its own columns `f` alone (not from its records): what
// kFieldEffects can change.
inline void FillEntityFieldSlots(const FactEnv& env, const EntityFields& f, Date as_of,
                                 int64_t* slots) {
  const YearMonthDay& today = env.today;
  const Date deadline = env.plan != nullptr ? env.plan->report_deadline : FromYmd(today.year, 6, 30);
  const int32_t reg = f.registration;
  const ReportFacts reports =
      env.plan != nullptr
          ? PlanReportFactsOfYear(*env.plan, f.registration_year, f.last_report_year)
          : ReportFactsOf(today, deadline, as_of, reg == kNoDay ? today.year : f.registration_year,
                          f.last_report_year);

  Set(slots, Fact::kAsOf, as_of.days);
  Set(slots, Fact::kEntityKind, f.kind);
  Set(slots, Fact::kEntityStatus, f.status);
  Set(slots, Fact::kUsccValid, (f.flags & kFlagUsccValid) != 0);
  Set(slots, Fact::kUnreachable, (f.flags & kFlagUnreachable) != 0);
  Set(slots, Fact::kMissedReports, reports.missed);
  Set(slots, Fact::kReportPending, reports.pending);
  Set(slots, Fact::kDaysToReportDeadline, deadline.days - as_of.days);
  SetElapsed(env, slots, Fact::kSinceRegistration, reg, as_of);
}

// The entity facts of entity e, its own columns taken from `f` (FieldsOf(pop, e) but for a
// simulation), its records from `pop`.
inline void FillEntitySlots(const FactEnv& env, const Population& pop, size_t e,
                            const EntityFields& f, Date as_of, int64_t* slots,
                            EntityContext* ctx) {
  FillEntityFieldSlots(env, f, as_of, slots);
  bool abnormal = false, serious = false;
  *ctx = ScanEntityRecords(env, pop, e, as_of, &abnormal, &serious);
  Set(slots, Fact::kOnAbnormalList, abnormal);
  Set(slots, Fact::kOnSeriousList, serious);
  SetElapsed(env, slots, Fact::kSinceAbnormalListed, ctx->abnormal_listed, as_of);
  Set(slots, Fact::kRecordCount, pop.RecordsEnd(e) - pop.RecordsBegin(e));
  for (size_t i = 0; i < env.num_entity_custom; ++i) {
    SetCustom(env, env.entity_custom[i], EntityCustomValue(pop, e, env.entity_custom[i]), as_of,
              slots);
  }
}

inline void FillEntitySlots(const FactEnv& env, const Population& pop, size_t e, Date as_of,
                            int64_t* slots, EntityContext* ctx) {
  FillEntitySlots(env, pop, e, FieldsOf(pop, e), as_of, slots, ctx);
}

// The slots of a record's fulfilment and correction dates — all that fulfilling or correcting
// changes (a blocked record's simulated actions set them again).
inline void SetDoneSlots(const FactEnv& env, int32_t fulfilled, int32_t corrected, Date as_of,
                         int64_t* slots) {
  Set(slots, Fact::kObligationsFulfilled, OnOrBefore(fulfilled, as_of));
  Set(slots, Fact::kCorrected, OnOrBefore(corrected, as_of));
  SetElapsed(env, slots, Fact::kSinceFulfilled, fulfilled, as_of);
  SetElapsed(env, slots, Fact::kSinceCorrected, corrected, as_of);
}

// The record's codes (IsRecordCode): what FillRecordSlots sets first, all an eligibility
// decision keyed by codes needs to find the record's partition
// (TableData::codes_key_eligibility).
inline void FillRecordCodeSlots(const Population& pop, size_t r, int64_t* slots) {
  Set(slots, Fact::kDepartment, pop.department[r]);
  Set(slots, Fact::kRecordKind, pop.record_kind[r]);
  Set(slots, Fact::kSeverity, pop.severity[r]);
  Set(slots, Fact::kPenalty, pop.penalty[r]);
  Set(slots, Fact::kProcedure, pop.procedure[r]);
  Set(slots, Fact::kSector, pop.sector[r]);
}

// FillRecordSlots past FillRecordCodeSlots.
inline void FillRecordOtherSlots(const FactEnv& env, const Population& pop, size_t e, size_t r,
                                 Date as_of, const EntityContext& ctx, int64_t* slots) {
  const uint8_t* used = env.used;
  Set(slots, Fact::kFineAmount, pop.fine_yuan[r]);
  Set(slots, Fact::kDecisionDate, DateOrNull(pop.decision_date[r]));
  Set(slots, Fact::kPublicationDate, DateOrNull(pop.publication_date[r]));
  SetElapsed(env, slots, Fact::kSinceDecision, pop.decision_date[r], as_of);
  SetElapsed(env, slots, Fact::kSincePublication, pop.publication_date[r], as_of);
  SetDoneSlots(env, pop.fulfilled_date[r], pop.corrected_date[r], as_of, slots);
  Set(slots, Fact::kRecords12m, ctx.records_12m);
  for (size_t i = 0; i < env.num_record_custom; ++i) {
    SetCustom(env, env.record_custom[i], RecordCustomValue(pop, r, env.record_custom[i]), as_of,
              slots);
  }

  if (used != nullptr && !used[SlotOf(Fact::kLaterSameType)] && !used[SlotOf(Fact::kSameTypeCount)]) {
    return;
  }
  const uint32_t begin = pop.RecordsBegin(e), end = pop.RecordsEnd(e);
  if (ctx.same_type != nullptr) {
    const int32_t v = ctx.same_type[r - begin];
    Set(slots, Fact::kLaterSameType, v & 1);
    Set(slots, Fact::kSameTypeCount, v >> 1);
    return;
  }
  const int32_t d = pop.decision_date[r];
  bool later = false;
  int64_t same = 0;
  for (uint32_t q = begin; q < end; ++q) {
    if (pop.department[q] != pop.department[r] || pop.record_kind[q] != pop.record_kind[r]) continue;
    const int32_t dq = pop.decision_date[q];
    if (!OnOrBefore(dq, as_of)) continue;
    ++same;
    if (q != r && d != kNoDay && dq > d) later = true;
  }
  Set(slots, Fact::kLaterSameType, later);
  Set(slots, Fact::kSameTypeCount, same);
}

// Entities with more records than this have their records' same-type facts computed together
// (SameTypeTable: sorting, n log n) instead of each record scanning its entity's (n²).
inline constexpr uint32_t kSameTypeTableFrom = 32;

// The same-type facts FillRecordOtherSlots gives each record of entity e on `as_of`, for all of
// them at once: out[i] = count * 2 + later for record RecordsBegin(e) + i. A record's group is
// the entity's records of its department and kind; the count is how many of them were decided on
// or before `as_of` (itself included), `later` whether one of those was decided after it.
// `order`: the records sorted by group (department, kind, offset). What an earlier call left
// there is kept when it still sorts these records — a plan makes the table again and again for
// the same entity, and checking is linear where sorting is not — else made again.
inline void SameTypeTable(const Population& pop, size_t e, Date as_of, std::vector<uint64_t>* order,
                          std::vector<int32_t>* out) {
  const uint32_t begin = pop.RecordsBegin(e), n = pop.RecordsEnd(e) - begin;
  auto key = [&](uint32_t i) {
    const uint32_t r = begin + i;
    return (uint64_t{pop.department[r]} << 40) | (uint64_t{pop.record_kind[r]} << 32) | i;
  };
  // Each entry its own record's key, strictly ascending: n distinct offsets below n, sorted.
  bool kept = order->size() == n;
  for (uint32_t g = 0; kept && g < n; ++g) {
    const uint64_t v = (*order)[g];
    kept = static_cast<uint32_t>(v) < n && key(static_cast<uint32_t>(v)) == v &&
           (g == 0 || (*order)[g - 1] < v);
  }
  out->resize(n);
  if (!kept) {
    order->resize(n);
    for (uint32_t i = 0; i < n; ++i) (*order)[i] = key(i);
    std::sort(order->begin(), order->end());
  }
  for (uint32_t g = 0; g < n;) {
    const uint64_t key = (*order)[g] >> 32;
    uint32_t end = g;
    int32_t count = 0;
    int32_t latest = kNoDay;  // the latest decision date on or before as_of in the group
    for (; end < n && ((*order)[end] >> 32) == key; ++end) {
      const int32_t dq = pop.decision_date[begin + static_cast<uint32_t>((*order)[end])];
      if (!OnOrBefore(dq, as_of)) continue;
      ++count;
      latest = std::max(latest, dq);
    }
    for (; g < end; ++g) {
      const uint32_t i = static_cast<uint32_t>((*order)[g]);
      const int32_t d = pop.decision_date[begin + i];
      (*out)[i] = count * 2 + (d != kNoDay && latest > d ? 1 : 0);
    }
  }
}

inline void FillRecordSlots(const FactEnv& env, const Population& pop, size_t e, size_t r, Date as_of,
                     const EntityContext& ctx, int64_t* slots) {
  FillRecordCodeSlots(pop, r, slots);
  FillRecordOtherSlots(env, pop, e, r, as_of, ctx, slots);
}

// A record's repairs on or before the evaluation date: on which platforms, the earliest (and
// its platform) and the next earliest on another platform — so the earliest repair on a
// platform other than p is one comparison (RepairedElsewhere).
struct RecordRepairs {
  int32_t first = kNoDay, second = kNoDay;
  int first_platform = -1;
  uint32_t platforms = 0;  // bit p: repaired on platform p on or before the evaluation date
};
inline RecordRepairs RepairsOf(const Population& pop, size_t r, Date as_of) {
  RecordRepairs out;
  uint32_t m = pop.repaired.Mask(r);
  if (m == 0) return out;  // most records
  const int32_t* day = pop.repaired.DaysOf(r);
  for (; m != 0; m &= m - 1, ++day) {
    if (*day > as_of.days) continue;
    const int q = __builtin_ctz(m);
    out.platforms |= 1u << q;
    if (out.first == kNoDay || *day < out.first) {
      out.second = out.first;
      out.first = *day;
      out.first_platform = q;
    } else if (out.second == kNoDay || *day < out.second) {
      out.second = *day;
    }
  }
  return out;
}
inline int32_t RepairedElsewhere(const RecordRepairs& rr, int p) {
  return p == rr.first_platform ? rr.second : rr.first;
}

inline void FillPlatformSlots(const FactEnv& env, const Population& pop, size_t r, int p,
                              const RecordRepairs& repairs, Date as_of, int64_t* slots) {
  const int32_t elsewhere = RepairedElsewhere(repairs, p);
  Set(slots, Fact::kPlatform, p);
  Set(slots, Fact::kShown, (pop.shown_mask[r] >> p) & 1);
  Set(slots, Fact::kRepaired, (repairs.platforms >> p) & 1);
  Set(slots, Fact::kRepairedElsewhere, elsewhere != kNoDay);
  SetElapsed(env, slots, Fact::kSinceRepairedElsewhere, elsewhere, as_of);
}

inline void FillPlatformSlots(const FactEnv& env, const Population& pop, size_t r, int p, Date as_of,
                              int64_t* slots) {
  FillPlatformSlots(env, pop, r, p, RepairsOf(pop, r, as_of), as_of, slots);
}

inline void FillDerivedSlots(const RecordOutcome& o, Date as_of, int64_t* slots) {
  Set(slots, Fact::kStatus, static_cast<int64_t>(o.status));
  Set(slots, Fact::kUntilEligible,
      o.eligible_from == kNoDay ? kNull : int64_t{o.eligible_from} - as_of.days);
  Set(slots, Fact::kUntilExpiry,
      o.expires_on == kNoDay ? kNull : int64_t{o.expires_on} - as_of.days);
}

inline void FillEntityDerivedSlots(bool serious_shown, uint32_t shown_count, int64_t* slots) {
  Set(slots, Fact::kSeriousShown, serious_shown);
  Set(slots, Fact::kShownCount, shown_count);
}

inline void FillDateBases(const FactEnv& env, const Population& pop, size_t e, int64_t r,
                          Date as_of, const EntityContext& ctx, DateBases* bases) {
  DateBases& b = *bases;
  b.fill(kNoDay);
  b[static_cast<int>(DateBase::kAsOf)] = as_of.days;
  b[static_cast<int>(DateBase::kRegistrationDate)] = pop.registration_date[e];
  b[static_cast<int>(DateBase::kAbnormalListedDate)] = ctx.abnormal_listed;
  b[static_cast<int>(DateBase::kReportDeadline)] = FromYmd(env.today.year, 6, 30).days;
  // Custom date columns (entity ones always, record ones for a record).
  for (size_t i = 0; i < env.num_entity_custom; ++i) {
    const CustomSlot& c = env.entity_custom[i];
    if (c.date_base != 0) b[c.date_base] = CustomDay(EntityCustomValue(pop, e, c));
  }
  if (r >= 0) {
    b[static_cast<int>(DateBase::kDecisionDate)] = pop.decision_date[r];
    b[static_cast<int>(DateBase::kPublicationDate)] = pop.publication_date[r];
    b[static_cast<int>(DateBase::kFulfilledDate)] = pop.fulfilled_date[r];
    b[static_cast<int>(DateBase::kCorrectedDate)] = pop.corrected_date[r];
    for (size_t i = 0; i < env.num_record_custom; ++i) {
      const CustomSlot& c = env.record_custom[i];
      if (c.date_base != 0) b[c.date_base] = CustomDay(RecordCustomValue(pop, static_cast<size_t>(r), c));
    }
  }
}

inline int32_t EvalDateExpr(const CompiledDateExpr& x, const DateBases& bases, const WorkCalendar& cal) {
  auto term = [&](uint8_t base, bool has_dur, int32_t amount, uint8_t unit) -> int32_t {
    const int32_t v = bases[base];
    if (v == kNoDay || !has_dur) return v;
    return PeriodEnd(Date{v}, Duration{amount, static_cast<DurationUnit>(unit)}, cal).days;
  };
  if (x.base1 == static_cast<uint8_t>(DateBase::kNone)) return kNoDay;
  const int32_t a = term(x.base1, x.has_dur1, x.amount1, x.unit1);
  if (x.base2 == static_cast<uint8_t>(DateBase::kNone) || a == kNoDay) return a;
  const int32_t b = term(x.base2, x.has_dur2, x.amount2, x.unit2);
  return b == kNoDay ? kNoDay : std::max(a, b);
}

inline RepairStatus ResolveStatus(RepairStatus s, int32_t eligible_from, Date as_of) {
  if (s != RepairStatus::kEligible) return s;
  return eligible_from == kNoDay || eligible_from <= as_of.days ? RepairStatus::kEligibleNow
                                                                : RepairStatus::kEligibleLater;
}

// The facts an entity without records can differ in on the plan's date (TableData::
// recordless_memo), packed: kind, status, flags and its annual-report facts (ReportFactsOf, as
// FillEntityFieldSlots computes them), not the registration and report years themselves, so
// entities alike in what the rules test share one key. Never 0 (bit 63 set). From the entity's
// columns (EvaluateEntities reads them through pointers taken once per chunk), or its index.
[[gnu::always_inline]] inline uint64_t RecordlessKeyOf(const DatePlan& plan, int32_t reg_year,
                                                       int32_t filed, uint8_t flags, uint8_t kind,
                                                       uint8_t status) {
  const uint32_t missed = static_cast<uint32_t>(PlanReportsMissed(plan, reg_year, filed));
  return (uint64_t{1} << 63) | (uint64_t{flags} << 48) | (uint64_t{kind} << 40) |
         (uint64_t{status} << 32) | (static_cast<uint64_t>(missed & 0x7FFFFFFFu) << 1) |
         uint64_t{PlanReportPending(plan, reg_year, filed)};
}
inline uint64_t RecordlessKey(const DatePlan& plan, const Population& pop, size_t e) {
  return RecordlessKeyOf(plan, pop.RegistrationYear(e), pop.last_report_year[e],
                         pop.entity_flags[e], pop.entity_kind[e], pop.entity_status[e]);
}

// ---- blocked records: simulating the unblocking actions ----
// Effect bits (1 << ActionEffect) of an action set, through the table's action catalogue.
inline uint32_t EffectsOf(const TableData& d, uint32_t actions) {
  uint32_t fx = 0;
  for (uint32_t a = actions; a != 0; a &= a - 1) {
    const uint32_t i = static_cast<uint32_t>(__builtin_ctz(a));
    if (i < d.actions.size()) fx |= 1u << d.actions[i].effect;
  }
  return fx;
}

// An action done on `as_of`: the day it was done, unless it was done before.
inline void DoneBy(int32_t& day, Date as_of) {
  if (day == kNoDay || day > as_of.days) day = as_of.days;
}

// Copies entity `e` of `pop` (its evaluated columns, not names or ids) into the one-entity
// population `sim` (reusing its capacity) and applies `effects` as if done on `as_of`:
// kFulfil / kCorrect to record `r` (absolute index), kFileReports, kReachable and
// kLeaveAbnormal to the entity. Returns r's index in `sim`.
inline uint32_t SimulateActions(const Population& pop, size_t e, size_t r, uint32_t effects,
                                Date as_of, const ContextConfig& context, Population* sim) {
  const uint32_t b = pop.RecordsBegin(e), n = pop.RecordsEnd(e) - b;
  const int np = pop.num_platforms;
  auto one = [&](auto& dst, const auto& src) { dst.assign(1, src[e]); };
  auto recs = [&](auto& dst, const auto& src) { dst.assign(src.begin() + b, src.begin() + b + n); };
  sim->num_platforms = np;
  sim->dictionary_fingerprint = pop.dictionary_fingerprint;
  one(sim->uscc, pop.uscc);
  one(sim->entity_kind, pop.entity_kind);
  one(sim->entity_status, pop.entity_status);
  one(sim->registration_date, pop.registration_date);
  if (pop.registration_year.size() == pop.num_entities()) {
    one(sim->registration_year, pop.registration_year);
  } else {
    sim->registration_year.clear();
  }
  one(sim->last_report_year, pop.last_report_year);
  one(sim->entity_flags, pop.entity_flags);
  sim->record_begin.assign({0u, n});
  recs(sim->department, pop.department);
  recs(sim->record_kind, pop.record_kind);
  recs(sim->severity, pop.severity);
  recs(sim->penalty, pop.penalty);
  recs(sim->procedure, pop.procedure);
  recs(sim->sector, pop.sector);
  recs(sim->shown_mask, pop.shown_mask);
  recs(sim->decision_date, pop.decision_date);
  recs(sim->publication_date, pop.publication_date);
  recs(sim->fulfilled_date, pop.fulfilled_date);
  recs(sim->corrected_date, pop.corrected_date);
  recs(sim->fine_yuan, pop.fine_yuan);
  sim->repaired.clear();
  sim->repaired.AppendRange(pop.repaired, b, b + n);
  sim->num_entity_custom = pop.num_entity_custom;
  sim->num_record_custom = pop.num_record_custom;
  sim->entity_custom.assign(pop.entity_custom.begin() + e * pop.num_entity_custom,
                            pop.entity_custom.begin() + (e + 1) * pop.num_entity_custom);
  sim->record_custom.assign(pop.record_custom.begin() + static_cast<size_t>(b) * pop.num_record_custom,
                            pop.record_custom.begin() + static_cast<size_t>(b + n) * pop.num_record_custom);
  const uint32_t sr = static_cast<uint32_t>(r - b);
  auto has = [&](ActionEffect f) { return (effects >> static_cast<int>(f)) & 1; };
  if (has(ActionEffect::kFulfil)) DoneBy(sim->fulfilled_date[sr], as_of);
  if (has(ActionEffect::kCorrect)) DoneBy(sim->corrected_date[sr], as_of);
  EntityFields fields = FieldsOf(*sim, 0);
  ApplyEntityEffects(effects, ToYmd(as_of).year, &fields);
  sim->last_report_year[0] = fields.last_report_year;
  sim->entity_flags[0] = fields.flags;
  if (has(ActionEffect::kLeaveAbnormal)) {
    for (uint32_t q = 0; q < n; ++q) {
      if (!((context.abnormal_kinds >> sim->record_kind[q]) & 1)) continue;
      for (int p = 0; p < np; ++p) {
        int32_t day = sim->repaired.At(q, p);
        DoneBy(day, as_of);
        sim->repaired.Set(q, p, day);
      }
    }
  }
  return sr;
}

inline int32_t CleanByContribution(const RecordOutcome& o, Date as_of) {
  switch (o.status) {
    case RepairStatus::kEligibleNow: return as_of.days;
    case RepairStatus::kEligibleLater: return o.eligible_from;
    case RepairStatus::kDropsOff:
    case RepairStatus::kNotRepairable:
    case RepairStatus::kBlocked: return o.expires_on == kNoDay ? INT32_MAX : o.expires_on;
    default: return kNoDay;
  }
}

// The canonical materials of raw materials `raw` by the material map in force on `as_of`.
inline Bits128 MapMaterials(const TableData& d, const Bits128& raw, Date as_of) {
  Bits128 out;
  for (int w = 0; w < 2; ++w) {
    for (uint64_t bits = raw.w[w]; bits != 0; bits &= bits - 1) {
      const size_t r = static_cast<size_t>(w) * 64 + static_cast<size_t>(__builtin_ctzll(bits));
      if (r + 1 >= d.map_by_raw.size()) continue;
      for (uint32_t i = d.map_by_raw[r]; i < d.map_by_raw[r + 1]; ++i) {
        const CompiledMapping& m = d.material_map[d.map_of_raw[i]];
        if (m.canonical == UINT32_MAX) continue;
        if (m.effective_from != kNoDay && as_of.days < m.effective_from) continue;
        if (m.effective_to != kNoDay && as_of.days > m.effective_to) continue;
        out.Set(static_cast<int>(m.canonical));
      }
    }
  }
  return out;
}

// MapMaterials on the plan's date, from its per-material sets (DatePlan::canonical_of_raw).
inline Bits128 MapMaterials(const DatePlan& plan, const Bits128& raw) {
  Bits128 out;
  const Bits128* canonical = plan.canonical_of_raw.data();
  const size_t n = plan.canonical_of_raw.size();
  for (int w = 0; w < 2; ++w) {
    for (uint64_t bits = raw.w[w]; bits != 0; bits &= bits - 1) {
      const size_t r = static_cast<size_t>(w) * 64 + static_cast<size_t>(__builtin_ctzll(bits));
      if (r < n) out |= canonical[r];
    }
  }
  return out;
}

}  // namespace xiufu::internal

#endif  // XIUFU_RUNTIME_DETAIL_FACT_SLOTS_H_
