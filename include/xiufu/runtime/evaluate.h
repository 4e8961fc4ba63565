// xiufu evaluation — decides, for every record of an entity on every platform, the repair
// status, dates and the rule that decided it; for the entity, the deduplicated materials (raw
// and canonical), its alerts and the date it is expected clean on all platforms.
//
// Outcomes go into caller-owned arrays; a Scratch holds the per-thread mutable state (fact
// slots, bitsets) so the hot path allocates nothing. A DecisionTable is shared read-only by any
// number of threads; a Scratch must be used by one thread at a time.
#ifndef XIUFU_RUNTIME_EVALUATE_H_
#define XIUFU_RUNTIME_EVALUATE_H_

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "xiufu/runtime/alert_due.h"  // AlertDue, for the evaluation's alerts
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/detail/match.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/outcome.h"
#include "xiufu/runtime/parallel_for.h"
#include "xiufu/runtime/population.h"

namespace xiufu {
namespace internal {
struct ScratchAccess;

// An entity's facts on one day as the evaluation fills them before deciding its records: its
// slots, its context and (an entity with many records) its records' same-type facts, which
// ctx.same_type points to. What a caller deciding an entity's records a few at a time, while
// nothing they read of the entity changes, makes once (MakeEntityFacts) instead of scanning the
// entity's records for every call (EvaluateEntityRecords; a plan between its applications), and
// what a forecast across a regime change keeps of the entity on the change's day
// (Scratch::ForecastDay). Filled by ScratchAccess::FillEntityFacts. Not copyable (ctx points into
// it).
struct EntityFacts {
  EntityFacts() = default;
  EntityFacts(const EntityFacts&) = delete;
  EntityFacts& operator=(const EntityFacts&) = delete;
  const Population* pop = nullptr;
  size_t e = 0;
  int32_t day = kNoDay;
  alignas(64) int64_t slots[kNumSlots] = {};
  EntityContext ctx;
  std::vector<int32_t> same_type;
  std::vector<uint64_t> same_type_order;  // SameTypeTable's scratch
};

// What a blocked record's simulation remembers while it lasts (Scratch): the last eligible_from
// an unblocking row gave (a row often decides several platforms; valid while dated_row !=
// kNoRow), and the eligibility rows the simulated record's platform-invariant slots accept
// (match.h), shared by its platforms.
struct SimMemo {
  uint32_t dated_row = 0xFFFFFFFFu;
  int32_t dated_from = kNoDay;
  SharedMatch shared;
};
}  // namespace internal

// Per-thread evaluation state (fact slots, row bitsets). Reuse one per thread; it grows to the
// widest table it has been used with. Its contents are not API.
class Scratch {
 public:
  Scratch() = default;

 private:
  friend struct internal::ScratchAccess;
  alignas(64) int64_t slots_[kNumSlots] = {};
  std::vector<uint64_t> acc_;          // row bitset of the partition being matched
  // A blocked record with its actions simulated, when the simulation changes only some of its
  // facts (TableData::sim_slots: the fulfilment ones, and the entity's when it simulates
  // entity-level effects): those facts, which Unblock swaps into slots_ while it matches.
  int64_t sim_slots_[kNumSlots] = {};
  // The entity-level effects (or'ed with kOwnSlotsMark) the entity part of sim_slots_ was made
  // with, and the record and effects of its record part (its platforms share it).
  uint32_t sim_entity_effects_ = UINT32_MAX;
  internal::EntityContext sim_ctx_;
  size_t sim_record_ = SIZE_MAX;
  uint32_t sim_effects_ = 0;
  internal::SimMemo sim_memo_;  // of the simulation in sim_slots_; reset when it changes
  // How many times a simulation copied the entity (SimulatedCopy): such a simulation gives a
  // record's platforms their own repair dates, so its outcome is not reused for another platform.
  uint32_t copies_ = 0;
  uint64_t forecast_gen_ = 1;  // of the forecasts' entity facts (forecast_, below)
  // The same-type facts of an entity with many records (SameTypeTable) and its sort keys.
  std::vector<int32_t> same_type_;
  std::vector<uint64_t> same_type_order_;
  internal::DatePlan plan_;            // the table and date being evaluated (date_plan.h)
  // Outcomes of entities without records, by their key (TableData::recordless_memo), for the
  // plan's table and date: direct-mapped, a key of 0 is an empty slot.
  static constexpr size_t kMemoSize = 1024;
  std::vector<uint64_t> memo_keys_;
  std::vector<uint64_t> memo_alerts_;
  // (Below: what the rarer simulations and forecasts use, kept apart from the fields every
  // entity with records touches.)
  // A simulation that copies the entity (leaving the abnormal list moves repair dates): the
  // copy (sim_, one entity) and all the simulated record's facts (copy_slots_), kept apart from
  // sim_slots_ so that the entity's blocked records of both kinds, in any order, each make
  // theirs once: sim_ for its entity-level effects, copy_record_ for its record and effects.
  int64_t copy_slots_[kNumSlots] = {};
  Population sim_;
  uint32_t copy_entity_effects_ = UINT32_MAX;
  internal::EntityContext copy_ctx_;
  size_t copy_record_ = SIZE_MAX;
  uint32_t copy_effects_ = 0;
  internal::SimMemo copy_memo_;  // of the simulation in copy_slots_
  // A forecast across a regime change (ForecastEligible) decides records as of the change's day:
  // the entity's facts on that day (its records scanned, the same-type table of an entity with
  // many records) are made once per entity and day, and its records' facts filled beside them.
  // Valid while gen == forecast_gen_ (ForgetSim, a new copy: a new generation).
  struct ForecastDay {
    uint64_t gen = 0;
    internal::EntityFacts facts;
  };
  static constexpr size_t kForecastDays = 4;
  std::unique_ptr<ForecastDay[]> forecast_;  // kForecastDays once a forecast is made, used in turn
  uint32_t forecast_next_ = 0;
  const internal::EntityFacts* given_ = nullptr;  // during EvaluateEntityRecords only
};

namespace internal {
// Where a blocked record with its actions simulated is read from (ScratchAccess::Simulated):
// record r of entity e of *pop, with these fulfilment and correction dates.
struct Simulation {
  const Population* pop;
  size_t e, r;
  int32_t fulfilled, corrected;
  SimMemo* memo = nullptr;  // what is remembered while this simulation lasts
};

struct ScratchAccess {
  // Scratch::sim_entity_effects_ of a simulation that changes only some of the record's own
  // facts (Simulated), or'ed with its entity-level effects.
  static constexpr uint32_t kOwnSlotsMark = 1u << 31;
  static int64_t* Slots(Scratch& s) { return s.slots_; }
  // SameTypeTable for entity e into the scratch: what EntityContext::same_type points to.
  static const int32_t* SameType(Scratch& s, const Population& pop, size_t e, Date as_of) {
    SameTypeTable(pop, e, as_of, &s.same_type_order_, &s.same_type_);
    return s.same_type_.data();
  }
  static uint64_t* Acc(Scratch& s) { return s.acc_.data(); }
  static int64_t* CopySlots(Scratch& s) { return s.copy_slots_; }
  // A new entity (or population): no simulation or forecast made so far is valid. With
  // kKeepForecasts, the forecasts' entity facts stay (EvaluateEntityRecords: its caller vouches
  // that the entity's facts did not change).
  template <bool kKeepForecasts = false>
  static void ForgetSim(Scratch& s) {
    s.sim_entity_effects_ = UINT32_MAX;
    s.sim_record_ = SIZE_MAX;
    s.copy_entity_effects_ = UINT32_MAX;
    s.copy_record_ = SIZE_MAX;
    if (!kKeepForecasts) ++s.forecast_gen_;
    SimChanged(s);
    s.copy_memo_ = SimMemo{};
  }
  // The entity facts EvaluateEntityRecords was given (EvaluateEntityFully<true> reads them).
  static const EntityFacts*& Given(Scratch& s) { return s.given_; }
  // The simulation in sim_slots_ changed: what was remembered from it is void.
  static void SimChanged(Scratch& s) { s.sim_memo_ = SimMemo{}; }
  // Whether entity e of `pop` has its records' same-type facts computed together
  // (SameTypeTable) rather than by each record (FillRecordOtherSlots).
  static bool WantsSameTypeTable(const TableData& d, const Population& pop, size_t e) {
    return pop.RecordsEnd(e) - pop.RecordsBegin(e) > kSameTypeTableFrom &&
           (d.slot_used[SlotOf(Fact::kLaterSameType)] || d.slot_used[SlotOf(Fact::kSameTypeCount)]);
  }
  // The slots of a forecast for entity e of `pop` on day b (env: of that day), its entity facts
  // filled (once per entity and day; the caller fills the record's and platform's), and in
  // *ctx the entity's context on that day (with the same-type table when `many`).
  static int64_t* ForecastSlots(const TableData& d, const FactEnv& env, const Population& pop,
                                size_t e, Date b, bool many, Scratch& s, const EntityContext** ctx) {
    if (!s.forecast_) s.forecast_ = std::make_unique<Scratch::ForecastDay[]>(Scratch::kForecastDays);
    for (size_t i = 0; i < Scratch::kForecastDays; ++i) {
      EntityFacts& f = s.forecast_[i].facts;
      if (s.forecast_[i].gen == s.forecast_gen_ && f.pop == &pop && f.e == e && f.day == b.days) {
        *ctx = &f.ctx;
        return f.slots;
      }
    }
    Scratch::ForecastDay& day = s.forecast_[s.forecast_next_++ % Scratch::kForecastDays];
    FillEntityFacts(d, env, pop, e, b, many, &day.facts);
    day.gen = s.forecast_gen_;
    *ctx = &day.facts.ctx;
    return day.facts.slots;
  }
  // Entity e's facts on day `b` (env: of that day) into *out: its slots and context, and with
  // `many` its records' same-type table when the table reads one (WantsSameTypeTable).
  static void FillEntityFacts(const TableData& d, const FactEnv& env, const Population& pop,
                              size_t e, Date b, bool many, EntityFacts* out) {
    FillEntitySlots(env, pop, e, b, out->slots, &out->ctx);
    if (many && WantsSameTypeTable(d, pop, e)) {
      SameTypeTable(pop, e, b, &out->same_type_order, &out->same_type);
      out->ctx.same_type = out->same_type.data();
    }
    out->pop = &pop;
    out->e = e;
    out->day = b.days;
  }
  static uint32_t Copies(const Scratch& s) { return s.copies_; }
  // The eligible_from row `row` gives for a simulated record (the simulation whose memo is
  // `m`): `compute()` once, then remembered until the simulation changes.
  template <typename Fn>
  static int32_t SimulatedFrom(SimMemo* m, uint32_t row, Fn compute) {
    if (m->dated_row != row) {
      m->dated_from = compute();
      m->dated_row = row;
    }
    return m->dated_from;
  }
  // Exchanges the facts a simulation of record r itself changed (sim_slots_, see there) with
  // the evaluation's own slots `own`: once to match the simulated record, once more to restore.
  static void SwapSimulated(const TableData& d, Scratch& s, int64_t* own) {
    const bool fields = (s.sim_entity_effects_ & ~kOwnSlotsMark) != 0;  // Simulated's mark
    const uint16_t* i = d.sim_slots.data();
    const uint16_t* end = fields ? i + d.sim_slots.size() : i + d.sim_done_count;
    for (; i != end; ++i) std::swap(own[*i], s.sim_slots_[*i]);
  }
  // Record r of entity e with the actions of `effects` (1 << ActionEffect) simulated as done on
  // `as_of`: fills the scratch's simulation slots with its entity and record facts and `ctx`
  // with its entity context, and says where the simulated record is. Record-level effects
  // (fulfil, correct) change only r's fulfilment and correction facts, which no other record's
  // or the entity's facts read; filing reports and becoming reachable change only the entity's
  // own columns (kFieldEffects), which no record fact reads. With no other effect (`copy`
  // false) the record is r itself with those facts computed again (sim_slots_); leaving the
  // abnormal list changes records' repair dates, and there (or with `copy`) SimulatedCopy copies
  // the entity, once per set of entity-level effects.
  // `entity_ctx`: the evaluation's own context for record r.
  // (Forced inline, its copying part out of line: GCC otherwise calls all of it, 1.5% more
  // instructions.)
  [[gnu::always_inline]] static Simulation Simulated(const TableData& d, const FactEnv& env,
                                                     const Population& pop, size_t e, size_t r,
                                                     uint32_t effects, Date as_of, bool copy,
                                                     const EntityContext& entity_ctx, Scratch& s,
                                                     EntityContext* ctx) {
    constexpr uint32_t kRecordLevel = (1u << static_cast<int>(ActionEffect::kFulfil)) |
                                      (1u << static_cast<int>(ActionEffect::kCorrect));
    const uint32_t entity_fx = effects & ~kRecordLevel;
    Simulation sim{&pop, e, r, pop.fulfilled_date[r], pop.corrected_date[r]};
    if ((effects >> static_cast<int>(ActionEffect::kFulfil)) & 1) DoneBy(sim.fulfilled, as_of);
    if ((effects >> static_cast<int>(ActionEffect::kCorrect)) & 1) DoneBy(sim.corrected, as_of);
    if ((entity_fx & ~kFieldEffects) == 0 && !copy) {
      // sim_slots_ made for the entity's own slots, not from sim_: marked by kOwnSlotsMark.
      const uint32_t mark = entity_fx | kOwnSlotsMark;
      if (s.sim_entity_effects_ == mark && s.sim_record_ == r && s.sim_effects_ != effects) {
        // The same record and entity effects, other record-level ones: only the fulfilment and
        // correction facts differ.
        SetDoneSlots(env, sim.fulfilled, sim.corrected, as_of, s.sim_slots_);
        s.sim_effects_ = effects;
        SimChanged(s);
      } else if (s.sim_entity_effects_ != mark || s.sim_record_ != r) {
        // Only the changed facts (SwapSimulated puts them in the evaluation's own slots).
        s.sim_ctx_ = entity_ctx;
        if (entity_fx != 0) {  // the entity's own columns change, not its records
          EntityFields fields = FieldsOf(pop, e);
          ApplyEntityEffects(entity_fx, env.today.year, &fields);
          FillEntityFieldSlots(env, fields, as_of, s.sim_slots_);
        }
        SetDoneSlots(env, sim.fulfilled, sim.corrected, as_of, s.sim_slots_);
        s.sim_entity_effects_ = mark;
        s.sim_record_ = r;
        s.sim_effects_ = effects;
        SimChanged(s);
      }
      *ctx = s.sim_ctx_;
      sim.memo = &s.sim_memo_;
      return sim;
    }
    return SimulatedCopy(d, env, pop, e, entity_fx, effects, as_of, sim, entity_ctx, s, ctx);
  }
  // Simulated's copy of the entity (rare: leaving the abnormal list, a forecast).
  [[gnu::noinline]] static Simulation SimulatedCopy(const TableData& d, const FactEnv& env,
                                                    const Population& pop, size_t e,
                                                    uint32_t entity_fx, uint32_t effects,
                                                    Date as_of, Simulation sim,
                                                    const EntityContext& entity_ctx, Scratch& s,
                                                    EntityContext* ctx) {
    const size_t r = sim.r;
    ++s.copies_;
    const uint32_t b = pop.RecordsBegin(e);
    const uint32_t sr = static_cast<uint32_t>(r - b);
    bool changed = false;
    if (s.copy_entity_effects_ != entity_fx) {
      SimulateActions(pop, e, b, entity_fx, as_of, d.context, &s.sim_);
      FillEntitySlots(env, s.sim_, 0, as_of, s.copy_slots_, &s.copy_ctx_);
      // The copy's records have the entity's departments, kinds and decision dates: the same
      // same-type facts, by the same offsets.
      s.copy_ctx_.same_type = entity_ctx.same_type;
      s.copy_entity_effects_ = entity_fx;
      s.copy_record_ = SIZE_MAX;
      ++s.forecast_gen_;  // forecasts made on the previous copy
      changed = true;
    }
    if (s.copy_record_ != r || s.copy_effects_ != effects) {
      // (A record simulated before keeps its simulated fulfilment and correction in the copy:
      // no fact of another record or of the entity reads them.)
      s.sim_.fulfilled_date[sr] = sim.fulfilled;
      s.sim_.corrected_date[sr] = sim.corrected;
      FillRecordSlots(env, s.sim_, 0, sr, as_of, s.copy_ctx_, s.copy_slots_);
      s.copy_record_ = r;
      s.copy_effects_ = effects;
      changed = true;
    }
    if (changed) s.copy_memo_ = SimMemo{};
    *ctx = s.copy_ctx_;
    sim.memo = &s.copy_memo_;
    sim.pop = &s.sim_;
    sim.e = 0;
    sim.r = sr;
    return sim;
  }
  // The memo slot of an entity without records for `key` (RecordlessKey).
  static size_t MemoSlot(uint64_t key) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 54) & (Scratch::kMemoSize - 1);
  }
  static uint64_t& MemoKey(Scratch& s, size_t slot) { return s.memo_keys_[slot]; }
  static uint64_t& MemoAlerts(Scratch& s, size_t slot) { return s.memo_alerts_[slot]; }
  // The date plan for the table and date; when either changed: builds it, sizes the bitset
  // for the table and empties the memo.
  static const DatePlan& Prepare(const TableData& d, Date as_of, Scratch& s) {
    if (s.plan_.Fits(d, as_of)) return s.plan_;
    uint32_t words = 1;
    for (const CompiledDecision& cd : d.decisions) words = std::max(words, cd.max_words);
    if (s.acc_.size() < words) s.acc_.assign(words, 0);
    BuildDatePlan(d, as_of, &s.plan_);
    s.memo_keys_.assign(Scratch::kMemoSize, 0);
    s.memo_alerts_.assign(Scratch::kMemoSize, 0);
    return s.plan_;
  }
};
}  // namespace internal

// Caller-owned results for a whole population. Resize sizes the arrays without writing them
// (OutcomeVector): EvaluateBatch writes every outcome, on its threads; a result reused for the
// next evaluation keeps its memory.
struct BatchResult {
  int num_platforms = 0;
  OutcomeVector<RecordOutcome> records;   // num_records * num_platforms
  OutcomeVector<EntityOutcome> entities;  // num_entities
  void Resize(const Population& pop, int platforms) {
    num_platforms = platforms;
    records.resize(pop.num_records() * static_cast<size_t>(platforms));
    entities.resize(pop.num_entities());
  }
};

namespace internal {
constexpr int kElig = static_cast<int>(Decision::kEligibility);
constexpr int kMat = static_cast<int>(Decision::kMaterials);
constexpr int kRecAlerts = static_cast<int>(Decision::kRecordAlerts);
constexpr int kEntAlerts = static_cast<int>(Decision::kEntityAlerts);
}  // namespace internal

namespace internal {

// The materials and record-alert partitions of a record × platform, its derived slots filled:
// one key reading for both when the two decisions read the same keys
// (TableData::alert_keys_like_materials).
struct OutcomeParts {
  uint32_t materials = 0, alerts = 0;
};
inline OutcomeParts OutcomePartitions(const TableData& d, const int64_t* slots) {
  const uint32_t m = RecordPartition(d, kMat, slots);
  if (!d.alert_keys_like_materials) return {m, RecordPartition(d, kRecAlerts, slots)};
  return {m, m - d.decisions[kMat].part_begin + d.decisions[kRecAlerts].part_begin};
}

// The breakpoints slots filled with `env` are matched against (match.h).
inline const int64_t* BreakpointsFor(const TableData& d, const FactEnv& env) {
  return env.plan != nullptr ? env.plan->breakpoints.data() : d.breakpoints.data();
}

// The right regime for a forecast: an eligible_from date `from` after the evaluation date is
// only what the rows in force *today* say. When a row starts or stops applying on a day B in
// (as_of, from], the record is decided again as of B (the regime in force then): eligible on B
// gives B; eligible later gives that row's date (and the next change before it is checked in
// turn); anything else — no row, blocked, not repairable — means no date can be forecast
// (kNoDay). Uses the scratch's forecast slots (ScratchAccess::ForecastSlots).
inline bool RegimeChangeBy(const TableData& d, Date as_of, int32_t from) {
  auto next = std::upper_bound(d.regime_changes.begin(), d.regime_changes.end(), as_of.days);
  return from != kNoDay && next != d.regime_changes.end() && *next <= from;
}

// `many`: the evaluation decides many of the entity's records (it has their same-type table),
// so a forecast's entity facts are worth a table of their own too.
inline int32_t ForecastEligible(const TableData& d, const Population& pop, size_t e, size_t r,
                                int p, Date as_of, int32_t from, bool many, Scratch& scratch) {
  if (!RegimeChangeBy(d, as_of, from)) return from;
  auto next = std::upper_bound(d.regime_changes.begin(), d.regime_changes.end(), as_of.days);
  uint64_t* acc = ScratchAccess::Acc(scratch);
  for (; next != d.regime_changes.end() && *next <= from; ++next) {
    const Date b{*next};
    const FactEnv env = EnvOf(d, ToYmd(b), d.slot_used.data());
    // Slots of their own (a simulation's are kept), the entity's facts on day b made once for
    // all its records.
    const EntityContext* entity_ctx = nullptr;
    int64_t* slots = ScratchAccess::ForecastSlots(d, env, pop, e, b, many, scratch, &entity_ctx);
    const EntityContext& ctx = *entity_ctx;
    FillRecordSlots(env, pop, e, r, b, ctx, slots);
    FillPlatformSlots(env, pop, r, p, b, slots);
    const uint32_t row = FirstMatch(d, d.decisions[kElig], slots, acc);
    if (row == kNoRow || d.rows[row].status != static_cast<uint8_t>(RepairStatus::kEligible)) {
      return kNoDay;
    }
    DateBases bases;
    FillDateBases(env, pop, e, static_cast<int64_t>(r), b, ctx, &bases);
    const int32_t at_b = EvalDateExpr(d.rows[row].eligible_from, bases, d.calendar);
    if (at_b == kNoDay || at_b <= b.days) return b.days;
    from = at_b;
  }
  return from;
}

// A blocked record × platform: simulates its actions as done on `as_of` and decides the record
// again, adding the actions of any row that would block next (up to four rounds). Fills the
// outcome's actions and the eligible_from that doing them today would give (kNoDay when the
// simulation ends anywhere but an eligible row). `entity_ctx` / `record_bases`: the entity's
// context and record r's date bases; the scratch's slots hold the entity's and r's facts.
// `unrepaired`: UnrepairedKey of record r on platform p (match.h).
inline void Unblock(const TableData& d, const FactEnv& env, const Population& pop, size_t e,
                    size_t r, int p, Date as_of, uint32_t actions,
                    const EntityContext& entity_ctx, const DateBases& record_bases,
                    int unrepaired, Scratch& scratch, RecordOutcome* o) {
  uint64_t* acc = ScratchAccess::Acc(scratch);
  int64_t* own = ScratchAccess::Slots(scratch);
  const int64_t* bps = BreakpointsFor(d, env);
  o->actions = actions;
  o->eligible_from = kNoDay;
  for (int round = 0; round < 4; ++round) {
    EntityContext ctx;
    const uint32_t effects = EffectsOf(d, o->actions);
    const Simulation sim =
        ScratchAccess::Simulated(d, env, pop, e, r, effects, as_of, false, entity_ctx, scratch, &ctx);
    // Record r itself with a few facts changed: they are swapped into the evaluation's own
    // slots while anything reads them, and back. Once the simulation's partition and shared
    // rows are known (and its keys are the same for all platforms) only the platform's own
    // facts are read, which are the record's. A copied entity (leaving the abnormal list moves
    // repair dates) has slots of its own.
    int64_t* slots = own;
    int key = unrepaired;
    SharedMatch* shared = &sim.memo->shared;
    const bool swap = sim.pop == &pop && !PartitionKnown(d, d.decisions[kElig], shared);
    if (sim.pop != &pop) {
      slots = ScratchAccess::CopySlots(scratch);
      FillPlatformSlots(env, *sim.pop, sim.r, p, as_of, slots);
      key = -1;
    } else if (swap) {
      ScratchAccess::SwapSimulated(d, scratch, own);
    }
    const uint32_t row = FirstMatch(d, bps, d.decisions[kElig], slots, acc, shared, key);
    if (swap) ScratchAccess::SwapSimulated(d, scratch, own);
    if (row == kNoRow) return;
    const CompiledRow& cr = d.rows[row];
    const RepairStatus st = static_cast<RepairStatus>(cr.status);
    if (st == RepairStatus::kBlocked) {
      if ((cr.actions & ~o->actions) == 0) return;  // nothing new to do: no date
      o->actions |= cr.actions;
      continue;
    }
    if (st != RepairStatus::kEligible) return;
    const int32_t from = ScratchAccess::SimulatedFrom(sim.memo, row, [&] {
      // The simulated record's dates: r's own unless the entity was copied (its dates are
      // then the copy's), with the simulated fulfilment and correction.
      DateBases bases = record_bases;
      if (sim.pop != &pop) {
        FillDateBases(env, *sim.pop, sim.e, static_cast<int64_t>(sim.r), as_of, ctx, &bases);
      }
      bases[static_cast<int>(DateBase::kFulfilledDate)] = sim.fulfilled;
      bases[static_cast<int>(DateBase::kCorrectedDate)] = sim.corrected;
      return EvalDateExpr(cr.eligible_from, bases, d.calendar);
    });
    if (from == kNoDay || from <= as_of.days) {
      o->eligible_from = as_of.days;
    } else if (!RegimeChangeBy(d, as_of, from)) {
      o->eligible_from = from;
    } else {  // decided again on other days: that needs the simulated entity itself
      const Simulation whole = ScratchAccess::Simulated(d, env, pop, e, r, effects, as_of, true,
                                                        entity_ctx, scratch, &ctx);
      o->eligible_from = ForecastEligible(d, *whole.pop, whole.e, whole.r, p, as_of, from,
                                          entity_ctx.same_type != nullptr, scratch);
    }
    return;
  }
}

}  // namespace internal

namespace internal {
// EvaluateEntity past the record-less memo (kept out of line: the memo hit is most calls).
// `plan`: the scratch's date plan (ScratchAccess::Prepare). memo_slot: where to remember the
// outcome (SIZE_MAX: nowhere), under memo_key.
// [first, last): the records of e to decide (absolute indexes; all of e's but for
// EvaluateEntityRecords, whose entity_out is then not the entity's outcome).
// kEntityGiven (EvaluateEntityRecords): the entity's facts are the scratch's given ones
// (ScratchAccess::Given) instead of its records scanned, and entity_out is not written.
template <bool kEntityGiven = false>
[[gnu::noinline]] inline void EvaluateEntityFully(const DecisionTable& table, const Population& pop,
                                                  size_t e, uint32_t first, uint32_t last,
                                                  Date as_of, Scratch& scratch,
                                                  const DatePlan& plan, RecordOutcome* records_out,
                                                  EntityOutcome* entity_out, size_t memo_slot,
                                                  uint64_t memo_key) {
  const internal::TableData& d = internal::Data(table);
  internal::ScratchAccess::ForgetSim<kEntityGiven>(scratch);
  int64_t* slots = internal::ScratchAccess::Slots(scratch);
  uint64_t* acc = internal::ScratchAccess::Acc(scratch);
  const internal::FactEnv env = internal::PlannedEnv(d, plan);
  const int64_t* bps = plan.breakpoints.data();
  const int np = pop.num_platforms;

  internal::EntityContext ctx;
  if constexpr (kEntityGiven) {
    const internal::EntityFacts& given = *internal::ScratchAccess::Given(scratch);
    std::copy(given.slots, given.slots + kNumSlots, slots);
    ctx = given.ctx;
  } else {
    internal::FillEntitySlots(env, pop, e, as_of, slots, &ctx);
    if (last - first > internal::kSameTypeTableFrom &&
        internal::ScratchAccess::WantsSameTypeTable(d, pop, e)) {
      ctx.same_type = internal::ScratchAccess::SameType(scratch, pop, e, as_of);
    }
  }
  internal::DateBases bases;

  EntityOutcome eo;
  bool serious_shown = false;
  bool never_clean = false;
  int32_t clean_by = as_of.days;  // nothing shown: clean already
  const uint32_t begin = pop.RecordsBegin(e);
  for (uint32_t r = first; r < last; ++r) {
    RecordOutcome* out = records_out + static_cast<size_t>(r - begin) * np;
    if (!internal::RecordExists(pop, r, as_of)) {
      for (int p = 0; p < np; ++p) out[p] = RecordOutcome{};
      continue;
    }
    // When the eligibility keys are record codes, the settled rows are known from the codes:
    // a record settled on every platform (not shown, or repaired, everywhere — in Gongshu a
    // third of the records) needs none of its other facts.
    internal::FillRecordCodeSlots(pop, r, slots);
    const internal::RecordRepairs repairs = internal::RepairsOf(pop, r, as_of);
    const bool codes_key = d.codes_key_eligibility;
    uint32_t elig_part = codes_key ? internal::RecordPartition(d, internal::kElig, slots) : 0;
    const uint32_t* settled = codes_key ? internal::SettledRows(d, elig_part) : nullptr;
    bool all_settled = settled != nullptr;
    for (int p = 0; p < np && all_settled; ++p) {
      all_settled = settled[internal::SettledKey(p, (pop.shown_mask[r] >> p) & 1,
                                                 (repairs.platforms >> p) & 1)] != kNoRow;
    }
    if (!all_settled) {
      internal::FillRecordOtherSlots(env, pop, e, r, as_of, ctx, slots);
      internal::FillDateBases(env, pop, e, r, as_of, ctx, &bases);
      if (!codes_key) {
        elig_part = internal::RecordPartition(d, internal::kElig, slots);
        settled = internal::SettledRows(d, elig_part);
      }
    }
    // Per decision, the rows the record's platform-invariant slots accept (match.h): the
    // platform loop below changes only the platform's own slots.
    internal::SharedMatch shared[3];
    const bool serious_record = ((d.context.serious_severities >> pop.severity[r]) & 1) ||
                                ((d.context.serious_kinds >> pop.record_kind[r]) & 1);
    // The same row often decides several platforms of a record: its dates are computed once.
    uint32_t dated_row = kNoRow;
    int32_t dated_from = kNoDay, dated_expires = kNoDay;
    // Platforms the record's partitions cannot tell apart (src/runtime/platform_classes.h) are
    // decided alike when their own facts are equal too: same shown flag, and no repair date on
    // either (then repaired and repaired-elsewhere are equal on every date). leaders: the
    // platforms without a repair date decided in full so far.
    const bool classes = np <= kMaxPlatforms && static_cast<size_t>(np) * 2 <= d.unrepaired_stride;
    const uint32_t undated = classes ? ~pop.repaired.Mask(r) : 0;
    const bool undated_record = pop.repaired.Mask(r) == 0;
    int8_t leaders[kMaxPlatforms];
    int num_leaders = 0;
    uint64_t stable_rows = 0;  // StableRows, once needed
    bool stable_known = false;
    for (int p = 0; p < np; ++p) {
      internal::FillPlatformSlots(env, pop, r, p, repairs, as_of, slots);
      const int shown = (pop.shown_mask[r] >> p) & 1;
      RecordOutcome& o = out[p];  // decided in place: no second copy of 48 bytes
      uint32_t row = settled != nullptr
                         ? settled[internal::SettledKey(p, shown, (repairs.platforms >> p) & 1)]
                         : kNoRow;
      if (row != kNoRow) {
        // Settled (src/runtime/settled_rows.h): the row's status and nothing else — no
        // dates, no simulation, no materials or record alerts — whatever the record's facts.
        const internal::CompiledRow& cr = d.rows[row];
        o = RecordOutcome{};
        o.rule = row;
        o.status = static_cast<RepairStatus>(cr.status);
        o.channel = cr.channel;
        o.authority = cr.authority >= 0 ? cr.authority : static_cast<int8_t>(pop.department[r]);
        internal::FillDerivedSlots(o, as_of, slots);  // the slots as the full path leaves them
      } else {
        // Most records are repaired nowhere: their platform's own rows are looked up at once.
        const int unrepaired = internal::UnrepairedKey(d, repairs.first == kNoDay, p, shown);
        int lead = -1;
        if ((undated >> p) & 1) {
          for (int i = 0; i < num_leaders && lead < 0; ++i) {
            const int q = leaders[i];
            if (((pop.shown_mask[r] >> q) & 1) == shown &&
                internal::PlatformsAlikeFor(d, bps, elig_part, slots, p, q, shown, undated_record,
                                            &stable_rows, &stable_known)) {
              lead = q;
            }
          }
        }
        bool materials_known = false, alerts_known = false;
        internal::OutcomeParts outcome_parts;
        if (lead >= 0) {
          // Decided like platform `lead`: its outcome, and its materials and alerts where their
          // partitions do not tell the two apart either.
          o = out[lead];
          row = o.rule;
          internal::FillDerivedSlots(o, as_of, slots);
          outcome_parts = internal::OutcomePartitions(d, slots);
          materials_known = internal::PlatformsAlike(d, outcome_parts.materials, p, lead);
          alerts_known = internal::PlatformsAlike(d, outcome_parts.alerts, p, lead);
          if (!materials_known) o.materials = Bits128{};
          if (!alerts_known) o.alerts = 0;
        } else {
          o = RecordOutcome{};
          const uint32_t copies = internal::ScratchAccess::Copies(scratch);
          row = internal::FirstMatch(d, bps, d.decisions[internal::kElig], slots, acc, &shared[0],
                                     unrepaired);
          if (row != kNoRow) {
            const internal::CompiledRow& cr = d.rows[row];
            if (row != dated_row) {
              dated_row = row;
              dated_from = internal::EvalDateExpr(cr.eligible_from, bases, d.calendar);
              dated_expires = internal::EvalDateExpr(cr.expires_on, bases, d.calendar);
            }
            o.rule = row;
            o.eligible_from = dated_from;
            o.expires_on = dated_expires;
            o.status = internal::ResolveStatus(static_cast<RepairStatus>(cr.status),
                                               o.eligible_from, as_of);
            if (o.status == RepairStatus::kEligibleLater) {
              o.eligible_from =
                  internal::ForecastEligible(d, pop, e, r, p, as_of, o.eligible_from,
                                             ctx.same_type != nullptr, scratch);
            }
            o.channel = cr.channel;
            o.authority = cr.authority >= 0 ? cr.authority : static_cast<int8_t>(pop.department[r]);
            if (o.status == RepairStatus::kBlocked) {
              internal::Unblock(d, env, pop, e, r, p, as_of, cr.actions, ctx, bases, unrepaired,
                                scratch, &o);
            }
          }
          internal::FillDerivedSlots(o, as_of, slots);
          outcome_parts = internal::OutcomePartitions(d, slots);
          if (((undated >> p) & 1) && internal::ScratchAccess::Copies(scratch) == copies) {
            leaders[num_leaders++] = static_cast<int8_t>(p);
          }
        }
        if (!materials_known) {
          internal::ForEachMatchIn(
              d, bps, outcome_parts.materials, slots, acc,
              [&](uint32_t i) { o.materials |= d.rows[i].materials; }, &shared[1], unrepaired);
        }
        if (!alerts_known) {
          internal::ForEachMatchIn(
              d, bps, outcome_parts.alerts, slots, acc,
              [&](uint32_t i) { o.alerts |= d.rows[i].alerts; }, &shared[2], unrepaired);
        }
      }
      eo.raw_materials |= o.materials;
      eo.alerts |= o.alerts;
      if (IsShownStatus(o.status)) {
        ++eo.shown;
        serious_shown = serious_shown || serious_record;
      }
      const int32_t c = internal::CleanByContribution(o, as_of);
      // A shown record no rule decided: when it will be clean is unknown.
      if (c == INT32_MAX || (row == kNoRow && shown)) never_clean = true;
      else if (c != kNoDay) clean_by = std::max(clean_by, c);
    }
  }
  if constexpr (kEntityGiven) return;
  internal::FillEntityDerivedSlots(serious_shown, eo.shown, slots);
  internal::ForEachMatch(d, bps, d.decisions[internal::kEntAlerts], slots, acc,
                         [&](uint32_t i) { eo.alerts |= d.rows[i].alerts; });
  eo.canonical_materials = internal::MapMaterials(plan, eo.raw_materials);
  eo.clean_by = never_clean ? kNoDay : clean_by;
  *entity_out = eo;
  if (memo_slot != SIZE_MAX) {
    internal::ScratchAccess::MemoKey(scratch, memo_slot) = memo_key;
    internal::ScratchAccess::MemoAlerts(scratch, memo_slot) = eo.alerts;
  }
}
}  // namespace internal

namespace internal {
// An entity without records whose memo slot `slot` (of the memo's `keys` and `alerts`) holds
// its key: its outcome (its alerts, clean today) into *out, and true.
[[gnu::always_inline]] inline bool RecordlessFromMemo(const uint64_t* keys, const uint64_t* alerts,
                                                      size_t slot, uint64_t key, Date as_of,
                                                      EntityOutcome* out) {
  if (keys[slot] != key) return false;
  EntityOutcome eo;
  eo.alerts = alerts[slot];
  eo.clean_by = as_of.days;
  *out = eo;
  return true;
}
}  // namespace internal

namespace internal {
// EvaluateEntity once the scratch holds the date plan for the table and date (`plan`, from
// ScratchAccess::Prepare): EvaluateBatch prepares it once per chunk of entities.
[[gnu::always_inline]] inline void EvaluateEntityPlanned(const DecisionTable& table,
                                                         const TableData& d, const DatePlan& plan,
                                                         const Population& pop, size_t e,
                                                         Date as_of, Scratch& scratch,
                                                         RecordOutcome* records_out,
                                                         EntityOutcome* entity_out) {
  // An entity without records (most of a district): its outcome depends on a few of its
  // fields only, so entities alike share one evaluation.
  size_t memo_slot = SIZE_MAX;
  uint64_t memo_key = 0;
  if (d.recordless_memo && pop.RecordsBegin(e) == pop.RecordsEnd(e)) {
    memo_key = RecordlessKey(plan, pop, e);
    memo_slot = ScratchAccess::MemoSlot(memo_key);
    if (RecordlessFromMemo(&ScratchAccess::MemoKey(scratch, 0),
                           &ScratchAccess::MemoAlerts(scratch, 0), memo_slot, memo_key, as_of,
                           entity_out)) {
      return;
    }
  }
  EvaluateEntityFully(table, pop, e, pop.RecordsBegin(e), pop.RecordsEnd(e), as_of, scratch, plan,
                      records_out, entity_out, memo_slot,
                      memo_key);
}
}  // namespace internal

namespace internal {
// EvaluateEntityPlanned for entities [lo, hi) of `pop` into `records` (indexed by absolute
// record × platform) and `entities` (by entity): EvaluateBatch's loop. The entities without
// records (most of a district) are decided from the memo here, their columns read through
// pointers taken once, instead of in one EvaluateEntityPlanned call each.
inline void EvaluateEntities(const DecisionTable& table, const TableData& d, const DatePlan& plan,
                             const Population& pop, size_t lo, size_t hi, Date as_of,
                             Scratch& scratch, RecordOutcome* records, EntityOutcome* entities) {
  const uint32_t* begin = pop.record_begin.data();
  const size_t np = static_cast<size_t>(pop.num_platforms);
  if (!d.recordless_memo) {
    for (size_t e = lo; e < hi; ++e) {
      EvaluateEntityFully(table, pop, e, begin[e], begin[e + 1], as_of, scratch, plan,
                          records + begin[e] * np, entities + e, SIZE_MAX, 0);
    }
    return;
  }
  // The registration years from the population's column; a population filled by hand without
  // it takes the slower path, each year derived from the date.
  const int16_t* year = pop.registration_year.size() == pop.num_entities()
                            ? pop.registration_year.data() : nullptr;
  const int16_t* filed = pop.last_report_year.data();
  const uint8_t* flags = pop.entity_flags.data();
  const uint8_t* kind = pop.entity_kind.data();
  const uint8_t* status = pop.entity_status.data();
  const uint64_t* memo_keys = &ScratchAccess::MemoKey(scratch, 0);
  const uint64_t* memo_alerts = &ScratchAccess::MemoAlerts(scratch, 0);
  for (size_t e = lo; e < hi; ++e) {
    size_t memo_slot = SIZE_MAX;
    uint64_t memo_key = 0;
    if (begin[e] == begin[e + 1]) {
      memo_key = RecordlessKeyOf(plan, year != nullptr ? year[e] : pop.RegistrationYear(e),
                                 filed[e], flags[e], kind[e], status[e]);
      memo_slot = ScratchAccess::MemoSlot(memo_key);
      if (RecordlessFromMemo(memo_keys, memo_alerts, memo_slot, memo_key, as_of, entities + e)) {
        continue;
      }
    }
    EvaluateEntityFully(table, pop, e, begin[e], begin[e + 1], as_of, scratch, plan,
                        records + begin[e] * np, entities + e, memo_slot, memo_key);
  }
}
}  // namespace internal

// Evaluates entity `e`: `records_out` receives (RecordsEnd(e) - RecordsBegin(e)) * NumPlatforms
// outcomes, record-major; `entity_out` the entity's. Allocates nothing once `scratch` is warm.
// The hot path trusts its caller: it does not check that `pop` was built for `table`'s input
// dictionary and platform count (EvaluateBatch does; a host calling this directly checks once,
// e.g. InputFingerprint(table) == pop.dictionary_fingerprint).
inline void EvaluateEntity(const DecisionTable& table, const Population& pop, size_t e,
                           Date as_of, Scratch& scratch, RecordOutcome* records_out,
                           EntityOutcome* entity_out) {
  const internal::TableData& d = internal::Data(table);
  internal::EvaluateEntityPlanned(table, d, internal::ScratchAccess::Prepare(d, as_of, scratch),
                                  pop, e, as_of, scratch, records_out, entity_out);
}

namespace internal {
// The facts of entity e of `pop` on `as_of` as EvaluateEntity fills them before its records (an
// entity with many records: with their same-type facts) into *out, for EvaluateEntityRecords.
// What the scratch remembers of simulations and forecasts made before is forgotten.
inline void MakeEntityFacts(const DecisionTable& table, const Population& pop, size_t e,
                            Date as_of, Scratch& scratch, EntityFacts* out) {
  const TableData& d = Data(table);
  ScratchAccess::ForgetSim(scratch);
  const FactEnv env = PlannedEnv(d, ScratchAccess::Prepare(d, as_of, scratch));
  ScratchAccess::FillEntityFacts(d, env, pop, e, as_of, /*many=*/true, out);
}

// EvaluateEntity for records [first, last) of entity e only (absolute record indexes within
// e's): their outcomes, what EvaluateEntity gives them, into `records_out` indexed as
// EvaluateEntity's (from RecordsBegin(e)); nothing else is written. What a plan uses after a
// step that can change only one record's outcomes (plan.cc). `facts`: MakeEntityFacts of e on
// `as_of`, made since anything the entity's facts are computed from last changed — on `as_of`
// and on every regime change after it (the forecasts' days: forecasts made for e since then are
// reused too). The entity's records are not scanned again: for an entity with k records a record
// costs what it costs in EvaluateEntity, not O(k) more (but for a blocked record whose simulation
// copies the entity: leaving the abnormal list).
inline void EvaluateEntityRecords(const DecisionTable& table, const Population& pop, size_t e,
                                  uint32_t first, uint32_t last, Date as_of, Scratch& scratch,
                                  const EntityFacts& facts, RecordOutcome* records_out) {
  const TableData& d = Data(table);
  const DatePlan& plan = ScratchAccess::Prepare(d, as_of, scratch);
  ScratchAccess::Given(scratch) = &facts;
  EvaluateEntityFully<true>(table, pop, e, first, last, as_of, scratch, plan, records_out, nullptr,
                            SIZE_MAX, 0);
  ScratchAccess::Given(scratch) = nullptr;
}
}  // namespace internal

// EvaluateEntity for many entities on one date with one scratch: the per-date work (the date
// plan) is looked up once, when the evaluator is made, instead of once per call. What a loop
// over a chunk of entities uses (EvaluateBatch, the Python binding). Not thread-safe (it uses
// `scratch`); while it is in use, evaluate nothing else with that scratch.
class EntityEvaluator {
 public:
  EntityEvaluator(const DecisionTable& table, Date as_of, Scratch& scratch)
      : table_(table), d_(internal::Data(table)),
        plan_(internal::ScratchAccess::Prepare(d_, as_of, scratch)), as_of_(as_of),
        scratch_(scratch) {}
  // As EvaluateEntity(table, pop, e, as_of, scratch, records_out, entity_out).
  [[gnu::always_inline]] void operator()(const Population& pop, size_t e,
                                         RecordOutcome* records_out,
                                         EntityOutcome* entity_out) const {
    internal::EvaluateEntityPlanned(table_, d_, plan_, pop, e, as_of_, scratch_, records_out,
                                    entity_out);
  }

 private:
  const DecisionTable& table_;
  const internal::TableData& d_;
  const internal::DatePlan& plan_;
  Date as_of_;
  Scratch& scratch_;
};

// Evaluates every entity; splits the population over `threads` threads (0 = hardware
// concurrency) with ParallelFor. Results are identical for any thread count.
//
// Checks first that `pop` fits `table` and fails with FailedPrecondition, `out` untouched, for
// an empty table, a population built for another input dictionary (the message names both
// fingerprints and the table's pack hash; Population::dictionary_fingerprint 0 = filled by
// hand, not checked) or one with another number of platforms.
inline absl::Status EvaluateBatch(const DecisionTable& table, const Population& pop, Date as_of,
                                  BatchResult& out, int threads = 1) {
  if (!table.valid()) return absl::FailedPreconditionError("the decision table is empty");
  if (pop.dictionary_fingerprint != 0) {
    const uint64_t want = InputFingerprint(table);
    if (want != pop.dictionary_fingerprint) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "the population was built with input dictionary %016x, but the table (pack %016x) "
          "has input dictionary %016x: its enum ids would be misread; build the population "
          "with this table's Dictionary",
          pop.dictionary_fingerprint, table.PackHash(), want));
    }
  }
  if (pop.num_platforms != table.NumPlatforms()) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "the population has %d platforms, the table (pack %016x) %d", pop.num_platforms,
        table.PackHash(), table.NumPlatforms()));
  }
  out.Resize(pop, pop.num_platforms);
  const size_t n = pop.num_entities();
  // Chunks of entities claimed dynamically; each entity writes only its own outcomes, so the
  // result does not depend on which thread evaluated what.
  constexpr size_t kChunk = 2048;
  const size_t chunks = (n + kChunk - 1) / kChunk;
  auto work = [&](size_t chunk) {
    thread_local Scratch tls_scratch;
    // The scratch's address as an opaque value, so that it is computed once per chunk: the
    // compiler otherwise recomputes a thread_local's address around every call, which in a
    // shared library (the Python module) is a call to __tls_get_addr.
    Scratch* scratch_ptr = &tls_scratch;
    asm("" : "+r"(scratch_ptr));
    const internal::TableData& d = internal::Data(table);
    internal::EvaluateEntities(table, d, internal::ScratchAccess::Prepare(d, as_of, *scratch_ptr),
                               pop, chunk * kChunk, std::min(n, (chunk + 1) * kChunk), as_of,
                               *scratch_ptr, out.records.data(), out.entities.data());
  };
  if (ResolveThreads(threads) <= 1 || chunks <= 1) {
    for (size_t c = 0; c < chunks; ++c) work(c);
    return absl::OkStatus();
  }
  ParallelFor(threads, chunks, work);
  return absl::OkStatus();
}

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_EVALUATE_H_
