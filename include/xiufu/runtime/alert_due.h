// xiufu alert due dates — when an alert's `due` expression (alerts.csv) says its matter is due,
// for an entity's alerts or a record × platform's, on the evaluation date.
//
// EntityAlertDues answers for one entity: the entity's context the expressions may start from
// (its earliest abnormal listing in force) is found once, by scanning its records, on the first
// alert that has a due date, so an entity with many records and alerts costs one scan, not one
// per alert. It reads the shared table and population; an EntityAlertDues is one thread's.
// AlertDue is one EntityAlertDues used once.
#ifndef XIUFU_RUNTIME_ALERT_DUE_H_
#define XIUFU_RUNTIME_ALERT_DUE_H_

#include <cstddef>
#include <cstdint>

#include "xiufu/runtime/date.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/outcome.h"
#include "xiufu/runtime/population.h"

namespace xiufu {

class EntityAlertDues {
 public:
  // The alerts of entity `entity` of `pop` (as evaluated by `table` on `as_of`); the three must
  // outlive this object, and the population must not change while it is used.
  EntityAlertDues(const DecisionTable& table, const Population& pop, size_t entity, Date as_of)
      : d_(internal::Data(table)), pop_(pop), entity_(entity), as_of_(as_of) {}

  // The due date of alert `alert` for record `record`'s outcome `outcome` on one platform (or
  // the entity's, record < 0 and outcome nullptr), from the alert's `due` expression; kNoDay
  // when it has none, or for an alert index out of range.
  int32_t operator()(int64_t record, const RecordOutcome* outcome, int alert) {
    if (alert < 0 || alert >= static_cast<int>(d_.alerts.size())) return kNoDay;
    const internal::CompiledDateExpr& due = d_.alerts[alert].due;
    if (due.base1 == static_cast<uint8_t>(DateBase::kNone)) return kNoDay;
    if (!scanned_) {
      // Due dates start from dates: only the entity's context is needed, not its facts.
      env_ = internal::EnvOf(d_, ToYmd(as_of_), nullptr);
      bool abnormal = false, serious = false;
      ctx_ = internal::ScanEntityRecords</*kCountRecent=*/false>(env_, pop_, entity_, as_of_,
                                                                  &abnormal, &serious);
      scanned_ = true;
    }
    internal::DateBases bases;
    internal::FillDateBases(env_, pop_, entity_, record, as_of_, ctx_, &bases);
    if (outcome != nullptr) {
      bases[static_cast<int>(DateBase::kEligibleFrom)] = outcome->eligible_from;
      bases[static_cast<int>(DateBase::kExpiresOn)] = outcome->expires_on;
    }
    return internal::EvalDateExpr(due, bases, d_.calendar);
  }

 private:
  const internal::TableData& d_;
  const Population& pop_;
  size_t entity_;
  Date as_of_;
  bool scanned_ = false;
  internal::FactEnv env_{};
  internal::EntityContext ctx_;
};

// The due date of alert `alert` for a record × platform outcome (or the entity when record <
// 0), from the alert's `due` expression; kNoDay when it has none. For several alerts of one
// entity, one EntityAlertDues.
inline int32_t AlertDue(const DecisionTable& table, const Population& pop, size_t entity,
                        int64_t record, const RecordOutcome* outcome, int alert, Date as_of) {
  return EntityAlertDues(table, pop, entity, as_of)(record, outcome, alert);
}

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_ALERT_DUE_H_
