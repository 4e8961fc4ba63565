// EvaluateColumns: evaluation straight into output columns. The threads claim chunks of 2,048
// entities as they go, prepare the date plan once per chunk, evaluate each entity as
// xiufu::EvaluateEntity does (exactly what EvaluateBatch does) and write that entity's rows of
// the records and entities columns and its alert rows. Text columns (material sets, action
// sets, alert messages, reasons) are coded per thread and merged after into sorted category
// lists, so the frames are identical for any thread count.
#include "evaluate_columns.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "message_cache.h"
#include "outcome_arrays.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/parallel_for.h"

namespace xiufu::py {
namespace {

struct AlertRow {
  int32_t entity, record;  // record: record_id category code, -1 for entity alerts
  int8_t platform;
  int16_t alert;
  int64_t due;
  int32_t message;  // the thread's message key code
};

// What one thread codes its text with (material sets, action sets, messages, reasons), and its
// evaluation scratch; shared by the chunks it takes.
struct ThreadPart {
  std::unique_ptr<MaterialSets> raw_sets, canonical_sets;
  std::unique_ptr<ActionSets> action_sets;
  std::unique_ptr<MessageKeys> messages, reasons;
  std::unique_ptr<Scratch> scratch;
  std::vector<RecordOutcome> outs;
};

// One chunk of entities: the thread part that coded its text, and its alert rows.
struct Chunk {
  size_t lo = 0, hi = 0;
  int part = 0;
  std::vector<AlertRow> alerts;
};

// The calling thread's ThreadPart in the current EvaluateColumns call: threads take a slot the
// first time they run a chunk of that call.
std::atomic<uint64_t> g_call{0};
thread_local uint64_t tl_call = 0;
thread_local int tl_slot = -1;

// The union of per-thread string lists (each deduplicated), sorted, so that the categories
// do not depend on which thread coded which chunk; remap[t][local code] = index in the union.
std::vector<std::string> Merge(const std::vector<const std::vector<std::string>*>& lists,
                               std::vector<std::vector<int32_t>>* remap) {
  struct Item {
    std::string_view text;
    uint32_t list, code;
  };
  std::vector<Item> all;
  remap->assign(lists.size(), {});
  for (size_t t = 0; t < lists.size(); ++t) {
    (*remap)[t].resize(lists[t]->size());
    for (size_t k = 0; k < lists[t]->size(); ++k) {
      all.push_back(Item{(*lists[t])[k], static_cast<uint32_t>(t), static_cast<uint32_t>(k)});
    }
  }
  std::sort(all.begin(), all.end(), [](const Item& a, const Item& b) { return a.text < b.text; });
  std::vector<std::string> out;
  for (const Item& it : all) {
    if (out.empty() || out.back() != it.text) out.emplace_back(it.text);
    (*remap)[it.list][it.code] = static_cast<int32_t>(out.size() - 1);
  }
  return out;
}

int BitCount(uint64_t bits) {
  int n = 0;
  for (; bits; bits &= bits - 1) ++n;  // alerts are few: cheaper than a popcount call
  return n;
}

}  // namespace

pyb::dict EvaluateColumns(const TableHandle& h, const Prepared& p, Date as_of, int threads,
                          bool with_alerts, bool with_reasons) {
  h.CheckCompatible(p);
  const Population& pop = p.pop;
  const int np = pop.num_platforms;
  const size_t n = pop.num_entities(), rows = pop.num_records() * static_cast<size_t>(np);

  auto r_entity = NewArray<int32_t>(rows), r_record = NewArray<int32_t>(rows);
  auto r_platform = NewArray<int8_t>(rows), r_status = NewArray<int8_t>(rows);
  auto r_from = NewArray<int64_t>(rows), r_exp = NewArray<int64_t>(rows);
  auto r_rule = NewArray<int32_t>(rows), r_source = NewArray<int32_t>(rows);
  auto r_channel = NewArray<int8_t>(rows), r_authority = NewArray<int8_t>(rows);
  auto r_dept = NewArray<int8_t>(rows), r_kind = NewArray<int8_t>(rows);
  auto r_actions = NewArray<int32_t>(rows);
  auto r_zh = NewArray<int32_t>(with_reasons ? rows : 0), r_en = NewArray<int32_t>(with_reasons ? rows : 0);
  auto r_warn = NewArray<int8_t>(rows);
  auto e_clean = NewArray<int64_t>(n);
  auto e_shown = NewArray<int32_t>(n), e_alerts = NewArray<int32_t>(n);
  auto e_raw = NewArray<int32_t>(n), e_can = NewArray<int32_t>(n);
  struct {
    int32_t *entity, *record, *rule, *source, *zh, *en, *actions;
    int8_t *platform, *status, *channel, *authority, *dept, *kind;
    int64_t *from, *exp;
  } R{r_entity.mutable_data(), r_record.mutable_data(), r_rule.mutable_data(),
      r_source.mutable_data(), r_zh.mutable_data(),   r_en.mutable_data(),
      r_actions.mutable_data(),
      r_platform.mutable_data(), r_status.mutable_data(), r_channel.mutable_data(),
      r_authority.mutable_data(), r_dept.mutable_data(), r_kind.mutable_data(),
      r_from.mutable_data(),   r_exp.mutable_data()};
  int8_t* o_warn = r_warn.mutable_data();
  int64_t* o_clean = e_clean.mutable_data();
  int32_t* o_shown = e_shown.mutable_data();
  int32_t* o_alerts = e_alerts.mutable_data();
  int32_t* o_raw = e_raw.mutable_data();
  int32_t* o_can = e_can.mutable_data();

  const DecisionTable& table = h.table;
  uint64_t entity_scope = 0;
  std::vector<uint8_t> has_due(table.NumAlerts());
  for (int a = 0; a < table.NumAlerts(); ++a) {
    if (table.AlertIsEntityScope(a)) entity_scope |= uint64_t{1} << a;
    has_due[a] = table.AlertHasDue(a);
  }
  const uint8_t* const due = has_due.data();

  // Chunks of entities claimed by the threads as they go (as EvaluateBatch does), so a core
  // slowed down by another process takes fewer; each thread codes the text of its chunks with
  // its own ThreadPart.
  constexpr size_t kChunk = 2048;
  const size_t chunks = std::max<size_t>(1, (n + kChunk - 1) / kChunk);
  const int max_parts = ResolveThreads(threads);
  std::vector<Chunk> parts(chunks);
  std::vector<ThreadPart> thread_parts(static_cast<size_t>(max_parts));
  std::atomic<int> next_part{0};
  const uint64_t call = ++g_call;
  pyb::gil_scoped_release nogil;
  ParallelFor(threads, chunks, [&](size_t c) {
    if (tl_call != call) {
      tl_call = call;
      tl_slot = next_part++;
      ThreadPart& t = thread_parts[static_cast<size_t>(tl_slot)];
      t.raw_sets = std::make_unique<MaterialSets>(table);
      t.canonical_sets = std::make_unique<MaterialSets>(table);
      t.action_sets = std::make_unique<ActionSets>(table);
      t.messages = std::make_unique<MessageKeys>(table, pop, MessageKind::kAlert);
      if (with_reasons) {
        t.reasons = std::make_unique<MessageKeys>(table, pop, MessageKind::kReason);
      }
      t.scratch = std::make_unique<Scratch>();
    }
    ThreadPart& t = thread_parts[static_cast<size_t>(tl_slot)];
    const size_t lo = std::min(n, c * kChunk), hi = std::min(n, (c + 1) * kChunk);
    Chunk& part = parts[c];
    part.lo = lo;
    part.hi = hi;
    part.part = tl_slot;
    // Typical districts raise an alert for about every other entity; reserving that much
    // avoids regrowing the vector (untouched capacity costs nothing).
    if (with_alerts) part.alerts.reserve((hi - lo) / 2 + 64);
    Scratch& scratch = *t.scratch;
    std::vector<RecordOutcome>& outs = t.outs;
    // The output pointers and the lookup vectors' data as locals: the lambda reaches the
    // captured ones through its closure, and every store to an int8 column (a char type, which
    // may alias anything) made the compiler load them again.
    const auto C = R;
    int64_t* const e_clean_by = o_clean;
    int32_t* const e_shown_n = o_shown;
    int32_t* const e_alert_n = o_alerts;
    int32_t* const e_raw_set = o_raw;
    int32_t* const e_can_set = o_can;
    const int32_t* const rule_code = h.rule_code.data();
    const int32_t* const source_code = h.source_code.data();
    const int32_t* const record_code = p.record_code.data();
    const uint8_t* const department = pop.department.data();
    const uint8_t* const record_kind = pop.record_kind.data();
    // The per-date work once per chunk, as EvaluateBatch does; then per entity exactly what
    // EvaluateEntity does.
    const EntityEvaluator evaluate(table, as_of, scratch);
    for (size_t e = lo; e < hi; ++e) {
      const uint32_t begin = pop.RecordsBegin(e), end = pop.RecordsEnd(e);
      const size_t pairs = static_cast<size_t>(end - begin) * np;
      if (outs.size() < pairs) outs.resize(pairs);
      EntityOutcome eo;
      evaluate(pop, e, outs.data(), &eo);
      const size_t alerts_before = part.alerts.size();
      int alert_count = 0;
      // The entity's due dates: its records scanned once, on the first alert that has one.
      EntityAlertDues dues(table, pop, e, as_of);
      auto due_of = [&](int64_t r, int a, const RecordOutcome* ro) -> int32_t {
        return due[a] ? dues(r, ro, a) : kNoDay;
      };
      if (with_alerts) {
        for (uint64_t bits = eo.alerts & entity_scope; bits; bits &= bits - 1) {
          const int a = __builtin_ctzll(bits);
          part.alerts.push_back(AlertRow{static_cast<int32_t>(e), -1, -1, static_cast<int16_t>(a),
                                         DaysToNs(due_of(-1, a, nullptr)),
                                         t.messages->Code(a, -1, -1, nullptr)});
        }
      } else {
        alert_count += BitCount(eo.alerts & entity_scope);
      }
      size_t k = static_cast<size_t>(begin) * np;
      const RecordOutcome* o = outs.data();
      for (uint32_t r = begin; r < end; ++r) {
        const int32_t row = record_code[r];
        const int8_t dept = static_cast<int8_t>(department[r]);
        const int8_t kind = static_cast<int8_t>(record_kind[r]);
        for (int q = 0; q < np; ++q, ++k, ++o) {
          C.entity[k] = static_cast<int32_t>(e);
          C.record[k] = row;
          C.platform[k] = static_cast<int8_t>(q);
          C.status[k] = StatusIndex(pop, r, q, *o, as_of);
          C.from[k] = DaysToNs(o->eligible_from);
          C.exp[k] = DaysToNs(o->expires_on);
          C.rule[k] = o->rule == kNoRow ? -1 : rule_code[o->rule];
          C.source[k] = o->rule == kNoRow ? -1 : source_code[o->rule];
          C.channel[k] = o->channel;
          C.authority[k] = o->authority;
          C.dept[k] = dept;
          C.kind[k] = kind;
          C.actions[k] = t.action_sets->Code(o->actions);
          if (with_reasons) {
            if (o->rule == kNoRow) {
              C.zh[k] = C.en[k] = -1;
            } else {
              C.zh[k] = t.reasons->Code(o->rule, r, q, o);  // the key, recoded below
            }
          }
          const uint64_t record_alerts = o->alerts & ~entity_scope;
          if (!with_alerts) {
            alert_count += BitCount(record_alerts);
            continue;
          }
          for (uint64_t bits = record_alerts; bits; bits &= bits - 1) {
            const int a = __builtin_ctzll(bits);
            part.alerts.push_back(AlertRow{static_cast<int32_t>(e), row, static_cast<int8_t>(q),
                                           static_cast<int16_t>(a), DaysToNs(due_of(r, a, o)),
                                           t.messages->Code(a, r, q, o)});
          }
        }
      }
      e_clean_by[e] = DaysToNs(eo.clean_by);
      e_shown_n[e] = static_cast<int32_t>(eo.shown);
      e_alert_n[e] = with_alerts ? static_cast<int32_t>(part.alerts.size() - alerts_before) : alert_count;
      e_raw_set[e] = t.raw_sets->Code(eo.raw_materials);
      e_can_set[e] = t.canonical_sets->Code(eo.canonical_materials);
    }
  });

  // Merge the per-thread text codes into one list per column and recode every chunk's rows.
  const size_t used_parts = static_cast<size_t>(next_part.load());
  std::vector<const std::vector<std::string>*> raw_lists, can_lists, act_lists;
  std::vector<const MessageKeys*> message_keys, reason_keys;
  for (size_t t = 0; t < used_parts; ++t) {
    const ThreadPart& part = thread_parts[t];
    raw_lists.push_back(&part.raw_sets->sets());
    act_lists.push_back(&part.action_sets->sets());
    can_lists.push_back(&part.canonical_sets->sets());
    message_keys.push_back(part.messages.get());
    if (with_reasons) reason_keys.push_back(part.reasons.get());
  }
  std::vector<std::vector<int32_t>> raw_map, can_map, act_map;
  std::vector<std::string> act_sets = Merge(act_lists, &act_map);
  std::vector<std::string> raw_sets = Merge(raw_lists, &raw_map);
  std::vector<std::string> can_sets = Merge(can_lists, &can_map);
  // Each distinct message rendered once, on the threads.
  RenderedMessages messages = RenderKeys(table, MessageKind::kAlert, message_keys, threads);
  RenderedMessages reasons;
  if (with_reasons) reasons = RenderKeys(table, MessageKind::kReason, reason_keys, threads);
  size_t alert_rows = 0;
  std::vector<size_t> alert_begin(chunks);
  for (size_t c = 0; c < chunks; ++c) {
    alert_begin[c] = alert_rows;
    alert_rows += parts[c].alerts.size();
  }
  ParallelFor(threads, chunks, [&](size_t c) {
    const Chunk& part = parts[c];
    const size_t t = static_cast<size_t>(part.part);
    for (size_t e = part.lo; e < part.hi; ++e) {
      o_raw[e] = raw_map[t][o_raw[e]];
      o_can[e] = can_map[t][o_can[e]];
    }
    const size_t k0 = static_cast<size_t>(pop.RecordsBegin(part.lo)) * np;
    const size_t k1 = static_cast<size_t>(pop.RecordsBegin(part.hi)) * np;
    if (with_reasons) {
      for (size_t k = k0; k < k1; ++k) {
        if (R.zh[k] >= 0) {
          const int32_t key = R.zh[k];
          R.zh[k] = reasons.zh_map[t][key];
          R.en[k] = reasons.en_map[t][key];
        }
      }
    }
    for (size_t k = k0; k < k1; ++k) R.actions[k] = act_map[t][R.actions[k]];
    // The record's plausibility warning bits (Population::record_warnings) on each of its rows.
    // A population prepared from frames serves any evaluation date, so "decided after the
    // evaluation date" is decided here, by the builder's rule (a record shown somewhere whose
    // decision_date is after as_of) — what the CSV reader, given the date, sets.
    for (uint32_t r = pop.RecordsBegin(part.lo); r < pop.RecordsBegin(part.hi); ++r) {
      uint8_t bits = pop.RecordWarnings(r);
      if (pop.decision_date[r] != kNoDay && pop.decision_date[r] > as_of.days &&
          pop.shown_mask[r] != 0) {
        bits |= kWarnDecisionAfterAsOf;
      }
      std::fill_n(o_warn + static_cast<size_t>(r) * np, np, static_cast<int8_t>(bits));
    }
  });

  pyb::gil_scoped_acquire gil;
  auto a_entity = NewArray<int32_t>(alert_rows), a_record = NewArray<int32_t>(alert_rows);
  auto a_platform = NewArray<int8_t>(alert_rows);
  auto a_alert = NewArray<int16_t>(alert_rows);
  auto a_due = NewArray<int64_t>(alert_rows);
  auto a_zh = NewArray<int32_t>(alert_rows), a_en = NewArray<int32_t>(alert_rows);
  {
    int32_t* ae = a_entity.mutable_data();
    int32_t* ar = a_record.mutable_data();
    int8_t* ap = a_platform.mutable_data();
    int16_t* aa = a_alert.mutable_data();
    int64_t* ad = a_due.mutable_data();
    int32_t* az = a_zh.mutable_data();
    int32_t* an = a_en.mutable_data();
    pyb::gil_scoped_release again;
    ParallelFor(threads, chunks, [&](size_t c) {
      const size_t t = static_cast<size_t>(parts[c].part);
      // Locals, not the closure's: the int8 column's stores would make GCC reload them.
      const int32_t* const zh = messages.zh_map[t].data();
      const int32_t* const en = messages.en_map[t].data();
      int32_t *const out_entity = ae, *const out_record = ar, *const out_zh = az, *const out_en = an;
      int8_t* const out_platform = ap;
      int16_t* const out_alert = aa;
      int64_t* const out_due = ad;
      size_t k = alert_begin[c];
      for (const AlertRow& a : parts[c].alerts) {
        out_entity[k] = a.entity;
        out_record[k] = a.record;
        out_platform[k] = a.platform;
        out_alert[k] = a.alert;
        out_due[k] = a.due;
        out_zh[k] = zh[a.message];
        out_en[k] = en[a.message];
        ++k;
      }
    });
  }

  pyb::dict records;
  records["warnings"] = r_warn;
  records["entity"] = r_entity;
  records["record"] = r_record;
  records["platform"] = r_platform;
  records["status"] = r_status;
  records["eligible_from"] = r_from;
  records["expires_on"] = r_exp;
  records["rule_id"] = r_rule;
  records["source"] = r_source;
  records["channel"] = r_channel;
  records["authority"] = r_authority;
  records["department"] = r_dept;
  records["record_kind"] = r_kind;
  records["actions"] = r_actions;
  records["action_sets"] = act_sets;
  if (with_reasons) {
    records["reason_zh"] = r_zh;
    records["reason_en"] = r_en;
    records["reasons_zh"] = reasons.zh;
    records["reasons_en"] = reasons.en;
  }
  pyb::dict entities;
  entities["clean_by"] = e_clean;
  entities["shown"] = e_shown;
  entities["alerts"] = e_alerts;
  entities["materials"] = e_can;
  entities["material_sets"] = can_sets;
  entities["raw_materials"] = e_raw;
  entities["raw_material_sets"] = raw_sets;
  pyb::dict out;
  out["records"] = records;
  out["entities"] = entities;
  if (with_alerts) {
    pyb::dict alerts;
    alerts["entity"] = a_entity;
    alerts["record"] = a_record;
    alerts["platform"] = a_platform;
    alerts["alert"] = a_alert;
    alerts["due"] = a_due;
    alerts["message_zh"] = a_zh;
    alerts["message_en"] = a_en;
    alerts["messages_zh"] = messages.zh;
    alerts["messages_en"] = messages.en;
    out["alerts"] = alerts;
  }
  return out;
}

}  // namespace xiufu::py
