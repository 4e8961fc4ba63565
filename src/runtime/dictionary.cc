#include "xiufu/runtime/dictionary.h"

#include <utility>

#include "base/str_util.h"

namespace xiufu {

constexpr std::array<std::string_view, kNumInputDomains> kDomainNames = {
    "platform", "department", "record_kind", "severity",
    "penalty",  "procedure",  "sector",      "entity_status"};

std::string_view InputDomainName(InputDomain d) { return kDomainNames[static_cast<int>(d)]; }

absl::StatusOr<Dictionary> Dictionary::FromCodes(CodeLists codes) {
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
  }
  return dict;
}

absl::StatusOr<Dictionary> Dictionary::FromTable(const DecisionTable& table) {
  if (!table.valid()) return absl::InvalidArgumentError("decision table is empty");
  const internal::TableData& t = internal::Data(table);
  CodeLists codes;
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
      codes[d].emplace_back(t.strings.Get(t.domain_values[found->value_begin + v].code));
    }
  }
  return FromCodes(std::move(codes));
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
  return it == ids.end() ? -1 : it->second;
}

std::string_view Dictionary::Code(InputDomain d, int id) const {
  const auto& codes = codes_[Index(d)];
  return id >= 0 && static_cast<size_t>(id) < codes.size() ? std::string_view(codes[id])
                                                             : std::string_view();
}

}  // namespace xiufu
