// xiufu outcome text — the one place that says how an outcome is shown to people and files:
// status codes and names (with the "undecided" rule), reason and alert messages rendered from
// the pack's templates, and material / alert code lists. The CLI, reports, explain, the Python
// binding and host services all call these, so every front door prints the same words.
//
// Message templates use the fields {eligible_from} {expires_on} {department} {platform}
// {channel} {authority} {rule_id}; they are split at their fields once per table (when it
// is compiled or loaded) and rendered by appending parts, never re-parsed. Department and
// platform fields render the pack's Chinese or English name (the code when the name is
// empty).
//
// Pure functions of a shared immutable table; thread-safe.
#ifndef XIUFU_RUNTIME_OUTCOME_TEXT_H_
#define XIUFU_RUNTIME_OUTCOME_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/outcome.h"
#include "xiufu/runtime/population.h"

namespace xiufu {

enum class Lang : uint8_t { kZh, kEn };

// ---- status ----
// A shown record × platform pair that no eligibility row decided is "undecided" (未判定): it is
// counted under no status and its clean-by date is unknown.
inline bool IsUndecided(const RecordOutcome& o, bool shown) { return shown && o.rule == kNoRow; }
// Whether record `r` is published on platform `p` as of the date: its shown_on bit, for a record
// decided by then (one decided later does not exist yet).
inline bool ShownOn(const Population& pop, size_t r, int p, Date as_of) {
  return ((pop.shown_mask[r] >> p) & 1) &&
         (pop.decision_date[r] == kNoDay || pop.decision_date[r] <= as_of.days);
}
std::string_view StatusCodeOf(const RecordOutcome& o, bool shown);          // "eligible_now" | "undecided" …
std::string_view StatusNameOf(const RecordOutcome& o, bool shown, Lang lang);  // "现在可申请修复" / "eligible now"
inline constexpr std::string_view kUndecidedCode = "undecided";

// ---- messages ----
// The values the fields are filled from. Make them with MessageArgsFor.
struct MessageArgs {
  int32_t eligible_from = kNoDay;
  int32_t expires_on = kNoDay;
  int department = -1;  // dense ids; -1 = empty
  int platform = -1;
  int channel = -1;
  int authority = -1;
  uint32_t rule = kNoRow;
  friend bool operator==(const MessageArgs&, const MessageArgs&) = default;
};
// For record `record` (absolute index; -1 for an entity message) on `platform` (-1 for none)
// with `outcome` (nullptr for none).
MessageArgs MessageArgsFor(const Population& pop, int64_t record, int platform,
                           const RecordOutcome* outcome);

// MessageField bits (1 << MessageField) a message uses: a rendered message depends only on those
// fields of MessageArgs, so callers may memoise on them.
enum class MessageField : uint8_t {
  kEligibleFrom, kExpiresOn, kDepartment, kPlatform, kChannel, kAuthority, kRuleId, kCount_
};
uint8_t ReasonFields(const DecisionTable& table, uint32_t row, Lang lang);
uint8_t AlertFields(const DecisionTable& table, int alert, Lang lang);

// The reason of eligibility row `row` / the message of alert `alert`, rendered; "" for kNoRow.
std::string RenderReason(const DecisionTable& table, uint32_t row, const MessageArgs& args,
                         Lang lang);
std::string RenderAlert(const DecisionTable& table, int alert, const MessageArgs& args,
                        Lang lang);
// The same appended to *out (a writer's buffer, or a string reused row after row: no
// allocation once it has grown).
void AppendReason(std::string* out, const DecisionTable& table, uint32_t row,
                  const MessageArgs& args, Lang lang);
void AppendAlert(std::string* out, const DecisionTable& table, int alert, const MessageArgs& args,
                 Lang lang);

// ---- codes ----
// Material / alert / action codes of a set, in catalogue order, joined by `sep`; the Append
// forms add them to *out.
std::string MaterialCodes(const DecisionTable& table, const Bits128& set, std::string_view sep = "|");
std::string AlertCodes(const DecisionTable& table, uint64_t set, std::string_view sep = "|");
std::string ActionCodes(const DecisionTable& table, uint32_t set, std::string_view sep = "|");
void AppendMaterialCodes(std::string* out, const DecisionTable& table, const Bits128& set,
                         std::string_view sep = "|");
void AppendAlertCodes(std::string* out, const DecisionTable& table, uint64_t set,
                      std::string_view sep = "|");
void AppendActionCodes(std::string* out, const DecisionTable& table, uint32_t set,
                       std::string_view sep = "|");

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_OUTCOME_TEXT_H_
