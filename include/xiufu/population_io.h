// xiufu population I/O — reads a district's two input files (entities.csv, records.csv; see
// docs/formats.md) into a Population and writes a Population back, byte-exact for files this
// writer produced. Enum codes are mapped to the dense ids of a rule pack's domains through a
// Dictionary. The reader is a thin adapter over PopulationBuilder (which validates every field,
// with the same rules and diagnostics for every input path): it splits CSV rows, maps the
// header's columns and hands the text fields over with their place. Records may come in any
// order; they are grouped by USCC (file order within an entity). Bad rows are never dropped
// silently: every rejected row yields a Diagnostic (file, line, column = 1-based field number,
// field, offending value, reason) and is counted. A USCC whose check character is wrong is
// *kept* (the Population flags it invalid, which raises the USCC alert). Missing header columns
// are a file-level error (non-OK Status).
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
#include "xiufu/runtime/population_builder.h"

namespace xiufu {

// The builder's options (diagnostics cap, keep_text, entity_source; ParsePopulation sets
// entity_source to `entities_name` when empty).
using ReadOptions = BuildOptions;

// A population read from files, with everything that was rejected on the way (the builder's
// result: the counts are of data rows; `record_row` is a record's 0-based data row in
// records.csv).
using PopulationReadResult = PopulationBuild;

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

// The CSV column headers are kEntityColumns / kRecordColumns (population_builder.h), in the
// order the writers use.

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
