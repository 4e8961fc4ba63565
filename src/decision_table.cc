#include "xiufu/decision_table.h"

namespace xiufu {

uint32_t StringPool::Add(std::string_view s) {
  chars.append(s);
  offsets.push_back(static_cast<uint32_t>(chars.size()));
  return static_cast<uint32_t>(offsets.size() - 2);
}

int DecisionTable::DomainIndex(std::string_view name) const {
  const TableData& d = *data_;
  for (size_t i = 0; i < d.domains.size(); ++i) {
    if (d.strings.Get(d.domains[i].name) == name) return static_cast<int>(i);
  }
  return -1;
}

int DecisionTable::ValueIndex(int domain, std::string_view code) const {
  if (domain < 0 || domain >= static_cast<int>(data_->domains.size())) return -1;
  const CompiledDomain& dom = data_->domains[domain];
  for (uint32_t i = 0; i < dom.value_count; ++i) {
    if (data_->strings.Get(data_->domain_values[dom.value_begin + i].code) == code) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int DecisionTable::DomainSize(int domain) const {
  if (domain < 0 || domain >= static_cast<int>(data_->domains.size())) return 0;
  return static_cast<int>(data_->domains[domain].value_count);
}

static const CompiledDomainValue* ValueAt(const TableData& d, int domain, int value) {
  if (domain < 0 || domain >= static_cast<int>(d.domains.size())) return nullptr;
  const CompiledDomain& dom = d.domains[domain];
  if (value < 0 || value >= static_cast<int>(dom.value_count)) return nullptr;
  return &d.domain_values[dom.value_begin + value];
}

std::string_view DecisionTable::ValueCode(int domain, int value) const {
  const CompiledDomainValue* v = ValueAt(*data_, domain, value);
  return v ? Str(v->code) : std::string_view();
}
std::string_view DecisionTable::ValueZh(int domain, int value) const {
  const CompiledDomainValue* v = ValueAt(*data_, domain, value);
  return v ? Str(v->zh) : std::string_view();
}
std::string_view DecisionTable::ValueEn(int domain, int value) const {
  const CompiledDomainValue* v = ValueAt(*data_, domain, value);
  return v ? Str(v->en) : std::string_view();
}

int DecisionTable::NumPlatforms() const { return DomainSize(DomainIndex("platform")); }

}  // namespace xiufu
