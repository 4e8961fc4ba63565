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
