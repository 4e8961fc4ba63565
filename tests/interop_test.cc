// JDM and DMN export/import (xiufu/interop.h): the readers, the exported structure, the
// diagnostics of what cannot be imported, and the round trip pack → JDM/DMN → pack, which must
// decide every record of a random population exactly as the original (rule ids, outcomes,
// entity outcomes) on dates around the regime change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include <functional>
#include <map>
#include <set>

#include "interop/json_reader.h"
#include "support/cli_run.h"
#include "interop/xml_reader.h"
#include "support/random_population.h"
#include "support/tiny_pack.h"
#include "xiufu/compile.h"
#include "xiufu/interop.h"
#include "xiufu/runtime/evaluate.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using interop_internal::JsonValue;
using interop_internal::ParseJson;
using interop_internal::ParseXml;
using interop_internal::XmlElement;

LoadResult MustLoad(const PackFiles& files) {
  absl::StatusOr<LoadResult> loaded = LoadPackFromFiles(files);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  if (!loaded.ok()) return {};
  for (const Diagnostic& d : loaded->diagnostics) {
    EXPECT_NE(d.severity, Severity::kError) << FormatDiagnostic(d);
  }
  return *std::move(loaded);
}

PackFiles DirFiles(const std::string& dir) {
  absl::StatusOr<PackFiles> files = ReadPackFiles(dir);
  EXPECT_TRUE(files.ok()) << files.status();
  return files.ok() ? *files : PackFiles{};
}

PackFiles TinyFiles(const std::string& policy) {
  PackFiles files;
  for (auto& [k, v] : testing::TinyPackFiles(policy)) files[k] = v;
  return files;
}

// The rule id as the original pack wrote it (the importer numbers a rule's parameter periods
// ~2, ~3, …).
std::string BaseId(std::string_view id) {
  const size_t tilde = id.find('~');
  return std::string(tilde == std::string_view::npos ? id : id.substr(0, tilde));
}

// --- Readers ---

TEST(InteropJsonTest, ParsesDocument) {
  absl::StatusOr<JsonValue> v =
      ParseJson(R"({"a": [1, -2.5e3, true, null, "x\"\u4e2d\ud83d\ude00"], "b": {}})");
  ASSERT_TRUE(v.ok()) << v.status();
  const JsonValue* a = v->Find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->items.size(), 5u);
  EXPECT_EQ(a->items[1].text, "-2.5e3");
  EXPECT_TRUE(a->items[2].boolean);
  EXPECT_EQ(a->items[3].kind, JsonValue::Kind::kNull);
  EXPECT_EQ(a->items[4].text, "x\"中😀");
  EXPECT_TRUE(v->Find("b")->is_object());
}

TEST(InteropJsonTest, ErrorsNameLineAndColumn) {
  absl::StatusOr<JsonValue> v = ParseJson("{\n  \"a\": [1,\n  2 x]}");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "line 3, column 5: expected ',' or ']'");
  EXPECT_FALSE(ParseJson("{\"a\": 1} 2").ok());
  EXPECT_FALSE(ParseJson("\"abc").ok());
  EXPECT_FALSE(ParseJson(std::string(1000, '[')).ok());  // depth limit, no stack overflow
}

TEST(InteropXmlTest, ParsesDocument) {
  absl::StatusOr<XmlElement> x = ParseXml(
      "<?xml version=\"1.0\"?>\n<!-- c -->\n<d:root xmlns:d=\"u\" a='1 &amp; 2'>\n"
      "  <d:child>&lt;x&gt; &#x4e2d;</d:child><child><![CDATA[a<b]]></child><e/>\n</d:root>\n");
  ASSERT_TRUE(x.ok()) << x.status();
  EXPECT_EQ(x->local(), "root");
  EXPECT_EQ(x->Attr("a"), "1 & 2");
  ASSERT_EQ(x->Children("child").size(), 2u);
  EXPECT_EQ(x->Children("child")[0]->text, "<x> 中");
  EXPECT_EQ(x->Children("child")[1]->text, "a<b");
  EXPECT_EQ(x->Children("child")[0]->line, 4);
  absl::StatusOr<XmlElement> bad = ParseXml("<a>\n<b></a>");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "line 2: '</a>' closes '<b>'");
}

// --- Export ---

TEST(InteropExportTest, InputNamesCarryTheUnit) {
  const FactVocabulary v;
  EXPECT_EQ(InputName(v, SlotOf(Fact::kSinceDecision, DurationUnit::kMonths)), "since_decision_months");
  EXPECT_EQ(InputName(v, SlotOf(Fact::kSinceDecision, DurationUnit::kYears)), "since_decision_months");
  EXPECT_EQ(InputName(v, SlotOf(Fact::kSinceDecision, DurationUnit::kWorkingDays)), "since_decision_wd");
  EXPECT_EQ(InputName(v, SlotOf(Fact::kPlatform)), "platform");
  EXPECT_EQ(SlotOfInput(v, "since_decision_days"), SlotOf(Fact::kSinceDecision, DurationUnit::kDays));
  EXPECT_EQ(SlotOfInput(v, "severity"), SlotOf(Fact::kSeverity));
  EXPECT_EQ(SlotOfInput(v, "since_decision"), std::nullopt);  // the unit is part of the name
  EXPECT_EQ(SlotOfInput(v, "severity_days"), std::nullopt);
}

const JsonValue* Node(const JsonValue& doc, std::string_view id) {
  for (const JsonValue& n : doc.Find("nodes")->items) {
    if (n.Find("id")->text == id) return &n;
  }
  return nullptr;
}

// The row of a JDM table whose rule_id output is `id`.
const JsonValue* JdmRule(const JsonValue& table, std::string_view id) {
  for (const JsonValue& r : table.Find("content")->Find("rules")->items) {
    if (r.Find("out_rule_id")->text == "\"" + std::string(id) + "\"") return &r;
  }
  return nullptr;
}

TEST(InteropExportTest, MiniPackAsJdm) {
  const LoadResult loaded = MustLoad(DirFiles(XIUFU_SOURCE_DIR "/examples/packs/mini"));
  const ExportResult r = ExportPack(loaded.pack, InteropFormat::kJdm);
  absl::StatusOr<JsonValue> doc = ParseJson(r.text);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->Find("contentType")->text, "application/vnd.gorules.decision");
  ASSERT_NE(Node(*doc, "input"), nullptr);
  ASSERT_NE(Node(*doc, "output"), nullptr);
  const JsonValue* elig = Node(*doc, "eligibility");
  ASSERT_NE(elig, nullptr);
  EXPECT_EQ(elig->Find("type")->text, "decisionTableNode");
  EXPECT_EQ(elig->Find("content")->Find("hitPolicy")->text, "first");
  EXPECT_EQ(Node(*doc, "materials")->Find("content")->Find("hitPolicy")->text, "collect");
  EXPECT_EQ(doc->Find("edges")->items.size(), 8u);  // input → 4 tables → output

  // Cells: years in months, enum lists, the regime as a condition on as_of.
  const JsonValue* safe = JdmRule(*elig, "C58-SAFE");
  ASSERT_NE(safe, nullptr);
  EXPECT_EQ(safe->Find("in_since_decision_months")->text, "< 36");
  EXPECT_EQ(safe->Find("in_sector")->text, "\"special_equipment\", \"fire_safety\"");
  EXPECT_EQ(safe->Find("in_obligations_fulfilled")->text, "true");
  EXPECT_EQ(safe->Find("in_as_of")->text, "<= date(\"2026-03-31\")");
  EXPECT_EQ(safe->Find("in_platform")->text, "");
  EXPECT_EQ(safe->Find("out_eligible_from")->text, "\"decision_date + 1y\"");
  EXPECT_EQ(safe->Find("out_channel")->text, "\"credit_china\"");
  EXPECT_EQ(safe->Find("_description")->text, "NDRC Order 58 (minimum 1 year in these sectors)");
  const JsonValue* low = JdmRule(*elig, "N-LOW");
  EXPECT_EQ(low->Find("in_fine_amount")->text, "< 50001");
  const JsonValue* min_ok = JdmRule(*elig, "C36-MIN-OK");
  EXPECT_EQ(min_ok->Find("in_as_of")->text, ">= date(\"2026-04-01\")");
  // The input's field reads as_of as a date.
  bool as_of_field = false;
  for (const JsonValue& in : elig->Find("content")->Find("inputs")->items) {
    as_of_field |= in.Find("field")->text == "date(as_of)";
  }
  EXPECT_TRUE(as_of_field);
  // A working-day period is its own input.
  const JsonValue* pub = JdmRule(*Node(*doc, "record_alerts"), "RA-PUB");
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(pub->Find("in_since_decision_wd")->text, "< 20");
  // Every translation is listed.
  ASSERT_GE(r.warnings.size(), 2u);
  EXPECT_NE(r.warnings[0].find("since_decision_wd"), std::string::npos) << r.warnings[0];
  EXPECT_NE(r.warnings[1].find("date expressions"), std::string::npos) << r.warnings[1];
}

// A structural check of the DMN 1.3 document (the OMG schema is not available offline): the
// namespace, unique ids, every href resolves, every rule has one entry per column, hit policies
// and typeRefs are DMN's.
void CheckDmnStructure(const std::string& text) {
  absl::StatusOr<XmlElement> doc = ParseXml(text);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->local(), "definitions");
  EXPECT_EQ(doc->Attr("xmlns"), "https://www.omg.org/spec/DMN/20191111/MODEL/");
  EXPECT_FALSE(doc->Attr("namespace").empty());
  std::set<std::string> ids;
  std::vector<std::string> hrefs, refs;
  std::function<void(const XmlElement&)> walk = [&](const XmlElement& e) {
    if (std::string id(e.Attr("id")); !id.empty()) {
      EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
      EXPECT_TRUE(isalpha(static_cast<unsigned char>(id[0])) || id[0] == '_') << id;
    }
    if (!e.Attr("href").empty()) hrefs.emplace_back(e.Attr("href"));
    if (!e.Attr("dmnElementRef").empty()) refs.emplace_back(e.Attr("dmnElementRef"));
    if (!e.Attr("typeRef").empty()) {
      const std::string t(e.Attr("typeRef"));
      EXPECT_TRUE(t == "string" || t == "number" || t == "boolean" || t == "date") << t;
    }
    for (const XmlElement& c : e.children) walk(c);
  };
  walk(*doc);
  for (const std::string& h : hrefs) {
    ASSERT_EQ(h[0], '#');
    EXPECT_TRUE(ids.count(h.substr(1))) << h;
  }
  for (const std::string& r : refs) EXPECT_TRUE(ids.count(r)) << r;
  size_t tables = 0;
  for (const XmlElement* d : doc->Children("decision")) {
    const XmlElement* dt = d->Child("decisionTable");
    ASSERT_NE(dt, nullptr);
    ++tables;
    const std::string hp(dt->Attr("hitPolicy"));
    EXPECT_TRUE(hp == "FIRST" || hp == "COLLECT") << hp;
    const size_t ni = dt->Children("input").size(), no = dt->Children("output").size();
    EXPECT_GT(ni, 0u);
    EXPECT_GT(no, 1u);
    // Elements in schema order: inputs, outputs, rules.
    int stage = 0;
    for (const XmlElement& c : dt->children) {
      const int s = c.local() == "input" ? 0 : c.local() == "output" ? 1 : 2;
      EXPECT_GE(s, stage) << c.name;
      stage = s;
    }
    for (const XmlElement* rule : dt->Children("rule")) {
      EXPECT_EQ(rule->Children("inputEntry").size(), ni);
      EXPECT_EQ(rule->Children("outputEntry").size(), no);
      for (const XmlElement* e : rule->Children("inputEntry")) EXPECT_NE(e->Child("text"), nullptr);
    }
  }
  EXPECT_GT(tables, 0u);
}

TEST(InteropExportTest, DmnIsStructurallyValid) {
  for (const char* dir : {XIUFU_SOURCE_DIR "/examples/packs/mini", XIUFU_SOURCE_DIR "/rules/gongshu",
                          XIUFU_SOURCE_DIR "/tests/data/packs/custom"}) {
    SCOPED_TRACE(dir);
    const LoadResult loaded = MustLoad(DirFiles(dir));
    CheckDmnStructure(ExportPack(loaded.pack, InteropFormat::kDmn).text);
  }
}

// --- Import diagnostics ---

std::string OneTableJdm(std::string_view inputs, std::string_view outputs, std::string_view rules,
                        std::string_view extra_node = "") {
  return std::string(R"({"contentType":"application/vnd.gorules.decision","nodes":[)") +
         std::string(extra_node) +
         R"({"id":"t","type":"decisionTableNode","name":"eligibility","content":{"hitPolicy":"first","inputs":[)" +
         std::string(inputs) + R"(],"outputs":[)" + std::string(outputs) + R"(],"rules":[)" +
         std::string(rules) + "]}}],\"edges\":[]}";
}

TEST(InteropImportTest, DiagnosticsNameTheJsonPath) {
  const LoadResult loaded = MustLoad(DirFiles(XIUFU_SOURCE_DIR "/examples/packs/mini"));
  const std::string doc = OneTableJdm(
      R"({"id":"a","field":"severity"},{"id":"b","field":"turnover"},{"id":"c","field":"since_decision_months"})",
      R"({"id":"o1","field":"rule_id"},{"id":"o2","field":"status"},{"id":"o3","field":"discount"})",
      R"({"_id":"x","_description":"s","a":"\"minor\", \"huge\"","b":"> 1","c":"len(x) > 2","o1":"\"R1\"","o2":"\"eligible\"","o3":"5"},)"
      R"j({"_id":"y","_description":"s","a":"\"general\"","b":"","c":"[3..12)","o1":"\"R2\"","o2":"upper(\"x\")","o3":""})j",
      R"({"id":"f","type":"functionNode","name":"f","content":{}},)");
  const ImportResult r = ImportDecisions(loaded.pack, doc, InteropFormat::kJdm, "in.json");
  EXPECT_FALSE(r.ok());
  std::map<std::string, std::string> by_path;
  for (const Diagnostic& d : r.diagnostics) {
    by_path[d.field] = d.code;
    EXPECT_EQ(d.loc.file, "in.json");
  }
  EXPECT_EQ(by_path["nodes[0].type"], "unsupported-node");
  EXPECT_EQ(by_path["nodes[1].content.inputs[1].field"], "unknown-input");
  EXPECT_EQ(by_path["nodes[1].content.outputs[2].field"], "unknown-output");
  EXPECT_EQ(by_path["nodes[1].content.rules[0][\"a\"]"], "unmapped-cell");  // 'huge' is no severity
  EXPECT_EQ(by_path["nodes[1].content.rules[0][\"c\"]"], "unmapped-cell");  // a function call
  EXPECT_EQ(by_path["nodes[1].content.rules[1][\"o2\"]"], "bad-output");
  EXPECT_EQ(r.error_count, 6u);
  // The rows that map are there: an interval in months.
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_NE(r.tables[0].csv.find("R2,general,[3m..12m),-,-,-,s"), std::string::npos) << r.tables[0].csv;
}

TEST(InteropImportTest, DiagnosticsNameTheXmlElement) {
  const LoadResult loaded = MustLoad(DirFiles(XIUFU_SOURCE_DIR "/examples/packs/mini"));
  const std::string doc = R"(<?xml version="1.0"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="n">
  <decision id="a" name="eligibility">
    <decisionTable id="t" hitPolicy="RULE ORDER">
      <input id="i1"><inputExpression id="x1" typeRef="string"><text>penalty</text></inputExpression></input>
      <output id="o1" name="rule_id"/><output id="o2" name="status"/>
      <rule id="r1"><description>s</description>
        <inputEntry id="e1"><text>"fine", "warning"</text></inputEntry>
        <outputEntry id="e2"><text>"P1"</text></outputEntry><outputEntry id="e3"><text>"drops_off"</text></outputEntry>
      </rule>
      <rule id="r2"><description>s</description>
        <inputEntry id="e4"><text>contains(?, "f")</text></inputEntry>
        <outputEntry id="e5"><text>"P2"</text></outputEntry><outputEntry id="e6"><text>"not_shown"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <decision id="b" name="score"><literalExpression id="le"><text>1</text></literalExpression></decision>
</definitions>)";
  const ImportResult r = ImportDecisions(loaded.pack, doc, InteropFormat::kDmn, "in.dmn");
  std::map<std::string, std::pair<std::string, int>> by_path;
  for (const Diagnostic& d : r.diagnostics) by_path[d.field] = {d.code, d.loc.line};
  EXPECT_EQ(by_path["decision[@name='eligibility']/decisionTable"].first, "hit-policy");
  EXPECT_EQ(by_path["decision[@name='eligibility']/decisionTable/rule[2]/inputEntry[1]"],
            std::make_pair(std::string("unmapped-cell"), 12));
  EXPECT_EQ(by_path["decision[@name='score']"].first, "unsupported-decision");
  EXPECT_EQ(r.error_count, 3u);
}

// --- The commands ---

testing::CliRun Cli(const std::string& args) { return testing::RunCli(args); }

TEST(InteropCliTest, ExportThenImportGivesALintCleanPack) {
  if (!std::filesystem::exists(XIUFU_CLI)) GTEST_SKIP() << "CLI not built: " << XIUFU_CLI;
  using ::testing::HasSubstr;
  const std::string dir = ::testing::TempDir() + "interop_cli";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string mini = XIUFU_SOURCE_DIR "/examples/packs/mini";
  for (const char* ext : {"json", "dmn"}) {
    SCOPED_TRACE(ext);
    const std::string file = dir + "/mini." + ext, out = dir + "/pack_" + ext;
    auto r = Cli("export --rules " + mini + " --out " + file);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("note: elapsed periods are inputs in whole units"));
    r = Cli("import --rules " + mini + " --in " + file + " --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("table eligibility (eligibility, 29 rows)"));
    r = Cli("lint " + out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("0 errors"));
  }
  // A document that cannot be mapped: exit 1, the JSON path named, nothing written.
  const std::string bad = dir + "/bad.json";
  FILE* f = std::fopen(bad.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(R"({"nodes":[{"id":"x","type":"expressionNode","name":"x"}],"edges":[]})", f);
  std::fclose(f);
  const auto r = Cli("import --rules " + mini + " --in " + bad + " --out " + dir + "/bad_pack");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("[field=nodes[0].type, value=expressionNode] (unsupported-node)"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/bad_pack"));
}

// --- Round trip ---

struct RoundTripCase {
  std::string name;
  PackFiles files;
};

void PrintTo(const RoundTripCase& c, std::ostream* os) { *os << c.name; }

class InteropRoundTripTest
    : public ::testing::TestWithParam<std::tuple<RoundTripCase, InteropFormat>> {};

TEST_P(InteropRoundTripTest, SameDecisions) {
  const auto& [c, format] = GetParam();
  const LoadResult original = MustLoad(c.files);
  auto table = Compile(original);
  ASSERT_TRUE(table.ok()) << table.status();

  const ExportResult exported = ExportPack(original.pack, format);
  const ImportResult imported = ImportDecisions(original.pack, exported.text, format, "exported");
  for (const Diagnostic& d : imported.diagnostics) {
    EXPECT_NE(d.severity, Severity::kError) << FormatDiagnostic(d);
  }
  ASSERT_TRUE(imported.ok());
  const LoadResult again = MustLoad(ReplaceTables(c.files, imported.tables));
  auto table2 = Compile(again);
  ASSERT_TRUE(table2.ok()) << table2.status();

  // The same rows, in the same order, with the same rule ids and sources.
  ASSERT_EQ(table2->NumRows(), table->NumRows());
  for (uint32_t i = 0; i < table->NumRows(); ++i) {
    ASSERT_EQ(BaseId(table2->RuleId(i)), table->RuleId(i)) << "row " << i;
    ASSERT_EQ(table2->Source(i), table->Source(i)) << "row " << i;
  }
  // The same decisions on a random population, around the regime change.
  uint64_t seed = 11;
  size_t compared = 0;
  for (const char* as_of : {"2025-05-01", "2026-03-31", "2026-04-01", "2026-11-22"}) {
    const Date day = *ParseDate(as_of);
    const Population pop = testing::RandomPopulation(*table, 2000, seed++, day);
    BatchResult want, got;
    ASSERT_TRUE(EvaluateBatch(*table, pop, day, want, 2).ok());
    ASSERT_TRUE(EvaluateBatch(*table2, pop, day, got, 2).ok());
    ASSERT_EQ(got.records.size(), want.records.size());
    for (size_t i = 0; i < want.records.size(); ++i) {
      RecordOutcome w = want.records[i], g = got.records[i];
      const std::string wr = w.rule == kNoRow ? "" : std::string(table->RuleId(w.rule));
      const std::string gr = g.rule == kNoRow ? "" : BaseId(table2->RuleId(g.rule));
      ASSERT_EQ(gr, wr) << "record × platform " << i << " as of " << as_of;
      w.rule = g.rule = kNoRow;
      ASSERT_EQ(g, w) << "record × platform " << i << " as of " << as_of;
    }
    for (size_t e = 0; e < want.entities.size(); ++e) {
      ASSERT_EQ(got.entities[e], want.entities[e]) << "entity " << e << " as of " << as_of;
    }
    compared += want.records.size();
  }
  EXPECT_GT(compared, 10000u);
}

std::vector<RoundTripCase> RoundTripCases() {
  return {
      {"mini", DirFiles(XIUFU_SOURCE_DIR "/examples/packs/mini")},
      {"gongshu", DirFiles(XIUFU_SOURCE_DIR "/rules/gongshu")},
      // custom columns of every type, parameters with effective-dated values (split rows)
      {"custom", DirFiles(XIUFU_SOURCE_DIR "/tests/data/packs/custom")},
      {"tiny_priority", TinyFiles("PRIORITY")},
  };
}

INSTANTIATE_TEST_SUITE_P(
    Packs, InteropRoundTripTest,
    ::testing::Combine(::testing::ValuesIn(RoundTripCases()),
                       ::testing::Values(InteropFormat::kJdm, InteropFormat::kDmn)),
    [](const auto& info) {
      return std::get<0>(info.param).name +
             (std::get<1>(info.param) == InteropFormat::kJdm ? "_jdm" : "_dmn");
    });

}  // namespace
}  // namespace xiufu
