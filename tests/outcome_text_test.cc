// Hand-checked rendering of outcomes (outcome_text.h) on the mini example pack.
#include "xiufu/runtime/outcome_text.h"

#include <gtest/gtest.h>

#include <string>

#include "xiufu/compile.h"
#include "xiufu/runtime/blob.h"
#include "xiufu/serialize.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

DecisionTable Mini() {
  auto loaded = LoadPack(std::string(XIUFU_SOURCE_DIR) + "/examples/packs/mini");
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  auto table = Compile(*loaded);
  EXPECT_TRUE(table.ok()) << table.status();
  return *table;
}

uint32_t RowOf(const DecisionTable& t, std::string_view rule_id) {
  for (uint32_t r = 0; r < t.NumRows(); ++r) {
    if (t.RuleId(r) == rule_id) return r;
  }
  ADD_FAILURE() << "no row " << rule_id;
  return kNoRow;
}

int AlertOf(const DecisionTable& t, std::string_view code) {
  for (int a = 0; a < t.NumAlerts(); ++a) {
    if (t.AlertCode(a) == code) return a;
  }
  ADD_FAILURE() << "no alert " << code;
  return -1;
}

TEST(OutcomeText, RendersReasonFieldsInBothLanguages) {
  const DecisionTable t = Mini();
  const uint32_t row = RowOf(t, "C58-GEN");
  MessageArgs a;
  a.eligible_from = FromYmd(2025, 5, 1).days;
  a.rule = row;
  EXPECT_EQ(RenderReason(t, row, a, Lang::kZh), "2025-05-01起可在信用中国申请修复");
  EXPECT_EQ(RenderReason(t, row, a, Lang::kEn), "can be repaired on Credit China from 2025-05-01");
  EXPECT_EQ(ReasonFields(t, row, Lang::kZh), 1u << static_cast<int>(MessageField::kEligibleFrom));
  // No row: no reason.
  EXPECT_EQ(RenderReason(t, kNoRow, a, Lang::kZh), "");
}

TEST(OutcomeText, PlatformNamesComeFromThePack) {
  const DecisionTable t = Mini();
  const uint32_t row = RowOf(t, "B-01");
  MessageArgs a;
  a.platform = t.DomainIndex("platform") >= 0 ? 2 : -1;  // necips
  EXPECT_EQ(RenderReason(t, row, a, Lang::kZh), "该记录未在国家企业信用信息公示系统公示");
  EXPECT_EQ(RenderReason(t, row, a, Lang::kEn), "the record is not shown on NECIPS");
  a.platform = -1;  // an empty field renders as nothing
  EXPECT_EQ(RenderReason(t, row, a, Lang::kEn), "the record is not shown on ");
}

TEST(OutcomeText, AlertsWithTwoFields) {
  const DecisionTable t = Mini();
  const int alert = AlertOf(t, "window_opening");
  MessageArgs a;
  a.platform = 0;
  a.eligible_from = FromYmd(2026, 4, 1).days;
  EXPECT_EQ(RenderAlert(t, alert, a, Lang::kZh), "信用中国上的记录将于2026-04-01起可申请修复");
  EXPECT_EQ(RenderAlert(t, alert, a, Lang::kEn),
            "the record on Credit China can be repaired from 2026-04-01");
  EXPECT_EQ(AlertFields(t, alert, Lang::kEn),
            (1u << static_cast<int>(MessageField::kPlatform)) |
                (1u << static_cast<int>(MessageField::kEligibleFrom)));
  EXPECT_EQ(RenderAlert(t, -1, a, Lang::kEn), "");
  EXPECT_EQ(RenderAlert(t, t.NumAlerts(), a, Lang::kEn), "");
}

TEST(OutcomeText, TemplatesSurviveTheBlob) {
  const DecisionTable t = Mini();
  auto back = DeserializeTable(SerializeTable(t));
  ASSERT_TRUE(back.ok()) << back.status();
  const int alert = AlertOf(t, "window_opening");
  MessageArgs a;
  a.platform = 1;
  a.eligible_from = FromYmd(2027, 1, 15).days;
  EXPECT_EQ(RenderAlert(*back, alert, a, Lang::kZh), RenderAlert(t, alert, a, Lang::kZh));
  EXPECT_EQ(SerializeTable(*back), SerializeTable(t));  // derived caches are not stored
}

TEST(OutcomeText, UndecidedOnlyWhenShownAndNoRowDecided) {
  RecordOutcome o;  // rule kNoRow, status not_shown
  EXPECT_EQ(StatusCodeOf(o, true), "undecided");
  EXPECT_EQ(StatusNameOf(o, true, Lang::kZh), "未判定");
  EXPECT_EQ(StatusCodeOf(o, false), "not_shown");
  o.rule = 3;
  o.status = RepairStatus::kEligibleLater;
  EXPECT_EQ(StatusCodeOf(o, true), "eligible_later");
  EXPECT_EQ(StatusNameOf(o, true, Lang::kEn), "eligible later");
}

TEST(OutcomeText, CodeListsInCatalogueOrder) {
  const DecisionTable t = Mini();
  Bits128 m;
  m.Set(2);
  m.Set(0);
  EXPECT_EQ(MaterialCodes(t, m), std::string(t.MaterialCode(0)) + "|" + std::string(t.MaterialCode(2)));
  EXPECT_EQ(MaterialCodes(t, Bits128{}), "");
  EXPECT_EQ(AlertCodes(t, 0b101, ","),
            std::string(t.AlertCode(0)) + "," + std::string(t.AlertCode(2)));
}

// The Append forms add to what the string holds (the report writers render row after row into
// one string, cleared between rows) and give what the string forms give.
TEST(OutcomeText, AppendFormsAddToTheString) {
  const DecisionTable t = Mini();
  const uint32_t row = RowOf(t, "C58-GEN");
  MessageArgs a;
  a.eligible_from = FromYmd(2025, 5, 1).days;
  a.rule = row;
  std::string out = "前缀|";
  AppendReason(&out, t, row, a, Lang::kZh);
  EXPECT_EQ(out, "前缀|2025-05-01起可在信用中国申请修复");
  AppendReason(&out, t, kNoRow, a, Lang::kEn);  // no row: nothing added
  EXPECT_EQ(out, "前缀|2025-05-01起可在信用中国申请修复");
  const int alert = AlertOf(t, "window_opening");
  a.platform = 0;
  out = "x";
  AppendAlert(&out, t, alert, a, Lang::kEn);
  EXPECT_EQ(out, "x" + RenderAlert(t, alert, a, Lang::kEn));
  Bits128 m;
  m.Set(1);
  m.Set(0);
  out = "m:";
  AppendMaterialCodes(&out, t, m);
  EXPECT_EQ(out, "m:" + MaterialCodes(t, m));
  out = "a:";
  AppendAlertCodes(&out, t, 0b11, ",");
  EXPECT_EQ(out, "a:" + std::string(t.AlertCode(0)) + "," + std::string(t.AlertCode(1)));
  out = "";
  AppendActionCodes(&out, t, 0);
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace xiufu
