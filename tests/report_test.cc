// Tests for include/xiufu/report.h on the tiny pack (tests/support/tiny_pack.cc): summary counts
// checked by hand, catalogue materials across the 2026-04-01 regime change, the output files.
#include "xiufu/compile.h"
#include "xiufu/report.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "support/tiny_pack.h"
#include "xiufu/pack.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;
using testing::EntitySpec;
using testing::RecordSpec;

DecisionTable CompileTiny() {
  const std::string dir = testing::WritePackFiles("report", testing::TinyPackFiles());
  absl::StatusOr<LoadResult> loaded = LoadPack(dir);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<DecisionTable> table = Compile(*loaded);
  EXPECT_TRUE(table.ok()) << table.status();
  return *table;
}

Date D(const char* s) { return *ParseDate(s); }

constexpr char kValid[] = "91350200MA31E12PXF";
constexpr char kInvalid[] = "91350200MA31E12PXA";  // wrong check character
constexpr char kOther[] = "91330105MA2419NN9K";

// Evaluated at 2026-03-01 (Order 58 rows in force), by hand:
//   R1 cc: O58-ELIG, eligible from 2025-05-01 → eligible_now; window_open; 3 raw materials.
//   R1 np: not shown (V1).
//   R2 cc/np: unpaid fine → O58-UNPAID not_repairable, expires 2028-12-02; unpaid on both.
//   R3 cc: repaired (V2); np: V1.
//   R4 (invalid USCC entity) np: abnormal listing not corrected → no row matches: undecided.
//   R4 cc: V1. Entity alert bad_uscc.
//   R5 (decided after the evaluation date) does not exist yet: not shown on both.
std::vector<EntitySpec> District() {
  EntitySpec a;
  a.uscc = kValid;
  RecordSpec r1;
  r1.id = "R1";
  r1.shown_on = {"cc"};
  r1.decision = "2025-01-31";
  r1.fulfilled = "2025-02-10";
  r1.fine = 3000;
  RecordSpec r2 = r1;
  r2.id = "R2";
  r2.shown_on = {"cc", "np"};
  r2.decision = "2025-12-01";
  r2.fulfilled = "";
  r2.fine = 500;
  RecordSpec r3 = r1;
  r3.id = "R3";
  r3.decision = "2024-01-01";
  r3.fulfilled = "2024-01-05";
  r3.repaired = {{"cc", "2025-06-01"}};
  a.records = {r1, r2, r3};

  EntitySpec b;
  b.uscc = kInvalid;
  RecordSpec r4;
  r4.id = "R4";
  r4.kind = "abnormal_list";
  r4.penalty = "warning";
  r4.shown_on = {"np"};
  r4.decision = "2025-08-01";
  b.records = {r4};

  EntitySpec c;
  c.uscc = kOther;
  RecordSpec r5 = r1;
  r5.id = "R5";
  r5.decision = "2026-06-01";
  r5.fulfilled = "";
  c.records = {r5};
  return {a, b, c};
}

struct Fixture {
  DecisionTable table = CompileTiny();
  Population pop = testing::BuildPopulation(table, District());
  BatchResult batch;
  Date as_of = D("2026-03-01");
  Fixture() {
    const absl::Status st = EvaluateBatch(table, pop, as_of, batch, 1);
    EXPECT_TRUE(st.ok()) << st;
  }
};

TEST(ReportTest, SummaryCountsEveryRecordPlatformPairOnce) {
  Fixture f;
  RunInfo info;
  info.threads = 1;
  info.rejected_records = 2;
  info.invalid_uscc = 1;
  const RunSummary s = Summarize(f.table, f.pop, f.batch, f.as_of, info);
  EXPECT_EQ(s.pack_name, "tiny");
  EXPECT_EQ(s.as_of, "2026-03-01");
  EXPECT_EQ(s.entities, 3u);
  EXPECT_EQ(s.records, 5u);
  EXPECT_EQ(s.entities_with_records, 3u);
  EXPECT_EQ(s.entities_shown, 1u);
  ASSERT_EQ(s.platforms.size(), 2u);

  const PlatformSummary& cc = s.platforms[0];
  EXPECT_EQ(cc.code, "cc");
  EXPECT_EQ(cc.zh, "信用中国");
  EXPECT_EQ(cc.eligible_now, 1u);
  EXPECT_EQ(cc.eligible_later, 0u);
  EXPECT_EQ(cc.not_repairable, 1u);
  EXPECT_EQ(cc.repaired, 1u);
  EXPECT_EQ(cc.not_shown, 2u);
  EXPECT_EQ(cc.undecided, 0u);
  const PlatformSummary& np = s.platforms[1];
  EXPECT_EQ(np.not_repairable, 1u);
  EXPECT_EQ(np.not_shown, 3u);
  EXPECT_EQ(np.undecided, 1u);
  EXPECT_EQ(np.total(), 5u);
  EXPECT_EQ(s.all.total(), 10u);
  EXPECT_EQ(s.all.not_repairable, 2u);

  // Materials: R1 on cc asks for m_form, m_licence, m_receipt → application + proof.
  EXPECT_EQ(s.materials.catalogue_raw, 3u);
  EXPECT_EQ(s.materials.catalogue_canonical, 2u);
  EXPECT_EQ(s.materials.district_raw, 3u);
  EXPECT_EQ(s.materials.district_canonical, 2u);
  EXPECT_EQ(s.materials.entities_asked, 1u);

  ASSERT_EQ(s.alerts.size(), 3u);
  EXPECT_EQ(s.alerts[0].code, "window_open");
  EXPECT_EQ(s.alerts[0].count, 1u);
  EXPECT_EQ(s.alerts[0].zh, "可申请日起可申请修复");  // placeholder made generic
  EXPECT_EQ(s.alerts[1].code, "unpaid");
  EXPECT_EQ(s.alerts[1].count, 2u);  // R2 on cc and on np
  EXPECT_EQ(s.alerts[1].entities, 1u);
  EXPECT_EQ(s.alerts[1].severity, "warning");
  EXPECT_EQ(s.alerts[2].code, "bad_uscc");
  EXPECT_EQ(s.alerts[2].count, 1u);
  EXPECT_EQ(s.alerts[2].en, "USCC check failed");
  EXPECT_EQ(s.info.rejected_records, 2u);
}

TEST(ReportTest, CatalogueMaterialsFollowTheMapInForce) {
  Fixture f;
  // Under Order 58 the form and licence map to the application; from 2026-04-01 they are
  // fetched by USCC (mapped to nothing), leaving only the proof.
  const MaterialsSummary before = CatalogueMaterials(f.table, D("2026-03-31"));
  EXPECT_EQ(before.catalogue_raw, 3u);
  EXPECT_EQ(before.catalogue_canonical, 2u);
  const MaterialsSummary after = CatalogueMaterials(f.table, D("2026-04-01"));
  EXPECT_EQ(after.catalogue_raw, 3u);
  EXPECT_EQ(after.catalogue_canonical, 1u);
}

TEST(ReportTest, CatalogueRegimesSplitAtTheMapsEffectiveDates) {
  Fixture f;
  MaterialsSummary s;
  CatalogueRegimes(f.table, &s);
  EXPECT_EQ(s.all_raw, 3u);
  ASSERT_EQ(s.regimes.size(), 2u);
  EXPECT_EQ(s.regimes[0].from, "");
  EXPECT_EQ(s.regimes[0].to, "2026-03-31");
  EXPECT_EQ(s.regimes[0].raw, 3u);
  EXPECT_EQ(s.regimes[0].canonical, 2u);
  EXPECT_EQ(s.regimes[1].from, "2026-04-01");
  EXPECT_EQ(s.regimes[1].to, "");
  EXPECT_EQ(s.regimes[1].canonical, 1u);
}

TEST(ReportTest, TextIsChineseThenEnglishAndJsonHasTheCounts) {
  Fixture f;
  RunInfo info;
  info.evaluate_ms = 12.5;
  const RunSummary s = Summarize(f.table, f.pop, f.batch, f.as_of, info);
  const std::string text = SummaryText(s);
  const size_t zh = text.find("信用修复批量评估");
  const size_t en = text.find("Credit-repair district run");
  ASSERT_NE(zh, std::string::npos);
  ASSERT_NE(en, std::string::npos);
  EXPECT_LT(zh, en);
  EXPECT_THAT(text, HasSubstr("信用中国（cc）：现在可申请修复 1，"));
  EXPECT_THAT(text, HasSubstr("未决（无规则命中） 1"));
  EXPECT_THAT(text, HasSubstr("Credit China (cc): eligible now 1,"));
  EXPECT_THAT(text, HasSubstr("[unpaid] 2 (1 entities): Fine unpaid"));
  EXPECT_THAT(text, HasSubstr("evaluate 12.5 ms"));

  const std::string json = SummaryJson(s);
  EXPECT_EQ(json.front(), '{');
  EXPECT_THAT(json, HasSubstr("\"as_of\": \"2026-03-01\""));
  EXPECT_THAT(json, HasSubstr("\"undecided\": 1"));
  EXPECT_THAT(json, HasSubstr("\"catalogue_raw\": 3"));
  EXPECT_THAT(json, HasSubstr("\"zh\": \"测试规则包\""));
  EXPECT_THAT(json, HasSubstr("\"evaluate\": 12.5"));
  // Strings are escaped.
  RunSummary odd = s;
  odd.pack_name = "a\"b\\c\nd";
  EXPECT_THAT(SummaryJson(odd), HasSubstr("\"name\": \"a\\\"b\\\\c\\nd\""));
}

TEST(ReportTest, DecisionsCsvAndJsonlHaveOneRowPerRecordAndPlatform) {
  Fixture f;
  const std::string csv = DecisionsCsv(f.table, f.pop, f.batch, f.as_of);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 11);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBFuscc,record_id,platform,status,eligible_from,expires_on,"
                      "rule_id,source,channel,authority,reason_zh,reason_en,warnings",
                      0),
            0u);
  EXPECT_THAT(csv, HasSubstr(std::string(kValid) +
                             ",R1,cc,eligible_now,2025-05-01,2028-02-01,O58-ELIG,Order 58,cc,"
                             "samr,2025-05-01起可申请,Eligible from 2025-05-01 at Credit China,"));
  EXPECT_THAT(csv, HasSubstr(std::string(kInvalid) + ",R4,np,undecided,,,,,,,,,"));
  EXPECT_THAT(csv, HasSubstr(std::string(kOther) + ",R5,cc,not_shown,,,,,,,,,"));
  EXPECT_EQ(DecisionsCsv(f.table, f.pop, f.batch, f.as_of, CsvStyle{.bom = false}).rfind("uscc,", 0),
            0u);

  const std::string jsonl = DecisionsJsonl(f.table, f.pop, f.batch, f.as_of);
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 10);
  EXPECT_THAT(jsonl, HasSubstr("{\"uscc\":\"" + std::string(kValid) +
                               "\",\"record_id\":\"R2\",\"platform\":\"np\",\"status\":"
                               "\"not_repairable\",\"eligible_from\":null,\"expires_on\":"
                               "\"2028-12-02\",\"rule_id\":\"O58-UNPAID\""));
}

TEST(ReportTest, EntityResultsAndAlertsCsv) {
  Fixture f;
  const std::string entities = EntityResultsCsv(f.table, f.pop, f.batch);
  EXPECT_EQ(entities,
            "\xEF\xBB\xBFuscc,canonical_materials,raw_materials,alerts,clean_by\n" + std::string(kValid) +
                ",app|proof,m_form|m_licence|m_receipt,window_open|unpaid,2028-12-02\n" +
                kInvalid + ",,,bad_uscc,\n" + kOther + ",,,,2026-03-01\n");

  const std::string alerts = AlertsCsv(f.table, f.pop, f.batch, f.as_of);
  EXPECT_EQ(alerts, "\xEF\xBB\xBFuscc,record_id,platform,alert,severity,due,zh,en\n" + std::string(kValid) +
                        ",R1,cc,window_open,info,2025-05-01,2025-05-01起可申请修复,"
                        "Repair window open since 2025-05-01\n" +
                        kValid + ",R2,cc,unpaid,warning,,罚款未缴纳,Fine unpaid\n" + kValid +
                        ",R2,np,unpaid,warning,,罚款未缴纳,Fine unpaid\n" + kInvalid +
                        ",,,bad_uscc,critical,,统一社会信用代码校验失败,USCC check failed\n");
}

}  // namespace
}  // namespace xiufu
