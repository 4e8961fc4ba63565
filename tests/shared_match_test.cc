// Matching a record's platform-invariant slots once for all its platforms (match.h SharedMatch,
// facts.h VariesByPlatform): the platform loop must change only the slots of facts that vary
// by platform, the blocked-record simulation's copy of the platform slots must carry all of
// them, the compiler must put the indexes of the others first, and a match that reuses the
// shared rows (or a partition's rows for records repaired nowhere) must give exactly the rows
// of a fresh one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "support/planned_records.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/detail/match.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/synth/generate.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using internal::SharedMatch;
using internal::TableData;

struct Fixture {
  DecisionTable table;
  Population pop;
  Date as_of;
};

Fixture Load(bool dense) {
  auto loaded = LoadPack(XIUFU_SOURCE_DIR "/rules/gongshu");
  EXPECT_TRUE(loaded.ok() && loaded->ok());
  auto table = Compile(*loaded);
  EXPECT_TRUE(table.ok()) << table.status();
  GenOptions gen;
  gen.entities = 6000;
  gen.dense = dense;
  auto dict = Dictionary::FromTable(*table);
  EXPECT_TRUE(dict.ok());
  auto pop = DistrictToPopulation(GenerateDistrict(gen), *dict);
  EXPECT_TRUE(pop.ok()) << pop.status();
  return Fixture{*std::move(table), *std::move(pop), gen.snapshot};
}

// Outcomes the derived slots are filled from: every status, dates before, on and after today.
RecordOutcome OutcomeFor(int p, Date as_of) {
  RecordOutcome o;
  o.status = static_cast<RepairStatus>(p % kNumStatuses);
  o.eligible_from = p % 3 == 0 ? kNoDay : as_of.days + (p - 1) * 40;
  o.expires_on = p % 2 == 0 ? kNoDay : as_of.days + p * 90;
  return o;
}

// Calls record(env, e, r, slots) once each record's entity and record facts are in `slots`, with
// every fact computed (no "used" filter), without and then with the date plan's elapsed dates.
template <typename Fn>
void ForEachRecordSlots(const Fixture& f, Fn record) {
  const TableData& d = internal::Data(f.table);
  internal::DatePlan plan;
  internal::BuildDatePlan(d, f.as_of, &plan);
  for (const bool with_plan : {false, true}) {
    internal::FactEnv env = internal::EnvOf(d, ToYmd(f.as_of), nullptr);
    if (with_plan) env.plan = &plan;
    std::vector<int64_t> slots(kNumSlots, int64_t{0x5A5A5A5A5A5A5A5A});
    for (size_t e = 0; e < f.pop.num_entities(); ++e) {
      internal::EntityContext ctx;
      internal::FillEntitySlots(env, f.pop, e, f.as_of, slots.data(), &ctx);
      for (uint32_t r = f.pop.RecordsBegin(e); r < f.pop.RecordsEnd(e); ++r) {
        internal::FillRecordSlots(env, f.pop, e, r, f.as_of, ctx, slots.data());
        record(env, e, r, slots);
      }
    }
  }
}

TEST(SharedMatchTest, ThePlatformLoopWritesOnlySlotsThatVaryByPlatform) {
  const Fixture f = Load(/*dense=*/true);
  size_t checked = 0;
  ForEachRecordSlots(f, [&](const internal::FactEnv& env, size_t, uint32_t r,
                            std::vector<int64_t>& slots) {
    const std::vector<int64_t> before = slots;
    const internal::RecordRepairs repairs = internal::RepairsOf(f.pop, r, f.as_of);
    for (int p = 0; p < f.pop.num_platforms; ++p) {
      internal::FillPlatformSlots(env, f.pop, r, p, repairs, f.as_of, slots.data());
      internal::FillDerivedSlots(OutcomeFor(p, f.as_of), f.as_of, slots.data());
      for (int s = 0; s < kNumSlots; ++s) {
        if (VariesByPlatform(FactOfSlot(s))) continue;
        ASSERT_EQ(slots[s], before[s]) << "slot " << s << " (fact " << s / 4
                                       << ") changed for platform " << p << ", record " << r;
      }
      ++checked;
    }
  });
  EXPECT_GT(checked, 20000u);
}

// The blocked-record simulation of a record whose entity it does not copy swaps only the
// facts of kSimDoneFacts (fulfilment, correction) and kSimFieldFacts into the evaluation's
// slots (evaluate.h SwapSimulated): fulfilling and correcting must change nothing else, filing
// the reports and becoming reachable nothing else of the entity's field facts, and the list
// must hold every slot of them eligibility reads.
TEST(SharedMatchTest, TheSimulationChangesOnlyTheFactsItSwaps) {
  const Fixture f = Load(/*dense=*/true);
  const TableData& d = internal::Data(f.table);
  auto in = [](absl::Span<const Fact> facts, int slot) {
    return std::find(facts.begin(), facts.end(), FactOfSlot(slot)) != facts.end();
  };
  constexpr uint32_t kFieldEffects = internal::kFieldEffects;
  size_t checked = 0, done_changed = 0, field_changed = 0;
  ForEachRecordSlots(f, [&](const internal::FactEnv& env, size_t e, uint32_t r,
                            std::vector<int64_t>& slots) {
    std::vector<int64_t> sim = slots;
    internal::SetDoneSlots(env, f.as_of.days, f.as_of.days, f.as_of, sim.data());
    for (int s = 0; s < kNumSlots; ++s) {
      if (sim[s] == slots[s]) continue;
      ASSERT_TRUE(in(internal::kSimDoneFacts, s)) << "slot " << s << " record " << r;
      ++done_changed;
    }
    sim = slots;
    internal::EntityFields fields = internal::FieldsOf(f.pop, e);
    internal::ApplyEntityEffects(kFieldEffects, ToYmd(f.as_of).year, &fields);
    internal::FillEntityFieldSlots(env, fields, f.as_of, sim.data());
    for (int s = 0; s < kNumSlots; ++s) {
      if (sim[s] == slots[s]) continue;
      ASSERT_TRUE(in(internal::kSimFieldFacts, s)) << "slot " << s << " entity " << e;
      ++field_changed;
    }
    ++checked;
  });
  EXPECT_GT(checked, 20000u);
  EXPECT_GT(done_changed, 1000u);   // the checks had something to see
  EXPECT_GT(field_changed, 1000u);
  // The list: exactly the slots of those facts that some eligibility index or key reads.
  std::vector<uint8_t> read(kNumSlots, 0);
  const internal::CompiledDecision& elig = d.decisions[internal::kElig];
  for (uint16_t k : elig.key_slot) {
    if (k != internal::kNoKey) read[k] = 1;
  }
  for (uint32_t pi = elig.part_begin; pi < elig.part_begin + elig.part_count; ++pi) {
    const internal::Partition& p = d.partitions[pi];
    for (uint32_t i = 0; i < p.index_count; ++i) read[d.indexes[p.index_begin + i].slot] = 1;
  }
  std::vector<uint16_t> want;
  for (const bool done : {true, false}) {
    for (int s = 0; s < kNumSlots; ++s) {
      if (read[s] && in(done ? absl::MakeConstSpan(internal::kSimDoneFacts)
                             : absl::MakeConstSpan(internal::kSimFieldFacts), s)) {
        want.push_back(static_cast<uint16_t>(s));
      }
    }
    if (done) {
      EXPECT_EQ(d.sim_done_count, want.size());
    }
  }
  EXPECT_EQ(d.sim_slots, want);
  EXPECT_GT(d.sim_done_count, 0u);  // Gongshu's eligibility tests fulfilment
}

TEST(SharedMatchTest, CompilerOrdersSharedIndexesFirst) {
  const Fixture f = Load(/*dense=*/false);
  const TableData& d = internal::Data(f.table);
  size_t shared_total = 0, own_total = 0;
  for (size_t pi = 0; pi < d.partitions.size(); ++pi) {
    const internal::Partition& p = d.partitions[pi];
    const internal::PartSplit& split = d.part_split[pi];
    uint32_t invariant = 0;
    for (uint32_t i = 0; i < p.index_count; ++i) {
      invariant += !VariesByPlatform(FactOfSlot(d.indexes[p.index_begin + i].slot));
    }
    // All platform-invariant indexes lead, each group's direct indexes first.
    EXPECT_EQ(split.shared, invariant) << "partition " << pi;
    for (uint32_t i = 0; i < p.index_count; ++i) {
      const bool direct = d.indexes[p.index_begin + i].direct;
      if (i < split.shared) EXPECT_EQ(direct, i < split.shared_direct) << "partition " << pi;
      else EXPECT_EQ(direct, i < split.shared + split.own_direct) << "partition " << pi;
    }
    shared_total += split.shared;
    own_total += p.index_count - split.shared;
  }
  EXPECT_GT(shared_total, 0u);
  EXPECT_GT(own_total, 0u);
  // Gongshu's eligibility rows are keyed by what the record is, not by platform, so its
  // platforms share one partition per record.
  const internal::CompiledDecision& elig = d.decisions[internal::kElig];
  for (uint16_t k : elig.key_slot) {
    if (k != internal::kNoKey) {
      EXPECT_FALSE(VariesByPlatform(FactOfSlot(k)));
    }
  }
}

// Every record × platform of a dense district: FirstMatch / ForEachMatch with a SharedMatch
// kept across the record's platforms (as the evaluator does) equal the fresh matches.
TEST(SharedMatchTest, ReusedSharedRowsEqualAFreshMatch) {
  const Fixture f = Load(/*dense=*/true);
  const TableData& d = internal::Data(f.table);
  const internal::FactEnv env = internal::EnvOf(d, ToYmd(f.as_of), d.slot_used.data());
  const int64_t* bps = d.breakpoints.data();
  std::vector<int64_t> slots(kNumSlots, 0);
  std::vector<uint64_t> acc(64);
  size_t matched = 0, reused = 0;
  for (size_t e = 0; e < f.pop.num_entities(); ++e) {
    internal::EntityContext ctx;
    internal::FillEntitySlots(env, f.pop, e, f.as_of, slots.data(), &ctx);
    for (uint32_t r = f.pop.RecordsBegin(e); r < f.pop.RecordsEnd(e); ++r) {
      internal::FillRecordSlots(env, f.pop, e, r, f.as_of, ctx, slots.data());
      SharedMatch shared[3];
      for (int p = 0; p < f.pop.num_platforms; ++p) {
        internal::FillPlatformSlots(env, f.pop, r, p, f.as_of, slots.data());
        const uint32_t fresh = internal::FirstMatch(d, bps, d.decisions[internal::kElig],
                                                    slots.data(), acc.data());
        const uint32_t before = shared[0].part;
        const uint32_t kept = internal::FirstMatch(d, bps, d.decisions[internal::kElig],
                                                   slots.data(), acc.data(), &shared[0]);
        ASSERT_EQ(kept, fresh) << "record " << r << " platform " << p;
        reused += before == shared[0].part;
        RecordOutcome o;
        if (fresh != kNoRow) {
          o.status = static_cast<RepairStatus>(d.rows[fresh].status);
          o.eligible_from = f.as_of.days + p * 30;
        }
        internal::FillDerivedSlots(o, f.as_of, slots.data());
        for (int k = 1; k < 3; ++k) {
          const int dec = k == 1 ? internal::kMat : internal::kRecAlerts;
          std::vector<uint32_t> a, b;
          internal::ForEachMatch(d, bps, d.decisions[dec], slots.data(), acc.data(),
                                 [&](uint32_t i) { a.push_back(i); });
          internal::ForEachMatch(
              d, bps, d.decisions[dec], slots.data(), acc.data(),
              [&](uint32_t i) { b.push_back(i); }, &shared[k]);
          ASSERT_EQ(a, b) << "decision " << dec << " record " << r << " platform " << p;
        }
        ++matched;
      }
    }
  }
  EXPECT_GT(matched, 10000u);
  EXPECT_GT(reused, matched / 2);  // the platforms of a record do share eligibility partitions
}

// A record repaired nowhere has the same platform facts on every evaluation date, so the rows
// its platform's own indexes accept are derived once per partition (PartSplit::unrepaired):
// for every record × platform of a dense district, matching with them gives exactly the rows
// of a fresh match, for every decision that has them, on dates around the regime change.
TEST(SharedMatchTest, UnrepairedOwnRowsEqualAFreshMatch) {
  const Fixture f = Load(/*dense=*/true);
  const TableData& d = internal::Data(f.table);
  // Gongshu's eligibility partitions test only the platform's facts among their own.
  size_t with_rows = 0;
  const internal::CompiledDecision& elig = d.decisions[internal::kElig];
  for (uint32_t pi = elig.part_begin; pi < elig.part_begin + elig.part_count; ++pi) {
    with_rows += d.part_split[pi].unrepaired != internal::PartSplit::kNoUnrepaired;
  }
  EXPECT_GT(with_rows, 100u);
  EXPECT_EQ(d.unrepaired_stride, 2u * static_cast<size_t>(f.pop.num_platforms));
  std::vector<uint64_t> acc(64);
  size_t used = 0, repaired = 0;
  for (const Date as_of : {f.as_of, Date{f.as_of.days - 300}, FromYmd(2026, 4, 1)}) {
    testing::ForEachPlannedRecord(f.table, f.pop, as_of, [&](const internal::FactEnv& env,
                                                             const int64_t* bps, size_t,
                                                             uint32_t r,
                                                             std::vector<int64_t>& slots) {
      if (::testing::Test::HasFailure()) return;
      const internal::RecordRepairs repairs = internal::RepairsOf(f.pop, r, as_of);
      repaired += repairs.first != kNoDay;
      for (int p = 0; p < f.pop.num_platforms; ++p) {
        internal::FillPlatformSlots(env, f.pop, r, p, repairs, as_of, slots.data());
        const int key = internal::UnrepairedKey(d, repairs.first == kNoDay, p,
                                                (f.pop.shown_mask[r] >> p) & 1);
        used += key >= 0;
        const uint32_t fresh = internal::FirstMatch(d, bps, d.decisions[internal::kElig],
                                                    slots.data(), acc.data());
        EXPECT_EQ(internal::FirstMatch(d, bps, d.decisions[internal::kElig], slots.data(),
                                       acc.data(), nullptr, key),
                  fresh)
            << "record " << r << " platform " << p;
        RecordOutcome o;
        if (fresh != kNoRow) {
          o.status = static_cast<RepairStatus>(d.rows[fresh].status);
          o.eligible_from = as_of.days + p * 30;
        }
        internal::FillDerivedSlots(o, as_of, slots.data());
        for (const int dec : {internal::kMat, internal::kRecAlerts}) {
          std::vector<uint32_t> a, b;
          internal::ForEachMatch(d, bps, d.decisions[dec], slots.data(), acc.data(),
                                 [&](uint32_t i) { a.push_back(i); });
          internal::ForEachMatch(
              d, bps, d.decisions[dec], slots.data(), acc.data(),
              [&](uint32_t i) { b.push_back(i); }, nullptr, key);
          EXPECT_EQ(a, b) << "decision " << dec << " record " << r << " platform " << p;
        }
      }
    });
  }
  EXPECT_GT(used, 10000u);
  EXPECT_GT(repaired, 100u);  // records with repairs took the lookups
}

// A record repaired somewhere, or a platform beyond the table's, gets no key.
TEST(SharedMatchTest, UnrepairedKeyOnlyForRecordsRepairedNowhere) {
  const Fixture f = Load(/*dense=*/false);
  const TableData& d = internal::Data(f.table);
  const int np = f.pop.num_platforms;
  EXPECT_EQ(internal::UnrepairedKey(d, true, 0, 0), 0);
  EXPECT_EQ(internal::UnrepairedKey(d, true, 0, 1), 1);
  EXPECT_EQ(internal::UnrepairedKey(d, true, np - 1, 1), 2 * np - 1);
  EXPECT_EQ(internal::UnrepairedKey(d, false, 1, 1), -1);
  EXPECT_EQ(internal::UnrepairedKey(d, true, np, 0), -1);
  EXPECT_EQ(internal::UnrepairedKey(d, true, -1, 0), -1);
}

// The materials and record-alert partitions of a record × platform (evaluate.h
// OutcomePartitions): Gongshu keys both by status × record kind, so the alert partition is
// taken from the materials' key reading; for every record and derived outcome it must be the
// partition the alerts' own keys select. With the shortcut switched off (a pack whose two
// decisions are keyed differently) the whole district decides the same.
TEST(SharedMatchTest, AlertPartitionFromTheMaterialsKeys) {
  const Fixture f = Load(/*dense=*/true);
  const TableData& d = internal::Data(f.table);
  ASSERT_TRUE(d.alert_keys_like_materials);
  size_t checked = 0;
  ForEachRecordSlots(f, [&](const internal::FactEnv&, size_t, uint32_t r,
                            std::vector<int64_t>& slots) {
    for (int p = 0; p < 7; ++p) {
      internal::FillDerivedSlots(OutcomeFor(p + static_cast<int>(r), f.as_of), f.as_of,
                                 slots.data());
      const internal::OutcomeParts parts = internal::OutcomePartitions(d, slots.data());
      ASSERT_EQ(parts.materials, internal::RecordPartition(d, internal::kMat, slots.data()));
      ASSERT_EQ(parts.alerts, internal::RecordPartition(d, internal::kRecAlerts, slots.data()));
      ++checked;
    }
  });
  EXPECT_GT(checked, 100000u);

  BatchResult with, without;
  ASSERT_TRUE(EvaluateBatch(f.table, f.pop, f.as_of, with).ok());
  const_cast<TableData&>(d).alert_keys_like_materials = false;  // test only: the other path
  ASSERT_TRUE(EvaluateBatch(f.table, f.pop, f.as_of, without).ok());
  const_cast<TableData&>(d).alert_keys_like_materials = true;
  EXPECT_TRUE(with.records == without.records);
  EXPECT_TRUE(with.entities == without.entities);
}

}  // namespace
}  // namespace xiufu
