// Tests for CodeSet::Find (include/xiufu/runtime/dictionary.h): every code and every
// unambiguous label finds its id, anything else -1 — keys of every length, keys alike in length
// and in their first and last eight bytes, labels with and without their parenthetical, and a
// copy of the set.
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "xiufu/runtime/dictionary.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

TEST(CodeSetTest, FindsEveryCodeAndLabelAndNothingElse) {
  const std::vector<std::string> codes = {
      "a",        "active",   "general",           "eight_by",          "nine_byte",
      "credit_zhejiang",      "credit_hangzhou_x", "aaaaaaaa_X_bbbbbbbb", "aaaaaaaa_Y_bbbbbbbb",
      "a_much_longer_code_than_the_others_are_here"};
  const std::vector<std::string> labels = {"", "存续（在营）", "一般", "", "", "信用浙江", "",
                                           "甲", "乙", "长"};
  absl::StatusOr<CodeSet> made = CodeSet::Make("test", codes, labels, 64);
  ASSERT_TRUE(made.ok()) << made.status();
  std::optional<CodeSet> original(*made);
  const CodeSet copy = *original;  // a copy answers alike once the original is gone
  original.reset();
  for (const CodeSet* set : {static_cast<const CodeSet*>(&*made), &copy}) {
    for (size_t i = 0; i < codes.size(); ++i) EXPECT_EQ(set->Find(codes[i]), static_cast<int>(i));
    EXPECT_EQ(set->Find("存续（在营）"), 1);
    EXPECT_EQ(set->Find("存续"), 1);  // the label without its parenthetical
    EXPECT_EQ(set->Find("一般"), 2);
    EXPECT_EQ(set->Find("信用浙江"), 5);
    EXPECT_EQ(set->Find("乙"), 8);
    for (const char* unknown :
         {"", "b", "activ", "actives", "Active", "general ", "eight_bz", "nine_bytf",
          "credit_zhejiang_", "redit_zhejiang", "aaaaaaaa_Z_bbbbbbbb", "aaaaaaaa__bbbbbbbb",
          "a_much_longer_code_than_the_others_are_herf", "存", "（在营）"}) {
      EXPECT_EQ(set->Find(unknown), -1) << unknown;
    }
  }
}

TEST(CodeSetTest, AmbiguousLabelsAreNotNamesAndAFullDomainIsFound) {
  // "公开" is two values' label: ambiguous, not accepted; "b" as a label is another code.
  absl::StatusOr<CodeSet> set =
      CodeSet::Make("test", {"a", "b", "c"}, {"公开", "公开", "b"}, 8);
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->Find("公开"), -1);
  EXPECT_EQ(set->Find("b"), 1);  // the code, not c's label
  EXPECT_EQ(set->Find("c"), 2);
  std::vector<std::string> many;
  for (int i = 0; i < 64; ++i) many.push_back("value_" + std::to_string(i * 7919));
  absl::StatusOr<CodeSet> full = CodeSet::Make("many", many, {}, 64);
  ASSERT_TRUE(full.ok()) << full.status();
  for (int i = 0; i < 64; ++i) EXPECT_EQ(full->Find(many[i]), i) << many[i];
  EXPECT_EQ(full->Find("value_"), -1);
  EXPECT_EQ(full->Find("value_1"), -1);
}

}  // namespace
}  // namespace xiufu
