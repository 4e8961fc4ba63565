// xiufu_instruction_count: the evaluation of a generated district split into functions of their
// own, so that `valgrind --tool=callgrind --toggle-collect=<function>` counts the instructions
// of one kind of work at a time — the counts of docs/performance.md's step table, which the
// machine's load does not move (scripts/count-instructions.sh runs it).
//
//   xiufu_instruction_count [--entities=N] [--dense] [--passes=K] [--pack=DIR]
//
// CountEntitiesWithRecords / CountEntitiesWithoutRecords: EvaluateEntity over the entities with
// (without) records, K passes (default 3) with one warm scratch; CountBatch: EvaluateBatch on one
// thread, K passes. The district is GenerateDistrict's (default 20,000 entities, the default or
// the dense mix) as of its snapshot day. Prints what was evaluated; never times anything.
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

namespace {

using xiufu::BatchResult;
using xiufu::Date;
using xiufu::DecisionTable;
using xiufu::Population;
using xiufu::Scratch;

void EvaluateEach(const DecisionTable& t, const Population& pop, const std::vector<size_t>& es,
                  Date as_of, Scratch& scratch, BatchResult& out) {
  for (size_t e : es) {
    xiufu::EvaluateEntity(t, pop, e, as_of, scratch,
                          out.records.data() + static_cast<size_t>(pop.RecordsBegin(e)) * pop.num_platforms,
                          &out.entities[e]);
  }
}

}  // namespace

// Out of line and outside any namespace: callgrind's --toggle-collect names them.
[[gnu::noinline]] void CountEntitiesWithRecords(const DecisionTable& t, const Population& pop,
                                                const std::vector<size_t>& es, Date as_of,
                                                Scratch& scratch, BatchResult& out) {
  EvaluateEach(t, pop, es, as_of, scratch, out);
}
[[gnu::noinline]] void CountEntitiesWithoutRecords(const DecisionTable& t, const Population& pop,
                                                   const std::vector<size_t>& es, Date as_of,
                                                   Scratch& scratch, BatchResult& out) {
  EvaluateEach(t, pop, es, as_of, scratch, out);
}
[[gnu::noinline]] bool CountBatch(const DecisionTable& t, const Population& pop, Date as_of,
                                  BatchResult& out) {
  return xiufu::EvaluateBatch(t, pop, as_of, out, 1).ok();
}

int main(int argc, char** argv) {
  xiufu::GenOptions gen;
  gen.entities = 20000;
  int passes = 3;
  std::string pack = std::string(XIUFU_SOURCE_DIR) + "/rules/gongshu";
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.rfind("--entities=", 0) == 0) {
      gen.entities = std::strtoul(argv[i] + 11, nullptr, 10);
    } else if (a == "--dense") {
      gen.dense = true;
    } else if (a.rfind("--passes=", 0) == 0) {
      passes = std::atoi(argv[i] + 9);
    } else if (a.rfind("--pack=", 0) == 0) {
      pack = std::string(a.substr(7));
    } else {
      std::fprintf(stderr, "usage: %s [--entities=N] [--dense] [--passes=K] [--pack=DIR]\n",
                   argv[0]);
      return 2;
    }
  }
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
  const xiufu::District district = xiufu::GenerateDistrict(gen);
  auto dict = xiufu::Dictionary::FromTable(*table);
  if (!dict.ok()) {
    std::fprintf(stderr, "%s\n", std::string(dict.status().message()).c_str());
    return 1;
  }
  auto pop = xiufu::DistrictToPopulation(district, *dict);
  if (!pop.ok()) {
    std::fprintf(stderr, "%s\n", std::string(pop.status().message()).c_str());
    return 1;
  }
  BatchResult out;
  out.Resize(*pop, pop->num_platforms);
  std::vector<size_t> with, without;
  for (size_t e = 0; e < pop->num_entities(); ++e) {
    (pop->RecordsBegin(e) == pop->RecordsEnd(e) ? without : with).push_back(e);
  }
  Scratch scratch;
  bool ok = true;
  for (int k = 0; k < passes; ++k) {
    CountEntitiesWithoutRecords(*table, *pop, without, gen.snapshot, scratch, out);
    CountEntitiesWithRecords(*table, *pop, with, gen.snapshot, scratch, out);
  }
  BatchResult batch;
  for (int k = 0; k < passes; ++k) ok = CountBatch(*table, *pop, gen.snapshot, batch) && ok;
  std::printf("%s district: %zu entities (%zu with %zu records, %zu without), %d passes%s\n",
              gen.dense ? "dense" : "default", pop->num_entities(), with.size(),
              pop->num_records(), without.size(), passes, ok ? "" : "; EvaluateBatch FAILED");
  return ok ? 0 : 1;
}
