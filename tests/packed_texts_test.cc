// Tests for PackedTexts (include/xiufu/runtime/packed_texts.h), the column of names and record
// ids: every way of writing a row reads back as written — appended, set again, moved, many rows
// at once on threads, texts of 16 MiB and more, a row set from another row of the same column
// — against a std::vector<std::string> written the same way; copies are deep; equality is by
// the texts, not by where they lie in the buffer.
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "xiufu/runtime/packed_texts.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::ElementsAre;

void ExpectRows(const PackedTexts& got, const std::vector<std::string>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << "row " << i;
}

TEST(PackedTextsTest, RowsReadBackAsWritten) {
  PackedTexts c;
  EXPECT_TRUE(c.empty());
  c.push_back("杭州拱墅吉祥商贸有限公司");
  c.emplace_back();
  c.push_back("R1");
  EXPECT_THAT(c, ElementsAre("杭州拱墅吉祥商贸有限公司", "", "R1"));
  c.Set(1, "乙");   // an empty row set
  c.Set(0, "甲");   // a row set again: the new text, the old one's bytes unused
  c.Move(2, 0);     // row 0 takes row 2's text; row 2 keeps it
  EXPECT_THAT(c, ElementsAre("R1", "乙", "R1"));
  c.resize(5);      // new rows are empty
  EXPECT_THAT(c, ElementsAre("R1", "乙", "R1", "", ""));
  c.resize(2);
  EXPECT_THAT(c, ElementsAre("R1", "乙"));
  c.clear();
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.Bytes(), 0u);
  c.push_back("again");
  EXPECT_THAT(c, ElementsAre("again"));
}

TEST(PackedTextsTest, ARowSetFromAnotherRowOfTheColumn) {
  PackedTexts c;
  c.push_back("first text of the column");
  c.emplace_back();
  // Each Set grows the buffer, which may move it: the text read from the column must be
  // copied from where it is then.
  for (int round = 0; round < 200; ++round) c.Set(1, c[round % 2]);
  EXPECT_THAT(c, ElementsAre("first text of the column", "first text of the column"));
}

TEST(PackedTextsTest, TextsOf16MiBAndMore) {
  const size_t kLong = (size_t{1} << 24) - 1;  // the first length stored before its text
  std::string a(kLong, 'a'), b(kLong + 100, 'b');
  a[12345] = 'x';
  b.back() = 'y';
  PackedTexts c;
  c.push_back("short");
  c.push_back(a);
  c.push_back(std::string(kLong - 1, 'c'));  // the longest length held in the row itself
  c.push_back(b);
  c.push_back("tail");
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0], "short");
  EXPECT_EQ(c[1], a);
  EXPECT_EQ(c[2], std::string(kLong - 1, 'c'));
  EXPECT_EQ(c[3], b);
  EXPECT_EQ(c[4], "tail");
  PackedTexts d;
  d.resize(5);
  const std::vector<std::string_view> views = {c[0], c[1], c[2], c[3], c[4]};
  d.SetRows(0, views, 3);
  EXPECT_EQ(d, c);
}

// Random texts, some empty, some long, many repeated.
std::vector<std::string> RandomTexts(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t kind = rng() % 10;
    if (kind == 0) {
      out.emplace_back();
    } else if (kind == 1) {
      out.emplace_back(200 + rng() % 3000, static_cast<char>('a' + rng() % 26));
    } else {
      out.push_back("企业" + std::to_string(rng() % 5000));
    }
  }
  return out;
}

TEST(PackedTextsTest, ManyRowsAtOnceOnThreadsAsOneByOne) {
  const std::vector<std::string> texts = RandomTexts(20000, 7);
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  for (int threads : {1, 2, 3}) {
    SCOPED_TRACE(threads);
    // Rows before and after the range, and a range set twice: the second write wins.
    PackedTexts c;
    c.push_back("before");
    c.resize(1 + texts.size());
    c.push_back("after");
    c.SetRows(1, views, threads);
    const std::vector<std::string_view> reversed(views.rbegin(), views.rend());
    c.SetRows(1, absl::MakeConstSpan(reversed).subspan(0, 1000), threads);
    std::vector<std::string> want = {"before"};
    for (size_t i = 0; i < texts.size(); ++i) want.push_back(i < 1000 ? std::string(reversed[i]) : texts[i]);
    want.push_back("after");
    ExpectRows(c, want);
  }
}

TEST(PackedTextsTest, CopiesAreDeepAndEqualityIsByText) {
  const std::vector<std::string> texts = RandomTexts(3000, 11);
  PackedTexts a;
  for (const std::string& t : texts) a.push_back(t);
  // The same texts written in another order: another buffer layout, equal columns.
  PackedTexts b;
  b.resize(texts.size());
  for (size_t i = texts.size(); i-- > 0;) b.Set(i, texts[i]);
  EXPECT_EQ(a, b);
  EXPECT_NE(a.Bytes(), 0u);
  PackedTexts copy = a;
  a.Set(0, "changed");
  a.clear();
  a.push_back("other");
  ExpectRows(copy, texts);
  EXPECT_EQ(copy, b);
  EXPECT_FALSE(copy == a);
  b.Set(texts.size() - 1, texts.back() + "!");
  EXPECT_FALSE(copy == b);
}

}  // namespace
}  // namespace xiufu
