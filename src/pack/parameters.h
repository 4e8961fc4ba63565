// Internal to the pack library (loader, pack edits): `$parameter` references in table cells —
// finding them, substituting the value in force, and turning a table row that uses them into
// one row per period in which their values hold (docs/rule-pack.md, "Parameters").
//
// Pure functions of their arguments (a sink collects problems); thread-compatible.
#ifndef XIUFU_SRC_PACK_PARAMETERS_H_
#define XIUFU_SRC_PACK_PARAMETERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xiufu/pack.h"
#include "xiufu/runtime/diagnostic.h"

namespace xiufu::pack_internal {

// Whether the text names a parameter (`$` followed by a name).
bool HasParameterRef(std::string_view text);
// The names of the parameters the text uses, in order (without the `$`).
std::vector<std::string_view> ParameterRefs(std::string_view text);

// Checks a value written for `p` (its type; kEnum: a code of its domain in `pack`) and
// returns it trimmed, or the problem (nullopt + *error).
std::optional<std::string> CheckParameterValue(const Pack& pack, const Parameter& p,
                                               std::string_view text, std::string* error);

// The rows of the table for template row `tmpl` (its own dates in authored_from/authored_to;
// cells and date outputs that name parameters hold their text, parsed or not): `tmpl` as is
// when it names none, else one row per period between the parameters' value changes, each
// with those cells parsed from the substituted text and the effective dates narrowed. Unknown
// parameters and cells that do not parse once substituted are reported to `sink` (once each).
std::vector<Row> ResolveRow(const Pack& pack, const Table& table, Row tmpl, DiagnosticSink* sink);

// Re-resolves every row of `pack` that uses a parameter of `mask` (bits of Pack::parameters),
// after their values changed: each group of sibling rows collapses back to its template.
void ReresolveRows(Pack* pack, uint32_t mask, DiagnosticSink* sink);

// The index of the first row of the group (same rule_id, consecutive) that row `i` belongs
// to, and one past its last row.
std::pair<size_t, size_t> SiblingRange(const Table& table, size_t i);
// The template of a group of sibling rows: the first, with its authored dates.
Row TemplateOf(const Table& table, size_t first);

}  // namespace xiufu::pack_internal

#endif  // XIUFU_SRC_PACK_PARAMETERS_H_
