// Hand-checked evaluations of the tiny pack (tests/support/tiny_pack.cc).
#include "xiufu/compile.h"
#include "xiufu/runtime/evaluate.h"

#include <gtest/gtest.h>

#include <cstring>

#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "support/tiny_pack.h"
#include "xiufu/lint.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using testing::EntitySpec;
using testing::RecordSpec;

// Material ids are materials.csv rows; alert ids alerts.csv rows.
constexpr int kApp = 0, kProof = 2, kForm = 3, kLicence = 4, kReceipt = 5;
constexpr int kWindowOpen = 0, kUnpaid = 1, kBadUscc = 2;
constexpr int kCc = 0, kNp = 1;

DecisionTable CompileTiny(const std::string& policy = "FIRST") {
  const std::string dir = testing::WritePackFiles("eval-" + policy, testing::TinyPackFiles(policy));
  auto loaded = LoadPack(dir);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  for (const Diagnostic& d : loaded->diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
  auto table = Compile(*loaded);
  EXPECT_TRUE(table.ok()) << table.status();
  return *table;
}

Date D(const char* s) { return *ParseDate(s); }

struct Evaluated {
  std::vector<RecordOutcome> records;
  EntityOutcome entity;
};

Evaluated Eval(const DecisionTable& t, const EntitySpec& e, const char* as_of) {
  const Population pop = testing::BuildPopulation(t, {e});
  Evaluated out;
  out.records.resize(pop.num_records() * pop.num_platforms);
  Scratch scratch;
  EvaluateEntity(t, pop, 0, D(as_of), scratch, out.records.data(), &out.entity);
  return out;
}

std::string RuleOf(const DecisionTable& t, const RecordOutcome& o) {
  return o.rule == kNoRow ? "" : std::string(internal::Str(t, internal::Data(t).rows[o.rule].rule_id));
}

RecordSpec GeneralFine(const char* decided, const char* fulfilled) {
  RecordSpec r;
  r.shown_on = {"cc"};
  r.decision = decided;
  r.fulfilled = fulfilled;
  r.fine = 3000;
  return r;
}

TEST(EvaluateTest, Order58MinimumPeriodEndsTheDayAfterTheLastDay) {
  const DecisionTable t = CompileTiny();
  EntitySpec e;
  e.records = {GeneralFine("2025-01-31", "2025-02-10")};

  const Evaluated before = Eval(t, e, "2025-04-30");
  const RecordOutcome& cc = before.records[kCc];
  EXPECT_EQ(cc.status, RepairStatus::kEligibleLater);
  EXPECT_EQ(RuleOf(t, cc), "O58-ELIG");
  EXPECT_EQ(FormatDate(Date{cc.eligible_from}), "2025-05-01");
  EXPECT_EQ(FormatDate(Date{cc.expires_on}), "2028-02-01");
  EXPECT_EQ(cc.channel, kCc);
  EXPECT_EQ(cc.authority, 0);  // the record's own department (samr)
  EXPECT_EQ(cc.alerts, 0u);
  EXPECT_TRUE(cc.materials.Test(kForm) && cc.materials.Test(kLicence) && cc.materials.Test(kReceipt));
  EXPECT_EQ(cc.materials.Count(), 3);
  const RecordOutcome& np = before.records[kNp];
  EXPECT_EQ(np.status, RepairStatus::kNotShown);
  EXPECT_EQ(RuleOf(t, np), "V1");
  EXPECT_FALSE(np.materials.Any());
  // Entity: 3 raw materials → application + proof under Order 58.
  EXPECT_EQ(before.entity.raw_materials.Count(), 3);
  EXPECT_TRUE(before.entity.canonical_materials.Test(kApp));
  EXPECT_TRUE(before.entity.canonical_materials.Test(kProof));
  EXPECT_EQ(before.entity.canonical_materials.Count(), 2);
  EXPECT_EQ(before.entity.shown, 1u);
  EXPECT_EQ(FormatDate(Date{before.entity.clean_by}), "2025-05-01");

  const Evaluated on = Eval(t, e, "2025-05-01");
  EXPECT_EQ(on.records[kCc].status, RepairStatus::kEligibleNow);
  EXPECT_EQ(on.records[kCc].alerts, uint64_t{1} << kWindowOpen);
  EXPECT_EQ(on.entity.alerts, uint64_t{1} << kWindowOpen);
  EXPECT_EQ(FormatDate(Date{on.entity.clean_by}), "2025-05-01");
}

TEST(EvaluateTest, RegimeIsChosenByTheEvaluationDate) {
  const DecisionTable t = CompileTiny();
  EntitySpec e;
  e.records = {GeneralFine("2025-12-31", "2026-01-05")};
  const Evaluated o58 = Eval(t, e, "2026-03-31");
  EXPECT_EQ(RuleOf(t, o58.records[kCc]), "O58-ELIG");
  EXPECT_EQ(o58.records[kCc].status, RepairStatus::kEligibleLater);
  EXPECT_EQ(FormatDate(Date{o58.records[kCc].eligible_from}), "2026-04-01");
  EXPECT_EQ(FormatDate(Date{o58.records[kCc].expires_on}), "2029-01-01");
  EXPECT_EQ(o58.entity.canonical_materials.Count(), 2);

  const Evaluated o36 = Eval(t, e, "2026-04-01");
  EXPECT_EQ(RuleOf(t, o36.records[kCc]), "O36-GEN");
  EXPECT_EQ(o36.records[kCc].status, RepairStatus::kEligibleNow);
  EXPECT_EQ(FormatDate(Date{o36.records[kCc].expires_on}), "2027-01-01");
  // Under 22号 the form and the licence copy are fetched by USCC: only the proof remains.
  EXPECT_EQ(o36.entity.raw_materials.Count(), 3);
  EXPECT_EQ(o36.entity.canonical_materials.Count(), 1);
  EXPECT_TRUE(o36.entity.canonical_materials.Test(kProof));
}

TEST(EvaluateTest, Order36GeneralExpiresOnTheDayTheYearElapses) {
  const DecisionTable t = CompileTiny();
  EntitySpec e;
  e.records = {GeneralFine("2025-04-30", "2025-05-05")};
  EXPECT_EQ(RuleOf(t, Eval(t, e, "2026-04-30").records[kCc]), "O36-GEN");
  EXPECT_EQ(RuleOf(t, Eval(t, e, "2026-05-01").records[kCc]), "O36-EXP");
}

TEST(EvaluateTest, SeriousDropsOffByItselfAndUnpaidIsBlocked) {
  const DecisionTable t = CompileTiny();
  EntitySpec serious;
  RecordSpec r = GeneralFine("2026-05-10", "");
  r.severity = "serious";
  serious.records = {r};
  const Evaluated s = Eval(t, serious, "2026-11-22");
  EXPECT_EQ(s.records[kCc].status, RepairStatus::kDropsOff);
  EXPECT_EQ(FormatDate(Date{s.records[kCc].expires_on}), "2029-05-11");
  EXPECT_EQ(FormatDate(Date{s.entity.clean_by}), "2029-05-11");
  EXPECT_EQ(s.records[kCc].alerts, uint64_t{1} << kUnpaid);

  EntitySpec unpaid;
  unpaid.records = {GeneralFine("2024-06-15", "")};
  const Evaluated u = Eval(t, unpaid, "2025-06-01");
  EXPECT_EQ(u.records[kCc].status, RepairStatus::kNotRepairable);
  EXPECT_EQ(RuleOf(t, u.records[kCc]), "O58-UNPAID");
  EXPECT_EQ(FormatDate(Date{u.records[kCc].expires_on}), "2027-06-16");
  EXPECT_EQ(u.records[kCc].alerts, uint64_t{1} << kUnpaid);
  EXPECT_FALSE(u.entity.raw_materials.Any());
}

TEST(EvaluateTest, UndecidedFutureAndInvalidUscc) {
  const DecisionTable t = CompileTiny();
  EntitySpec e;
  e.uscc = "91350200MA31E12PX0";  // wrong check character
  RecordSpec abnormal;
  abnormal.id = "A1";
  abnormal.kind = "abnormal_list";
  abnormal.penalty = "warning";
  abnormal.shown_on = {"np"};
  abnormal.decision = "2024-07-10";
  RecordSpec future = GeneralFine("2027-01-01", "");
  future.id = "F1";
  e.records = {abnormal, future};
  const Evaluated o = Eval(t, e, "2026-11-22");
  // The abnormal listing is shown on NECIPS but not corrected: no row decides it.
  EXPECT_EQ(o.records[kNp].rule, kNoRow);
  EXPECT_EQ(o.records[kNp].status, RepairStatus::kNotShown);
  EXPECT_EQ(RuleOf(t, o.records[kCc]), "V1");
  // A record decided after the evaluation date does not exist yet.
  EXPECT_EQ(o.records[2 + kCc].rule, kNoRow);
  EXPECT_EQ(o.records[2 + kNp].rule, kNoRow);
  EXPECT_EQ(o.entity.alerts, uint64_t{1} << kBadUscc);
  EXPECT_EQ(o.entity.shown, 0u);
  // The undecided listing is still published: when the entity will be clean is unknown.
  EXPECT_EQ(o.entity.clean_by, kNoDay);

  e.records[0].corrected = "2026-10-09";
  const Evaluated fixed = Eval(t, e, "2026-11-22");
  EXPECT_EQ(RuleOf(t, fixed.records[kNp]), "AB-1");
  EXPECT_EQ(fixed.records[kNp].status, RepairStatus::kEligibleNow);
  EXPECT_EQ(fixed.records[kNp].channel, kNp);
  EXPECT_EQ(FormatDate(Date{fixed.records[kNp].eligible_from}), "2026-10-09");
  EXPECT_EQ(FormatDate(Date{fixed.entity.clean_by}), "2026-11-22");  // can apply today
}

TEST(EvaluateTest, PriorityPicksTheHighestPriorityStatusNotTheFirstRow) {
  EntitySpec e;
  RecordSpec r = GeneralFine("2024-06-15", "");
  r.repaired = {{"cc", "2025-01-10"}};
  e.records = {r};
  const DecisionTable first = CompileTiny("FIRST");
  const DecisionTable priority = CompileTiny("PRIORITY");
  EXPECT_EQ(RuleOf(first, Eval(first, e, "2025-06-01").records[kCc]), "V2");
  const RecordOutcome p = Eval(priority, e, "2025-06-01").records[kCc];
  EXPECT_EQ(RuleOf(priority, p), "O58-UNPAID");
  EXPECT_EQ(p.status, RepairStatus::kNotRepairable);
}

TEST(EvaluateTest, BatchEqualsPerEntityForAnyThreadCount) {
  const DecisionTable t = CompileTiny();
  std::vector<EntitySpec> es;
  for (int i = 0; i < 3000; ++i) {
    EntitySpec e;
    e.uscc = testing::NumberedUscc(i);  // distinct: the builder rejects duplicates
    e.records = {GeneralFine(i % 2 ? "2025-01-31" : "2023-12-31", i % 3 ? "2025-02-01" : "")};
    e.records[0].id = "R" + std::to_string(i);
    if (i % 5 == 0) e.records.clear();
    es.push_back(e);
  }
  const Population pop = testing::BuildPopulation(t, es);
  BatchResult one, two, four;
  ASSERT_TRUE(EvaluateBatch(t, pop, D("2025-06-01"), one, 1).ok());
  ASSERT_TRUE(EvaluateBatch(t, pop, D("2025-06-01"), two, 2).ok());
  ASSERT_TRUE(EvaluateBatch(t, pop, D("2025-06-01"), four, 4).ok());
  EXPECT_EQ(one.records, two.records);
  EXPECT_EQ(one.entities, two.entities);
  EXPECT_EQ(one.records, four.records);
  EXPECT_EQ(one.entities, four.entities);
  // Entity 0 has no records; record 0 is entity 1's, decided 2025-01-31 and paid.
  EXPECT_EQ(one.records[kCc].status, RepairStatus::kEligibleNow);
}

// BatchResult's arrays are sized without being written (OutcomeVector): EvaluateBatch must write
// every outcome itself — records that do not exist yet, entities without records, settled ones.
// A result filled with garbage first evaluates to what EvaluateEntity gives entity by entity.
TEST(EvaluateTest, BatchWritesEveryOutcomeOverGarbage) {
  const DecisionTable t = CompileTiny();
  std::vector<EntitySpec> es;
  for (int i = 0; i < 5000; ++i) {
    EntitySpec e;
    e.uscc = testing::NumberedUscc(i);
    e.records = {GeneralFine(i % 2 ? "2025-01-31" : "2023-12-31", i % 3 ? "2025-02-01" : "")};
    e.records[0].id = "R" + std::to_string(i);
    if (i % 5 == 0) e.records.clear();
    if (i % 7 == 0) e.records.push_back(GeneralFine("2026-03-01", ""));
    if (i % 7 == 0) e.records.back().id = "S" + std::to_string(i);
    es.push_back(e);
  }
  const Population pop = testing::BuildPopulation(t, es);
  for (const char* day : {"2024-06-01", "2025-06-01", "2026-06-01"}) {
    SCOPED_TRACE(day);
    for (int threads : {1, 2}) {
      BatchResult got;
      got.Resize(pop, pop.num_platforms);
      std::memset(static_cast<void*>(got.records.data()), 0xA5,
                  got.records.size() * sizeof(RecordOutcome));
      std::memset(static_cast<void*>(got.entities.data()), 0x5A,
                  got.entities.size() * sizeof(EntityOutcome));
      ASSERT_TRUE(EvaluateBatch(t, pop, D(day), got, threads).ok());
      Scratch scratch;
      const size_t np = static_cast<size_t>(pop.num_platforms);
      for (size_t e = 0; e < pop.num_entities(); ++e) {
        std::vector<RecordOutcome> want(
            static_cast<size_t>(pop.RecordsEnd(e) - pop.RecordsBegin(e)) * np);
        EntityOutcome want_entity;
        EvaluateEntity(t, pop, e, D(day), scratch, want.data(), &want_entity);
        ASSERT_EQ(got.entities[e], want_entity) << "entity " << e;
        for (size_t i = 0; i < want.size(); ++i) {
          ASSERT_EQ(got.records[pop.RecordsBegin(e) * np + i], want[i]) << "entity " << e;
        }
      }
    }
  }
}

}  // namespace
}  // namespace xiufu

namespace xiufu {
namespace XIUFU_UNITY_ID {

std::map<std::string, std::string> UniquePack(bool overlapping) {
  auto files = testing::TinyPackFiles("UNIQUE");
  files["tables/eligibility.csv"] =
      "rule_id,shown,severity,status,eligible_from,expires_on,channel,authority,reason_zh,reason_en,effective_from,effective_to,source\n"
      "U1,false,-,not_shown,-,-,-,-,未公示,Not shown,-,-,engine\n"
      "U2,true,general,eligible,decision_date + 3m,decision_date + 1y,cc,-,一般,General,-,-,Order 36\n"
      "U3,true,serious,drops_off,-,decision_date + 3y,-,-,严重,Serious,-,-,Order 36\n" +
      std::string(overlapping ? "U4,true,-,not_repairable,-,-,-,-,重叠,Overlap,-,-,test\n" : "");
  return files;
}

TEST(EvaluateTest, UniqueDecidesByTheOnlyMatchingRowAndLintFindsOverlaps) {
  auto loaded = LoadPack(testing::WritePackFiles("unique", UniquePack(false)));
  ASSERT_TRUE(loaded.ok() && loaded->ok());
  for (const Diagnostic& d : Lint(loaded->pack)) {
    EXPECT_NE(d.severity, Severity::kError) << FormatDiagnostic(d);
  }
  const DecisionTable t = *Compile(*loaded);
  testing::EntitySpec e;
  testing::RecordSpec r = GeneralFine("2026-05-10", "2026-05-20");
  r.severity = "serious";
  e.records = {GeneralFine("2026-05-10", "2026-05-20"), r};
  e.records[1].id = "R2";
  const Evaluated o = Eval(t, e, "2026-11-22");
  EXPECT_EQ(RuleOf(t, o.records[kCc]), "U2");
  EXPECT_EQ(o.records[kCc].status, RepairStatus::kEligibleNow);
  EXPECT_EQ(RuleOf(t, o.records[kNp]), "U1");
  EXPECT_EQ(RuleOf(t, o.records[2 + kCc]), "U3");
  EXPECT_EQ(FormatDate(Date{o.records[2 + kCc].expires_on}), "2029-05-11");

  auto bad = LoadPack(testing::WritePackFiles("unique-overlap", UniquePack(true)));
  ASSERT_TRUE(bad.ok() && bad->ok());
  std::vector<Diagnostic> overlaps;
  for (const Diagnostic& d : Lint(bad->pack)) {
    if (d.code == "overlap") overlaps.push_back(d);
  }
  ASSERT_EQ(overlaps.size(), 2u);  // U4 (shown, any severity) overlaps U2 and U3, not U1
  EXPECT_NE(overlaps[0].message.find("U4"), std::string::npos) << overlaps[0].message;
}

}  // namespace
}  // namespace xiufu
