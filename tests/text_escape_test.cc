// Tests for the output files' field writers: AppendCsvField (src/base/csv_write.h) quotes a field
// exactly when it holds ',', '"', CR or LF, and AppendJsonString (xiufu/runtime/json_string.h)
// escapes quotes, backslashes and control characters and passes UTF-8 through.
#include <string>

#include "base/csv_write.h"
#include "gtest/gtest.h"
#include "xiufu/runtime/json_string.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

std::string Csv(std::string_view s) {
  std::string out = "[";
  AppendCsvField(&out, s);
  return out + "]";
}

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

TEST(TextEscapeTest, CsvFieldQuotedOnlyForTheFourSpecials) {
  EXPECT_EQ(Csv(""), "[]");
  EXPECT_EQ(Csv("eligible_now"), "[eligible_now]");
  EXPECT_EQ(Csv("2025-05-01起可申请；信用中国"), "[2025-05-01起可申请；信用中国]");
  // Bytes that are not specials, below and above them: tab, '!', '#', '+', '-', '<', DEL, 0xFF.
  EXPECT_EQ(Csv("a\tb!#+-<\x7f\xff"), "[a\tb!#+-<\x7f\xff]");
  EXPECT_EQ(Csv("a,b"), "[\"a,b\"]");
  EXPECT_EQ(Csv("say \"hi\""), "[\"say \"\"hi\"\"\"]");
  EXPECT_EQ(Csv("line\nnext"), "[\"line\nnext\"]");
  EXPECT_EQ(Csv("cr\r"), "[\"cr\r\"]");
  EXPECT_EQ(Csv("\""), "[\"\"\"\"]");
  // A special as the last byte, after a long plain run.
  EXPECT_EQ(Csv(std::string(100, 'x') + ","), "[\"" + std::string(100, 'x') + ",\"]");
}

// Both writers look at eight bytes at a time: each special at every offset of a 40-byte field
// of plain ASCII and of UTF-8, and bytes just around the specials (0x1F/0x20, '!' and '#'
// around '"', '+'/'-' around ',', '[' and ']' around '\\'), which must not trigger.
TEST(TextEscapeTest, SpecialsFoundAtEveryOffset) {
  for (const std::string& base : {std::string(40, 'x'), std::string("信用修复一件事，拱墅区信用管家。")}) {
    const std::string around = "\x20!#+-[]\x7f";
    for (char special : {',', '"', '\r', '\n', '\\', '\x01', '\x1f'}) {
      for (size_t at = 0; at < base.size(); ++at) {
        SCOPED_TRACE(::testing::Message() << "special " << int(special) << " at " << at);
        std::string s = base;
        s[at] = special;
        const bool csv_special = special == ',' || special == '"' || special == '\r' ||
                                 special == '\n';
        std::string csv;
        AppendCsvField(&csv, s);
        EXPECT_EQ(csv.front() == '"', csv_special);
        std::string json;
        AppendJsonString(&json, s);
        // Escaped (longer than the quotes and the text) unless a comma, which JSON leaves.
        EXPECT_EQ(json.size() > s.size() + 2, special != ',');
        // The same field with a harmless byte instead: written as is.
        s[at] = around[at % around.size()];
        csv.clear();
        AppendCsvField(&csv, s);
        EXPECT_EQ(csv, s);
        json.clear();
        AppendJsonString(&json, s);
        EXPECT_EQ(json, "\"" + s + "\"");
      }
    }
  }
}

TEST(TextEscapeTest, JsonStringEscapesWhatJsonRequires) {
  EXPECT_EQ(Json(""), "\"\"");
  EXPECT_EQ(Json("plain text"), "\"plain text\"");
  EXPECT_EQ(Json("信用修复"), "\"信用修复\"");
  EXPECT_EQ(Json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Json("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(Json(std::string("\x01x\x1f", 3)), "\"\\u0001x\\u001f\"");
  EXPECT_EQ(Json(std::string("nul\0end", 7)), "\"nul\\u0000end\"");
  // Not escaped: '/', DEL, UTF-8 bytes; escapes at the start, in the middle and at the end.
  EXPECT_EQ(Json("a/b\x7f"), "\"a/b\x7f\"");
  EXPECT_EQ(Json("\"mid\"dle\""), "\"\\\"mid\\\"dle\\\"\"");
}

}  // namespace
}  // namespace xiufu
