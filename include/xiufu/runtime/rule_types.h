// xiufu rule types — the small value types that the authored pack (pack.h) and the compiled
// table share: capacity limits, 128-bit material sets, integer ranges, the four decisions and
// their hit policies, and the list-membership configuration the engine derives context from.
//
// Plain value types; thread-compatible.
#ifndef XIUFU_RUNTIME_RULE_TYPES_H_
#define XIUFU_RUNTIME_RULE_TYPES_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "xiufu/runtime/date.h"

namespace xiufu {

inline constexpr int kMaxEnumValues = 64;  // enum cells compile to one 64-bit mask
inline constexpr int kMaxMaterials = 128;
inline constexpr int kMaxAlerts = 64;
inline constexpr int kMaxPlatforms = 8;
inline constexpr int kMaxActions = 32;  // unblocking actions: one 32-bit set

struct Bits128 {
  uint64_t w[2] = {0, 0};
  void Set(int i) { w[i >> 6] |= uint64_t{1} << (i & 63); }
  bool Test(int i) const { return (w[i >> 6] >> (i & 63)) & 1; }
  Bits128& operator|=(const Bits128& o) { w[0] |= o.w[0]; w[1] |= o.w[1]; return *this; }
  bool Any() const { return (w[0] | w[1]) != 0; }
  int Count() const { return __builtin_popcountll(w[0]) + __builtin_popcountll(w[1]); }
  friend bool operator==(const Bits128&, const Bits128&) = default;
};

// Half-open integer interval [lo, hi). Dates are days, elapsed facts are whole units.
struct Range {
  int64_t lo;
  int64_t hi;
  friend bool operator==(const Range&, const Range&) = default;
};

// What a parsed cell tests: anything (`-`), a set of enum/bool values, or a union of ranges.
enum class CellKind : uint8_t { kAny, kEnumSet, kRanges };

enum class Decision : uint8_t { kEligibility, kMaterials, kRecordAlerts, kEntityAlerts };
inline constexpr int kNumDecisions = 4;
inline std::string_view DecisionName(Decision d) {
  constexpr std::string_view k[] = {"eligibility", "materials", "record_alerts", "entity_alerts"};
  return k[static_cast<int>(d)];
}

enum class HitPolicy : uint8_t { kFirst, kPriority, kUnique, kCollect };
inline std::string_view HitPolicyName(HitPolicy p) {
  constexpr std::string_view k[] = {"FIRST", "PRIORITY", "UNIQUE", "COLLECT"};
  return k[static_cast<int>(p)];
}

// What doing an unblocking action changes, as the engine simulates it on the evaluation date
// ("if every action were done today"): the pack's actions.csv gives each action one effect.
enum class ActionEffect : uint8_t {
  kNone,           // nothing the engine can simulate (the date stays unknown)
  kFulfil,         // the record's legal obligations are fulfilled (fine paid, judgment performed)
  kCorrect,        // the record's dishonest behaviour is corrected
  kFileReports,    // every annual report due is filed
  kReachable,      // the entity becomes reachable at its registered address
  kLeaveAbnormal,  // the entity's abnormal listings are removed
  kCount_,
};
inline std::string_view ActionEffectName(ActionEffect e) {
  constexpr std::string_view k[] = {"none", "fulfil", "correct", "file_reports", "reachable",
                                    "leave_abnormal"};
  return k[static_cast<int>(e)];
}

// How the engine derives list-membership context facts from records.
struct ContextConfig {
  uint64_t abnormal_kinds = 0;   // record_kind mask: abnormal list / individual abnormal status
  uint64_t serious_kinds = 0;    // record_kind mask: serious illegal dishonesty lists
  uint64_t serious_severities = 0;  // severity mask counted by `serious_shown`
  Duration serious_list_max{3, DurationUnit::kYears};  // automatic removal
  // A list's own term where it differs (per record_kind id; amount 0 = serious_list_max): a
  // court dishonest-debtor entry is not a 3-year serious list.
  std::array<Duration, kMaxEnumValues> list_term{};
  Duration TermOf(uint8_t kind) const {
    return kind < list_term.size() && list_term[kind].amount > 0 ? list_term[kind]
                                                                 : serious_list_max;
  }
  uint64_t penalty_kinds = 0;    // record_kind mask for `later_same_type`/records_12m
};

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_RULE_TYPES_H_
