#include "outcome_arrays.h"

#include <array>
#include <bit>
#include <tuple>

#include "str_util.h"
#include "fact_slots.h"
#include "message_cache.h"

namespace xiufu::py {

std::vector<std::string> StatusCategories() {
  std::vector<std::string> out;
  for (int s = 0; s < kNumStatuses; ++s) out.emplace_back(StatusCode(static_cast<Status>(s)));
  out.emplace_back("undecided");
  return out;
}

std::vector<uint32_t> RecordEntities(const Population& pop) {
  std::vector<uint32_t> out(pop.num_records());
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) out[r] = static_cast<uint32_t>(e);
  }
  return out;
}

int32_t MaterialSets::Code(const Bits128& b) {
  if (!b.Any()) return 0;
  for (const auto& [bits, code] : seen_) {
    if (bits == b) return code;
  }
  const TableData& d = h_.table.data();
  std::string s;
  for (size_t i = 0; i < d.materials.size(); ++i) {
    if (b.Test(static_cast<int>(i))) Append(&s, s.empty() ? "" : "|", h_.table.Str(d.materials[i].code));
  }
  const int32_t code = static_cast<int32_t>(sets_.size());
  sets_.push_back(std::move(s));
  seen_.emplace_back(b, code);
  return code;
}

pyb::dict RecordColumns(const TableHandle& h, const Prepared& p, const BatchResult& batch,
                        Date as_of, bool reasons) {
  const Population& pop = p.pop;
  const int np = pop.num_platforms;
  const size_t n = batch.records.size();
  auto entity = NewArray<int32_t>(n);
  auto record = NewArray<int32_t>(n);
  auto platform = NewArray<int8_t>(n);
  auto status = NewArray<int8_t>(n);
  auto eligible_from = NewArray<int64_t>(n);
  auto expires_on = NewArray<int64_t>(n);
  auto rule = NewArray<int32_t>(n);
  auto source = NewArray<int32_t>(n);
  auto channel = NewArray<int8_t>(n);
  auto authority = NewArray<int8_t>(n);
  auto department = NewArray<int8_t>(n);
  auto record_kind = NewArray<int8_t>(n);
  {
    pyb::gil_scoped_release nogil;
    int32_t* o_entity = entity.mutable_data();
    int32_t* o_record = record.mutable_data();
    int8_t* o_platform = platform.mutable_data();
    int8_t* o_status = status.mutable_data();
    int64_t* o_from = eligible_from.mutable_data();
    int64_t* o_exp = expires_on.mutable_data();
    int32_t* o_rule = rule.mutable_data();
    int32_t* o_source = source.mutable_data();
    int8_t* o_channel = channel.mutable_data();
    int8_t* o_authority = authority.mutable_data();
    int8_t* o_dept = department.mutable_data();
    int8_t* o_kind = record_kind.mutable_data();
    size_t k = 0;
    for (size_t e = 0; e < pop.num_entities(); ++e) {
      for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
        for (int q = 0; q < np; ++q, ++k) {
          const RecordOutcome& o = batch.records[k];
          o_entity[k] = static_cast<int32_t>(e);
          o_record[k] = static_cast<int32_t>(p.record_row[r]);
          o_platform[k] = static_cast<int8_t>(q);
          o_status[k] = DisplayStatus(pop, r, q, o, as_of);
          o_from[k] = DaysToNs(o.eligible_from);
          o_exp[k] = DaysToNs(o.expires_on);
          o_rule[k] = o.rule == kNoRow ? -1 : h.rule_code[o.rule];
          o_source[k] = o.rule == kNoRow ? -1 : h.source_code[o.rule];
          o_channel[k] = o.channel;
          o_authority[k] = o.authority;
          o_dept[k] = static_cast<int8_t>(pop.department[r]);
          o_kind[k] = static_cast<int8_t>(pop.record_kind[r]);
        }
      }
    }
  }
  pyb::dict out;
  out["entity"] = entity;
  out["record"] = record;
  out["platform"] = platform;
  out["status"] = status;
  out["eligible_from"] = eligible_from;
  out["expires_on"] = expires_on;
  out["rule_id"] = rule;
  out["source"] = source;
  out["channel"] = channel;
  out["authority"] = authority;
  out["department"] = department;
  out["record_kind"] = record_kind;
  if (reasons) {
    const TableData& d = h.table.data();
    std::vector<std::pair<uint32_t, uint32_t>> templates;
    for (const CompiledRow& row : d.rows) templates.emplace_back(row.reason_zh, row.reason_en);
    MessageCache messages(h.table, pop, std::move(templates));
    auto zh = NewArray<int32_t>(n), en = NewArray<int32_t>(n);
    int32_t* o_zh = zh.mutable_data();
    int32_t* o_en = en.mutable_data();
    {
      pyb::gil_scoped_release nogil;
      size_t k = 0;
      for (uint32_t r = 0; r < pop.num_records(); ++r) {
        for (int q = 0; q < np; ++q, ++k) {
          const RecordOutcome& o = batch.records[k];
          if (o.rule == kNoRow) {
            o_zh[k] = o_en[k] = -1;
            continue;
          }
          const auto [z, e] = messages.Get(o.rule, r, q, o);
          o_zh[k] = z;
          o_en[k] = e;
        }
      }
    }
    out["reason_zh"] = zh;
    out["reason_en"] = en;
    out["reasons_zh"] = messages.zh();
    out["reasons_en"] = messages.en();
  }
  return out;
}

pyb::dict EntityColumns(const TableHandle& h, const Prepared& p, const BatchResult& batch) {
  const Population& pop = p.pop;
  const TableData& d = h.table.data();
  const size_t n = batch.entities.size();
  const int np = pop.num_platforms;
  uint64_t entity_scope = 0;
  for (size_t a = 0; a < d.alerts.size(); ++a) {
    if (d.alerts[a].entity_scope) entity_scope |= uint64_t{1} << a;
  }
  auto clean_by = NewArray<int64_t>(n);
  auto shown = NewArray<int32_t>(n);
  auto alerts = NewArray<int32_t>(n);
  auto raw = NewArray<int32_t>(n);
  auto canonical = NewArray<int32_t>(n);
  MaterialSets raw_sets(h), canonical_sets(h);
  {
    pyb::gil_scoped_release nogil;
    int64_t* o_clean = clean_by.mutable_data();
    int32_t* o_shown = shown.mutable_data();
    int32_t* o_alerts = alerts.mutable_data();
    int32_t* o_raw = raw.mutable_data();
    int32_t* o_can = canonical.mutable_data();
    for (size_t e = 0; e < n; ++e) {
      const EntityOutcome& eo = batch.entities[e];
      o_clean[e] = DaysToNs(eo.clean_by);
      o_shown[e] = static_cast<int32_t>(eo.shown);
      int count = std::popcount(eo.alerts & entity_scope);
      for (size_t k = static_cast<size_t>(pop.RecordsBegin(e)) * np;
           k < static_cast<size_t>(pop.RecordsEnd(e)) * np; ++k) {
        count += std::popcount(batch.records[k].alerts & ~entity_scope);
      }
      o_alerts[e] = count;
      o_raw[e] = raw_sets.Code(eo.raw_materials);
      o_can[e] = canonical_sets.Code(eo.canonical_materials);
    }
  }
  pyb::dict out;
  out["clean_by"] = clean_by;
  out["shown"] = shown;
  out["alerts"] = alerts;
  out["materials"] = canonical;
  out["material_sets"] = canonical_sets.sets();
  out["raw_materials"] = raw;
  out["raw_material_sets"] = raw_sets.sets();
  return out;
}

pyb::dict AlertColumns(const TableHandle& h, const Prepared& p, const BatchResult& batch,
                       Date as_of) {
  const Population& pop = p.pop;
  const TableData& d = h.table.data();
  const int np = pop.num_platforms;
  uint64_t entity_scope = 0;
  for (size_t a = 0; a < d.alerts.size(); ++a) {
    if (d.alerts[a].entity_scope) entity_scope |= uint64_t{1} << a;
  }
  size_t n = 0;
  for (const EntityOutcome& eo : batch.entities) n += std::popcount(eo.alerts & entity_scope);
  for (const RecordOutcome& o : batch.records) n += std::popcount(o.alerts & ~entity_scope);
  auto entity = NewArray<int32_t>(n);
  auto record = NewArray<int32_t>(n);
  auto platform = NewArray<int8_t>(n);
  auto alert = NewArray<int16_t>(n);
  auto due = NewArray<int64_t>(n);
  auto zh = NewArray<int32_t>(n);
  auto en = NewArray<int32_t>(n);
  std::vector<std::pair<uint32_t, uint32_t>> templates;
  for (const CompiledAlert& a : d.alerts) templates.emplace_back(a.zh, a.en);
  MessageCache messages(h.table, pop, std::move(templates));
  // Due dates: none, from the record / entity / outcome dates (evaluated here with the engine's
  // own date-expression code), or from the abnormal-listing date (xiufu::AlertDue, which
  // derives the entity's list context).
  constexpr uint8_t kNoDue = 0, kDirect = 1, kViaAlertDue = 2;
  std::vector<uint8_t> due_kind(d.alerts.size());
  for (size_t a = 0; a < d.alerts.size(); ++a) {
    const CompiledDateExpr& x = d.alerts[a].due;
    constexpr uint8_t kListed = static_cast<uint8_t>(DateBase::kAbnormalListedDate);
    due_kind[a] = x.base1 == static_cast<uint8_t>(DateBase::kNone) ? kNoDue
                  : (x.base1 == kListed || x.base2 == kListed) ? kViaAlertDue
                                                               : kDirect;
  }
  auto due_of = [&](size_t e, int64_t r, int a, const RecordOutcome* o) -> int32_t {
    if (due_kind[a] == kNoDue) return kNoDay;
    if (due_kind[a] == kViaAlertDue) return AlertDue(h.table, pop, e, r, o, a, as_of);
    internal::DateBases bases;
    internal::FillDateBases(pop, e, r, as_of, internal::EntityContext{}, &bases);
    if (o != nullptr) {
      bases[static_cast<int>(DateBase::kEligibleFrom)] = o->eligible_from;
      bases[static_cast<int>(DateBase::kExpiresOn)] = o->expires_on;
    }
    return internal::EvalDateExpr(d.alerts[a].due, bases, d.calendar);
  };
  {
    pyb::gil_scoped_release nogil;
    int32_t* o_entity = entity.mutable_data();
    int32_t* o_record = record.mutable_data();
    int8_t* o_platform = platform.mutable_data();
    int16_t* o_alert = alert.mutable_data();
    int64_t* o_due = due.mutable_data();
    int32_t* o_zh = zh.mutable_data();
    int32_t* o_en = en.mutable_data();
    size_t k = 0;
    const RecordOutcome none;
    auto emit = [&](size_t e, int64_t r, int q, int a, const RecordOutcome& o) {
      o_entity[k] = static_cast<int32_t>(e);
      o_record[k] = r < 0 ? -1 : static_cast<int32_t>(p.record_row[r]);
      o_platform[k] = static_cast<int8_t>(q);
      o_alert[k] = static_cast<int16_t>(a);
      o_due[k] = DaysToNs(due_of(e, r, a, r < 0 ? nullptr : &o));
      const auto [z, en_code] =
          messages.Get(a, r < 0 ? pop.num_records() : static_cast<size_t>(r), q, o);
      o_zh[k] = z;
      o_en[k] = en_code;
      ++k;
    };
    for (size_t e = 0; e < batch.entities.size(); ++e) {
      for (uint64_t bits = batch.entities[e].alerts & entity_scope; bits; bits &= bits - 1) {
        emit(e, -1, -1, std::countr_zero(bits), none);
      }
      for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
        for (int q = 0; q < np; ++q) {
          const RecordOutcome& o = batch.records[static_cast<size_t>(r) * np + q];
          for (uint64_t bits = o.alerts & ~entity_scope; bits; bits &= bits - 1) {
            emit(e, r, q, std::countr_zero(bits), o);
          }
        }
      }
    }
  }
  pyb::dict out;
  out["entity"] = entity;
  out["record"] = record;
  out["platform"] = platform;
  out["alert"] = alert;
  out["due"] = due;
  out["message_zh"] = zh;
  out["message_en"] = en;
  out["messages_zh"] = messages.zh();
  out["messages_en"] = messages.en();
  return out;
}

}  // namespace xiufu::py
