// Files from a real government office (tests/data/office, see its README): text decoding
// (UTF-8 with or without BOM, UTF-16 LE/BE with or without BOM, GBK, GB18030, refused bytes),
// Excel-mangled USCCs, an unterminated quote, implausible dates and Chinese labels, each with
// its asserted outcome — plus "rows read = evaluated + rejected" on every malformed corpus file.
// The encoded variants are made here from the UTF-8 sources with iconv.
#include <iconv.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/text_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/thread_sanitizer.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/population_io.h"
#include "xiufu/runtime/dictionary.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kOffice = XIUFU_SOURCE_DIR "/tests/data/office";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `utf8` converted to `to` with iconv (a test-side converter, independent of DecodeText).
std::string Encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << to;
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t out_left = out.size();
  const size_t r = iconv(cd, &in, &in_left, &dst, &out_left);
  EXPECT_NE(r, static_cast<size_t>(-1)) << "cannot encode as " << to;
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// The encodings an office's files come in: name, iconv target, prefix (a BOM) and the note
// the reader must give ("" = none).
struct Variant {
  const char* name;
  const char* iconv;
  const char* bom;
  size_t bom_size;
  const char* note;
};
const Variant kVariants[] = {
    {"utf-8", "UTF-8", "", 0, ""},
    {"utf-8 with BOM", "UTF-8", "\xEF\xBB\xBF", 3, ""},
    {"gbk", "GBK", "", 0, "read as GB18030 (the encoding zh-CN Excel/WPS use for CSV)"},
    {"gb18030", "GB18030", "", 0, "read as GB18030"},
    {"utf-16le with BOM", "UTF-16LE", "\xFF\xFE", 2, "read as UTF-16 LE (Excel's"},
    {"utf-16be with BOM", "UTF-16BE", "\xFE\xFF", 2, "read as UTF-16 BE (Excel's"},
    {"utf-16le without BOM", "UTF-16LE", "", 0, "read as UTF-16 LE (no byte-order mark"},
    {"utf-16be without BOM", "UTF-16BE", "", 0, "read as UTF-16 BE (no byte-order mark"},
};

std::string Encoded(const Variant& v, const std::string& utf8) {
  return std::string(v.bom, v.bom_size) + Encode(utf8, v.iconv);
}

const Dictionary& Gongshu() {
  static const Dictionary* dict = [] {
    auto loaded = LoadPack(XIUFU_SOURCE_DIR "/rules/gongshu");
    EXPECT_TRUE(loaded.ok() && loaded->ok());
    auto table = Compile(*loaded);
    EXPECT_TRUE(table.ok()) << table.status();
    return new Dictionary(*Dictionary::FromTable(*table));
  }();
  return *dict;
}

absl::StatusOr<PopulationReadResult> Parse(const std::string& entities,
                                           const std::string& records, ReadOptions options = {}) {
  options.max_diagnostics = 1000;
  return ParsePopulation(Gongshu(), entities, records, "entities.csv", "records.csv", options);
}

absl::StatusOr<PopulationReadResult> ParseDir(const std::string& dir, ReadOptions options = {}) {
  return Parse(Slurp(kOffice + "/" + dir + "/entities.csv"),
               Slurp(kOffice + "/" + dir + "/records.csv"), std::move(options));
}

// ---- DecodeText ----

TEST(TextDecodingTest, Utf8IsReadAsIsAndItsBomDropped) {
  absl::StatusOr<DecodedText> d = DecodeText("a,中\n", "f.csv");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->text, "a,中\n");
  EXPECT_EQ(d->encoding, TextEncoding::kUtf8);
  EXPECT_EQ(d->note, "");
  d = DecodeText("\xEF\xBB\xBF" "a,中\n", "f.csv");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, "a,中\n");
  EXPECT_EQ(d->note, "");
}

TEST(TextDecodingTest, GbkIsReadAsGb18030WithOneBilingualNote) {
  absl::StatusOr<DecodedText> d = DecodeText(Encode("uscc,名称\n1,杭州\n", "GBK"), "entities.csv");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->text, "uscc,名称\n1,杭州\n");
  EXPECT_EQ(d->encoding, TextEncoding::kGb18030);
  EXPECT_EQ(d->note,
            "xiufu: entities.csv 按 GB18030 读取（中文版 Excel/WPS 保存 CSV 时使用的编码） / read "
            "as GB18030 (the encoding zh-CN Excel/WPS use for CSV)");
  // A character outside GBK (four bytes in GB18030).
  d = DecodeText(Encode("𠮷,好\n", "GB18030"), "x.csv");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->text, "𠮷,好\n");
}

TEST(TextDecodingTest, Utf16WithAndWithoutBom) {
  for (const Variant& v : kVariants) {
    if (std::string(v.iconv).rfind("UTF-16", 0) != 0) continue;
    absl::StatusOr<DecodedText> d = DecodeText(Encoded(v, "uscc,name\n1,甲\n"), "e.csv");
    ASSERT_TRUE(d.ok()) << v.name << ": " << d.status();
    EXPECT_EQ(d->text, "uscc,name\n1,甲\n") << v.name;
    EXPECT_THAT(d->note, HasSubstr(v.note)) << v.name;
  }
}

TEST(TextDecodingTest, BytesInNoReadableEncodingAreRefusedWithTheirOffset) {
  // 0x80 and 0xFF are invalid in UTF-8 and in GB18030.
  const std::string bytes = std::string("ab,c\nd") + "\x80\xFF" + "e\n";
  absl::StatusOr<DecodedText> d = DecodeText(bytes, "records.csv");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string m(d.status().message());
  EXPECT_THAT(m, StartsWith("records.csv: cannot tell the text encoding"));
  EXPECT_THAT(m, HasSubstr("not UTF-8 (invalid sequence at byte 6 (line 2, bytes 80 FF 65 0A)"));
  EXPECT_THAT(m, HasSubstr("--encoding"));
}

TEST(TextDecodingTest, ForcedEncodings) {
  const std::string gbk = Encode("名称\n", "GBK");
  absl::StatusOr<DecodedText> d = DecodeText(gbk, "e.csv", TextEncoding::kUtf8);
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(std::string(d.status().message()),
              HasSubstr("e.csv: not valid UTF-8: invalid sequence at byte 0 (line 1"));
  d = DecodeText(gbk, "e.csv", TextEncoding::kGb18030);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, "名称\n");
  d = DecodeText(Encode("ab\n", "UTF-16LE"), "e.csv", TextEncoding::kUtf16Le);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, "ab\n");
  EXPECT_EQ(*ParseTextEncoding("GBK"), TextEncoding::kGb18030);
  EXPECT_EQ(*ParseTextEncoding("utf-16be"), TextEncoding::kUtf16Be);
  EXPECT_FALSE(ParseTextEncoding("latin1").ok());
}

TEST(TextDecodingTest, FirstInvalidUtf8) {
  EXPECT_EQ(FirstInvalidUtf8("abc中"), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("ab\xC0\x80"), 2u);          // overlong
  EXPECT_EQ(FirstInvalidUtf8("a\xED\xA0\x80"), 1u);       // surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);    // past U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("ab\xE4\xB8"), 2u);          // cut short
  // After runs of ASCII the reader skips eight bytes at a time: a bad byte at every offset
  // of such a run, and good text around it.
  for (size_t at = 0; at < 40; ++at) {
    std::string s(40, 'x');
    s[at] = '\xFF';
    EXPECT_EQ(FirstInvalidUtf8(s), at);
    s.replace(at, 1, "中");
    EXPECT_EQ(FirstInvalidUtf8(s), std::string_view::npos);
    s += "\xC0";
    EXPECT_EQ(FirstInvalidUtf8(s), s.size() - 1);
  }
}

// On threads the text is cut into parts where a sequence starts: the offset is the one pass's
// for a bad byte or a cut-short, overlong or misplaced sequence anywhere, in particular on and
// around the places the parts are cut (every MiB for this size), on two and three threads.
TEST(TextDecodingTest, FirstInvalidUtf8OnThreadsIsTheOnePassOffset) {
  const size_t mib = size_t{1} << 20;
  std::string good;
  while (good.size() < 2 * mib + 100) good += "uscc,拱墅区𠮷祥商贸,2024-02-08\n";
  ASSERT_EQ(FirstInvalidUtf8(good, 2), std::string_view::npos);
  ASSERT_EQ(FirstInvalidUtf8(good, 3), std::string_view::npos);
  const char* spoilers[] = {"\xFF", "\xC0\x80", "\xE4\xB8", "\x80", "\x80\x80\x80\x80\x80",
                            "\xF0\x9F\x98", "\xED\xA0\x80", "中\xBF"};
  size_t checked = 0;
  for (size_t cut : {mib, 2 * mib}) {
    // Every byte position around the cut; every third under ThreadSanitizer (2 MiB texts).
    for (size_t delta = 0; delta < 8; delta += testing::UnlessThreadSanitizer<size_t>(1, 3)) {
      for (const char* spoiler : spoilers) {
        std::string s = good;
        const size_t at = cut - 4 + delta;
        s.replace(at, std::string_view(spoiler).size(), spoiler);
        const size_t want = FirstInvalidUtf8(s);  // npos when the spoiler made a valid character
        for (int threads : {2, 3}) {
          ASSERT_EQ(FirstInvalidUtf8(s, threads), want)
              << "spoiler at " << at << ", threads " << threads;
        }
        checked += want != std::string_view::npos;
      }
    }
  }
  // A 4-byte character across each cut, and nothing wrong: valid on threads too.
  for (size_t cut : {mib, 2 * mib}) {
    for (size_t k = 0; k < 4; ++k) {
      std::string across(2 * mib + 100, 'a');
      across.replace(cut - k, 4, "\xF0\xA0\xAE\xB7");
      EXPECT_EQ(FirstInvalidUtf8(across), std::string_view::npos) << k;
      EXPECT_EQ(FirstInvalidUtf8(across, 2), FirstInvalidUtf8(across)) << k;
    }
  }
  EXPECT_GT(checked, testing::UnlessThreadSanitizer<size_t>(100, 40));
}

// ---- the office corpus ----

TEST(OfficeCorpusTest, EveryEncodingReadsTheSameDistrictWithItsNote) {
  const std::string e = Slurp(kOffice + "/chinese/entities.csv");
  const std::string r = Slurp(kOffice + "/chinese/records.csv");
  absl::StatusOr<PopulationReadResult> want = Parse(e, r);
  ASSERT_TRUE(want.ok()) << want.status();
  ASSERT_EQ(want->rejected(), 0u);
  ASSERT_EQ(want->population.num_entities(), 4u);
  ASSERT_EQ(want->population.num_records(), 4u);
  EXPECT_TRUE(want->notes.empty());
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(v.name);
    absl::StatusOr<PopulationReadResult> got = Parse(Encoded(v, e), Encoded(v, r));
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->rejected(), 0u);
    EXPECT_EQ(got->population.name, want->population.name);
    EXPECT_EQ(got->population.record_id, want->population.record_id);
    EXPECT_EQ(got->population.uscc, want->population.uscc);
    EXPECT_EQ(got->population.decision_date, want->population.decision_date);
    if (v.note[0] == '\0') {
      EXPECT_TRUE(got->notes.empty());
    } else {
      ASSERT_EQ(got->notes.size(), 2u);  // one per file
      EXPECT_THAT(got->notes[0], StartsWith("xiufu: entities.csv "));
      EXPECT_THAT(got->notes[0], HasSubstr(v.note));
      EXPECT_THAT(got->notes[1], StartsWith("xiufu: records.csv "));
    }
  }
  EXPECT_EQ(want->population.name[0], "杭州拱墅吉祥商贸有限公司");
  EXPECT_EQ(want->population.record_id[0], "杭拱市监罚〔2025〕12号");
}

TEST(OfficeCorpusTest, Gb18030OnlyCharactersSurvive) {
  std::string e = Slurp(kOffice + "/chinese/entities.csv");
  e.replace(e.find("吉祥"), std::string("吉").size(), "𠮷");
  absl::StatusOr<PopulationReadResult> got =
      Parse(Encode(e, "GB18030"), Encode(Slurp(kOffice + "/chinese/records.csv"), "GB18030"));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->population.name[0], "杭州拱墅𠮷祥商贸有限公司");
}

TEST(OfficeCorpusTest, ExcelUnicodeTextIsTabSeparatedUtf16) {
  std::string e = Slurp(kOffice + "/chinese/entities.csv");
  std::string r = Slurp(kOffice + "/chinese/records.csv");
  for (std::string* s : {&e, &r}) {
    for (char& c : *s) c = c == ',' ? '\t' : c;
  }
  absl::StatusOr<PopulationReadResult> got =
      Parse("\xFF\xFE" + Encode(e, "UTF-16LE"), "\xFF\xFE" + Encode(r, "UTF-16LE"));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->rejected(), 0u);
  EXPECT_EQ(got->population.num_records(), 4u);
  ASSERT_EQ(got->notes.size(), 4u);  // encoding and separator, per file
  EXPECT_THAT(got->notes[1], HasSubstr("read as tab-separated"));
}

TEST(OfficeCorpusTest, UndecodableFileIsRefusedWithTheByteOffset) {
  const std::string e = Slurp(kOffice + "/chinese/entities.csv");
  absl::StatusOr<PopulationReadResult> got =
      Parse(e, Slurp(kOffice + "/chinese/records.csv") + "R9,\xFF\xFE\xFD\n");
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(std::string(got.status().message()),
              HasSubstr("records.csv: cannot tell the text encoding"));
  ReadOptions forced;
  forced.encoding = "utf-8";
  got = Parse(Encode(e, "GBK"), Slurp(kOffice + "/chinese/records.csv"), forced);
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(std::string(got.status().message()),
              HasSubstr("entities.csv: not valid UTF-8: invalid sequence at byte 83 (line 2"));
  forced.encoding = "latin-1";
  EXPECT_FALSE(Parse(e, e, forced).ok());
}

TEST(OfficeCorpusTest, ExcelScientificUsccIsRejectedSayingExcelConvertedIt) {
  absl::StatusOr<PopulationReadResult> got = ParseDir("excel_uscc");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->rejected_entities, 1u);
  EXPECT_EQ(got->rejected_records, 1u);
  ASSERT_EQ(got->diagnostics.size(), 2u);
  for (const Diagnostic& d : got->diagnostics) {
    EXPECT_EQ(d.code, "bad-uscc");
    EXPECT_EQ(d.value, "9.23301E+17");
    EXPECT_THAT(d.message, HasSubstr("scientific notation: Excel converted the 18-digit code"));
    EXPECT_THAT(d.message, HasSubstr("keep the column as text"));
  }
  EXPECT_EQ(got->diagnostics[0].loc.line, 3);
  EXPECT_EQ(got->diagnostics[1].loc.line, 3);
  // The ="…" text form is read as the code.
  ASSERT_EQ(got->population.num_entities(), 2u);
  EXPECT_EQ(std::string(got->population.uscc[1].data(), 18), "923301000000678911");
  EXPECT_EQ(got->population.num_records(), 2u);
}

TEST(OfficeCorpusTest, UnterminatedQuoteLosesNoRow) {
  absl::StatusOr<PopulationReadResult> got = ParseDir("unterminated_quote");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->entity_rows, 20u);
  EXPECT_EQ(got->rejected_entities, 1u);
  EXPECT_EQ(got->population.num_entities(), 19u);
  EXPECT_EQ(got->record_rows, 10u);
  EXPECT_EQ(got->rejected_records, 2u);  // R2 (its stray quote) and R3 (its entity's row)
  EXPECT_EQ(got->population.num_records(), 8u);
  ASSERT_EQ(got->diagnostics.size(), 3u);
  EXPECT_EQ(got->diagnostics[0].code, "csv-syntax");
  EXPECT_EQ(got->diagnostics[0].loc.line, 4);
  EXPECT_EQ(got->diagnostics[0].loc.column, 2);
  EXPECT_THAT(got->diagnostics[0].message, HasSubstr("closed at the end of its line"));
  EXPECT_EQ(got->diagnostics[1].loc.file, "records.csv");
  EXPECT_EQ(got->diagnostics[1].loc.line, 3);
  EXPECT_EQ(got->diagnostics[2].code, "unknown-uscc");
  EXPECT_EQ(got->diagnostics[2].loc.line, 4);
}

TEST(OfficeCorpusTest, ImplausibleDatesAreWarnedCountedAndFlaggedNotRejected) {
  ReadOptions options;
  options.as_of = FromYmd(2026, 11, 22);
  absl::StatusOr<PopulationReadResult> got = ParseDir("implausible_dates", options);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->rejected(), 0u);
  ASSERT_EQ(got->population.num_records(), 5u);
  EXPECT_EQ(got->warned_records, 4u);
  EXPECT_EQ(got->warning_total(), 4u);
  for (size_t c : got->warning_counts) EXPECT_EQ(c, 1u);
  ASSERT_EQ(got->warnings.size(), 4u);
  for (const Diagnostic& d : got->warnings) {
    EXPECT_EQ(d.severity, Severity::kWarning);
    EXPECT_EQ(d.code, "implausible-date");
  }
  EXPECT_EQ(FormatDiagnostic(got->warnings[0]),
            "records.csv:2:10: warning: publication_date is before decision_date 2025-01-20; "
            "evaluated as given, periods counted from the publication may be wrong "
            "[field=publication_date, value=2019-01-27] (implausible-date)");
  EXPECT_THAT(got->warnings[1].message, HasSubstr("after the evaluation date 2026-11-22"));
  EXPECT_EQ(got->warnings[2].field, "fulfilled_date");
  EXPECT_THAT(got->warnings[3].message, HasSubstr("before the entity's registration_date"));
  // The bits, by record id.
  const Population& pop = got->population;
  for (size_t r = 0; r < pop.num_records(); ++r) {
    const std::string_view id = pop.record_id[r];
    const uint8_t want = id == "PUB"      ? kWarnPublicationBeforeDecision
                         : id == "FUTURE" ? kWarnDecisionAfterAsOf
                         : id == "PAID"   ? kWarnFulfilledBeforeDecision
                         : id == "REG"    ? kWarnRegisteredAfterDecision
                                          : 0;
    EXPECT_EQ(pop.RecordWarnings(r), want) << id;
  }
  // Without an evaluation date the future decision is not judged.
  absl::StatusOr<PopulationReadResult> no_date = ParseDir("implausible_dates");
  ASSERT_TRUE(no_date.ok());
  EXPECT_EQ(no_date->warned_records, 3u);
}

TEST(OfficeCorpusTest, ChineseLabelsAreAliasesOfTheirCodes) {
  absl::StatusOr<PopulationReadResult> labels = ParseDir("chinese_labels");
  ASSERT_TRUE(labels.ok()) << labels.status();
  EXPECT_EQ(labels->rejected_entities, 0u);
  EXPECT_EQ(labels->rejected_records, 1u);  // L3: 市场监管 is no label
  ASSERT_EQ(labels->diagnostics.size(), 1u);
  const Diagnostic& d = labels->diagnostics[0];
  EXPECT_EQ(d.code, "unknown-enum");
  EXPECT_EQ(d.value, "市场监管");
  EXPECT_THAT(d.message, StartsWith("unknown department code '市场监管'; valid: samr (市场监督管理局), "
                                    "tax (税务局), "));
  EXPECT_THAT(d.message, HasSubstr(", … (17 codes; a code or its Chinese label)"));

  absl::StatusOr<PopulationReadResult> codes =
      Parse(Slurp(kOffice + "/chinese_labels/entities_codes.csv"),
            Slurp(kOffice + "/chinese_labels/records_codes.csv"));
  ASSERT_TRUE(codes.ok()) << codes.status();
  ASSERT_EQ(codes->rejected(), 0u);
  const Population& a = labels->population;
  const Population& b = codes->population;
  EXPECT_EQ(a.entity_status, b.entity_status);
  EXPECT_EQ(a.department, b.department);
  EXPECT_EQ(a.record_kind, b.record_kind);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.penalty, b.penalty);
  EXPECT_EQ(a.procedure, b.procedure);
  EXPECT_EQ(a.sector, b.sector);
  EXPECT_EQ(a.shown_mask, b.shown_mask);
  EXPECT_EQ(a.repaired, b.repaired);
  EXPECT_EQ(Gongshu().Find(InputDomain::kEntityStatus, "存续"), 0);
  EXPECT_EQ(Gongshu().Find(InputDomain::kEntityStatus, "存续（在营）"), 0);
}

// Non-empty physical lines after the header: the data rows a person sees in the file.
size_t DataLines(const std::string& text) {
  size_t n = 0;
  std::istringstream in(text);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    ++n;
  }
  return n;
}

TEST(OfficeCorpusTest, RowsReadEqualEvaluatedPlusRejectedOnEveryMalformedFile) {
  const std::string bad = XIUFU_SOURCE_DIR "/tests/data/bad_input";
  // bad_input/csv_only has a name spanning two lines (a legitimate quoted line break).
  const std::vector<std::string> dirs = {
      kOffice + "/excel_uscc", kOffice + "/unterminated_quote", kOffice + "/implausible_dates",
      kOffice + "/chinese_labels", kOffice + "/chinese", bad, bad + "/csv_only"};
  for (const std::string& dir : dirs) {
    const bool multiline = dir == bad + "/csv_only";
    SCOPED_TRACE(dir);
    const std::string e = Slurp(dir + "/entities.csv"), r = Slurp(dir + "/records.csv");
    absl::StatusOr<PopulationReadResult> got = Parse(e, r);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->entity_rows, got->population.num_entities() + got->rejected_entities);
    EXPECT_EQ(got->record_rows, got->population.num_records() + got->rejected_records);
    EXPECT_EQ(got->rows(), got->population.num_entities() + got->population.num_records() +
                               got->rejected());
    // And no row vanished on the way: every non-empty line is a row (these files have no
    // field spanning lines).
    EXPECT_EQ(got->entity_rows + (multiline ? 1 : 0), DataLines(e));
    EXPECT_EQ(got->record_rows, DataLines(r));
  }
}

}  // namespace
}  // namespace xiufu
