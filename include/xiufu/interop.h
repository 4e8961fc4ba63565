// xiufu interop — decision tables exchanged with other rule editors and engines
// (docs/interop.md):
//
//  - ExportPack writes every decision of a loaded pack as GoRules JDM (JSON Decision Model:
//    input node → one decision table node per decision → output node) or as DMN 1.3 XML (one
//    decision with a decision table per decision), cells as ZEN unary expressions / FEEL unary
//    tests built from the *parsed* cells (rows that use `$parameters` are exported as the
//    resolved rows, one per period), effective dates as a condition on an `as_of` input.
//    What the target cannot express as such is carried over an equivalent or listed in
//    ExportResult::warnings, never dropped: elapsed facts become one numeric input per unit
//    (`since_decision_months`, `since_decision_days`, `since_decision_wd`), date outputs
//    (`max(decision_date + 1y, fulfilled_date)`) are carried as their xiufu text.
//  - ImportDecisions reads such a document back into rule-pack CSV tables within the pack's
//    fact vocabulary (custom columns included), with a diagnostic naming the JSON path or XML
//    element of everything it cannot map.
//
// Pure functions of their arguments; thread-safe.
#ifndef XIUFU_INTEROP_H_
#define XIUFU_INTEROP_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/diagnostic.h"

namespace xiufu {

enum class InteropFormat : uint8_t { kJdm, kDmn };
// "jdm" / "dmn"; nullopt otherwise.
std::optional<InteropFormat> InteropFormatByName(std::string_view name);

// The name an input slot (facts.h) is exchanged under: the fact's name, and for elapsed facts
// the fact's name with its unit: `since_decision_days`, `since_decision_months` (years are
// 12 months), `since_decision_wd` (working days). Custom columns keep their names.
std::string InputName(const FactVocabulary& facts, int slot);
// The slot of an input name (the inverse of InputName); nullopt when it names no fact.
std::optional<int> SlotOfInput(const FactVocabulary& facts, std::string_view name);

// The slots the rows of one decision test (in first-use order, `as_of` not included): the
// inputs of its exported table, and the facts `xiufu export-facts` writes.
std::vector<int> DecisionInputSlots(const Pack& pack, Decision decision);

struct ExportResult {
  std::string text;                   // the JDM JSON or DMN XML document
  std::vector<std::string> warnings;  // what is carried over an equivalent, for people
};

// Exports `decisions` (empty: every decision that has rows) of a loaded pack. PRIORITY and
// UNIQUE eligibility decisions are exported as FIRST over the rows in decision order (the
// order the compiler evaluates them in), with a warning.
ExportResult ExportPack(const Pack& pack, InteropFormat format,
                        absl::Span<const Decision> decisions = {});

// One decision table read back from a document, as a rule-pack CSV file.
struct ImportedTable {
  std::string name;     // a table name derived from the node / decision name
  Decision decision = Decision::kEligibility;
  std::string csv;      // header + one row per rule, loadable by LoadPack
  size_t rows = 0;
};

struct ImportResult {
  std::vector<ImportedTable> tables;  // in document order
  // loc.file = `file_name` (and loc.line for DMN), field = the JSON path
  // (`nodes[1].content.rules[4]["6f…"]`) or XML element path of the part concerned.
  std::vector<Diagnostic> diagnostics;
  size_t error_count = 0;
  bool ok() const { return error_count == 0; }
};

// Reads every decision table of a JDM or DMN document. A table's decision is taken from its
// node / decision name when it is one of the four (`eligibility`, `materials`, …), else from
// its outputs (`status` → eligibility, `materials`, `alerts` with entity facts →
// entity_alerts). Cells and outputs that cannot be mapped are errors; the row is kept with
// the cell left out so that every problem is reported at once.
ImportResult ImportDecisions(const Pack& pack, std::string_view text, InteropFormat format,
                             std::string_view file_name);

// Every file of a pack directory (manifest, catalogues, tables), by relative path.
absl::StatusOr<PackFiles> ReadPackFiles(std::string_view dir);
// The pack's files with its decision tables replaced by `tables`: every `[table …]` section
// of the manifest is removed and one is added per imported table (file `tables/NAME.csv`),
// in order; the old table files are left out. Catalogues and parameters are kept.
PackFiles ReplaceTables(const PackFiles& files, absl::Span<const ImportedTable> tables);

}  // namespace xiufu

#endif  // XIUFU_INTEROP_H_
