// End-to-end tests of the built `xiufu` CLI (XIUFU_CLI): gen → run --json on a small
// generated district with the bundled Gongshu pack, then evaluate / explain / compile on the
// same files, and the exit codes for usage and data errors.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;

// ---- a minimal JSON reader, enough to check the summary's structure and numbers ----

struct Json {
  std::variant<std::nullptr_t, bool, double, std::string, std::vector<Json>,
               std::map<std::string, Json>>
      v;
  const Json& operator[](const std::string& k) const {
    static const Json kNull;
    const auto* m = std::get_if<std::map<std::string, Json>>(&v);
    if (m == nullptr) return kNull;
    auto it = m->find(k);
    return it == m->end() ? kNull : it->second;
  }
  const std::vector<Json>& array() const {
    static const std::vector<Json> kEmpty;
    const auto* a = std::get_if<std::vector<Json>>(&v);
    return a ? *a : kEmpty;
  }
  double num() const {
    const double* d = std::get_if<double>(&v);
    return d ? *d : -1;
  }
  std::string str() const {
    const std::string* s = std::get_if<std::string>(&v);
    return s ? *s : "";
  }
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& s) : s_(s) {}
  bool Parse(Json* out) {
    if (!Value(out)) return false;
    Ws();
    return i_ == s_.size();
  }

 private:
  void Ws() {
    while (i_ < s_.size() && std::string(" \n\r\t").find(s_[i_]) != std::string::npos) ++i_;
  }
  bool Lit(const char* w) {
    const std::string word = w;
    if (s_.compare(i_, word.size(), word) != 0) return false;
    i_ += word.size();
    return true;
  }
  bool String(std::string* out) {
    if (s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') {
        ++i_;
        if (i_ >= s_.size()) return false;
        const char c = s_[i_];
        if (c == 'n') out->push_back('\n');
        else if (c == 't') out->push_back('\t');
        else if (c == 'r') out->push_back('\r');
        else if (c == 'u') { out->push_back('?'); i_ += 4; }
        else out->push_back(c);
        ++i_;
      } else {
        if (static_cast<unsigned char>(s_[i_]) < 0x20) return false;
        out->push_back(s_[i_++]);
      }
    }
    if (i_ >= s_.size()) return false;
    ++i_;
    return true;
  }
  bool Value(Json* out) {
    Ws();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      std::map<std::string, Json> m;
      Ws();
      if (s_[i_] == '}') { ++i_; out->v = m; return true; }
      while (true) {
        Ws();
        std::string k;
        if (!String(&k)) return false;
        Ws();
        if (s_[i_++] != ':') return false;
        Json v;
        if (!Value(&v)) return false;
        m.emplace(k, v);
        Ws();
        if (s_[i_] == ',') { ++i_; continue; }
        if (s_[i_] == '}') { ++i_; break; }
        return false;
      }
      out->v = m;
      return true;
    }
    if (c == '[') {
      ++i_;
      std::vector<Json> a;
      Ws();
      if (s_[i_] == ']') { ++i_; out->v = a; return true; }
      while (true) {
        Json v;
        if (!Value(&v)) return false;
        a.push_back(v);
        Ws();
        if (s_[i_] == ',') { ++i_; continue; }
        if (s_[i_] == ']') { ++i_; break; }
        return false;
      }
      out->v = a;
      return true;
    }
    if (c == '"') {
      std::string s;
      if (!String(&s)) return false;
      out->v = s;
      return true;
    }
    if (Lit("true")) { out->v = true; return true; }
    if (Lit("false")) { out->v = false; return true; }
    if (Lit("null")) { out->v = nullptr; return true; }
    size_t used = 0;
    try {
      out->v = std::stod(s_.substr(i_, 32), &used);
    } catch (...) {
      return false;
    }
    i_ += used;
    return used > 0;
  }
  const std::string& s_;
  size_t i_ = 0;
};

// ---- running the CLI ----

struct Result {
  int code = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string Dir() {
  static const std::string dir = [] {
    // One directory per process: ctest runs the tests as parallel processes.
    const std::string d = ::testing::TempDir() + "/cli_run_test." + std::to_string(getpid());
    std::system(("rm -rf '" + d + "' && mkdir -p '" + d + "'").c_str());
    return d;
  }();
  // Removes the directory when the process exits.
  static const struct Cleanup {
    ~Cleanup() { std::system(("rm -rf '" + dir + "'").c_str()); }
  } cleanup;
  return dir;
}

Result RunCli(const std::string& args) {
  const std::string out = Dir() + "/stdout.txt", err = Dir() + "/stderr.txt";
  const std::string cmd = std::string("'") + XIUFU_CLI + "' " + args + " >'" + out + "' 2>'" +
                          err + "' </dev/null";
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

const std::string& District() {
  static const std::string dir = [] {
    const std::string d = Dir() + "/district";
    const Result r = RunCli("gen --out '" + d + "' --entities 2000 --seed 3");
    EXPECT_EQ(r.code, 0) << r.err;
    return d;
  }();
  return dir;
}

size_t Lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST(CliRunTest, GenWritesTheRequestedDistrict) {
  const std::string entities = Slurp(District() + "/entities.csv");
  EXPECT_EQ(Lines(entities), 2001u);
  // A UTF-8 byte-order mark first (for Excel), then the header.
  EXPECT_EQ(entities.rfind("\xEF\xBB\xBFuscc,name,status,registration_date,last_report_year,"
                           "unreachable\n", 0),
            0u);
  // Same options → same bytes.
  const Result again = RunCli("gen --out '" + Dir() + "/again' --entities 2000 --seed 3");
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(Slurp(Dir() + "/again/records.csv"), Slurp(District() + "/records.csv"));
}

// `run --json` on the generated district, once per process.
const Result& RunJson() {
  static const Result r = RunCli("run --json --data '" + District() + "' --out '" + Dir() +
                                 "/out' --as-of 2026-11-01 --threads 2");
  return r;
}

TEST(CliRunTest, RunJsonParsesAndCountsAddUp) {
  const std::string out = Dir() + "/out";
  const Result& r = RunJson();
  ASSERT_EQ(r.code, 0) << r.err;
  Json j;
  ASSERT_TRUE(JsonParser(r.out).Parse(&j)) << r.out;
  const size_t records = Lines(Slurp(District() + "/records.csv")) - 1;
  EXPECT_EQ(j["entities"].num(), 2000);
  EXPECT_EQ(j["records"].num(), static_cast<double>(records));
  EXPECT_EQ(j["as_of"].str(), "2026-11-01");
  EXPECT_EQ(j["pack"]["name"].str(), "gongshu");
  EXPECT_EQ(j["rejected"]["entities"].num(), 0);
  EXPECT_EQ(j["rejected"]["records"].num(), 0);
  const auto& platforms = j["platforms"].array();
  ASSERT_EQ(platforms.size(), 4u);
  double all_total = 0;
  for (const Json& p : platforms) {
    double sum = 0;
    for (const char* k : {"eligible_now", "eligible_later", "drops_off", "not_repairable",
                          "blocked", "repaired", "not_shown", "undecided"}) {
      EXPECT_GE(p[k].num(), 0) << k;
      sum += p[k].num();
    }
    EXPECT_EQ(sum, static_cast<double>(records)) << p["code"].str();
    EXPECT_EQ(p["total"].num(), sum);
    all_total += sum;
  }
  EXPECT_EQ(j["all_platforms"]["total"].num(), all_total);
  EXPECT_LE(j["entities_shown"].num(), j["entities_with_records"].num());
  EXPECT_LE(j["materials"]["catalogue_canonical"].num(), j["materials"]["catalogue_raw"].num());
  EXPECT_LE(j["materials"]["district_canonical"].num(), j["materials"]["district_raw"].num());
  for (const Json& a : j["alerts"].array()) {
    EXPECT_FALSE(a["code"].str().empty());
    EXPECT_GT(a["count"].num(), 0);
    EXPECT_LE(a["entities"].num(), 2000);
  }

  // The files agree with the summary.
  EXPECT_EQ(Slurp(out + "/summary.json"), r.out);
  EXPECT_EQ(Lines(Slurp(out + "/decisions.csv")), records * 4 + 1);
  EXPECT_EQ(Lines(Slurp(out + "/decisions.jsonl")), records * 4);
  EXPECT_EQ(Lines(Slurp(out + "/entities.csv")), 2001u);
  double alert_rows = 0;
  for (const Json& a : j["alerts"].array()) alert_rows += a["count"].num();
  EXPECT_EQ(Lines(Slurp(out + "/alerts.csv")), static_cast<size_t>(alert_rows) + 1);
}

TEST(CliRunTest, RunTextIsChineseThenEnglish) {
  const Result r = RunCli("run --data '" + District() + "' --out '" + Dir() +
                          "/out-text' --as-of 2026-11-01");
  ASSERT_EQ(r.code, 0) << r.err;
  const size_t zh = r.out.find("信用修复批量评估");
  const size_t en = r.out.find("Credit-repair district run");
  ASSERT_NE(zh, std::string::npos) << r.out;
  ASSERT_NE(en, std::string::npos) << r.out;
  EXPECT_LT(zh, en);
  EXPECT_THAT(r.out, HasSubstr("主体 2000 个"));
  EXPECT_EQ(r.err, "");  // stderr is not a terminal: no progress lines
}

TEST(CliRunTest, RejectedRowsAreReportedAndCounted) {
  const std::string d = Dir() + "/bad";
  std::system(("mkdir -p '" + d + "'").c_str());
  std::ofstream(d + "/entities.csv")
      << "uscc,name,status,registration_date,last_report_year,unreachable\n"
         "91330105MA2419NN9K,甲,active,2018-03-01,2025,false\n"
         "91330105MA2419NN9K,乙,active,2018-03-01,2025,false\n";
  std::ofstream(d + "/records.csv")
      << "record_id,uscc,department,record_kind,severity,penalty,procedure,sector,decision_date,"
         "publication_date,fine_yuan,fulfilled_date,corrected_date,shown_on,repaired_on\n"
         "R1,91330105MA2419NN9K,nowhere,penalty,general,fine,ordinary,general,2025-01-10,,100,,,"
         "credit_china,\n";
  const Result r = RunCli("run --json --data '" + d + "' --out '" + d + "/out' --as-of 2026-11-01");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(d + "/entities.csv:3:1: error: USCC already defined on line 2"));
  EXPECT_THAT(r.err, HasSubstr(d + "/records.csv:2:3: error: unknown department code 'nowhere'"));
  Json j;
  ASSERT_TRUE(JsonParser(r.out).Parse(&j));
  EXPECT_EQ(j["rejected"]["entities"].num(), 1);
  EXPECT_EQ(j["rejected"]["records"].num(), 1);
  EXPECT_EQ(j["entities"].num(), 1);
  EXPECT_EQ(j["records"].num(), 0);
  // --strict turns rejected rows into exit code 1.
  EXPECT_EQ(RunCli("run --strict --data '" + d + "' --out '" + d + "/out'").code, 1);
}

TEST(CliRunTest, EvaluateExplainAndCompile) {
  ASSERT_EQ(RunJson().code, 0) << RunJson().err;
  const std::string e = District() + "/entities.csv", rec = District() + "/records.csv";
  const Result csv =
      RunCli("evaluate --entities '" + e + "' --records '" + rec + "' --as-of 2026-11-01");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out, Slurp(Dir() + "/out/decisions.csv"));  // same as run's file
  const Result jsonl = RunCli("evaluate --entities '" + e + "' --records '" + rec +
                              "' --as-of 2026-11-01 --format jsonl");
  ASSERT_EQ(jsonl.code, 0) << jsonl.err;
  EXPECT_EQ(jsonl.out, Slurp(Dir() + "/out/decisions.jsonl"));

  // The first record of the district: explain it on every platform it is shown on.
  std::istringstream lines(Slurp(rec));
  std::string header, first;
  std::getline(lines, header);
  // The first record whose USCC is written plainly (all-digit ones are written ="…" for Excel).
  while (std::getline(lines, first) && first.find('"') != std::string::npos) {
  }
  const std::string id = first.substr(0, first.find(','));
  const std::string uscc = first.substr(id.size() + 1, 18);
  const Result ex = RunCli("explain --entities '" + e + "' --records '" + rec + "' --entity " +
                           uscc + " --record " + id + " --as-of 2026-11-01");
  ASSERT_EQ(ex.code, 0) << ex.err;
  EXPECT_THAT(ex.out, HasSubstr("记录 " + id));
  EXPECT_THAT(ex.out, HasSubstr("Record " + id));
  const Result missing = RunCli("explain --entities '" + e + "' --records '" + rec +
                                "' --entity 91330105MA2419NN9K --as-of 2026-11-01");
  EXPECT_EQ(missing.code, 1);

  const std::string blob = Dir() + "/gongshu.xtb";
  const Result comp = RunCli("compile --out '" + blob + "'");
  ASSERT_EQ(comp.code, 0) << comp.err;
  const Result from_blob = RunCli("evaluate --rules '" + blob + "' --entities '" + e +
                                  "' --records '" + rec + "' --as-of 2026-11-01");
  ASSERT_EQ(from_blob.code, 0) << from_blob.err;
  EXPECT_EQ(from_blob.out, csv.out);
}

TEST(CliRunTest, UsageAndIoErrorsExitWith2) {
  EXPECT_EQ(RunCli("run --bogus").code, 2);
  EXPECT_EQ(RunCli("run --as-of 2026-02-30").code, 2);
  EXPECT_EQ(RunCli("gen").code, 2);
  EXPECT_EQ(RunCli("evaluate --entities x.csv").code, 2);
  EXPECT_EQ(RunCli("evaluate --entities /nonexistent/e.csv --records /nonexistent/r.csv").code,
            2);
  const Result help = RunCli("run --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_THAT(help.out, HasSubstr("usage: xiufu run"));
}

}  // namespace
