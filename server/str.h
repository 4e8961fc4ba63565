// String helpers for the server: Debian's Abseil has its own absl::string_view class, which
// does not convert from std::string_view, so Cat/Append bridge std::string_view arguments into
// absl::StrCat/StrAppend, and Join joins any range of string-like values.
#ifndef XIUFU_SERVER_STR_H_
#define XIUFU_SERVER_STR_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace xiufu::server {

namespace str_internal {
template <typename T>
decltype(auto) Alpha(const T& v) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return absl::string_view(v.data(), v.size());
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

template <typename It>
std::string Join(It begin, It end, std::string_view sep) {
  std::string out;
  for (It it = begin; it != end; ++it) {
    if (it != begin) out.append(sep);
    out.append(std::string_view(*it));
  }
  return out;
}

template <typename Range>
std::string Join(const Range& r, std::string_view sep) {
  return Join(std::begin(r), std::end(r), sep);
}

inline std::string Str(absl::string_view s) { return std::string(s.data(), s.size()); }

}  // namespace xiufu::server

#endif  // XIUFU_SERVER_STR_H_
