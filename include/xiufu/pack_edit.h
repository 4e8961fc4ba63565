// xiufu pack edits — one cell of a loaded rule pack changed in memory, for what-if analysis
// (the Python package's Pack.with_cell): the new text is parsed by the loader's own cell
// parsers (src/pack/cell_parser.h) with the loader's checks for that column, so an edited pack
// means exactly what the same text in the CSV file would. Also renders every cell of a row back
// to text, for listing rules.
//
// Pure functions of their arguments; thread-safe.
#ifndef XIUFU_PACK_EDIT_H_
#define XIUFU_PACK_EDIT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xiufu/runtime/diagnostic.h"
#include "xiufu/pack.h"

namespace xiufu {

struct EditResult {
  Pack pack;                         // the edited copy (unchanged when `errors` is not empty)
  std::vector<Diagnostic> errors;    // at the cell's place in the table file
  std::string old_text;              // the cell before the edit
};

// Sets column `column` of the row with `rule_id` to `text`. Editable: the table's input
// columns, effective_from, effective_to, source, and the outputs of the table's decision
// (status, eligible_from, expires_on, channel, authority, reason_zh, reason_en; materials;
// alerts). The edited pack's hash is the old hash folded with the edit.
EditResult EditCell(const Pack& pack, std::string_view rule_id, std::string_view column,
                    std::string_view text);

// Sets parameter `name` (manifest [parameter NAME]) to `text` on every day — its effective-dated
// values become this one — and re-resolves every row that uses it, for what-if analysis
// (Pack.with_parameter in Python). Errors: an unknown parameter, a value not of its type, a
// cell that does not parse with the new value. The edited pack's hash is the old hash folded
// with the edit.
EditResult EditParameter(const Pack& pack, std::string_view name, std::string_view text);

// (header, text) of every cell of a row, in the order inputs, effective dates, outputs, source.
std::vector<std::pair<std::string, std::string>> RowCells(const Pack& pack, const Table& table,
                                                          const Row& row);

}  // namespace xiufu

#endif  // XIUFU_PACK_EDIT_H_
