#include "xiufu/runtime/custom_column.h"

namespace xiufu {

std::string_view ScopeCode(FactScope s) {
  switch (s) {
    case FactScope::kEntity: return "entity";
    case FactScope::kRecord: return "record";
    case FactScope::kDerived: return "record outcome";
    case FactScope::kEntityDerived: return "entity summary";
  }
  return "";
}

std::string_view FactTypeCode(FactType t) {
  switch (t) {
    case FactType::kEnum: return "enum";
    case FactType::kBool: return "bool";
    case FactType::kNumber: return "number";
    case FactType::kDate: return "date";
    case FactType::kElapsed: return "elapsed";
  }
  return "";
}

bool AssignCustomFacts(absl::Span<CustomColumn> columns) {
  int next = kNumFacts;
  int ordinal[2] = {0, 0};
  int dates = 0;
  bool ok = true;
  for (CustomColumn& c : columns) {
    const int need = c.type == FactType::kDate ? 2 : 1;
    c.ordinal = ordinal[c.scope == FactScope::kEntity ? 1 : 0]++;
    c.since_name = c.type == FactType::kDate ? "since_" + c.name : "";
    c.since_zh = c.type == FactType::kDate ? "自" + c.zh + "以来" : "";
    c.since_en = c.type == FactType::kDate ? "time since " + c.en : "";
    if (next + need > kNumFactIds) {
      c.fact = c.since = Fact::kAsOf;
      ok = false;
      continue;
    }
    c.fact = static_cast<Fact>(next++);
    c.since = need == 2 ? static_cast<Fact>(next++) : Fact::kAsOf;
    c.date_base = need == 2 && dates < kMaxCustomDateBases
                      ? static_cast<DateBase>(static_cast<int>(DateBase::kCustom0) + dates++)
                      : DateBase::kNone;
  }
  return ok;
}

const CustomColumn* FactVocabulary::ColumnOf(Fact f) const {
  if (!IsCustomFact(f)) return nullptr;
  for (const CustomColumn& c : custom_) {
    if (c.fact == f || (c.has_since() && c.since == f)) return &c;
  }
  return nullptr;
}

FactInfo FactVocabulary::Info(Fact f) const {
  if (!IsCustomFact(f)) return InfoOf(f);
  const CustomColumn* c = ColumnOf(f);
  if (c == nullptr) return InfoOf(Fact::kAsOf);
  if (c->fact == f) return FactInfo{f, c->name, c->type, c->scope, c->domain, c->en};
  return FactInfo{f, c->since_name, FactType::kElapsed, c->scope, "", c->since_en};
}

std::optional<Fact> FactVocabulary::ByName(std::string_view name) const {
  if (std::optional<Fact> f = FactByName(name)) return f;
  for (const CustomColumn& c : custom_) {
    if (c.fact == Fact::kAsOf) continue;
    if (c.name == name) return c.fact;
    if (c.has_since() && c.since_name == name) return c.since;
  }
  return std::nullopt;
}

std::string_view FactVocabulary::Zh(Fact f) const {
  if (!IsCustomFact(f)) return FactZh(f);
  const CustomColumn* c = ColumnOf(f);
  return c == nullptr ? std::string_view() : c->fact == f ? c->zh : c->since_zh;
}

std::string_view FactVocabulary::En(Fact f) const {
  if (!IsCustomFact(f)) return FactEn(f);
  const CustomColumn* c = ColumnOf(f);
  return c == nullptr ? std::string_view() : c->fact == f ? c->en : c->since_en;
}

}  // namespace xiufu
