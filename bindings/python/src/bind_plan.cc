// _core.plan / _core.plans: repair plans (xiufu::PlanEntity, include/xiufu/runtime/plan.h) of
// one entity, or of every entity with a record still published, as output columns (one row per
// step). The plan logic, the step texts (StepText), the printed plan (PlanText) and the JSON
// (PlanJson) are the library's own: this file only copies them into Python objects.
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "handles.h"
#include "register.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/parallel_for.h"
#include "xiufu/runtime/plan.h"

namespace xiufu::py {
namespace {

constexpr int kNumStepKinds = 4;

// One entity's plan with its step texts, rendered where the plan was made (without the GIL).
struct Planned {
  size_t entity = 0;
  RepairPlan plan;
  std::vector<std::string> zh, en;
};

void CheckRecordIds(const Prepared& p) {
  if (p.pop.record_id.size() != p.pop.num_records()) {
    throw pyb::value_error("the population was prepared without record ids (with_text=False)");
  }
}

// `scratch`: the calling thread's (one per thread across entities: the evaluation date's
// preparation is then made once).
Planned MakePlan(const TableHandle& h, const Population& pop, size_t entity, Date as_of,
                 Scratch& scratch) {
  absl::StatusOr<RepairPlan> plan = PlanEntity(h.table, pop, entity, as_of, scratch);
  // PlanEntity fails only for arguments out of range (a ValueError); this may run without the
  // GIL, so no Python error state is touched here.
  if (!plan.ok()) throw pyb::value_error("plan: " + std::string(plan.status().message()));
  Planned out;
  out.entity = entity;
  out.plan = *std::move(plan);
  for (const PlanStep& s : out.plan.steps) {
    out.zh.push_back(StepText(h.table, pop, s, Lang::kZh));
    out.en.push_back(StepText(h.table, pop, s, Lang::kEn));
  }
  return out;
}

std::string Joined(const std::vector<std::string_view>& parts) {
  std::string out;
  for (std::string_view s : parts) {
    if (!out.empty()) out += '|';
    out.append(s);
  }
  return out;
}

// The steps of `plans` as columns: codes for the categorical columns (-1 = none), datetime64[ns]
// values for dates, '|'-joined text for lists. `entity` and `clean_by` repeat the entity's
// population index and clean-by day on each of its rows.
pyb::dict StepColumns(const TableHandle& h, const Population& pop,
                      const std::vector<Planned>& plans) {
  const DecisionTable& t = h.table;
  size_t rows = 0;
  for (const Planned& p : plans) rows += p.plan.steps.size();
  auto entity = NewArray<int32_t>(rows), step = NewArray<int32_t>(rows);
  auto kind = NewArray<int8_t>(rows), action = NewArray<int8_t>(rows);
  auto platform = NewArray<int8_t>(rows), authority = NewArray<int8_t>(rows);
  auto date = NewArray<int64_t>(rows), followed_by = NewArray<int64_t>(rows);
  auto clean_by = NewArray<int64_t>(rows);
  auto rule = NewArray<int32_t>(rows);
  pyb::list report_years, records, materials, raw_materials, followers, zh, en;
  size_t k = 0;
  for (const Planned& p : plans) {
    for (size_t i = 0; i < p.plan.steps.size(); ++i, ++k) {
      const PlanStep& s = p.plan.steps[i];
      entity.mutable_at(k) = static_cast<int32_t>(p.entity);
      step.mutable_at(k) = static_cast<int32_t>(i + 1);
      kind.mutable_at(k) = static_cast<int8_t>(s.kind);
      action.mutable_at(k) = static_cast<int8_t>(s.action);
      platform.mutable_at(k) = static_cast<int8_t>(s.platform);
      authority.mutable_at(k) = static_cast<int8_t>(s.authority);
      date.mutable_at(k) = DaysToNs(s.date);
      followed_by.mutable_at(k) = DaysToNs(s.followed_by);
      clean_by.mutable_at(k) = DaysToNs(p.plan.clean_by);
      rule.mutable_at(k) = s.rule < h.rule_code.size() ? h.rule_code[s.rule] : -1;
      std::string years;
      for (int y : s.report_years) years += Text(years.empty() ? "" : "|", y);
      report_years.append(years);
      std::vector<std::string_view> ids, fol;
      for (uint32_t r : s.records) {
        ids.push_back(r < pop.record_id.size() ? std::string_view(pop.record_id[r])
                                               : std::string_view());
      }
      records.append(Joined(ids));
      materials.append(MaterialCodes(t, s.materials));
      raw_materials.append(MaterialCodes(t, s.raw_materials));
      for (int q = 0; q < t.NumPlatforms(); ++q) {
        if ((s.followers >> q) & 1) fol.push_back(t.PlatformCode(q));
      }
      followers.append(Joined(fol));
      zh.append(p.zh[i]);
      en.append(p.en[i]);
    }
  }
  pyb::dict out;
  out["entity"] = entity;
  out["step"] = step;
  out["kind"] = kind;
  out["action"] = action;
  out["report_years"] = report_years;
  out["records"] = records;
  out["platform"] = platform;
  out["authority"] = authority;
  out["date"] = date;
  out["rule_id"] = rule;
  out["materials"] = materials;
  out["raw_materials"] = raw_materials;
  out["followers"] = followers;
  out["followed_by"] = followed_by;
  out["zh"] = zh;
  out["en"] = en;
  out["clean_by"] = clean_by;
  return out;
}

pyb::dict PlanOne(const TableHandle& h, const Prepared& p, size_t entity, int32_t as_of_days) {
  h.CheckCompatible(p);
  CheckRecordIds(p);
  const Population& pop = p.pop;
  if (entity >= pop.num_entities()) throw pyb::index_error("entity out of range");
  std::vector<Planned> one;
  std::string text_zh, text_en, json;
  {
    pyb::gil_scoped_release nogil;
    Scratch scratch;
    one.push_back(MakePlan(h, pop, entity, Date{as_of_days}, scratch));
    text_zh = PlanText(h.table, pop, one[0].plan, Lang::kZh);
    text_en = PlanText(h.table, pop, one[0].plan, Lang::kEn);
    json = PlanJson(h.table, pop, one[0].plan);
  }
  pyb::dict out;
  out["uscc"] = std::string(pop.uscc[entity].data(), pop.uscc[entity].size());
  out["as_of"] = FormatDate(Date{as_of_days});
  out["clean_by"] = one[0].plan.clean_by == kNoDay ? std::string()
                                                   : FormatDate(Date{one[0].plan.clean_by});
  out["text_zh"] = text_zh;
  out["text_en"] = text_en;
  out["json"] = json;
  out["steps"] = StepColumns(h, pop, one);
  return out;
}

// Every entity with a step to take or to wait for (a record still published somewhere), in
// population order; ParallelFor over contiguous chunks of entities, without the GIL.
pyb::dict PlanAll(const TableHandle& h, const Prepared& p, int32_t as_of_days, int threads) {
  h.CheckCompatible(p);
  CheckRecordIds(p);
  const Population& pop = p.pop;
  const size_t n = pop.num_entities();
  // Plans cost far more per entity than evaluation, and entities with records are unevenly
  // spread: several chunks per thread let a free thread take the next one.
  const size_t chunks =
      std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(ResolveThreads(threads)) * 8,
                                           n / 256));
  std::vector<std::vector<Planned>> parts(chunks);
  {
    pyb::gil_scoped_release nogil;
    ParallelFor(threads, chunks, [&](size_t c) {
      thread_local Scratch scratch;
      for (size_t e = ChunkBegin(n, chunks, c); e < ChunkBegin(n, chunks, c + 1); ++e) {
        if (pop.RecordsBegin(e) == pop.RecordsEnd(e)) continue;
        Planned planned = MakePlan(h, pop, e, Date{as_of_days}, scratch);
        if (!planned.plan.steps.empty()) parts[c].push_back(std::move(planned));
      }
    });
  }
  std::vector<Planned> all;
  for (std::vector<Planned>& part : parts) {
    for (Planned& planned : part) all.push_back(std::move(planned));
  }
  return StepColumns(h, pop, all);
}

}  // namespace

void RegisterPlan(pyb::module_& m) {
  std::vector<std::string> kinds;
  for (int k = 0; k < kNumStepKinds; ++k) {
    kinds.emplace_back(StepKindCode(static_cast<PlanStep::Kind>(k)));
  }
  m.attr("STEP_KINDS") = kinds;
  m.def("plan", &PlanOne, pyb::arg("table"), pyb::arg("prepared"), pyb::arg("entity"),
        pyb::arg("as_of"),
        "The repair plan of one entity (PlanEntity): uscc, as_of, clean_by, text_zh, text_en\n"
        "(PlanText), json (PlanJson) and steps (output columns, one row per step).");
  m.def("plans", &PlanAll, pyb::arg("table"), pyb::arg("prepared"), pyb::arg("as_of"),
        pyb::arg("threads") = 0,
        "The plans of every entity with a record still published: the steps' columns, with the\n"
        "entity's population index and clean-by day on each row.");
}

}  // namespace xiufu::py
