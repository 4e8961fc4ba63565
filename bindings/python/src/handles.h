// The C++ objects behind xiufu's Python classes: a loaded pack (with its diagnostics and the
// edits applied from Python), a compiled table (with the dictionary of its input domains and
// the category lists the output frames use) and a prepared population (frame_input.h).
//
// Handles are immutable once built and shared through std::shared_ptr, so Python objects can
// hand them to C++ code that runs without the GIL.
#ifndef XIUFU_BINDINGS_PYTHON_HANDLES_H_
#define XIUFU_BINDINGS_PYTHON_HANDLES_H_

#include <memory>
#include <string>
#include <vector>

#include "frame_input.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/pack.h"

namespace xiufu::py {

struct CellEdit {
  std::string rule_id, column, old_text, new_text;
};

struct PackHandle {
  Pack pack;
  std::vector<Diagnostic> diagnostics;  // from loading
  size_t error_count = 0;
  size_t dropped = 0;
  std::vector<CellEdit> edits;  // applied with with_cell, in order
};

struct TableHandle {
  DecisionTable table;
  Dictionary dict;
  std::vector<std::vector<std::string>> domains;  // DomainCodes(dict)
  // Output categories: distinct rule ids and legal sources of the eligibility rows.
  std::vector<std::string> rule_ids, sources;
  std::vector<int32_t> rule_code, source_code;  // per table row (RecordOutcome::rule); -1 elsewhere
  std::vector<std::string> alert_codes;         // per alert id

  // Throws ValueError when the table lacks one of the eight input domains.
  static std::shared_ptr<TableHandle> Make(DecisionTable table);
  // Throws ValueError unless `p` was prepared with the same input domains.
  void CheckCompatible(const Prepared& p) const;
};

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_HANDLES_H_
