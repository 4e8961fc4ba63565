// Fuzzes the district CSV reader (xiufu/population_io.h ParsePopulation: CSV splitting, header
// mapping and every field through the PopulationBuilder) with the dictionary of rules/gongshu.
//
// Input: a multi-file input (fuzz_support.h): entities.csv, then `=== records.csv` and the
// records (a missing second file is an empty records.csv).
//
// Checks: no crash or hang; every offered row is accepted or counted as rejected; what was
// accepted evaluates; the writers' output reads back without a rejection and writes again
// byte-identically; and the same bytes read with CsvReader throughout (no lines split on the
// threads), and split in pieces of a few bytes, give the same population, diagnostics,
// warnings and counts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "xiufu/population_io.h"
#include "xiufu/runtime/evaluate.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)xiufu::fuzz::GongshuDictionary();
  return 0;
}

namespace {

bool SameDiagnostics(const std::vector<xiufu::Diagnostic>& a,
                     const std::vector<xiufu::Diagnostic>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (xiufu::FormatDiagnostic(a[i]) != xiufu::FormatDiagnostic(b[i])) return false;
  }
  return true;
}

// `want` and `got` read the same files: the same rows, problems and population.
void ExpectSameRead(const xiufu::Dictionary& dict, const xiufu::PopulationReadResult& want,
                    const xiufu::PopulationReadResult& got, const char* how) {
  using namespace xiufu;
  const std::string what = std::string("read ") + how + " differs: ";
  if (got.entity_rows != want.entity_rows || got.record_rows != want.record_rows ||
      got.rejected_entities != want.rejected_entities ||
      got.rejected_records != want.rejected_records || got.invalid_uscc != want.invalid_uscc ||
      got.dropped_diagnostics != want.dropped_diagnostics ||
      got.warned_records != want.warned_records || got.record_row != want.record_row) {
    fuzz::Fail(what + "counts");
  }
  if (!SameDiagnostics(got.diagnostics, want.diagnostics)) fuzz::Fail(what + "diagnostics");
  if (!SameDiagnostics(got.warnings, want.warnings)) fuzz::Fail(what + "warnings");
  if (!SameDiagnostics(got.notices, want.notices) || got.notes != want.notes) {
    fuzz::Fail(what + "notes");
  }
  if (FormatEntitiesCsv(got.population, dict) != FormatEntitiesCsv(want.population, dict) ||
      FormatRecordsCsv(got.population, dict) != FormatRecordsCsv(want.population, dict)) {
    fuzz::Fail(what + "population");
  }
}

}  // namespace

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
  // CsvReader throughout, and lines split in pieces of a few bytes: the same as the default.
  for (size_t split : {size_t{0}, size_t{5}}) {
    ReadOptions other = options;
    other.split_bytes = split;
    absl::StatusOr<PopulationReadResult> again =
        ParsePopulation(dict, entities, records, "entities.csv", "records.csv", other);
    if (again.ok() != read.ok() ||
        (!read.ok() && again.status().ToString() != read.status().ToString())) {
      fuzz::Fail("split_bytes changes whether the files read");
    }
    if (read.ok()) ExpectSameRead(dict, *read, *again, split == 0 ? "row by row" : "in 5-byte pieces");
  }
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
