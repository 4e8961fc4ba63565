// LoadPackFromFiles: the in-memory entry of the pack loader (the pack fuzzer's way in) gives
// exactly what LoadPack gives for the same files on disk.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/serialize.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;

PackFiles ReadDir(const std::string& dir) {
  namespace fs = std::filesystem;
  PackFiles files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    files[fs::relative(e.path(), dir).generic_string()] = buf.str();
  }
  return files;
}

class PackFromFilesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PackFromFilesTest, SameAsFromDisk) {
  const std::string dir = std::string(XIUFU_SOURCE_DIR) + "/" + GetParam();
  absl::StatusOr<LoadResult> disk = LoadPack(dir);
  absl::StatusOr<LoadResult> memory = LoadPackFromFiles(ReadDir(dir));
  ASSERT_TRUE(disk.ok()) << disk.status();
  ASSERT_TRUE(memory.ok()) << memory.status();
  EXPECT_EQ(memory->pack.hash, disk->pack.hash);
  EXPECT_EQ(memory->pack.dir, "");
  EXPECT_EQ(memory->error_count, disk->error_count);
  ASSERT_EQ(memory->diagnostics.size(), disk->diagnostics.size());
  for (size_t i = 0; i < disk->diagnostics.size(); ++i) {
    EXPECT_EQ(FormatDiagnostic(memory->diagnostics[i]), FormatDiagnostic(disk->diagnostics[i]));
  }
  ASSERT_EQ(memory->pack.tables.size(), disk->pack.tables.size());
  if (!disk->ok()) return;
  absl::StatusOr<DecisionTable> a = Compile(*disk);
  absl::StatusOr<DecisionTable> b = Compile(*memory);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(SerializeTable(*a), SerializeTable(*b));
}

INSTANTIATE_TEST_SUITE_P(Packs, PackFromFilesTest,
                         ::testing::Values("examples/packs/mini", "rules/gongshu",
                                           "tests/data/packs/planted"));

TEST(PackFromFilesTest, MissingFileIsADiagnostic) {
  PackFiles files = ReadDir(std::string(XIUFU_SOURCE_DIR) + "/examples/packs/mini");
  ASSERT_EQ(files.erase("tables/base.csv"), 1u);
  absl::StatusOr<LoadResult> loaded = LoadPackFromFiles(files);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_FALSE(loaded->ok());
  EXPECT_EQ(loaded->diagnostics.front().code, "missing-file");
  EXPECT_EQ(loaded->diagnostics.front().value, "tables/base.csv");
}

TEST(PackFromFilesTest, NoManifestIsNotFound) {
  absl::StatusOr<LoadResult> loaded = LoadPackFromFiles(PackFiles{{"enums.csv", "domain,code"}});
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(loaded.status().message(), HasSubstr("manifest.ini"));
}

}  // namespace
}  // namespace xiufu
