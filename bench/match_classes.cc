#include "match_classes.h"

#include <cstdint>

#include "absl/container/flat_hash_set.h"

namespace xiufu::bench {
namespace {

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h * 0xFF51AFD7ED558CCDull;
}

// The partition the decision picks and the mask index of each of its indexes.
uint64_t Signature(uint64_t h, const internal::TableData& d, const int64_t* bps,
                   const internal::CompiledDecision& cd, const int64_t* slots) {
  const internal::Partition& p = internal::PartitionFor(d, cd, slots);
  h = Mix(h, static_cast<uint64_t>(&p - d.partitions.data()));
  for (uint32_t i = 0; i < p.index_count; ++i) {
    const internal::SlotIndex& ix = d.indexes[p.index_begin + i];
    h = Mix(h, internal::MaskIndex(bps, ix, slots[ix.slot]));
  }
  return h;
}

}  // namespace

MatchClasses CountMatchClasses(const DecisionTable& table, const Population& pop, Date as_of,
                               const BatchResult& outcomes) {
  const internal::TableData& d = internal::Data(table);
  Scratch scratch;
  const internal::DatePlan& plan = internal::ScratchAccess::Prepare(d, as_of, scratch);
  internal::FactEnv env = internal::EnvOf(d, plan.today, d.slot_used.data());
  env.plan = &plan;
  const int64_t* bps = plan.breakpoints.data();
  int64_t* slots = internal::ScratchAccess::Slots(scratch);
  const int np = pop.num_platforms;
  absl::flat_hash_set<uint64_t> records, decisions;
  MatchClasses out;
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    internal::EntityContext ctx;
    internal::FillEntitySlots(env, pop, e, as_of, slots, &ctx);
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      if (!internal::RecordExists(pop, r, as_of)) continue;
      internal::FillRecordSlots(env, pop, e, r, as_of, ctx, slots);
      uint64_t whole = 1;
      for (int p = 0; p < np; ++p) {
        internal::FillPlatformSlots(env, pop, r, p, as_of, slots);
        uint64_t h = Mix(7, static_cast<uint64_t>(p));
        h = Signature(h, d, bps, d.decisions[internal::kElig], slots);
        internal::FillDerivedSlots(outcomes.records[static_cast<size_t>(r) * np + p], as_of, slots);
        h = Signature(h, d, bps, d.decisions[internal::kMat], slots);
        h = Signature(h, d, bps, d.decisions[internal::kRecAlerts], slots);
        decisions.insert(h);
        whole = Mix(whole, h);
      }
      records.insert(whole);
    }
  }
  out.record_classes = records.size();
  out.decision_classes = decisions.size();
  return out;
}

}  // namespace xiufu::bench
