// xiufu district plans — the repair plan (runtime/plan.h) of every entity that still has a
// record published, computed for `xiufu run`: one CSV row per step (plans.csv, documented in
// docs/formats.md) and the summary's plan section (how many entities have a plan, how many can
// be clean everywhere and by which month, how many keep a record with no end date).
//
// Pure functions of their arguments; PlanDistrict spreads entities over threads.
#ifndef XIUFU_PLANS_REPORT_H_
#define XIUFU_PLANS_REPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "xiufu/csv_style.h"
#include "xiufu/output_text.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/plan.h"

namespace xiufu {

// Plans of the entities with a record still shown (batch.entities[e].shown > 0), in entity
// order; `threads` as in EvaluateBatch.
std::vector<RepairPlan> PlanDistrict(const DecisionTable& table, const Population& pop,
                                     const BatchResult& batch, Date as_of, int threads);

struct PlansSummary {
  size_t entities = 0;          // entities with a plan (a record still shown)
  size_t with_actions = 0;      // … whose plan starts with unblocking actions
  size_t never_clean = 0;       // … that keep a record with no end date
  std::vector<std::pair<std::string, size_t>> clean_by_month;  // "YYYY-MM" → entities, sorted
};
PlansSummary SummarizePlans(const std::vector<RepairPlan>& plans);

// uscc, step, kind, action, report_years, records, platform, authority, date, rule_id,
// materials, followers, followed_by, clean_by, zh, en.
// As an OutputText and as its text, like the files of report.h.
OutputText PlansCsvOutput(const DecisionTable& table, const Population& pop,
                          const std::vector<RepairPlan>& plans, const CsvStyle& style = {});
std::string PlansCsv(const DecisionTable& table, const Population& pop,
                     const std::vector<RepairPlan>& plans, const CsvStyle& style = {},
                     int threads = 1);

}  // namespace xiufu

#endif  // XIUFU_PLANS_REPORT_H_
