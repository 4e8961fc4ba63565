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

std::string RenderValue(const DecisionTable& t, int slot, int64_t v) {
  if (v == kNull) return "null";
  const Fact f = FactOfSlot(slot);
  const FactInfo& info = InfoOf(f);
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


}  // namespace

absl::StatusOr<Explanation> Explain(const DecisionTable& table, const Population& pop,
                                    size_t entity, size_t record, int platform, Date as_of) {
  const internal::TableData& d = internal::Data(table);
  if (entity >= pop.num_entities()) return absl::OutOfRangeError("entity index out of range");
  if (record < pop.RecordsBegin(entity) || record >= pop.RecordsEnd(entity)) {
    return absl::InvalidArgumentError("record does not belong to the entity");
  }
  if (platform < 0 || platform >= pop.num_platforms) {
    return absl::InvalidArgumentError("platform out of range");
  }
  // The outcome, exactly as the evaluator decides it.
  Scratch scratch;
  std::vector<RecordOutcome> outs(
      static_cast<size_t>(pop.RecordsEnd(entity) - pop.RecordsBegin(entity)) * pop.num_platforms);
  EntityOutcome eo;
  EvaluateEntity(table, pop, entity, as_of, scratch, outs.data(), &eo);

  Explanation ex;
  ex.uscc.assign(pop.uscc[entity].data(), pop.uscc[entity].size());
  ex.record_id = pop.record_id[record];
  ex.platform = std::string(table.PlatformCode(platform));
  ex.as_of = FormatDate(as_of);
  ex.outcome = outs[(record - pop.RecordsBegin(entity)) * pop.num_platforms + platform];

  // The facts, and every eligibility row in decision order until the one that matched.
  const internal::FactEnv env{&d.context, &d.calendar, nullptr, ToYmd(as_of)};
  internal::EntityContext ctx;
  int64_t* slots = internal::ScratchAccess::Slots(scratch);
  internal::FillEntitySlots(env, pop, entity, as_of, slots, &ctx);
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
          if (!CellMatches(d, cell, v)) {
            st.matched = false;
            st.column = std::string(internal::Str(table, cell.header));
            st.cell = std::string(internal::Str(table, cell.text));
            st.actual = RenderValue(table, cell.slot, v);
            break;
          }
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
  return ex;
}

std::string Explanation::ToText(bool zh) const {
  std::string s;
  Append(&s, zh ? "记录 " : "Record ", record_id, zh ? "（主体 " : " (entity ", uscc,
                  zh ? "）在平台 " : ") on platform ", platform, zh ? "，评估日 " : ", as of ",
                  as_of, "\n");
  for (const ExplainStep& st : steps) {
    Append(&s, "  ", st.matched ? "✓ " : "✗ ", st.rule_id, " (", st.table, ":", st.line,
                    ") ");
    if (!st.in_force) {
      Append(&s, zh ? "评估日不在生效期内" : "not in force on the evaluation date");
    } else if (st.matched) {
      Append(&s, zh ? "命中" : "matched");
    } else {
      Append(&s, st.column, " ", st.cell, zh ? " 不满足，实际值 " : " fails, actual ",
                      st.actual);
    }
    Append(&s, "\n");
  }
  const RepairStatus st = outcome.status;
  if (rule_id.empty()) {
    Append(&s, zh ? "  结论：无规则命中（" : "  Outcome: no rule matched (",
                    zh ? StatusZh(st) : StatusEn(st), ")\n");
    return s;
  }
  Append(&s, zh ? "  结论：" : "  Outcome: ", zh ? StatusZh(st) : StatusEn(st));
  if (!eligible_from.empty()) Append(&s, zh ? "，可申请日 " : ", eligible from ", eligible_from);
  if (!expires_on.empty()) Append(&s, zh ? "，到期日 " : ", expires on ", expires_on);
  Append(&s, zh ? "；规则 " : "; rule ", rule_id, zh ? "；依据 " : "; basis ", source, "\n");
  const std::string& reason = zh ? reason_zh : reason_en;
  if (!reason.empty()) Append(&s, "  ", reason, "\n");
  return s;
}

}  // namespace xiufu
