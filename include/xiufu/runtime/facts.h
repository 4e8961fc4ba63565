// xiufu facts — the fixed vocabulary that decision-table columns test and output dates are
// computed from. Each fact has a name (the CSV column header), a type, and a scope. Enum facts
// name the pack domain that gives their codes. Elapsed facts ("since_*") measure the time from
// a date of the record/entity to the evaluation date and are tested with durations; every
// duration unit is its own *slot* (since_decision in months, in days, …), so one cell always
// tests one integer. Missing values are kNull and match only `-` and `null` cells.
//
// Constant data; thread-safe.
#ifndef XIUFU_FACTS_H_
#define XIUFU_FACTS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "xiufu/runtime/date.h"

namespace xiufu {

inline constexpr int64_t kNull = INT64_MIN;

enum class FactType : uint8_t {
  kEnum,     // dense id into a pack domain (`domain` below)
  kBool,     // 0 / 1
  kNumber,   // integer (yuan, counts, days)
  kDate,     // days since 1970-01-01; cells compare with YYYY-MM-DD literals
  kElapsed,  // elapsed whole units since a date; cells use durations (3m, 1y, 180d, 10wd)
};

// Which stage of evaluation can see the fact.
enum class FactScope : uint8_t {
  kRecord,   // per record × platform (eligibility, materials, record_alerts)
  kDerived,  // per record × platform, computed from the eligibility outcome (materials, alerts)
  kEntity,   // per entity (all decisions)
  kEntityDerived,  // per entity, after all records are decided (entity_alerts only)
};

enum class Fact : uint8_t {
  kAsOf,
  kPlatform,
  kDepartment,
  kRecordKind,
  kSeverity,
  kPenalty,
  kProcedure,
  kSector,
  kFineAmount,
  kShown,
  kRepaired,
  kRepairedElsewhere,
  kObligationsFulfilled,
  kCorrected,
  kLaterSameType,
  kDecisionDate,
  kPublicationDate,
  kSinceDecision,
  kSincePublication,
  kSinceFulfilled,
  kSinceCorrected,
  kSinceRepairedElsewhere,
  kRecords12m,
  kSameTypeCount,
  // derived from the eligibility outcome
  kStatus,
  kUntilEligible,
  kUntilExpiry,
  // entity
  kEntityKind,
  kEntityStatus,
  kUsccValid,
  kUnreachable,
  kMissedReports,
  kReportPending,
  kDaysToReportDeadline,
  kSinceRegistration,
  kOnAbnormalList,
  kOnSeriousList,
  kSinceAbnormalListed,
  kRecordCount,
  // entity, after records are decided
  kSeriousShown,
  kShownCount,
  kCount_,
};

inline constexpr int kNumFacts = static_cast<int>(Fact::kCount_);  // the built-in facts
// A pack's custom input columns (custom_column.h) are facts too, with ids kNumFacts,
// kNumFacts + 1, … (a date column takes two: its date and its `since_` elapsed fact).
inline constexpr int kMaxCustomFacts = 16;
inline constexpr int kNumFactIds = kNumFacts + kMaxCustomFacts;
// A slot is one integer the evaluator computes: fact * 4 + unit for elapsed facts (unit is
// DurationUnit, years folded into months by the compiler), fact * 4 for every other fact.
inline constexpr int kNumSlots = kNumFactIds * 4;

struct FactInfo {
  Fact fact;
  std::string_view name;    // CSV header, e.g. "since_decision"
  FactType type;
  FactScope scope;
  std::string_view domain;  // for kEnum: pack domain name ("department", "platform", …)
  std::string_view doc;     // one line, for docs and `xiufu facts`
};

// The built-in fact's name for people (explain): "是否已履行法定义务" / "obligations fulfilled".
// Custom facts: CustomFacts (custom_column.h).
std::string_view FactZh(Fact f);
std::string_view FactEn(Fact f);

// A built-in fact (f < kNumFacts); CustomFacts::Info covers custom ones too.
const FactInfo& InfoOf(Fact f);
std::optional<Fact> FactByName(std::string_view name);
inline constexpr bool IsCustomFact(Fact f) { return static_cast<int>(f) >= kNumFacts; }

constexpr int SlotOf(Fact f, DurationUnit unit = DurationUnit::kDays) {
  const int u = unit == DurationUnit::kYears ? static_cast<int>(DurationUnit::kMonths)
                                             : static_cast<int>(unit);
  return static_cast<int>(f) * 4 + u;
}
constexpr Fact FactOfSlot(int slot) { return static_cast<Fact>(slot / 4); }
constexpr DurationUnit UnitOfSlot(int slot) { return static_cast<DurationUnit>(slot % 4); }

// The record's codes: the enum columns of the record itself (department, kind, severity,
// penalty, procedure, sector), the same on every date and in every simulation.
constexpr bool IsRecordCode(Fact f) {
  switch (f) {
    case Fact::kDepartment: case Fact::kRecordKind: case Fact::kSeverity: case Fact::kPenalty:
    case Fact::kProcedure: case Fact::kSector:
      return true;
    default:
      return false;
  }
}

// The facts that differ between the platforms of one record: the platform's own (platform,
// shown, repaired, repaired elsewhere) and those derived from its eligibility outcome. Every
// other fact a record decision tests is the same for all platforms of a record, so the matcher
// ANDs those once per record (match.h, RecordMatch).
constexpr bool VariesByPlatform(Fact f) {
  switch (f) {
    case Fact::kPlatform: case Fact::kShown: case Fact::kRepaired: case Fact::kRepairedElsewhere:
    case Fact::kSinceRepairedElsewhere: case Fact::kStatus: case Fact::kUntilEligible:
    case Fact::kUntilExpiry:
      return true;
    default:
      return false;
  }
}

// Date sources usable in output date expressions (`decision_date + 3m`,
// `max(decision_date + 1y, fulfilled_date + 6m)`).
enum class DateBase : uint8_t {
  kNone,
  kAsOf,
  kDecisionDate,
  kPublicationDate,
  kFulfilledDate,
  kCorrectedDate,
  kRegistrationDate,
  kAbnormalListedDate,
  kReportDeadline,  // June 30 of the evaluation year
  kEligibleFrom,    // alerts only: the eligibility outcome's dates
  kExpiresOn,
  // A rule pack's custom date columns (custom_column.h), the k-th in declaration order: named
  // by the column in date expressions (`max(rectification_accepted_date, decision_date + 3m)`).
  kCustom0,
  kCount_ = kCustom0 + 8,
};
inline constexpr int kMaxCustomDateBases = 8;
std::string_view DateBaseName(DateBase b);
std::optional<DateBase> DateBaseByName(std::string_view name);

// The engine-fixed status domain. Tables write kEligible; the evaluator resolves it to
// kEligibleNow or kEligibleLater from the computed eligible_from date.
enum class RepairStatus : uint8_t {
  kNotShown = 0,
  kEligibleNow = 1,
  kEligibleLater = 2,
  kDropsOff = 3,
  kNotRepairable = 4,
  kRepaired = 5,
  kEligible = 6,
  kBlocked = 7,  // repairable once named actions are done (RecordOutcome::actions)
  kCount_,
};
inline constexpr int kNumStatuses = 8;
std::string_view StatusCode(RepairStatus s);   // "eligible_now"
std::string_view StatusZh(RepairStatus s);     // "现在可申请修复"
std::string_view StatusEn(RepairStatus s);     // "eligible now"

// The engine-fixed entity-kind domain, derived from the USCC prefix (91/92/93).
enum class EntityKind : uint8_t { kEnterprise = 0, kIndividual = 1, kCooperative = 2, kOther = 3 };
std::string_view EntityKindCode(EntityKind k);

}  // namespace xiufu

#endif  // XIUFU_FACTS_H_
