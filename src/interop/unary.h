// Internal to the interop stage: parsed cells (CellTest) to ZEN unary expressions / FEEL
// unary tests and back to rule-pack cell text, and the effective-date condition on `as_of`.
//
// The two dialects write the same tests (`"fine", "confiscation"`, `true`, `< 36`,
// `[3..35]`, `>= date("2026-04-01")`, `null`); they differ in "any value" (ZEN: empty, FEEL:
// `-`) and "any value but missing" (ZEN: `$ != null`, FEEL: `not(null)`).
//
// Pure functions; thread-safe.
#ifndef XIUFU_SRC_INTEROP_UNARY_H_
#define XIUFU_SRC_INTEROP_UNARY_H_

#include <optional>
#include <string>
#include <string_view>

#include "interop/text_util.h"
#include "xiufu/pack.h"

namespace xiufu::interop_internal {

enum class Dialect { kZen, kFeel };

// A parsed input cell as a unary test over the value of its slot (elapsed facts in the slot's
// unit). `never` is set when the cell accepts no value at all (a lint warning in the pack).
std::string CellToUnary(const CellTest& cell, const FactInfo& info, const EnumDomain* domain,
                        Dialect dialect, bool* never);

// The condition "in force on as_of" of a row's effective dates (kNoDay = open).
std::string EffectiveToUnary(Date from, Date to, Dialect dialect);

// A unary test back to a rule-pack cell for the fact (elapsed facts: in `unit`). nullopt and
// *error when it is not one the engine can test (a function call, a `$` expression other than
// `$ != null`, a code that is not in the domain, …).
std::optional<std::string> UnaryToCell(std::string_view text, const FactInfo& info,
                                       DurationUnit unit, const EnumDomain* domain,
                                       std::string* error);

// An `as_of` condition back to effective dates: empty/`-`, `>= date(F)`, `<= date(T)`,
// `[date(F)..date(T)]` (open bounds shifted by a day). False and *error otherwise.
bool UnaryToEffective(std::string_view text, Date* from, Date* to, std::string* error);

// An output expression that is a string literal (`"eligible"`), or empty → "" ; nullopt and
// *error for anything else.
std::optional<std::string> OutputLiteral(std::string_view text, std::string* error);

// `"text"` with backslash escapes for `"` and `\` (ZEN and FEEL string literals).
std::string QuoteLiteral(std::string_view text);

}  // namespace xiufu::interop_internal

#endif  // XIUFU_SRC_INTEROP_UNARY_H_
