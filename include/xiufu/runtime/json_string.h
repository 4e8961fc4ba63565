// xiufu::AppendJsonString — the one JSON string writer of the project (decisions.jsonl, plans,
// summaries, the server's answers): quotes, backslashes and control characters escaped, UTF-8
// passed through.
//
// Pure function; thread-safe.
#ifndef XIUFU_RUNTIME_JSON_STRING_H_
#define XIUFU_RUNTIME_JSON_STRING_H_

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace xiufu {

// Appends `s` as a JSON string literal (with the quotes). UTF-8 passes through; control
// characters are escaped.
namespace json_internal {
// Whether any of the eight bytes of `w` is a control character, '"' or '\\' (bit tricks on a
// 64-bit word: a byte below 0x20, or equal to one of the two, sets its top bit in the result;
// bytes from 0x80 on, UTF-8, never do).
inline bool AnyToEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
  const uint64_t below = (w - kOnes * 0x20) & ~w;
  const uint64_t zero_q = (quote - kOnes) & ~quote, zero_b = (backslash - kOnes) & ~backslash;
  return ((below | zero_q | zero_b) & kHigh) != 0;
}
// From `i`, the first 16-byte block of `s` that holds a byte to escape (or the last whole block's
// end): SSE2, part of the x86-64 baseline; elsewhere `i` itself.
inline size_t PlainBlocks(std::string_view s, size_t i) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i below = _mm_set1_epi8(0x1F);
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // A control character is one whose unsigned minimum with 0x1F is itself.
    const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, below), v),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (_mm_movemask_epi8(hit) != 0) break;
  }
#endif
  return i;
}
}  // namespace json_internal

inline void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  // Runs of bytes that need no escape are appended whole (most strings are one run), found
  // sixteen bytes at a time where SSE2 is, then eight.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    i = json_internal::PlainBlocks(s, i);
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (json_internal::AnyToEscape(w)) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(u));
        out->append(buf);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_JSON_STRING_H_
