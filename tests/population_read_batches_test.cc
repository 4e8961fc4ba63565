// Tests for the population reader's batches (include/xiufu/population_io.h,
// ReadOptions::batch_rows / threads): rows handed to the builder's columnar entry in batches of
// consecutive one-line rows give exactly what every row by itself gives — the same population,
// diagnostics (codes, lines, columns, fields, values, messages), warnings, counts and notes —
// for any batch size and thread count: on the bad-input and office corpora and on a generated
// district with blank lines, quoted line breaks, CSV syntax errors, wrong field counts, bad
// values and repeated rows sprinkled in; and with a pack's custom columns, one of them missing.
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/same_build.h"
#include "support/thread_sanitizer.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/population_io.h"
#include "xiufu/synth/generate.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

Dictionary DictionaryOf(const std::string& pack_dir) {
  absl::StatusOr<LoadResult> loaded = LoadPack(pack_dir);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  absl::StatusOr<DecisionTable> table = Compile(*loaded);
  EXPECT_TRUE(table.ok()) << table.status();
  absl::StatusOr<Dictionary> d = Dictionary::FromTable(*table);
  EXPECT_TRUE(d.ok()) << d.status();
  return *d;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads the two files row by row into *rows, then in batches of several sizes on one and two
// threads, and expects the same every time.
void ExpectBatchesReadAsRows(const Dictionary& dict, const std::string& entities,
                             const std::string& records, PopulationReadResult* rows) {
  ReadOptions options;
  options.max_diagnostics = 1000000;
  options.as_of = FromYmd(2026, 10, 31);
  options.batch_rows = 0;
  absl::StatusOr<PopulationReadResult> by_row =
      ParsePopulation(dict, entities, records, "entities.csv", "records.csv", options);
  ASSERT_TRUE(by_row.ok()) << by_row.status();
  *rows = *std::move(by_row);
  // Under ThreadSanitizer half of the sizes: the threads race alike on every size.
  const std::vector<size_t> batches = testing::UnlessThreadSanitizer<std::vector<size_t>>(
      {1, 2, 3, 7, 64, 16384}, {1, 7, 16384});
  // Lines split on the threads in pieces of these sizes (a piece is at least a line; the
  // default is larger than these files), and not split (0).
  const std::vector<size_t> splits = testing::UnlessThreadSanitizer<std::vector<size_t>>(
      {0, 1, 100, 4096, ReadOptions().split_bytes}, {0, 100, ReadOptions().split_bytes});
  for (size_t batch : batches) {
    for (int threads : {1, 2}) {
      for (size_t split : splits) {
        SCOPED_TRACE(::testing::Message() << "batch_rows " << batch << ", threads " << threads
                                          << ", split_bytes " << split);
        options.batch_rows = batch;
        options.threads = threads;
        options.split_bytes = split;
        absl::StatusOr<PopulationReadResult> got =
            ParsePopulation(dict, entities, records, "entities.csv", "records.csv", options);
        ASSERT_TRUE(got.ok()) << got.status();
        testing::ExpectSameBuild(*rows, *got);
        EXPECT_EQ(rows->notes, got->notes);
      }
    }
  }
}

TEST(PopulationReadBatchesTest, CorporaReadInBatchesAsRowByRow) {
  const Dictionary dict = DictionaryOf(XIUFU_SOURCE_DIR "/rules/gongshu");
  const std::string data = XIUFU_SOURCE_DIR "/tests/data/";
  size_t rejected = 0;
  for (const char* dir : {"bad_input", "bad_input/csv_only", "office/chinese",
                          "office/chinese_labels", "office/excel_uscc",
                          "office/implausible_dates", "office/unterminated_quote"}) {
    SCOPED_TRACE(dir);
    PopulationReadResult r;
    ExpectBatchesReadAsRows(dict, Slurp(data + dir + "/entities.csv"),
                            Slurp(data + dir + "/records.csv"), &r);
    rejected += r.rejected();
  }
  EXPECT_GT(rejected, 40u);  // the corpora do reject rows of every kind
}

// The lines of a generated file with problems sprinkled in (the header left alone). `one_line`:
// only problems that keep every row on one line and within CSV syntax (blank lines, CRLF
// endings, quoted fields with separators and doubled quotes, bad values, fields missing or
// extra, repeated rows), so the reader can split every line on the threads; otherwise also
// quoted line breaks and text after a closing quote.
std::string Spoil(const std::string& csv, uint64_t seed, bool records, bool one_line = false) {
  std::mt19937_64 rng(seed);
  auto chance = [&](int per_mille) {
    return static_cast<int>(std::uniform_int_distribution<int>(0, 999)(rng)) < per_mille;
  };
  std::istringstream in(csv);
  std::string line, out;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      out += line + "\n";
      header = false;
      continue;
    }
    std::vector<std::string> f;
    for (size_t at = 0;;) {
      const size_t comma = line.find(',', at);
      f.push_back(line.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    if (chance(30)) out += "\n";                                   // a blank line
    if (chance(15)) f[records ? 2 : 2] = "bogus";                  // an unknown code
    if (chance(10)) f[records ? 8 : 3] = "2025-02-30";             // a bad date
    if (!one_line && chance(10)) f[1] = "\"" + f[1] + "\n续\"";    // a quoted line break
    if (!one_line && chance(8)) f[records ? 10 : 4] = "\"12\"x";   // text after a quote
    if (chance(20)) f[1] = "\"" + f[1] + ",分店\"";                 // a quoted separator
    if (chance(20)) f[1] = "\"\"\"" + f[1] + "\"\" \"\"x\"\"\"";        // doubled quotes
    if (chance(10)) f[0] = "\"" + f[0] + "\"";                      // a quoted USCC / id
    if (chance(8)) f.pop_back();                                   // a field missing
    if (chance(5)) f.push_back("extra");                           // a field too many
    std::string row;
    for (size_t k = 0; k < f.size(); ++k) row += (k ? "," : "") + f[k];
    const char* end = chance(50) ? "\r\n" : "\n";
    out += row + end;
    if (chance(10)) out += row + end;                              // the same row again
  }
  return out;
}

TEST(PopulationReadBatchesTest, SpoiledDistrictReadInBatchesAsRowByRow) {
  const Dictionary dict = DictionaryOf(XIUFU_SOURCE_DIR "/rules/gongshu");
  GenOptions o;
  o.entities = 3000;
  const District district = GenerateDistrict(o);
  const std::string entities = Spoil(DistrictEntitiesCsv(district), 1, false);
  const std::string records = Spoil(DistrictRecordsCsv(district), 2, true);
  PopulationReadResult r;
  ExpectBatchesReadAsRows(dict, entities, records, &r);
  EXPECT_GT(r.population.num_entities(), 2000u);
  EXPECT_GT(r.population.num_records(), 100u);
  EXPECT_GT(r.rejected_entities, 50u);
  EXPECT_GT(r.rejected_records, 5u);
  // Only one-line problems: every line goes through the split.
  PopulationReadResult one_line;
  ExpectBatchesReadAsRows(dict, Spoil(DistrictEntitiesCsv(district), 3, false, true),
                          Spoil(DistrictRecordsCsv(district), 4, true, true), &one_line);
  EXPECT_GT(one_line.rejected_entities, 50u);
  EXPECT_GT(one_line.population.num_entities(), 2000u);
  // Unspoiled, every row is accepted either way.
  PopulationReadResult clean;
  ExpectBatchesReadAsRows(dict, DistrictEntitiesCsv(district), DistrictRecordsCsv(district),
                          &clean);
  EXPECT_EQ(clean.rejected(), 0u);
  EXPECT_EQ(clean.population.num_entities(), 3000u);
}

TEST(PopulationReadBatchesTest, CustomColumnsOneMissingReadInBatchesAsRowByRow) {
  const Dictionary dict = DictionaryOf(XIUFU_SOURCE_DIR "/tests/data/packs/custom");
  // The custom pack's entity columns tax_credit_level, commitment_signed, last_inspection and
  // employees (this file has no employees column: the default, noted once); its record columns.
  std::string entities =
      "uscc,name,status,registration_date,last_report_year,unreachable,tax_credit_level,"
      "commitment_signed,last_inspection\n";
  std::string records =
      "record_id,uscc,department,record_kind,severity,penalty,procedure,sector,decision_date,"
      "publication_date,fine_yuan,fulfilled_date,corrected_date,shown_on,repaired_on,"
      "rectification_accepted_date,training_hours,hazard,repeat_flag\n";
  const char* levels[] = {"a", "b", "c", "x", ""};
  const char* flags[] = {"true", "false", "maybe", ""};
  const char* days[] = {"2025-01-31", "2025-13-01", ""};
  GenOptions o;
  o.entities = 60;
  o.dense = true;
  const District district = GenerateDistrict(o);
  std::istringstream es(DistrictEntitiesCsv(district)), rs(DistrictRecordsCsv(district));
  std::string line;
  std::getline(es, line);  // the generator's header
  for (int i = 0; std::getline(es, line); ++i) {
    entities += line + "," + levels[i % 5] + "," + flags[i % 4] + "," + days[i % 3] + "\n";
  }
  std::getline(rs, line);
  for (int i = 0; std::getline(rs, line); ++i) {
    records += line + "," + days[i % 3] + "," + std::to_string(i % 7 == 0 ? -1 : i % 40) + "," +
               flags[i % 4] + "," + flags[(i + 1) % 4] + "\n";
  }
  PopulationReadResult r;
  ExpectBatchesReadAsRows(dict, entities, records, &r);
  EXPECT_GT(r.population.num_entities(), 10u);
  EXPECT_GT(r.rejected_entities, 10u);
  EXPECT_FALSE(r.notices.empty());  // the missing employees column
}

}  // namespace
}  // namespace xiufu
