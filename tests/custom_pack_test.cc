// Rule-pack parameters and custom input columns (docs/rule-pack.md, "Parameters" and "Custom
// input columns"), on tests/data/packs/custom (every type of both) and on the Gongshu pack.
// Expected values are worked out by hand from the tables named in each test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "pack/cell_parser.h"
#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "xiufu/compile.h"
#include "xiufu/lint.h"
#include "xiufu/pack_edit.h"
#include "xiufu/population_io.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/explain.h"
#include "xiufu/serialize.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;

const std::string kCustomDir = XIUFU_SOURCE_DIR "/tests/data/packs/custom";
const std::string kGongshuDir = XIUFU_SOURCE_DIR "/rules/gongshu";

Pack LoadOk(const std::string& dir) {
  absl::StatusOr<LoadResult> r = LoadPack(dir);
  EXPECT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->ok()) << FormatDiagnostic(r->diagnostics.front());
  return r->pack;
}

DecisionTable CompileOk(const Pack& pack) {
  absl::StatusOr<DecisionTable> t = Compile(LoadResult{pack, {}, 0, 0});
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

std::vector<const Row*> RowsOf(const Pack& pack, std::string_view rule_id) {
  std::vector<const Row*> out;
  for (const Table& t : pack.tables) {
    for (const Row& r : t.rows) {
      if (r.rule_id == rule_id) out.push_back(&r);
    }
  }
  return out;
}

absl::StatusOr<PopulationReadResult> Parse(const Dictionary& dict, std::string_view entities,
                                           std::string_view records) {
  return ParsePopulation(dict, entities, records, "entities.csv", "records.csv", ReadOptions{});
}

const std::string kEntityHeader =
    "uscc,name,status,registration_date,last_report_year,unreachable,tax_credit_level,"
    "commitment_signed,last_inspection,employees\n";
const std::string kRecordHeader =
    "record_id,uscc,department,record_kind,severity,penalty,procedure,sector,decision_date,"
    "publication_date,fine_yuan,fulfilled_date,corrected_date,shown_on,repaired_on,"
    "rectification_accepted_date,training_hours,hazard,repeat_flag\n";

// One entity (tax level `level`, commitment signed) with one general fine of `fine` yuan
// decided 2025-12-01, fulfilled, shown on Credit China.
PopulationReadResult OneFine(const Dictionary& dict, int64_t fine, std::string_view level = "a") {
  const std::string uscc = testing::NumberedUscc(1);
  const std::string entities =
      kEntityHeader + uscc + ",测试,active,2015-01-01,2025,false," + std::string(level) + ",true,,10\n";
  const std::string records = kRecordHeader + "R1," + uscc +
                              ",samr,penalty,general,fine,ordinary,general,2025-12-01,2025-12-05," +
                              std::to_string(fine) + ",2025-12-10,2025-12-10,credit_china,,,0,low,false\n";
  absl::StatusOr<PopulationReadResult> r = Parse(dict, entities, records);
  EXPECT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejected(), 0u) << (r->diagnostics.empty() ? "" : FormatDiagnostic(r->diagnostics[0]));
  return *std::move(r);
}

// The deciding rule id and outcome of record 0 on platform `p`.
std::pair<std::string, RecordOutcome> Decide(const DecisionTable& t, const Population& pop,
                                             const char* as_of, int p = 0) {
  BatchResult b;
  EXPECT_TRUE(EvaluateBatch(t, pop, *ParseDate(as_of), b, 1).ok());
  const RecordOutcome o = b.records[static_cast<size_t>(p)];
  return {o.rule == kNoRow ? "" : std::string(t.RuleId(o.rule)), o};
}

TEST(CustomPack, ARowIsSplitWhereItsParametersChangeValue) {
  const Pack pack = LoadOk(kCustomDir);
  // X-LOW uses $low_fine (50000, 30000 from 2026-04-01), $rectify_wait (3m, 30d from
  // 2026-04-01) and $good_level (a, b from 2026-06-01): three periods.
  const std::vector<const Row*> rows = RowsOf(pack, "X-LOW");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]->effective_from.days, kNoDay);
  EXPECT_EQ(FormatDate(rows[0]->effective_to), "2026-03-31");
  EXPECT_EQ(FormatDate(rows[1]->effective_from), "2026-04-01");
  EXPECT_EQ(FormatDate(rows[1]->effective_to), "2026-05-31");
  EXPECT_EQ(FormatDate(rows[2]->effective_from), "2026-06-01");
  EXPECT_EQ(rows[2]->effective_to.days, kNoDay);
  EXPECT_EQ(rows[0]->cells[0].text, "<= $low_fine");
  EXPECT_EQ(rows[0]->cells[0].resolved, "<= 50000");
  EXPECT_EQ(rows[1]->cells[0].resolved, "<= 30000");
  EXPECT_EQ(rows[1]->cells[1].resolved, "a");
  EXPECT_EQ(rows[2]->cells[1].resolved, "b");
  EXPECT_EQ(rows[0]->out.eligible_from.dur1, (Duration{3, DurationUnit::kMonths}));
  EXPECT_EQ(rows[1]->out.eligible_from.dur1, (Duration{30, DurationUnit::kDays}));
  // X-RECT's parameters never change: one row.
  EXPECT_EQ(RowsOf(pack, "X-RECT").size(), 1u);
  EXPECT_NE(RowsOf(pack, "X-RECT")[0]->parameters, 0u);
}

TEST(CustomPack, LowFineDecidedByTheParameterOnBothSidesOfItsChange) {
  const Pack pack = LoadOk(kCustomDir);
  const DecisionTable t = CompileOk(pack);
  const Dictionary dict = *Dictionary::FromTable(t);
  // Until 2026-03-31 the low fine is <= 50000: 50000 is low, 50001 is not (it falls through
  // to the Order 58 credit table: C58-GEN).
  auto [rule, o] = Decide(t, OneFine(dict, 50000).population, "2026-03-31");
  EXPECT_EQ(rule, "X-LOW");
  // decision 2025-12-01 + 3m: the period's last day is 2026-03-01 (Civil Code), reached the
  // day after.
  EXPECT_EQ(o.status, RepairStatus::kEligibleNow);
  EXPECT_EQ(FormatDate(Date{o.eligible_from}), "2026-03-02");
  EXPECT_EQ(Decide(t, OneFine(dict, 50001).population, "2026-03-31").first, "C58-GEN");
  // From 2026-04-01 it is <= 30000: 40000 is no longer low (Order 36 general: C36-GEN-OK),
  // 30000 is, with the 30-day wait of that period.
  EXPECT_EQ(Decide(t, OneFine(dict, 40000).population, "2026-03-31").first, "X-LOW");
  EXPECT_EQ(Decide(t, OneFine(dict, 40000).population, "2026-04-15").first, "C36-GEN-OK");
  std::tie(rule, o) = Decide(t, OneFine(dict, 30000).population, "2026-04-15");
  EXPECT_EQ(rule, "X-LOW");
  EXPECT_EQ(FormatDate(Date{o.eligible_from}), "2026-01-01");  // + 30d: last day 2025-12-31
  // From 2026-06-01 the good level is b: level a no longer qualifies, level b does.
  EXPECT_EQ(Decide(t, OneFine(dict, 30000, "a").population, "2026-06-15").first, "C36-GEN-OK");
  EXPECT_EQ(Decide(t, OneFine(dict, 30000, "b").population, "2026-06-15").first, "X-LOW");
  // The Chinese label of a code is accepted for a custom enum column too.
  EXPECT_EQ(Decide(t, OneFine(dict, 30000, "B级").population, "2026-06-15").first, "X-LOW");
}

TEST(CustomPack, EditParameterMovesTheThreshold) {
  const Pack pack = LoadOk(kCustomDir);
  EditResult r = EditParameter(pack, "low_fine", "45000");
  ASSERT_TRUE(r.errors.empty()) << FormatDiagnostic(r.errors[0]);
  EXPECT_EQ(r.old_text, "50000, from 2026-04-01: 30000");
  EXPECT_NE(r.pack.hash, pack.hash);
  const DecisionTable t = CompileOk(r.pack);
  const Dictionary dict = *Dictionary::FromTable(t);
  EXPECT_EQ(Decide(t, OneFine(dict, 45000).population, "2026-03-31").first, "X-LOW");
  EXPECT_EQ(Decide(t, OneFine(dict, 45001).population, "2026-03-31").first, "C58-GEN");
  EXPECT_EQ(Decide(t, OneFine(dict, 40000).population, "2026-04-15").first, "X-LOW");
  // Still split where $rectify_wait and $good_level change.
  EXPECT_EQ(RowsOf(r.pack, "X-LOW").size(), 3u);

  EXPECT_EQ(EditParameter(pack, "low_fine", "lots").errors.at(0).code, "bad-parameter-value");
  EXPECT_EQ(EditParameter(pack, "good_level", "z").errors.at(0).code, "bad-parameter-value");
  EXPECT_EQ(EditParameter(pack, "nope", "1").errors.at(0).code, "unknown-parameter");
  // A cell edit on a split row edits the row as written and splits it again.
  EditResult c = EditCell(pack, "X-LOW", "fine_amount", "<= $low_fine, [90000..99999]");
  ASSERT_TRUE(c.errors.empty()) << FormatDiagnostic(c.errors[0]);
  EXPECT_EQ(c.old_text, "<= $low_fine");
  ASSERT_EQ(RowsOf(c.pack, "X-LOW").size(), 3u);
  EXPECT_EQ(RowsOf(c.pack, "X-LOW")[1]->cells[0].resolved, "<= 30000, [90000..99999]");
}

TEST(CustomPack, MissingColumnsTakeTheirDefaultsWithOneNoteEach) {
  const DecisionTable t = CompileOk(LoadOk(kCustomDir));
  const Dictionary dict = *Dictionary::FromTable(t);
  const std::string uscc = testing::NumberedUscc(2);
  absl::StatusOr<PopulationReadResult> r = Parse(
      dict,
      "uscc,name,status,registration_date,last_report_year,unreachable,employees\n" + uscc +
          ",x,active,2015-01-01,2025,false,\n",
      "record_id,uscc,department,record_kind,severity,penalty,procedure,sector,decision_date,"
      "publication_date,fine_yuan,fulfilled_date,corrected_date,shown_on,repaired_on\n"
      "R1," + uscc + ",samr,penalty,general,fine,ordinary,general,2025-12-01,,1,,,credit_china,\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejected(), 0u);
  // 3 entity columns and all 4 record columns are missing; employees is present (empty).
  ASSERT_EQ(r->notes.size(), 7u);
  EXPECT_THAT(r->notes[0], HasSubstr("entities.csv has no column 'tax_credit_level'"));
  EXPECT_THAT(r->notes[0], HasSubstr("every row takes the default m"));
  EXPECT_THAT(r->notes[3], HasSubstr("records.csv has no column 'rectification_accepted_date'"));
  const Population& pop = r->population;
  ASSERT_EQ(pop.num_entity_custom, 4);
  ASSERT_EQ(pop.num_record_custom, 4);
  EXPECT_EQ(pop.EntityCustom(0, 0), 2);      // tax_credit_level m (a, b, m, …)
  EXPECT_EQ(pop.EntityCustom(0, 1), 0);      // commitment_signed false
  EXPECT_EQ(pop.EntityCustom(0, 2), kNull);  // last_inspection: no default
  EXPECT_EQ(pop.EntityCustom(0, 3), kNull);  // employees: an empty cell is the default (-)
  EXPECT_EQ(pop.RecordCustom(0, 0), kNull);  // rectification_accepted_date
  EXPECT_EQ(pop.RecordCustom(0, 1), 0);      // training_hours 0
  EXPECT_EQ(pop.RecordCustom(0, 2), 0);      // hazard low
  EXPECT_EQ(pop.RecordCustom(0, 3), 0);      // repeat_flag false
}

TEST(CustomPack, ABadCustomValueIsARowDiagnostic) {
  const DecisionTable t = CompileOk(LoadOk(kCustomDir));
  const Dictionary dict = *Dictionary::FromTable(t);
  const std::string u1 = testing::NumberedUscc(3), u2 = testing::NumberedUscc(4);
  absl::StatusOr<PopulationReadResult> r = Parse(
      dict,
      kEntityHeader + u1 + ",x,active,2015-01-01,2025,false,z,true,,1\n" + u2 +
          ",y,active,2015-01-01,2025,false,a,maybe,,1\n",
      kRecordHeader + "R1," + u1 + ",samr,penalty,general,fine,ordinary,general,2025-12-01,,1,,,"
                      "credit_china,,2025-13-01,0,low,false\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejected_entities, 2u);
  EXPECT_EQ(r->rejected_records, 1u);  // its entity was rejected
  ASSERT_GE(r->diagnostics.size(), 2u);
  const Diagnostic& d = r->diagnostics[0];
  EXPECT_EQ(d.code, "unknown-enum");
  EXPECT_EQ(d.field, "tax_credit_level");
  EXPECT_EQ(d.value, "z");
  EXPECT_EQ(d.loc.line, 2);
  EXPECT_EQ(d.loc.column, 7);
  EXPECT_THAT(d.message, HasSubstr("a (A级)"));
  EXPECT_EQ(r->diagnostics[1].code, "bad-bool");
  EXPECT_EQ(r->diagnostics[1].field, "commitment_signed");
  EXPECT_EQ(r->diagnostics[1].loc.column, 8);

  // A bad date in a record's custom column, for an accepted entity.
  absl::StatusOr<PopulationReadResult> r2 = Parse(
      dict, kEntityHeader + u1 + ",x,active,2015-01-01,2025,false,a,true,,1\n",
      kRecordHeader + "R1," + u1 + ",samr,penalty,general,fine,ordinary,general,2025-12-01,,1,,,"
                      "credit_china,,2025-13-01,0,low,false\n");
  ASSERT_TRUE(r2.ok());
  ASSERT_EQ(r2->rejected_records, 1u);
  EXPECT_EQ(r2->diagnostics[0].code, "bad-date");
  EXPECT_EQ(r2->diagnostics[0].field, "rectification_accepted_date");
  EXPECT_EQ(r2->diagnostics[0].loc.column, 16);
}

TEST(CustomPack, ExplainShowsTheParameterAndItsValue) {
  const DecisionTable t = CompileOk(LoadOk(kCustomDir));
  const Dictionary dict = *Dictionary::FromTable(t);
  const Population pop = OneFine(dict, 40000).population;
  absl::StatusOr<Explanation> ex = Explain(t, pop, 0, 0, 0, *ParseDate("2026-04-15"));
  ASSERT_TRUE(ex.ok()) << ex.status();
  bool found = false;
  for (const ExplainStep& s : ex->steps) {
    if (s.rule_id != "X-LOW" || !s.in_force) continue;
    found = true;
    EXPECT_EQ(s.column, "fine_amount");
    EXPECT_EQ(s.cell, "<= $low_fine [$low_fine = 30000]");
    EXPECT_EQ(s.actual, "40000");
  }
  EXPECT_TRUE(found);
}

TEST(CustomPack, ExplainNamesAChangeableCustomColumnAsANearestMiss) {
  const DecisionTable t = CompileOk(LoadOk(kCustomDir));
  const Dictionary dict = *Dictionary::FromTable(t);
  const std::string uscc = testing::NumberedUscc(6);
  // X-LOW fails only on commitment_signed (declared changeable = true).
  absl::StatusOr<PopulationReadResult> r = Parse(
      dict, kEntityHeader + uscc + ",x,active,2015-01-01,2025,false,a,false,,10\n",
      kRecordHeader + "R1," + uscc + ",samr,penalty,general,fine,ordinary,general,2025-12-01,"
                      "2025-12-05,40000,2025-12-10,2025-12-10,credit_china,,,0,low,false\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rejected(), 0u);
  absl::StatusOr<Explanation> ex = Explain(t, r->population, 0, 0, 0, *ParseDate("2026-03-31"));
  ASSERT_TRUE(ex.ok()) << ex.status();
  bool found = false;
  for (const ExplainStep& s : ex->steps) {
    if (s.rule_id != "X-LOW" || !s.in_force) continue;  // the period in force on 2026-03-31
    found = true;
    EXPECT_EQ(s.failed_cells, 1);
    EXPECT_TRUE(s.changeable);
    EXPECT_EQ(s.column_zh, "是否已签署信用承诺书");
    EXPECT_EQ(s.actual_zh, "否");
  }
  EXPECT_TRUE(found);
  EXPECT_THAT(ex->ToText(true), HasSubstr("是否已签署信用承诺书"));
  EXPECT_THAT(ex->ToText(false), HasSubstr("credit commitment signed"));
}

TEST(CustomPack, CustomDatesInDateExpressions) {
  const DecisionTable t = CompileOk(LoadOk(kCustomDir));
  const Dictionary dict = *Dictionary::FromTable(t);
  const std::string uscc = testing::NumberedUscc(10);
  // X-RECT: eligible_from = max(rectification_accepted_date, decision_date + 3m): accepted
  // 2026-03-20, decided 2025-12-01 (+ 3m reached 2026-03-02) → 2026-03-20.
  absl::StatusOr<PopulationReadResult> r = Parse(
      dict, kEntityHeader + uscc + ",x,active,2015-01-01,2025,false,m,true,2026-05-10,60\n",
      kRecordHeader + "R1," + uscc + ",samr,penalty,general,fine,ordinary,general,2025-12-01,"
                      "2025-12-05,80000,2025-12-10,2025-12-10,credit_china,,2026-03-20,10,low,false\n"
                      "R2," + uscc + ",samr,penalty,general,fine,ordinary,general,2025-12-01,"
                      "2025-12-05,80000,2025-12-10,2025-12-10,credit_china,,,0,high,false\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rejected(), 0u) << FormatDiagnostic(r->diagnostics.at(0));
  BatchResult b;
  ASSERT_TRUE(EvaluateBatch(t, r->population, *ParseDate("2026-10-01"), b, 1).ok());
  const int np = t.NumPlatforms();
  EXPECT_EQ(t.RuleId(b.records[0].rule), "X-RECT");
  EXPECT_EQ(FormatDate(Date{b.records[0].eligible_from}), "2026-03-20");
  // X-HAZ: expires_on = last_inspection + 1y (an entity column): last day 2027-05-10.
  EXPECT_EQ(t.RuleId(b.records[static_cast<size_t>(np)].rule), "X-HAZ");
  EXPECT_EQ(FormatDate(Date{b.records[static_cast<size_t>(np)].expires_on}), "2027-05-11");

  // A record column where only entity dates are (an entity alert's due) is an error.
  std::vector<CellError> errors;
  const Pack pack = LoadOk(kCustomDir);
  ParseDateExpr("rectification_accepted_date + 1m", EntityBases(), &errors, pack.columns);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("is a record column"));
  errors.clear();
  ParseDateExpr("inspection + 1m", RecordBases(), &errors, pack.columns);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("last_inspection, rectification_accepted_date"));
}

TEST(CustomPack, TheBlobKeepsTheColumns) {
  const DecisionTable t = CompileOk(LoadOk(kCustomDir));
  absl::StatusOr<DecisionTable> back = DeserializeTable(SerializeTable(t));
  ASSERT_TRUE(back.ok()) << back.status();
  const std::vector<CustomColumn> a = t.CustomColumns(), b = back->CustomColumns();
  ASSERT_EQ(a.size(), 8u);
  ASSERT_EQ(b.size(), 8u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].type, b[i].type);
    EXPECT_EQ(a[i].scope, b[i].scope);
    EXPECT_EQ(a[i].default_value, b[i].default_value);
    EXPECT_EQ(a[i].since_name, b[i].since_name);
    EXPECT_EQ(a[i].changeable, b[i].changeable);
  }
  EXPECT_TRUE(a[1].changeable);  // commitment_signed
  EXPECT_EQ(a[2].since_name, "since_last_inspection");
  EXPECT_EQ(InputFingerprint(t), DictionaryFingerprint(*Dictionary::FromTable(*back)));
}

TEST(CustomPack, LoaderAndLintReportParameterAndColumnMistakes) {
  std::map<std::string, std::string> files;
  for (const char* f : {"manifest.ini", "enums.csv", "materials.csv", "material_map.csv",
                        "alerts.csv", "holidays.csv", "tables/base.csv", "tables/lists.csv",
                        "tables/necips_penalty.csv", "tables/credit_penalty.csv",
                        "tables/materials.csv", "tables/record_alerts.csv",
                        "tables/entity_alerts.csv", "tables/custom.csv",
                        "tables/custom_alerts.csv", "tables/custom_entity_alerts.csv"}) {
    std::ifstream in(kCustomDir + "/" + f);
    files[f] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  files["manifest.ini"] += "\n[parameter spare]\ntype = number\nvalue = 1\nsource = test\n"
                           "\n[column spare_flag]\nscope = entity\ntype = bool\nsource = test\n"
                           "\n[column status]\nscope = entity\ntype = bool\nsource = test\n"
                           "\n[parameter bad]\ntype = date\nvalue = soon\nsource = test\n";
  std::string& custom = files["tables/custom.csv"];
  custom.replace(custom.find("<= $low_fine"), 12, "<= $lowfine");
  const std::string dir = testing::WritePackFiles("custom-mistakes", files);
  absl::StatusOr<LoadResult> r = LoadPack(dir);
  ASSERT_TRUE(r.ok());
  std::vector<std::string> codes;
  for (const Diagnostic& d : r->diagnostics) codes.push_back(d.code);
  EXPECT_THAT(codes, ::testing::Contains("unknown-parameter"));
  EXPECT_THAT(codes, ::testing::Contains("bad-name"));             // [column status]
  EXPECT_THAT(codes, ::testing::Contains("bad-parameter-value"));  // date 'soon'
  for (const Diagnostic& d : r->diagnostics) {
    if (d.code == "unknown-parameter") {
      EXPECT_EQ(d.loc.file, "tables/custom.csv");
      EXPECT_EQ(d.loc.line, 3);
      EXPECT_EQ(d.loc.column, 2);
      EXPECT_THAT(d.message, HasSubstr("'$lowfine' is not a parameter"));
    }
  }
  std::vector<std::string> lint;
  for (const Diagnostic& d : Lint(r->pack, 100)) lint.push_back(d.code + " " + d.value);
  EXPECT_THAT(lint, ::testing::Contains("unused-parameter spare"));
  EXPECT_THAT(lint, ::testing::Contains("unused-column spare_flag"));
}

TEST(GongshuCustom, AHeavierPenaltyAfterTheListingBarsEarlyRemoval) {
  const DecisionTable t = CompileOk(LoadOk(kGongshuDir));
  const Dictionary dict = *Dictionary::FromTable(t);
  const std::string uscc = testing::NumberedUscc(5);
  auto read = [&](std::string_view heavier) {
    const std::string records =
        "record_id,uscc,department,record_kind,severity,penalty,procedure,sector,decision_date,"
        "publication_date,fine_yuan,fulfilled_date,corrected_date,shown_on,repaired_on,"
        "later_heavier_penalty\nL1," + uscc + ",samr,serious_list,serious,none,ordinary,general,"
        "2024-06-03,2024-06-10,0,2024-09-01,2024-09-01,necips,," + std::string(heavier) + "\n";
    absl::StatusOr<PopulationReadResult> r = Parse(
        dict, "uscc,name,status,registration_date,last_report_year,unreachable\n" + uscc +
                  ",x,active,2015-01-01,2025,false\n", records);
    EXPECT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->rejected(), 0u) << FormatDiagnostic(r->diagnostics.at(0));
    return r->population;
  };
  const int necips = t.DomainSize(t.DomainIndex("platform")) - 1;
  ASSERT_EQ(t.PlatformCode(necips), "necips");
  // Listed 2024-06-03, fulfilled and corrected: early removal from 2025-06-03 (SAMR-SL-02) …
  auto [rule, o] = Decide(t, read("false"), "2026-11-27", necips);
  EXPECT_EQ(rule, "SAMR-SL-02");
  EXPECT_EQ(o.status, RepairStatus::kEligibleNow);
  // … unless a heavier penalty followed: no early removal, off after 3 years (SAMR-SL-05).
  std::tie(rule, o) = Decide(t, read("true"), "2026-11-27", necips);
  EXPECT_EQ(rule, "SAMR-SL-05");
  EXPECT_EQ(o.status, RepairStatus::kNotRepairable);
  EXPECT_EQ(FormatDate(Date{o.expires_on}), "2027-06-04");  // + 3y: last day 2027-06-03
}

TEST(GongshuCustom, LowFineThresholdIsAParameter) {
  const Pack pack = LoadOk(kGongshuDir);
  ASSERT_NE(pack.FindParameter("low_fine_org"), nullptr);
  EXPECT_EQ(pack.FindParameter("low_fine_org")->At(Date{kNoDay}).text, "50000");
  const std::vector<const Row*> p04 = RowsOf(pack, "SAMR-P-04");
  ASSERT_EQ(p04.size(), 1u);
  EXPECT_EQ(p04[0]->cells[6].text, "<= $low_fine_org");
  const CellTest& fine = p04[0]->cells[6];
  EXPECT_TRUE(fine.Matches(50000));
  EXPECT_FALSE(fine.Matches(50001));
  EditResult r = EditParameter(pack, "low_fine_org", "30000");
  ASSERT_TRUE(r.errors.empty());
  const CellTest& edited = RowsOf(r.pack, "SAMR-P-04")[0]->cells[6];
  EXPECT_TRUE(edited.Matches(30000));
  EXPECT_FALSE(edited.Matches(40000));
}

}  // namespace
}  // namespace xiufu

namespace xiufu {
namespace XIUFU_UNITY_ID {

// Entities without records share one evaluation per key (kind, status, flags, annual-report
// facts) when the entity alerts test nothing else: on for Gongshu; off for a pack
// whose entity alerts test a custom entity column; the same outcomes either way (the
// differential test checks every pack against the interpreter).
TEST(RecordlessMemo, OnlyWhenTheEntityAlertsTestKeyFactsAlone) {
  EXPECT_TRUE(internal::Data(CompileOk(LoadOk(kGongshuDir))).recordless_memo);
  EXPECT_FALSE(internal::Data(CompileOk(LoadOk(kCustomDir))).recordless_memo);  // XE-TAX
  const DecisionTable t = CompileOk(LoadOk(kGongshuDir));
  const Dictionary dict = *Dictionary::FromTable(t);
  // Two record-less entities alike but for their registration day: one evaluation serves
  // both; a third registered another year is evaluated on its own (its reports are due).
  const std::string u1 = testing::NumberedUscc(7), u2 = testing::NumberedUscc(8),
                    u3 = testing::NumberedUscc(9);
  absl::StatusOr<PopulationReadResult> r = Parse(
      dict,
      "uscc,name,status,registration_date,last_report_year,unreachable\n" + u1 +
          ",a,active,2024-02-01,,false\n" + u2 + ",b,active,2024-09-30,,false\n" + u3 +
          ",c,active,2026-02-01,,false\n",
      "record_id,uscc,department,record_kind,severity,penalty,procedure,sector,decision_date,"
      "publication_date,fine_yuan,fulfilled_date,corrected_date,shown_on,repaired_on\n");
  ASSERT_TRUE(r.ok());
  BatchResult b;
  ASSERT_TRUE(EvaluateBatch(t, r->population, *ParseDate("2026-11-27"), b, 1).ok());
  ASSERT_EQ(b.entities.size(), 3u);
  EXPECT_EQ(b.entities[0], b.entities[1]);
  EXPECT_NE(b.entities[0].alerts, 0u);  // the 2024 and 2025 reports are missing
  // Registered 2026: no report is due yet.
  EXPECT_NE(b.entities[2].alerts, b.entities[0].alerts);
  EXPECT_EQ(b.entities[2].clean_by, ParseDate("2026-11-27")->days);
}

// The memo keys on what the rules can test of a record-less entity — its kind, status, flags
// and annual-report facts — not on its registration and report years: on 2026-11-27 (after
// the 30 June deadline, the 2025 report due) an entity registered 2015 or 2010 that filed
// 2024, and one registered 2025 that filed nothing, each miss one report and share a key; one
// that filed 2023 misses two, one registered 2026 none. A cold memo per entity gives what one
// warm memo gives.
TEST(RecordlessMemo, KeysOnTheReportFactsNotTheYears) {
  const DecisionTable t = CompileOk(LoadOk(kGongshuDir));
  const Dictionary dict = *Dictionary::FromTable(t);
  std::string entities = "uscc,name,status,registration_date,last_report_year,unreachable\n";
  const char* rows[] = {"2015-05-04,2024", "2010-01-02,2024", "2025-03-01,", "2015-05-04,2023",
                        "2026-01-05,"};
  for (int i = 0; i < 5; ++i) {
    entities += testing::NumberedUscc(20 + i) + ",e,active," + rows[i] + ",false\n";
  }
  absl::StatusOr<PopulationReadResult> r = Parse(
      dict, entities,
      "record_id,uscc,department,record_kind,severity,penalty,procedure,sector,decision_date,"
      "publication_date,fine_yuan,fulfilled_date,corrected_date,shown_on,repaired_on\n");
  ASSERT_TRUE(r.ok());
  const Population& pop = r->population;
  const Date day = *ParseDate("2026-11-27");
  Scratch scratch;
  const internal::DatePlan& plan = internal::ScratchAccess::Prepare(internal::Data(t), day, scratch);
  std::vector<uint64_t> keys;
  for (size_t e = 0; e < pop.num_entities(); ++e) keys.push_back(internal::RecordlessKey(plan, pop, e));
  EXPECT_EQ(keys[0], keys[1]);
  EXPECT_EQ(keys[0], keys[2]);
  EXPECT_NE(keys[0], keys[3]);
  EXPECT_NE(keys[0], keys[4]);  // registered 2026: no report due yet
  EXPECT_NE(keys[3], keys[4]);
  BatchResult warm;
  ASSERT_TRUE(EvaluateBatch(t, pop, day, warm, 1).ok());
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    Scratch cold;
    EntityOutcome alone;
    EvaluateEntity(t, pop, e, day, cold, nullptr, &alone);
    EXPECT_EQ(alone, warm.entities[e]) << "entity " << e;
  }
  EXPECT_EQ(warm.entities[0], warm.entities[2]);
  EXPECT_NE(warm.entities[0].alerts, 0u);  // a report missing
  EXPECT_NE(warm.entities[0].alerts, warm.entities[4].alerts);
}

}  // namespace
}  // namespace xiufu
