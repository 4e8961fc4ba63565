// Internal: bridges std::string_view and Debian's Abseil, whose absl::string_view is its own
// class (ABSL_OPTION_USE_STD_STRING_VIEW == 0) and does not convert from std::string_view.
// Use Cat(...) instead of absl::StrCat when any argument may be a std::string_view, and AV()
// to pass a std::string_view to any other Abseil function.
#ifndef XIUFU_SRC_STR_UTIL_H_
#define XIUFU_SRC_STR_UTIL_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace xiufu {

inline absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view SV(absl::string_view s) { return std::string_view(s.data(), s.size()); }

namespace str_internal {
template <typename T>
decltype(auto) Alpha(const T& v) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return AV(v);
  } else {
    return (v);
  }
}
}  // namespace str_internal

template <typename... A>
std::string Cat(const A&... a) {
  return absl::StrCat(str_internal::Alpha(a)...);
}

template <typename... A>
void Append(std::string* out, const A&... a) {
  absl::StrAppend(out, str_internal::Alpha(a)...);
}

}  // namespace xiufu

#endif  // XIUFU_SRC_STR_UTIL_H_
