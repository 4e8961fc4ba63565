// The state the evaluator keeps within one entity's evaluation (evaluate.h, Scratch): a blocked
// record's simulations — its own facts changed in place, or the entity copied when leaving the
// abnormal list moves repair dates — and the entity's facts on a regime change's day for
// forecasts. Simulations of both kinds interleave across a record's rounds and platforms and
// each must decide by its own facts; a scratch reused for a changed population must not decide
// by the facts of the old one.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/oracle_agrees.h"
#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "support/tiny_pack.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/outcome_text.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

// The tiny pack with two unblocking actions and `eligibility` as its eligibility table.
LoadResult PackWith(const std::string& name, const std::string& eligibility) {
  auto f = testing::TinyPackFiles();
  f["manifest.ini"] += "\n[files]\nactions = actions.csv\n";
  f["actions.csv"] =
      "code,effect,zh,en,source\n"
      "pay,fulfil,缴清罚款,pay the fine,test\n"
      "leave_abnormal_list,leave_abnormal,申请移出经营异常名录,apply to leave the abnormal list,test\n";
  f["tables/eligibility.csv"] = eligibility;
  auto loaded = LoadPack(testing::WritePackFiles(name, f));
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  for (const Diagnostic& dg : loaded->diagnostics) ADD_FAILURE() << FormatDiagnostic(dg);
  return *std::move(loaded);
}

// The entity's abnormal listing A1, decided on `decision`, shown on `shown`.
testing::RecordSpec Listing(const std::string& decision, std::vector<std::string> shown) {
  testing::RecordSpec listing;
  listing.id = "A1";
  listing.kind = "abnormal_list";
  listing.shown_on = std::move(shown);
  listing.decision = decision;
  return listing;
}

constexpr char kHeader[] =
    "rule_id,shown,repaired,department,record_kind,severity,sector,obligations_fulfilled,"
    "on_abnormal_list,status,actions,eligible_from,expires_on,channel,authority,reason_zh,"
    "reason_en,effective_from,effective_to,source\n";
// The abnormal listing's row in kHeader's columns: not repairable (it only lists the entity).
constexpr char kListingRow[] =
    "AB-NR,-,-,samr,abnormal_list,general,general,-,-,not_repairable,-,-,-,-,-,不可修复,"
    "Not repairable,-,-,test\n";

// A penalty is blocked until paid, then (its entity on the abnormal list) until the entity
// leaves the list. Each platform of the record simulates paying (the record's own facts
// changed: the entity still listed, so P-LISTED blocks again) and then paying and leaving (the
// entity copied: off the list, so P-ELIG decides). The second platform's first round repeats
// the first platform's first simulation after a copied one, and its second round repeats the
// copy after an own one: each must match by its own facts, not by what the other left behind.
TEST(SimulationStateTest, SimulationsOfBothKindsInterleaved) {
  const LoadResult loaded = PackWith(
      "simulation-interleaved",
      std::string(kHeader) +
          "V1,false,-,-,-,-,-,-,-,not_shown,-,-,-,-,-,未公示,Not shown,-,-,test\n"
          "V2,true,true,-,-,-,-,-,-,repaired,-,-,-,-,-,已修复,Repaired,-,-,test\n"
          "P-UNPAID,-,-,samr,penalty,general,general,false,-,blocked,pay,-,-,cc,-,须先缴款,Pay first,"
          "-,-,test\n"
          "P-LISTED,-,-,samr,penalty,general,general,-,true,blocked,leave_abnormal_list,-,-,cc,-,"
          "须先移出,Leave first,-,-,test\n"
          "P-ELIG,-,-,samr,penalty,general,general,-,-,eligible,-,decision_date + 3m,-,cc,-,可申请,"
          "Eligible,-,-,test\n"
          + kListingRow);
  auto table = Compile(loaded);
  ASSERT_TRUE(table.ok()) << table.status();

  testing::RecordSpec penalty;
  penalty.id = "P1";
  penalty.shown_on = {"cc", "np"};
  penalty.decision = "2026-10-01";
  const testing::RecordSpec listing = Listing("2026-02-01", {"cc", "np"});
  testing::EntitySpec entity;
  entity.records = {penalty, listing};
  const Population pop = testing::BuildPopulation(*table, {entity});
  const Date day = *ParseDate("2026-11-22");
  BatchResult got;
  ASSERT_TRUE(EvaluateBatch(*table, pop, day, got, 1).ok());
  for (int p = 0; p < pop.num_platforms; ++p) {
    const RecordOutcome& o = got.records[static_cast<size_t>(p)];  // P1 on platform p
    SCOPED_TRACE(p);
    EXPECT_EQ(o.status, RepairStatus::kBlocked);
    EXPECT_EQ(ActionCodes(*table, o.actions), "pay|leave_abnormal_list");
    // Paid and off the list today: eligible once three months from the decision have passed
    // (the period's last day 2027-01-01, PeriodEnd the day after).
    EXPECT_EQ(FormatDate(Date{o.eligible_from}), "2027-01-02");
  }
  testing::ExpectOracleAgreesOn(loaded.pack, *table, pop, day);
  testing::ExpectOracleAgrees(loaded.pack, *table, 800, 5);
}

// An entity with more records than kSameTypeTableFrom has its same-type facts computed together
// (SameTypeTable); its copy for a simulation that leaves the abnormal list has the same
// departments, kinds and decision dates, so the same facts. Here they decide once the entity
// is copied: paid and off the list, a penalty with a later one of its type is not repairable
// (no date), the latest is eligible (three months after its decision: today).
TEST(SimulationStateTest, CopiedEntityWithManyRecordsKeepsItsSameTypeFacts) {
  const LoadResult loaded = PackWith(
      "simulation-same-type",
      "rule_id,shown,repaired,department,record_kind,severity,sector,obligations_fulfilled,"
      "on_abnormal_list,later_same_type,status,actions,eligible_from,expires_on,channel,"
      "authority,reason_zh,reason_en,effective_from,effective_to,source\n"
      "V1,false,-,-,-,-,-,-,-,-,not_shown,-,-,-,-,-,未公示,Not shown,-,-,test\n"
      "V2,true,true,-,-,-,-,-,-,-,repaired,-,-,-,-,-,已修复,Repaired,-,-,test\n"
      "P-UNPAID,-,-,samr,penalty,general,general,false,-,-,blocked,pay,-,-,cc,-,须先缴款,"
      "Pay first,-,-,test\n"
      "P-LISTED,-,-,samr,penalty,general,general,-,true,-,blocked,leave_abnormal_list,-,-,cc,-,"
      "须先移出,Leave first,-,-,test\n"
      "P-LATER,-,-,samr,penalty,general,general,-,-,true,not_repairable,-,-,-,-,-,不可提前修复,"
      "Not repairable early,-,-,test\n"
      "P-ELIG,-,-,samr,penalty,general,general,-,-,-,eligible,-,decision_date + 3m,-,cc,-,可申请,"
      "Eligible,-,-,test\n"
      "AB-NR,-,-,samr,abnormal_list,general,general,-,-,-,not_repairable,-,-,-,-,-,不可修复,"
      "Not repairable,-,-,test\n");
  auto table = Compile(loaded);
  ASSERT_TRUE(table.ok()) << table.status();

  testing::EntitySpec entity;
  constexpr int kPenalties = 40;
  static_assert(kPenalties > internal::kSameTypeTableFrom);
  for (int i = 0; i < kPenalties; ++i) {
    testing::RecordSpec penalty;
    penalty.id = "P" + std::to_string(i);
    penalty.shown_on = {"cc"};
    // 2026-01-01 + i days; the last, 2026-02-09, is the latest.
    penalty.decision = FormatDate(Date{ParseDate("2026-01-01")->days + i});
    entity.records.push_back(penalty);
  }
  const testing::RecordSpec listing = Listing("2025-12-01", {"cc"});
  entity.records.push_back(listing);
  const Population pop = testing::BuildPopulation(*table, {entity});
  const Date day = *ParseDate("2026-11-22");
  const int cc = Dictionary::FromTable(*table)->Find(InputDomain::kPlatform, "cc");
  ASSERT_GE(cc, 0);
  BatchResult got;
  ASSERT_TRUE(EvaluateBatch(*table, pop, day, got, 1).ok());
  for (int i = 0; i < kPenalties; ++i) {
    const RecordOutcome& o =
        got.records[static_cast<size_t>(i) * static_cast<size_t>(pop.num_platforms) +
                    static_cast<size_t>(cc)];
    SCOPED_TRACE(i);
    EXPECT_EQ(o.status, RepairStatus::kBlocked);
    EXPECT_EQ(ActionCodes(*table, o.actions), "pay|leave_abnormal_list");
    if (i + 1 < kPenalties) {
      EXPECT_EQ(o.eligible_from, kNoDay);
    } else {  // decided 2026-02-09: eligible from 2026-05-10, so on the day the actions are done
      EXPECT_EQ(o.eligible_from, day.days);
    }
  }
  testing::ExpectOracleAgreesOn(loaded.pack, *table, pop, day);
}

// A record eligible after the regime change of 2026-04-01 is decided again as of that day, by
// the entity's facts on that day (there: listed → not repairable, no date). The same scratch
// evaluating the entity again after its listing became a penalty must see it off the list: NEW
// then gives three months from the decision, 2026-04-06.
TEST(SimulationStateTest, ForecastFollowsTheEntityItIsGiven) {
  const LoadResult loaded = PackWith(
      "simulation-forecast",
      std::string(kHeader) +
          "V1,false,-,-,-,-,-,-,-,not_shown,-,-,-,-,-,未公示,Not shown,-,-,test\n"
          "OLD,-,-,samr,penalty,general,general,-,-,eligible,-,decision_date + 6m,-,cc,-,可申请,"
          "Eligible,-,2026-03-31,test\n"
          "NEW-LISTED,-,-,samr,penalty,general,general,-,true,not_repairable,-,-,-,-,-,不可修复,"
          "Not repairable,2026-04-01,-,test\n"
          "NEW,-,-,samr,penalty,general,general,-,-,eligible,-,decision_date + 3m,-,cc,-,可申请,"
          "Eligible,2026-04-01,-,test\n"
          + kListingRow);
  auto table = Compile(loaded);
  ASSERT_TRUE(table.ok()) << table.status();

  testing::RecordSpec penalty;
  penalty.id = "P1";
  penalty.shown_on = {"cc"};
  penalty.decision = "2026-01-05";
  const testing::RecordSpec listing = Listing("2026-01-02", {"cc"});
  testing::EntitySpec entity;
  entity.records = {penalty, listing};
  Population pop = testing::BuildPopulation(*table, {entity});
  const Date day = *ParseDate("2026-01-15");
  const int cc = Dictionary::FromTable(*table)->Find(InputDomain::kPlatform, "cc");
  ASSERT_GE(cc, 0);
  const size_t i = static_cast<size_t>(cc);  // P1 on cc

  Scratch scratch;
  std::vector<RecordOutcome> records(pop.num_records() * static_cast<size_t>(pop.num_platforms));
  EntityOutcome eo;
  EvaluateEntity(*table, pop, 0, day, scratch, records.data(), &eo);
  EXPECT_EQ(records[i].status, RepairStatus::kEligibleLater);
  EXPECT_EQ(records[i].eligible_from, kNoDay);  // listed on 2026-04-01: not repairable then
  testing::ExpectOracleAgreesOn(loaded.pack, *table, pop, day);

  // The listing becomes a penalty (same population object, same scratch): off the list on
  // 2026-04-01, where NEW decides P1.
  pop.record_kind[1] = pop.record_kind[0];
  EvaluateEntity(*table, pop, 0, day, scratch, records.data(), &eo);
  EXPECT_EQ(records[i].status, RepairStatus::kEligibleLater);
  EXPECT_EQ(FormatDate(Date{records[i].eligible_from}), "2026-04-06");
  testing::ExpectOracleAgreesOn(loaded.pack, *table, pop, day);
}

}  // namespace
}  // namespace xiufu
