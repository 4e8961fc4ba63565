#include "xiufu/runtime/date.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "base/str_util.h"

namespace xiufu {
namespace {

bool ParseInt(std::string_view s, int32_t* out) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(AV(s), out);
}

}  // namespace

absl::StatusOr<Date> ParseDate(std::string_view text) {
  const std::string_view t = SV(absl::StripAsciiWhitespace(AV(text)));
  char sep = 0;
  for (char c : t) {
    if (c == '-' || c == '/') { sep = c; break; }
  }
  const size_t a = sep ? t.find(sep) : std::string_view::npos;
  const size_t b = a == std::string_view::npos ? a : t.find(sep, a + 1);
  int32_t y = 0, m = 0, d = 0;
  if (b == std::string_view::npos || t.find(sep, b + 1) != std::string_view::npos ||
      !ParseInt(t.substr(0, a), &y) || !ParseInt(t.substr(a + 1, b - a - 1), &m) ||
      !ParseInt(t.substr(b + 1), &d) || a != 4 || (sep == '-' && (b - a != 3 || t.size() - b != 3))) {
    return absl::InvalidArgumentError(Cat("'", t, "' is not a date (YYYY-MM-DD)"));
  }
  if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return absl::InvalidArgumentError(Cat("'", t, "' is not a calendar day"));
  }
  return FromYmd(y, m, d);
}

std::string FormatDate(Date d) {
  if (d.days == kNoDay) return "";
  const YearMonthDay ymd = ToYmd(d);
  if (ymd.year < 0 || ymd.year > 9999) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", ymd.year, ymd.month, ymd.day);
    return buf;
  }
  // YYYY-MM-DD by hand: snprintf costs about a thousand instructions a date, and messages and
  // CSV files format many.
  std::string out(10, '-');
  const int fields[3] = {ymd.year, ymd.month, ymd.day};
  const int at[3] = {3, 6, 9};  // the last digit of each field
  const int digits[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    int v = fields[f];
    for (int k = 0; k < digits[f]; ++k, v /= 10) out[at[f] - k] = static_cast<char>('0' + v % 10);
  }
  return out;
}

absl::StatusOr<Duration> ParseDuration(std::string_view text) {
  const std::string_view t = SV(absl::StripAsciiWhitespace(AV(text)));
  size_t i = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  int32_t n = 0;
  if (i == 0 || !ParseInt(t.substr(0, i), &n)) {
    return absl::InvalidArgumentError(Cat("'", t, "' is not a duration (e.g. 3m, 1y, 180d, 10wd)"));
  }
  const std::string_view u = SV(absl::StripAsciiWhitespace(AV(t.substr(i))));
  Duration d{n, DurationUnit::kDays};
  if (u == "d" || u == "天" || u == "日") d.unit = DurationUnit::kDays;
  else if (u == "m" || u == "个月" || u == "月") d.unit = DurationUnit::kMonths;
  else if (u == "y" || u == "年") d.unit = DurationUnit::kYears;
  else if (u == "wd" || u == "工作日" || u == "个工作日") d.unit = DurationUnit::kWorkingDays;
  else return absl::InvalidArgumentError(Cat("'", t, "' has an unknown unit (use d, m, y or wd)"));
  return d;
}

std::string FormatDuration(Duration d) {
  constexpr const char* kUnits[] = {"d", "m", "y", "wd"};
  return Cat(d.amount, kUnits[static_cast<int>(d.unit)]);
}

}  // namespace xiufu
