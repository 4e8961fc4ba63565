// Run summaries and output files. Tested by tests/report_test.cc.
#include "xiufu/report.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "base/csv_write.h"
#include "base/str_util.h"
#include "xiufu/runtime/outcome_text.h"
#include "xiufu/runtime/explain.h"
#include "xiufu/runtime/facts.h"

namespace xiufu {
namespace {

bool InForce(int32_t from, int32_t to, Date as_of) {
  return (from == kNoDay || from <= as_of.days) && (to == kNoDay || as_of.days <= to);
}

void Count(PlatformSummary& s, const RecordOutcome& o, bool undecided) {
  if (undecided) {
    ++s.undecided;
    return;
  }
  switch (o.status) {
    case RepairStatus::kEligibleNow:
    case RepairStatus::kEligible: ++s.eligible_now; break;
    case RepairStatus::kEligibleLater: ++s.eligible_later; break;
    case RepairStatus::kDropsOff: ++s.drops_off; break;
    case RepairStatus::kNotRepairable: ++s.not_repairable; break;
    case RepairStatus::kBlocked: ++s.blocked; break;
    case RepairStatus::kRepaired: ++s.repaired; break;
    default: ++s.not_shown; break;
  }
}

void Add(PlatformSummary& to, const PlatformSummary& s) {
  to.eligible_now += s.eligible_now;
  to.eligible_later += s.eligible_later;
  to.drops_off += s.drops_off;
  to.not_repairable += s.not_repairable;
  to.blocked += s.blocked;
  to.repaired += s.repaired;
  to.not_shown += s.not_shown;
  to.undecided += s.undecided;
}

// An alert's message template with its placeholders replaced by generic words, for summaries
// that speak about the alert type rather than one record.
std::string GenericMessage(std::string_view tmpl, bool zh) {
  struct Word { std::string_view key, zh, en; };
  static constexpr Word kWords[] = {
      {"{eligible_from}", "可申请日", "the eligible date"},
      {"{expires_on}", "到期日", "the expiry date"},
      {"{department}", "认定部门", "the recognising department"},
      {"{platform}", "该平台", "the platform"},
      {"{channel}", "受理平台", "the application platform"},
      {"{authority}", "决定部门", "the deciding department"},
      {"{rule_id}", "规则", "the rule"},
  };
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    bool replaced = false;
    if (tmpl[i] == '{') {
      for (const Word& w : kWords) {
        if (tmpl.substr(i, w.key.size()) == w.key) {
          out.append(zh ? w.zh : w.en);
          i += w.key.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(tmpl[i++]);
  }
  return out;
}

std::string Ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", ms);
  return buf;
}

int PlatformDomain(const DecisionTable& t) { return t.DomainIndex("platform"); }
int DepartmentDomain(const DecisionTable& t) { return t.DomainIndex("department"); }

std::string_view UsccOf(const Population& pop, size_t e) {
  return std::string_view(pop.uscc[e].data(), pop.uscc[e].size());
}

// The output files are formatted in chunks of this many entities (ChunkedText).
constexpr size_t kEntityChunk = 2048;

// Record × platform rows of entities [lo, hi).
size_t DecisionRows(const Population& pop, size_t lo, size_t hi) {
  return static_cast<size_t>(pop.RecordsBegin(hi) - pop.RecordsBegin(lo)) *
         static_cast<size_t>(pop.num_platforms);
}

// The fields of one decision row, shared by the CSV and JSONL writers.
struct DecisionFields {
  std::string_view uscc, record_id, platform, status, rule_id, source, channel, authority;
  std::string eligible_from, expires_on, reason_zh, reason_en, warnings, actions;
};

// fn(fields) for every record × platform of entities [lo, hi), in order.
template <typename Fn>
void ForEachDecision(const DecisionTable& t, const Population& pop, const BatchResult& batch,
                     Date as_of, size_t lo, size_t hi, Fn fn) {
  const int np = pop.num_platforms;
  const int pdom = PlatformDomain(t), ddom = DepartmentDomain(t);
  DecisionFields f;
  for (size_t e = lo; e < hi; ++e) {
    f.uscc = UsccOf(pop, e);
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      f.record_id = pop.record_id[r];
      f.warnings = RecordWarningCodes(pop.RecordWarnings(r));
      for (int p = 0; p < np; ++p) {
        const RecordOutcome& o = batch.records[static_cast<size_t>(r) * np + p];
        f.platform = t.ValueCode(pdom, p);
        f.status = StatusCodeOf(o, ShownOn(pop, r, p, as_of));
        f.eligible_from = FormatDate(Date{o.eligible_from});
        f.expires_on = FormatDate(Date{o.expires_on});
        f.rule_id = t.RuleId(o.rule);
        f.source = t.Source(o.rule);
        f.channel = o.channel >= 0 ? t.ValueCode(pdom, o.channel) : std::string_view();
        f.authority = o.authority >= 0 ? t.ValueCode(ddom, o.authority) : std::string_view();
        const MessageArgs args = MessageArgsFor(pop, r, p, &o);
        // Rendered into the same strings row after row: no allocation once they have grown.
        f.reason_zh.clear();
        AppendReason(&f.reason_zh, t, o.rule, args, Lang::kZh);
        f.reason_en.clear();
        AppendReason(&f.reason_en, t, o.rule, args, Lang::kEn);
        f.actions.clear();
        AppendActionCodes(&f.actions, t, o.actions);
        fn(f);
      }
    }
  }
}

}  // namespace

std::string RecordWarningCodes(uint8_t bits) {
  std::string out;
  for (int b = 0; b < kNumRecordWarnings; ++b) {
    if (!((bits >> b) & 1)) continue;
    if (!out.empty()) out.push_back('|');
    out.append(RecordWarningCode(b));
  }
  return out;
}

MaterialsSummary CatalogueMaterials(const DecisionTable& table, Date as_of) {
  const internal::TableData& d = internal::Data(table);
  const internal::CompiledDecision& cd = d.decisions[static_cast<int>(Decision::kMaterials)];
  Bits128 raw;
  for (uint32_t i = cd.row_begin; i < cd.row_begin + cd.row_count; ++i) {
    const internal::CompiledRow& row = d.rows[i];
    if (InForce(row.effective_from, row.effective_to, as_of)) raw |= row.materials;
  }
  Bits128 canonical;
  for (const internal::CompiledMapping& m : d.material_map) {
    if (m.raw >= static_cast<uint32_t>(kMaxMaterials) || !raw.Test(static_cast<int>(m.raw))) {
      continue;
    }
    if (!InForce(m.effective_from, m.effective_to, as_of)) continue;
    // '-' (not asked for under this regime) is stored as an out-of-range id.
    if (m.canonical < static_cast<uint32_t>(kMaxMaterials)) {
      canonical.Set(static_cast<int>(m.canonical));
    }
  }
  MaterialsSummary s;
  s.catalogue_raw = static_cast<size_t>(raw.Count());
  s.catalogue_canonical = static_cast<size_t>(canonical.Count());
  return s;
}

void CatalogueRegimes(const DecisionTable& table, MaterialsSummary* s) {
  const internal::TableData& d = internal::Data(table);
  const internal::CompiledDecision& cd = d.decisions[static_cast<int>(Decision::kMaterials)];
  // Period starts: every day on which some row or mapping comes into or goes out of force.
  std::vector<int32_t> starts;
  auto add = [&](int32_t from, int32_t to) {
    if (from != kNoDay) starts.push_back(from);
    if (to != kNoDay) starts.push_back(to + 1);
  };
  Bits128 all;
  for (uint32_t i = cd.row_begin; i < cd.row_begin + cd.row_count; ++i) {
    add(d.rows[i].effective_from, d.rows[i].effective_to);
    all |= d.rows[i].materials;
  }
  for (const internal::CompiledMapping& m : d.material_map) add(m.effective_from, m.effective_to);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  s->all_raw = static_cast<size_t>(all.Count());
  s->regimes.clear();
  // The open period before the first start, then one period per start.
  std::vector<int32_t> begins = {kNoDay};
  begins.insert(begins.end(), starts.begin(), starts.end());
  for (size_t i = 0; i < begins.size(); ++i) {
    const int32_t probe = begins[i] == kNoDay ? (starts.empty() ? 0 : starts[0] - 1) : begins[i];
    const MaterialsSummary at = CatalogueMaterials(table, Date{probe});
    if (at.catalogue_raw == 0) continue;  // nothing asked for in this period
    MaterialsRegime r;
    r.from = begins[i] == kNoDay ? "" : FormatDate(Date{begins[i]});
    r.to = i + 1 < begins.size() ? FormatDate(Date{begins[i + 1] - 1}) : "";
    r.raw = at.catalogue_raw;
    r.canonical = at.catalogue_canonical;
    // Merge with the previous period when the counts did not change.
    if (!s->regimes.empty() && s->regimes.back().raw == r.raw &&
        s->regimes.back().canonical == r.canonical && s->regimes.back().to == FormatDate(Date{(begins[i] == kNoDay ? 0 : begins[i]) - 1})) {
      s->regimes.back().to = r.to;
      continue;
    }
    s->regimes.push_back(r);
  }
}

RunSummary Summarize(const DecisionTable& table, const Population& pop, const BatchResult& batch,
                     Date as_of, const RunInfo& info) {
  const internal::TableData& d = internal::Data(table);
  RunSummary s;
  s.pack_name = internal::Str(table, d.pack_name);
  s.pack_version = internal::Str(table, d.pack_version);
  s.pack_zh = internal::Str(table, d.pack_zh);
  s.pack_en = internal::Str(table, d.pack_en);
  s.as_of = FormatDate(as_of);
  s.entities = pop.num_entities();
  s.records = pop.num_records();
  s.info = info;

  const int np = pop.num_platforms;
  const int pdom = PlatformDomain(table);
  s.platforms.resize(np);
  for (int p = 0; p < np; ++p) {
    s.platforms[p].code = table.ValueCode(pdom, p);
    s.platforms[p].zh = table.ValueZh(pdom, p);
    s.platforms[p].en = table.ValueEn(pdom, p);
  }
  s.all.code = "all";
  s.all.zh = "全部平台";
  s.all.en = "all platforms";

  const size_t num_alerts = std::min<size_t>(d.alerts.size(), 64);
  std::vector<size_t> alert_count(num_alerts, 0), alert_entities(num_alerts, 0);
  uint64_t entity_scope = 0;
  for (size_t a = 0; a < num_alerts; ++a) {
    if (d.alerts[a].entity_scope) entity_scope |= uint64_t{1} << a;
  }

  s.materials = CatalogueMaterials(table, as_of);
  CatalogueRegimes(table, &s.materials);
  const int num_actions = table.NumActions();
  std::vector<size_t> action_outcomes(num_actions, 0), action_entities(num_actions, 0);
  const int ddom = table.DomainIndex("department");
  std::vector<size_t> dept_blocked(table.DomainSize(ddom), 0);
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    const EntityOutcome& eo = batch.entities[e];
    if (pop.RecordsEnd(e) > pop.RecordsBegin(e)) ++s.entities_with_records;
    uint32_t entity_actions = 0;
    if (eo.shown > 0) ++s.entities_shown;
    s.materials.district_raw += static_cast<size_t>(eo.raw_materials.Count());
    s.materials.district_canonical += static_cast<size_t>(eo.canonical_materials.Count());
    if (eo.raw_materials.Any()) ++s.materials.entities_asked;
    for (size_t a = 0; a < num_alerts; ++a) {
      if (!((eo.alerts >> a) & 1)) continue;
      ++alert_entities[a];
      if ((entity_scope >> a) & 1) ++alert_count[a];
    }
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      for (int p = 0; p < np; ++p) {
        const RecordOutcome& o = batch.records[static_cast<size_t>(r) * np + p];
        Count(s.platforms[p], o, IsUndecided(o, ShownOn(pop, r, p, as_of)));
        for (uint64_t bits = o.alerts & ~entity_scope; bits != 0; bits &= bits - 1) {
          const int a = __builtin_ctzll(bits);
          if (static_cast<size_t>(a) < num_alerts) ++alert_count[a];
        }
        if (o.status != RepairStatus::kBlocked) continue;
        if (pop.department[r] < dept_blocked.size()) ++dept_blocked[pop.department[r]];
        entity_actions |= o.actions;
        for (int a = 0; a < num_actions; ++a) action_outcomes[a] += (o.actions >> a) & 1;
      }
    }
    for (int a = 0; a < num_actions; ++a) action_entities[a] += (entity_actions >> a) & 1;
  }
  for (int a = 0; a < num_actions; ++a) {
    if (action_outcomes[a] == 0) continue;
    s.actions.push_back(ActionSummary{std::string(table.ActionCode(a)),
                                      std::string(table.ActionZh(a)),
                                      std::string(table.ActionEn(a)), action_outcomes[a],
                                      action_entities[a]});
  }
  for (size_t k = 0; k < dept_blocked.size(); ++k) {
    if (dept_blocked[k] == 0) continue;
    const int v = static_cast<int>(k);
    s.blocked_by_department.push_back(DepartmentBlocked{std::string(table.ValueCode(ddom, v)),
                                                        std::string(table.ValueZh(ddom, v)),
                                                        std::string(table.ValueEn(ddom, v)),
                                                        dept_blocked[k]});
  }
  for (const PlatformSummary& p : s.platforms) Add(s.all, p);
  for (size_t a = 0; a < num_alerts; ++a) {
    if (alert_count[a] == 0 && alert_entities[a] == 0) continue;
    const internal::CompiledAlert& ca = d.alerts[a];
    AlertSummary as;
    as.code = internal::Str(table, ca.code);
    as.severity = internal::Str(table, ca.severity);
    as.zh = GenericMessage(internal::Str(table, ca.zh), true);
    as.en = GenericMessage(internal::Str(table, ca.en), false);
    as.count = alert_count[a];
    as.entities = alert_entities[a];
    s.alerts.push_back(std::move(as));
  }
  return s;
}

namespace {

// Rows read: as counted by the reader, or — for a population not read from rows — the
// evaluated plus the rejected ones.
size_t EntityRows(const RunSummary& s) {
  return s.info.entity_rows + s.info.record_rows > 0 ? s.info.entity_rows
                                                     : s.entities + s.info.rejected_entities;
}
size_t RecordRows(const RunSummary& s) {
  return s.info.entity_rows + s.info.record_rows > 0 ? s.info.record_rows
                                                     : s.records + s.info.rejected_records;
}

std::string_view WarningZh(int bit) {
  constexpr std::string_view kZh[kNumRecordWarnings] = {
      "公示日期早于决定日期", "决定日期晚于评估日但已公示", "履行日期早于决定日期",
      "主体成立日期晚于决定日期"};
  return bit >= 0 && bit < kNumRecordWarnings ? kZh[bit] : std::string_view();
}

}  // namespace

std::string SummaryText(const RunSummary& s) {
  std::string out;
  // ---- 中文 ----
  Append(&out, "信用修复批量评估：规则包 ", s.pack_name, " ", s.pack_version);
  if (!s.pack_zh.empty()) Append(&out, "（", s.pack_zh, "）");
  Append(&out, "，评估日 ", s.as_of, "\n");
  Append(&out, "主体 ", s.entities, " 个，其中有记录 ", s.entities_with_records,
         " 个、仍有公示中记录 ", s.entities_shown, " 个；记录 ", s.records, " 条\n");
  auto zh_counts = [&](const PlatformSummary& p) {
    Append(&out, "  ", p.zh.empty() ? p.code : p.zh, "（", p.code, "）：",
           StatusZh(RepairStatus::kEligibleNow), " ", p.eligible_now, "，",
           StatusZh(RepairStatus::kEligibleLater), " ", p.eligible_later, "，",
           StatusZh(RepairStatus::kDropsOff), " ", p.drops_off, "，",
           StatusZh(RepairStatus::kNotRepairable), " ", p.not_repairable, "，",
           StatusZh(RepairStatus::kBlocked), " ", p.blocked, "，",
           StatusZh(RepairStatus::kRepaired), " ", p.repaired, "，", StatusZh(RepairStatus::kNotShown), " ",
           p.not_shown, "，未决（无规则命中） ", p.undecided, "\n");
  };
  Append(&out, "各平台（记录×平台）：\n");
  for (const PlatformSummary& p : s.platforms) zh_counts(p);
  zh_counts(s.all);
  Append(&out, "材料：规则目录中原始材料 ", s.materials.catalogue_raw, " 项 → 规范材料 ",
         s.materials.catalogue_canonical, " 项；全区合计 原始材料 ", s.materials.district_raw,
         " 项次 → 规范材料 ", s.materials.district_canonical, " 项次（涉及 ",
         s.materials.entities_asked, " 个主体）\n");
  Append(&out, "  规则中出现的原始材料共 ", s.materials.all_raw, " 项；分时期：");
  for (const MaterialsRegime& r : s.materials.regimes) {
    Append(&out, " [", r.from.empty() ? "…" : r.from, " 至 ", r.to.empty() ? "…" : r.to, "] ",
           r.raw, "→", r.canonical);
  }
  Append(&out, "\n");
  if (s.alerts.empty()) {
    Append(&out, "风险提示：无\n");
  } else {
    Append(&out, "风险提示：\n");
    for (const AlertSummary& a : s.alerts) {
      Append(&out, "  [", a.code, "] ", a.count, " 条，", a.entities, " 个主体：", a.zh, "\n");
    }
  }
  if (!s.actions.empty()) {
    Append(&out, "待完成事项（", StatusZh(RepairStatus::kBlocked), "的记录×平台）：\n");
    for (const ActionSummary& a : s.actions) {
      Append(&out, "  [", a.code, "] ", a.outcomes, " 条，", a.entities, " 个主体：", a.zh, "\n");
    }
    Append(&out, "  按认定部门：");
    for (size_t i = 0; i < s.blocked_by_department.size(); ++i) {
      const DepartmentBlocked& d = s.blocked_by_department[i];
      Append(&out, i ? "，" : "", d.zh.empty() ? d.code : d.zh, " ", d.outcomes);
    }
    Append(&out, "\n");
  }
  if (s.has_plans) {
    Append(&out, "修复计划：", s.plans, " 个主体（其中 ", s.plans_with_actions,
           " 个需先完成待办事项；", s.plans_never_clean, " 个仍有无法确定停止公示日期的记录）；"
           "按计划全平台不再公示的月份：");
    for (size_t i = 0; i < s.clean_by_month.size(); ++i) {
      Append(&out, i ? "，" : "", s.clean_by_month[i].first, " ", s.clean_by_month[i].second);
    }
    Append(&out, "\n");
  }
  Append(&out, "耗时：编译 ", Ms(s.info.compile_ms), " ms，读取 ", Ms(s.info.read_ms),
         " ms，评估 ", Ms(s.info.evaluate_ms), " ms，修复计划 ", Ms(s.info.plan_ms), " ms",
         s.info.write_ms > 0 ? Cat("，写出文件 ", Ms(s.info.write_ms), " ms") : std::string(),
         "（", s.info.threads, " 线程）\n");
  Append(&out, "被拒绝的输入行：主体 ", s.info.rejected_entities, " 行，记录 ",
         s.info.rejected_records, " 行；统一社会信用代码校验未通过（已保留并提示） ",
         s.info.invalid_uscc, " 个\n");
  Append(&out, "读取行数 = 评估 + 拒绝：主体 ", EntityRows(s), " = ", s.entities, " + ",
         s.info.rejected_entities, "，记录 ", RecordRows(s), " = ", s.records, " + ",
         s.info.rejected_records, "\n");
  Append(&out, "日期存疑（已评估，请核对）：记录 ", s.info.warned_records, " 条");
  for (int b = 0; b < kNumRecordWarnings; ++b) {
    if (s.info.warning_counts[b] > 0) {
      Append(&out, "；", WarningZh(b), " ", s.info.warning_counts[b]);
    }
  }
  Append(&out, "\n");

  // ---- English ----
  Append(&out, "\nCredit-repair district run: rule pack ", s.pack_name, " ", s.pack_version);
  if (!s.pack_en.empty()) Append(&out, " (", s.pack_en, ")");
  Append(&out, ", as of ", s.as_of, "\n");
  Append(&out, s.entities, " entities (", s.entities_with_records, " with records, ",
         s.entities_shown, " with records still shown); ", s.records, " records\n");
  auto en_counts = [&](const PlatformSummary& p) {
    Append(&out, "  ", p.en.empty() ? p.code : p.en, " (", p.code, "): ",
           StatusEn(RepairStatus::kEligibleNow), " ", p.eligible_now, ", ",
           StatusEn(RepairStatus::kEligibleLater), " ", p.eligible_later, ", ",
           StatusEn(RepairStatus::kDropsOff), " ", p.drops_off, ", ",
           StatusEn(RepairStatus::kNotRepairable), " ", p.not_repairable, ", ",
           StatusEn(RepairStatus::kBlocked), " ", p.blocked, ", ",
           StatusEn(RepairStatus::kRepaired), " ", p.repaired, ", ", StatusEn(RepairStatus::kNotShown), " ",
           p.not_shown, ", undecided (no rule matched) ", p.undecided, "\n");
  };
  Append(&out, "Per platform (record × platform):\n");
  for (const PlatformSummary& p : s.platforms) en_counts(p);
  en_counts(s.all);
  Append(&out, "Materials: the catalogue's ", s.materials.catalogue_raw, " raw materials → ",
         s.materials.catalogue_canonical, " canonical; district total ",
         s.materials.district_raw, " raw → ", s.materials.district_canonical, " canonical (",
         s.materials.entities_asked, " entities)\n");
  Append(&out, "  raw materials named by any rule: ", s.materials.all_raw, "; by period:");
  for (const MaterialsRegime& r : s.materials.regimes) {
    Append(&out, " [", r.from.empty() ? "…" : r.from, " to ", r.to.empty() ? "…" : r.to, "] ",
           r.raw, "→", r.canonical);
  }
  Append(&out, "\n");
  if (s.alerts.empty()) {
    Append(&out, "Alerts: none\n");
  } else {
    Append(&out, "Alerts:\n");
    for (const AlertSummary& a : s.alerts) {
      Append(&out, "  [", a.code, "] ", a.count, " (", a.entities, " entities): ", a.en, "\n");
    }
  }
  if (!s.actions.empty()) {
    Append(&out, "Actions (", StatusEn(RepairStatus::kBlocked), " record × platform outcomes):\n");
    for (const ActionSummary& a : s.actions) {
      Append(&out, "  [", a.code, "] ", a.outcomes, " (", a.entities, " entities): ", a.en, "\n");
    }
    Append(&out, "  by recognising department: ");
    for (size_t i = 0; i < s.blocked_by_department.size(); ++i) {
      const DepartmentBlocked& d = s.blocked_by_department[i];
      Append(&out, i ? ", " : "", d.en.empty() ? d.code : d.en, " ", d.outcomes);
    }
    Append(&out, "\n");
  }
  if (s.has_plans) {
    Append(&out, "Repair plans: ", s.plans, " entities (", s.plans_with_actions,
           " start with actions; ", s.plans_never_clean,
           " keep a record with no end date); clean everywhere by month: ");
    for (size_t i = 0; i < s.clean_by_month.size(); ++i) {
      Append(&out, i ? ", " : "", s.clean_by_month[i].first, " ", s.clean_by_month[i].second);
    }
    Append(&out, "\n");
  }
  Append(&out, "Time: compile ", Ms(s.info.compile_ms), " ms, read ", Ms(s.info.read_ms),
         " ms, evaluate ", Ms(s.info.evaluate_ms), " ms, plans ", Ms(s.info.plan_ms), " ms",
         s.info.write_ms > 0 ? Cat(", write files ", Ms(s.info.write_ms), " ms") : std::string(),
         " (", s.info.threads, s.info.threads == 1 ? " thread)\n" : " threads)\n");
  Append(&out, "Rejected input rows: ", s.info.rejected_entities, " entities, ",
         s.info.rejected_records, " records; USCC check failures (kept, alerted): ",
         s.info.invalid_uscc, "\n");
  Append(&out, "Rows read = evaluated + rejected: entities ", EntityRows(s), " = ", s.entities,
         " + ", s.info.rejected_entities, ", records ", RecordRows(s), " = ", s.records, " + ",
         s.info.rejected_records, "\n");
  Append(&out, "Implausible dates (evaluated as given, please check): ", s.info.warned_records,
         " records");
  for (int b = 0; b < kNumRecordWarnings; ++b) {
    if (s.info.warning_counts[b] > 0) {
      Append(&out, "; ", RecordWarningCode(b), " ", s.info.warning_counts[b]);
    }
  }
  Append(&out, "\n");
  return out;
}

namespace {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}
  void Key(std::string_view k) {
    Sep();
    AppendJsonString(out_, k);
    out_->append(": ");
    after_key_ = true;
  }
  void Str(std::string_view v) { Value(); AppendJsonString(out_, v); }
  void Num(uint64_t v) { Value(); Append(out_, v); }
  void Num(int64_t v) { Value(); Append(out_, v); }
  void Num(int v) { Num(static_cast<int64_t>(v)); }
  void Real(double v) { Value(); out_->append(Ms(v)); }
  void Null() { Value(); out_->append("null"); }
  void Open(char c) {
    Value();
    out_->push_back(c);
    ++depth_;
    first_ = true;
  }
  void Close(char c) {
    --depth_;
    if (!first_) Newline();
    out_->push_back(c);
    first_ = false;
  }

 private:
  void Sep() {
    if (!first_) out_->push_back(',');
    Newline();
    first_ = false;
  }
  void Value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) Sep();
  }
  void Newline() {
    out_->push_back('\n');
    out_->append(static_cast<size_t>(depth_) * 2, ' ');
  }
  std::string* out_;
  int depth_ = 0;
  bool first_ = true;
  bool after_key_ = false;
};

void JsonCounts(JsonWriter& w, const PlatformSummary& p) {
  w.Open('{');
  w.Key("code"); w.Str(p.code);
  w.Key("zh"); w.Str(p.zh);
  w.Key("en"); w.Str(p.en);
  w.Key("eligible_now"); w.Num(uint64_t{p.eligible_now});
  w.Key("eligible_later"); w.Num(uint64_t{p.eligible_later});
  w.Key("drops_off"); w.Num(uint64_t{p.drops_off});
  w.Key("not_repairable"); w.Num(uint64_t{p.not_repairable});
  w.Key("blocked"); w.Num(uint64_t{p.blocked});
  w.Key("repaired"); w.Num(uint64_t{p.repaired});
  w.Key("not_shown"); w.Num(uint64_t{p.not_shown});
  w.Key("undecided"); w.Num(uint64_t{p.undecided});
  w.Key("total"); w.Num(uint64_t{p.total()});
  w.Close('}');
}

}  // namespace

std::string SummaryJson(const RunSummary& s) {
  std::string out;
  JsonWriter w(&out);
  w.Open('{');
  w.Key("pack");
  w.Open('{');
  w.Key("name"); w.Str(s.pack_name);
  w.Key("version"); w.Str(s.pack_version);
  w.Key("zh"); w.Str(s.pack_zh);
  w.Key("en"); w.Str(s.pack_en);
  w.Close('}');
  w.Key("as_of"); w.Str(s.as_of);
  w.Key("entities"); w.Num(uint64_t{s.entities});
  w.Key("records"); w.Num(uint64_t{s.records});
  w.Key("entities_with_records"); w.Num(uint64_t{s.entities_with_records});
  w.Key("entities_shown"); w.Num(uint64_t{s.entities_shown});
  w.Key("platforms");
  w.Open('[');
  for (const PlatformSummary& p : s.platforms) JsonCounts(w, p);
  w.Close(']');
  w.Key("all_platforms");
  JsonCounts(w, s.all);
  w.Key("materials");
  w.Open('{');
  w.Key("catalogue_raw"); w.Num(uint64_t{s.materials.catalogue_raw});
  w.Key("catalogue_canonical"); w.Num(uint64_t{s.materials.catalogue_canonical});
  w.Key("district_raw"); w.Num(uint64_t{s.materials.district_raw});
  w.Key("district_canonical"); w.Num(uint64_t{s.materials.district_canonical});
  w.Key("entities_asked"); w.Num(uint64_t{s.materials.entities_asked});
  w.Key("all_raw"); w.Num(uint64_t{s.materials.all_raw});
  w.Key("regimes");
  w.Open('[');
  for (const MaterialsRegime& r : s.materials.regimes) {
    w.Open('{');
    w.Key("from"); if (r.from.empty()) w.Null(); else w.Str(r.from);
    w.Key("to"); if (r.to.empty()) w.Null(); else w.Str(r.to);
    w.Key("raw"); w.Num(uint64_t{r.raw});
    w.Key("canonical"); w.Num(uint64_t{r.canonical});
    w.Close('}');
  }
  w.Close(']');
  w.Close('}');
  w.Key("alerts");
  w.Open('[');
  for (const AlertSummary& a : s.alerts) {
    w.Open('{');
    w.Key("code"); w.Str(a.code);
    w.Key("severity"); w.Str(a.severity);
    w.Key("zh"); w.Str(a.zh);
    w.Key("en"); w.Str(a.en);
    w.Key("count"); w.Num(uint64_t{a.count});
    w.Key("entities"); w.Num(uint64_t{a.entities});
    w.Close('}');
  }
  w.Close(']');
  w.Key("actions");
  w.Open('[');
  for (const ActionSummary& a : s.actions) {
    w.Open('{');
    w.Key("code"); w.Str(a.code);
    w.Key("zh"); w.Str(a.zh);
    w.Key("en"); w.Str(a.en);
    w.Key("outcomes"); w.Num(uint64_t{a.outcomes});
    w.Key("entities"); w.Num(uint64_t{a.entities});
    w.Close('}');
  }
  w.Close(']');
  if (s.has_plans) {
    w.Key("plans");
    w.Open('{');
    w.Key("entities"); w.Num(uint64_t{s.plans});
    w.Key("with_actions"); w.Num(uint64_t{s.plans_with_actions});
    w.Key("never_clean"); w.Num(uint64_t{s.plans_never_clean});
    w.Key("clean_by_month");
    w.Open('{');
    for (const auto& [month, n] : s.clean_by_month) {
      w.Key(month); w.Num(uint64_t{n});
    }
    w.Close('}');
    w.Close('}');
  }
  w.Key("blocked_by_department");
  w.Open('[');
  for (const DepartmentBlocked& d : s.blocked_by_department) {
    w.Open('{');
    w.Key("code"); w.Str(d.code);
    w.Key("zh"); w.Str(d.zh);
    w.Key("en"); w.Str(d.en);
    w.Key("outcomes"); w.Num(uint64_t{d.outcomes});
    w.Close('}');
  }
  w.Close(']');
  w.Key("timings_ms");
  w.Open('{');
  w.Key("compile"); w.Real(s.info.compile_ms);
  w.Key("read"); w.Real(s.info.read_ms);
  w.Key("evaluate"); w.Real(s.info.evaluate_ms);
  w.Key("plan"); w.Real(s.info.plan_ms);
  w.Key("write"); w.Real(s.info.write_ms);
  w.Close('}');
  w.Key("threads"); w.Num(s.info.threads);
  w.Key("rejected");
  w.Open('{');
  w.Key("entities"); w.Num(uint64_t{s.info.rejected_entities});
  w.Key("records"); w.Num(uint64_t{s.info.rejected_records});
  w.Close('}');
  w.Key("invalid_uscc"); w.Num(uint64_t{s.info.invalid_uscc});
  // rows read = evaluated + rejected, for entities and records.
  w.Key("rows");
  w.Open('{');
  const std::pair<const char*, std::array<size_t, 3>> rows[2] = {
      {"entities", {EntityRows(s), s.entities, s.info.rejected_entities}},
      {"records", {RecordRows(s), s.records, s.info.rejected_records}}};
  for (const auto& [name, n] : rows) {
    w.Key(name);
    w.Open('{');
    w.Key("read"); w.Num(uint64_t{n[0]});
    w.Key("evaluated"); w.Num(uint64_t{n[1]});
    w.Key("rejected"); w.Num(uint64_t{n[2]});
    w.Close('}');
  }
  w.Key("read"); w.Num(uint64_t{EntityRows(s) + RecordRows(s)});
  w.Key("evaluated"); w.Num(uint64_t{s.entities + s.records});
  w.Key("rejected"); w.Num(uint64_t{s.info.rejected_entities + s.info.rejected_records});
  w.Close('}');
  w.Key("warnings");
  w.Open('{');
  w.Key("records"); w.Num(uint64_t{s.info.warned_records});
  for (int b = 0; b < kNumRecordWarnings; ++b) {
    w.Key(RecordWarningCode(b)); w.Num(uint64_t{s.info.warning_counts[b]});
  }
  w.Close('}');
  w.Close('}');
  out.push_back('\n');
  return out;
}

OutputText DecisionsCsvOutput(const DecisionTable& table, const Population& pop,
                              const BatchResult& batch, Date as_of, const CsvStyle& style) {
  OutputText t;
  t.head = style.bom ? kUtf8Bom : std::string_view();
  t.head.append(
      "uscc,record_id,platform,status,eligible_from,expires_on,rule_id,source,channel,authority,"
      "reason_zh,reason_en,warnings,actions\n");
  t.items = pop.num_entities();
  t.chunk = kEntityChunk;
  t.rows = [&table, &pop, &batch, as_of, style](size_t lo, size_t hi, std::string* out) {
    out->reserve(out->size() + DecisionRows(pop, lo, hi) * 320);
    ForEachDecision(table, pop, batch, as_of, lo, hi, [&](const DecisionFields& f) {
      const std::string_view cells[14] = {f.uscc,    f.record_id,     f.platform,   f.status,
                                          f.eligible_from, f.expires_on, f.rule_id, f.source,
                                          f.channel, f.authority,     f.reason_zh,  f.reason_en,
                                          f.warnings, f.actions};
      AppendCsvId(out, cells[0], style.excel_text);
      out->push_back(',');
      AppendCsvId(out, cells[1], style.excel_text);
      for (int i = 2; i < 14; ++i) {
        out->push_back(',');
        AppendCsvField(out, cells[i]);
      }
      out->push_back('\n');
    });
  };
  return t;
}

OutputText DecisionsJsonlOutput(const DecisionTable& table, const Population& pop,
                                const BatchResult& batch, Date as_of) {
  OutputText t;
  t.items = pop.num_entities();
  t.chunk = kEntityChunk;
  t.rows = [&table, &pop, &batch, as_of](size_t lo, size_t hi, std::string* out) {
    out->reserve(out->size() + DecisionRows(pop, lo, hi) * 480);
    ForEachDecision(table, pop, batch, as_of, lo, hi, [&](const DecisionFields& f) {
      // Each key with what goes before and after it, written once (the keys need no escape).
      static constexpr std::string_view kKeys[14] = {
          "{\"uscc\":",     ",\"record_id\":", ",\"platform\":",  ",\"status\":",
          ",\"eligible_from\":", ",\"expires_on\":", ",\"rule_id\":", ",\"source\":",
          ",\"channel\":",  ",\"authority\":", ",\"reason_zh\":", ",\"reason_en\":",
          ",\"warnings\":", ",\"actions\":"};
      const std::string_view cells[14] = {f.uscc,    f.record_id,     f.platform,   f.status,
                                          f.eligible_from, f.expires_on, f.rule_id, f.source,
                                          f.channel, f.authority,     f.reason_zh,  f.reason_en,
                                          f.warnings, f.actions};
      for (int i = 0; i < 14; ++i) {
        out->append(kKeys[i]);
        // Absent optional values are null, not "".
        if (cells[i].empty() && i >= 4) {
          out->append("null");
        } else {
          AppendJsonString(out, cells[i]);
        }
      }
      out->append("}\n");
    });
  };
  return t;
}

OutputText EntityResultsCsvOutput(const DecisionTable& table, const Population& pop,
                                  const BatchResult& batch, const CsvStyle& style) {
  OutputText t;
  t.head = style.bom ? kUtf8Bom : std::string_view();
  t.head.append("uscc,canonical_materials,raw_materials,alerts,clean_by\n");
  t.items = pop.num_entities();
  t.chunk = kEntityChunk;
  t.rows = [&table, &pop, &batch, style](size_t lo, size_t hi, std::string* out) {
    out->reserve(out->size() + (hi - lo) * 40);
    for (size_t e = lo; e < hi; ++e) {
      const EntityOutcome& eo = batch.entities[e];
      AppendCsvId(out, UsccOf(pop, e), style.excel_text);
      out->push_back(',');
      AppendMaterialCodes(out, table, eo.canonical_materials);
      out->push_back(',');
      AppendMaterialCodes(out, table, eo.raw_materials);
      out->push_back(',');
      AppendAlertCodes(out, table, eo.alerts);
      out->push_back(',');
      out->append(FormatDate(Date{eo.clean_by}));
      out->push_back('\n');
    }
  };
  return t;
}

OutputText AlertsCsvOutput(const DecisionTable& table, const Population& pop,
                           const BatchResult& batch, Date as_of, const CsvStyle& style) {
  OutputText t;
  t.head = style.bom ? kUtf8Bom : std::string_view();
  t.head.append("uscc,record_id,platform,alert,severity,due,zh,en\n");
  t.items = pop.num_entities();
  t.chunk = kEntityChunk;
  t.rows = [&table, &pop, &batch, as_of, style](size_t lo, size_t hi, std::string* out) {
    const internal::TableData& d = internal::Data(table);
    const int np = pop.num_platforms;
    const int pdom = PlatformDomain(table);
    const size_t num_alerts = std::min<size_t>(d.alerts.size(), 64);
    const MessageArgs entity_args = MessageArgsFor(pop, -1, -1, nullptr);
    std::string zh, en;  // each row's messages, rendered into the same strings
    auto row = [&](size_t e, std::string_view record_id, std::string_view platform, size_t a,
                   int32_t due, const MessageArgs& args) {
      zh.clear();
      AppendAlert(&zh, table, static_cast<int>(a), args, Lang::kZh);
      en.clear();
      AppendAlert(&en, table, static_cast<int>(a), args, Lang::kEn);
      AppendCsvId(out, UsccOf(pop, e), style.excel_text);
      out->push_back(',');
      AppendCsvId(out, record_id, style.excel_text);
      out->push_back(',');
      out->append(platform);
      out->push_back(',');
      AppendCsvField(out, internal::Str(table, d.alerts[a].code));
      out->push_back(',');
      AppendCsvField(out, internal::Str(table, d.alerts[a].severity));
      out->push_back(',');
      out->append(FormatDate(Date{due}));
      out->push_back(',');
      AppendCsvField(out, zh);
      out->push_back(',');
      AppendCsvField(out, en);
      out->push_back('\n');
    };
    for (size_t e = lo; e < hi; ++e) {
      const EntityOutcome& eo = batch.entities[e];
      if (eo.alerts == 0) continue;
      EntityAlertDues due_of(table, pop, e, as_of);
      for (size_t a = 0; a < num_alerts; ++a) {
        if (!d.alerts[a].entity_scope || !((eo.alerts >> a) & 1)) continue;
        const int32_t due = due_of(-1, nullptr, static_cast<int>(a));
        row(e, "", "", a, due, entity_args);
      }
      for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
        for (int p = 0; p < np; ++p) {
          const RecordOutcome& o = batch.records[static_cast<size_t>(r) * np + p];
          for (size_t a = 0; a < num_alerts; ++a) {
            if (d.alerts[a].entity_scope || !((o.alerts >> a) & 1)) continue;
            const int32_t due = due_of(r, &o, static_cast<int>(a));
            row(e, pop.record_id[r], table.ValueCode(pdom, p), a, due,
                MessageArgsFor(pop, r, p, &o));
          }
        }
      }
    }
  };
  return t;
}

std::string DecisionsCsv(const DecisionTable& table, const Population& pop,
                         const BatchResult& batch, Date as_of, const CsvStyle& style, int threads) {
  return FormatOutput(DecisionsCsvOutput(table, pop, batch, as_of, style), threads);
}

std::string DecisionsJsonl(const DecisionTable& table, const Population& pop,
                           const BatchResult& batch, Date as_of, int threads) {
  return FormatOutput(DecisionsJsonlOutput(table, pop, batch, as_of), threads);
}

std::string EntityResultsCsv(const DecisionTable& table, const Population& pop,
                             const BatchResult& batch, const CsvStyle& style, int threads) {
  return FormatOutput(EntityResultsCsvOutput(table, pop, batch, style), threads);
}

std::string AlertsCsv(const DecisionTable& table, const Population& pop, const BatchResult& batch,
                      Date as_of, const CsvStyle& style, int threads) {
  return FormatOutput(AlertsCsvOutput(table, pop, batch, as_of, style), threads);
}

}  // namespace xiufu
