// Internal to the rule-pack loader (pack_loader.cc, pack_catalogs.cc, pack_tables.cc): the
// state shared while one pack is loaded, and the CSV document helper the pack files use.
//
// Used by one loading thread; not thread-safe.
#ifndef XIUFU_SRC_PACK_LOAD_CONTEXT_H_
#define XIUFU_SRC_PACK_LOAD_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "pack/cell_parser.h"
#include "base/csv_reader.h"
#include "pack/ini_reader.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/pack.h"

namespace xiufu::pack_internal {

// A pack CSV file: header and data rows (comment lines — first cell starting with '#' — and
// empty lines removed). Cell values are trimmed on access.
struct CsvDoc {
  std::string file;  // relative to the pack directory
  std::vector<std::string> header;
  int header_line = 0;
  std::vector<CsvRow> rows;

  int Col(std::string_view name) const;  // 0-based index of a header, -1 when absent
  std::string_view Get(const CsvRow& row, int col) const;  // trimmed; "" when absent
  SourceLoc Loc(const CsvRow& row, int col) const;        // col is 0-based
};

class LoadContext {
 public:
  LoadContext(std::string dir, Pack* pack, DiagnosticSink* sink)
      : dir_(std::move(dir)), pack_(pack), sink_(sink) {}
  // Reads the pack's files from `files` (LoadPackFromFiles) instead of the directory.
  LoadContext(const PackFiles* files, Pack* pack, DiagnosticSink* sink)
      : files_(files), pack_(pack), sink_(sink) {}

  Pack& pack() { return *pack_; }
  DiagnosticSink& sink() { return *sink_; }
  uint64_t hash() const { return hash_; }

  // Reads PACK_DIR/rel (or files[rel]) and folds its bytes into the pack hash. A missing or unreadable file is
  // reported at `from` (where the manifest names it) and gives nullopt.
  // The text is decoded (base/text_file.h: UTF-8, UTF-16 or GB18030, with a note diagnostic
  // for a converted file); a file in no readable encoding is an error and gives nullopt.
  std::optional<std::string> ReadFile(const std::string& rel, const SourceLoc& from);
  // The decoding step of ReadFile, for the manifest.
  std::optional<std::string> Decode(const std::string& rel, std::string bytes);
  void Hash(std::string_view bytes);

  // Parses `bytes` as a pack CSV file; reports CSV syntax problems.
  CsvDoc ParseDoc(const std::string& rel, std::string_view bytes);
  // Checks a catalogue header: every `required` column present, nothing outside `required`
  // and `optional`. Reports problems; false when a required column is missing.
  bool CheckHeader(const CsvDoc& doc, std::initializer_list<std::string_view> required,
                   std::initializer_list<std::string_view> optional = {});

  // Turns cell-parser errors into diagnostics at `loc`.
  void CellErrors(const SourceLoc& loc, std::string_view field, std::string_view value,
                  const std::vector<CellError>& errors);
  // Reports unknown {placeholders} in a message template.
  void CheckTemplate(const SourceLoc& loc, std::string_view field, std::string_view text);

  void Error(std::string code, SourceLoc loc, std::string_view field, std::string_view value,
             std::string message) {
    sink_->Error(std::move(code), std::move(loc), std::string(field), std::string(value),
                 std::move(message));
  }
  void Warning(std::string code, SourceLoc loc, std::string_view field, std::string_view value,
               std::string message) {
    sink_->Warning(std::move(code), std::move(loc), std::string(field), std::string(value),
                   std::move(message));
  }

  // Rule ids seen so far, for the pack-wide uniqueness check.
  absl::flat_hash_map<std::string, SourceLoc>& rule_ids() { return rule_ids_; }

 private:
  std::string dir_;
  const PackFiles* files_ = nullptr;
  Pack* pack_;
  DiagnosticSink* sink_;
  uint64_t hash_ = 14695981039346656037ull;  // FNV-1a 64 offset basis
  absl::flat_hash_map<std::string, SourceLoc> rule_ids_;
};

// Stable codes: [a-z0-9_]+ for enum codes; material and alert codes also allow A-Z . -
bool IsEnumCode(std::string_view s);
bool IsCatalogCode(std::string_view s);
// `-` or empty → kNoDay; else a date (reports bad-date and gives kNoDay).
Date ParseOptionalDate(LoadContext& ctx, const SourceLoc& loc, std::string_view field,
                       std::string_view text);

// The catalogue files.
void LoadEnums(LoadContext& ctx, const std::string& rel, const SourceLoc& from);
void LoadMaterials(LoadContext& ctx, const std::string& rel, const SourceLoc& from);
void LoadMaterialMap(LoadContext& ctx, const std::string& rel, const SourceLoc& from);
void LoadAlerts(LoadContext& ctx, const std::string& rel, const SourceLoc& from);
void LoadActions(LoadContext& ctx, const std::string& rel, const SourceLoc& from);
void LoadHolidays(LoadContext& ctx, const std::string& rel, const SourceLoc& from);

// The manifest's [parameter NAME] and [column NAME] sections (in Pack::parameters and
// Pack::columns, columns with their fact ids); CheckDeclarations checks parameter values and
// column defaults once enums.csv is loaded (before the tables).
void ParameterSection(LoadContext& ctx, const IniSection& s, std::string_view name);
void ColumnSection(LoadContext& ctx, const IniSection& s, std::string_view name);
void CheckDeclarations(LoadContext& ctx);

// One decision table; `table` has name, file, decision and complete set.
void LoadTable(LoadContext& ctx, Table& table, const SourceLoc& from);

}  // namespace xiufu::pack_internal

#endif  // XIUFU_SRC_PACK_LOAD_CONTEXT_H_
