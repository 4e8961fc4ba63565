// Internal: small std::string_view helpers for the pack loader and lint (Debian's Abseil has its
// own absl::string_view, so its string functions do not take std::string_view directly; see
// str_util.h for Cat/AV/SV).
//
// Pure functions; thread-safe.
#ifndef XIUFU_SRC_SV_UTIL_H_
#define XIUFU_SRC_SV_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "base/str_util.h"

namespace xiufu {

inline std::string_view Trim(std::string_view s) {
  return SV(absl::StripAsciiWhitespace(AV(s)));
}

inline bool IEquals(std::string_view a, std::string_view b) {
  return absl::EqualsIgnoreCase(AV(a), AV(b));
}

// A whole decimal integer with optional sign; false on anything else or overflow.
inline bool ParseInt64(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  const size_t digits_at = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (digits_at == s.size()) return false;
  for (size_t i = digits_at; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return absl::SimpleAtoi(AV(s), out);
}

template <typename Range>
std::string Join(const Range& items, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.append(sep);
    first = false;
    out.append(std::string_view(item));
  }
  return out;
}

}  // namespace xiufu

#endif  // XIUFU_SRC_SV_UTIL_H_
