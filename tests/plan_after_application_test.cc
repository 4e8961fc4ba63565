// What a plan decides again after an application (plan.cc): the applied record alone when
// nothing else can change, and then the actions it newly needs are still found.
#include <gtest/gtest.h>

#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "support/tiny_pack.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/plan.h"

namespace xiufu {
namespace {

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
  auto loaded = LoadPack(testing::WritePackFiles("plan-after-application", f));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  for (const Diagnostic& dg : loaded->diagnostics) ADD_FAILURE() << FormatDiagnostic(dg);
  auto table = Compile(*loaded);
  ASSERT_TRUE(table.ok()) << table.status();

  testing::RecordSpec fine;
  fine.shown_on = {"cc", "np"};
  fine.decision = "2026-06-01";
  fine.fine = 5000;  // unpaid
  testing::EntitySpec entity;
  entity.records = {fine};
  const Population pop = testing::BuildPopulation(*table, {entity});
  const Date day = *ParseDate("2026-11-22");
  for (bool by_record : {true, false}) {
    SCOPED_TRACE(by_record);
    absl::StatusOr<RepairPlan> plan = by_record ? PlanEntity(*table, pop, 0, day)
                                                : internal::PlanEntityDecidingAll(*table, pop, 0, day);
    ASSERT_TRUE(plan.ok()) << plan.status();
    ASSERT_EQ(plan->steps.size(), 3u) << PlanText(*table, pop, *plan, Lang::kEn);
    EXPECT_EQ(plan->steps[0].kind, PlanStep::Kind::kAction);
    EXPECT_EQ(table->ActionCode(plan->steps[0].action), "pay");
    EXPECT_EQ(plan->steps[1].kind, PlanStep::Kind::kApply);
    EXPECT_EQ(table->PlatformCode(plan->steps[1].platform), "cc");
    EXPECT_EQ(plan->steps[2].kind, PlanStep::Kind::kApply);
    EXPECT_EQ(table->PlatformCode(plan->steps[2].platform), "np");
    for (const PlanStep& s : plan->steps) EXPECT_EQ(s.date, day.days);
    EXPECT_EQ(plan->clean_by, day.days);
  }
}

}  // namespace
}  // namespace xiufu
