// CSV and JSON field writing for xiufu's output files: appends one field to a growing buffer,
// quoting (RFC 4180) only when the text contains ',', '"', CR or LF, so output read back by
// csv_reader.h gives the same text. Also JSON string escaping for the JSONL/JSON writers.
// Header-only; pure functions; thread-safe.
#ifndef XIUFU_SRC_CSV_WRITE_H_
#define XIUFU_SRC_CSV_WRITE_H_

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "xiufu/runtime/json_string.h"

namespace xiufu {

// Whether `c` makes a CSV field need quotes: ',', '"', CR or LF (all below 64, so one mask).
inline bool NeedsCsvQuotes(char c) {
  constexpr uint64_t kSpecial =
      (uint64_t{1} << ',') | (uint64_t{1} << '"') | (uint64_t{1} << '\r') | (uint64_t{1} << '\n');
  const auto u = static_cast<unsigned char>(c);
  return u < 64 && ((kSpecial >> u) & 1);
}

// Whether any of the eight bytes of `w` is one of the specials (a byte equal to one becomes
// zero after the XOR; the bit trick sets the top bit of some byte when any is zero).
inline bool AnyNeedsCsvQuotes(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t any = 0;
  for (const char special : {',', '"', '\r', '\n'}) {
    const uint64_t x = w ^ (kOnes * static_cast<unsigned char>(special));
    any |= (x - kOnes) & ~x;
  }
  return (any & kHigh) != 0;
}

// The length of the prefix of `s` in which no 16-byte block holds a special (SSE2, part of the
// x86-64 baseline; elsewhere 0): the reasons and messages of the output files are long, and a
// block costs about as much as one of the eight-byte tests below.
inline size_t CsvPlainBlocks(std::string_view s) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
    if (_mm_movemask_epi8(hit) != 0) break;
  }
#endif
  return i;
}

inline void AppendCsvField(std::string* out, std::string_view s) {
  // Sixteen bytes at a time where SSE2 is, then eight, then byte by byte (not find_first_of:
  // libstdc++'s calls memchr on the four specials once per byte of the field, which was an
  // eighth of the district job's time).
  size_t i = CsvPlainBlocks(s);
  while (i + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (AnyNeedsCsvQuotes(w)) break;
    i += 8;
  }
  bool plain = true;
  for (; i < s.size() && plain; ++i) plain = !NeedsCsvQuotes(s[i]);
  if (plain) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// True when Excel, opening a CSV, would turn `s` into a number or a date and so lose digits or
// leading zeros: it is made only of digits and . E e + - / : and has a digit ("9133…", "0012",
// "1E5", "3-4").
inline bool ExcelWouldConvert(std::string_view s) {
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '.' && c != 'E' && c != 'e' && c != '+' && c != '-' && c != '/' && c != ':') {
      return false;
    }
  }
  return digit;
}

// An identifier (USCC, record id) for a CSV that Excel opens: when `excel_text` and Excel would
// convert it, written as the text formula ="…" (quoted as a CSV field: "=""…"""), which Excel
// shows as the text and the xiufu reader turns back into it; otherwise as AppendCsvField.
inline void AppendCsvId(std::string* out, std::string_view s, bool excel_text) {
  if (!excel_text || !ExcelWouldConvert(s)) {
    AppendCsvField(out, s);
    return;
  }
  out->append("\"=\"\"");
  out->append(s);
  out->append("\"\"\"");
}

// The UTF-8 byte-order mark output CSV files start with (zh-CN Excel reads a file without it as
// GBK).
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace xiufu

#endif  // XIUFU_SRC_CSV_WRITE_H_
