#include "xiufu/runtime/explain.h"

#include <algorithm>

#include "base/str_util.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/outcome_text.h"

namespace xiufu {
namespace {

bool CellMatches(const internal::TableData& d, const internal::CompiledCell& c, int64_t v) {
  if (v == kNull) return c.null_ok;
  if (c.kind == static_cast<uint8_t>(CellKind::kEnumSet)) {
    return v >= 0 && v < 64 && ((c.enum_mask >> v) & 1);
  }
  for (uint32_t i = 0; i < c.range_count; ++i) {
    const Range& r = d.ranges[c.range_begin + i];
    if (v >= r.lo && v < r.hi) return true;
  }
  return false;
}

// The fact's type, custom columns included.
FactType TypeOf(const DecisionTable& t, Fact f) {
  if (!IsCustomFact(f)) return InfoOf(f).type;
  const std::vector<CustomColumn> cols = t.CustomColumns();
  return FactVocabulary(cols).Info(f).type;
}

std::string FactName(const DecisionTable& t, Fact f, Lang lang) {
  if (!IsCustomFact(f)) return std::string(lang == Lang::kZh ? FactZh(f) : FactEn(f));
  const std::vector<CustomColumn> cols = t.CustomColumns();
  const FactVocabulary v(cols);
  return std::string(lang == Lang::kZh ? v.Zh(f) : v.En(f));
}

std::string RenderValue(const DecisionTable& t, int slot, int64_t v) {
  if (v == kNull) return "null";
  const Fact f = FactOfSlot(slot);
  const FactInfo info{f, "", TypeOf(t, f), FactScope::kRecord, "", ""};
  switch (info.type) {
    case FactType::kEnum: {
      const std::string_view code = t.ValueCode(internal::Data(t).fact_domain[static_cast<int>(f)],
                                                static_cast<int>(v));
      return code.empty() ? Cat("#", v) : std::string(code);
    }
    case FactType::kBool: return v ? "true" : "false";
    case FactType::kDate: return FormatDate(Date{static_cast<int32_t>(v)});
    case FactType::kElapsed: {
      constexpr const char* kUnit[] = {"d", "m", "y", "wd"};
      return Cat(v, kUnit[static_cast<int>(UnitOfSlot(slot))]);
    }
    case FactType::kNumber: return Cat(v);
  }
  return Cat(v);
}


// Facts a company's action or the passing of time changes: a row missed on one of these is
// worth showing ("if the fine were paid, …"); one missed on the record's kind is not. Of a
// custom column: the time since its date, and the column when the pack says `changeable`.
bool Changeable(const DecisionTable& t, Fact f) {
  if (IsCustomFact(f)) {
    const std::vector<CustomColumn> cols = t.CustomColumns();
    const CustomColumn* c = FactVocabulary(cols).ColumnOf(f);
    return c != nullptr && (c->changeable || (c->has_since() && c->since == f));
  }
  switch (f) {
    case Fact::kObligationsFulfilled: case Fact::kCorrected: case Fact::kSinceDecision:
    case Fact::kSincePublication: case Fact::kSinceFulfilled: case Fact::kSinceCorrected:
    case Fact::kSinceRepairedElsewhere: case Fact::kRepairedElsewhere: case Fact::kMissedReports:
    case Fact::kReportPending: case Fact::kUnreachable: case Fact::kOnAbnormalList:
    case Fact::kOnSeriousList: case Fact::kSinceAbnormalListed: case Fact::kEntityStatus:
      return true;
    default:
      return false;
  }
}

// A value for people: enum values by the pack's name, booleans as 是/否 or yes/no.
std::string ValueName(const DecisionTable& t, int slot, int64_t v, Lang lang) {
  const Fact f = FactOfSlot(slot);
  const FactInfo info{f, "", TypeOf(t, f), FactScope::kRecord, "", ""};
  if (v == kNull) return lang == Lang::kZh ? "（无）" : "(none)";
  if (info.type == FactType::kBool) {
    return lang == Lang::kZh ? (v ? "是" : "否") : (v ? "yes" : "no");
  }
  if (info.type == FactType::kEnum) {
    const int dom = internal::Data(t).fact_domain[static_cast<int>(f)];
    const std::string_view name = lang == Lang::kZh ? t.ValueZh(dom, static_cast<int>(v))
                                                    : t.ValueEn(dom, static_cast<int>(v));
    if (!name.empty()) return std::string(name);
  }
  return RenderValue(t, slot, v);
}

// The values an enum or bool cell accepts, by name (at most four; else the cell text).
std::string Wanted(const DecisionTable& t, const internal::CompiledCell& c, Lang lang) {
  const std::string text(internal::Str(t, c.text));
  if (c.kind != static_cast<uint8_t>(CellKind::kEnumSet)) return text;
  if (__builtin_popcountll(c.enum_mask) > 4) return text;
  std::string out;
  for (int v = 0; v < 64; ++v) {
    if (!((c.enum_mask >> v) & 1)) continue;
    if (!out.empty()) out += lang == Lang::kZh ? "或" : " or ";
    out += ValueName(t, c.slot, v, lang);
  }
  return out.empty() ? text : out;
}

}  // namespace

EntityExplainer::EntityExplainer(const DecisionTable& table, const Population& pop,
                                 size_t entity, Date as_of)
    : table_(table), pop_(pop), entity_(entity), as_of_(as_of) {
  if (entity >= pop.num_entities()) {
    status_ = absl::OutOfRangeError("entity index out of range");
    return;
  }
  // The outcome, exactly as the evaluator decides it.
  outcomes_.resize(static_cast<size_t>(pop.RecordsEnd(entity) - pop.RecordsBegin(entity)) *
                   pop.num_platforms);
  EvaluateEntity(table, pop, entity, as_of, scratch_, outcomes_.data(), &entity_outcome_);
  // The entity's facts, every one of them (no `used` filter), and its records' same-type facts
  // together when it has many records (as the evaluator does).
  const internal::FactEnv env = internal::EnvOf(internal::Data(table), ToYmd(as_of), nullptr);
  entity_slots_.assign(kNumSlots, 0);
  internal::FillEntitySlots(env, pop, entity, as_of, entity_slots_.data(), &ctx_);
  if (pop.RecordsEnd(entity) - pop.RecordsBegin(entity) > internal::kSameTypeTableFrom) {
    internal::SameTypeTable(pop, entity, as_of, &same_type_order_, &same_type_);
  }
}

absl::StatusOr<Explanation> Explain(const DecisionTable& table, const Population& pop,
                                    size_t entity, size_t record, int platform, Date as_of) {
  return EntityExplainer(table, pop, entity, as_of).Explain(record, platform);
}

absl::StatusOr<Explanation> EntityExplainer::Explain(size_t record, int platform) {
  if (!status_.ok()) return status_;
  const DecisionTable& table = table_;
  const Population& pop = pop_;
  const size_t entity = entity_;
  const Date as_of = as_of_;
  const internal::TableData& d = internal::Data(table);
  if (record < pop.RecordsBegin(entity) || record >= pop.RecordsEnd(entity)) {
    return absl::InvalidArgumentError("record does not belong to the entity");
  }
  if (platform < 0 || platform >= pop.num_platforms) {
    return absl::InvalidArgumentError("platform out of range");
  }
  const std::vector<RecordOutcome>& outs = outcomes_;

  Explanation ex;
  ex.uscc.assign(pop.uscc[entity].data(), pop.uscc[entity].size());
  ex.record_id = pop.record_id[record];
  ex.platform = std::string(table.PlatformCode(platform));
  ex.platform_zh = std::string(table.PlatformZh(platform));
  ex.platform_en = std::string(table.PlatformEn(platform));
  ex.as_of = FormatDate(as_of);
  ex.outcome = outs[(record - pop.RecordsBegin(entity)) * pop.num_platforms + platform];

  // The facts, and every eligibility row in decision order until the one that matched.
  const internal::FactEnv env = internal::EnvOf(d, ToYmd(as_of), nullptr);
  internal::EntityContext ctx = ctx_;
  ctx.same_type = same_type_.empty() ? nullptr : same_type_.data();
  int64_t* slots = internal::ScratchAccess::Slots(scratch_);
  std::copy(entity_slots_.begin(), entity_slots_.end(), slots);
  const bool exists = internal::RecordExists(pop, record, as_of);
  if (exists) {
    internal::FillRecordSlots(env, pop, entity, record, as_of, ctx, slots);
    internal::FillPlatformSlots(env, pop, record, platform, as_of, slots);
    const internal::CompiledDecision& cd = d.decisions[static_cast<int>(Decision::kEligibility)];
    for (uint32_t i = cd.row_begin; i < cd.row_begin + cd.row_count; ++i) {
      const internal::CompiledRow& r = d.rows[i];
      ExplainStep st;
      st.row = i;
      st.rule_id = std::string(internal::Str(table, r.rule_id));
      st.table = std::string(internal::Str(table, d.tables[r.table].name));
      st.line = static_cast<int>(r.line);
      st.in_force = (r.effective_from == kNoDay || as_of.days >= r.effective_from) &&
                    (r.effective_to == kNoDay || as_of.days <= r.effective_to);
      if (st.in_force) {
        st.matched = true;
        for (uint32_t c = r.cell_begin; c < r.cell_begin + r.cell_count; ++c) {
          const internal::CompiledCell& cell = d.cells[c];
          const int64_t v = slots[cell.slot];
          if (CellMatches(d, cell, v)) continue;
          if (st.matched) {  // the first failing cell
            const Fact f = FactOfSlot(cell.slot);
            st.column = std::string(internal::Str(table, cell.header));
            st.cell = std::string(internal::Str(table, cell.text));
            st.actual = RenderValue(table, cell.slot, v);
            st.column_zh = FactName(table, f, Lang::kZh);
            st.column_en = FactName(table, f, Lang::kEn);
            st.wanted_zh = Wanted(table, cell, Lang::kZh);
            st.wanted_en = Wanted(table, cell, Lang::kEn);
            st.actual_zh = ValueName(table, cell.slot, v, Lang::kZh);
            st.actual_en = ValueName(table, cell.slot, v, Lang::kEn);
            st.changeable = Changeable(table, f);
          }
          st.matched = false;
          ++st.failed_cells;
        }
        if (st.failed_cells == 1) {  // a nearest miss: what it would give if it matched
          internal::DateBases bases;
          internal::FillDateBases(env, pop, entity, static_cast<int64_t>(record), as_of, ctx, &bases);
          const int32_t from = internal::EvalDateExpr(r.eligible_from, bases, d.calendar);
          st.would_status =
              internal::ResolveStatus(static_cast<RepairStatus>(r.status), from, as_of);
          st.would_eligible_from = FormatDate(Date{from});
        }
      }
      const bool stop = st.matched;
      ex.steps.push_back(std::move(st));
      if (stop) break;
    }
  }
  const RecordOutcome& o = ex.outcome;
  ex.status = std::string(StatusCode(o.status));
  ex.eligible_from = FormatDate(Date{o.eligible_from});
  ex.expires_on = FormatDate(Date{o.expires_on});
  if (o.rule != kNoRow) {
    const internal::CompiledRow& r = d.rows[o.rule];
    ex.rule_id = std::string(internal::Str(table, r.rule_id));
    ex.source = std::string(internal::Str(table, r.source));
    const MessageArgs args = MessageArgsFor(pop, static_cast<int64_t>(record), platform, &o);
    ex.reason_zh = RenderReason(table, o.rule, args, Lang::kZh);
    ex.reason_en = RenderReason(table, o.rule, args, Lang::kEn);
  }
  for (int a = 0; a < table.NumActions(); ++a) {
    if (!((o.actions >> a) & 1)) continue;
    ex.actions_zh.emplace_back(table.ActionZh(a));
    ex.actions_en.emplace_back(table.ActionEn(a));
  }
  return ex;
}

std::string Explanation::ToText(bool zh, bool full) const {
  std::string s;
  Append(&s, zh ? "记录 " : "Record ", record_id, zh ? "（主体 " : " (entity ", uscc,
         zh ? "）在平台 " : ") on ", zh ? platform_zh : platform_en, zh ? "（" : " (", platform, zh ? "）" : ")",
         zh ? "，评估日 " : ", as of ", as_of, "\n");
  if (full) {
    for (const ExplainStep& st : steps) {
      Append(&s, "  ", st.matched ? "✓ " : "✗ ", st.rule_id, " (", st.table, ":", st.line, ") ");
      if (!st.in_force) {
        Append(&s, zh ? "评估日不在生效期内" : "not in force on the evaluation date");
      } else if (st.matched) {
        Append(&s, zh ? "命中" : "matched");
      } else {
        Append(&s, zh ? "「" : "\"", zh ? st.column_zh : st.column_en,
               zh ? "」应为「" : "\" must be \"", zh ? st.wanted_zh : st.wanted_en,
               zh ? "」，实际为「" : "\", actual \"", zh ? st.actual_zh : st.actual_en,
               zh ? "」" : "\"");
        if (st.failed_cells > 1) {
          Append(&s, zh ? Cat("（另有 ", st.failed_cells - 1, " 项不满足）")
                        : Cat(" (and ", st.failed_cells - 1, " more)"));
        }
      }
      Append(&s, "\n");
    }
  }
  const RepairStatus st = outcome.status;
  if (rule_id.empty()) {
    Append(&s, zh ? "  结论：无规则命中（" : "  Outcome: no rule matched (",
           zh ? StatusZh(st) : StatusEn(st), ")\n");
    return s;
  }
  Append(&s, zh ? "  结论：" : "  Outcome: ", zh ? StatusZh(st) : StatusEn(st));
  if (!eligible_from.empty()) {
    Append(&s, st == RepairStatus::kBlocked ? (zh ? "，若今天完成下列事项，可申请日 "
                                                  : ", if the actions below were done today eligible from ")
                                            : (zh ? "，可申请日 " : ", eligible from "),
           eligible_from);
  }
  if (!expires_on.empty()) Append(&s, zh ? "，到期日 " : ", expires on ", expires_on);
  Append(&s, zh ? "；规则 " : "; rule ", rule_id, zh ? "；依据 " : "; basis ", source, "\n");
  const std::string& reason = zh ? reason_zh : reason_en;
  if (!reason.empty()) Append(&s, "  ", reason, "\n");
  const std::vector<std::string>& acts = zh ? actions_zh : actions_en;
  for (size_t i = 0; i < acts.size(); ++i) {
    Append(&s, i == 0 ? (zh ? "  需完成：" : "  To do: ") : "          ", acts[i], "\n");
  }
  // Nearest misses: eligible rows first, then the others, in decision order; at most three.
  std::vector<const ExplainStep*> near;
  for (int pass = 0; pass < 2; ++pass) {
    for (const ExplainStep& x : steps) {
      if (!x.in_force || x.matched || x.failed_cells != 1 || !x.changeable) continue;
      const bool eligible = x.would_status == RepairStatus::kEligibleNow ||
                            x.would_status == RepairStatus::kEligibleLater;
      if (eligible == (pass == 0) && near.size() < 3) near.push_back(&x);
    }
  }
  if (!near.empty()) Append(&s, zh ? "  差一项即适用的规则：\n" : "  Rules missed by one condition:\n");
  for (const ExplainStep* x : near) {
    Append(&s, "    ", x->rule_id, zh ? "：若「" : ": if \"", zh ? x->column_zh : x->column_en,
           zh ? "」为「" : "\" were \"", zh ? x->wanted_zh : x->wanted_en, zh ? "」（现为「" : "\" (now \"",
           zh ? x->actual_zh : x->actual_en, zh ? "」），则" : "\"), then ",
           zh ? StatusZh(x->would_status) : StatusEn(x->would_status));
    if (!x->would_eligible_from.empty() && (x->would_status == RepairStatus::kEligibleNow ||
                                            x->would_status == RepairStatus::kEligibleLater)) {
      Append(&s, zh ? "，自 " : " from ", x->would_eligible_from, zh ? " 起" : "");
    }
    Append(&s, "\n");
  }
  if (!full) {
    Append(&s, zh ? Cat("  （完整判定过程：共尝试 ", steps.size(), " 条规则，使用 --full 查看）\n")
                  : Cat("  (full trace: ", steps.size(), " rules tried; use --full)\n"));
  }
  return s;
}

}  // namespace xiufu
