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

}  // namespace

OracleResult OracleEvaluate(const Pack& pack, const Population& pop, Date as_of) {
  const WorkCalendar cal(FromYmd(2000, 1, 1), FromYmd(2060, 12, 31), pack.holidays, pack.workdays);
  const internal::FactEnv env{&pack.context, &cal, nullptr, ToYmd(as_of)};
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
      internal::FillDateBases(pop, e, r, as_of, ctx, &bases);
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
          o.channel = static_cast<int8_t>(row->out.channel);
          o.authority = static_cast<int8_t>(row->out.authority >= 0 ? row->out.authority
                                                                    : pop.department[r]);
          res.rule_ids[r * np + p] = row->rule_id;
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
