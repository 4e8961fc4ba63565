// Fuzzes the rule-pack loader end to end: manifest INI, the catalogue CSVs (enums, materials,
// material map, alerts, holidays), the decision-table CSVs and every cell through the cell
// grammar, via LoadPackFromFiles — the loader LoadPack runs over the files on disk.
//
// Input: a multi-file input (fuzz_support.h) whose first file is manifest.ini; its files
// replace or add to the files of examples/packs/mini, so an input holding only
// `=== tables/base.csv` and a table fuzzes that table under the mini pack's manifest.
//
// Checks: the loader never crashes or hangs; a pack that loads without errors compiles, lints,
// serializes, loads back from its blob (byte-identical when serialized again) and evaluates.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "xiufu/compile.h"
#include "xiufu/lint.h"
#include "xiufu/runtime/blob.h"
#include "xiufu/serialize.h"

namespace {

const xiufu::PackFiles* base_pack = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  base_pack = new xiufu::PackFiles(
      xiufu::fuzz::ReadDir(xiufu::fuzz::SourceDir() + "/examples/packs/mini"));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace xiufu;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  PackFiles files = *base_pack;
  for (auto& [name, bytes] : fuzz::SplitFiles(input, "manifest.ini")) files[name] = bytes;

  absl::StatusOr<LoadResult> loaded = LoadPackFromFiles(files, 20);
  if (!loaded.ok()) fuzz::Fail(loaded.status().ToString());
  if (!loaded->ok()) return 0;
  (void)Lint(loaded->pack, 20);
  absl::StatusOr<DecisionTable> table = Compile(*loaded);
  if (!table.ok()) fuzz::Fail("a pack without errors does not compile: " + table.status().ToString());
  const std::string blob = SerializeTable(*table);
  absl::StatusOr<DecisionTable> back = DeserializeTable(blob);
  if (!back.ok()) fuzz::Fail("a compiled table does not load back: " + back.status().ToString());
  if (SerializeTable(*back) != blob) fuzz::Fail("blob round trip is not byte-identical");
  fuzz::ExerciseTable(*back);
  return 0;
}
