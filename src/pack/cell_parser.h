// xiufu cell parsing — turns decision-table cells (docs/rule-pack.md, "Input cells" and "Output
// cells") into their parsed forms: input cells into a normalized xiufu::CellTest for one fact,
// output cells into statuses, date expressions and code lists.
//
// Every parser collects its problems as CellError values ({code, message}; code is the
// diagnostic code: "unknown-enum", "type-error", "bad-date", "bad-duration", "mixed-units",
// "bad-interval", "syntax", "bad-date-expr") and still returns a best-effort result (unknown
// codes are left out), so a caller can keep checking the rest of the row. The caller adds
// file, line, column and field when it turns errors into Diagnostics.
//
// Pure functions; thread-safe.
#ifndef XIUFU_SRC_CELL_PARSER_H_
#define XIUFU_SRC_CELL_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xiufu/runtime/facts.h"
#include "xiufu/pack.h"

namespace xiufu {

struct CellError {
  std::string code;
  std::string message;
};

// Smallest and largest-exclusive value of a range cell (kNull = INT64_MIN is never a value).
inline constexpr int64_t kRangeMin = INT64_MIN + 1;
inline constexpr int64_t kRangeMax = INT64_MAX;

// Splits a comma-separated list at top level (commas inside quotes, parentheses or brackets do
// not split) and trims each item. "" and "-" give no items.
std::vector<std::string_view> SplitCellList(std::string_view text);

// Removes one pair of surrounding quotes ("x" or 'x') and whitespace.
std::string_view Unquote(std::string_view text);

// Parses an input cell (a unary test) for `fact`. `domain` is the fact's enum domain (kEnum
// facts only; may be null when the pack lacks it, then every code is unknown). The result's
// slot is SlotOf(fact, unit) where unit is the cell's duration unit (years folded into months,
// amounts converted so that slot values are months); `text` is the cell as written. Enum and
// bool facts give kEnumSet (bool: bit 0 = false, bit 1 = true), number/date/elapsed facts give
// kRanges as sorted, disjoint, non-adjacent half-open intervals. `not(...)` complements over
// the domain (or over all integers) and never matches a missing value. On the `status` fact
// the code `eligible` also matches `eligible_now` and `eligible_later`.
CellTest ParseInputCell(std::string_view text, Fact fact, const EnumDomain* domain,
                        std::vector<CellError>* errors);
// The same for any fact of a pack's vocabulary (custom columns included: Pack::Facts()).
CellTest ParseInputCell(std::string_view text, const FactInfo& info, const EnumDomain* domain,
                        std::vector<CellError>* errors);

// Allowed bases of an output date expression: a bit per DateBase.
using BaseSet = uint32_t;
constexpr BaseSet BaseBit(DateBase b) { return BaseSet{1} << static_cast<int>(b); }
// Record-level bases (eligibility outputs, record alerts without outcome bases).
BaseSet RecordBases();
// Entity-level bases (entity alerts).
BaseSet EntityBases();

// `-`/empty, `base`, `base + 3m`, `max(base + 1y, base2 + 6m)`. Durations keep their unit. A
// base may also name one of `custom`'s date columns (Pack::columns): an entity column
// anywhere, a record column where `allowed` has the record dates (decision_date).
DateExpr ParseDateExpr(std::string_view text, BaseSet allowed, std::vector<CellError>* errors,
                       absl::Span<const CustomColumn> custom = {});

// An output status code (any code of the RepairStatus enum). nullopt (plus an error) otherwise.
std::optional<RepairStatus> ParseStatus(std::string_view text, std::vector<CellError>* errors);

// A single enum code or `-`/empty (→ -1), e.g. `channel`, `authority`.
int ParseOptionalCode(std::string_view text, const EnumDomain* domain,
                      std::vector<CellError>* errors);

// Normalizes a union of ranges: sorted, disjoint, adjacent ones merged, empty ones dropped.
std::vector<Range> NormalizeRanges(std::vector<Range> ranges);
// The complement of normalized ranges within [kRangeMin, kRangeMax).
std::vector<Range> ComplementRanges(const std::vector<Range>& ranges);

}  // namespace xiufu

#endif  // XIUFU_SRC_CELL_PARSER_H_
