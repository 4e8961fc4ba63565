// Internal: computes the fact slots (facts.h) the decision tables test, for one entity, one
// record and one record × platform, and evaluates output date expressions. Shared by the
// compiled evaluator, explain and the reference interpreter so that all three see the same
// facts; how rows are *matched* is what each of them does differently.
#ifndef XIUFU_SRC_FACT_SLOTS_H_
#define XIUFU_SRC_FACT_SLOTS_H_

#include <array>
#include <cstdint>

#include "xiufu/calendar.h"
#include "xiufu/decision_table.h"
#include "xiufu/evaluate.h"
#include "xiufu/pack.h"
#include "xiufu/population.h"

namespace xiufu::internal {

// Per-entity values needed again while deciding its records.
struct EntityContext {
  int32_t abnormal_listed = kNoDay;  // earliest abnormal listing in force
  int32_t records_12m = 0;
};

using DateBases = std::array<int32_t, static_cast<int>(DateBase::kCount_)>;

struct FactEnv {
  const ContextConfig* context;
  const WorkCalendar* calendar;
  const uint8_t* used;   // kNumSlots flags: slots some decision tests; nullptr = compute all
  YearMonthDay today;    // the evaluation date, split once
};

// Marks in d.slot_used every slot an index of some decision reads. Called by Compile and by
// DeserializeTable (derived data, not stored in the blob).
void DeriveUsedSlots(TableData& d);

// A record that is decided after the evaluation date does not exist yet: no decision is made.
inline bool RecordExists(const Population& pop, size_t r, Date as_of) {
  return pop.decision[r] == kNoDay || pop.decision[r] <= as_of.days;
}

void FillEntitySlots(const FactEnv& env, const Population& pop, size_t e, Date as_of,
                     int64_t* slots, EntityContext* ctx);
void FillRecordSlots(const FactEnv& env, const Population& pop, size_t e, size_t r, Date as_of,
                     const EntityContext& ctx, int64_t* slots);
void FillPlatformSlots(const FactEnv& env, const Population& pop, size_t r, int p, Date as_of,
                       int64_t* slots);
void FillDerivedSlots(const RecordOutcome& o, Date as_of, int64_t* slots);
void FillEntityDerivedSlots(bool serious_shown, uint32_t shown_count, int64_t* slots);

// Dates an output expression can start from, for one record (or, with r < 0, the entity).
void FillDateBases(const Population& pop, size_t e, int64_t r, Date as_of,
                   const EntityContext& ctx, DateBases* bases);
int32_t EvalDateExpr(const CompiledDateExpr& x, const DateBases& bases, const WorkCalendar& cal);
CompiledDateExpr ToCompiled(const DateExpr& x);

// Resolves Status::kEligible into now / later and fills the outcome's date-dependent fields.
Status ResolveStatus(Status s, int32_t eligible_from, Date as_of);

// Whether a status means the record × platform is still published.
inline bool IsShownStatus(Status s) { return s != Status::kNotShown && s != Status::kRepaired; }

// clean-by contribution of one outcome: kNoDay = nothing to clean, INT32_MAX = never/unknown.
int32_t CleanByContribution(const RecordOutcome& o, Date as_of);

// Canonical materials for a raw set under the mappings in force at as_of.
Bits128 MapMaterials(const Bits128& raw, const CompiledMapping* map, size_t n, Date as_of);

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_FACT_SLOTS_H_
