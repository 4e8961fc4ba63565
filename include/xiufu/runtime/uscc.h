// xiufu USCC — the Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters
// from the 31-character set 0-9A-HJ-NPQRTUWXY (no I, O, S, V, Z); position 18 is a check
// character over the first 17 with weights 3^i mod 31. Helpers to validate, to compute the
// check character (for generators) and to derive the entity kind from the 2-character prefix.
//
// Pure functions; thread-safe.
#ifndef XIUFU_RUNTIME_USCC_H_
#define XIUFU_RUNTIME_USCC_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "xiufu/runtime/facts.h"

namespace xiufu {

inline constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

namespace internal {
struct UsccCharValues {
  int8_t v[256];
  constexpr UsccCharValues() : v() {
    for (int c = 0; c < 256; ++c) v[c] = -1;
    for (size_t i = 0; i < kUsccCharset.size(); ++i) {
      v[static_cast<unsigned char>(kUsccCharset[i])] = static_cast<int8_t>(i);
    }
  }
};
inline constexpr UsccCharValues kUsccCharValues;
// Weights of the first 17 characters: 3^i mod 31 (GB 32100-2015).
inline constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
}  // namespace internal

// Value 0..30 of a USCC character, or -1 when it is not in the charset.
inline int UsccCharValue(char c) {
  return internal::kUsccCharValues.v[static_cast<unsigned char>(c)];
}
// The check character for the first 17 characters (which must all be in the charset).
inline char UsccCheckChar(std::string_view first17) {
  // The weights as constants: the products are independent, so the sum is not one long
  // multiply-and-modulo chain.
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) {
    sum += UsccCharValue(first17[i]) * internal::kUsccWeights[i];
  }
  const int c = 31 - sum % 31;
  return kUsccCharset[c == 31 ? 0 : c];
}
// True when `code` has 18 characters of the right classes (0-9 A-H J-N P-R T U W X Y, digits
// in positions 3-8); the check character is not tested.
inline bool UsccSyntaxOk(std::string_view code) {
  if (code.size() != 18) return false;
  int bad = 0;  // without branches: every character is checked (-1 sets the sign bit)
  for (size_t i = 0; i < 18; ++i) bad |= UsccCharValue(code[i]);
  for (size_t i = 2; i < 8; ++i) bad |= static_cast<unsigned char>(code[i] - '0') > 9 ? -1 : 0;
  return bad >= 0;
}
// UsccSyntaxOk(code) and, when it holds, UsccValid(code) in *check_ok: one pass over the
// characters (for validating many codes).
inline bool UsccScan(std::string_view code, bool* check_ok) {
  if (code.size() != 18) return false;
  int bad = 0, sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const int v = UsccCharValue(code[i]);
    bad |= v;
    sum += v * internal::kUsccWeights[i];
  }
  bad |= UsccCharValue(code[17]);
  for (size_t i = 2; i < 8; ++i) bad |= static_cast<unsigned char>(code[i] - '0') > 9 ? -1 : 0;
  if (bad < 0) return false;
  const int c = 31 - sum % 31;
  *check_ok = code[17] == kUsccCharset[c == 31 ? 0 : c];
  return true;
}
// True when `code` is syntactically a USCC and its check character is right.
inline bool UsccValid(std::string_view code) {
  return UsccSyntaxOk(code) && code[17] == UsccCheckChar(code.substr(0, 17));
}
// OK, or InvalidArgument saying what is wrong (length, character at position N, check char).
absl::Status ValidateUscc(std::string_view code);
// 91 → enterprise, 92 → individual business, 93 → cooperative, anything else → other.
inline EntityKind EntityKindFromUscc(std::string_view code) {
  if (code.size() < 2 || code[0] != '9') return EntityKind::kOther;
  switch (code[1]) {
    case '1': return EntityKind::kEnterprise;
    case '2': return EntityKind::kIndividual;
    case '3': return EntityKind::kCooperative;
    default: return EntityKind::kOther;
  }
}

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_USCC_H_
