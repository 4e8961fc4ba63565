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
#include "xiufu/csv_style.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/population.h"
#include "xiufu/runtime/population_builder.h"

namespace xiufu {

// The builder's options (diagnostics cap, keep_text, entity_source, as_of; ParsePopulation sets
// entity_source to `entities_name` when empty) and the files' text encoding.
struct ReadOptions : BuildOptions {
  // "auto" (detect: UTF-8, UTF-16 with a BOM or recognised by its zero bytes, else GB18030 —
  // see docs/formats.md), or one of "utf-8", "utf-16le", "utf-16be", "gb18030" ("gbk").
  std::string encoding = "auto";
  // Rows go to the builder's columnar entry (AddEntities / AddRecords, their fields checked on
  // `threads` threads; <= 0: all cores) in batches of up to `batch_rows` consecutive rows that
  // each lie on one line; any other row (a quoted line break, a row the CSV layer rejects) by
  // itself. 0: every row by itself (AddEntity / AddRecord). The result is the same either way
  // and for any thread count.
  size_t batch_rows = 4096;
  int threads = 1;
  // With batches, the lines that are rows by themselves are split into fields on the threads,
  // in pieces of about `split_bytes` of the file (views into the text, no copies), from the
  // first line that needs more (a quoted line break, a CSV syntax error) on row by row as read.
  // 0: every row as read. The result is the same either way.
  size_t split_bytes = size_t{256} << 10;
};

// A population read from files, with everything that was rejected on the way (the builder's
// result: the counts are of data rows; `record_row` is a record's 0-based data row in
// records.csv), plus one note per file that was not read as plain comma-separated UTF-8
// ("xiufu: entities.csv 按 GB18030 读取… / read as GB18030 …"), to show the user once.
struct PopulationReadResult : PopulationBuild {
  std::vector<std::string> notes;
};

// Reads both files. Non-OK status only for I/O failure, a file that is not text in any
// encoding xiufu reads (InvalidArgument naming the byte offset of the first invalid sequence),
// or a missing/duplicate header column. A file whose header line has tabs and no comma is read
// as tab-separated (Excel's "Unicode text").
absl::StatusOr<PopulationReadResult> ReadPopulation(const Dictionary& dict,
                                                    const std::string& entities_path,
                                                    const std::string& records_path,
                                                    const ReadOptions& options = {});
// The same from file contents (raw bytes, decoded the same way); `*_name` is what diagnostics
// and notes call the files.
absl::StatusOr<PopulationReadResult> ParsePopulation(const Dictionary& dict,
                                                     std::string_view entities_csv,
                                                     std::string_view records_csv,
                                                     std::string_view entities_name,
                                                     std::string_view records_name,
                                                     const ReadOptions& options = {});

// The CSV column headers are kEntityColumns / kRecordColumns (population_builder.h), in the
// order the writers use.

// Writers (CsvStyle: xiufu/csv_style.h): an optional BOM, a header line, then one line per entity / record (records in
// population order), LF line ends, fields quoted only when they contain ',', '"', CR or LF.
// Read back by ParsePopulation to the same population.
std::string FormatEntitiesCsv(const Population& pop, const Dictionary& dict,
                              const CsvStyle& style = {});
std::string FormatRecordsCsv(const Population& pop, const Dictionary& dict,
                             const CsvStyle& style = {});
absl::Status WriteEntitiesCsv(const Population& pop, const Dictionary& dict,
                              const std::string& path, const CsvStyle& style = {});
absl::Status WriteRecordsCsv(const Population& pop, const Dictionary& dict,
                             const std::string& path, const CsvStyle& style = {});

}  // namespace xiufu

#endif  // XIUFU_POPULATION_IO_H_
