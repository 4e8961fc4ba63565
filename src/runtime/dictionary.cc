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

absl::StatusOr<Dictionary> Dictionary::FromCodes(CodeLists codes, CodeLists labels) {
  Dictionary dict;
  for (int d = 0; d < kNumInputDomains; ++d) {
    const std::string_view name = kDomainNames[d];
    if (codes[d].empty()) {
      return absl::InvalidArgumentError(Cat("domain '", name, "' has no codes"));
    }
    const size_t cap = d == Index(InputDomain::kPlatform) ? kMaxPlatforms : kMaxEnumValues;
    if (codes[d].size() > cap) {
      return absl::InvalidArgumentError(Cat("domain '", name, "' has ", codes[d].size(),
                                                     " codes, at most ", cap, " allowed"));
    }
    for (size_t i = 0; i < codes[d].size(); ++i) {
      if (!dict.ids_[d].emplace(codes[d][i], static_cast<int>(i)).second) {
        return absl::InvalidArgumentError(
            Cat("domain '", name, "' lists code '", codes[d][i], "' twice"));
      }
    }
    dict.codes_[d] = std::move(codes[d]);
    dict.labels_[d].assign(dict.codes_[d].size(), std::string());
    if (labels[d].empty()) continue;
    if (labels[d].size() != dict.codes_[d].size()) {
      return absl::InvalidArgumentError(Cat("domain '", name, "' has ", dict.codes_[d].size(),
                                            " codes but ", labels[d].size(), " labels"));
    }
    // A label names its code — and so does the label without a trailing parenthetical
    // ("存续" for "存续（在营）") — unless it is ambiguous (another value's code or label).
    std::vector<std::vector<std::string>> names(labels[d].size());
    absl::flat_hash_map<std::string, int> count;
    for (size_t i = 0; i < labels[d].size(); ++i) {
      const std::string& l = labels[d][i];
      if (l.empty()) continue;
      names[i].push_back(l);
      const std::string_view short_label = WithoutParenthetical(l);
      if (!short_label.empty() && short_label.size() != l.size()) {
        names[i].emplace_back(short_label);
      }
      for (const std::string& n : names[i]) ++count[n];
    }
    for (size_t i = 0; i < names.size(); ++i) {
      for (const std::string& n : names[i]) {
        if (count[n] > 1 || dict.ids_[d].contains(n)) continue;
        dict.aliases_[d].emplace(n, static_cast<int>(i));
      }
    }
    dict.labels_[d] = std::move(labels[d]);
  }
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
  return FromCodes(std::move(codes), std::move(labels));
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

uint64_t DictionaryFingerprint(const Dictionary& dict) {
  InputHasher h;
  for (int d = 0; d < kNumInputDomains; ++d) {
    for (const std::string& code : dict.Codes(static_cast<InputDomain>(d))) h.Code(code);
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
  return h.value();
}

int Dictionary::Find(InputDomain d, std::string_view code) const {
  const auto& ids = ids_[Index(d)];
  const auto it = ids.find(AV(code));
  if (it != ids.end()) return it->second;
  const auto& aliases = aliases_[Index(d)];
  if (aliases.empty()) return -1;
  const auto alias = aliases.find(AV(code));
  return alias == aliases.end() ? -1 : alias->second;
}

std::string_view Dictionary::Label(InputDomain d, int id) const {
  const auto& labels = labels_[Index(d)];
  return id >= 0 && static_cast<size_t>(id) < labels.size() ? std::string_view(labels[id])
                                                             : std::string_view();
}

std::string Dictionary::ValidCodes(InputDomain d, int max) const {
  const auto& codes = codes_[Index(d)];
  std::string out;
  bool any_label = false;
  for (size_t i = 0; i < codes.size() && i < static_cast<size_t>(max); ++i) {
    if (!out.empty()) out.append(", ");
    out.append(codes[i]);
    const std::string_view label = Label(d, static_cast<int>(i));
    if (!label.empty()) {
      Append(&out, " (", label, ")");
      any_label = true;
    }
  }
  if (codes.size() > static_cast<size_t>(max)) out.append(", …");
  Append(&out, " (", codes.size(), codes.size() == 1 ? " code" : " codes",
         any_label ? "; a code or its Chinese label)" : ")");
  return out;
}

std::string_view Dictionary::Code(InputDomain d, int id) const {
  const auto& codes = codes_[Index(d)];
  return id >= 0 && static_cast<size_t>(id) < codes.size() ? std::string_view(codes[id])
                                                             : std::string_view();
}

}  // namespace xiufu
