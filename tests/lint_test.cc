#include "xiufu/lint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "support/pack_files.h"
#include "xiufu/pack.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using xiufu::testing::WritePackFiles;

const std::string kPacks = std::string(XIUFU_SOURCE_DIR) + "/tests/data/packs";
const std::string kMini = std::string(XIUFU_SOURCE_DIR) + "/examples/packs/mini";

Pack MustLoad(const std::string& dir) {
  absl::StatusOr<LoadResult> r = LoadPack(dir);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? std::move(r->pack) : Pack{};
}

std::vector<Diagnostic> With(const std::vector<Diagnostic>& all, std::string_view code) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : all) {
    if (d.code == code) out.push_back(d);
  }
  return out;
}

std::string Where(const Diagnostic& d) {
  return d.loc.file + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column);
}

// A pack with one eligibility table `rows` (header included) under `policy`.
Pack EligibilityPack(const std::string& name, const std::string& rows,
                     const std::string& policy = "FIRST", const std::string& extra = "") {
  return MustLoad(WritePackFiles(
      name, {{"manifest.ini", "[pack]\nname = t\n[decision eligibility]\nhit_policy = " + policy +
                                  "\n" + extra + "[table main]\nfile = tables/main.csv\n"
                                  "decision = eligibility\ncomplete = true\n"},
             {"enums.csv",
              "domain,code,zh,en\nplatform,cc,,\ndepartment,samr,,\nrecord_kind,penalty,,\n"
              "severity,minor,,\nseverity,general,,\npenalty,fine,,\nprocedure,ordinary,,\n"
              "sector,general,,\nentity_status,active,,\n"},
             {"materials.csv", "code,kind,zh,en\n"},
             {"material_map.csv", "raw,canonical,effective_from,effective_to\n"},
             {"alerts.csv", "code,scope,severity,zh,en\n"},
             {"holidays.csv", "date,kind\n"},
             {"tables/main.csv", rows}}));
}

TEST(Lint, MiniPackIsClean) {
  const std::vector<Diagnostic> d = Lint(MustLoad(kMini));
  for (const Diagnostic& x : d) ADD_FAILURE() << FormatDiagnostic(x);
}

TEST(Lint, RowShadowedByTwoEarlierRowsTogether) {
  const std::vector<Diagnostic> d = With(Lint(MustLoad(kPacks + "/planted")), "shadowed-row");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(Where(d[0]), "tables/rules.csv:4:1");
  EXPECT_EQ(d[0].value, "R-03");
  EXPECT_THAT(d[0].message, HasSubstr("'R-01' (tables/rules.csv:2)"));
  EXPECT_THAT(d[0].message, HasSubstr("'R-02' (tables/rules.csv:3)"));
}

TEST(Lint, NotShadowedWhenTheUnionLeavesAHole) {
  const std::string head = "rule_id,severity,since_decision,effective_from,effective_to,status,source\n";
  const Pack hole = EligibilityPack(
      "hole", head + "R1,minor,< 1y,-,-,not_shown,s\nR2,minor,>= 2y,-,-,not_shown,s\n"
                     "R3,minor,>= 0m,-,-,not_repairable,s\n");
  EXPECT_TRUE(With(Lint(hole), "shadowed-row").empty());
  const Pack closed = EligibilityPack(
      "closed", head + "R1,minor,< 1y,-,-,not_shown,s\nR2,minor,>= 12m,-,-,not_shown,s\n"
                       "R3,minor,>= 0m,-,-,not_repairable,s\n");
  const std::vector<Diagnostic> d = With(Lint(closed), "shadowed-row");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].value, "R3");
}

TEST(Lint, MissingValuesKeepACatchAllRowAlive) {
  const std::string head = "rule_id,since_fulfilled,effective_from,effective_to,status,source\n";
  // R3 also takes records whose obligations are not fulfilled (since_fulfilled is missing).
  EXPECT_TRUE(With(Lint(EligibilityPack("null-a", head + "R1,< 1y,-,-,not_shown,s\n"
                                                        "R2,>= 1y,-,-,not_shown,s\n"
                                                        "R3,-,-,-,not_repairable,s\n")),
                   "shadowed-row")
                  .empty());
  const std::vector<Diagnostic> d =
      With(Lint(EligibilityPack("null-b", head + "R1,< 1y,-,-,not_shown,s\n"
                                                 "R2,>= 1y,-,-,not_shown,s\n"
                                                 "R3,not(null),-,-,not_repairable,s\n")),
           "shadowed-row");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].value, "R3");
}

TEST(Lint, RowListingEveryCodeCoversTheFact) {
  const std::vector<Diagnostic> d = With(
      Lint(EligibilityPack("codes", "rule_id,severity,effective_from,effective_to,status,source\n"
                                    "R1,minor,-,-,not_shown,s\nR2,general,-,-,not_shown,s\n"
                                    "R3,-,-,-,not_repairable,s\n")),
      "shadowed-row");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].value, "R3");
  EXPECT_THAT(d[0].message, HasSubstr("rules 'R1' (tables/main.csv:2), 'R2' (tables/main.csv:3)"));
}

TEST(Lint, EffectiveDatesAreADimension) {
  const std::string head = "rule_id,severity,effective_from,effective_to,status,source\n";
  const Pack regimes = EligibilityPack(
      "regimes", head + "O58,minor,-,2026-03-31,not_shown,s\nO36,minor,2026-04-01,-,not_shown,s\n"
                        "ANY,minor,-,-,not_repairable,s\nG,general,-,-,not_shown,s\n");
  const std::vector<Diagnostic> d = Lint(regimes);
  ASSERT_EQ(d.size(), 1u) << FormatDiagnostic(d[0]);
  EXPECT_EQ(d[0].code, "shadowed-row");
  EXPECT_EQ(d[0].value, "ANY");
  EXPECT_THAT(d[0].message, HasSubstr("'O58'"));
  EXPECT_THAT(d[0].message, HasSubstr("'O36'"));
}

TEST(Lint, PriorityOrderDecidesShadowing) {
  const std::string rows =
      "rule_id,severity,effective_from,effective_to,status,source\n"
      "P1,minor,-,-,eligible,s\n"
      "P2,\"minor, general\",-,-,not_repairable,s\n";
  const std::vector<Diagnostic> first = Lint(EligibilityPack("prio-first", rows));
  EXPECT_TRUE(With(first, "shadowed-row").empty());
  const std::vector<Diagnostic> prio = With(
      Lint(EligibilityPack("prio", rows, "PRIORITY", "priority = not_repairable, eligible\n")),
      "shadowed-row");
  ASSERT_EQ(prio.size(), 1u);
  EXPECT_EQ(Where(prio[0]), "tables/main.csv:2:1");
  EXPECT_THAT(prio[0].message, HasSubstr("'P2'"));
}

TEST(Lint, UniqueOverlapsWithDifferentOutputs) {
  const std::vector<Diagnostic> d = Lint(MustLoad(kPacks + "/planted_unique"));
  ASSERT_EQ(d.size(), 1u) << FormatDiagnostic(d[0]);
  EXPECT_EQ(d[0].code, "overlap");
  EXPECT_EQ(Where(d[0]), "tables/rules.csv:5:1");
  EXPECT_THAT(d[0].message, HasSubstr("'U-03' (tables/rules.csv:4)"));
  EXPECT_THAT(d[0].message, HasSubstr("'U-04' (tables/rules.csv:5)"));
  EXPECT_THAT(d[0].message, HasSubstr("fine_amount in [10000..50000]"));
  EXPECT_THAT(d[0].message, HasSubstr("as_of in [2026-01-01..2026-03-31]"));
}

TEST(Lint, GapInACompleteTable) {
  const std::vector<Diagnostic> d = With(Lint(MustLoad(kPacks + "/planted")), "gap");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(Where(d[0]), "tables/severity.csv:1:1");
  EXPECT_THAT(d[0].message, HasSubstr("no row covers severity=serious"));
}

TEST(Lint, GapExampleNamesElapsedTimeAndRegime) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("xiufu-lint-gap-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(kMini, dir, fs::copy_options::recursive);
  // Drop C36-MIN-OK: minor, fulfilled, under 3 months, Order 36.
  const fs::path table = dir / "tables" / "credit_penalty.csv";
  std::ifstream in(table);
  std::stringstream kept;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("C36-MIN-OK")) kept << line << "\n";
  }
  in.close();
  std::ofstream(table) << kept.str();
  const std::vector<Diagnostic> d = With(Lint(MustLoad(dir.string())), "gap");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].message,
              HasSubstr("no row covers severity=minor, obligations_fulfilled=true, "
                        "since_decision in [0m..3m), as_of >= 2026-04-01"));
  fs::remove_all(dir);
}

TEST(Lint, CompleteTableWithNoRows) {
  const std::vector<Diagnostic> d = Lint(EligibilityPack(
      "empty", "rule_id,severity,effective_from,effective_to,status,source\n"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "gap");
}

TEST(Lint, NeverMatchingCellsAreWarnings) {
  const std::vector<Diagnostic> d = With(Lint(MustLoad(kPacks + "/planted")), "never-matches");
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].severity, Severity::kWarning);
  EXPECT_EQ(Where(d[0]), "tables/cells.csv:2:3");
  // An empty interval written on purpose is caught as well.
  const std::vector<Diagnostic> e = Lint(EligibilityPack(
      "never", "rule_id,fine_amount,effective_from,effective_to,status,source\n"
               "R1,[5..5),-,-,not_shown,s\nR2,-,-,-,not_shown,s\n"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].code, "never-matches");
  EXPECT_EQ(Where(e[0]), "tables/main.csv:2:2");
}

TEST(Lint, UnusedCatalogueEntriesAreWarnings) {
  const Pack p = MustLoad(WritePackFiles(
      "unused",
      {{"manifest.ini", "[pack]\nname = t\n[table main]\nfile = tables/main.csv\ndecision = eligibility\n"},
       {"enums.csv",
        "domain,code,zh,en\nplatform,cc,,\ndepartment,samr,,\nrecord_kind,penalty,,\n"
        "severity,minor,,\npenalty,fine,,\nprocedure,ordinary,,\nsector,general,,\nentity_status,active,,\n"},
       {"materials.csv", "code,kind,zh,en\nlonely,raw,,\ntarget,canonical,,\n"},
       {"material_map.csv", "raw,canonical,effective_from,effective_to\n"},
       {"alerts.csv", "code,scope,severity,zh,en\nquiet,record,info,,\n"},
       {"holidays.csv", "date,kind\n"},
       {"tables/main.csv", "rule_id,effective_from,effective_to,status,source\nR1,-,-,not_shown,s\n"}}));
  const std::vector<Diagnostic> d = Lint(p);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].code, "unused-alert");
  EXPECT_EQ(Where(d[0]), "alerts.csv:2:1");
  EXPECT_EQ(d[1].code, "unused-material");
  EXPECT_EQ(d[1].value, "lonely");
  EXPECT_EQ(d[2].value, "target");
}

TEST(Lint, CapLimitsTheResult) {
  EXPECT_EQ(Lint(MustLoad(kPacks + "/planted"), 2).size(), 2u);
}

}  // namespace
}  // namespace xiufu
