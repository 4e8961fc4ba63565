// Internal to the interop stage: small text helpers the readers and the cell translation
// share — std::string_view prefixes (Debian's Abseil has its own string_view) and UTF-8 encoding
// of a code point.
//
// Pure functions; thread-safe.
#ifndef XIUFU_SRC_INTEROP_TEXT_UTIL_H_
#define XIUFU_SRC_INTEROP_TEXT_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace xiufu::interop_internal {

inline bool StartsWith(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }
inline bool ConsumePrefix(std::string_view* s, std::string_view prefix) {
  if (!s->starts_with(prefix)) return false;
  s->remove_prefix(prefix.size());
  return true;
}
inline bool ConsumeSuffix(std::string_view* s, std::string_view suffix) {
  if (!s->ends_with(suffix)) return false;
  s->remove_suffix(suffix.size());
  return true;
}

// Appends code point `cp` (at most 0x10FFFF) as UTF-8.
inline void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace xiufu::interop_internal

#endif  // XIUFU_SRC_INTEROP_TEXT_UTIL_H_
