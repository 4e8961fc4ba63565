#include "support/oracle.h"

#include <algorithm>
#include <climits>

#include "compile/date_expr.h"
#include "xiufu/runtime/detail/fact_slots.h"

namespace xiufu::testing {
namespace {

bool InForce(const Row& r, Date as_of) {
  return (r.effective_from.days == kNoDay || as_of >= r.effective_from) &&
         (r.effective_to.days == kNoDay || as_of <= r.effective_to);
}

bool RowMatches(const Row& r, const int64_t* slots, Date as_of) {
  if (!InForce(r, as_of)) return false;
  for (const CellTest& c : r.cells) {
    if (c.kind == CellTest::Kind::kAny) continue;
    if (!c.Matches(slots[c.slot])) return false;
  }
  return true;
}

// All rows of one decision, in manifest-then-file order.
std::vector<const Row*> RowsOf(const Pack& pack, Decision d) {
  std::vector<const Row*> rows;
  for (const Table& t : pack.tables) {
    if (t.decision != d) continue;
    for (const Row& r : t.rows) rows.push_back(&r);
  }
  return rows;
}

const Row* DecideSingle(const Pack& pack, const std::vector<const Row*>& rows,
                        const int64_t* slots, Date as_of) {
  const DecisionSpec& spec = pack.decisions[static_cast<int>(Decision::kEligibility)];
  const Row* best = nullptr;
  size_t best_rank = SIZE_MAX;
  for (const Row* r : rows) {
    if (!RowMatches(*r, slots, as_of)) continue;
    if (spec.policy != HitPolicy::kPriority) return r;
    const size_t rank = std::find(spec.priority.begin(), spec.priority.end(), r->out.status) -
                        spec.priority.begin();
    if (rank < best_rank) {
      best = r;
      best_rank = rank;
    }
  }
  return best;
}

// The reference semantics of a forecast across a regime change (evaluate.h, ForecastEligible):
// The custom columns of the pack as the shared fact code reads them (built here from the
// pack, not by the compiler).
struct OracleCustom {
  std::vector<internal::CustomSlot> entity, record;
  explicit OracleCustom(const Pack& pack) {
    for (const CustomColumn& c : pack.columns) {
      internal::CustomSlot cs{c.default_value, static_cast<uint16_t>(SlotOf(c.fact)),
                              static_cast<uint8_t>(c.has_since() ? static_cast<int>(c.since) : 0),
                              static_cast<uint8_t>(c.ordinal),
                              static_cast<uint8_t>(c.date_base)};
      (c.scope == FactScope::kEntity ? entity : record).push_back(cs);
    }
  }
  internal::FactEnv Env(const Pack& pack, const WorkCalendar& cal, Date day) const {
    return internal::FactEnv{&pack.context, &cal,          nullptr,       ToYmd(day),
                             entity.data(), entity.size(), record.data(), record.size()};
  }
};

// decide again on each day a row starts or stops applying, up to the forecast date.
int32_t OracleForecast(const Pack& pack, const std::vector<const Row*>& elig,
                       const WorkCalendar& cal, const Population& pop, size_t e, size_t r, int p,
                       Date as_of, int32_t from) {
  std::vector<int32_t> changes;
  for (const Row* row : elig) {
    if (row->effective_from.days != kNoDay) changes.push_back(row->effective_from.days);
    if (row->effective_to.days != kNoDay) changes.push_back(row->effective_to.days + 1);
  }
  std::sort(changes.begin(), changes.end());
  changes.erase(std::unique(changes.begin(), changes.end()), changes.end());
  int64_t slots[kNumSlots];
  const OracleCustom custom(pack);
  for (int32_t day : changes) {
    if (from == kNoDay) return from;
    if (day <= as_of.days) continue;
    if (day > from) break;
    const Date b{day};
    const internal::FactEnv env = custom.Env(pack, cal, b);
    internal::EntityContext ctx;
    internal::FillEntitySlots(env, pop, e, b, slots, &ctx);
    internal::FillRecordSlots(env, pop, e, r, b, ctx, slots);
    internal::FillPlatformSlots(env, pop, r, p, b, slots);
    const Row* row = DecideSingle(pack, elig, slots, b);
    if (row == nullptr || row->out.status != RepairStatus::kEligible) return kNoDay;
    internal::DateBases bases;
    internal::FillDateBases(env, pop, e, static_cast<int64_t>(r), b, ctx, &bases);
    const int32_t at_b = internal::EvalDateExpr(internal::ToCompiled(row->out.eligible_from), bases, cal);
    if (at_b == kNoDay || at_b <= day) return day;
    from = at_b;
  }
  return from;
}

// The reference semantics of a blocked outcome (see evaluate.h, internal::Unblock): simulate the
// actions as done today, decide again, add the actions of a row that blocks next, four rounds.
void OracleUnblock(const Pack& pack, const std::vector<const Row*>& elig,
                   const internal::FactEnv& env, const WorkCalendar& cal, const Population& pop,
                   size_t e, size_t r, int p, Date as_of, uint32_t actions, RecordOutcome* o) {
  o->actions = actions;
  o->eligible_from = kNoDay;
  Population sim;
  int64_t slots[kNumSlots];
  for (int round = 0; round < 4; ++round) {
    uint32_t effects = 0;
    for (size_t i = 0; i < pack.actions.size(); ++i) {
      if ((o->actions >> i) & 1) effects |= 1u << static_cast<int>(pack.actions[i].effect);
    }
    const uint32_t sr = internal::SimulateActions(pop, e, r, effects, as_of, pack.context, &sim);
    internal::EntityContext ctx;
    internal::FillEntitySlots(env, sim, 0, as_of, slots, &ctx);
    internal::FillRecordSlots(env, sim, 0, sr, as_of, ctx, slots);
    internal::FillPlatformSlots(env, sim, sr, p, as_of, slots);
    const Row* row = DecideSingle(pack, elig, slots, as_of);
    if (row == nullptr) return;
    if (row->out.status == RepairStatus::kBlocked) {
      if ((row->out.actions & ~o->actions) == 0) return;
      o->actions |= row->out.actions;
      continue;
    }
    if (row->out.status != RepairStatus::kEligible) return;
    internal::DateBases bases;
    internal::FillDateBases(env, sim, 0, sr, as_of, ctx, &bases);
    const int32_t from = internal::EvalDateExpr(internal::ToCompiled(row->out.eligible_from), bases, cal);
    o->eligible_from = from == kNoDay || from <= as_of.days
                           ? as_of.days
                           : OracleForecast(pack, elig, cal, sim, 0, sr, p, as_of, from);
    return;
  }
}

}  // namespace

OracleResult OracleEvaluate(const Pack& pack, const Population& pop, Date as_of) {
  const WorkCalendar cal(FromYmd(2000, 1, 1), FromYmd(2060, 12, 31), pack.holidays, pack.workdays);
  const OracleCustom custom(pack);
  const internal::FactEnv env = custom.Env(pack, cal, as_of);
  const auto elig = RowsOf(pack, Decision::kEligibility);
  const auto mats = RowsOf(pack, Decision::kMaterials);
  const auto ralerts = RowsOf(pack, Decision::kRecordAlerts);
  const auto ealerts = RowsOf(pack, Decision::kEntityAlerts);
  const int np = pop.num_platforms;

  OracleResult res;
  res.records.resize(pop.num_records() * np);
  res.rule_ids.resize(pop.num_records() * np);
  res.entities.resize(pop.num_entities());
  int64_t slots[kNumSlots];
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    internal::EntityContext ctx;
    internal::FillEntitySlots(env, pop, e, as_of, slots, &ctx);
    EntityOutcome& eo = res.entities[e];
    bool serious_shown = false, never = false, any_shown = false;
    int32_t clean = as_of.days;
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      if (pop.decision_date[r] != kNoDay && pop.decision_date[r] > as_of.days) continue;
      internal::FillRecordSlots(env, pop, e, r, as_of, ctx, slots);
      internal::DateBases bases;
      internal::FillDateBases(env, pop, e, r, as_of, ctx, &bases);
      for (int p = 0; p < np; ++p) {
        internal::FillPlatformSlots(env, pop, r, p, as_of, slots);
        RecordOutcome o;
        if (const Row* row = DecideSingle(pack, elig, slots, as_of)) {
          o.eligible_from = internal::EvalDateExpr(internal::ToCompiled(row->out.eligible_from), bases, cal);
          o.expires_on = internal::EvalDateExpr(internal::ToCompiled(row->out.expires_on), bases, cal);
          o.status = row->out.status;
          if (o.status == RepairStatus::kEligible) {
            o.status = (o.eligible_from == kNoDay || o.eligible_from <= as_of.days)
                           ? RepairStatus::kEligibleNow : RepairStatus::kEligibleLater;
          }
          if (o.status == RepairStatus::kEligibleLater) {
            o.eligible_from = OracleForecast(pack, elig, cal, pop, e, r, p, as_of, o.eligible_from);
          }
          o.channel = static_cast<int8_t>(row->out.channel);
          o.authority = static_cast<int8_t>(row->out.authority >= 0 ? row->out.authority
                                                                    : pop.department[r]);
          res.rule_ids[r * np + p] = row->rule_id;
          if (o.status == RepairStatus::kBlocked) {
            OracleUnblock(pack, elig, env, cal, pop, e, r, p, as_of, row->out.actions, &o);
          }
        }
        internal::FillDerivedSlots(o, as_of, slots);
        for (const Row* m : mats) if (RowMatches(*m, slots, as_of)) o.materials |= m->out.materials;
        for (const Row* a : ralerts) if (RowMatches(*a, slots, as_of)) o.alerts |= a->out.alerts;
        eo.raw_materials |= o.materials;
        eo.alerts |= o.alerts;
        const bool shown = o.status != RepairStatus::kNotShown && o.status != RepairStatus::kRepaired;
        if (shown) {
          ++eo.shown;
          any_shown = true;
          if (((pack.context.serious_severities >> pop.severity[r]) & 1) ||
              ((pack.context.serious_kinds >> pop.record_kind[r]) & 1)) {
            serious_shown = true;
          }
        }
        if (res.rule_ids[r * np + p].empty() && ((pop.shown_mask[r] >> p) & 1)) never = true;
        switch (o.status) {
          case RepairStatus::kEligibleNow: break;
          case RepairStatus::kEligibleLater: clean = std::max(clean, o.eligible_from); break;
          case RepairStatus::kDropsOff:
          case RepairStatus::kNotRepairable:
          case RepairStatus::kBlocked:
            if (o.expires_on == kNoDay) never = true; else clean = std::max(clean, o.expires_on);
            break;
          default: break;
        }
        res.records[r * np + p] = o;
      }
    }
    (void)any_shown;
    internal::FillEntityDerivedSlots(serious_shown, eo.shown, slots);
    for (const Row* a : ealerts) if (RowMatches(*a, slots, as_of)) eo.alerts |= a->out.alerts;
    for (const MaterialMapping& m : pack.material_map) {
      const bool in_force = (m.effective_from.days == kNoDay || as_of >= m.effective_from) &&
                            (m.effective_to.days == kNoDay || as_of <= m.effective_to);
      if (in_force && m.canonical >= 0 && eo.raw_materials.Test(m.raw)) eo.canonical_materials.Set(m.canonical);
    }
    eo.clean_by = never ? kNoDay : clean;
  }
  return res;
}

}  // namespace xiufu::testing
