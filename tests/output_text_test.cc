// Tests for include/xiufu/output_text.h: an output file formatted and written on several threads
// is byte for byte the text one thread makes — for made-up rows of uneven length, and for the
// district files of `xiufu run` (decisions, entities, alerts, plans) over several chunks.
#include "xiufu/output_text.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/pack_edits.h"
#include "support/random_population.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/plans_report.h"
#include "xiufu/report.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/output_text_test." + std::to_string(getpid()) + "." + name;
}

// Item i gives i % 13 copies of "<i>;" and a newline: chunks of very different sizes.
OutputText Lines(size_t items, size_t chunk) {
  OutputText t;
  t.head = "head\n";
  t.items = items;
  t.chunk = chunk;
  t.rows = [](size_t lo, size_t hi, std::string* out) {
    for (size_t i = lo; i < hi; ++i) {
      for (size_t k = 0; k < i % 13; ++k) *out += std::to_string(i) + ";";
      *out += "\n";
    }
  };
  return t;
}

std::string LinesByHand(size_t items) {
  std::string s = "head\n";
  for (size_t i = 0; i < items; ++i) {
    for (size_t k = 0; k < i % 13; ++k) s += std::to_string(i) + ";";
    s += "\n";
  }
  return s;
}

TEST(OutputTextTest, FormatAndWriteGiveTheSameBytesOnAnyThreadCount) {
  const std::string want = LinesByHand(10'000);
  const std::string path = TempPath("lines");
  for (size_t chunk : {1, 7, 256, 10'000, 20'000}) {
    const OutputText t = Lines(10'000, chunk);
    for (int threads : {1, 2, 3, 0}) {
      EXPECT_EQ(FormatOutput(t, threads), want) << "chunk " << chunk << ", threads " << threads;
      ASSERT_TRUE(WriteOutput(path, t, threads).ok());
      EXPECT_EQ(Slurp(path), want) << "chunk " << chunk << ", threads " << threads;
    }
  }
  std::remove(path.c_str());
}

TEST(OutputTextTest, NoItemsIsTheHeadAlone) {
  const OutputText t = Lines(0, 64);
  EXPECT_EQ(FormatOutput(t, 2), "head\n");
  const std::string path = TempPath("empty");
  ASSERT_TRUE(WriteOutput(path, t, 2).ok());
  EXPECT_EQ(Slurp(path), "head\n");
  std::remove(path.c_str());
  // A chunk of 0 items is taken as 1.
  EXPECT_EQ(FormatOutput(Lines(5, 0), 2), LinesByHand(5));
}

TEST(OutputTextTest, WriteFailsNamingThePath) {
  const std::string path = TempPath("no-such-dir") + "/decisions.csv";
  const absl::Status st = WriteOutput(path, Lines(100, 8), 2);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(std::string(st.message()), HasSubstr(path));
}

TEST(OutputTextTest, WriteReplacesTheOldFileWholeOrNotAtAll) {
  const std::string path = TempPath("replace");
  {
    std::ofstream old(path, std::ios::binary);
    old << "the old file\n";
  }
  ASSERT_TRUE(WriteOutput(path, Lines(300, 16), 2).ok());
  EXPECT_EQ(Slurp(path), LinesByHand(300));
  EXPECT_FALSE(std::ifstream(path + ".partial").good());  // nothing left beside it
  // When the new text cannot be written (here: its partial file's name is taken by a
  // directory), the file that was there stays as it was.
  ASSERT_EQ(mkdir((path + ".partial").c_str(), 0700), 0);
  const absl::Status st = WriteOutput(path, Lines(10, 4), 2);
  EXPECT_FALSE(st.ok());
  EXPECT_THAT(std::string(st.message()), HasSubstr(path));
  EXPECT_EQ(Slurp(path), LinesByHand(300));
  rmdir((path + ".partial").c_str());
  std::remove(path.c_str());
}

// The files of `xiufu run` for a district of several chunks of entities (2,048 each), with
// every status, alerts and plans: the same bytes from one thread, from two, and written.
TEST(OutputTextTest, DistrictFilesAreTheSameOnAnyThreadCount) {
  const DecisionTable table = testing::CompileOk(testing::GongshuPack());
  const Date as_of = *ParseDate("2026-06-30");
  const Population pop = testing::RandomPopulation(table, 5'000, 11, as_of);
  BatchResult batch;
  ASSERT_TRUE(EvaluateBatch(table, pop, as_of, batch, 2).ok());
  const std::vector<RepairPlan> plans = PlanDistrict(table, pop, batch, as_of, 2);
  ASSERT_GT(plans.size(), 256u);  // several chunks of plans too
  const CsvStyle style;
  const std::pair<const char*, OutputText> files[] = {
      {"decisions.csv", DecisionsCsvOutput(table, pop, batch, as_of, style)},
      {"decisions.jsonl", DecisionsJsonlOutput(table, pop, batch, as_of)},
      {"entities.csv", EntityResultsCsvOutput(table, pop, batch, style)},
      {"alerts.csv", AlertsCsvOutput(table, pop, batch, as_of, style)},
      {"plans.csv", PlansCsvOutput(table, pop, plans, style)},
  };
  for (const auto& [name, text] : files) {
    ASSERT_GT(text.items, text.chunk) << name;
    const std::string one = FormatOutput(text, 1);
    EXPECT_GT(std::count(one.begin(), one.end(), '\n'), 1000) << name;
    EXPECT_EQ(FormatOutput(text, 2), one) << name;
    const std::string path = TempPath(name);
    ASSERT_TRUE(WriteOutput(path, text, 2).ok()) << name;
    EXPECT_EQ(Slurp(path), one) << name;
    std::remove(path.c_str());
  }
  // The string forms are the same text.
  EXPECT_EQ(DecisionsCsv(table, pop, batch, as_of, style, 2),
            FormatOutput(files[0].second, 1));
  EXPECT_EQ(DecisionsJsonl(table, pop, batch, as_of, 2), FormatOutput(files[1].second, 1));
  EXPECT_EQ(EntityResultsCsv(table, pop, batch, style, 2), FormatOutput(files[2].second, 1));
  EXPECT_EQ(AlertsCsv(table, pop, batch, as_of, style, 2), FormatOutput(files[3].second, 1));
  EXPECT_EQ(PlansCsv(table, pop, plans, style, 2), FormatOutput(files[4].second, 1));
}

}  // namespace
}  // namespace xiufu
