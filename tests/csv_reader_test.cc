#include "base/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xiufu {
namespace {

using ::testing::ElementsAre;

TEST(CsvReader, PlainRowsWithLineNumbers) {
  const CsvFile f = ParseCsv("a,b,c\n1,2,3\n");
  ASSERT_TRUE(f.errors.empty());
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_EQ(f.rows[0].line, 1);
  EXPECT_THAT(f.rows[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_EQ(f.rows[1].line, 2);
  EXPECT_THAT(f.rows[1].fields, ElementsAre("1", "2", "3"));
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  const CsvFile f = ParseCsv("id,text\nR1,\"fine, confiscation\"\nR2,\"say \"\"hi\"\"\"\n"
                             "R3,\"two\nlines\",x\nR4,after\n");
  ASSERT_TRUE(f.errors.empty());
  ASSERT_EQ(f.rows.size(), 5u);
  EXPECT_THAT(f.rows[1].fields, ElementsAre("R1", "fine, confiscation"));
  EXPECT_THAT(f.rows[2].fields, ElementsAre("R2", "say \"hi\""));
  EXPECT_THAT(f.rows[3].fields, ElementsAre("R3", "two\nlines", "x"));
  EXPECT_EQ(f.rows[3].line, 4);
  EXPECT_EQ(f.rows[3].FieldLine(1), 4);
  EXPECT_EQ(f.rows[3].FieldLine(2), 5);  // starts after the embedded line break
  EXPECT_EQ(f.rows[4].line, 6);          // physical lines keep counting
  EXPECT_THAT(f.rows[4].fields, ElementsAre("R4", "after"));
}

TEST(CsvReader, BomCrlfEmptyLinesAndMissingFinalNewline) {
  const CsvFile f = ParseCsv("\xEF\xBB\xBFh1,h2\r\n\r\nx,\r\n\n,y");
  ASSERT_TRUE(f.errors.empty());
  ASSERT_EQ(f.rows.size(), 3u);
  EXPECT_THAT(f.rows[0].fields, ElementsAre("h1", "h2"));  // BOM stripped
  EXPECT_EQ(f.rows[1].line, 3);
  EXPECT_THAT(f.rows[1].fields, ElementsAre("x", ""));  // trailing comma: empty last field
  EXPECT_EQ(f.rows[2].line, 5);
  EXPECT_THAT(f.rows[2].fields, ElementsAre("", "y"));
}

TEST(CsvReader, CrlfInsideQuotesIsKept) {
  const CsvFile f = ParseCsv("\"a\r\nb\",c\r\nd,e\r\n");
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_THAT(f.rows[0].fields, ElementsAre("a\r\nb", "c"));
  EXPECT_EQ(f.rows[1].line, 3);
}

TEST(CsvReader, FieldsAreNotTrimmed) {
  const CsvFile f = ParseCsv(" a , b \n");
  EXPECT_THAT(f.rows[0].fields, ElementsAre(" a ", " b "));
}

TEST(CsvReader, UnterminatedQuoteIsReportedWhereItOpens) {
  const CsvFile f = ParseCsv("a,b\nx,\"open\ny,z\n");
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(f.errors[0].line, 2);
  EXPECT_EQ(f.errors[0].column, 2);
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_THAT(f.rows[1].fields, ElementsAre("x", "open\ny,z\n"));
}

TEST(CsvReader, TextAfterClosingQuoteIsReportedAndKept) {
  const CsvFile f = ParseCsv("\"ab\"c,d\n");
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(f.errors[0].line, 1);
  EXPECT_EQ(f.errors[0].column, 1);
  EXPECT_THAT(f.rows[0].fields, ElementsAre("abc", "d"));
}

TEST(CsvReader, IncrementalReaderMatchesWholeFile) {
  const std::string text = "h\n\"1\n2\",3\n\nlast";
  CsvReader reader(text);
  CsvRow row;
  std::vector<int> lines;
  std::vector<size_t> sizes;
  while (reader.Next(&row)) {
    lines.push_back(row.line);
    sizes.push_back(row.size());
  }
  EXPECT_THAT(lines, ElementsAre(1, 2, 5));
  EXPECT_THAT(sizes, ElementsAre(1u, 2u, 1u));
  EXPECT_TRUE(reader.errors().empty());
  EXPECT_FALSE(reader.Next(&row));
}

TEST(CsvReader, EmptyInputHasNoRows) {
  EXPECT_TRUE(ParseCsv("").rows.empty());
  EXPECT_TRUE(ParseCsv("\xEF\xBB\xBF").rows.empty());
  EXPECT_TRUE(ParseCsv("\n\r\n").rows.empty());
}

}  // namespace
}  // namespace xiufu
