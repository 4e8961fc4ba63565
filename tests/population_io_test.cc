// Tests for include/xiufu/population_io.h: reading entities.csv / records.csv into a
// Population (grouping, every rejection reason with its place), writing back byte-exact.
#include "xiufu/population_io.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/test_codes.h"
#include "xiufu/synth/generate.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;

// Platforms deliberately in another order than the generator's, to check id mapping.
Dictionary TestDictionary() {
  const Dictionary::CodeLists codes = testing::SmallTestCodes();
  absl::StatusOr<Dictionary> d = Dictionary::FromCodes(codes);
  EXPECT_TRUE(d.ok()) << d.status();
  return *d;
}

// Valid USCCs (check characters computed by hand with the GB 32100 weights and confirmed by
// ValidateUscc in UsccsAreValid below).
constexpr char kA[] = "91330105MA2419NN9K";
constexpr char kB[] = "92330105MATHL77Q6Y";
constexpr char kC[] = "91350200MA31E12PXF";

TEST(PopulationIoTest, UsccsAreValid) {
  EXPECT_TRUE(ValidateUscc(kA).ok());
  EXPECT_TRUE(ValidateUscc(kB).ok());
  EXPECT_TRUE(ValidateUscc(kC).ok());
}

const char kEntityHeader[] = "uscc,name,status,registration_date,last_report_year,unreachable\n";
const char kRecordHeader[] =
    "record_id,uscc,department,record_kind,severity,penalty,procedure,sector,decision_date,"
    "publication_date,fine_yuan,fulfilled_date,corrected_date,shown_on,repaired_on\n";

absl::StatusOr<PopulationReadResult> Parse(const std::string& entities,
                                           const std::string& records,
                                           const Dictionary& dict = TestDictionary()) {
  return ParsePopulation(dict, entities, records, "entities.csv", "records.csv");
}

TEST(PopulationIoTest, ReadsFieldsAndGroupsRecordsByEntityInFileOrder) {
  const std::string entities = std::string(kEntityHeader) +
                               kA + ",杭州甲商贸有限公司,active,2018-03-01,2025,false\n" +
                               kB + ",拱墅区乙便利店,revoked,2020-07-15,,true\n";
  // Records interleaved across entities: R3 (of A) comes after R2 (of B) in the file.
  const std::string records =
      std::string(kRecordHeader) +
      "R1," + kA + ",samr,penalty,general,fine,ordinary,food,2024-01-10,2024-01-20,5000,"
      "2024-02-01,2024-03-01,necips|credit_china,credit_china:2024-08-01\n" +
      "R2," + kB + ",tax,penalty,minor,warning,summary,general,2025-09-01,,0,,,credit_zhejiang,\n" +
      "R3," + kA + ",fire,penalty,serious,fine,ordinary,general,2023-05-05,2023-05-10,,,,,"
      "credit_zhejiang:2024-01-02|necips:2024-01-03\n";
  absl::StatusOr<PopulationReadResult> r = Parse(entities, records);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->diagnostics.empty());
  EXPECT_EQ(r->entity_rows, 2u);
  EXPECT_EQ(r->record_rows, 3u);
  EXPECT_EQ(r->rejected(), 0u);
  const Population& p = r->population;
  ASSERT_EQ(p.num_entities(), 2u);
  ASSERT_EQ(p.num_records(), 3u);
  EXPECT_EQ(p.num_platforms, 3);
  EXPECT_EQ(std::string(p.uscc[0].data(), 18), kA);
  EXPECT_EQ(p.name[1], "拱墅区乙便利店");
  EXPECT_EQ(p.entity_kind[0], static_cast<uint8_t>(EntityKind::kEnterprise));
  EXPECT_EQ(p.entity_kind[1], static_cast<uint8_t>(EntityKind::kIndividual));
  EXPECT_EQ(p.entity_status[1], 1);  // revoked
  EXPECT_EQ(p.registration_date[0], FromYmd(2018, 3, 1).days);
  EXPECT_EQ(p.last_report_year[0], 2025);
  EXPECT_EQ(p.last_report_year[1], 0);  // empty = never
  EXPECT_EQ(p.entity_flags[0], kFlagUsccValid);
  EXPECT_EQ(p.entity_flags[1], kFlagUsccValid | kFlagUnreachable);

  // Entity A owns R1 then R3 (file order), entity B owns R2.
  EXPECT_EQ(p.record_begin, (ReusableVector<uint32_t>{0, 2, 3}));
  EXPECT_THAT(p.record_id, ::testing::ElementsAre("R1", "R3", "R2"));
  EXPECT_EQ(p.department, (ReusableVector<uint8_t>{0, 2, 1}));
  EXPECT_EQ(p.severity, (ReusableVector<uint8_t>{1, 2, 0}));
  EXPECT_EQ(p.sector[0], 1);  // food
  EXPECT_EQ(p.procedure[2], 0);  // summary
  EXPECT_EQ(p.fine_yuan, (ReusableVector<int64_t>{5000, 0, 0}));
  EXPECT_EQ(p.decision_date[0], FromYmd(2024, 1, 10).days);
  EXPECT_EQ(p.publication_date[2], kNoDay);
  EXPECT_EQ(p.fulfilled_date[0], FromYmd(2024, 2, 1).days);
  EXPECT_EQ(p.corrected_date[1], kNoDay);
  // shown: necips = bit 0, credit_china = bit 1, credit_zhejiang = bit 2.
  EXPECT_EQ(p.shown_mask, (ReusableVector<uint8_t>{0b011, 0, 0b100}));
  // repaired: record-major, 3 platforms each.
  const std::vector<int32_t> want_repaired = {
      kNoDay, FromYmd(2024, 8, 1).days, kNoDay,                          // R1
      FromYmd(2024, 1, 3).days, kNoDay, FromYmd(2024, 1, 2).days,        // R3
      kNoDay, kNoDay, kNoDay};                                           // R2
  std::vector<int32_t> got;
  for (size_t r = 0; r < 3; ++r) {
    for (int q = 0; q < 3; ++q) got.push_back(p.repaired.At(r, q));
  }
  EXPECT_EQ(got, want_repaired);
}

TEST(PopulationIoTest, AcceptsBomCrlfReorderedAndExtraColumnsAndOtherSpellings) {
  const std::string entities = std::string("\xEF\xBB\xBF") +
                               "name,unreachable,note,uscc,status,last_report_year,"
                               "registration_date\r\n"
                               "\"甲,公司\",TRUE,x," + kA + ", active ,2024,2019/3/7\r\n";
  absl::StatusOr<PopulationReadResult> r = Parse(entities, kRecordHeader);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->population.num_entities(), 1u);
  EXPECT_EQ(r->population.name[0], "甲,公司");
  EXPECT_EQ(r->population.registration_date[0], FromYmd(2019, 3, 7).days);
  EXPECT_EQ(r->population.entity_flags[0], kFlagUsccValid | kFlagUnreachable);
}

TEST(PopulationIoTest, WrongCheckCharacterIsKeptAndFlagged) {
  std::string bad = kA;
  bad[17] = bad[17] == 'K' ? 'L' : 'K';
  ASSERT_FALSE(ValidateUscc(bad).ok());
  const std::string entities =
      std::string(kEntityHeader) + bad + ",甲,active,2018-03-01,2025,false\n";
  const std::string records = std::string(kRecordHeader) + "R1," + bad +
                              ",samr,penalty,general,fine,ordinary,general,2024-01-10,,1,,,,\n";
  absl::StatusOr<PopulationReadResult> r = Parse(entities, records);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejected(), 0u);
  EXPECT_EQ(r->invalid_uscc, 1u);
  ASSERT_EQ(r->population.num_entities(), 1u);
  EXPECT_EQ(r->population.entity_flags[0] & kFlagUsccValid, 0);
  EXPECT_EQ(r->population.num_records(), 1u);
}

struct Want {
  std::string file;
  int line;
  int column;
  std::string field;
  std::string value;
  std::string code;
};

void ExpectDiagnostics(const std::vector<Diagnostic>& got, const std::vector<Want>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(FormatDiagnostic(got[i]));
    EXPECT_EQ(got[i].severity, Severity::kError);
    EXPECT_EQ(got[i].loc.file, want[i].file);
    EXPECT_EQ(got[i].loc.line, want[i].line);
    EXPECT_EQ(got[i].loc.column, want[i].column);
    EXPECT_EQ(got[i].field, want[i].field);
    EXPECT_EQ(got[i].value, want[i].value);
    EXPECT_EQ(got[i].code, want[i].code);
    EXPECT_FALSE(got[i].message.empty());
  }
}

TEST(PopulationIoTest, RejectsBadEntityRowsWithPlace) {
  const std::string entities =
      std::string(kEntityHeader) +
      kA + ",甲,active,2018-03-01,2025,false\n" +          // line 2: ok
      kB + ",乙,active,2018-03-01,2025\n" +                // 3: 5 fields
      "91330105MA2419NN9,丙,active,2018-03-01,,false\n" +  // 4: 17 characters
      "91330105MA2419NI9K,丁,active,2018-03-01,,false\n" + // 5: 'I' not allowed
      "9133A105MA2419NN9K,戊,active,2018-03-01,,false\n" + // 6: letter in division code
      kA + ",重复,active,2018-03-01,,false\n" +            // 7: duplicate of line 2
      kB + ",乙,dormant,2018-03-01,,false\n" +             // 8: unknown status
      kB + ",乙,active,2018-02-30,,false\n" +              // 9: impossible day
      kB + ",乙,active,2018-02-03,20x5,false\n" +          // 10: bad year
      kB + ",乙,active,2018-02-03,2025,yes\n" +            // 11: bad bool
      kC + ",己,active,2018-02-03,1899,false\n";           // 12: year out of range
  absl::StatusOr<PopulationReadResult> r = Parse(entities, kRecordHeader);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->entity_rows, 11u);
  EXPECT_EQ(r->rejected_entities, 10u);
  EXPECT_EQ(r->population.num_entities(), 1u);
  const std::string f = "entities.csv";
  ExpectDiagnostics(r->diagnostics,
                    {{f, 3, 6, "unreachable", "", "column-count"},
                     {f, 4, 1, "uscc", "91330105MA2419NN9", "bad-uscc"},
                     {f, 5, 1, "uscc", "91330105MA2419NI9K", "bad-uscc"},
                     {f, 6, 1, "uscc", "9133A105MA2419NN9K", "bad-uscc"},
                     {f, 7, 1, "uscc", kA, "duplicate-uscc"},
                     {f, 8, 3, "status", "dormant", "unknown-enum"},
                     {f, 9, 4, "registration_date", "2018-02-30", "bad-date"},
                     {f, 10, 5, "last_report_year", "20x5", "bad-number"},
                     {f, 11, 6, "unreachable", "yes", "bad-bool"},
                     {f, 12, 5, "last_report_year", "1899", "bad-number"}});
  EXPECT_THAT(r->diagnostics[1].message, HasSubstr("17 characters"));
  EXPECT_THAT(r->diagnostics[2].message, HasSubstr("character 16"));
  EXPECT_THAT(r->diagnostics[3].message, HasSubstr("digit"));
  EXPECT_THAT(r->diagnostics[4].message, HasSubstr("line 2"));
}

TEST(PopulationIoTest, RejectsBadRecordRowsWithPlace) {
  const std::string entities = std::string(kEntityHeader) +
                               kA + ",甲,active,2018-03-01,2025,false\n" +
                               kB + ",乙,dormant,2018-03-01,2025,false\n";  // rejected
  const std::string ok_tail = ",samr,penalty,general,fine,ordinary,general,2024-01-10,,1,,,";
  const std::string records =
      std::string(kRecordHeader) +
      "R1," + kA + ok_tail + "necips,\n" +                                            // 2 ok
      "R2," + kA + ",samr,penalty\n" +                                                // 3
      "R1," + kA + ok_tail + ",\n" +                                                  // 4 dup
      ",," + ok_tail.substr(1) + ",\n" +                                              // 5
      "R5,9133010,samr" + ok_tail.substr(5) + ",\n" +                                 // 6
      "R6," + kC + ok_tail + ",\n" +                                                  // 7
      "R7," + kB + ok_tail + ",\n" +                                                  // 8
      "R8," + kA + ",customs,penalty,general,fine,ordinary,general,2024-01-10,,1,,,,\n" +  // 9
      "R9," + kA + ",samr,penalty,general,fine,ordinary,general,2024-13-01,,1,,,,\n" +     // 10
      "R10," + kA + ",samr,penalty,general,fine,ordinary,general,2024-01-10,,12.5,,,,\n" + // 11
      "R11," + kA + ok_tail + "necips|credit_hangzhou,\n" +                           // 12
      "R12," + kA + ok_tail + "necips|,\n" +                                          // 13
      "R13," + kA + ok_tail + "necips,necips 2024-05-01\n" +                          // 14
      "R14," + kA + ok_tail + "necips,cc:2024-05-01\n" +                              // 15
      "R15," + kA + ok_tail + "necips,necips:2024-05-32\n" +                          // 16
      "R16," + kA + ok_tail + "necips,necips:2024-05-01|necips:2024-06-01\n" +        // 17
      "R17," + kA + ",samr,penalty,\"general\"x,fine,ordinary,general,2024-01-10,,1,,,,\n" +  // 18
      "R18," + kA + ",samr,penalty,general,fine,ordinary,general,2024-01-10,,-5,,,,\n" +   // 19
      "R19," + kA + ok_tail + "credit_china,necips:\n";                               // 20
  absl::StatusOr<PopulationReadResult> r = Parse(entities, records);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejected_entities, 1u);
  EXPECT_EQ(r->record_rows, 19u);
  EXPECT_EQ(r->rejected_records, 18u);
  EXPECT_EQ(r->population.num_records(), 1u);
  const std::string f = "records.csv";
  std::vector<Diagnostic> records_diags(r->diagnostics.begin() + 1, r->diagnostics.end());
  ExpectDiagnostics(records_diags,
                    {{f, 3, 5, "severity", "", "column-count"},
                     {f, 4, 1, "record_id", "R1", "duplicate-record-id"},
                     {f, 5, 1, "record_id", "", "missing-value"},
                     {f, 6, 2, "uscc", "9133010", "bad-uscc"},
                     {f, 7, 2, "uscc", kC, "unknown-uscc"},
                     {f, 8, 2, "uscc", kB, "entity-rejected"},
                     {f, 9, 3, "department", "customs", "unknown-enum"},
                     {f, 10, 9, "decision_date", "2024-13-01", "bad-date"},
                     {f, 11, 11, "fine_yuan", "12.5", "bad-number"},
                     {f, 12, 14, "shown_on", "credit_hangzhou", "unknown-enum"},
                     {f, 13, 14, "shown_on", "necips|", "unknown-enum"},
                     {f, 14, 15, "repaired_on", "necips 2024-05-01", "bad-repaired"},
                     {f, 15, 15, "repaired_on", "cc", "unknown-enum"},
                     {f, 16, 15, "repaired_on", "2024-05-32", "bad-date"},
                     {f, 17, 15, "repaired_on", "necips:2024-06-01", "bad-repaired"},
                     {f, 18, 5, "severity", "generalx", "csv-syntax"},
                     {f, 19, 11, "fine_yuan", "-5", "bad-number"},
                     {f, 20, 15, "repaired_on", "", "bad-date"}});
  EXPECT_THAT(r->diagnostics[0].message, HasSubstr("entity_status"));
  EXPECT_THAT(records_diags[1].message, HasSubstr("line 2"));
  EXPECT_THAT(records_diags[5].message, HasSubstr("entities.csv line 3"));
  EXPECT_THAT(records_diags[6].message, HasSubstr("unknown department code 'customs'"));
}

TEST(PopulationIoTest, DiagnosticsAreCappedButCountsAreNot) {
  std::string entities = kEntityHeader;
  for (int i = 0; i < 5; ++i) {
    entities += kA;
    entities += ",甲,nope,2018-03-01,,false\n";
  }
  ReadOptions options;
  options.max_diagnostics = 2;
  absl::StatusOr<PopulationReadResult> r = ParsePopulation(
      TestDictionary(), entities, kRecordHeader, "e.csv", "r.csv", options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejected_entities, 5u);
  EXPECT_EQ(r->diagnostics.size(), 2u);
  EXPECT_EQ(r->dropped_diagnostics, 3u);
  EXPECT_EQ(r->diagnostics[1].loc.line, 3);
}

TEST(PopulationIoTest, MissingOrDuplicateHeaderColumnIsAFileError) {
  absl::StatusOr<PopulationReadResult> r =
      Parse("uscc,name,status,registration_date,unreachable\n", kRecordHeader);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("entities.csv:1"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("last_report_year"));

  std::string records = kRecordHeader;
  records.replace(records.find("shown_on"), 8, "sector");
  r = Parse(kEntityHeader, records);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("records.csv:1:14"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("'sector' appears twice"));

  r = Parse("", kRecordHeader);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("empty file"));
}

TEST(PopulationIoTest, WriterRoundTripsQuotingAndAbsentValues) {
  const std::string entities = std::string(kEntityHeader) +
                               kA + ",\"甲,\"\"有限\"\"公司\",cancelled,,,false\n" +
                               kB + ",乙,active,2020-07-15,2024,true\n";
  const std::string records =
      std::string(kRecordHeader) +
      "\"R,1\"," + kA + ",samr,penalty,general,fine,ordinary,food,2024-01-10,2024-01-20,5000,"
      "2024-02-01,2024-03-01,necips|credit_china,necips:2024-09-09|credit_zhejiang:2024-08-01\n" +
      "R2," + kB + ",tax,abnormal_list,minor,none,summary,general,,,0,,,,\n";
  const Dictionary dict = TestDictionary();
  absl::StatusOr<PopulationReadResult> r = Parse(entities, records, dict);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rejected(), 0u);
  const CsvStyle plain{.bom = false, .excel_text = false};
  EXPECT_EQ(FormatEntitiesCsv(r->population, dict, plain), entities);
  EXPECT_EQ(FormatRecordsCsv(r->population, dict, plain), records);
  // The default (Excel) style: a BOM first, the rest unchanged here (no all-digit ids).
  EXPECT_EQ(FormatEntitiesCsv(r->population, dict), "\xEF\xBB\xBF" + entities);
  EXPECT_EQ(FormatRecordsCsv(r->population, dict), "\xEF\xBB\xBF" + records);
}

TEST(PopulationIoTest, ExcelTextIdentifiersRoundTrip) {
  // An all-digit USCC and record ids Excel would turn into numbers or dates are written as
  // ="…" (quoted for CSV), and read back as the text.
  constexpr char kDigits[] = "923301000000123451";  // a valid, all-digit USCC
  const std::string entities = std::string(kEntityHeader) + kDigits + ",甲,active,,,false\n" +
                               kA + ",乙,active,,,false\n";
  const std::string records = std::string(kRecordHeader) + "0012," + kDigits +
                              ",samr,penalty,general,fine,ordinary,food,,,0,,,,\n" + "3-4," +
                              kA + ",samr,penalty,general,fine,ordinary,food,,,0,,,,\n" +
                              "R-9," + kA + ",samr,penalty,general,fine,ordinary,food,,,0,,,,\n";
  const Dictionary dict = TestDictionary();
  absl::StatusOr<PopulationReadResult> r = Parse(entities, records, dict);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rejected(), 0u);
  const std::string e_csv = FormatEntitiesCsv(r->population, dict);
  const std::string r_csv = FormatRecordsCsv(r->population, dict);
  EXPECT_THAT(e_csv, HasSubstr("\n\"=\"\"923301000000123451\"\"\",甲,"));
  EXPECT_THAT(e_csv, HasSubstr(std::string("\n") + kA + ",乙,"));
  EXPECT_THAT(r_csv, HasSubstr("\n\"=\"\"0012\"\"\",\"=\"\"923301000000123451\"\"\",samr"));
  EXPECT_THAT(r_csv, HasSubstr("\n\"=\"\"3-4\"\"\"," + std::string(kA)));
  EXPECT_THAT(r_csv, HasSubstr("\nR-9," + std::string(kA)));
  absl::StatusOr<PopulationReadResult> back = Parse(e_csv, r_csv, dict);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->rejected(), 0u);
  EXPECT_EQ(back->population.uscc, r->population.uscc);
  EXPECT_EQ(back->population.record_id, r->population.record_id);
  EXPECT_EQ(back->population.record_id[0], "0012");
  EXPECT_EQ(FormatEntitiesCsv(back->population, dict), e_csv);
  EXPECT_EQ(FormatRecordsCsv(back->population, dict), r_csv);
}

TEST(PopulationIoTest, GeneratedDistrictRoundTripsByteExact) {
  for (const bool dense : {false, true}) {
    GenOptions options;
    options.entities = dense ? 300 : 3000;
    options.seed = 7;
    options.dense = dense;
    const District d = GenerateDistrict(options);
    const std::string entities = DistrictEntitiesCsv(d);
    const std::string records = DistrictRecordsCsv(d);
    const Dictionary dict = GenDictionary();
    absl::StatusOr<PopulationReadResult> r = Parse(entities, records, dict);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->rejected(), 0u);
    EXPECT_EQ(r->population.num_entities(), d.num_entities());
    EXPECT_EQ(r->population.num_records(), d.num_records());
    EXPECT_EQ(FormatEntitiesCsv(r->population, dict), entities);
    EXPECT_EQ(FormatRecordsCsv(r->population, dict), records);
  }
}

TEST(PopulationIoTest, ReadsAndWritesFiles) {
  const std::string dir = ::testing::TempDir();
  const std::string e = dir + "/pio_entities.csv", rpath = dir + "/pio_records.csv";
  const Dictionary dict = TestDictionary();
  absl::StatusOr<PopulationReadResult> r =
      Parse(std::string(kEntityHeader) + kA + ",甲,active,2018-03-01,2025,false\n",
            std::string(kRecordHeader) + "R1," + kA +
                ",samr,penalty,general,fine,ordinary,general,2024-01-10,,1,,,necips,\n");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(WriteEntitiesCsv(r->population, dict, e).ok());
  ASSERT_TRUE(WriteRecordsCsv(r->population, dict, rpath).ok());
  absl::StatusOr<PopulationReadResult> back = ReadPopulation(dict, e, rpath);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->population.record_id, r->population.record_id);
  EXPECT_EQ(back->population.uscc, r->population.uscc);

  absl::StatusOr<PopulationReadResult> missing = ReadPopulation(dict, dir + "/nope.csv", rpath);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("nope.csv"));
}

TEST(PopulationIoTest, DictionaryRejectsBadCodeLists) {
  Dictionary::CodeLists codes;
  for (auto& c : codes) c = {"a"};
  EXPECT_TRUE(Dictionary::FromCodes(codes).ok());
  Dictionary::CodeLists dup = codes;
  dup[1] = {"samr", "samr"};
  EXPECT_FALSE(Dictionary::FromCodes(dup).ok());
  Dictionary::CodeLists empty = codes;
  empty[7].clear();
  EXPECT_THAT(std::string(Dictionary::FromCodes(empty).status().message()),
              HasSubstr("entity_status"));
  Dictionary::CodeLists wide = codes;
  wide[0] = {"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"};
  EXPECT_FALSE(Dictionary::FromCodes(wide).ok());
  const Dictionary d = *Dictionary::FromCodes(codes);
  EXPECT_EQ(d.Find(InputDomain::kSector, "a"), 0);
  EXPECT_EQ(d.Find(InputDomain::kSector, "b"), -1);
  EXPECT_EQ(d.Code(InputDomain::kSector, 0), "a");
  EXPECT_EQ(d.Code(InputDomain::kSector, 5), "");
}

}  // namespace
}  // namespace xiufu
