// xiufu::PlanEntity — the repair plan of one entity (信用修复一件事: one application, all
// platforms): the ordered steps that take every record off every platform, and the day the
// entity is expected clean everywhere if each step is done on its date.
//
// How it is made (all from the rule pack, nothing per platform in code): the entity is
// evaluated; the unblocking actions of its blocked records come first (done today); then the
// plan simulates the company following it — each application is assumed granted on the day it
// can first be made, the record counts as repaired on that platform from then on, and the
// entity is decided again *as of that day* (so the regime in force on the day of each act
// decides it, and the pack's sync rules say which platforms follow and by when). Actions that
// become due on the way (e.g. a new annual report) are added on the day they arise. A step a
// later step makes unnecessary is not listed; platforms that follow an application are listed
// under it, not as steps of their own — so is a platform whose rule has the record applied for
// through the application's platform when no sync rule has it follow: that application is its
// own, granted the same day. Every application an entity needs is listed, however many records
// it has; only a pack that cycles (64 rounds in a row without an application covering anything
// new) ends a plan early. After an application the plan decides again only what it can change
// (the applied record, unless the entity's listings change), so an entity with thousands of
// records plans in seconds, not hours.
//
// Pure function of a shared table and population; thread-safe.
#ifndef XIUFU_RUNTIME_PLAN_H_
#define XIUFU_RUNTIME_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/outcome_text.h"
#include "xiufu/runtime/population.h"

namespace xiufu {

class Scratch;  // evaluate.h

struct PlanStep {
  enum class Kind : uint8_t {
    kAction,    // do an unblocking action (pay, correct, file reports …) by `date`
    kApply,     // apply for repair of `record` on `platform` from `date`
    kDropsOff,  // nothing to do: `record` stops being published on `platform` on `date`
    kStays,     // `record` stays published on `platform`; no date can be given
  };
  Kind kind = Kind::kAction;
  int action = -1;                 // kAction: action id (DecisionTable::ActionCode)
  std::vector<int> report_years;   // kAction with the file_reports effect: the years to file
  std::vector<uint32_t> records;   // absolute record indexes the step concerns
  int platform = -1;               // kApply: where to apply; kDropsOff / kStays: the platform
  int authority = -1;              // kApply: the department that decides
  int32_t date = kNoDay;           // kAction: do by; kApply: from; kDropsOff: on
  uint32_t rule = kNoRow;          // the eligibility row behind the step
  Bits128 materials;               // kApply: canonical materials to hand in
  Bits128 raw_materials;           // kApply: the raw materials they stand for
  uint8_t followers = 0;           // kApply: platforms that follow automatically (bit per id)
  int32_t followed_by = kNoDay;    // kApply: the last day a follower stops publishing
};

struct RepairPlan {
  size_t entity = 0;
  int32_t as_of = kNoDay;
  std::vector<PlanStep> steps;     // actions first, then applications by date, then the rest
  int32_t clean_by = kNoDay;       // clean on every platform; kNoDay = never / unknown
};

// Plans entity `entity` as of `as_of`. Fails only for an entity index out of range or a
// population built for another table.
absl::StatusOr<RepairPlan> PlanEntity(const DecisionTable& table, const Population& pop,
                                      size_t entity, Date as_of);
// The same with the caller's evaluation scratch: planning many entities, keep one per thread
// (as EvaluateEntity's), so what is prepared per evaluation date is prepared once, not once
// per entity. The scratch must not be used by another thread meanwhile.
absl::StatusOr<RepairPlan> PlanEntity(const DecisionTable& table, const Population& pop,
                                      size_t entity, Date as_of, Scratch& scratch);

namespace internal {
// PlanEntity deciding the whole entity again after every application and looking for due
// actions every round, where PlanEntity decides only what a step can change: the reference its
// record-by-record bookkeeping is held to (tests). Slower by the entity's records.
absl::StatusOr<RepairPlan> PlanEntityDecidingAll(const DecisionTable& table,
                                                 const Population& pop, size_t entity,
                                                 Date as_of);
}  // namespace internal

// The plan for people: numbered steps, Chinese or English.
std::string PlanText(const DecisionTable& table, const Population& pop, const RepairPlan& plan,
                     Lang lang);
// The plan as one JSON object (UTF-8; codes and both languages).
std::string PlanJson(const DecisionTable& table, const Population& pop, const RepairPlan& plan);

// The text of one step (without its number), e.g. "补报2024、2025年度报告" /
// "apply on Credit China from 2027-01-15 …".
std::string StepText(const DecisionTable& table, const Population& pop, const PlanStep& step,
                     Lang lang);
// The same appended to *out (a writer's string reused step after step).
void AppendStepText(std::string* out, const DecisionTable& table, const Population& pop,
                    const PlanStep& step, Lang lang);
std::string_view StepKindCode(PlanStep::Kind k);  // "action" | "apply" | "drops_off" | "stays"

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_PLAN_H_
