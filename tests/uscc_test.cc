#include "xiufu/runtime/uscc.h"

#include <gtest/gtest.h>

namespace xiufu {
namespace XIUFU_UNITY_ID {

TEST(UsccTest, AcceptsRealFormatCodes) {
  for (const char* code : {"91350200MA31E12PXF", "91440101MA5CJQ4N59"}) {
    EXPECT_TRUE(ValidateUscc(code).ok()) << code << ": " << ValidateUscc(code);
  }
}

TEST(UsccTest, CheckCharacterMatchesWeights) {
  EXPECT_EQ(UsccCheckChar("91350200MA31E12PX"), 'F');
  EXPECT_EQ(UsccCheckChar("91440101MA5CJQ4N5"), '9');
}

TEST(UsccTest, RejectsWithReason) {
  EXPECT_NE(ValidateUscc("91350200MA31E12PX0").message().find("check character"), std::string::npos);
  EXPECT_NE(ValidateUscc("91350200MA31E12PX").message().find("17 characters"), std::string::npos);
  EXPECT_NE(ValidateUscc("91350200MA3IE12PXF").message().find("character 12"), std::string::npos);
  EXPECT_NE(ValidateUscc("9135A200MA31E12PXF").message().find("character 5"), std::string::npos);
  // The known legacy anomaly fails the position-18 check (facts §6).
  EXPECT_FALSE(ValidateUscc("91350203M0001QAY9B").ok());
}

// UsccScan (one pass, vectorised where the target has SSE2) agrees with UsccSyntaxOk and
// UsccValid: every byte at every position of valid codes, random codes of the charset and
// near it, other lengths.
TEST(UsccTest, ScanAgreesWithSyntaxAndCheck) {
  auto agree = [](const std::string& code) {
    bool check = false;
    const bool ok = UsccScan(code, &check);
    ASSERT_EQ(ok, UsccSyntaxOk(code)) << code;
    if (ok) {
      ASSERT_EQ(check, UsccValid(code)) << code;
    }
  };
  for (const std::string valid : {"91350200MA31E12PXF", "91440101MA5CJQ4N59", "92330105WXY0000001"}) {
    for (size_t i = 0; i < valid.size(); ++i) {
      for (int b = 0; b < 256; ++b) {
        std::string code = valid;
        code[i] = static_cast<char>(b);
        agree(code);
      }
    }
    agree(valid.substr(0, 17));
    agree(valid + "0");
  }
  const std::string alphabet = std::string(kUsccCharset) + "IOSVZaz \x80\xff";
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(state >> 33);
  };
  for (int k = 0; k < 200000; ++k) {
    std::string code(18, '0');
    for (size_t i = 0; i < 18; ++i) {
      // Mostly charset characters (so many codes pass the syntax and reach the check).
      const size_t n = next() % 8 == 0 ? alphabet.size() : kUsccCharset.size();
      code[i] = alphabet[next() % n];
      if (i >= 2 && i < 8 && next() % 4 != 0) code[i] = static_cast<char>('0' + next() % 10);
    }
    agree(code);
  }
}

TEST(UsccTest, KindFromPrefix) {
  EXPECT_EQ(EntityKindFromUscc("91350200MA31E12PXF"), EntityKind::kEnterprise);
  EXPECT_EQ(EntityKindFromUscc("92330105MA2H000000"), EntityKind::kIndividual);
  EXPECT_EQ(EntityKindFromUscc("93330105MA2H000000"), EntityKind::kCooperative);
  EXPECT_EQ(EntityKindFromUscc("51330105MA2H000000"), EntityKind::kOther);
}

}  // namespace
}  // namespace xiufu
