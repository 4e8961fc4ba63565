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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
// characters (for validating many codes; with SSE2 the first 16 characters at once).
inline bool UsccScan(std::string_view code, bool* check_ok) {
  if (code.size() != 18) return false;
#if defined(__SSE2__)
  // Characters 0-15: classes by byte comparisons (signed: bytes >= 0x80 fall in no class),
  // values c - '0' for digits and c - 'A' + 10, less one per left-out letter (I, O, S, V)
  // below c, for letters; the weighted sum by multiply-adds of 16-bit lanes.
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(code.data()));
  auto gt = [&b](char x) { return _mm_cmpgt_epi8(b, _mm_set1_epi8(x)); };
  auto eq = [&b](char x) { return _mm_cmpeq_epi8(b, _mm_set1_epi8(x)); };
  const __m128i digit = _mm_andnot_si128(gt('9'), gt('0' - 1));
  const __m128i left_out = _mm_or_si128(_mm_or_si128(eq('I'), eq('O')), _mm_or_si128(eq('S'), eq('V')));
  const __m128i letter = _mm_andnot_si128(_mm_or_si128(gt('Y'), left_out), gt('A' - 1));
  if (_mm_movemask_epi8(_mm_or_si128(digit, letter)) != 0xFFFF) return false;
  if ((_mm_movemask_epi8(digit) & 0xFC) != 0xFC) return false;  // positions 3-8 are digits
  const __m128i skipped = _mm_add_epi8(_mm_add_epi8(gt('I'), gt('O')), _mm_add_epi8(gt('S'), gt('V')));
  const __m128i letter_value = _mm_add_epi8(_mm_sub_epi8(b, _mm_set1_epi8('A' - 10)), skipped);
  const __m128i v = _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(b, _mm_set1_epi8('0'))),
                                 _mm_andnot_si128(digit, letter_value));
  const __m128i zero = _mm_setzero_si128();
  const __m128i w_lo = _mm_setr_epi16(1, 3, 9, 27, 19, 26, 16, 17);  // kUsccWeights[0..15]
  const __m128i w_hi = _mm_setr_epi16(20, 29, 25, 13, 8, 24, 10, 30);
  __m128i s = _mm_add_epi32(_mm_madd_epi16(_mm_unpacklo_epi8(v, zero), w_lo),
                            _mm_madd_epi16(_mm_unpackhi_epi8(v, zero), w_hi));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
  const int v16 = UsccCharValue(code[16]);
  if ((v16 | UsccCharValue(code[17])) < 0) return false;
  const int sum = _mm_cvtsi128_si32(s) + v16 * internal::kUsccWeights[16];
#else
  int bad = 0, sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const int v = UsccCharValue(code[i]);
    bad |= v;
    sum += v * internal::kUsccWeights[i];
  }
  bad |= UsccCharValue(code[17]);
  for (size_t i = 2; i < 8; ++i) bad |= static_cast<unsigned char>(code[i] - '0') > 9 ? -1 : 0;
  if (bad < 0) return false;
#endif
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
