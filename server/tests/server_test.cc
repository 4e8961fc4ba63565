// xiufu-server tests: the request input and every error class (Service, no network), the HTTP
// layer's own errors (413, 408, 400, 405, keep-alive, chunked batch), and requests racing
// table reloads (ReloadTest — also run under ThreadSanitizer). No timing assertions: timeouts
// only bound how long a broken server can keep a test waiting.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "decision_log.h"
#include "http_server.h"
#include "metrics.h"
#include "service.h"
#include "table_store.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/pack_edit.h"
#include "xiufu/report.h"
#include "xiufu/runtime/blob.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/population_builder.h"
#include "xiufu/serialize.h"

namespace xiufu::server {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kEntity = R"({"uscc": "91330105MA2H8K3Q7K", "name": "杭州拱墅某某商贸有限公司",
  "status": "active", "registration_date": "2018-03-15", "last_report_year": 2025,
  "unreachable": false})";
constexpr const char* kRecord1 = R"({"record_id": "CF-2025-001", "department": "samr",
  "record_kind": "penalty", "severity": "general", "penalty": "fine", "procedure": "ordinary",
  "sector": "general", "decision_date": "2025-01-20", "publication_date": "2025-01-27",
  "fine_yuan": 80000, "fulfilled_date": "2025-02-10", "corrected_date": "2025-02-10",
  "shown_on": ["credit_china", "credit_zhejiang", "credit_hangzhou"]})";
constexpr const char* kRecord2 = R"({"record_id": "SW-2026-031", "department": "tax",
  "record_kind": "penalty", "severity": "general", "penalty": "fine", "procedure": "summary",
  "sector": "general", "decision_date": "2026-09-01", "publication_date": "2026-09-05",
  "fine_yuan": "2000", "fulfilled_date": "2026-09-20", "corrected_date": "2026-09-20",
  "shown_on": "credit_china|credit_zhejiang", "repaired_on": {"credit_china": "2026-10-09"}})";

// One line (batch requests are JSON lines).
std::string Request(const std::string& extra = "") {
  std::string s = std::string(R"({"as_of": "2026-11-22", "entity": )") + kEntity +
                  R"(, "records": [)" + kRecord1 + ", " + kRecord2 + "]" + extra + "}";
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

// The Gongshu pack compiled to a.xtb; b.xtb the same pack with one reason changed (so answers
// differ); corrupt.xtb a.xtb with a flipped payload byte.
struct Tables {
  fs::path dir;
  std::string a, b, corrupt;
  std::string hash_a, hash_b;
};

const Tables& GetTables() {
  static const Tables* t = [] {
    auto* t = new Tables;
    t->dir = fs::temp_directory_path() / ("xiufu_server_test_" + std::to_string(getpid()));
    fs::create_directories(t->dir);
    absl::StatusOr<LoadResult> loaded = LoadPack(std::string(XIUFU_SOURCE_DIR) + "/rules/gongshu");
    EXPECT_TRUE(loaded.ok() && loaded->ok());
    absl::StatusOr<DecisionTable> a = Compile(*loaded);
    EXPECT_TRUE(a.ok());
    EditResult edit = EditCell(loaded->pack, "VIS-01", "reason_en",
                               "Not published on {platform} (pack B); nothing to repair.");
    EXPECT_TRUE(edit.errors.empty());
    LoadResult lb;
    lb.pack = std::move(edit.pack);
    absl::StatusOr<DecisionTable> b = Compile(lb);
    EXPECT_TRUE(b.ok());
    t->a = (t->dir / "a.xtb").string();
    t->b = (t->dir / "b.xtb").string();
    t->corrupt = (t->dir / "corrupt.xtb").string();
    EXPECT_TRUE(SaveTable(*a, t->a).ok());
    EXPECT_TRUE(SaveTable(*b, t->b).ok());
    std::string blob = SerializeTable(*a);
    blob[blob.size() / 2] ^= 0x5a;
    std::ofstream(t->corrupt, std::ios::binary) << blob;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(a->PackHash()));
    t->hash_a = buf;
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(b->PackHash()));
    t->hash_b = buf;
    return t;
  }();
  return *t;
}

// A server core over one table file (no network).
struct Core {
  explicit Core(const std::string& path)
      : store([path] { return LoadTable(path); }, path, path, nullptr),
        service(store, metrics, nullptr, {.today = [] { return *ParseDate("2026-11-22"); }}) {
    const absl::Status st = store.LoadInitial();
    EXPECT_TRUE(st.ok()) << st;
  }
  Answer Post(std::string_view path, std::string_view body, bool loopback = true) {
    xiufu::server::Request r{"POST", path, body, "t", loopback};
    return service.Handle(r, Service::Route("POST", path));
  }
  Answer Get(std::string_view path) {
    xiufu::server::Request r{"GET", path, "", "test", true};
    return service.Handle(r, Service::Route("GET", path));
  }
  TableStore store;
  Metrics metrics;
  Service service;
};

json::value Json(const std::string& s) { return json::parse(s); }

// The problems of an error answer as path → code.
std::multimap<std::string, std::string> Problems(const Answer& a) {
  std::multimap<std::string, std::string> out;
  const json::value v = Json(a.body);
  for (const json::value& p : v.at("error").at("problems").as_array()) {
    out.emplace(std::string(p.at("path").as_string()), std::string(p.at("code").as_string()));
  }
  return out;
}

bool Has(const std::multimap<std::string, std::string>& m, const std::string& path,
         const std::string& code) {
  auto [lo, hi] = m.equal_range(path);
  for (auto it = lo; it != hi; ++it) {
    if (it->second == code) return true;
  }
  return false;
}

// ---------------------------------------------------------------- input and error classes

TEST(InputTest, EvaluateAnswersLikeTheCli) {
  Core core(GetTables().a);
  const Answer a = core.Post("/v1/evaluate", Request());
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.table_hash, GetTables().hash_a);

  // The CLI's path: the same rows through the builder, EvaluateBatch, DecisionsJsonl.
  absl::StatusOr<DecisionTable> table = LoadTable(GetTables().a);
  absl::StatusOr<Dictionary> dict = Dictionary::FromTable(*table);
  PopulationBuilder b(*dict);
  b.AddEntity({.uscc = "91330105MA2H8K3Q7K", .name = "杭州拱墅某某商贸有限公司", .status = "active",
               .registration_date = "2018-03-15", .last_report_year = "2025", .unreachable = "false"});
  b.AddRecord({.record_id = "CF-2025-001", .uscc = "91330105MA2H8K3Q7K", .department = "samr",
               .record_kind = "penalty", .severity = "general", .penalty = "fine",
               .procedure = "ordinary", .sector = "general", .decision_date = "2025-01-20",
               .publication_date = "2025-01-27", .fine_yuan = "80000",
               .fulfilled_date = "2025-02-10", .corrected_date = "2025-02-10",
               .shown_on = "credit_china|credit_zhejiang|credit_hangzhou"});
  b.AddRecord({.record_id = "SW-2026-031", .uscc = "91330105MA2H8K3Q7K", .department = "tax",
               .record_kind = "penalty", .severity = "general", .penalty = "fine",
               .procedure = "summary", .sector = "general", .decision_date = "2026-09-01",
               .publication_date = "2026-09-05", .fine_yuan = "2000",
               .fulfilled_date = "2026-09-20", .corrected_date = "2026-09-20",
               .shown_on = "credit_china|credit_zhejiang", .repaired_on = "credit_china:2026-10-09"});
  PopulationBuild built = std::move(b).Finish();
  ASSERT_EQ(built.rejected(), 0u);
  BatchResult batch;
  const Date as_of = *ParseDate("2026-11-22");
  ASSERT_TRUE(EvaluateBatch(*table, built.population, as_of, batch).ok());
  const std::string cli = DecisionsJsonl(*table, built.population, batch, as_of);

  const json::value answer = Json(a.body);
  std::vector<json::object> flat;
  for (const json::value& r : answer.at("records").as_array()) {
    for (const json::value& o : r.at("outcomes").as_array()) {
      json::object x = o.as_object();
      x["record_id"] = r.at("record_id");
      flat.push_back(std::move(x));
    }
  }
  size_t i = 0;
  size_t start = 0;
  for (size_t eol; (eol = cli.find('\n', start)) != std::string::npos; start = eol + 1, ++i) {
    const json::object want = Json(cli.substr(start, eol - start)).as_object();
    ASSERT_LT(i, flat.size());
    for (const char* key : {"record_id", "platform", "status", "eligible_from", "expires_on",
                            "rule_id", "source", "channel", "authority", "reason_zh", "reason_en"}) {
      ASSERT_TRUE(flat[i].contains(key) && want.contains(key)) << key;
      EXPECT_EQ(flat[i].at(key), want.at(key)) << key << " of line " << i;
    }
  }
  EXPECT_EQ(i, flat.size());
  EXPECT_EQ(answer.at("entity").at("uscc").as_string(), "91330105MA2H8K3Q7K");
  EXPECT_TRUE(answer.at("materials").at("canonical").is_array());
}

TEST(InputTest, MalformedJsonIs400WithPlace) {
  Core core(GetTables().a);
  const Answer a = core.Post("/v1/evaluate", "{\"entity\": {\"uscc\": \n \"x\",, }");
  EXPECT_EQ(a.status, 400);
  EXPECT_TRUE(Has(Problems(a), "$", "bad-json")) << a.body;
  EXPECT_NE(a.body.find("line 2"), std::string::npos) << a.body;
  EXPECT_EQ(core.Post("/v1/evaluate", "").status, 400);
  EXPECT_EQ(core.Post("/v1/evaluate", "[1, 2]").status, 400);
  EXPECT_EQ(core.Post("/v1/evaluate", std::string(100, '[')).status, 400);  // too deep
  EXPECT_EQ(core.Post("/v1/evaluate", "{\"entity\": \"\xff\xfe\"}").status, 400);  // not UTF-8
}

TEST(InputTest, WrongTypesAre400WithEveryPath) {
  Core core(GetTables().a);
  const Answer a = core.Post("/v1/evaluate", R"({"as_of": 20261122, "entity": {"uscc": 91330105,
      "status": ["active"], "last_report_year": {"y": 2025}, "unreachable": 0},
      "records": [{"record_id": "R1", "fine_yuan": [5], "shown_on": [1, "necips"],
                   "repaired_on": {"necips": 20261001}}, 7]})");
  EXPECT_EQ(a.status, 400);
  const auto p = Problems(a);
  for (const char* path : {"$.as_of", "$.entity.uscc", "$.entity.status",
                           "$.entity.last_report_year", "$.entity.unreachable",
                           "$.records[0].fine_yuan", "$.records[0].shown_on[0]",
                           "$.records[0].repaired_on.necips", "$.records[1]"}) {
    EXPECT_TRUE(Has(p, path, "wrong-type")) << path << "\n" << a.body;
  }
  EXPECT_EQ(core.Post("/v1/evaluate", R"({"entity": 5})").status, 400);
  EXPECT_TRUE(Has(Problems(core.Post("/v1/evaluate", R"({"records": []})")), "$.entity",
                  "missing-value"));
}

TEST(InputTest, UnknownCodesAndFieldsListEveryProblemInTheCsvReadersWords) {
  Core core(GetTables().a);
  const Answer a = core.Post("/v1/evaluate", R"({"entity": {"uscc": "91330105MA2H8K3Q7K",
      "status": "dormant", "unreachable": "yes", "last_report_year": 1899, "colour": "red"},
      "records": [{"record_id": "R1", "department": "police", "record_kind": "penalty",
        "severity": "general", "penalty": "fine", "procedure": "ordinary", "sector": "mining",
        "decision_date": "2024-13-01", "fine_yuan": -5, "shown_on": "credit_china|mars",
        "repaired_on": "necips"}]})");
  EXPECT_EQ(a.status, 400);  // the unknown field makes it a shape problem
  const auto p = Problems(a);
  EXPECT_TRUE(Has(p, "$.entity.colour", "unknown-field"));
  EXPECT_TRUE(Has(p, "$.entity.status", "unknown-enum"));
  EXPECT_TRUE(Has(p, "$.entity.unreachable", "bad-bool"));
  EXPECT_TRUE(Has(p, "$.entity.last_report_year", "bad-number"));
  EXPECT_TRUE(Has(p, "$.records[0].department", "unknown-enum"));
  EXPECT_TRUE(Has(p, "$.records[0].sector", "unknown-enum"));
  EXPECT_TRUE(Has(p, "$.records[0].decision_date", "bad-date"));
  EXPECT_TRUE(Has(p, "$.records[0].fine_yuan", "bad-number"));
  EXPECT_TRUE(Has(p, "$.records[0].shown_on", "unknown-enum"));
  EXPECT_TRUE(Has(p, "$.records[0].repaired_on", "bad-repaired"));
  // The CSV reader's words (tests/data/bad_input/expected_diagnostics.csv).
  EXPECT_NE(a.body.find("unknown entity_status code 'dormant'"), std::string::npos);
  EXPECT_NE(a.body.find("unreachable must be true or false"), std::string::npos);
  EXPECT_NE(a.body.find("'2024-13-01' is not a calendar day"), std::string::npos);
  EXPECT_NE(a.body.find("fine_yuan must be a whole, non-negative number of yuan"), std::string::npos);

  // Without shape problems the same values are 422.
  const Answer b = core.Post("/v1/evaluate", R"({"entity": {"uscc": "91330105MA2H8K3Q7K",
      "status": "dormant", "unreachable": false}})");
  EXPECT_EQ(b.status, 422);
  EXPECT_TRUE(Has(Problems(b), "$.entity.status", "unknown-enum"));
}

// A long value is quoted cut short in the problem, at a character boundary: the answer stays
// valid JSON (found by server_fuzzer: a cut through 杭 made the answer invalid UTF-8).
TEST(InputTest, ALongValueIsQuotedCutAtACharacterBoundary) {
  Core core(GetTables().a);
  for (size_t pad = 0; pad < 4; ++pad) {  // puts the cut before, inside and after 杭
    const std::string name = std::string(100 + pad, '#') + "杭州市拱墅区某某有限公司杭州市拱墅区";
    const Answer a = core.Post("/v1/evaluate", R"({"entity": {"uscc": "91330105MA2H8K3Q7K"},
        "colour": ")" + name + R"("})");
    EXPECT_EQ(a.status, 400) << pad;
    boost::system::error_code ec;
    const json::value v = json::parse(a.body, ec);
    ASSERT_FALSE(ec) << pad << ": " << a.body;
    const json::value& problem = v.at("error").at("problems").at(0);
    EXPECT_EQ(problem.at("code").as_string(), "unknown-field") << pad;
    const std::string shown(problem.at("value").as_string());
    EXPECT_LE(shown.size(), 120u) << pad;
    EXPECT_EQ(shown.substr(0, 100), std::string(100, '#')) << pad;
    EXPECT_EQ(shown.substr(shown.size() - 3), "...") << pad;
  }
}

// The pack's custom columns are request fields by name (Gongshu: later_heavier_penalty, a
// record bool): a heavier penalty after the serious listing bars early removal (SAMR-SL-05);
// left out, the default (false) applies; a bad value is a 422 naming the field.
TEST(InputTest, CustomColumnsAreFieldsByName) {
  Core core(GetTables().a);
  auto necips_rule = [&](const std::string& extra) {
    const Answer a = core.Post("/v1/evaluate", R"({"as_of": "2026-11-27", "entity": {"uscc":
        "91330105MA2H8K3Q7K", "status": "active", "unreachable": false}, "records": [{
        "record_id": "L1", "department": "samr", "record_kind": "serious_list",
        "severity": "serious", "penalty": "none", "procedure": "ordinary", "sector": "general",
        "decision_date": "2024-06-03", "publication_date": "2024-06-10",
        "fulfilled_date": "2024-09-01", "corrected_date": "2024-09-01",
        "shown_on": ["necips"])" + extra + "}]}");
    if (a.status != 200) return std::string("HTTP ") + std::to_string(a.status) + " " + a.body;
    const json::value answer = Json(a.body);  // (a temporary would die before the loop)
    for (const json::value& o : answer.at("records").at(0).at("outcomes").as_array()) {
      if (o.at("platform").as_string() == "necips") return std::string(o.at("rule_id").as_string());
    }
    return std::string("no necips outcome");
  };
  EXPECT_EQ(necips_rule(R"(, "later_heavier_penalty": true)"), "SAMR-SL-05");
  EXPECT_EQ(necips_rule(R"(, "later_heavier_penalty": "false")"), "SAMR-SL-02");
  EXPECT_EQ(necips_rule(""), "SAMR-SL-02");
  const std::string bad = necips_rule(R"(, "later_heavier_penalty": "perhaps")");
  EXPECT_NE(bad.find("HTTP 422"), std::string::npos) << bad;
  EXPECT_NE(bad.find("$.records[0].later_heavier_penalty"), std::string::npos) << bad;
}

TEST(InputTest, InvalidUsccIsRejectedButAWrongCheckCharacterIsKept) {
  Core core(GetTables().a);
  const Answer a = core.Post("/v1/evaluate", R"({"entity": {"uscc": "91330105MA2419NI9K",
      "status": "active", "unreachable": false}, "records": [{"record_id": "R1",
      "uscc": "9133010", "department": "samr", "record_kind": "penalty", "severity": "general",
      "penalty": "fine", "procedure": "ordinary", "sector": "general"}]})");
  EXPECT_EQ(a.status, 422);
  const auto p = Problems(a);
  EXPECT_TRUE(Has(p, "$.entity.uscc", "bad-uscc")) << a.body;
  EXPECT_TRUE(Has(p, "$.records[0].uscc", "bad-uscc")) << a.body;
  EXPECT_NE(a.body.find("is not in the character set"), std::string::npos);

  // A record naming another company than the request's.
  const Answer c = core.Post("/v1/evaluate", R"({"entity": {"uscc": "91330105MA2H8K3Q7K",
      "status": "active", "unreachable": false}, "records": [{"record_id": "R1",
      "uscc": "91350200MA31E12PXF", "department": "samr", "record_kind": "penalty",
      "severity": "general", "penalty": "fine", "procedure": "ordinary", "sector": "general"},
      {"record_id": "R1", "department": "samr", "record_kind": "penalty",
      "severity": "general", "penalty": "fine", "procedure": "ordinary", "sector": "general"}]})");
  EXPECT_EQ(c.status, 422);
  EXPECT_TRUE(Has(Problems(c), "$.records[0].uscc", "unknown-uscc")) << c.body;

  // Only the check character wrong: answered, flagged invalid (the uscc_invalid alert).
  const Answer b = core.Post("/v1/evaluate", R"({"entity": {"uscc": "91330105MA2H8K3Q7A",
      "status": "active", "unreachable": false}})");
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_FALSE(Json(b.body).at("entity").at("uscc_valid").as_bool());
  EXPECT_NE(b.body.find("uscc_invalid"), std::string::npos);
}

TEST(InputTest, ExplainNeedsAKnownRecordAndPlatform) {
  Core core(GetTables().a);
  const Answer ok = core.Post("/v1/explain", Request(R"(, "record_id": "CF-2025-001", "platform": "credit_china")"));
  ASSERT_EQ(ok.status, 200) << ok.body;
  const json::value v = Json(ok.body);
  EXPECT_EQ(v.at("rule_id").as_string(), "SAMR-P-12");
  EXPECT_FALSE(v.at("steps").as_array().empty());
  EXPECT_FALSE(v.at("text_zh").as_string().empty());
  const Answer bad = core.Post("/v1/explain", Request(R"(, "record_id": "NOPE", "platform": "mars")"));
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(Problems(bad), "$.record_id", "unknown-record"));
  EXPECT_TRUE(Has(Problems(bad), "$.platform", "unknown-enum"));
  EXPECT_EQ(core.Post("/v1/explain", Request()).status, 400);  // no target
}

// ---------------------------------------------------------------- other endpoints

TEST(ServiceTest, TableHealthMetricsPlanReloadBatch) {
  Core core(GetTables().a);
  const Answer h = core.Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(Json(h.body).at("table").at("hash").as_string(), GetTables().hash_a);
  const json::value t = Json(core.Get("/v1/table").body);
  EXPECT_EQ(t.at("pack").as_string(), "gongshu");
  EXPECT_GE(t.at("regimes").as_array().size(), 2u);  // Order 58 and Order 36
  EXPECT_EQ(core.Get("/nope").status, 404);
  EXPECT_EQ(core.Get("/v1/evaluate").status, 405);
  EXPECT_EQ(core.Post("/healthz", "").status, 405);
  const Answer plan = core.Post("/v1/plan", Request());
  EXPECT_TRUE(plan.status == 501 || plan.status == 200) << plan.body;
  EXPECT_EQ(core.Post("/v1/admin/reload", "", /*loopback=*/false).status, 403);
  EXPECT_EQ(core.Post("/v1/admin/reload", "").status, 200);
  EXPECT_EQ(core.store.reloads_ok(), 1u);

  std::unique_ptr<BatchRun> run = core.service.StartBatch(
      Request() + "\n\n{broken\n" + Request() + "\n", "batch");
  std::string out, chunk;
  while (run->Next(&chunk)) {
    out += chunk;
    chunk.clear();
  }
  EXPECT_EQ(run->lines(), 3u);
  EXPECT_EQ(run->failed_lines(), 1u);
  std::vector<std::string> lines;
  for (size_t s = 0, e; (e = out.find('\n', s)) != std::string::npos; s = e + 1) {
    lines.push_back(out.substr(s, e - s));
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(Json(lines[0]).at("line").as_int64(), 1);
  EXPECT_EQ(Json(lines[1]).at("line").as_int64(), 3);
  EXPECT_TRUE(Json(lines[1]).as_object().contains("error"));
  EXPECT_EQ(Json(lines[2]).at("line").as_int64(), 4);

  const std::string m = core.Get("/metrics").body;
  EXPECT_NE(m.find("xiufu_table_info{hash=\"" + GetTables().hash_a), std::string::npos);
  EXPECT_NE(m.find("xiufu_engine_evaluate_seconds_bucket{le=\"+Inf\"}"), std::string::npos);
  EXPECT_NE(m.find("xiufu_table_reloads_total{result=\"ok\"} 1"), std::string::npos);
}

TEST(ServiceTest, ACorruptTableIsRefusedAndTheOldOneKeepsServing) {
  const fs::path path = GetTables().dir / "svc_corrupt.xtb";
  fs::copy_file(GetTables().a, path, fs::copy_options::overwrite_existing);
  Core core(path.string());
  fs::copy_file(GetTables().corrupt, path, fs::copy_options::overwrite_existing);
  const Answer r = core.Post("/v1/admin/reload", "");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(core.store.reloads_failed(), 1u);
  EXPECT_EQ(core.Post("/v1/evaluate", Request()).table_hash, GetTables().hash_a);
  fs::copy_file(GetTables().b, path, fs::copy_options::overwrite_existing);
  EXPECT_EQ(core.Post("/v1/admin/reload", "").status, 200);
  EXPECT_EQ(core.Post("/v1/evaluate", Request()).table_hash, GetTables().hash_b);
  EXPECT_NE(core.Get("/metrics").body.find("xiufu_table_reloads_total{result=\"failed\"} 1"),
            std::string::npos);
}

TEST(ServiceTest, DecisionLogWritesOneLinePerDecisionAndCountsDrops) {
  const fs::path dir = GetTables().dir / "dlog";
  fs::remove_all(dir);
  {
    DecisionLog log({.dir = dir.string(), .queue_lines = 1000, .rotate_bytes = 4096, .keep = 2});
    ASSERT_TRUE(log.Open().ok());
    TableStore store([] { return LoadTable(GetTables().a); }, "a", "", nullptr);
    ASSERT_TRUE(store.LoadInitial().ok());
    Metrics metrics;
    Service service(store, metrics, &log, {});
    const std::string body = Request();
    for (int i = 0; i < 20; ++i) {
      const Answer a = service.Handle({"POST", "/v1/evaluate", body, "id" + std::to_string(i), true},
                                      Endpoint::kEvaluate);
      ASSERT_EQ(a.status, 200);
    }
    log.Close();
    EXPECT_EQ(log.written() + log.dropped(), 20u);
  }
  EXPECT_TRUE(fs::exists(dir / "decisions.log"));
  EXPECT_TRUE(fs::exists(dir / "decisions.log.1"));  // rotated at 4 KiB
  std::ifstream in(dir / "decisions.log");
  std::string line;
  ASSERT_TRUE(std::getline(in, line) || fs::file_size(dir / "decisions.log") == 0);
  if (!line.empty()) {
    const json::value v = Json(line);
    EXPECT_EQ(v.at("table_hash").as_string(), GetTables().hash_a);
    EXPECT_EQ(v.at("uscc").as_string(), "91330105MA2H8K3Q7K");
    EXPECT_FALSE(v.at("outcome").at("decisions").as_array().empty());
  }
  // A full queue drops instead of waiting.
  DecisionLog tiny({.dir = dir.string(), .queue_lines = 1});
  EXPECT_FALSE(tiny.Push("not open"));
  EXPECT_EQ(tiny.dropped(), 1u);
}

// ---------------------------------------------------------------- over HTTP

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// A minimal blocking HTTP/1.1 client over one connection (keep-alive), able to send anything.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{60, 0};  // a hung server fails the test instead of hanging it
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }
  bool Send(std::string_view raw) {
    while (!raw.empty()) {
      const ssize_t n = send(fd_, raw.data(), raw.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      raw.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  static std::string Post(std::string_view path, std::string_view body, std::string_view extra = "") {
    return std::string("POST ") + std::string(path) + " HTTP/1.1\r\nHost: t\r\nX-Request-Id: t\r\n" +
           std::string(extra) + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
           std::string(body);
  }
  // Reads one response; status 0 when the connection closed first.
  HttpReply Read() {
    HttpReply r;
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return r;
    }
    const std::string head = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    r.status = std::atoi(head.substr(9, 3).c_str());
    size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos + 2 < head.size()) {
      const size_t next = head.find("\r\n", pos + 2);
      const std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
      const size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = line.substr(colon + 2);
      pos = next;
    }
    if (r.headers.count("transfer-encoding")) {
      for (;;) {
        size_t eol;
        while ((eol = buf_.find("\r\n")) == std::string::npos) {
          if (!Fill()) return r;
        }
        const size_t n = std::stoul(buf_.substr(0, eol), nullptr, 16);
        while (buf_.size() < eol + 2 + n + 2) {
          if (!Fill()) return r;
        }
        r.body += buf_.substr(eol + 2, n);
        buf_.erase(0, eol + 2 + n + 2);
        if (n == 0) break;
      }
    } else {
      const size_t n = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
      while (buf_.size() < n) {
        if (!Fill()) return r;
      }
      r.body = buf_.substr(0, n);
      buf_.erase(0, n);
    }
    return r;
  }
  // True when the server closed the connection (reads EOF).
  bool Closed() {
    char c;
    return recv(fd_, &c, 1, 0) <= 0;
  }

 private:
  bool Fill() {
    char tmp[16384];
    const ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

struct Server {
  Server(const std::string& path, HttpOptions o) : core(path), http(core.service, o) {
    const absl::Status st = http.Start();
    EXPECT_TRUE(st.ok()) << st;
  }
  ~Server() { http.Stop(); }
  uint16_t port() const { return http.port(); }
  Core core;
  HttpServer http;
};

HttpOptions TestOptions() {
  HttpOptions o;
  o.port = 0;
  o.threads = 2;
  o.max_body = 8192;
  o.max_batch_body = 1 << 20;
  o.read_timeout = std::chrono::milliseconds(300);
  return o;
}

TEST(HttpTest, KeepAliveAnswersAndHeaders) {
  Server s(GetTables().a, TestOptions());
  Client c(s.port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(Client::Post("/v1/evaluate", Request())));
    const HttpReply r = c.Read();
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.at("x-xiufu-table-hash"), GetTables().hash_a);
    EXPECT_EQ(r.headers.at("x-request-id"), "t");
  }
  ASSERT_TRUE(c.Send("GET /v1/evaluate HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(c.Read().status, 405);
  ASSERT_TRUE(c.Send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n"));
  const HttpReply m = c.Read();
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("xiufu_http_requests_total{endpoint=\"evaluate\",code=\"200\"} 3"),
            std::string::npos)
      << m.body;
}

TEST(HttpTest, OversizedBodyIs413BeforeItIsRead) {
  Server s(GetTables().a, TestOptions());
  Client c(s.port());
  ASSERT_TRUE(c.Send("POST /v1/evaluate HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n{"));
  const HttpReply r = c.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("body-too-large"), std::string::npos);
  EXPECT_TRUE(c.Closed());
  // Chunked bodies are counted as they arrive.
  Client d(s.port());
  std::string chunked = "POST /v1/evaluate HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 10; ++i) chunked += "3e8\r\n" + std::string(1000, ' ') + "\r\n";
  d.Send(chunked);
  EXPECT_EQ(d.Read().status, 413);
}

TEST(HttpTest, SlowClientGets408AndIdleConnectionsClose) {
  Server s(GetTables().a, TestOptions());
  Client c(s.port());
  ASSERT_TRUE(c.Send("POST /v1/evaluate HTTP/1.1\r\nHost: t\r\nContent-Length: 50\r\n\r\n{\"ent"));
  const HttpReply r = c.Read();  // the rest never comes
  EXPECT_EQ(r.status, 408);
  EXPECT_NE(r.body.find("\"timeout\""), std::string::npos);
  Client h(s.port());
  ASSERT_TRUE(h.Send("GET /healthz HTTP/1.1\r\nHo"));  // headers never finish
  EXPECT_EQ(h.Read().status, 408);
  Client idle(s.port());
  EXPECT_TRUE(idle.Closed());  // nothing sent: closed without an answer
}

TEST(HttpTest, MalformedHttpIs400AndBatchIsChunkedJsonLines) {
  Server s(GetTables().a, TestOptions());
  Client c(s.port());
  ASSERT_TRUE(c.Send("POST /v1/evaluate HTTP/1.1\r\nContent-Length: x\r\n\r\n"));
  EXPECT_EQ(c.Read().status, 400);
  Client b(s.port());
  std::string lines;
  for (int i = 0; i < 300; ++i) lines += Request() + "\n";
  ASSERT_TRUE(b.Send(Client::Post("/v1/evaluate/batch", lines)));
  const HttpReply r = b.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.at("transfer-encoding"), "chunked");
  size_t n = 0;
  for (size_t p = 0; (p = r.body.find('\n', p)) != std::string::npos; ++p) ++n;
  EXPECT_EQ(n, 300u);
  // Over the batch limit.
  Client big(s.port());
  ASSERT_TRUE(big.Send("POST /v1/evaluate/batch HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n"));
  EXPECT_EQ(big.Read().status, 413);
}

// ---------------------------------------------------------------- requests racing reloads

TEST(ReloadTest, ConcurrentRequestsDuringReloadsAllSucceedOnOneTableEach) {
  const Tables& t = GetTables();
  const fs::path path = t.dir / "live.xtb";
  fs::copy_file(t.a, path, fs::copy_options::overwrite_existing);

  // The exact answer each table gives (same request id, so the same bytes).
  std::map<std::string, std::string> expected;
  for (const std::string& f : {t.a, t.b}) {
    Core core(f);
    const Answer a = core.Post("/v1/evaluate", Request());
    ASSERT_EQ(a.status, 200);
    expected[a.table_hash] = a.body;
  }
  ASSERT_EQ(expected.size(), 2u);

  HttpOptions o = TestOptions();
  o.read_timeout = std::chrono::milliseconds(30000);
  Server s(path.string(), o);
  s.core.store.StartWatcher(std::chrono::milliseconds(5));

  constexpr int kClients = 4, kRequests = 150;
  std::atomic<int> failures{0}, wrong{0}, done{0}, swaps{0};
  std::atomic<bool> saw_a{false}, saw_b{false};
  std::vector<std::thread> clients;
  for (int k = 0; k < kClients; ++k) {
    clients.emplace_back([&] {
      Client c(s.port());
      const std::string req = Client::Post("/v1/evaluate", Request());
      // At least kRequests each, and until the table has been replaced 12 times.
      for (int i = 0; i < kRequests || swaps.load() < 12; ++i) {
        if (!c.Send(req)) {
          ++failures;
          break;
        }
        const HttpReply r = c.Read();
        if (r.status != 200) {
          ++failures;
          continue;
        }
        const std::string hash = r.headers.count("x-xiufu-table-hash") ? r.headers.at("x-xiufu-table-hash") : "";
        auto it = expected.find(hash);
        if (it == expected.end() || it->second != r.body) ++wrong;
        (hash == t.hash_a ? saw_a : saw_b) = true;
      }
      ++done;
    });
  }
  // Replace the file (atomically, by rename) and reload by hand too, alternating A and B with
  // one corrupt blob, until the clients are done.
  while (done.load() < kClients) {
    const std::string& src = swaps == 3 ? t.corrupt : (swaps % 2 == 0 ? t.b : t.a);
    const fs::path tmp = t.dir / "live.tmp";
    fs::copy_file(src, tmp, fs::copy_options::overwrite_existing);
    fs::rename(tmp, path);
    if (swaps % 3 == 1) (void)s.core.store.Reload("test");
    ++swaps;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (std::thread& c : clients) c.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(swaps.load(), 12);
  EXPECT_GE(s.core.store.reloads_ok(), 1u);
  EXPECT_TRUE(saw_a.load() || saw_b.load());
}

}  // namespace
}  // namespace xiufu::server
