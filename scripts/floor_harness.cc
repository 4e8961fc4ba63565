// The district evaluation timed on one thread, for scripts/measure-floor.sh: compiled against the
// evaluator's header with scripts/floor.patch applied and XIUFU_FLOOR = 0 (the whole
// evaluation), 1, 2 or 3 (stages of it only), so the difference between two stages is what one
// kind of work costs. Not part of the build; the script compiles it.
//
//   floor_harness [--dense] [--passes=K] [--pack=DIR]
//
// Prints the minimum and median wall time of K passes of EvaluateBatch (one thread) over the
// generated district (178,000 entities, the default or the dense mix), and a checksum of the
// record outcomes' rules (so that a stage cannot be optimised away, and a stage that leaves the
// evaluator unpatched shows the full evaluation's checksum).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/synth/generate.h"

#ifndef XIUFU_FLOOR
#error "compile with -DXIUFU_FLOOR=0..3 (scripts/measure-floor.sh)"
#endif

[[gnu::noinline]] void RunBatch(const xiufu::DecisionTable& table, const xiufu::Population& pop,
                                xiufu::Date as_of, xiufu::BatchResult& out) {
  (void)xiufu::EvaluateBatch(table, pop, as_of, out, 1);
}

int main(int argc, char** argv) {
  xiufu::GenOptions gen;
  gen.entities = 178000;
  int passes = 0;
  std::string pack = "rules/gongshu";
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--dense") {
      gen.dense = true;
    } else if (a.rfind("--passes=", 0) == 0) {
      passes = std::atoi(argv[i] + 9);
    } else if (a.rfind("--pack=", 0) == 0) {
      pack = std::string(a.substr(7));
    } else {
      std::fprintf(stderr, "usage: %s [--dense] [--passes=K] [--pack=DIR]\n", argv[0]);
      return 2;
    }
  }
  if (passes <= 0) passes = gen.dense ? 20 : 200;
  auto loaded = xiufu::LoadPack(pack);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", std::string(loaded.status().message()).c_str());
    return 1;
  }
  auto table = xiufu::Compile(*loaded);
  if (!table.ok()) {
    std::fprintf(stderr, "%s\n", std::string(table.status().message()).c_str());
    return 1;
  }
  auto dict = xiufu::Dictionary::FromTable(*table);
  if (!dict.ok()) return 1;
  auto pop = xiufu::DistrictToPopulation(xiufu::GenerateDistrict(gen), *dict);
  if (!pop.ok()) {
    std::fprintf(stderr, "%s\n", std::string(pop.status().message()).c_str());
    return 1;
  }
  xiufu::BatchResult out;
  std::vector<double> ms;
  for (int k = 0; k < passes; ++k) {
    const auto t0 = std::chrono::steady_clock::now();
    RunBatch(*table, *pop, gen.snapshot, out);
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  uint64_t checksum = 0;
  for (const xiufu::RecordOutcome& o : out.records) checksum = checksum * 31 + o.rule;
  std::printf("%8.3f %8.3f  %016llx\n", ms.front(), ms[ms.size() / 2],
              static_cast<unsigned long long>(checksum));
  return 0;
}
