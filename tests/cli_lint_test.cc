// Runs the built `xiufu lint` on the example and planted packs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cli_run.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;

xiufu::testing::CliRun Lint(const std::string& args) { return xiufu::testing::RunCli("lint " + args); }

const std::string kPacks = std::string(XIUFU_SOURCE_DIR) + "/tests/data/packs";

class CliLint : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(XIUFU_CLI)) GTEST_SKIP() << "CLI not built: " << XIUFU_CLI;
  }
};

TEST_F(CliLint, MiniPackIsClean) {
  const xiufu::testing::CliRun r = Lint(std::string(XIUFU_SOURCE_DIR) + "/examples/packs/mini");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("mini: 0 errors, 0 warnings"));
}

TEST_F(CliLint, PlantedMistakesAreReportedWhereTheyAre) {
  const std::string dir = kPacks + "/planted";
  const xiufu::testing::CliRun r = Lint(dir);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  for (const char* where : {
           "/tables/cells.csv:1:7: error: unknown column 'bogus_column'",  // unknown column
           "/tables/cells.csv:2:3: error: 'fin' is not a code",            // unknown enum code
           "/tables/cells.csv:3:4: error: '2025-02-30' is not a calendar day",  // bad date
           "/tables/cells.csv:4:5: error: '3x'",                           // bad duration
           "/tables/cells.csv:5:6: error: '3m': fine_amount is a whole number",  // type error
           "/tables/cells.csv:6:1: error: rule id 'R-01' is already used",  // duplicate id
           "/tables/cells.csv:7:11: error: every rule needs its legal basis",  // missing source
           "/tables/rules.csv:4:1: error: rule 'R-03' can never fire",      // shadowed by two
           "/tables/severity.csv:1:1: error: table 'severity' is declared complete",  // gap
       }) {
    EXPECT_THAT(r.output, HasSubstr(dir + where));
  }
  EXPECT_THAT(r.output, HasSubstr("planted: 9 errors, 4 warnings"));
}

TEST_F(CliLint, PlantedUniqueOverlap) {
  const std::string dir = kPacks + "/planted_unique";
  const xiufu::testing::CliRun r = Lint(dir + "/");  // a trailing slash is fine
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr(dir + "/tables/rules.csv:5:1: error: rules 'U-03'"));
  EXPECT_THAT(r.output, HasSubstr("(overlap)"));
}

TEST_F(CliLint, UsageAndIoFailures) {
  EXPECT_EQ(Lint("").exit_code, 2);
  EXPECT_EQ(Lint("a b").exit_code, 2);
  const xiufu::testing::CliRun missing = Lint("/nonexistent/xiufu/pack");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.output, HasSubstr("/nonexistent/xiufu/pack/manifest.ini"));
}

}  // namespace
