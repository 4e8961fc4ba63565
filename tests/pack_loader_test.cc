#include "xiufu/pack.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <map>
#include <string>

#include "support/pack_files.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using xiufu::testing::WritePackFiles;

const std::string kMini = std::string(XIUFU_SOURCE_DIR) + "/examples/packs/mini";

LoadResult MustLoad(const std::string& dir) {
  absl::StatusOr<LoadResult> r = LoadPack(dir);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *std::move(r) : LoadResult{};
}

const Row* FindRow(const Pack& pack, std::string_view id) {
  for (const Table& t : pack.tables) {
    for (const Row& r : t.rows) {
      if (r.rule_id == id) return &r;
    }
  }
  return nullptr;
}

const CellTest* CellOf(const Pack& pack, std::string_view id, std::string_view header) {
  for (const Table& t : pack.tables) {
    for (const Row& r : t.rows) {
      if (r.rule_id != id) continue;
      for (size_t i = 0; i < t.inputs.size(); ++i) {
        if (t.inputs[i].header == header) return &r.cells[i];
      }
    }
  }
  return nullptr;
}

// A minimal valid pack; tests replace single files.
std::map<std::string, std::string> BaseFiles() {
  return {
      {"manifest.ini",
       "[pack]\nname = t\nversion = 1\n[decision eligibility]\nhit_policy = FIRST\n"
       "[table main]\nfile = tables/main.csv\ndecision = eligibility\n"},
      {"enums.csv",
       "domain,code,zh,en\nplatform,cc,信用中国,Credit China\nplatform,ne,公示系统,NECIPS\n"
       "department,samr,市场监管,SAMR\nrecord_kind,penalty,处罚,penalty\n"
       "severity,minor,轻微,minor\nseverity,general,一般,general\npenalty,fine,罚款,fine\n"
       "procedure,ordinary,普通,ordinary\nsector,general,一般,general\n"
       "entity_status,active,存续,active\n"},
      {"materials.csv",
       "code,kind,zh,en,requested_by,source\nraw1,raw,申请书,application,SAMR,s\n"
       "canon,canonical,申请,application,one-stop,s\n"},
      {"material_map.csv", "raw,canonical,effective_from,effective_to,source\nraw1,canon,-,-,s\n"},
      {"alerts.csv",
       "code,scope,severity,due,zh,en,source\nrec,record,info,eligible_from,提醒,note,s\n"
       "ent,entity,warning,report_deadline,年报,report,s\n"},
      {"holidays.csv", "date,kind,name\n"},
      {"tables/main.csv",
       "rule_id,severity,effective_from,effective_to,status,expires_on,source\n"
       "A-1,minor,-,-,drops_off,decision_date + 3m,src\n"},
  };
}

LoadResult LoadFiles(const std::string& name, std::map<std::string, std::string> overrides) {
  std::map<std::string, std::string> files = BaseFiles();
  for (auto& [k, v] : overrides) files[k] = v;
  return MustLoad(WritePackFiles(name, files));
}

// "file:line:col code" of every diagnostic, for compact assertions.
std::vector<std::string> Where(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) {
    out.push_back(d.loc.file + ":" + std::to_string(d.loc.line) + ":" +
                  std::to_string(d.loc.column) + " " + d.code);
  }
  return out;
}

TEST(PackLoader, MiniPackLoadsClean) {
  const LoadResult r = MustLoad(kMini);
  for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
  EXPECT_TRUE(r.ok());
  const Pack& p = r.pack;
  EXPECT_EQ(p.name, "mini");
  EXPECT_EQ(p.version, "1.0.0");
  EXPECT_EQ(p.zh, "示例规则包");
  ASSERT_EQ(p.tables.size(), 7u);
  EXPECT_EQ(p.tables[0].name, "base");
  EXPECT_EQ(p.tables[3].name, "credit_penalty");
  EXPECT_TRUE(p.tables[3].complete);
  EXPECT_EQ(p.tables[3].file, "tables/credit_penalty.csv");
  EXPECT_EQ(p.tables[3].rows.size(), 13u);
  EXPECT_EQ(p.tables[3].header_line, 1);
  EXPECT_EQ(p.tables[6].decision, Decision::kEntityAlerts);
  EXPECT_EQ(p.decisions[static_cast<int>(Decision::kEligibility)].policy, HitPolicy::kFirst);
  EXPECT_EQ(p.decisions[static_cast<int>(Decision::kMaterials)].policy, HitPolicy::kCollect);
  EXPECT_EQ(p.materials.size(), 11u);
  EXPECT_EQ(p.material_map.size(), 9u);
  EXPECT_EQ(p.alerts.size(), 7u);
  EXPECT_EQ(p.holidays.size(), 12u);
  EXPECT_EQ(p.workdays.size(), 4u);
  EXPECT_TRUE(std::is_sorted(p.holidays.begin(), p.holidays.end()));
}

TEST(PackLoader, BuiltinDomainsFollowTheEngineEnums) {
  const LoadResult r = MustLoad(kMini);
  const EnumDomain* status = r.pack.Domain("status");
  ASSERT_NE(status, nullptr);
  ASSERT_EQ(status->values.size(), static_cast<size_t>(kNumStatuses));
  for (int i = 0; i < kNumStatuses; ++i) {
    EXPECT_EQ(status->values[i].code, StatusCode(static_cast<RepairStatus>(i)));
    EXPECT_EQ(status->values[i].zh, StatusZh(static_cast<RepairStatus>(i)));
  }
  EXPECT_EQ(status->IndexOf("eligible"), static_cast<int>(RepairStatus::kEligible));
  const EnumDomain* kind = r.pack.Domain("entity_kind");
  ASSERT_NE(kind, nullptr);
  ASSERT_EQ(kind->values.size(), 4u);
  EXPECT_EQ(kind->values[static_cast<int>(EntityKind::kCooperative)].code, "cooperative");
  EXPECT_EQ(r.pack.Domain("platform")->IndexOf("necips"), 2);
  EXPECT_EQ(r.pack.Domain("nope"), nullptr);
}

TEST(PackLoader, MiniPackCellsAndOutputs) {
  const LoadResult r = MustLoad(kMini);
  const Pack& p = r.pack;
  const int special = p.Domain("sector")->IndexOf("special_equipment");
  const int fire = p.Domain("sector")->IndexOf("fire_safety");
  const CellTest* sector = CellOf(p, "C58-SAFE", "sector");
  ASSERT_NE(sector, nullptr);
  EXPECT_EQ(sector->enum_mask, (uint64_t{1} << special) | (uint64_t{1} << fire));
  EXPECT_EQ(sector->loc.file, "tables/credit_penalty.csv");
  EXPECT_EQ(sector->loc.line, 4);
  EXPECT_EQ(sector->loc.column, 3);
  const CellTest* since = CellOf(p, "C58-SAFE", "since_decision");
  EXPECT_EQ(since->slot, SlotOf(Fact::kSinceDecision, DurationUnit::kMonths));
  EXPECT_THAT(since->ranges, ElementsAre(Range{INT64_MIN + 1, 36}));
  EXPECT_EQ(CellOf(p, "C58-SAFE", "severity")->kind, CellTest::Kind::kAny);
  const CellTest* wd = CellOf(p, "RA-PUB", "since_decision");
  EXPECT_EQ(wd->slot, SlotOf(Fact::kSinceDecision, DurationUnit::kWorkingDays));

  const Row* safe = FindRow(p, "C58-SAFE");
  ASSERT_NE(safe, nullptr);
  EXPECT_EQ(safe->effective_from.days, kNoDay);
  EXPECT_EQ(safe->effective_to, FromYmd(2026, 3, 31));
  EXPECT_EQ(safe->out.status, RepairStatus::kEligible);
  EXPECT_EQ(safe->out.eligible_from.base1, DateBase::kDecisionDate);
  EXPECT_EQ(safe->out.eligible_from.dur1, (Duration{1, DurationUnit::kYears}));
  EXPECT_EQ(safe->out.channel, p.Domain("platform")->IndexOf("credit_china"));
  EXPECT_EQ(safe->out.authority, -1);
  EXPECT_EQ(safe->out.reason_en, "can be repaired on Credit China from {eligible_from}");
  EXPECT_EQ(safe->loc.line, 4);
  EXPECT_EQ(FindRow(p, "C36-GEN-OK")->effective_from, FromYmd(2026, 4, 1));

  const Row* mcc = FindRow(p, "M-CC");
  Bits128 want;
  for (const char* code : {"app_cc", "commit_cc", "licence_copy"}) {
    for (size_t m = 0; m < p.materials.size(); ++m) {
      if (p.materials[m].code == code) want.Set(static_cast<int>(m));
    }
  }
  EXPECT_EQ(mcc->out.materials, want);
  const Row* rep = FindRow(p, "EA-REPORT");
  int report_alert = -1;
  for (size_t a = 0; a < p.alerts.size(); ++a) {
    if (p.alerts[a].code == "annual_report_due") report_alert = static_cast<int>(a);
  }
  EXPECT_EQ(rep->out.alerts, uint64_t{1} << report_alert);
  EXPECT_TRUE(p.alerts[report_alert].entity_scope);
  EXPECT_EQ(p.alerts[report_alert].due.base1, DateBase::kReportDeadline);
  EXPECT_EQ(p.alerts[report_alert].loc.line, 6);

  // Material map: licence_copy maps to the application until 22号, to nothing after.
  int licence = -1;
  for (size_t m = 0; m < p.materials.size(); ++m) {
    if (p.materials[m].code == "licence_copy") licence = static_cast<int>(m);
  }
  std::vector<int> targets;
  for (const MaterialMapping& mm : p.material_map) {
    if (mm.raw == licence) targets.push_back(mm.canonical);
  }
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_GE(targets[0], 0);
  EXPECT_EQ(targets[1], -1);

  const int penalty = p.Domain("record_kind")->IndexOf("penalty");
  const int abnormal = p.Domain("record_kind")->IndexOf("abnormal_list");
  EXPECT_EQ(p.context.penalty_kinds, uint64_t{1} << penalty);
  EXPECT_EQ(p.context.abnormal_kinds, uint64_t{1} << abnormal);
  EXPECT_EQ(p.context.serious_list_max, (Duration{3, DurationUnit::kYears}));
}

TEST(PackLoader, HashIsStableAndCoversEveryFile) {
  const uint64_t a = MustLoad(kMini).pack.hash;
  EXPECT_NE(a, 0u);
  EXPECT_EQ(MustLoad(kMini).pack.hash, a);
  const LoadResult base = LoadFiles("hash-a", {});
  const LoadResult changed = LoadFiles("hash-b", {{"holidays.csv", "date,kind,name\n2025-10-01,holiday,国庆\n"}});
  EXPECT_TRUE(base.ok());
  EXPECT_TRUE(changed.ok());
  EXPECT_NE(base.pack.hash, changed.pack.hash);
}

TEST(PackLoader, MissingManifestIsAnIoError) {
  absl::StatusOr<LoadResult> r = LoadPack("/nonexistent/xiufu/pack");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
}

TEST(PackLoader, ManifestProblems) {
  const LoadResult r = LoadFiles(
      "manifest", {{"manifest.ini",
                    "[pack]\nname = t\nflavour = x\n"                      // 3: unknown key
                    "[decision eligibility]\nhit_policy = COLLECT\n"       // 5: bad policy
                    "[decision outcomes]\nhit_policy = FIRST\n"            // 6: unknown decision
                    "[tables]\n"                                           // 8: unknown section
                    "just text\n"                                          // 9: syntax
                    "[table main]\nfile = tables/main.csv\ndecision = eligibility\n"
                    "[table extra]\nfile = tables/missing.csv\ndecision = eligibility\n"  // 14
                    "complete = maybe\n"}});                               // 16
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(Where(r), ElementsAre("manifest.ini:9:1 manifest-syntax", "manifest.ini:3:1 unknown-key",
                                    "manifest.ini:5:14 bad-hit-policy",
                                    "manifest.ini:6:1 unknown-decision",
                                    "manifest.ini:8:1 unknown-section", "manifest.ini:16:12 bad-value",
                                    "manifest.ini:14:8 missing-file"));
  // The good table still loaded.
  ASSERT_EQ(r.pack.tables.size(), 2u);
  EXPECT_EQ(r.pack.tables[0].rows.size(), 1u);
}

TEST(PackLoader, EnumProblems) {
  const LoadResult r = LoadFiles(
      "enums", {{"enums.csv",
                 "domain,code,zh,en\n"
                 "platform,p1,,\nplatform,p2,,\nplatform,p3,,\nplatform,p4,,\nplatform,p5,,\n"
                 "platform,p6,,\nplatform,p7,,\nplatform,p8,,\nplatform,p9,,\n"  // line 10: 9th
                 "severity,minor,,\nseverity,minor,,\n"                         // line 12: dup
                 "severity,Bad Code,,\n"                                        // line 13
                 "status,done,,\n"                                              // line 14
                 "department,samr,,\nrecord_kind,penalty,,\npenalty,fine,,\n"
                 "procedure,ordinary,,\nsector,general,,\n"}});  // entity_status missing
  EXPECT_THAT(Where(r), ElementsAre("enums.csv:10:2 too-many-platforms", "enums.csv:12:2 duplicate-code",
                                    "enums.csv:13:2 bad-code", "enums.csv:14:1 builtin-domain",
                                    "enums.csv:0:0 missing-domain"));
  EXPECT_EQ(r.pack.Domain("platform")->values.size(), 8u);
}

TEST(PackLoader, TableHeaderProblems) {
  const LoadResult r = LoadFiles(
      "header", {{"tables/main.csv",
                  "rule_id,severity,serious_shown,materials,flavour,effective_from,status,source\n"
                  "A-1,minor,-,-,-,-,not_shown,src\n"}});
  EXPECT_THAT(Where(r), ElementsAre("tables/main.csv:1:3 fact-not-visible", "tables/main.csv:1:4 wrong-output",
                                    "tables/main.csv:1:5 unknown-column",
                                    "tables/main.csv:1:1 missing-column"));
  EXPECT_EQ(r.diagnostics[3].field, "effective_to");
  // The row is still there, with its one good input column.
  ASSERT_EQ(r.pack.tables[0].rows.size(), 1u);
  EXPECT_EQ(r.pack.tables[0].inputs.size(), 1u);
}

TEST(PackLoader, RowProblems) {
  const LoadResult r = LoadFiles(
      "rows", {{"tables/main.csv",
                "# comment line\n"
                "rule_id,severity,since_decision,effective_from,effective_to,status,expires_on,channel,reason_en,source\n"
                "A-1,minor,-,-,-,eligible_now,-,-,ok,src\n"                   // 3: eligible_now
                "A-2,minor,-,-,-,drops_off,-,-,ok,src\n"                      // 4: no expiry
                "A-3,minor,-,2026-04-01,2026-03-31,not_shown,-,-,ok,src\n"    // 5: from > to
                "A-1,minor,-,-,-,not_shown,-,-,ok,src\n"                      // 6: duplicate id
                "A-5,minor,-,-,-,not_shown,-,-,ok,\n"                         // 7: empty source
                "\n"
                "A-6,major,[6m..400d),-,-,not_shown,-,moon,{when},src\n"       // 9: 4 problems
                ",minor,-,-,-,not_shown,-,-,ok,src,extra\n"}});              // 10
  EXPECT_THAT(Where(r),
              ElementsAre("tables/main.csv:3:6 bad-status", "tables/main.csv:4:7 missing-expiry",
                          "tables/main.csv:5:5 bad-effective-range",
                          "tables/main.csv:6:1 duplicate-rule-id", "tables/main.csv:7:10 missing-source",
                          "tables/main.csv:9:2 unknown-enum", "tables/main.csv:9:3 mixed-units",
                          "tables/main.csv:9:8 unknown-enum", "tables/main.csv:9:9 bad-template",
                          "tables/main.csv:10:11 extra-field", "tables/main.csv:10:1 missing-rule-id"));
  EXPECT_EQ(r.error_count, 11u);
  EXPECT_EQ(r.pack.tables[0].rows.size(), 7u);  // rows with errors are kept
  EXPECT_THAT(r.diagnostics[3].message, HasSubstr("tables/main.csv:3"));
  EXPECT_EQ(r.diagnostics[5].value, "major");
  EXPECT_EQ(r.diagnostics[5].field, "severity");
}

TEST(PackLoader, CatalogueAndOutputProblems) {
  const LoadResult r = LoadFiles(
      "catalogue",
      {{"materials.csv",
        "code,kind,zh,en,requested_by,source\nraw1,raw,申请书,application,SAMR,s\n"
        "canon,canonical,申请,application,one-stop,s\nodd,maybe,?,?,-,-\n"},          // 4
       {"material_map.csv",
        "raw,canonical,effective_from,effective_to,source\nraw1,canon,-,2025-06-21,s\n"
        "ghost,canon,-,-,s\n"                                                           // 3
        "raw1,canon,2025-06-01,-,s\n"},                                                 // 4: overlap
       {"alerts.csv",
        "code,scope,severity,due,zh,en,source\nrec,record,info,eligible_from,提醒,note,s\n"
        "ent,entity,loud,expires_on,年报,report,s\n"},                                  // 3
       {"holidays.csv", "date,kind,name\n2025-10-01,holiday,国庆\n2025-10-04,holiday,周六\n"
                        "2025-10-01,holiday,again\n2025-02-30,holiday,x\n2025-10-11,leave,x\n"},
       {"manifest.ini",
        "[pack]\nname = t\n[table main]\nfile = tables/main.csv\ndecision = eligibility\n"
        "[table mats]\nfile = tables/mats.csv\ndecision = materials\n"
        "[table ents]\nfile = tables/ents.csv\ndecision = entity_alerts\n"},
       {"tables/mats.csv", "rule_id,status,effective_from,effective_to,materials,source\n"
                           "M-1,eligible,-,-,\"raw1, canon, nope\",src\n"},
       {"tables/ents.csv", "rule_id,shown_count,effective_from,effective_to,alerts,source\n"
                           "E-1,>= 1,-,-,\"rec, ent\",src\n"}});
  EXPECT_THAT(Where(r),
              ElementsAre("materials.csv:4:2 bad-kind", "material_map.csv:3:1 unknown-material",
                          "material_map.csv:4:1 overlapping-mapping", "alerts.csv:3:3 bad-severity",
                          "alerts.csv:3:4 bad-date-expr", "holidays.csv:3:1 holiday-on-weekend",
                          "holidays.csv:4:1 duplicate-date", "holidays.csv:5:1 bad-date",
                          "holidays.csv:6:2 bad-kind", "tables/mats.csv:2:5 canonical-material",
                          "tables/mats.csv:2:5 unknown-material", "tables/ents.csv:2:5 alert-scope"));
  EXPECT_EQ(r.diagnostics[5].severity, Severity::kWarning);
  EXPECT_EQ(r.error_count, 11u);
  ASSERT_EQ(r.pack.tables.size(), 3u);
  EXPECT_EQ(r.pack.tables[1].rows[0].out.materials.Count(), 1);  // raw1 kept
}

TEST(PackLoader, PriorityListMustCoverTheStatusesWritten) {
  const LoadResult r = LoadFiles(
      "priority",
      {{"manifest.ini",
        "[pack]\nname = t\n[decision eligibility]\nhit_policy = PRIORITY\n"
        "priority = not_repairable, eligible\n"
        "[table main]\nfile = tables/main.csv\ndecision = eligibility\n"},
       {"tables/main.csv", "rule_id,effective_from,effective_to,status,source\n"
                           "P-1,-,-,eligible,src\nP-2,-,-,not_shown,src\n"}});
  EXPECT_THAT(Where(r), ElementsAre("tables/main.csv:3:1 status-not-in-priority"));
  EXPECT_THAT(r.pack.decisions[0].priority, ElementsAre(RepairStatus::kNotRepairable, RepairStatus::kEligible));
  EXPECT_EQ(r.pack.decisions[0].policy, HitPolicy::kPriority);
}

TEST(PackLoader, DiagnosticsAreCappedButCounted) {
  std::string rows = "rule_id,severity,effective_from,effective_to,status,source\n";
  for (int i = 0; i < 30; ++i) rows += "R" + std::to_string(i) + ",bogus,-,-,not_shown,src\n";
  std::map<std::string, std::string> files = BaseFiles();
  files["tables/main.csv"] = rows;
  absl::StatusOr<LoadResult> r = LoadPack(WritePackFiles("cap", files), 10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->diagnostics.size(), 10u);
  EXPECT_EQ(r->error_count, 30u);
  EXPECT_EQ(r->dropped, 20u);
}

TEST(Diagnostics, Format) {
  Diagnostic d{Severity::kError, "unknown-enum", {"tables/a.csv", 3, 4}, "penalty", "fin", "bad code"};
  EXPECT_EQ(FormatDiagnostic(d),
            "tables/a.csv:3:4: error: bad code [field=penalty, value=fin] (unknown-enum)");
  d.severity = Severity::kWarning;
  d.loc.column = 0;
  d.field.clear();
  EXPECT_EQ(FormatDiagnostic(d), "tables/a.csv:3: warning: bad code [value=fin] (unknown-enum)");
  d.loc.line = 0;
  d.value.clear();
  EXPECT_EQ(FormatDiagnostic(d), "tables/a.csv: warning: bad code (unknown-enum)");
}

TEST(Diagnostics, SinkCountsPastTheCap) {
  DiagnosticSink sink(2);
  sink.Error("a", {}, "", "", "1");
  sink.Warning("b", {}, "", "", "2");
  sink.Error("c", {}, "", "", "3");
  EXPECT_EQ(sink.diagnostics().size(), 2u);
  EXPECT_EQ(sink.error_count(), 2u);
  EXPECT_EQ(sink.warning_count(), 1u);
  EXPECT_EQ(sink.dropped(), 1u);
  EXPECT_TRUE(sink.has_errors());
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(RulePackDoc, EmbedsTheMiniPackVerbatim) {
  const std::string doc = ReadAll(std::string(XIUFU_SOURCE_DIR) + "/docs/rule-pack.md");
  for (const char* f : {"manifest.ini", "enums.csv", "materials.csv", "material_map.csv",
                        "alerts.csv", "holidays.csv", "tables/base.csv", "tables/lists.csv",
                        "tables/necips_penalty.csv", "tables/credit_penalty.csv",
                        "tables/materials.csv", "tables/record_alerts.csv",
                        "tables/entity_alerts.csv"}) {
    const std::string text = ReadAll(kMini + "/" + f);
    ASSERT_FALSE(text.empty()) << f;
    EXPECT_NE(doc.find("### `" + std::string(f) + "`\n\n```"), std::string::npos) << f;
    EXPECT_NE(doc.find(text), std::string::npos) << f << " differs from docs/rule-pack.md";
  }
}

}  // namespace
}  // namespace xiufu

namespace xiufu {
namespace XIUFU_UNITY_ID {

TEST(PackLoader, BlockedRowsNameKnownActionsAndOnlyBlockedRowsDo) {
  const std::string manifest =
      "[pack]\nname = t\nversion = 1\n[files]\nactions = actions.csv\n"
      "[decision eligibility]\nhit_policy = FIRST\n"
      "[table main]\nfile = tables/main.csv\ndecision = eligibility\n";
  const LoadResult r = LoadFiles(
      "actions", {{"manifest.ini", manifest},
                  {"actions.csv",
                   "code,effect,zh,en,source\npay,fulfil,缴清罚款,pay the fine,s\n"
                   "fix,correct,整改,correct it,s\nodd,teleport,x,y,s\n"},
                  {"tables/main.csv",
                   "rule_id,severity,effective_from,effective_to,status,actions,expires_on,source\n"
                   "B-1,minor,-,-,blocked,pay,-,src\n"            // 2: fine
                   "B-2,minor,-,-,blocked,-,-,src\n"              // 3: no action
                   "B-3,minor,-,-,not_repairable,pay,-,src\n"     // 4: action on a non-blocked row
                   "B-4,minor,-,-,blocked,\"pay, fly\",-,src\n"   // 5: unknown action
                   "B-5,general,-,-,blocked,\"pay, fix\",-,src\n"}});  // 6: two actions
  EXPECT_THAT(Where(r), ElementsAre("actions.csv:4:2 bad-effect",
                                    "tables/main.csv:3:6 blocked-without-action",
                                    "tables/main.csv:4:6 action-not-blocked",
                                    "tables/main.csv:5:6 unknown-action"));
  ASSERT_EQ(r.pack.actions.size(), 3u);
  EXPECT_EQ(r.pack.actions[0].effect, ActionEffect::kFulfil);
  EXPECT_EQ(r.pack.actions[1].effect, ActionEffect::kCorrect);
  const Row& b5 = r.pack.tables[0].rows[4];
  EXPECT_EQ(b5.out.status, RepairStatus::kBlocked);
  EXPECT_EQ(b5.out.actions, 0b11u);
}

}  // namespace
}  // namespace xiufu
