#include "base/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

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

TEST(CsvReader, UnterminatedQuoteIsClosedAtItsLineEnd) {
  // Never closed: the field ends with its line, and the next lines are rows of their own.
  const CsvFile f = ParseCsv("a,b\nx,\"open\ny,z\nu,v\n");
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(f.errors[0].line, 2);
  EXPECT_EQ(f.errors[0].column, 2);
  EXPECT_THAT(f.errors[0].message, HasSubstr("not closed"));
  ASSERT_EQ(f.rows.size(), 4u);
  EXPECT_THAT(f.rows[1].fields, ElementsAre("x", "open"));
  EXPECT_THAT(f.rows[2].fields, ElementsAre("y", "z"));
  EXPECT_EQ(f.rows[3].line, 4);
}

TEST(CsvReader, StrayQuoteClosedByALaterLineWithTextAfterIt) {
  // The quote on line 2 pairs with one on line 4 that is followed by text: a stray quote, so
  // line 2 ends its row and lines 3 and 4 are read as rows (the quote in 4 is plain text).
  const CsvFile f = ParseCsv("h1,h2\nx,\"a\nb,c\nd,e\"f\n");
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(f.errors[0].line, 2);
  ASSERT_EQ(f.rows.size(), 4u);
  EXPECT_THAT(f.rows[1].fields, ElementsAre("x", "a"));
  EXPECT_THAT(f.rows[2].fields, ElementsAre("b", "c"));
  EXPECT_THAT(f.rows[3].fields, ElementsAre("d", "e\"f"));
  EXPECT_EQ(f.rows[3].line, 4);
}

TEST(CsvReader, TabSeparator) {
  CsvReader reader("a\tb\n\"x\ty\"\tz\n", '\t');
  CsvRow row;
  ASSERT_TRUE(reader.Next(&row));
  ASSERT_TRUE(reader.Next(&row));
  EXPECT_THAT(row.fields, ElementsAre("x\ty", "z"));
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
