// Fuzzes the district CSV reader (xiufu/population_io.h ParsePopulation: CSV splitting, header
// mapping and every field through the PopulationBuilder) with the dictionary of rules/gongshu.
//
// Input: a multi-file input (fuzz_support.h): entities.csv, then `=== records.csv` and the
// records (a missing second file is an empty records.csv).
//
// Checks: no crash or hang; every offered row is accepted or counted as rejected; what was
// accepted evaluates; the writers' output reads back without a rejection and writes again
// byte-identically.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "xiufu/population_io.h"
#include "xiufu/runtime/evaluate.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)xiufu::fuzz::GongshuDictionary();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace xiufu;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto files = fuzz::SplitFiles(input, "entities.csv");
  const std::string_view entities = files[0].second;
  const std::string_view records = files.size() > 1 ? files[1].second : std::string_view();
  const Dictionary& dict = fuzz::GongshuDictionary();

  ReadOptions options;
  options.max_diagnostics = 20;
  absl::StatusOr<PopulationReadResult> read =
      ParsePopulation(dict, entities, records, "entities.csv", "records.csv", options);
  if (!read.ok()) return 0;  // a missing or duplicate header column
  const Population& pop = read->population;
  if (pop.num_entities() + read->rejected_entities != read->entity_rows ||
      pop.num_records() + read->rejected_records != read->record_rows) {
    fuzz::Fail("rows neither accepted nor counted as rejected");
  }
  if (read->diagnostics.size() + read->dropped_diagnostics != read->rejected()) {
    fuzz::Fail("a rejected row without its diagnostic");
  }
  BatchResult result;
  if (absl::Status st = EvaluateBatch(fuzz::GongshuTable(), pop, FromYmd(2026, 11, 22), result);
      !st.ok()) {
    fuzz::Fail(st.ToString());
  }

  const std::string e1 = FormatEntitiesCsv(pop, dict);
  const std::string r1 = FormatRecordsCsv(pop, dict);
  absl::StatusOr<PopulationReadResult> again =
      ParsePopulation(dict, e1, r1, "entities.csv", "records.csv", options);
  if (!again.ok()) fuzz::Fail("written files do not read back: " + again.status().ToString());
  if (again->rejected() != 0) {
    fuzz::Fail("written files read back with a rejected row: " +
               again->diagnostics.front().message + " [" + again->diagnostics.front().value + "]");
  }
  if (FormatEntitiesCsv(again->population, dict) != e1 ||
      FormatRecordsCsv(again->population, dict) != r1) {
    fuzz::Fail("written files do not round-trip byte-identically");
  }
  return 0;
}
