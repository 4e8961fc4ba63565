// xiufu population I/O — reads a district's two input files (entities.csv, records.csv; see
// docs/formats.md) into a Population and writes a Population back, byte-exact for files this
// writer produced. Enum codes are mapped to the dense ids of a rule pack's domains through a
// Dictionary. Records may come in any order; they are grouped by USCC (file order within an
// entity). Bad rows are never dropped silently: every rejected row yields a Diagnostic (file,
// line, column = 1-based field number, field, offending value, reason) and is counted. A USCC
// whose check character is wrong is *kept* (the Population flags it invalid, which raises the
// USCC alert). Missing header columns are a file-level error (non-OK Status).
//
// Dictionary is immutable after construction and safe to share; the functions are pure and
// thread-safe.
#ifndef XIUFU_POPULATION_IO_H_
#define XIUFU_POPULATION_IO_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/population.h"

namespace xiufu {

struct ReadOptions {
  size_t max_diagnostics = 100;  // diagnostics kept; rows past the cap are still counted
};

// A population read from files, with everything that was rejected on the way.
struct PopulationReadResult {
  Population population;
  std::vector<Diagnostic> diagnostics;  // one per rejected row, in file order, capped
  size_t dropped_diagnostics = 0;       // rejected rows past the cap
  size_t entity_rows = 0;               // data rows seen in entities.csv
  size_t record_rows = 0;               // data rows seen in records.csv
  size_t rejected_entities = 0;
  size_t rejected_records = 0;
  size_t invalid_uscc = 0;  // kept entities whose USCC check character is wrong

  size_t rejected() const { return rejected_entities + rejected_records; }
};

// Reads both files. Non-OK status only for I/O failure or a missing/duplicate header column.
absl::StatusOr<PopulationReadResult> ReadPopulation(const Dictionary& dict,
                                                    const std::string& entities_path,
                                                    const std::string& records_path,
                                                    const ReadOptions& options = {});
// The same from file contents; `*_name` is what diagnostics call the files.
absl::StatusOr<PopulationReadResult> ParsePopulation(const Dictionary& dict,
                                                     std::string_view entities_csv,
                                                     std::string_view records_csv,
                                                     std::string_view entities_name,
                                                     std::string_view records_name,
                                                     const ReadOptions& options = {});

// The CSV column headers, in the order the writers use.
inline constexpr std::array<std::string_view, 6> kEntityColumns = {
    "uscc", "name", "status", "registration_date", "last_report_year", "unreachable"};
inline constexpr std::array<std::string_view, 15> kRecordColumns = {
    "record_id",        "uscc",       "department",     "record_kind",    "severity",
    "penalty",          "procedure",  "sector",         "decision_date",  "publication_date",
    "fine_yuan",        "fulfilled_date", "corrected_date", "shown_on",   "repaired_on"};

// Writers: a header line, then one line per entity / record (records in population order),
// LF line ends, fields quoted only when they contain ',', '"', CR or LF.
std::string FormatEntitiesCsv(const Population& pop, const Dictionary& dict);
std::string FormatRecordsCsv(const Population& pop, const Dictionary& dict);
absl::Status WriteEntitiesCsv(const Population& pop, const Dictionary& dict,
                              const std::string& path);
absl::Status WriteRecordsCsv(const Population& pop, const Dictionary& dict,
                             const std::string& path);

}  // namespace xiufu

#endif  // XIUFU_POPULATION_IO_H_
