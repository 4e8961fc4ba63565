// End-to-end tests of the built `xiufu` CLI (XIUFU_CLI) on files from a real government office
// (tests/data/office): a GBK district gives its note and only valid UTF-8 outputs (checked
// with a strict decoder), outputs carry a BOM unless --no-bom, --out may not hold the input,
// the rows-read identity is printed, warnings show, a GBK rule pack is converted, and the small
// CLI items (--version, --help, --rules errors, the synthetic-district line).
#include <iconv.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace XIUFU_UNITY_ID {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kOffice = XIUFU_SOURCE_DIR "/tests/data/office";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string Convert(const std::string& in, const char* from, const char* to, bool* ok) {
  iconv_t cd = iconv_open(to, from);
  std::string out(in.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  *ok = cd != reinterpret_cast<iconv_t>(-1) &&
        iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<size_t>(-1) && src_left == 0;
  if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

std::string Gbk(const std::string& utf8) {
  bool ok = false;
  std::string out = Convert(utf8, "UTF-8", "GBK", &ok);
  EXPECT_TRUE(ok);
  return out;
}

// A strict UTF-8 check, independent of xiufu's: iconv UTF-8 → UTF-32 refuses any invalid
// sequence.
bool StrictUtf8(const std::string& bytes) {
  bool ok = false;
  Convert(bytes, "UTF-8", "UTF-32LE", &ok);
  return ok;
}

const std::string& Dir() {
  static const std::string dir = [] {
    const fs::path d = fs::temp_directory_path() / ("xiufu-cli-office-" + std::to_string(getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d.string();
  }();
  return dir;
}

struct Result {
  int code = -1;
  std::string out, err;
};

// Runs `xiufu ARGS` (in `cwd` when given).
Result RunCli(const std::string& args, const std::string& cwd = "") {
  const std::string out = Dir() + "/stdout.txt", err = Dir() + "/stderr.txt";
  std::string cmd = std::string("'") + XIUFU_CLI + "' " + args + " >'" + out + "' 2>'" + err +
                    "' </dev/null";
  if (!cwd.empty()) cmd = "cd '" + cwd + "' && " + cmd;
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

// tests/data/office/chinese converted to GBK, once.
const std::string& GbkDistrict() {
  static const std::string d = [] {
    const std::string dir = Dir() + "/gbk";
    Write(dir + "/entities.csv", Gbk(Slurp(kOffice + "/chinese/entities.csv")));
    Write(dir + "/records.csv", Gbk(Slurp(kOffice + "/chinese/records.csv")));
    return dir;
  }();
  return d;
}

TEST(CliOfficeTest, GbkDistrictIsNotedOnceAndEveryOutputIsStrictUtf8) {
  const std::string d = GbkDistrict(), out = Dir() + "/gbk-out";
  const Result r = RunCli("run --data '" + d + "' --out '" + out + "' --as-of 2026-11-22");
  ASSERT_EQ(r.code, 0) << r.err;
  // The line a user sees for a GBK file.
  EXPECT_THAT(r.err, HasSubstr("xiufu: " + d +
                               "/entities.csv 按 GB18030 读取（中文版 Excel/WPS 保存 CSV 时使用的编码） / "
                               "read as GB18030 (the encoding zh-CN Excel/WPS use for CSV)\n"));
  EXPECT_THAT(r.err, HasSubstr("xiufu: " + d + "/records.csv 按 GB18030 读取"));
  size_t files = 0;
  for (const auto& f : fs::directory_iterator(out)) {
    ++files;
    EXPECT_TRUE(StrictUtf8(Slurp(f.path().string()))) << f.path();
  }
  EXPECT_EQ(files, 6u);  // decisions.csv, decisions.jsonl, entities.csv, alerts.csv, plans.csv, summary.json
  EXPECT_TRUE(StrictUtf8(r.out));
  const std::string decisions = Slurp(out + "/decisions.csv");
  EXPECT_THAT(decisions, StartsWith("\xEF\xBB\xBFuscc,record_id,"));
  EXPECT_THAT(decisions, HasSubstr("91330105MA2B7K3Q43,杭拱市监罚〔2025〕12号,credit_china,"));
  // The all-digit USCC and the record id "0012" stay text in Excel.
  EXPECT_THAT(decisions, HasSubstr("\n\"=\"\"923301000000123451\"\"\",\"=\"\"0012\"\"\",credit_china,"));
  EXPECT_THAT(Slurp(out + "/entities.csv"), StartsWith("\xEF\xBB\xBFuscc,"));
  EXPECT_THAT(Slurp(out + "/alerts.csv"), StartsWith("\xEF\xBB\xBFuscc,"));
  EXPECT_THAT(Slurp(out + "/decisions.jsonl"), HasSubstr("\"record_id\":\"杭拱税罚〔2024〕7号\""));
  // rows read = evaluated + rejected, in the text and in summary.json.
  EXPECT_THAT(r.out, HasSubstr("Rows read = evaluated + rejected: entities 4 = 4 + 0, records 4 = 4 + 0"));
  const std::string summary = Slurp(out + "/summary.json");
  EXPECT_THAT(summary, HasSubstr("\"rows\": {\n    \"entities\": {\n      \"read\": 4,\n"
                                 "      \"evaluated\": 4,\n      \"rejected\": 0\n    },"));

  const Result plain = RunCli("run --no-bom --json --data '" + d + "' --out '" + out +
                              "-plain' --as-of 2026-11-22");
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_THAT(Slurp(out + "-plain/decisions.csv"), StartsWith("uscc,record_id,"));
}

TEST(CliOfficeTest, ForcedOrUndecodableEncodingIsRefusedWithTheOffset) {
  const std::string d = GbkDistrict();
  Result r = RunCli("evaluate --entities '" + d + "/entities.csv' --records '" + d +
                    "/records.csv' --encoding utf-8");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("entities.csv: not valid UTF-8: invalid sequence at byte"));
  r = RunCli("evaluate --entities '" + d + "/entities.csv' --records '" + d +
             "/records.csv' --encoding gbk --as-of 2026-11-22");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(StrictUtf8(r.out));
  EXPECT_EQ(RunCli("evaluate --entities a --records b --encoding latin-1").code, 2);

  const std::string bad = Dir() + "/not-text";
  Write(bad + "/entities.csv", Slurp(kOffice + "/chinese/entities.csv"));
  Write(bad + "/records.csv", std::string("record_id\n\x80\xFF\xFE\n"));
  r = RunCli("evaluate --entities '" + bad + "/entities.csv' --records '" + bad + "/records.csv'");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("records.csv: cannot tell the text encoding: not UTF-8 (invalid "
                               "sequence at byte 10 (line 2"));
}

TEST(CliOfficeTest, OutMayNotBeOrHoldAnInput) {
  const std::string d = Dir() + "/same";
  Write(d + "/entities.csv", Slurp(kOffice + "/chinese/entities.csv"));
  Write(d + "/records.csv", Slurp(kOffice + "/chinese/records.csv"));
  const std::string before = Slurp(d + "/entities.csv");
  Result r = RunCli("run --data '" + d + "' --out '" + d + "' --as-of 2026-11-22");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--out '" + d + "' contains the input file '" + d +
                               "/entities.csv'"));
  EXPECT_EQ(Slurp(d + "/entities.csv"), before);
  EXPECT_FALSE(fs::exists(d + "/decisions.csv"));
  r = RunCli("run --data '" + d + "' --out '" + d + "/./' --as-of 2026-11-22");
  EXPECT_EQ(r.code, 2);
  r = RunCli("run --data '" + d + "' --out '" + d + "/entities.csv' --as-of 2026-11-22");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is the input"));
  EXPECT_EQ(Slurp(d + "/entities.csv"), before);
}

TEST(CliOfficeTest, UnterminatedQuoteAndIdentityAreReportedByEvaluate) {
  const std::string d = kOffice + "/unterminated_quote";
  const Result r = RunCli("evaluate --entities '" + d + "/entities.csv' --records '" + d +
                          "/records.csv' --as-of 2026-11-22");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("/entities.csv:4:2: error: quoted field is not closed; closed at "
                               "the end of its line"));
  // R3 belongs to the entity whose row was rejected: rejected too, and counted.
  EXPECT_THAT(r.err, HasSubstr("rows read = evaluated + rejected: entities 20 = 19 + 1, records "
                               "10 = 8 + 2"));
}

TEST(CliOfficeTest, ImplausibleDatesAreWarnedAndShownInTheDecisions) {
  const std::string d = kOffice + "/implausible_dates", out = Dir() + "/implausible";
  const Result r =
      RunCli("run --json --data '" + d + "' --out '" + out + "' --as-of 2026-11-22");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("/records.csv:2:10: warning: publication_date is before "
                               "decision_date 2025-01-20"));
  EXPECT_THAT(r.err, HasSubstr("4 record(s) with implausible dates"));
  EXPECT_THAT(r.out, HasSubstr("\"warnings\": {\n    \"records\": 4,\n    "
                               "\"publication_before_decision\": 1,\n    "
                               "\"decision_after_as_of\": 1,"));
  // Each decision row of a warned record names its warning in the `warnings` column.
  std::istringstream decisions(Slurp(out + "/decisions.csv"));
  std::string line;
  std::getline(decisions, line);
  EXPECT_THAT(line, HasSubstr(",reason_en,warnings"));
  size_t rows = 0;
  while (std::getline(decisions, line)) {
    ++rows;
    const std::string id = line.substr(19, line.find(',', 19) - 19);
    const char* want = id == "PUB"      ? ",publication_before_decision"
                       : id == "FUTURE" ? ",decision_after_as_of"
                       : id == "PAID"   ? ",fulfilled_before_decision"
                       : id == "REG"    ? ",registered_after_decision"
                                        : "";
    if (*want) {
      EXPECT_THAT(line, HasSubstr(want)) << line;
    } else {
      EXPECT_THAT(line, Not(HasSubstr("_decision"))) << line;
    }
  }
  EXPECT_EQ(rows, 20u);
  EXPECT_THAT(Slurp(out + "/decisions.jsonl"),
              HasSubstr("\"warnings\":\"fulfilled_before_decision\""));
}

TEST(CliOfficeTest, GbkRulePackIsConvertedAndNoted) {
  const std::string pack = Dir() + "/gbk-pack";
  fs::copy(XIUFU_SOURCE_DIR "/rules/gongshu", pack, fs::copy_options::recursive);
  Write(pack + "/enums.csv", Gbk(Slurp(pack + "/enums.csv")));
  const Result lint = RunCli("lint '" + pack + "'");
  EXPECT_THAT(lint.out, HasSubstr(pack + "/enums.csv: note: 按 GB18030 读取"));
  EXPECT_THAT(lint.out, HasSubstr("read as GB18030"));
  const std::string out = Dir() + "/gbk-pack-out";
  const Result r = RunCli("run --rules '" + pack + "' --data '" + GbkDistrict() + "' --out '" +
                          out + "' --as-of 2026-11-22");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("enums.csv: note: 按 GB18030 读取"));
  EXPECT_TRUE(StrictUtf8(r.out));
  EXPECT_THAT(r.out, HasSubstr("信用中国（credit_china）"));
  for (const auto& f : fs::directory_iterator(out)) {
    EXPECT_TRUE(StrictUtf8(Slurp(f.path().string()))) << f.path();
  }
}

TEST(CliOfficeTest, VersionHelpAndRulesErrors) {
  Result r = RunCli("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, StartsWith("xiufu 0.1.0 (table blob format "));
  r = RunCli("--help");
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("usage:"));
  EXPECT_EQ(r.err, "");
  r = RunCli("");
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("usage:"));

  const std::string d = GbkDistrict();
  const std::string data = " --entities '" + d + "/entities.csv' --records '" + d + "/records.csv'";
  r = RunCli("evaluate --rules '" + Dir() + "/missing.xtb'" + data);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("missing.xtb': no such table blob (file not found"));
  EXPECT_THAT(r.err, Not(HasSubstr("manifest.ini")));
  r = RunCli("evaluate --rules '" + Dir() + "/nothing-here'" + data);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("no such rule-pack directory or table blob"));
  r = RunCli("evaluate --rules '" + d + "'" + data);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is a directory without manifest.ini: not a rule pack"));
  r = RunCli("evaluate --rules '" + d + "/entities.csv'" + data);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is a file but not a compiled table blob"));
}

TEST(CliOfficeTest, RunWithoutDataSaysItUsesTheSyntheticDistrict) {
  // The default --data is build/district, relative to the working directory: put a small
  // district there so that nothing is generated.
  const std::string cwd = Dir() + "/synthetic";
  Write(cwd + "/build/district/entities.csv", Slurp(kOffice + "/chinese/entities.csv"));
  Write(cwd + "/build/district/records.csv", Slurp(kOffice + "/chinese/records.csv"));
  const Result r = RunCli("run --json --as-of 2026-11-22", cwd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("no --data given: evaluating the synthetic district in "
                               "build/district (generated, not real entities)"));
}

}  // namespace
