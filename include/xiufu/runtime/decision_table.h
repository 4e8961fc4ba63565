// xiufu::DecisionTable — a compiled rule pack: the flat decision table the evaluator runs, made
// by the toolchain's Compile (compile.h) or loaded from a blob (blob.h). Opaque: a host asks it
// what it needs — the pack's identity, a row's rule id and legal source, material, alert,
// platform and department codes and names — and hands it to EvaluateEntity / EvaluateBatch.
//
// Immutable; a DecisionTable is a cheap handle to shared const data: copy it freely and share
// it across threads. Mutable evaluation state lives in xiufu::Scratch (evaluate.h).
#ifndef XIUFU_RUNTIME_DECISION_TABLE_H_
#define XIUFU_RUNTIME_DECISION_TABLE_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "xiufu/runtime/custom_column.h"
#include "xiufu/runtime/detail/table_data.h"

namespace xiufu {

class DecisionTable {
 public:
  DecisionTable() = default;
  // For the compiler and the blob reader.
  explicit DecisionTable(std::shared_ptr<const internal::TableData> data)
      : data_(std::move(data)) {}

  bool valid() const { return data_ != nullptr; }

  // ---- the pack it was compiled from ----
  std::string_view PackName() const { return Str(data_->pack_name); }
  std::string_view PackVersion() const { return Str(data_->pack_version); }
  std::string_view PackZh() const { return Str(data_->pack_zh); }
  std::string_view PackEn() const { return Str(data_->pack_en); }
  uint64_t PackHash() const { return data_->pack_hash; }

  // ---- rows (RecordOutcome::rule indexes them) ----
  size_t NumRows() const { return data_->rows.size(); }
  std::string_view RuleId(uint32_t row) const { return RowStr(row, &internal::CompiledRow::rule_id); }
  std::string_view Source(uint32_t row) const { return RowStr(row, &internal::CompiledRow::source); }
  std::string_view ReasonZh(uint32_t row) const { return RowStr(row, &internal::CompiledRow::reason_zh); }
  std::string_view ReasonEn(uint32_t row) const { return RowStr(row, &internal::CompiledRow::reason_en); }
  std::string_view RowTableName(uint32_t row) const {
    return row < data_->rows.size() ? Str(data_->tables[data_->rows[row].table].name)
                                    : std::string_view();
  }
  int RowLine(uint32_t row) const {
    return row < data_->rows.size() ? static_cast<int>(data_->rows[row].line) : 0;
  }
  // The decision the row belongs to, its status output (eligibility rows) and the dates it is
  // in force (Date{kNoDay} = open).
  Decision RowDecision(uint32_t row) const {
    return static_cast<Decision>(data_->tables[data_->rows[row].table].decision);
  }
  RepairStatus RowStatus(uint32_t row) const {
    return static_cast<RepairStatus>(data_->rows[row].status);
  }
  Date RowEffectiveFrom(uint32_t row) const { return Date{data_->rows[row].effective_from}; }
  Date RowEffectiveTo(uint32_t row) const { return Date{data_->rows[row].effective_to}; }

  // ---- materials (bit i of a material set) and alerts (bit i of an alert set) ----
  int NumMaterials() const { return static_cast<int>(data_->materials.size()); }
  std::string_view MaterialCode(int i) const { return Str(data_->materials[i].code); }
  std::string_view MaterialZh(int i) const { return Str(data_->materials[i].zh); }
  std::string_view MaterialEn(int i) const { return Str(data_->materials[i].en); }
  bool MaterialIsCanonical(int i) const { return data_->materials[i].canonical != 0; }
  std::string_view MaterialRequestedBy(int i) const { return Str(data_->materials[i].requested_by); }
  std::string_view MaterialSource(int i) const { return Str(data_->materials[i].source); }
  int NumAlerts() const { return static_cast<int>(data_->alerts.size()); }
  std::string_view AlertCode(int i) const { return Str(data_->alerts[i].code); }
  std::string_view AlertSeverity(int i) const { return Str(data_->alerts[i].severity); }
  std::string_view AlertZh(int i) const { return Str(data_->alerts[i].zh); }  // template
  std::string_view AlertEn(int i) const { return Str(data_->alerts[i].en); }  // template
  bool AlertIsEntityScope(int i) const { return data_->alerts[i].entity_scope != 0; }
  std::string_view AlertSource(int i) const { return Str(data_->alerts[i].source); }
  // Whether the alert has a due date expression (AlertDue in evaluate.h computes it).
  bool AlertHasDue(int i) const {
    return data_->alerts[i].due.base1 != static_cast<uint8_t>(DateBase::kNone);
  }

  // ---- unblocking actions (bit i of RecordOutcome::actions) ----
  int NumActions() const { return static_cast<int>(data_->actions.size()); }
  std::string_view ActionCode(int i) const { return Str(data_->actions[i].code); }
  std::string_view ActionZh(int i) const { return Str(data_->actions[i].zh); }
  std::string_view ActionEn(int i) const { return Str(data_->actions[i].en); }
  std::string_view ActionSource(int i) const { return Str(data_->actions[i].source); }
  ActionEffect ActionEffectOf(int i) const {
    return static_cast<ActionEffect>(data_->actions[i].effect);
  }
  uint32_t RowActions(uint32_t row) const {
    return row < data_->rows.size() ? data_->rows[row].actions : 0;
  }

  // ---- enum domains of the pack (not for the hot path) ----
  int NumDomains() const { return static_cast<int>(data_->domains.size()); }
  std::string_view DomainName(int domain) const {
    return domain >= 0 && domain < NumDomains() ? Str(data_->domains[domain].name)
                                                : std::string_view();
  }
  int DomainIndex(std::string_view name) const {  // -1 when absent
    for (int i = 0; i < NumDomains(); ++i) {
      if (DomainName(i) == name) return i;
    }
    return -1;
  }
  int DomainSize(int domain) const {
    return domain >= 0 && domain < NumDomains()
               ? static_cast<int>(data_->domains[domain].value_count) : 0;
  }
  int ValueIndex(int domain, std::string_view code) const {  // -1 when absent
    for (int v = 0; v < DomainSize(domain); ++v) {
      if (ValueCode(domain, v) == code) return v;
    }
    return -1;
  }
  std::string_view ValueCode(int domain, int value) const { return ValueStr(domain, value, 0); }
  std::string_view ValueZh(int domain, int value) const { return ValueStr(domain, value, 1); }
  std::string_view ValueEn(int domain, int value) const { return ValueStr(domain, value, 2); }
  // Platforms and departments by dense id (the "platform" and "department" domains).
  int NumPlatforms() const { return DomainSize(DomainIndex("platform")); }
  std::string_view PlatformCode(int p) const { return ValueCode(DomainIndex("platform"), p); }
  std::string_view PlatformZh(int p) const { return ValueZh(DomainIndex("platform"), p); }
  std::string_view PlatformEn(int p) const { return ValueEn(DomainIndex("platform"), p); }
  std::string_view DepartmentCode(int d) const { return ValueCode(DomainIndex("department"), d); }
  std::string_view DepartmentZh(int d) const { return ValueZh(DomainIndex("department"), d); }
  std::string_view DepartmentEn(int d) const { return ValueEn(DomainIndex("department"), d); }

  // ---- the pack's custom input columns (custom_column.h), in declaration order ----
  size_t NumCustomColumns() const { return data_->columns.size(); }
  std::vector<CustomColumn> CustomColumns() const {
    std::vector<CustomColumn> out;
    for (const internal::CompiledColumn& c : data_->columns) {
      CustomColumn x;
      x.name = std::string(Str(c.name));
      x.scope = static_cast<FactScope>(c.scope);
      x.type = static_cast<FactType>(c.type);
      x.domain = std::string(Str(c.domain));
      x.default_value = c.default_value;
      x.default_text = std::string(Str(c.default_text));
      x.zh = std::string(Str(c.zh));
      x.en = std::string(Str(c.en));
      x.source = std::string(Str(c.source));
      x.fact = static_cast<Fact>(c.fact);
      x.since = static_cast<Fact>(c.since);
      x.since_name = std::string(Str(c.since_name));
      x.since_zh = std::string(Str(c.since_zh));
      x.since_en = std::string(Str(c.since_en));
      x.ordinal = c.ordinal;
      x.changeable = c.changeable != 0;
      out.push_back(std::move(x));
    }
    return out;
  }

 private:
  friend const internal::TableData& internal_Data(const DecisionTable& t);
  std::string_view Str(uint32_t id) const { return data_->strings.Get(id); }
  std::string_view RowStr(uint32_t row, uint32_t internal::CompiledRow::*field) const {
    return row < data_->rows.size() ? Str(data_->rows[row].*field) : std::string_view();
  }
  std::string_view ValueStr(int domain, int value, int which) const {
    if (value < 0 || value >= DomainSize(domain)) return {};
    const internal::CompiledDomainValue& v =
        data_->domain_values[data_->domains[domain].value_begin + value];
    return Str(which == 0 ? v.code : which == 1 ? v.zh : v.en);
  }
  std::shared_ptr<const internal::TableData> data_;
};

inline const internal::TableData& internal_Data(const DecisionTable& t) { return *t.data_; }

namespace internal {
// The table's data, for the library's own inline evaluator and toolchain. Not API.
inline const TableData& Data(const DecisionTable& t) { return internal_Data(t); }
inline std::string_view Str(const TableData& d, uint32_t id) { return d.strings.Get(id); }
inline std::string_view Str(const DecisionTable& t, uint32_t id) { return Data(t).strings.Get(id); }
}  // namespace internal

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_DECISION_TABLE_H_
