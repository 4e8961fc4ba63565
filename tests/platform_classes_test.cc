// Platform classes (src/runtime/platform_classes.h): a record × platform is given the outcome
// already decided for another platform of the same record when no row the record can match on
// any date tells the two platforms apart. The classes must be what the pack says (hand-checked
// against Gongshu's tables), survive a blob round trip, and — for pack edits that make two
// platforms differ only on a later date, only for a record repaired elsewhere, only in the
// materials or alerts, or only once a simulation repairs the record — the evaluator must still
// decide exactly what the reference interpreter decides.
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "support/oracle_agrees.h"
#include "support/pack_edits.h"
#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "support/tiny_pack.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/pack_edit.h"
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

struct Platforms {
  int china, zhejiang, hangzhou, necips;
};

Platforms PlatformsOf(const DecisionTable& t) {
  const auto dict = Dictionary::FromTable(t);
  Platforms p{dict->Find(InputDomain::kPlatform, "credit_china"),
              dict->Find(InputDomain::kPlatform, "credit_zhejiang"),
              dict->Find(InputDomain::kPlatform, "credit_hangzhou"),
              dict->Find(InputDomain::kPlatform, "necips")};
  EXPECT_TRUE(p.china >= 0 && p.zhejiang >= 0 && p.hangzhou >= 0 && p.necips >= 0);
  return p;
}

// The partition of `decision` for a record of kind `kind` whose outcome has status `status`
// (the materials and record-alert decisions' keys).
uint32_t PartitionFor(const DecisionTable& t, int decision, std::string_view kind,
                      RepairStatus status) {
  const TableData& d = internal::Data(t);
  std::vector<int64_t> slots(kNumSlots, kNull);
  slots[SlotOf(Fact::kRecordKind)] = Dictionary::FromTable(t)->Find(InputDomain::kRecordKind, kind);
  slots[SlotOf(Fact::kStatus)] = static_cast<int64_t>(status);
  return internal::RecordPartition(d, decision, slots.data());
}

// Gongshu: the eligibility rows list Zhejiang and Hangzhou together everywhere (zhejiang_local,
// O36, sync_follow), so every eligibility partition decides them alike; Credit China's own
// tables (2019, O58) set it apart in most. Materials: only Credit China asks for its own
// (materials_platforms.csv, eligible now or later). Record alerts: only the two Zhejiang
// platforms warn of a not-repairable record (RA rows listing credit_zhejiang, credit_hangzhou).
TEST(PlatformClassesTest, GongshuClasses) {
  const DecisionTable t = CompileOk(GongshuPack());
  const TableData& d = internal::Data(t);
  const Platforms pl = PlatformsOf(t);
  const internal::CompiledDecision& elig = d.decisions[internal::kElig];
  size_t china_apart = 0, with_rows = 0;
  for (uint32_t pi = elig.part_begin; pi < elig.part_begin + elig.part_count; ++pi) {
    if (d.partitions[pi].row_count == 0) continue;
    ++with_rows;
    EXPECT_TRUE(internal::PlatformsAlike(d, pi, pl.zhejiang, pl.hangzhou)) << pi;
    china_apart += !internal::PlatformsAlike(d, pi, pl.china, pl.zhejiang);
  }
  EXPECT_GT(with_rows, 150u);
  EXPECT_GT(china_apart, with_rows / 2);

  const uint32_t mat = PartitionFor(t, internal::kMat, "penalty", RepairStatus::kEligibleNow);
  EXPECT_FALSE(internal::PlatformsAlike(d, mat, pl.china, pl.zhejiang));
  EXPECT_TRUE(internal::PlatformsAlike(d, mat, pl.zhejiang, pl.necips));
  EXPECT_TRUE(internal::PlatformsAlike(d, mat, pl.zhejiang, pl.hangzhou));
  const uint32_t blocked = PartitionFor(t, internal::kMat, "penalty", RepairStatus::kBlocked);
  EXPECT_TRUE(internal::PlatformsAlike(d, blocked, pl.china, pl.necips));

  const uint32_t alerts =
      PartitionFor(t, internal::kRecAlerts, "penalty", RepairStatus::kNotRepairable);
  EXPECT_TRUE(internal::PlatformsAlike(d, alerts, pl.zhejiang, pl.hangzhou));
  EXPECT_TRUE(internal::PlatformsAlike(d, alerts, pl.china, pl.necips));
  EXPECT_FALSE(internal::PlatformsAlike(d, alerts, pl.china, pl.zhejiang));

  auto reloaded = DeserializeTable(SerializeTable(t));
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  const TableData& r = internal::Data(*reloaded);
  ASSERT_EQ(r.part_split.size(), d.part_split.size());
  for (size_t pi = 0; pi < d.part_split.size(); ++pi) {
    EXPECT_EQ(r.part_split[pi].platform_class, d.part_split[pi].platform_class) << pi;
    EXPECT_EQ(r.part_split[pi].stable_indexes, d.part_split[pi].stable_indexes) << pi;
  }
  EXPECT_EQ(r.stable_indexes, d.stable_indexes);
}

// Gongshu as it is: Credit China and NECIPS are alike in most eligibility partitions but not
// in the materials, so a record eligible on both takes NECIPS's outcome from Credit China's and
// its materials from its own match.
TEST(PlatformClassesTest, GongshuDecidesAsTheOracle) {
  const Pack pack = GongshuPack();
  testing::ExpectOracleAgrees(pack, CompileOk(pack), 3000, 21);
}

// An O36 row (in force from 2026-04-01) that lists Zhejiang but not Hangzhou: before that day
// the two are alike on every row in force, but a forecast across the regime change decides
// them apart — the rows of later days count. (A fulfilled, corrected general penalty of
// 2025 is eligible on both from a year after its decision under ZJ-08; from 2026-04-01 O36-GEN-03
// keeps it eligible on Zhejiang while Hangzhou falls to O36-GEN-04, blocked.)
TEST(PlatformClassesTest, ARowOfALaterRegimeSetsPlatformsApart) {
  const Pack pack =
      Edited(GongshuPack(), "O36-GEN-03", "platform", "credit_china, credit_zhejiang");
  const DecisionTable t = CompileOk(pack);
  const Platforms pl = PlatformsOf(t);
  const TableData& d = internal::Data(t);
  size_t apart = 0;
  const internal::CompiledDecision& elig = d.decisions[internal::kElig];
  for (uint32_t pi = elig.part_begin; pi < elig.part_begin + elig.part_count; ++pi) {
    apart += !internal::PlatformsAlike(d, pi, pl.zhejiang, pl.hangzhou);
  }
  EXPECT_GT(apart, 0u);
  GenOptions gen;
  gen.entities = 50000;
  auto pop = DistrictToPopulation(GenerateDistrict(gen), *Dictionary::FromTable(t));
  ASSERT_TRUE(pop.ok()) << pop.status();
  for (const Date day : {FromYmd(2025, 9, 1), FromYmd(2025, 12, 1), FromYmd(2026, 3, 15)}) {
    testing::ExpectOracleAgreesOn(pack, t, *pop, day);
  }
}

// A follow-the-repair row (SYNC-01) that lists Zhejiang but not Hangzhou: for a record repaired
// on NECIPS the two differ, though for a record repaired nowhere they would not.
TEST(PlatformClassesTest, ARepairElsewhereSetsPlatformsApart) {
  const Pack pack = Edited(GongshuPack(), "SYNC-01", "platform", "credit_china, credit_zhejiang");
  testing::ExpectOracleAgrees(pack, CompileOk(pack), 3000, 41);
}

// The repair-window alert (RA-01) on Zhejiang alone: a record eligible now on Zhejiang and
// Hangzhou has one outcome on both, but the alert only on Zhejiang.
TEST(PlatformClassesTest, AnAlertOnOnePlatformIsMatchedForIt) {
  const Pack pack = Edited(GongshuPack(), "RA-01", "platform", "credit_zhejiang");
  const DecisionTable t = CompileOk(pack);
  const Platforms pl = PlatformsOf(t);
  const uint32_t alerts =
      PartitionFor(t, internal::kRecAlerts, "penalty", RepairStatus::kEligibleNow);
  EXPECT_FALSE(internal::PlatformsAlike(internal::Data(t), alerts, pl.zhejiang, pl.hangzhou));
  testing::ExpectOracleAgrees(pack, t, 3000, 51);
}

// Every fourth row of Gongshu that names platforms, narrowed to a single platform (a different
// one in turn): each edit sets that platform apart from the others in the row's partitions, on
// dates before and after the regime change — the evaluator must still decide what the
// reference interpreter decides.
TEST(PlatformClassesTest, NarrowingAnyRowToOnePlatformKeepsTheOracle) {
  const Pack base = GongshuPack();
  const char* const platforms[] = {"credit_zhejiang", "necips", "credit_hangzhou", "credit_china"};
  size_t edits = 0, seen = 0;
  for (const Table& table : base.tables) {
    size_t column = table.inputs.size();
    for (size_t c = 0; c < table.inputs.size(); ++c) {
      if (table.inputs[c].fact == Fact::kPlatform) column = c;
    }
    if (column == table.inputs.size()) continue;
    for (const Row& row : table.rows) {
      if (row.cells[column].kind == CellTest::Kind::kAny || seen++ % 4 != 0) continue;
      const Pack pack = Edited(base, row.rule_id, "platform", platforms[edits % 4]);
      SCOPED_TRACE(row.rule_id + " on " + platforms[edits % 4]);
      testing::ExpectOracleAgrees(pack, CompileOk(pack), 1000, 61 + edits);
      ++edits;
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  EXPECT_GT(edits, 10u);
}

// A simulation that takes a record off the abnormal list repairs it on every platform (the
// entity is copied, SimulatedCopy): a row that accepts a repaired record on one platform only
// then tells two platforms apart that no row tells apart for a record repaired nowhere. Here
// (the tiny pack with its eligibility rows replaced) an abnormal-list record shown on both
// platforms is blocked until it leaves the list; done today, X-CC makes it eligible on Credit
// China today, while NECIPS finds it repaired (no date) — so NECIPS must not take Credit
// China's outcome. (The severity and sector columns make the compiler key the rows by record
// kind × department, which a simulation does not change — the keys the reuse needs.)
TEST(PlatformClassesTest, ASimulatedRepairIsNotReused) {
  auto f = testing::TinyPackFiles();
  f["manifest.ini"] += "\n[files]\nactions = actions.csv\n";
  f["actions.csv"] =
      "code,effect,zh,en,source\n"
      "leave_abnormal_list,leave_abnormal,申请移出经营异常名录,apply to leave the abnormal list,test\n";
  f["tables/eligibility.csv"] =
      "rule_id,platform,department,repaired,record_kind,severity,sector,status,actions,"
      "eligible_from,expires_on,channel,authority,reason_zh,reason_en,effective_from,effective_to,"
      "source\n"
      "X-CC,cc,samr,true,abnormal_list,general,general,eligible,-,as_of,-,cc,-,可申请,Eligible,-,-,test\n"
      "V2,-,-,true,-,-,-,repaired,-,-,-,-,-,已修复,Repaired,-,-,test\n"
      "AB-BLOCK,-,samr,-,abnormal_list,general,general,blocked,leave_abnormal_list,-,-,np,-,须先移出,"
      "Leave first,-,-,test\n"
      "P-1,-,tax,-,penalty,serious,food,eligible,-,decision_date + 3m,-,cc,-,可申请,Eligible,-,-,test\n"
      "P-2,-,samr,-,penalty,general,general,not_repairable,-,-,-,-,-,不可修复,Not repairable,-,-,test\n";
  auto loaded = LoadPack(testing::WritePackFiles("platform-classes-sim", f));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  for (const Diagnostic& dg : loaded->diagnostics) ADD_FAILURE() << FormatDiagnostic(dg);
  auto table = Compile(*loaded);
  ASSERT_TRUE(table.ok()) << table.status();
  const internal::CompiledDecision& elig = internal::Data(*table).decisions[internal::kElig];
  ASSERT_EQ(elig.key_slot[0], SlotOf(Fact::kRecordKind));
  ASSERT_EQ(elig.key_slot[1], SlotOf(Fact::kDepartment));
  const int cc = Dictionary::FromTable(*table)->Find(InputDomain::kPlatform, "cc");
  const int np = Dictionary::FromTable(*table)->Find(InputDomain::kPlatform, "np");
  ASSERT_GE(cc, 0);
  ASSERT_GE(np, 0);

  testing::RecordSpec listed;
  listed.kind = "abnormal_list";
  listed.shown_on = {"cc", "np"};
  listed.decision = "2026-01-10";
  testing::EntitySpec entity;
  entity.records = {listed};
  const Population pop = testing::BuildPopulation(*table, {entity});
  const Date day = *ParseDate("2026-11-22");
  BatchResult got;
  ASSERT_TRUE(EvaluateBatch(*table, pop, day, got, 1).ok());
  const RecordOutcome& on_cc = got.records[static_cast<size_t>(cc)];
  const RecordOutcome& on_np = got.records[static_cast<size_t>(np)];
  EXPECT_EQ(on_cc.status, RepairStatus::kBlocked);
  EXPECT_EQ(on_np.status, RepairStatus::kBlocked);
  EXPECT_EQ(on_cc.eligible_from, day.days);  // leave today: eligible on Credit China today
  EXPECT_EQ(on_np.eligible_from, kNoDay);    // NECIPS: repaired, no date to forecast
  testing::ExpectOracleAgreesOn(loaded->pack, *table, pop, day);
}

}  // namespace
}  // namespace xiufu
