// Tests for the output files' field writers: AppendCsvField (src/base/csv_write.h) quotes a field
// exactly when it holds ',', '"', CR or LF, and AppendJsonString (xiufu/runtime/json_string.h)
// escapes quotes, backslashes and control characters and passes UTF-8 through.
#include <string>

#include "base/csv_write.h"
#include "gtest/gtest.h"
#include "xiufu/runtime/json_string.h"

namespace xiufu {
namespace {

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
