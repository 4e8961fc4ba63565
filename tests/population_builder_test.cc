// Tests for include/xiufu/runtime/population_builder.h: the one way into the engine. Hosts fill
// EntityInput / RecordInput with codes or dense ids, text or typed values; every rejection
// comes back with its code, field, value, message and place; the Population is bound to its
// dictionary, and EvaluateBatch refuses a table with another one. The shared bad-input corpus
// (tests/data/bad_input, see its README.md) is checked here against the CSV reader.
#include "xiufu/runtime/population_builder.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "support/test_codes.h"
#include "support/tiny_pack.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/population_io.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;

// Platforms: necips = 0, credit_china = 1, credit_zhejiang = 2.
Dictionary::CodeLists TestCodes() { return testing::SmallTestCodes(); }

Dictionary TestDictionary() {
  absl::StatusOr<Dictionary> d = Dictionary::FromCodes(TestCodes());
  EXPECT_TRUE(d.ok()) << d.status();
  return *d;
}

// Valid USCCs (GB 32100 check characters; UsccsAreValid confirms them).
constexpr char kA[] = "91330105MA2419NN9K";
constexpr char kB[] = "92330105MATHL77Q6Y";
constexpr char kC[] = "91350200MA31E12PXF";

Date D(const char* s) { return *ParseDate(s); }

TEST(PopulationBuilderTest, UsccsAreValid) {
  EXPECT_TRUE(ValidateUscc(kA).ok());
  EXPECT_TRUE(ValidateUscc(kB).ok());
  EXPECT_TRUE(ValidateUscc(kC).ok());
}

void ExpectSamePopulation(const Population& a, const Population& b) {
  EXPECT_EQ(a.num_platforms, b.num_platforms);
  EXPECT_EQ(a.dictionary_fingerprint, b.dictionary_fingerprint);
  EXPECT_EQ(a.uscc, b.uscc);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.entity_kind, b.entity_kind);
  EXPECT_EQ(a.entity_status, b.entity_status);
  EXPECT_EQ(a.registration_date, b.registration_date);
  EXPECT_EQ(a.last_report_year, b.last_report_year);
  EXPECT_EQ(a.entity_flags, b.entity_flags);
  EXPECT_EQ(a.record_begin, b.record_begin);
  EXPECT_EQ(a.record_id, b.record_id);
  EXPECT_EQ(a.department, b.department);
  EXPECT_EQ(a.record_kind, b.record_kind);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.penalty, b.penalty);
  EXPECT_EQ(a.procedure, b.procedure);
  EXPECT_EQ(a.sector, b.sector);
  EXPECT_EQ(a.shown_mask, b.shown_mask);
  EXPECT_EQ(a.decision_date, b.decision_date);
  EXPECT_EQ(a.publication_date, b.publication_date);
  EXPECT_EQ(a.fulfilled_date, b.fulfilled_date);
  EXPECT_EQ(a.corrected_date, b.corrected_date);
  EXPECT_EQ(a.fine_yuan, b.fine_yuan);
  EXPECT_EQ(a.repaired, b.repaired);
}

TEST(PopulationBuilderTest, CodesAndTextOrIdsAndTypedValuesGiveTheSamePopulation) {
  const Dictionary dict = TestDictionary();

  // A host that has codes and date text (what a CSV row or a string frame column gives).
  PopulationBuilder by_text(dict);
  EXPECT_TRUE(by_text.AddEntity({.uscc = kA,
                                 .name = "杭州甲商贸有限公司",
                                 .status = "active",
                                 .registration_date = "2018-03-01",
                                 .last_report_year = "2025",
                                 .unreachable = "false"}));
  EXPECT_TRUE(by_text.AddEntity({.uscc = kB,
                                 .name = "拱墅区乙便利店",
                                 .status = "revoked",
                                 .registration_date = "2020/7/15",
                                 .unreachable = "TRUE"}));
  EXPECT_TRUE(by_text.AddRecord({.record_id = "R1",
                                 .uscc = kA,
                                 .department = "samr",
                                 .record_kind = "penalty",
                                 .severity = "general",
                                 .penalty = "fine",
                                 .procedure = "ordinary",
                                 .sector = "food",
                                 .decision_date = "2024-01-10",
                                 .publication_date = "2024-01-20",
                                 .fine_yuan = "5000",
                                 .fulfilled_date = "2024-02-01",
                                 .corrected_date = "2024-03-01",
                                 .shown_on = "necips|credit_china",
                                 .repaired_on = "credit_china:2024-08-01"}));
  EXPECT_TRUE(by_text.AddRecord({.record_id = "R2",
                                 .uscc = kB,
                                 .department = "tax",
                                 .record_kind = "penalty",
                                 .severity = "minor",
                                 .penalty = "warning",
                                 .procedure = "summary",
                                 .sector = "general",
                                 .decision_date = "2025-09-01",
                                 .shown_on = "credit_zhejiang"}));
  EXPECT_TRUE(by_text.AddRecord({.record_id = "R3",
                                 .uscc = kA,
                                 .department = "fire",
                                 .record_kind = "penalty",
                                 .severity = "serious",
                                 .penalty = "fine",
                                 .procedure = "ordinary",
                                 .sector = "general",
                                 .decision_date = "2023-05-05",
                                 .repaired_on = "credit_zhejiang:2024-01-02|necips:2024-01-03"}));
  const PopulationBuild a = std::move(by_text).Finish();

  // A host that has dense ids and Date values (a service filling structs).
  PopulationBuilder by_value(dict);
  EXPECT_TRUE(by_value.AddEntity({.uscc = kA,
                                  .name = "杭州甲商贸有限公司",
                                  .status = 0,
                                  .registration_date = D("2018-03-01"),
                                  .last_report_year = 2025,
                                  .unreachable = false}));
  EXPECT_TRUE(by_value.AddEntity({.uscc = kB,
                                  .name = "拱墅区乙便利店",
                                  .status = 1,
                                  .registration_date = D("2020-07-15"),
                                  .unreachable = true}));
  const std::vector<Date> r1_repaired = {Date{kNoDay}, D("2024-08-01"), Date{kNoDay}};
  EXPECT_TRUE(by_value.AddRecord({.record_id = "R1",
                                  .uscc = kA,
                                  .department = 0,
                                  .record_kind = 0,
                                  .severity = 1,
                                  .penalty = 2,
                                  .procedure = 1,
                                  .sector = 1,
                                  .decision_date = D("2024-01-10"),
                                  .publication_date = D("2024-01-20"),
                                  .fine_yuan = 5000,
                                  .fulfilled_date = D("2024-02-01"),
                                  .corrected_date = D("2024-03-01"),
                                  .shown_on = 0b011u,
                                  .repaired_on = r1_repaired}));
  EXPECT_TRUE(by_value.AddRecord({.record_id = "R2",
                                  .uscc = kB,
                                  .department = 1,
                                  .record_kind = 0,
                                  .severity = 0,
                                  .penalty = 1,
                                  .procedure = 0,
                                  .sector = 0,
                                  .decision_date = D("2025-09-01"),
                                  .fine_yuan = 0,
                                  .shown_on = 0b100u}));
  const std::vector<Date> r3_repaired = {D("2024-01-03"), Date{kNoDay}, D("2024-01-02")};
  EXPECT_TRUE(by_value.AddRecord({.record_id = "R3",
                                  .uscc = kA,
                                  .department = 2,
                                  .record_kind = 0,
                                  .severity = 2,
                                  .penalty = 2,
                                  .procedure = 1,
                                  .sector = 0,
                                  .decision_date = D("2023-05-05"),
                                  .repaired_on = r3_repaired}));
  const PopulationBuild b = std::move(by_value).Finish();

  EXPECT_TRUE(a.diagnostics.empty());
  EXPECT_TRUE(b.diagnostics.empty());
  ExpectSamePopulation(a.population, b.population);

  // Hand-checked values of the common result.
  const Population& p = a.population;
  EXPECT_EQ(p.dictionary_fingerprint, DictionaryFingerprint(dict));
  EXPECT_NE(p.dictionary_fingerprint, 0u);
  EXPECT_EQ(p.num_platforms, 3);
  EXPECT_EQ(p.record_begin, (ReusableVector<uint32_t>{0, 2, 3}));
  EXPECT_THAT(p.record_id, ::testing::ElementsAre("R1", "R3", "R2"));
  EXPECT_EQ(a.record_row, (ReusableVector<uint32_t>{0, 2, 1}));
  EXPECT_EQ(b.record_row, a.record_row);
  EXPECT_EQ(p.entity_flags[0], kFlagUsccValid);
  EXPECT_EQ(p.entity_flags[1], kFlagUsccValid | kFlagUnreachable);
  EXPECT_EQ(p.entity_kind[1], static_cast<uint8_t>(EntityKind::kIndividual));
  EXPECT_EQ(p.last_report_year, (ReusableVector<int16_t>{2025, 0}));
  EXPECT_EQ(p.registration_date[1], FromYmd(2020, 7, 15).days);
  EXPECT_EQ(p.registration_year, (ReusableVector<int16_t>{2018, 2020}));
  EXPECT_EQ(p.shown_mask, (ReusableVector<uint8_t>{0b011, 0, 0b100}));
  EXPECT_EQ(p.fine_yuan, (ReusableVector<int64_t>{5000, 0, 0}));
  EXPECT_EQ(p.publication_date[1], kNoDay);
  EXPECT_EQ(p.repaired.At(0, 1), FromYmd(2024, 8, 1).days);  // R1, credit_china
  EXPECT_EQ(p.repaired.At(1, 0), FromYmd(2024, 1, 3).days);  // R3, necips
  EXPECT_EQ(p.repaired.At(1, 2), FromYmd(2024, 1, 2).days);  // R3, credit_zhejiang
  EXPECT_EQ(a.entity_rows, 2u);
  EXPECT_EQ(a.record_rows, 3u);
  EXPECT_EQ(a.rejected(), 0u);
}

struct Want {
  std::string source;
  int line;
  int column;
  std::string field;
  std::string value;
  std::string code;
  std::string message;  // empty: not checked
};

void ExpectDiagnostic(const Diagnostic& got, const Want& want) {
  SCOPED_TRACE(FormatDiagnostic(got));
  EXPECT_EQ(got.severity, Severity::kError);
  EXPECT_EQ(got.loc.file, want.source);
  EXPECT_EQ(got.loc.line, want.line);
  EXPECT_EQ(got.loc.column, want.column);
  EXPECT_EQ(got.field, want.field);
  EXPECT_EQ(got.value, want.value);
  EXPECT_EQ(got.code, want.code);
  if (!want.message.empty()) EXPECT_EQ(got.message, want.message);
  EXPECT_FALSE(got.message.empty());
}

void ExpectDiagnostics(const std::vector<Diagnostic>& got, const std::vector<Want>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) ExpectDiagnostic(got[i], want[i]);
}

// One valid record of entity `uscc`, to vary one field of.
RecordInput GoodRecord(std::string_view id, std::string_view uscc) {
  return {.record_id = id,
          .uscc = uscc,
          .department = "samr",
          .record_kind = "penalty",
          .severity = "general",
          .penalty = "fine",
          .procedure = "ordinary",
          .sector = "general",
          .decision_date = "2024-01-10",
          .fine_yuan = "1",
          .shown_on = "necips"};
}

EntityInput GoodEntity(std::string_view uscc) {
  return {.uscc = uscc, .name = "甲", .status = "active", .unreachable = false};
}

TEST(PopulationBuilderTest, EveryEntityRejectionWithCodeFieldValueMessageAndPlace) {
  const Dictionary dict = TestDictionary();
  PopulationBuilder b(dict);
  // Frame-style places: row positions, and the frame's columns in another order.
  const std::vector<int> cols = {6, 5, 4, 3, 2, 1};
  auto at = [&](int row) { return InputRow{"entities", row, cols}; };
  EXPECT_TRUE(b.AddEntity(GoodEntity(kA), at(0)));
  EntityInput e = GoodEntity("91330105MA2419NN9");
  EXPECT_FALSE(b.AddEntity(e, at(1)));
  e.uscc = "91330105MA2419NI9K";
  EXPECT_FALSE(b.AddEntity(e, at(2)));
  e.uscc = "9133A105MA2419NN9K";
  EXPECT_FALSE(b.AddEntity(e, at(3)));
  e.uscc = "";
  EXPECT_FALSE(b.AddEntity(e, at(4)));
  e.uscc = kA;
  EXPECT_FALSE(b.AddEntity(e, at(5)));  // duplicate of row 0
  e = GoodEntity(kB);
  e.status = "dormant";
  EXPECT_FALSE(b.AddEntity(e, at(6)));
  e.status = {};  // absent: no code
  EXPECT_FALSE(b.AddEntity(e, at(7)));
  e = GoodEntity(kB);
  e.registration_date = "2018-02-30";
  EXPECT_FALSE(b.AddEntity(e, at(8)));
  e.registration_date = "2018-3-1";
  EXPECT_FALSE(b.AddEntity(e, at(9)));
  e = GoodEntity(kB);
  e.last_report_year = "20x5";
  EXPECT_FALSE(b.AddEntity(e, at(10)));
  e.last_report_year = "1899";
  EXPECT_FALSE(b.AddEntity(e, at(11)));
  e = GoodEntity(kB);
  e.unreachable = "yes";
  EXPECT_FALSE(b.AddEntity(e, at(12)));
  e.unreachable = {};
  EXPECT_FALSE(b.AddEntity(e, at(13)));
  // Padding is trimmed (except in names), empty text is absent.
  EXPECT_TRUE(b.AddEntity({.uscc = " 92330105MATHL77Q6Y\t",
                           .name = " 乙 ",
                           .status = " active ",
                           .registration_date = "  ",
                           .last_report_year = " ",
                           .unreachable = " 1 "},
                          at(14)));
  const PopulationBuild r = std::move(b).Finish();
  EXPECT_EQ(r.entity_rows, 15u);
  EXPECT_EQ(r.rejected_entities, 13u);
  ASSERT_EQ(r.population.num_entities(), 2u);
  EXPECT_EQ(r.population.name[1], " 乙 ");
  EXPECT_EQ(r.population.registration_date[1], kNoDay);
  EXPECT_EQ(r.population.last_report_year[1], 0);
  EXPECT_EQ(r.population.entity_flags[1], kFlagUsccValid | kFlagUnreachable);
  const std::string f = "entities";
  ExpectDiagnostics(
      r.diagnostics,
      {{f, 1, 6, "uscc", "91330105MA2419NN9", "bad-uscc", "USCC has 17 characters, expected 18"},
       {f, 2, 6, "uscc", "91330105MA2419NI9K", "bad-uscc",
        "USCC character 16 ('I') is not in the character set 0-9 A-H J-N P-R T U W X Y"},
       {f, 3, 6, "uscc", "9133A105MA2419NN9K", "bad-uscc",
        "USCC character 5 ('A') must be a digit (administrative division code)"},
       {f, 4, 6, "uscc", "", "bad-uscc", "USCC is empty"},
       {f, 5, 6, "uscc", kA, "duplicate-uscc", "USCC already defined on line 0"},
       {f, 6, 4, "status", "dormant", "unknown-enum", "unknown entity_status code 'dormant'; valid: active, revoked, cancelled (3 codes)"},
       {f, 7, 4, "status", "", "unknown-enum", "unknown entity_status code ''; valid: active, revoked, cancelled (3 codes)"},
       {f, 8, 3, "registration_date", "2018-02-30", "bad-date",
        "'2018-02-30' is not a calendar day"},
       {f, 9, 3, "registration_date", "2018-3-1", "bad-date",
        "'2018-3-1' is not a date (YYYY-MM-DD)"},
       {f, 10, 2, "last_report_year", "20x5", "bad-number",
        "last_report_year must be a year (1900-2199) or empty for never"},
       {f, 11, 2, "last_report_year", "1899", "bad-number", ""},
       {f, 12, 1, "unreachable", "yes", "bad-bool", "unreachable must be true or false"},
       {f, 13, 1, "unreachable", "", "bad-bool", ""}});
}

TEST(PopulationBuilderTest, EveryRecordRejectionWithCodeFieldValueMessageAndPlace) {
  const Dictionary dict = TestDictionary();
  PopulationBuilder b(dict);
  EXPECT_TRUE(b.AddEntity(GoodEntity(kA), {"e.csv", 2}));
  EntityInput rejected = GoodEntity(kB);
  rejected.status = "dormant";
  EXPECT_FALSE(b.AddEntity(rejected, {"e.csv", 3}));
  // Default columns (field number + 1); per-field lines (a quoted CSV field can move the later
  // fields of a row down a line); the row's own line is what messages quote.
  const std::vector<int> lines = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 11, 11};
  int line = 10;
  auto add = [&](const RecordInput& in) { return b.AddRecord(in, {"r.csv", line++, {}, lines}); };
  EXPECT_TRUE(add(GoodRecord("R1", kA)));                  // 10
  EXPECT_FALSE(add(GoodRecord("R1", kA)));                 // 11
  EXPECT_FALSE(add(GoodRecord(" ", kA)));                  // 12
  EXPECT_FALSE(add(GoodRecord("R3", "9133010")));          // 13
  EXPECT_FALSE(add(GoodRecord("R4", kC)));                 // 14
  EXPECT_FALSE(add(GoodRecord("R5", kB)));                 // 15
  RecordInput r = GoodRecord("R6", kA);
  r.department = "customs";
  EXPECT_FALSE(add(r));                                    // 16
  r = GoodRecord("R7", kA);
  r.sector = 7;
  EXPECT_FALSE(add(r));                                    // 17
  r = GoodRecord("R8", kA);
  r.publication_date = "2024-13-01";
  EXPECT_FALSE(add(r));                                    // 18
  r = GoodRecord("R9", kA);
  r.fine_yuan = "12.5";
  EXPECT_FALSE(add(r));                                    // 19
  r.fine_yuan = "9007199254740993";
  EXPECT_FALSE(add(r));                                    // 20
  r = GoodRecord("R10", kA);
  r.shown_on = "necips|credit_hangzhou";
  EXPECT_FALSE(add(r));                                    // 21
  r.shown_on = "necips|";
  EXPECT_FALSE(add(r));                                    // 22
  r = GoodRecord("R11", kA);
  r.repaired_on = "necips 2024-05-01";
  EXPECT_FALSE(add(r));                                    // 23
  r.repaired_on = "cc:2024-05-01";
  EXPECT_FALSE(add(r));                                    // 24
  r.repaired_on = "necips:2024-05-32";
  EXPECT_FALSE(add(r));                                    // 25
  r.repaired_on = "necips:2024-05-01|necips:2024-06-01";
  EXPECT_FALSE(add(r));                                    // 26
  r.repaired_on = "credit_china:";
  EXPECT_FALSE(add(r));                                    // 27
  r = GoodRecord("R12", kA);
  r.fine_yuan = "9007199254740992";  // 2^53: the largest accepted
  EXPECT_TRUE(add(r));                                     // 28
  const PopulationBuild out = std::move(b).Finish();
  EXPECT_EQ(out.record_rows, 19u);
  EXPECT_EQ(out.rejected_records, 17u);
  EXPECT_EQ(out.rejected_entities, 1u);
  ASSERT_EQ(out.population.num_records(), 2u);
  EXPECT_EQ(out.population.fine_yuan[1], int64_t{1} << 53);
  EXPECT_EQ(out.record_row, (ReusableVector<uint32_t>{0, 18}));
  const std::string f = "r.csv";
  std::vector<Diagnostic> got(out.diagnostics.begin() + 1, out.diagnostics.end());
  ExpectDiagnostics(
      got, {{f, 10, 1, "record_id", "R1", "duplicate-record-id", "record_id already used on line 10"},
            {f, 10, 1, "record_id", "", "missing-value", "record_id is empty"},
            {f, 10, 2, "uscc", "9133010", "bad-uscc", "USCC has 7 characters, expected 18"},
            {f, 10, 2, "uscc", kC, "unknown-uscc", "USCC is not in e.csv"},
            {f, 10, 2, "uscc", kB, "entity-rejected", "the entity's row (e.csv line 3) was rejected"},
            {f, 10, 3, "department", "customs", "unknown-enum", "unknown department code 'customs'; valid: samr, tax, fire (3 codes)"},
            {f, 10, 8, "sector", "7", "unknown-enum", "unknown sector id 7 (the dictionary has 2 codes)"},
            {f, 10, 10, "publication_date", "2024-13-01", "bad-date",
             "'2024-13-01' is not a calendar day"},
            {f, 10, 11, "fine_yuan", "12.5", "bad-number",
             "fine_yuan must be a whole, non-negative number of yuan"},
            {f, 10, 11, "fine_yuan", "9007199254740993", "bad-number", ""},
            {f, 11, 14, "shown_on", "credit_hangzhou", "unknown-enum",
             "unknown platform code 'credit_hangzhou'; valid: necips, credit_china, "
             "credit_zhejiang (3 codes)"},
            {f, 11, 14, "shown_on", "necips|", "unknown-enum", "empty platform code in shown_on"},
            {f, 11, 15, "repaired_on", "necips 2024-05-01", "bad-repaired",
             "repaired_on entries are platform:YYYY-MM-DD joined by '|'"},
            {f, 11, 15, "repaired_on", "cc", "unknown-enum", "unknown platform code 'cc'; valid: necips, credit_china, credit_zhejiang "
             "(3 codes)"},
            {f, 11, 15, "repaired_on", "2024-05-32", "bad-date", "'2024-05-32' is not a calendar day"},
            {f, 11, 15, "repaired_on", "necips:2024-06-01", "bad-repaired",
             "platform 'necips' is listed twice in repaired_on"},
            {f, 11, 15, "repaired_on", "", "bad-date", "repaired_on date is empty"}});
  // The first diagnostic is the entity's.
  ExpectDiagnostic(out.diagnostics[0], {"e.csv", 3, 3, "status", "dormant", "unknown-enum", ""});
}

TEST(PopulationBuilderTest, TypedValuesGetTheSameRangeChecksAsText) {
  const Dictionary dict = TestDictionary();
  PopulationBuilder b(dict);
  EntityInput e = GoodEntity(kA);
  e.registration_date = FromYmd(1899, 12, 31);
  EXPECT_FALSE(b.AddEntity(e));
  e.registration_date = FromYmd(2200, 1, 1);
  EXPECT_FALSE(b.AddEntity(e));
  e = GoodEntity(kA);
  e.status = 3;  // three statuses: ids 0-2
  EXPECT_FALSE(b.AddEntity(e));
  e.status = -1;
  EXPECT_FALSE(b.AddEntity(e));
  e = GoodEntity(kA);
  e.last_report_year = 0;  // never filed is "absent", not 0
  EXPECT_FALSE(b.AddEntity(e));
  e.last_report_year = 2200;
  EXPECT_FALSE(b.AddEntity(e));
  e = GoodEntity(kA);
  e.registration_date = Date{kNoDay};  // kNoDay = absent
  e.last_report_year = 1900;
  EXPECT_TRUE(b.AddEntity(e));

  RecordInput r = GoodRecord("R1", kA);
  r.fine_yuan = -1;
  EXPECT_FALSE(b.AddRecord(r));
  r.fine_yuan = (int64_t{1} << 53) + 1;
  EXPECT_FALSE(b.AddRecord(r));
  r = GoodRecord("R1", kA);
  r.shown_on = 0b1000u;  // three platforms: bits 0-2
  EXPECT_FALSE(b.AddRecord(r));
  r = GoodRecord("R1", kA);
  const std::vector<Date> two = {Date{kNoDay}, Date{kNoDay}};
  r.repaired_on = two;
  EXPECT_FALSE(b.AddRecord(r));
  const std::vector<Date> early = {Date{kNoDay}, FromYmd(1850, 1, 1), Date{kNoDay}};
  r.repaired_on = early;
  EXPECT_FALSE(b.AddRecord(r));
  r = GoodRecord("R1", kA);
  r.decision_date = FromYmd(2200, 1, 1);
  EXPECT_FALSE(b.AddRecord(r));
  r = GoodRecord("R1", kA);
  r.department = 3;
  EXPECT_FALSE(b.AddRecord(r));
  r = GoodRecord("R1", kA);
  const std::vector<Date> none;
  r.repaired_on = none;  // an empty span: none repaired
  r.shown_on = 0b111u;
  r.decision_date = FromYmd(2199, 12, 31);
  EXPECT_TRUE(b.AddRecord(r));

  const PopulationBuild out = std::move(b).Finish();
  EXPECT_EQ(out.rejected_entities, 6u);
  EXPECT_EQ(out.rejected_records, 7u);
  ASSERT_EQ(out.population.num_records(), 1u);
  EXPECT_EQ(out.population.shown_mask[0], 0b111);
  EXPECT_EQ(out.population.last_report_year[0], 1900);
  EXPECT_EQ(out.population.registration_date[0], kNoDay);
  const std::string f;  // no source given
  ExpectDiagnostics(
      out.diagnostics,
      {{f, 0, 4, "registration_date", "1899-12-31", "bad-date",
        "'1899-12-31' is outside 1900-01-01..2199-12-31"},
       {f, 0, 4, "registration_date", "2200-01-01", "bad-date", ""},
       {f, 0, 3, "status", "3", "unknown-enum",
        "unknown entity_status id 3 (the dictionary has 3 codes)"},
       {f, 0, 3, "status", "-1", "unknown-enum", ""},
       {f, 0, 5, "last_report_year", "0", "bad-number",
        "last_report_year must be a year (1900-2199) or empty for never"},
       {f, 0, 5, "last_report_year", "2200", "bad-number", ""},
       {f, 0, 11, "fine_yuan", "-1", "bad-number",
        "fine_yuan must be a whole, non-negative number of yuan"},
       {f, 0, 11, "fine_yuan", "9007199254740993", "bad-number", ""},
       {f, 0, 14, "shown_on", "8", "unknown-enum",
        "shown_on mask 8 has bits beyond the dictionary's 3 platforms"},
       {f, 0, 15, "repaired_on", "2 dates", "bad-repaired",
        "repaired_on has 2 dates, expected one per platform (3)"},
       {f, 0, 15, "repaired_on", "1850-01-01", "bad-date",
        "'1850-01-01' is outside 1900-01-01..2199-12-31"},
       {f, 0, 9, "decision_date", "2200-01-01", "bad-date", ""},
       {f, 0, 3, "department", "3", "unknown-enum",
        "unknown department id 3 (the dictionary has 3 codes)"}});
}

TEST(PopulationBuilderTest, RecordsBeforeTheirEntityAreRejectedAndRecordsGroupStably) {
  const Dictionary dict = TestDictionary();
  PopulationBuilder b(dict);
  EXPECT_FALSE(b.AddRecord(GoodRecord("R0", kA), {"records", 0}));  // kA not added yet
  EXPECT_TRUE(b.AddEntity(GoodEntity(kA)));
  EXPECT_TRUE(b.AddEntity(GoodEntity(kB)));
  EXPECT_TRUE(b.AddRecord(GoodRecord("B1", kB)));
  b.RejectRecordRow(Diagnostic{Severity::kError, "column-count", {"records", 3, 2}, "uscc", "",
                               "row has 1 fields, the header has 15"});
  EXPECT_TRUE(b.AddRecord(GoodRecord("A1", kA)));
  EXPECT_TRUE(b.AddRecord(GoodRecord("B2", kB)));
  EXPECT_TRUE(b.AddRecord(GoodRecord("A2", kA)));
  const PopulationBuild out = std::move(b).Finish();
  ExpectDiagnostics(out.diagnostics,
                    {{"records", 0, 2, "uscc", kA, "unknown-uscc", "USCC is not in the entities"},
                     {"records", 3, 2, "uscc", "", "column-count", ""}});
  EXPECT_EQ(out.record_rows, 6u);
  EXPECT_EQ(out.rejected_records, 2u);
  EXPECT_THAT(out.population.record_id, ::testing::ElementsAre("A1", "A2", "B1", "B2"));
  EXPECT_EQ(out.population.record_begin, (ReusableVector<uint32_t>{0, 2, 4}));
  // Each record's position among the six offered rows: R0 0, B1 1, the CSV reject 2, A1 3, …
  EXPECT_EQ(out.record_row, (ReusableVector<uint32_t>{3, 5, 1, 4}));
}

TEST(PopulationBuilderTest, DuplicatesKeepTheFirstAndARejectedEntityDoesNotBlockALaterOne) {
  const Dictionary dict = TestDictionary();
  PopulationBuilder b(dict);
  EntityInput bad = GoodEntity(kA);
  bad.status = "dormant";
  EXPECT_FALSE(b.AddEntity(bad, {"e", 1}));
  EXPECT_FALSE(b.AddRecord(GoodRecord("R1", kA), {"r", 1}));  // entity-rejected
  EntityInput first = GoodEntity(kA);
  first.name = "first";
  EXPECT_TRUE(b.AddEntity(first, {"e", 2}));
  EntityInput second = GoodEntity(kA);
  second.name = "second";
  EXPECT_FALSE(b.AddEntity(second, {"e", 3}));
  EXPECT_TRUE(b.AddRecord(GoodRecord("R1", kA), {"r", 2}));  // the rejected R1 did not count
  EXPECT_FALSE(b.AddRecord(GoodRecord("R1", kA), {"r", 3}));
  const PopulationBuild out = std::move(b).Finish();
  ASSERT_EQ(out.population.num_entities(), 1u);
  EXPECT_EQ(out.population.name[0], "first");
  EXPECT_EQ(out.population.num_records(), 1u);
  ASSERT_EQ(out.diagnostics.size(), 4u);
  EXPECT_EQ(out.diagnostics[1].code, "entity-rejected");
  EXPECT_EQ(out.diagnostics[1].message, "the entity's row (e line 1) was rejected");
  EXPECT_EQ(out.diagnostics[2].code, "duplicate-uscc");
  EXPECT_EQ(out.diagnostics[2].message, "USCC already defined on line 2");
  EXPECT_EQ(out.diagnostics[3].code, "duplicate-record-id");
  EXPECT_EQ(out.diagnostics[3].message, "record_id already used on line 2");
}

// Population::registration_year holds the year of each accepted entity's registration date
// (kNoRegistrationYear when it is unknown), in the entity's row, whichever entities around it
// were rejected or repeated; a population without the column (filled by hand) derives the same.
TEST(PopulationBuilderTest, RegistrationYearsFollowTheAcceptedEntities) {
  const Dictionary dict = TestDictionary();
  PopulationBuilder b(dict);
  EntityInput first = GoodEntity(kA);
  first.registration_date = "2018-12-31";
  EXPECT_TRUE(b.AddEntity(first, {"e", 1}));
  EntityInput bad = GoodEntity(kB);
  bad.registration_date = "2019-01-01";
  bad.status = "dormant";
  EXPECT_FALSE(b.AddEntity(bad, {"e", 2}));
  EntityInput repeated = GoodEntity(kA);
  repeated.registration_date = "2001-05-05";
  EXPECT_FALSE(b.AddEntity(repeated, {"e", 3}));
  EXPECT_TRUE(b.AddEntity(GoodEntity(kB), {"e", 4}));  // registration date unknown
  const std::string third = testing::NumberedUscc(7);
  EntityInput early = GoodEntity(third);
  early.registration_date = "1900-01-01";
  EXPECT_TRUE(b.AddEntity(early, {"e", 5}));
  const PopulationBuild out = std::move(b).Finish();
  const Population& p = out.population;
  ASSERT_EQ(p.num_entities(), 3u);
  EXPECT_EQ(p.registration_year, (ReusableVector<int16_t>{2018, kNoRegistrationYear, 1900}));
  Population by_hand = p;
  by_hand.registration_year.clear();
  for (size_t e = 0; e < p.num_entities(); ++e) {
    EXPECT_EQ(by_hand.RegistrationYear(e), p.registration_year[e]) << "entity " << e;
    EXPECT_EQ(p.RegistrationYear(e), p.registration_year[e]) << "entity " << e;
  }
}

TEST(PopulationBuilderTest, WrongCheckCharacterIsKeptAndFlagged) {
  std::string bad = kA;
  bad[17] = 'L';
  ASSERT_FALSE(ValidateUscc(bad).ok());
  const Dictionary dict = TestDictionary();
  PopulationBuilder b(dict);
  EXPECT_TRUE(b.AddEntity(GoodEntity(bad)));
  EXPECT_TRUE(b.AddRecord(GoodRecord("R1", bad)));
  const PopulationBuild out = std::move(b).Finish();
  EXPECT_EQ(out.rejected(), 0u);
  EXPECT_EQ(out.invalid_uscc, 1u);
  ASSERT_EQ(out.population.num_entities(), 1u);
  EXPECT_EQ(out.population.entity_flags[0] & kFlagUsccValid, 0);
  EXPECT_EQ(std::string(out.population.uscc[0].data(), 18), bad);
  EXPECT_EQ(out.population.num_records(), 1u);
}

TEST(PopulationBuilderTest, DiagnosticsAreCappedButRowsCountedAndTextCanBeLeftOut) {
  BuildOptions options;
  options.max_diagnostics = 2;
  options.keep_text = false;
  const Dictionary dict = TestDictionary();
  PopulationBuilder b(dict, options);
  b.RejectEntityRow(Diagnostic{Severity::kError, "csv-syntax", {"e", 2, 1}, "uscc", "", "x"});
  EntityInput bad = GoodEntity(kB);
  bad.status = "nope";
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(b.AddEntity(bad));
  EXPECT_TRUE(b.AddEntity(GoodEntity(kA)));
  EXPECT_TRUE(b.AddRecord(GoodRecord("R1", kA)));
  EXPECT_FALSE(b.AddRecord(GoodRecord("R1", kA)));  // still a duplicate without the text
  const PopulationBuild out = std::move(b).Finish();
  EXPECT_EQ(out.entity_rows, 5u);
  EXPECT_EQ(out.rejected_entities, 4u);
  EXPECT_EQ(out.rejected_records, 1u);
  EXPECT_EQ(out.diagnostics.size(), 2u);
  EXPECT_EQ(out.dropped_diagnostics, 3u);
  EXPECT_THAT(out.population.name, ::testing::ElementsAre(""));
  EXPECT_THAT(out.population.record_id, ::testing::ElementsAre(""));
}

TEST(PopulationBuilderTest, FingerprintsFollowTheCodeLists) {
  const Dictionary a = TestDictionary();
  Dictionary::CodeLists codes = TestCodes();
  const Dictionary same = *Dictionary::FromCodes(codes);
  std::swap(codes[1][0], codes[1][1]);  // samr ↔ tax
  const Dictionary swapped = *Dictionary::FromCodes(codes);
  codes = TestCodes();
  codes[6].push_back("drugs");
  const Dictionary longer = *Dictionary::FromCodes(codes);
  codes = TestCodes();
  codes[5] = {"summaryordinary"};  // separators keep "summary"+"ordinary" apart
  codes[6] = {"general", "food"};
  const Dictionary joined = *Dictionary::FromCodes(codes);
  EXPECT_EQ(DictionaryFingerprint(a), DictionaryFingerprint(same));
  EXPECT_NE(DictionaryFingerprint(a), DictionaryFingerprint(swapped));
  EXPECT_NE(DictionaryFingerprint(a), DictionaryFingerprint(longer));
  EXPECT_NE(DictionaryFingerprint(a), DictionaryFingerprint(joined));
  EXPECT_NE(DictionaryFingerprint(a), 0u);
  EXPECT_EQ(InputFingerprint(DecisionTable()), 0u);
}

DecisionTable CompileTiny() {
  const std::string dir = testing::WritePackFiles("builder-tiny", testing::TinyPackFiles());
  auto loaded = LoadPack(dir);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  auto table = Compile(*loaded);
  EXPECT_TRUE(table.ok()) << table.status();
  return *table;
}

TEST(PopulationBuilderTest, EvaluateBatchRefusesAPopulationBuiltWithAnotherDictionary) {
  const DecisionTable table = CompileTiny();
  const Dictionary own = *Dictionary::FromTable(table);
  EXPECT_EQ(InputFingerprint(table), DictionaryFingerprint(own));

  // The same codes in another order: every id means something else.
  Dictionary::CodeLists codes;
  for (int d = 0; d < kNumInputDomains; ++d) codes[d] = own.Codes(static_cast<InputDomain>(d));
  ASSERT_GE(codes[1].size(), 2u);
  std::reverse(codes[1].begin(), codes[1].end());
  const Dictionary other = *Dictionary::FromCodes(codes);
  ASSERT_NE(DictionaryFingerprint(other), DictionaryFingerprint(own));

  auto build = [](const Dictionary& dict) {
    PopulationBuilder b(dict);
    EXPECT_TRUE(b.AddEntity({.uscc = kA, .status = "active", .unreachable = false}));
    RecordInput r = GoodRecord("R1", kA);
    r.shown_on = {};
    r.sector = "general";
    EXPECT_TRUE(b.AddRecord(r));
    PopulationBuild built = std::move(b).Finish();
    for (const Diagnostic& d : built.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    return std::move(built.population);
  };
  const Date as_of = D("2025-06-01");
  BatchResult out;
  EXPECT_TRUE(EvaluateBatch(table, build(own), as_of, out).ok());
  EXPECT_EQ(out.records.size(), static_cast<size_t>(table.NumPlatforms()));

  BatchResult refused;
  const absl::Status st = EvaluateBatch(table, build(other), as_of, refused);
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition);
  char hex[2][17];
  std::snprintf(hex[0], sizeof hex[0], "%016llx",
                static_cast<unsigned long long>(DictionaryFingerprint(other)));
  std::snprintf(hex[1], sizeof hex[1], "%016llx",
                static_cast<unsigned long long>(InputFingerprint(table)));
  EXPECT_THAT(std::string(st.message()), HasSubstr(hex[0]));
  EXPECT_THAT(std::string(st.message()), HasSubstr(hex[1]));
  EXPECT_TRUE(refused.records.empty());

  // Filled by hand (fingerprint 0): trusted.
  Population by_hand = build(other);
  by_hand.dictionary_fingerprint = 0;
  EXPECT_TRUE(EvaluateBatch(table, by_hand, as_of, refused).ok());
  // A platform count that does not fit is refused either way.
  by_hand.num_platforms = table.NumPlatforms() + 1;
  EXPECT_EQ(EvaluateBatch(table, by_hand, as_of, refused).code(),
            absl::StatusCode::kFailedPrecondition);
}

// ---- the shared bad-input corpus (tests/data/bad_input/README.md) ----

const Dictionary& GongshuDictionary() {
  static const Dictionary* dict = [] {
    auto loaded = LoadPack(XIUFU_SOURCE_DIR "/rules/gongshu");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    auto table = Compile(*loaded);
    EXPECT_TRUE(table.ok()) << table.status();
    auto d = Dictionary::FromTable(*table);
    EXPECT_TRUE(d.ok()) << d.status();
    return new Dictionary(*d);
  }();
  return *dict;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// expected_diagnostics.csv: file,line,column,field,value,code,message.
std::vector<Want> ReadExpected(const std::string& path) {
  std::vector<Want> out;
  const std::string text = ReadFile(path);
  CsvReader reader(text);
  CsvRow row;
  EXPECT_TRUE(reader.Next(&row));  // header
  while (reader.Next(&row)) {
    EXPECT_EQ(row.size(), 7u) << "line " << row.line;
    if (row.size() != 7) continue;
    out.push_back({row.fields[0], std::stoi(row.fields[1]), std::stoi(row.fields[2]),
                   row.fields[3], row.fields[4], row.fields[5], row.fields[6]});
  }
  EXPECT_TRUE(reader.errors().empty());
  return out;
}

absl::StatusOr<PopulationReadResult> ReadCorpus(const std::string& dir) {
  ReadOptions options;
  options.max_diagnostics = 1000;
  return ParsePopulation(GongshuDictionary(), ReadFile(dir + "/entities.csv"),
                         ReadFile(dir + "/records.csv"), "entities.csv", "records.csv", options);
}

constexpr char kCorpus[] = XIUFU_SOURCE_DIR "/tests/data/bad_input";

TEST(BadInputCorpusTest, FieldProblemsGiveTheDocumentedDiagnostics) {
  absl::StatusOr<PopulationReadResult> r = ReadCorpus(kCorpus);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->entity_rows, 18u);
  EXPECT_EQ(r->rejected_entities, 14u);
  EXPECT_EQ(r->population.num_entities(), 4u);
  EXPECT_EQ(r->invalid_uscc, 1u);
  EXPECT_EQ(r->record_rows, 31u);
  EXPECT_EQ(r->rejected_records, 25u);
  EXPECT_EQ(r->population.num_records(), 6u);
  EXPECT_EQ(r->dropped_diagnostics, 0u);
  // Records by entity (E1: R1 R27 R28; E2: R2; E3: R3; E4: R26), each pointing at its row.
  EXPECT_THAT(r->population.record_id,
              ::testing::ElementsAre("R1", "R27", "R28", "R2", "R3", "R26"));
  EXPECT_EQ(r->record_row, (ReusableVector<uint32_t>{0, 27, 28, 1, 2, 26}));
  EXPECT_EQ(r->population.name[1], "拱墅区乙便利店,东店");

  // Hand-checked against README.md (messages: see expected_diagnostics.csv).
  const std::string e = "entities.csv", c = "records.csv";
  const std::string e1 = "91330105MA2419NN9K", e5 = "91330105MA2BD0005H";
  const std::vector<Want> want = {
      {e, 5, 1, "uscc", "91330105MA2419NN9", "bad-uscc", ""},
      {e, 6, 1, "uscc", "91330105MA2419NI9K", "bad-uscc", ""},
      {e, 7, 1, "uscc", "9133A105MA2419NN9K", "bad-uscc", ""},
      {e, 8, 1, "uscc", "", "bad-uscc", ""},
      {e, 9, 1, "uscc", e1, "duplicate-uscc", "USCC already defined on line 2"},
      {e, 10, 3, "status", "dormant", "unknown-enum", ""},
      {e, 11, 3, "status", "", "unknown-enum", ""},
      {e, 12, 4, "registration_date", "2018-02-30", "bad-date", ""},
      {e, 13, 4, "registration_date", "1899-12-31", "bad-date", ""},
      {e, 14, 4, "registration_date", "2018-3-1", "bad-date", ""},
      {e, 15, 5, "last_report_year", "20x5", "bad-number", ""},
      {e, 16, 5, "last_report_year", "1899", "bad-number", ""},
      {e, 17, 6, "unreachable", "yes", "bad-bool", ""},
      {e, 18, 6, "unreachable", "", "bad-bool", ""},
      {c, 5, 1, "record_id", "R1", "duplicate-record-id", "record_id already used on line 2"},
      {c, 6, 1, "record_id", "", "missing-value", ""},
      {c, 7, 2, "uscc", "9133010", "bad-uscc", ""},
      {c, 8, 2, "uscc", "91350200MA31E12PXF", "unknown-uscc", "USCC is not in entities.csv"},
      {c, 9, 2, "uscc", e5, "entity-rejected",
       "the entity's row (entities.csv line 11) was rejected"},
      {c, 10, 3, "department", "police", "unknown-enum", ""},
      {c, 11, 4, "record_kind", "blacklist", "unknown-enum", ""},
      {c, 12, 5, "severity", "", "unknown-enum", ""},
      {c, 13, 8, "sector", "mining", "unknown-enum", ""},
      {c, 14, 9, "decision_date", "2024-13-01", "bad-date", ""},
      {c, 15, 10, "publication_date", "2024/2/30", "bad-date", ""},
      {c, 16, 12, "fulfilled_date", "2200-01-01", "bad-date", ""},
      {c, 17, 11, "fine_yuan", "12.5", "bad-number", ""},
      {c, 18, 11, "fine_yuan", "-5", "bad-number", ""},
      {c, 19, 11, "fine_yuan", "9007199254740993", "bad-number", ""},
      {c, 20, 14, "shown_on", "credit_shanghai", "unknown-enum", ""},
      {c, 21, 14, "shown_on", "necips|", "unknown-enum", ""},
      {c, 22, 15, "repaired_on", "necips 2024-05-01", "bad-repaired", ""},
      {c, 23, 15, "repaired_on", "cc", "unknown-enum", ""},
      {c, 24, 15, "repaired_on", "2024-05-32", "bad-date", ""},
      {c, 25, 15, "repaired_on", "necips:2024-06-01", "bad-repaired", ""},
      {c, 26, 15, "repaired_on", "", "bad-date", ""},
      {c, 27, 13, "corrected_date", "31/12/2024", "bad-date", ""},
      {c, 31, 7, "procedure", "Ordinary", "unknown-enum", ""},
      {c, 32, 2, "uscc", "9133010X", "bad-uscc", ""},
  };
  ExpectDiagnostics(r->diagnostics, want);
  // The machine-readable copy for other adapters says exactly the same, messages included.
  ExpectDiagnostics(r->diagnostics, ReadExpected(std::string(kCorpus) + "/expected_diagnostics.csv"));
}

TEST(BadInputCorpusTest, CsvOnlyProblemsGiveTheDocumentedDiagnostics) {
  const std::string dir = std::string(kCorpus) + "/csv_only";
  absl::StatusOr<PopulationReadResult> r = ReadCorpus(dir);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->entity_rows, 5u);
  EXPECT_EQ(r->rejected_entities, 4u);
  EXPECT_EQ(r->record_rows, 5u);
  EXPECT_EQ(r->rejected_records, 4u);
  const std::string e = "entities.csv", c = "records.csv";
  ExpectDiagnostics(r->diagnostics,
                    {{e, 3, 6, "unreachable", "", "column-count", ""},
                     {e, 4, 2, "name", "丙x", "csv-syntax", ""},
                     {e, 5, 7, "", "extra", "column-count", ""},
                     {e, 7, 3, "status", "dormant", "unknown-enum", ""},
                     {c, 3, 5, "severity", "", "column-count", ""},
                     {c, 4, 5, "severity", "generalx", "csv-syntax", ""},
                     {c, 5, 2, "uscc", "91330105MA2BD0003A", "unknown-uscc", ""},
                     {c, 6, 2, "uscc", "92330105MATHL77Q6Y", "unknown-uscc", ""}});
  ExpectDiagnostics(r->diagnostics, ReadExpected(dir + "/expected_diagnostics.csv"));
}

}  // namespace
}  // namespace xiufu
