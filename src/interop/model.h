// Internal to the interop stage: one decision of a pack as the exported table sees it — its
// rows in decision order, its input slots and its output columns — shared by the JDM and DMN
// writers and by the importer (which output columns a decision has).
//
// Plain value types over a Pack (which must outlive them); thread-compatible.
#ifndef XIUFU_SRC_INTEROP_MODEL_H_
#define XIUFU_SRC_INTEROP_MODEL_H_

#include <string>
#include <string_view>
#include <vector>

#include "xiufu/pack.h"

namespace xiufu::interop_internal {

struct ExportRow {
  const Row* row;
  const Table* table;
};

struct DecisionModel {
  Decision decision;
  HitPolicy policy;                  // as declared
  std::vector<ExportRow> rows;       // decision order (PRIORITY: sorted as the compiler does)
  std::vector<int> slots;            // input slots, first-use order (as_of not included)
  std::vector<std::string> outputs;  // output columns, rule_id first
};

DecisionModel ModelOf(const Pack& pack, Decision decision);

// The output columns of a decision (without rule_id): eligibility status, actions (when the
// pack has actions), eligible_from, expires_on, channel, authority, reason_zh, reason_en;
// materials: materials; the alert decisions: alerts.
std::vector<std::string> OutputColumns(const Pack& pack, Decision decision);

// A row's value of an output column as rule-pack cell text ("" = not set): codes, code lists
// ("app_cc, commit_cc"), date expressions (`max(decision_date + 1y, fulfilled_date)`).
std::string OutputText(const Pack& pack, const Row& row, std::string_view column);

// The cell of `row` that tests `slot`, or nullptr (the row does not test it).
const CellTest* CellFor(const Row& row, int slot);

// The text of a date expression from its parsed form (parameters resolved).
std::string DateExprText(const DateExpr& x, const Pack& pack);

}  // namespace xiufu::interop_internal

#endif  // XIUFU_SRC_INTEROP_MODEL_H_
