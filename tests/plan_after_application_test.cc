// What a plan decides again after an application (plan.cc): the applied record alone when
// nothing else can change, and then the actions it newly needs are still found.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "support/tiny_pack.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/plan.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

// The pack of `files` compiled; a load or compile failure fails the test.
DecisionTable CompileFiles(const std::string& name, const std::map<std::string, std::string>& f) {
  auto loaded = LoadPack(testing::WritePackFiles(name, f));
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  if (!loaded.ok()) return DecisionTable();
  for (const Diagnostic& dg : loaded->diagnostics) ADD_FAILURE() << FormatDiagnostic(dg);
  auto table = Compile(*loaded);
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *std::move(table) : DecisionTable();
}

// Entity 0's plan as of `day`, record by record and deciding the whole entity every time, is the
// applications `want` (record id, day) in that order and nothing else.
void ExpectApplications(const DecisionTable& table, const Population& pop, Date day,
                        const std::vector<std::pair<std::string, std::string>>& want) {
  for (bool by_record : {true, false}) {
    SCOPED_TRACE(by_record);
    absl::StatusOr<RepairPlan> plan = by_record ? PlanEntity(table, pop, 0, day)
                                                : internal::PlanEntityDecidingAll(table, pop, 0, day);
    ASSERT_TRUE(plan.ok()) << plan.status();
    const std::string text = PlanText(table, pop, *plan, Lang::kEn);
    ASSERT_EQ(plan->steps.size(), want.size()) << text;
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(plan->steps[i].kind, PlanStep::Kind::kApply) << text;
      EXPECT_EQ(pop.record_id[plan->steps[i].records[0]], want[i].first) << text;
      EXPECT_EQ(FormatDate(Date{plan->steps[i].date}), want[i].second) << text;
    }
  }
}

// On NECIPS a penalty waits for its repair elsewhere; once repaired on Credit China it is
// blocked there until the fine is paid, then eligible. Only the penalty's own outcomes change
// with its application on Credit China, so the plan decides it alone again — and must still
// see that it now needs the payment: pay, then apply on NECIPS the same day.
TEST(PlanAfterApplicationTest, ActionsNeededAfterAnApplicationAreFound) {
  auto f = testing::TinyPackFiles();
  f["manifest.ini"] += "\n[files]\nactions = actions.csv\n";
  f["actions.csv"] = "code,effect,zh,en,source\npay,fulfil,缴清罚款,pay the fine,test\n";
  f["tables/eligibility.csv"] =
      "rule_id,platform,shown,repaired,repaired_elsewhere,department,record_kind,severity,sector,"
      "obligations_fulfilled,status,actions,eligible_from,expires_on,channel,authority,reason_zh,"
      "reason_en,effective_from,effective_to,source\n"
      "V1,-,false,-,-,-,-,-,-,-,not_shown,-,-,-,-,-,未公示,Not shown,-,-,test\n"
      "V2,-,true,true,-,-,-,-,-,-,repaired,-,-,-,-,-,已修复,Repaired,-,-,test\n"
      "NP-WAIT,np,-,-,false,samr,penalty,general,general,-,not_repairable,-,-,-,-,-,待其他平台修复,"
      "Wait for the other platform,-,-,test\n"
      "NP-UNPAID,np,-,-,true,samr,penalty,general,general,false,blocked,pay,-,-,np,-,须先缴款,"
      "Pay first,-,-,test\n"
      "NP-ELIG,np,-,-,true,samr,penalty,general,general,-,eligible,-,as_of,-,np,-,可申请,Eligible,"
      "-,-,test\n"
      "CC-ELIG,cc,-,-,-,samr,penalty,general,general,-,eligible,-,as_of,-,cc,-,可申请,Eligible,-,-,"
      "test\n";
  const DecisionTable table = CompileFiles("plan-after-application", f);
  ASSERT_TRUE(table.valid());

  testing::RecordSpec fine;
  fine.shown_on = {"cc", "np"};
  fine.decision = "2026-06-01";
  fine.fine = 5000;  // unpaid
  testing::EntitySpec entity;
  entity.records = {fine};
  const Population pop = testing::BuildPopulation(table, {entity});
  const Date day = *ParseDate("2026-11-22");
  for (bool by_record : {true, false}) {
    SCOPED_TRACE(by_record);
    absl::StatusOr<RepairPlan> plan = by_record ? PlanEntity(table, pop, 0, day)
                                                : internal::PlanEntityDecidingAll(table, pop, 0, day);
    ASSERT_TRUE(plan.ok()) << plan.status();
    ASSERT_EQ(plan->steps.size(), 3u) << PlanText(table, pop, *plan, Lang::kEn);
    EXPECT_EQ(plan->steps[0].kind, PlanStep::Kind::kAction);
    EXPECT_EQ(table.ActionCode(plan->steps[0].action), "pay");
    EXPECT_EQ(plan->steps[1].kind, PlanStep::Kind::kApply);
    EXPECT_EQ(table.PlatformCode(plan->steps[1].platform), "cc");
    EXPECT_EQ(plan->steps[2].kind, PlanStep::Kind::kApply);
    EXPECT_EQ(table.PlatformCode(plan->steps[2].platform), "np");
    for (const PlanStep& s : plan->steps) EXPECT_EQ(s.date, day.days);
    EXPECT_EQ(plan->clean_by, day.days);
  }
}

// Repairing an abnormal listing can leave the entity's listing on the day as it was and still
// change it on a later regime change, which other records' forecasts read. Here A0 (shown
// nowhere, repaired on 2026-02-01) keeps the entity listed on 2026-01-15 whether or not A1 is
// repaired; on 2026-04-01 only A1 lists it. P, eligible under the old rule from 2026-07-06, is
// forecast by the new rule in force from 2026-04-01: not repairable while the entity is listed,
// eligible from 2026-04-06 (three months after its decision) when not. After A1's application
// the plan must decide P again: apply for A1 today, for P on 2026-04-06.
TEST(PlanAfterApplicationTest, ListingsOnALaterRegimeChangeDecideOtherRecords) {
  auto f = testing::TinyPackFiles();
  f["tables/eligibility.csv"] =
      "rule_id,shown,on_abnormal_list,record_kind,severity,sector,status,eligible_from,expires_on,"
      "channel,authority,reason_zh,reason_en,effective_from,effective_to,source\n"
      "V1,false,-,-,-,-,not_shown,-,-,-,-,未公示,Not shown,-,-,test\n"
      "AB,-,-,abnormal_list,general,general,eligible,as_of,-,np,-,可申请移出,May leave,-,-,test\n"
      "OLD,-,-,penalty,general,general,eligible,decision_date + 6m,-,cc,-,可申请,Eligible,-,"
      "2026-03-31,test\n"
      "NEW-LISTED,-,true,penalty,general,general,not_repairable,-,-,-,-,不可修复,Not repairable,"
      "2026-04-01,-,test\n"
      "NEW,-,-,penalty,general,general,eligible,decision_date + 3m,-,cc,-,可申请,Eligible,"
      "2026-04-01,-,test\n";
  const DecisionTable table = CompileFiles("plan-listing-later", f);
  ASSERT_TRUE(table.valid());

  testing::RecordSpec a0;
  a0.id = "A0";
  a0.kind = "abnormal_list";
  a0.decision = "2025-06-01";
  a0.repaired = {{"cc", "2026-02-01"}};
  testing::RecordSpec a1 = a0;
  a1.id = "A1";
  a1.decision = "2025-12-01";
  a1.shown_on = {"np"};
  a1.repaired.clear();
  testing::RecordSpec p;
  p.id = "P";
  p.shown_on = {"cc"};
  p.decision = "2026-01-05";
  testing::EntitySpec entity;
  entity.records = {a0, a1, p};
  const Population pop = testing::BuildPopulation(table, {entity});
  ExpectApplications(table, pop, *ParseDate("2026-01-15"),
                     {{"A1", "2026-01-15"}, {"P", "2026-04-06"}});
}

// Repairing the entity's earliest abnormal listing while a later one stays changes how long it
// has been listed, which other records' rules read. A_EARLY (listed 2025-01-01) may leave the
// list today, A_LATE (2026-09-01) from the day after its first three months; P is not
// repairable while the entity has been listed for a year or more. Once A_EARLY is repaired the
// entity is listed since 2026-09-01, under a year: P is eligible today, not only once A_LATE is
// repaired on 2026-12-02. (The plan must see the listing's day move though the entity stays
// listed.)
TEST(PlanAfterApplicationTest, ALaterListingStillThereTheListingsDayMoves) {
  auto f = testing::TinyPackFiles();
  f["tables/eligibility.csv"] =
      "rule_id,shown,since_abnormal_listed,record_kind,severity,sector,status,eligible_from,"
      "expires_on,channel,authority,reason_zh,reason_en,effective_from,effective_to,source\n"
      "V1,false,-,-,-,-,not_shown,-,-,-,-,未公示,Not shown,-,-,test\n"
      "AB,-,-,abnormal_list,general,general,eligible,decision_date + 3m,-,np,-,可申请移出,"
      "May leave,-,-,test\n"
      "LONG,-,>= 12m,penalty,general,general,not_repairable,-,-,-,-,列入经营异常名录满一年,"
      "Listed a year or more,-,-,test\n"
      "P,-,-,penalty,general,general,eligible,as_of,-,cc,-,可申请,Eligible,-,-,test\n";
  const DecisionTable table = CompileFiles("plan-listing-since", f);
  ASSERT_TRUE(table.valid());

  testing::RecordSpec early;
  early.id = "A_EARLY";
  early.kind = "abnormal_list";
  early.decision = "2025-01-01";
  early.shown_on = {"np"};
  testing::RecordSpec late = early;
  late.id = "A_LATE";
  late.decision = "2026-09-01";
  testing::RecordSpec p;
  p.id = "P";
  p.shown_on = {"cc"};
  p.decision = "2026-06-01";
  testing::EntitySpec entity;
  entity.records = {early, late, p};
  const Population pop = testing::BuildPopulation(table, {entity});
  ExpectApplications(table, pop, *ParseDate("2026-11-22"),
                     {{"A_EARLY", "2026-11-22"}, {"P", "2026-11-22"}, {"A_LATE", "2026-12-02"}});
}

}  // namespace
}  // namespace xiufu
