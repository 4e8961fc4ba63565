#include "xiufu/evaluate.h"

#include <algorithm>
#include <climits>
#include <thread>

#include "fact_slots.h"
#include "table_match.h"
#include "worker_pool.h"

namespace xiufu {
namespace {

using internal::EntityContext;

constexpr int kElig = static_cast<int>(Decision::kEligibility);
constexpr int kMat = static_cast<int>(Decision::kMaterials);
constexpr int kRecAlerts = static_cast<int>(Decision::kRecordAlerts);
constexpr int kEntAlerts = static_cast<int>(Decision::kEntityAlerts);

void PrepareScratch(const TableData& d, Scratch& s) {
  uint32_t words = 1;
  for (const CompiledDecision& cd : d.decisions) words = std::max(words, cd.max_words);
  if (s.acc.size() < words) s.acc.assign(words, 0);  // once per thread and table width
}

internal::FactEnv EnvOf(const TableData& d, Date as_of, bool only_used) {
  return internal::FactEnv{&d.context, &d.calendar, only_used ? d.slot_used.data() : nullptr,
                           ToYmd(as_of)};
}

}  // namespace

void EvaluateEntity(const DecisionTable& table, const Population& pop, size_t e, Date as_of,
                    Scratch& scratch, RecordOutcome* records_out, EntityOutcome* entity_out) {
  const TableData& d = table.data();
  PrepareScratch(d, scratch);
  int64_t* slots = scratch.slots;
  uint64_t* acc = scratch.acc.data();
  if (scratch.today_days != as_of.days) {  // split the date once per thread and date
    scratch.today = ToYmd(as_of);
    scratch.today_days = as_of.days;
  }
  const internal::FactEnv env{&d.context, &d.calendar, d.slot_used.data(), scratch.today};
  const int np = pop.num_platforms;

  EntityContext ctx;
  internal::FillEntitySlots(env, pop, e, as_of, slots, &ctx);
  internal::DateBases bases;

  EntityOutcome eo;
  bool serious_shown = false;
  bool never_clean = false;
  int32_t clean_by = as_of.days;  // nothing shown: clean already
  const uint32_t begin = pop.RecordsBegin(e), end = pop.RecordsEnd(e);
  for (uint32_t r = begin; r < end; ++r) {
    RecordOutcome* out = records_out + static_cast<size_t>(r - begin) * np;
    if (!internal::RecordExists(pop, r, as_of)) {
      for (int p = 0; p < np; ++p) out[p] = RecordOutcome{};
      continue;
    }
    internal::FillRecordSlots(env, pop, e, r, as_of, ctx, slots);
    internal::FillDateBases(pop, e, r, as_of, ctx, &bases);
    const bool serious_record = ((d.context.serious_severities >> pop.severity[r]) & 1) ||
                                ((d.context.serious_kinds >> pop.record_kind[r]) & 1);
    // The same row often decides several platforms of a record: its dates are computed once.
    uint32_t dated_row = kNoRow;
    int32_t dated_from = kNoDay, dated_expires = kNoDay;
    for (int p = 0; p < np; ++p) {
      internal::FillPlatformSlots(env, pop, r, p, as_of, slots);
      RecordOutcome o;
      const uint32_t row = internal::FirstMatch(d, d.decisions[kElig], slots, acc);
      if (row != kNoRow) {
        const CompiledRow& cr = d.rows[row];
        if (row != dated_row) {
          dated_row = row;
          dated_from = internal::EvalDateExpr(cr.eligible_from, bases, d.calendar);
          dated_expires = internal::EvalDateExpr(cr.expires_on, bases, d.calendar);
        }
        o.rule = row;
        o.eligible_from = dated_from;
        o.expires_on = dated_expires;
        o.status = internal::ResolveStatus(static_cast<Status>(cr.status), o.eligible_from, as_of);
        o.channel = cr.channel;
        o.authority = cr.authority >= 0 ? cr.authority : static_cast<int8_t>(pop.department[r]);
      }
      internal::FillDerivedSlots(o, as_of, slots);
      internal::ForEachMatch(d, d.decisions[kMat], slots, acc,
                             [&](uint32_t i) { o.materials |= d.rows[i].materials; });
      internal::ForEachMatch(d, d.decisions[kRecAlerts], slots, acc,
                             [&](uint32_t i) { o.alerts |= d.rows[i].alerts; });
      eo.raw_materials |= o.materials;
      eo.alerts |= o.alerts;
      if (internal::IsShownStatus(o.status)) {
        ++eo.shown;
        serious_shown = serious_shown || serious_record;
      }
      const int32_t c = internal::CleanByContribution(o, as_of);
      // A shown record no rule decided: when it will be clean is unknown.
      if (c == INT32_MAX || (row == kNoRow && ((pop.shown_mask[r] >> p) & 1))) never_clean = true;
      else if (c != kNoDay) clean_by = std::max(clean_by, c);
      out[p] = o;
    }
  }
  internal::FillEntityDerivedSlots(serious_shown, eo.shown, slots);
  internal::ForEachMatch(d, d.decisions[kEntAlerts], slots, acc,
                         [&](uint32_t i) { eo.alerts |= d.rows[i].alerts; });
  eo.canonical_materials = internal::MapMaterials(eo.raw_materials, d.material_map.data(),
                                                  d.material_map.size(), as_of);
  eo.clean_by = never_clean ? kNoDay : clean_by;
  *entity_out = eo;
}

void BatchResult::Resize(const Population& pop, int platforms) {
  num_platforms = platforms;
  records.resize(pop.num_records() * static_cast<size_t>(platforms));
  entities.resize(pop.num_entities());
}

void EvaluateBatch(const DecisionTable& table, const Population& pop, Date as_of,
                   BatchResult& out, int threads) {
  out.Resize(pop, pop.num_platforms);
  const size_t n = pop.num_entities();
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Chunks of entities claimed dynamically; each entity writes only its own outcomes, so the
  // result does not depend on which thread evaluated what.
  constexpr size_t kChunk = 2048;
  const size_t chunks = (n + kChunk - 1) / kChunk;
  auto work = [&](size_t chunk) {
    thread_local Scratch scratch;
    const size_t hi = std::min(n, (chunk + 1) * kChunk);
    for (size_t e = chunk * kChunk; e < hi; ++e) {
      EvaluateEntity(table, pop, e, as_of, scratch,
                     out.records.data() + static_cast<size_t>(pop.RecordsBegin(e)) * pop.num_platforms,
                     &out.entities[e]);
    }
  };
  if (threads <= 1 || chunks <= 1) {
    for (size_t c = 0; c < chunks; ++c) work(c);
    return;
  }
  internal::WorkerPool::Shared().Run(threads, chunks, work);
}

int32_t AlertDue(const DecisionTable& table, const Population& pop, size_t entity,
                 int64_t record, const RecordOutcome* outcome, int alert, Date as_of) {
  const TableData& d = table.data();
  if (alert < 0 || alert >= static_cast<int>(d.alerts.size())) return kNoDay;
  Scratch scratch;
  EntityContext ctx;
  internal::FillEntitySlots(EnvOf(d, as_of, false), pop, entity, as_of, scratch.slots, &ctx);
  internal::DateBases bases;
  internal::FillDateBases(pop, entity, record, as_of, ctx, &bases);
  if (outcome != nullptr) {
    bases[static_cast<int>(DateBase::kEligibleFrom)] = outcome->eligible_from;
    bases[static_cast<int>(DateBase::kExpiresOn)] = outcome->expires_on;
  }
  return internal::EvalDateExpr(d.alerts[alert].due, bases, d.calendar);
}

}  // namespace xiufu
