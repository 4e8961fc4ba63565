#include "xiufu/runtime/dictionary.h"

#include <utility>

#include "base/str_util.h"

namespace xiufu {

constexpr std::array<std::string_view, kNumInputDomains> kDomainNames = {
    "platform", "department", "record_kind", "severity",
    "penalty",  "procedure",  "sector",      "entity_status"};

std::string_view InputDomainName(InputDomain d) { return kDomainNames[static_cast<int>(d)]; }

namespace {

// "存续（在营）" → "存续", "foo (bar)" → "foo"; the label itself when it has no trailing
// parenthetical.
std::string_view WithoutParenthetical(std::string_view label) {
  constexpr std::string_view kFullOpen = "（", kFullClose = "）";
  size_t open = std::string_view::npos;
  if (label.size() > kFullClose.size() &&
      label.substr(label.size() - kFullClose.size()) == kFullClose) {
    open = label.rfind(kFullOpen);
  } else if (!label.empty() && label.back() == ')') {
    open = label.rfind('(');
  }
  if (open == std::string_view::npos || open == 0) return label;
  std::string_view head = label.substr(0, open);
  while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
  return head;
}

}  // namespace

absl::StatusOr<CodeSet> CodeSet::Make(std::string_view name, std::vector<std::string> codes,
                                      std::vector<std::string> labels, size_t cap) {
  CodeSet set;
  if (codes.empty()) return absl::InvalidArgumentError(Cat("domain '", name, "' has no codes"));
  if (codes.size() > cap) {
    return absl::InvalidArgumentError(Cat("domain '", name, "' has ", codes.size(),
                                          " codes, at most ", cap, " allowed"));
  }
  for (size_t i = 0; i < codes.size(); ++i) {
    if (!set.ids_.emplace(codes[i], static_cast<int>(i)).second) {
      return absl::InvalidArgumentError(Cat("domain '", name, "' lists code '", codes[i], "' twice"));
    }
  }
  set.codes_ = std::move(codes);
  set.labels_.assign(set.codes_.size(), std::string());
  if (labels.empty()) return set;
  if (labels.size() != set.codes_.size()) {
    return absl::InvalidArgumentError(Cat("domain '", name, "' has ", set.codes_.size(),
                                          " codes but ", labels.size(), " labels"));
  }
  // A label names its code — and so does the label without a trailing parenthetical
  // ("存续" for "存续（在营）") — unless it is ambiguous (another value's code or label).
  std::vector<std::vector<std::string>> names(labels.size());
  absl::flat_hash_map<std::string, int> count;
  for (size_t i = 0; i < labels.size(); ++i) {
    const std::string& l = labels[i];
    if (l.empty()) continue;
    names[i].push_back(l);
    const std::string_view short_label = WithoutParenthetical(l);
    if (!short_label.empty() && short_label.size() != l.size()) names[i].emplace_back(short_label);
    for (const std::string& n : names[i]) ++count[n];
  }
  for (size_t i = 0; i < names.size(); ++i) {
    for (const std::string& n : names[i]) {
      if (count[n] > 1 || set.ids_.contains(n)) continue;
      set.aliases_.emplace(n, static_cast<int>(i));
    }
  }
  set.labels_ = std::move(labels);
  return set;
}

int CodeSet::Find(std::string_view code) const {
  const auto it = ids_.find(AV(code));
  if (it != ids_.end()) return it->second;
  if (aliases_.empty()) return -1;
  const auto alias = aliases_.find(AV(code));
  return alias == aliases_.end() ? -1 : alias->second;
}

std::string_view CodeSet::Code(int id) const {
  return id >= 0 && static_cast<size_t>(id) < codes_.size() ? std::string_view(codes_[id])
                                                            : std::string_view();
}

std::string_view CodeSet::Label(int id) const {
  return id >= 0 && static_cast<size_t>(id) < labels_.size() ? std::string_view(labels_[id])
                                                             : std::string_view();
}

std::string CodeSet::ValidCodes(int max) const {
  std::string out;
  bool any_label = false;
  for (size_t i = 0; i < codes_.size() && i < static_cast<size_t>(max); ++i) {
    if (!out.empty()) out.append(", ");
    out.append(codes_[i]);
    const std::string_view label = Label(static_cast<int>(i));
    if (!label.empty()) {
      Append(&out, " (", label, ")");
      any_label = true;
    }
  }
  if (codes_.size() > static_cast<size_t>(max)) out.append(", …");
  Append(&out, " (", codes_.size(), codes_.size() == 1 ? " code" : " codes",
         any_label ? "; a code or its Chinese label)" : ")");
  return out;
}

absl::StatusOr<Dictionary> Dictionary::FromCodes(CodeLists codes, CodeLists labels,
                                                 std::vector<CustomColumn> columns,
                                                 std::vector<std::vector<std::string>> column_codes,
                                                 std::vector<std::vector<std::string>> column_labels) {
  Dictionary dict;
  for (int d = 0; d < kNumInputDomains; ++d) {
    const size_t cap = d == Index(InputDomain::kPlatform) ? kMaxPlatforms : kMaxEnumValues;
    absl::StatusOr<CodeSet> set =
        CodeSet::Make(kDomainNames[d], std::move(codes[d]), std::move(labels[d]), cap);
    if (!set.ok()) return set.status();
    dict.domains_[d] = *std::move(set);
  }
  int ordinal[2] = {0, 0};
  for (size_t i = 0; i < columns.size(); ++i) {
    CustomColumn& c = columns[i];
    if (c.scope != FactScope::kEntity && c.scope != FactScope::kRecord) {
      return absl::InvalidArgumentError(Cat("column '", c.name, "' is neither entity nor record scope"));
    }
    c.ordinal = ordinal[c.scope == FactScope::kEntity]++;
    CodeSet set;
    if (c.type == FactType::kEnum) {
      absl::StatusOr<CodeSet> made = CodeSet::Make(
          c.domain, i < column_codes.size() ? std::move(column_codes[i]) : std::vector<std::string>{},
          i < column_labels.size() ? std::move(column_labels[i]) : std::vector<std::string>{},
          kMaxEnumValues);
      if (!made.ok()) return made.status();
      set = *std::move(made);
    }
    dict.column_codes_.push_back(std::move(set));
  }
  dict.columns_ = std::move(columns);
  return dict;
}

absl::StatusOr<Dictionary> Dictionary::FromTable(const DecisionTable& table) {
  if (!table.valid()) return absl::InvalidArgumentError("decision table is empty");
  const internal::TableData& t = internal::Data(table);
  CodeLists codes, labels;
  for (int d = 0; d < kNumInputDomains; ++d) {
    const internal::CompiledDomain* found = nullptr;
    for (const internal::CompiledDomain& cd : t.domains) {
      if (t.strings.Get(cd.name) == kDomainNames[d]) found = &cd;
    }
    if (found == nullptr) {
      return absl::InvalidArgumentError(
          Cat("the rule pack defines no '", kDomainNames[d], "' domain"));
    }
    for (uint32_t v = 0; v < found->value_count; ++v) {
      const internal::CompiledDomainValue& dv = t.domain_values[found->value_begin + v];
      codes[d].emplace_back(t.strings.Get(dv.code));
      labels[d].emplace_back(t.strings.Get(dv.zh));
    }
  }
  std::vector<CustomColumn> columns = table.CustomColumns();
  std::vector<std::vector<std::string>> column_codes(columns.size()), column_labels(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].type != FactType::kEnum) continue;
    for (const internal::CompiledDomain& cd : t.domains) {
      if (t.strings.Get(cd.name) != columns[i].domain) continue;
      for (uint32_t v = 0; v < cd.value_count; ++v) {
        const internal::CompiledDomainValue& dv = t.domain_values[cd.value_begin + v];
        column_codes[i].emplace_back(t.strings.Get(dv.code));
        column_labels[i].emplace_back(t.strings.Get(dv.zh));
      }
    }
  }
  return FromCodes(std::move(codes), std::move(labels), std::move(columns),
                   std::move(column_codes), std::move(column_labels));
}

namespace {

// FNV-1a 64 over the domains' codes: each code is followed by 0x1F, each domain by 0x1E (codes
// are CSV cells and never contain these control characters).
class InputHasher {
 public:
  void Code(std::string_view code) {
    for (const char c : code) Byte(static_cast<unsigned char>(c));
    Byte(0x1F);
  }
  void EndDomain() { Byte(0x1E); }
  uint64_t value() const { return h_ == 0 ? 1 : h_; }

 private:
  void Byte(unsigned char b) { h_ = (h_ ^ b) * 0x100000001b3ull; }
  uint64_t h_ = 0xcbf29ce484222325ull;
};

}  // namespace

// A custom column's part of the fingerprint: name, scope, type, default and (enum) codes.
void HashColumn(InputHasher& h, const CustomColumn& c) {
  h.Code(c.name);
  h.Code(ScopeCode(c.scope));
  h.Code(FactTypeCode(c.type));
  h.Code(c.default_value == kNull ? std::string("-") : std::to_string(c.default_value));
}

uint64_t DictionaryFingerprint(const Dictionary& dict) {
  InputHasher h;
  for (int d = 0; d < kNumInputDomains; ++d) {
    for (const std::string& code : dict.Codes(static_cast<InputDomain>(d))) h.Code(code);
    h.EndDomain();
  }
  for (size_t i = 0; i < dict.Columns().size(); ++i) {
    HashColumn(h, dict.Columns()[i]);
    for (const std::string& code : dict.ColumnCodes(i).codes()) h.Code(code);
    h.EndDomain();
  }
  return h.value();
}

uint64_t InputFingerprint(const DecisionTable& table) {
  if (!table.valid()) return 0;
  const internal::TableData& t = internal::Data(table);
  InputHasher h;
  for (int d = 0; d < kNumInputDomains; ++d) {
    const internal::CompiledDomain* found = nullptr;
    for (const internal::CompiledDomain& cd : t.domains) {
      if (t.strings.Get(cd.name) == kDomainNames[d]) found = &cd;
    }
    if (found != nullptr) {
      for (uint32_t v = 0; v < found->value_count; ++v) {
        h.Code(t.strings.Get(t.domain_values[found->value_begin + v].code));
      }
    }
    h.EndDomain();
  }
  for (const CustomColumn& c : table.CustomColumns()) {
    HashColumn(h, c);
    if (c.type == FactType::kEnum) {
      for (const internal::CompiledDomain& cd : t.domains) {
        if (t.strings.Get(cd.name) != c.domain) continue;
        for (uint32_t v = 0; v < cd.value_count; ++v) {
          h.Code(t.strings.Get(t.domain_values[cd.value_begin + v].code));
        }
      }
    }
    h.EndDomain();
  }
  return h.value();
}

int Dictionary::Find(InputDomain d, std::string_view code) const {
  return domains_[Index(d)].Find(code);
}

std::string_view Dictionary::Label(InputDomain d, int id) const {
  return domains_[Index(d)].Label(id);
}

std::string Dictionary::ValidCodes(InputDomain d, int max) const {
  return domains_[Index(d)].ValidCodes(max);
}

std::string_view Dictionary::Code(InputDomain d, int id) const {
  return domains_[Index(d)].Code(id);
}

int Dictionary::NumColumns(FactScope scope) const {
  int n = 0;
  for (const CustomColumn& c : columns_) n += c.scope == scope;
  return n;
}

const CustomColumn* Dictionary::Column(FactScope scope, int ordinal) const {
  for (const CustomColumn& c : columns_) {
    if (c.scope == scope && c.ordinal == ordinal) return &c;
  }
  return nullptr;
}

}  // namespace xiufu
