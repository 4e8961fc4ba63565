#include "xiufu/runtime/uscc.h"

#include "base/str_util.h"

namespace xiufu {

namespace {

struct CharValues {
  int8_t v[256];
  constexpr CharValues() : v() {
    for (int c = 0; c < 256; ++c) v[c] = -1;
    for (size_t i = 0; i < kUsccCharset.size(); ++i) {
      v[static_cast<unsigned char>(kUsccCharset[i])] = static_cast<int8_t>(i);
    }
  }
};
constexpr CharValues kCharValues;

}  // namespace

int UsccCharValue(char c) { return kCharValues.v[static_cast<unsigned char>(c)]; }

char UsccCheckChar(std::string_view first17) {
  // Weights are 3^i mod 31 (GB 32100-2015).
  int sum = 0, w = 1;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) {
    sum += UsccCharValue(first17[i]) * w;
    w = w * 3 % 31;
  }
  const int c = 31 - sum % 31;
  return kUsccCharset[c == 31 ? 0 : c];
}

absl::Status ValidateUscc(std::string_view code) {
  if (code.size() != 18) {
    return absl::InvalidArgumentError(
        Cat("USCC '", code, "' has ", code.size(), " characters, expected 18"));
  }
  for (size_t i = 0; i < 18; ++i) {
    const bool digit_only = i >= 2 && i < 8;  // administrative division code
    if (UsccCharValue(code[i]) < 0 || (digit_only && (code[i] < '0' || code[i] > '9'))) {
      return absl::InvalidArgumentError(Cat("USCC '", code, "': character ", i + 1, " ('",
                                                     code.substr(i, 1), "') is not allowed there"));
    }
  }
  const char want = UsccCheckChar(code.substr(0, 17));
  if (code[17] != want) {
    return absl::InvalidArgumentError(Cat("USCC '", code, "': check character is '",
                                                   code.substr(17, 1), "', expected '",
                                                   std::string(1, want), "'"));
  }
  return absl::OkStatus();
}

EntityKind EntityKindFromUscc(std::string_view code) {
  if (code.size() < 2 || code[0] != '9') return EntityKind::kOther;
  switch (code[1]) {
    case '1': return EntityKind::kEnterprise;
    case '2': return EntityKind::kIndividual;
    case '3': return EntityKind::kCooperative;
    default: return EntityKind::kOther;
  }
}

}  // namespace xiufu
