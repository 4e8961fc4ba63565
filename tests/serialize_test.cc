#include "xiufu/compile.h"
#include "xiufu/serialize.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "support/pack_files.h"
#include "support/tiny_pack.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

DecisionTable Tiny() {
  auto loaded = LoadPack(testing::WritePackFiles("serialize", testing::TinyPackFiles()));
  EXPECT_TRUE(loaded.ok() && loaded->ok());
  return *Compile(*loaded);
}

TEST(SerializeTest, RoundTripIsExactAndKeepsThePackHash) {
  const DecisionTable t = Tiny();
  const std::string blob = SerializeTable(t);
  EXPECT_EQ(blob.substr(0, 7), "XIUFUTB");
  auto back = DeserializeTable(blob);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(internal::Data(*back).pack_hash, internal::Data(t).pack_hash);
  EXPECT_NE(internal::Data(t).pack_hash, 0u);
  EXPECT_EQ(SerializeTable(*back), blob);
  EXPECT_EQ(back->NumPlatforms(), 2);
  EXPECT_EQ(back->ValueCode(back->DomainIndex("department"), 1), "tax");
}

TEST(SerializeTest, SamePackGivesTheSameBytes) {
  // Two independent compiles (different heap contents) must serialize identically: serialized
  // structs have no implicit padding.
  std::vector<std::string> noise;
  for (int i = 0; i < 100; ++i) noise.emplace_back(4096, static_cast<char>(0xA5));
  const std::string a = SerializeTable(Tiny());
  noise.clear();
  const std::string b = SerializeTable(Tiny());
  EXPECT_EQ(a, b);
}

TEST(SerializeTest, RejectsBadMagic) {
  std::string blob = SerializeTable(Tiny());
  blob[0] = 'Y';
  const absl::Status s = DeserializeTable(blob).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("bad magic"), absl::string_view::npos);
}

TEST(SerializeTest, RejectsVersionMismatch) {
  std::string blob = SerializeTable(Tiny());
  const uint32_t v = kBlobFormatVersion + 1;
  std::memcpy(&blob[8], &v, 4);
  const absl::Status s = DeserializeTable(blob).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("format version"), absl::string_view::npos);
}

TEST(SerializeTest, RejectsTruncationAtEveryLength) {
  const std::string blob = SerializeTable(Tiny());
  for (size_t n : {size_t{8}, size_t{20}, size_t{39}, size_t{40}, blob.size() / 2, blob.size() - 1}) {
    const absl::Status s = DeserializeTable(std::string_view(blob).substr(0, n)).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << n;
    EXPECT_NE(s.message().find("truncated"), absl::string_view::npos) << n << ": " << s;
  }
}

TEST(SerializeTest, RejectsCorruptionAnywhereInThePayload) {
  const std::string blob = SerializeTable(Tiny());
  for (size_t at = 40; at < blob.size(); at += 97) {
    std::string bad = blob;
    bad[at] ^= 0x5A;
    const absl::Status s = DeserializeTable(bad).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << at;
    EXPECT_NE(s.message().find("checksum"), absl::string_view::npos) << at << ": " << s;
  }
}

TEST(SerializeTest, RejectsCorruptionAnywhereInTheHeader) {
  // Every byte after the version — reserved word, pack hash, payload size, checksum — is
  // covered: a flipped bit is refused as corrupt (size changes read as truncated or trailing).
  const std::string blob = SerializeTable(Tiny());
  for (size_t at = 12; at < 40; ++at) {
    for (const unsigned char flip : {0x01, 0x80}) {
      std::string bad = blob;
      bad[at] = static_cast<char>(bad[at] ^ flip);
      const absl::Status s = DeserializeTable(bad).status();
      EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << at;
      if (at < 24 || at >= 32) {  // not the size field
        EXPECT_NE(s.message().find("checksum"), absl::string_view::npos) << at << ": " << s;
      }
    }
  }
  // The magic and the version have their own messages.
  for (size_t at = 0; at < 12; ++at) {
    std::string bad = blob;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    EXPECT_FALSE(DeserializeTable(bad).ok()) << at;
  }
}

TEST(SerializeTest, SaveAndLoadFile) {
  const DecisionTable t = Tiny();
  const std::string path = (std::filesystem::temp_directory_path() / "xiufu-serialize-test.xtb").string();
  ASSERT_TRUE(SaveTable(t, path).ok());
  auto back = LoadTable(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(SerializeTable(*back), SerializeTable(t));
  EXPECT_EQ(LoadTable("/nonexistent/x.xtb").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace xiufu
