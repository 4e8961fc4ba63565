#include "xiufu/runtime/uscc.h"

#include <gtest/gtest.h>

namespace xiufu {
namespace {

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

TEST(UsccTest, KindFromPrefix) {
  EXPECT_EQ(EntityKindFromUscc("91350200MA31E12PXF"), EntityKind::kEnterprise);
  EXPECT_EQ(EntityKindFromUscc("92330105MA2H000000"), EntityKind::kIndividual);
  EXPECT_EQ(EntityKindFromUscc("93330105MA2H000000"), EntityKind::kCooperative);
  EXPECT_EQ(EntityKindFromUscc("51330105MA2H000000"), EntityKind::kOther);
}

}  // namespace
}  // namespace xiufu
