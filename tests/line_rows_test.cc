// Tests for ScanLineRows / CutAtLines (src/io/line_rows.h): the lines the population reader
// splits on its threads give the rows, fields and lines CsvReader gives, and the split stops
// exactly where CsvReader's rules need more than one line.
#include "io/line_rows.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv_reader.h"
#include "gtest/gtest.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

struct Row {
  int line;
  std::vector<std::string> fields;
  friend bool operator==(const Row&, const Row&) = default;
};

std::vector<Row> Scanned(const LineRows& lr, int first_line) {
  std::vector<Row> out;
  for (size_t i = 0; i < lr.rows(); ++i) {
    Row r{first_line + static_cast<int>(lr.line_offset[i]), {}};
    for (size_t k = 0; k < lr.width(i); ++k) r.fields.emplace_back(lr.row(i)[k]);
    out.push_back(r);
  }
  return out;
}

// CsvReader's rows of text from `pos` (line 1) that start before `until`.
std::vector<Row> ReadRows(std::string_view text, char sep, size_t until) {
  CsvReader reader(text, sep, 0, 1);
  std::vector<Row> out;
  CsvRow row;
  while (true) {
    // Skip what Next would skip, to see where the next row starts.
    size_t p = reader.pos();
    while (p < text.size() && (text[p] == '\n' || text[p] == '\r')) ++p;
    if (p >= until) break;
    if (!reader.Next(&row)) break;
    out.push_back({row.line, row.fields});
  }
  return out;
}

TEST(LineRowsTest, HandPickedLines) {
  const std::string text =
      "a,b,c\n"
      "\n"
      "\"q,1\",\"he said \"\"hi\"\"\",\r\n"
      "\"\",x,\"\"\"\"\n"
      "last,\"\"";
  LineRows lr;
  ScanLineRows(text, 0, text.size(), ',', &lr);
  EXPECT_EQ(lr.stop, std::string_view::npos);
  EXPECT_EQ(lr.lines, 5u);
  const std::vector<Row> want = {{1, {"a", "b", "c"}},
                                 {3, {"q,1", "he said \"hi\"", ""}},
                                 {4, {"", "x", "\""}},
                                 {5, {"last", ""}}};
  EXPECT_EQ(Scanned(lr, 1), want);
  EXPECT_EQ(ReadRows(text, ',', text.size()), want);
}

TEST(LineRowsTest, StopsWhereALineNeedsMore) {
  struct Case {
    std::string text;
    size_t stop;  // offset of the line the split leaves to CsvReader
  };
  const std::vector<Case> cases = {
      {"a,b\n\"open\nclosed\",c\n", 4},    // a quoted line break
      {"a,b\nx,\"never closed\n", 4},      // a quote not closed
      {"a,b\n\"12\"x,c\nd,e\n", 4},          // text after a closing quote
      {"a,b\nc\rd,e\n", 4},                // a lone CR ends a line
      {"a,b\nc,d\r", 4},                   // a CR at the very end
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    LineRows lr;
    ScanLineRows(c.text, 0, c.text.size(), ',', &lr);
    EXPECT_EQ(lr.stop, c.stop);
    EXPECT_EQ(lr.lines, 1u);
    EXPECT_EQ(Scanned(lr, 1), (std::vector<Row>{{1, {"a", "b"}}}));
  }
}

// Random text of short fields (separators, quotes, doubled quotes, CR, LF, blank lines): the
// split's rows equal CsvReader's up to where the split stopped, and a split stops only at a
// line whose row CsvReader reads differently from one line alone.
TEST(LineRowsTest, RandomTextAgreesWithCsvReader) {
  std::mt19937 rng(20261129);
  const char* pieces[] = {"a", "bc", "中", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n", "\r", " ", "\t"};
  size_t stopped = 0, whole = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = std::uniform_int_distribution<int>(0, 24)(rng);
    for (int i = 0; i < n; ++i) {
      text += pieces[std::uniform_int_distribution<size_t>(0, std::size(pieces) - 1)(rng)];
    }
    const char sep = round % 5 == 0 ? '\t' : ',';
    LineRows lr;
    ScanLineRows(text, 0, text.size(), sep, &lr);
    const size_t until = lr.stop == std::string_view::npos ? text.size() : lr.stop;
    SCOPED_TRACE(::testing::Message() << "text '" << text << "'");
    ASSERT_EQ(Scanned(lr, 1), ReadRows(text, sep, until));
    if (lr.stop != std::string_view::npos) {
      ++stopped;
      // Where it stopped, CsvReader's row is not what one line alone splits to: it spans lines,
      // reports an error, or the line holds a lone CR.
      CsvReader reader(text, sep, lr.stop, 1 + static_cast<int>(lr.lines));
      CsvRow row;
      const bool read = reader.Next(&row);
      const size_t nl = text.find('\n', lr.stop);
      const std::string_view line = std::string_view(text).substr(
          lr.stop, nl == std::string::npos ? std::string::npos : nl - lr.stop);
      const bool spans = nl != std::string::npos && reader.pos() > nl + 1;  // past its line
      EXPECT_TRUE(!reader.errors().empty() || spans || line.find('\r') != std::string_view::npos)
          << "stopped at offset " << lr.stop << " (line " << 1 + lr.lines
          << "), a line CsvReader reads alone (row read: " << read << ")";
    } else {
      ++whole;
    }
  }
  EXPECT_GT(stopped, 1000u);
  EXPECT_GT(whole, 1000u);
}

TEST(LineRowsTest, PiecesEndAfterALineBreak) {
  const std::string text = "h\naaaa\nbb\n\ncccccc\nd";
  for (size_t bytes : {1, 2, 3, 5, 100}) {
    SCOPED_TRACE(bytes);
    const std::vector<size_t> cuts = CutAtLines(text, 2, bytes);
    ASSERT_GE(cuts.size(), 2u);
    EXPECT_EQ(cuts.front(), 2u);
    EXPECT_EQ(cuts.back(), text.size());
    for (size_t i = 1; i + 1 < cuts.size(); ++i) {
      EXPECT_EQ(text[cuts[i] - 1], '\n');
      EXPECT_GE(cuts[i] - cuts[i - 1], std::min(bytes, text.size() - cuts[i - 1]));
    }
    // The pieces' rows, joined, are the whole text's.
    std::vector<Row> joined;
    int line = 2;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      LineRows lr;
      ScanLineRows(text, cuts[i], cuts[i + 1], ',', &lr);
      for (const Row& r : Scanned(lr, line)) joined.push_back(r);
      line += static_cast<int>(lr.lines);
    }
    EXPECT_EQ(joined, (std::vector<Row>{{2, {"aaaa"}}, {3, {"bb"}}, {5, {"cccccc"}}, {6, {"d"}}}));
  }
}

}  // namespace
}  // namespace xiufu
