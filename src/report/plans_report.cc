// District plans for `xiufu run` (plans_report.h).
#include "xiufu/plans_report.h"

#include <map>

#include "base/csv_write.h"
#include "base/str_util.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/outcome_text.h"
#include "xiufu/runtime/parallel_for.h"

namespace xiufu {

std::vector<RepairPlan> PlanDistrict(const DecisionTable& table, const Population& pop,
                                     const BatchResult& batch, Date as_of, int threads) {
  std::vector<uint32_t> shown;
  for (size_t e = 0; e < pop.num_entities() && e < batch.entities.size(); ++e) {
    if (batch.entities[e].shown > 0) shown.push_back(static_cast<uint32_t>(e));
  }
  std::vector<RepairPlan> plans(shown.size());
  constexpr size_t kChunk = 256;
  const size_t chunks = (shown.size() + kChunk - 1) / kChunk;
  ParallelFor(threads, chunks, [&](size_t c) {
    thread_local Scratch scratch;  // the evaluation date's plan prepared once per thread
    for (size_t i = c * kChunk; i < std::min(shown.size(), (c + 1) * kChunk); ++i) {
      absl::StatusOr<RepairPlan> plan = PlanEntity(table, pop, shown[i], as_of, scratch);
      if (plan.ok()) {
        plans[i] = *std::move(plan);
      } else {  // only for a population of another table, which EvaluateBatch refused already
        plans[i].entity = shown[i];
        plans[i].as_of = as_of.days;
      }
    }
  });
  return plans;
}

PlansSummary SummarizePlans(const std::vector<RepairPlan>& plans) {
  PlansSummary s;
  std::map<std::string, size_t> months;
  for (const RepairPlan& p : plans) {
    ++s.entities;
    if (!p.steps.empty() && p.steps.front().kind == PlanStep::Kind::kAction) ++s.with_actions;
    if (p.clean_by == kNoDay) {
      ++s.never_clean;
      continue;
    }
    ++months[FormatDate(Date{p.clean_by}).substr(0, 7)];
  }
  s.clean_by_month.assign(months.begin(), months.end());
  return s;
}

OutputText PlansCsvOutput(const DecisionTable& table, const Population& pop,
                          const std::vector<RepairPlan>& plans, const CsvStyle& style) {
  OutputText t;
  t.head = style.bom ? kUtf8Bom : std::string_view();
  t.head +=
      "uscc,step,kind,action,report_years,records,platform,authority,date,rule_id,materials,"
      "followers,followed_by,clean_by,zh,en\n";
  t.items = plans.size();
  t.chunk = 256;
  t.rows = [&table, &pop, &plans, style](size_t lo, size_t hi, std::string* out) {
    // Each step's list and text fields, made in the same strings step after step.
    std::string years, records, followers, materials, zh, en;
    for (size_t k = lo; k < hi; ++k) {
      const RepairPlan& p = plans[k];
      const std::string_view uscc(pop.uscc[p.entity].data(), pop.uscc[p.entity].size());
      const std::string clean = FormatDate(Date{p.clean_by});
      for (size_t i = 0; i < p.steps.size(); ++i) {
        const PlanStep& s = p.steps[i];
        years.clear();
        for (int y : s.report_years) Append(&years, years.empty() ? "" : "|", y);
        records.clear();
        for (uint32_t r : s.records) {
          if (!records.empty()) records += '|';
          records += pop.record_id[r];
        }
        followers.clear();
        for (int q = 0; q < table.NumPlatforms(); ++q) {
          if (!((s.followers >> q) & 1)) continue;
          if (!followers.empty()) followers += '|';
          followers += table.PlatformCode(q);
        }
        materials.clear();
        AppendMaterialCodes(&materials, table, s.materials);
        zh.clear();
        AppendStepText(&zh, table, pop, s, Lang::kZh);
        en.clear();
        AppendStepText(&en, table, pop, s, Lang::kEn);
        const std::string step = Cat(i + 1), date = FormatDate(Date{s.date}),
                          followed_by = FormatDate(Date{s.followed_by});
        AppendCsvId(out, uscc, style.excel_text);
        const std::string_view fields[] = {
            step,
            StepKindCode(s.kind),
            s.action >= 0 ? table.ActionCode(s.action) : std::string_view(),
            years,
            records,
            s.platform >= 0 ? table.PlatformCode(s.platform) : std::string_view(),
            s.authority >= 0 ? table.DepartmentCode(s.authority) : std::string_view(),
            date,
            table.RuleId(s.rule),
            materials,
            followers,
            followed_by,
            clean,
            zh,
            en};
        for (std::string_view f : fields) {
          out->push_back(',');
          AppendCsvField(out, f);
        }
        out->push_back('\n');
      }
    }
  };
  return t;
}

std::string PlansCsv(const DecisionTable& table, const Population& pop,
                     const std::vector<RepairPlan>& plans, const CsvStyle& style, int threads) {
  return FormatOutput(PlansCsvOutput(table, pop, plans, style), threads);
}

}  // namespace xiufu
