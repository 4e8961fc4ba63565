// Writes the seed corpora of the fuzzers into OUT/{pack,cell,population,blob}/, from the
// project's own data: the rule packs (examples/packs/mini, tests/data/packs/*, rules/gongshu),
// the bad-input district corpus (tests/data/bad_input) and a small generated district.
//
//   make_seeds OUT
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "base/text_file.h"
#include "fuzz_support.h"
#include "xiufu/serialize.h"
#include "xiufu/synth/generate.h"

namespace {

using namespace xiufu;
namespace fs = std::filesystem;

class SeedDir {
 public:
  explicit SeedDir(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
  void Add(std::string_view bytes) {
    const fs::path path = dir_ / ("seed-" + std::to_string(count_++));
    if (absl::Status st = WriteTextFile(path.string(), bytes); !st.ok()) fuzz::Fail(st.ToString());
  }
  int count() const { return count_; }

 private:
  fs::path dir_;
  int count_ = 0;
};

std::vector<std::string> PackDirs(const std::string& src) {
  std::vector<std::string> dirs = {src + "/examples/packs/mini", src + "/rules/gongshu"};
  for (const fs::directory_entry& e : fs::directory_iterator(src + "/tests/data/packs")) {
    if (fs::exists(e.path() / "manifest.ini")) dirs.push_back(e.path().string());
  }
  return dirs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  const std::string src = fuzz::SourceDir();
  SeedDir pack(out / "pack"), cell(out / "cell"), population(out / "population"),
      blob(out / "blob");

  for (const std::string& dir : PackDirs(src)) {
    const PackFiles files = fuzz::ReadDir(dir);
    // The whole pack, replacing the base pack's files of the same name.
    pack.Add(fuzz::JoinFiles(files, "manifest.ini"));
    // Each file alone under the mini pack (the pack fuzzer's base) when the names match.
    if (dir.ends_with("/mini")) {
      for (const auto& [name, bytes] : files) {
        pack.Add(name == "manifest.ini" ? bytes
                                        : std::string(fuzz::kFileMarker) + name + "\n" + bytes);
      }
    }
    const LoadResult loaded = fuzz::LoadOrDie(dir, /*clean=*/false);  // planted: lint errors
    if (loaded.ok()) blob.Add(SerializeTable(fuzz::CompileOrDie(loaded)));
    // Every cell, with the parser selector the cell fuzzer reads (fuzz/cell_fuzzer.cc).
    auto add_cell = [&](uint8_t parser, uint8_t arg, std::string_view text) {
      std::string seed = {static_cast<char>(parser), static_cast<char>(arg)};
      seed += text;
      cell.Add(seed);
    };
    for (const Table& t : loaded.pack.tables) {
      for (const Row& r : t.rows) {
        for (size_t k = 0; k < r.cells.size() && k < t.inputs.size(); ++k) {
          add_cell(0, static_cast<uint8_t>(t.inputs[k].fact), r.cells[k].text);
        }
        add_cell(2, 0, r.out.eligible_from.text);
        add_cell(2, 0, r.out.expires_on.text);
        add_cell(3, 0, StatusCode(r.out.status));
      }
    }
    for (const AlertDef& a : loaded.pack.alerts) add_cell(2, a.entity_scope ? 1 : 0, a.due.text);
  }

  auto add_district = [&](std::string_view entities, std::string_view records) {
    population.Add(std::string(entities) + (entities.ends_with('\n') ? "" : "\n") +
                   std::string(fuzz::kFileMarker) + "records.csv\n" + std::string(records));
  };
  for (const std::string dir : {"/tests/data/bad_input", "/tests/data/bad_input/csv_only"}) {
    absl::StatusOr<std::string> e = ReadTextFile(src + dir + "/entities.csv");
    absl::StatusOr<std::string> r = ReadTextFile(src + dir + "/records.csv");
    if (!e.ok() || !r.ok()) fuzz::Fail("cannot read " + src + dir);
    add_district(*e, *r);
  }
  for (uint64_t seed : {1, 2, 3}) {
    GenOptions options;
    options.entities = 6;
    options.seed = seed;
    options.dense = seed == 3;
    options.invalid_uscc_share = seed == 2 ? 0.5 : 0.0;
    const District d = GenerateDistrict(options);
    add_district(DistrictEntitiesCsv(d), DistrictRecordsCsv(d));
  }
  std::printf("seeds: pack %d, cell %d, population %d, blob %d\n", pack.count(), cell.count(),
              population.count(), blob.count());
  return 0;
}
