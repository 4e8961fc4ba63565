// Settled rows (src/runtime/settled_rows.h): a record × platform whose platform, shown flag
// and repaired flag alone decide its outcome is given its eligibility row without matching. The
// derived rows must be exactly what a full match gives, for every record × platform of a
// district on dates around the regime change; and a pack edit that breaks any of the conditions
// (a date on the row, a materials or alert row for its status) must take the row away — with
// the evaluator still deciding exactly what the reference interpreter decides.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/oracle_agrees.h"
#include "support/pack_edits.h"
#include "support/planned_records.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/pack_edit.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/detail/match.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/serialize.h"
#include "xiufu/synth/generate.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using internal::TableData;

using testing::CompileOk;
using testing::Edited;
using testing::GongshuPack;

using testing::RuleIdOf;

// The rule ids settled for (platform, shown, repaired), over all eligibility partitions ("" for
// a key no partition settles; "*" when partitions settle it differently).
std::string SettledRule(const DecisionTable& t, int p, int shown, int repaired) {
  const TableData& d = internal::Data(t);
  std::optional<std::string> out;
  for (const internal::PartSplit& split : d.part_split) {
    if (split.settled == internal::PartSplit::kNoSettled) continue;
    const uint32_t row = d.settled_rows[split.settled + internal::SettledKey(p, shown, repaired)];
    const std::string id(RuleIdOf(t, row));
    if (!out) out = id;
    else if (*out != id) out = "*";
  }
  return out.value_or("");
}

int Platform(const DecisionTable& t, std::string_view code) {
  return Dictionary::FromTable(t)->Find(InputDomain::kPlatform, code);
}

// Gongshu settles "not shown here" (VIS-01) and "repaired here" (VIS-02) on every platform, and
// nothing for a record shown and not repaired; the rows survive a blob round trip.
TEST(SettledRowsTest, GongshuSettlesNotShownAndRepaired) {
  const DecisionTable t = CompileOk(GongshuPack());
  const TableData& d = internal::Data(t);
  const int np = t.NumPlatforms();
  ASSERT_EQ(np, 4);
  size_t partitions = 0;
  for (const internal::PartSplit& s : d.part_split) partitions += s.settled != internal::PartSplit::kNoSettled;
  EXPECT_GT(partitions, 20u);
  for (int p = 0; p < np; ++p) {
    EXPECT_EQ(SettledRule(t, p, 0, 0), "VIS-01") << p;
    EXPECT_EQ(SettledRule(t, p, 0, 1), "VIS-01") << p;  // not shown comes first
    EXPECT_EQ(SettledRule(t, p, 1, 1), "VIS-02") << p;
    EXPECT_EQ(SettledRule(t, p, 1, 0), "") << p;
  }
  auto reloaded = DeserializeTable(SerializeTable(t));
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(internal::Data(*reloaded).settled_rows, d.settled_rows);
}

// Every record × platform of a dense district with a settled row: a full match picks that row,
// which neither blocks nor is eligible and has no dates, and no materials or record-alert row
// matches with its status — on dates before, on and after the regime change.
TEST(SettledRowsTest, SettledRowsEqualAFullMatch) {
  const DecisionTable t = CompileOk(GongshuPack());
  const TableData& d = internal::Data(t);
  GenOptions gen;
  gen.entities = 6000;
  gen.dense = true;
  auto pop = DistrictToPopulation(GenerateDistrict(gen), *Dictionary::FromTable(t));
  ASSERT_TRUE(pop.ok()) << pop.status();
  std::vector<uint64_t> acc(64);
  size_t decisions = 0, settled = 0, repaired = 0;
  for (const Date as_of : {gen.snapshot, Date{gen.snapshot.days - 300}, FromYmd(2026, 4, 1)}) {
    testing::ForEachPlannedRecord(t, *pop, as_of, [&](const internal::FactEnv& env,
                                                       const int64_t* bps, size_t, uint32_t r,
                                                       std::vector<int64_t>& slots) {
      if (::testing::Test::HasFailure() || !internal::RecordExists(*pop, r, as_of)) return;
      const uint32_t* rows = internal::SettledRows(
          d, internal::RecordPartition(d, internal::kElig, slots.data()));
      const internal::RecordRepairs repairs = internal::RepairsOf(*pop, r, as_of);
      for (int p = 0; p < pop->num_platforms; ++p) {
        ++decisions;
        internal::FillPlatformSlots(env, *pop, r, p, repairs, as_of, slots.data());
        const int rep = (repairs.platforms >> p) & 1;
        const int shown = (pop->shown_mask[r] >> p) & 1;
        const uint32_t row = rows == nullptr ? kNoRow : rows[internal::SettledKey(p, shown, rep)];
        if (row == kNoRow) continue;
        ++settled;
        repaired += rep;
        EXPECT_EQ(internal::FirstMatch(d, bps, d.decisions[internal::kElig], slots.data(),
                                       acc.data()),
                  row)
            << "record " << r << " platform " << p;
        const internal::CompiledRow& cr = d.rows[row];
        EXPECT_NE(cr.status, static_cast<uint8_t>(RepairStatus::kEligible));
        EXPECT_NE(cr.status, static_cast<uint8_t>(RepairStatus::kBlocked));
        RecordOutcome o;
        o.status = static_cast<RepairStatus>(cr.status);
        internal::FillDerivedSlots(o, as_of, slots.data());
        for (const int dec : {internal::kMat, internal::kRecAlerts}) {
          size_t matched = 0;
          internal::ForEachMatch(d, bps, d.decisions[dec], slots.data(), acc.data(),
                                 [&](uint32_t) { ++matched; });
          EXPECT_EQ(matched, 0u) << "decision " << dec << " record " << r << " platform " << p;
        }
      }
    });
  }
  // The dense district: about half of all record × platform decisions are not shown.
  EXPECT_GT(settled, decisions / 3);
  EXPECT_GT(repaired, 1000u);
}

// A date on the row: not settled (its outcome depends on the record's dates).
TEST(SettledRowsTest, ARowWithADateIsNotSettled) {
  const Pack pack = Edited(GongshuPack(), "VIS-01", "expires_on", "decision_date + 3y");
  const DecisionTable t = CompileOk(pack);
  for (int p = 0; p < t.NumPlatforms(); ++p) {
    EXPECT_EQ(SettledRule(t, p, 0, 0), "") << p;
    EXPECT_EQ(SettledRule(t, p, 1, 1), "VIS-02") << p;
  }
  testing::ExpectOracleAgrees(pack, t);
}

// A materials row for the settled status on one platform: that platform's key is not settled,
// the others' still are.
TEST(SettledRowsTest, MaterialsForTheStatusUnsettleTheirPlatform) {
  const Pack pack = Edited(GongshuPack(), "MP-CC58-01", "status", "eligible_now, eligible_later, repaired");
  const DecisionTable t = CompileOk(pack);
  const int china = Platform(t, "credit_china");
  ASSERT_GE(china, 0);
  for (int p = 0; p < t.NumPlatforms(); ++p) {
    EXPECT_EQ(SettledRule(t, p, 1, 1), p == china ? "" : "VIS-02") << p;
    EXPECT_EQ(SettledRule(t, p, 0, 0), "VIS-01") << p;
  }
  testing::ExpectOracleAgrees(pack, t);
}

// A record-alert row for the status that has ended (effective_to 2026-03-31) still counts: the
// key is settled for every evaluation date, and earlier dates would fire it.
TEST(SettledRowsTest, AlertsForTheStatusUnsettleTheirPlatforms) {
  const Pack pack = Edited(GongshuPack(), "RA-08", "status", "not_repairable, not_shown");
  const DecisionTable t = CompileOk(pack);
  const int zhejiang = Platform(t, "credit_zhejiang"), hangzhou = Platform(t, "credit_hangzhou");
  ASSERT_GE(zhejiang, 0);
  ASSERT_GE(hangzhou, 0);
  for (int p = 0; p < t.NumPlatforms(); ++p) {
    const bool local = p == zhejiang || p == hangzhou;
    EXPECT_EQ(SettledRule(t, p, 0, 0), local ? "" : "VIS-01") << p;
    EXPECT_EQ(SettledRule(t, p, 1, 1), "VIS-02") << p;
  }
  testing::ExpectOracleAgrees(pack, t);
}

}  // namespace
}  // namespace xiufu
