// xiufu::Date — a civil calendar day (proleptic Gregorian), stored as days since 1970-01-01.
//
// Periods follow the PRC Civil Code (民法典) Arts. 200–203: the day a period starts on is not
// counted; a period of N months counted from day D has AddMonths(D, N) as its last day (the
// month-end when the target month has no such day); the period has *elapsed* from the next day
// on. `PeriodEnd(D, N, unit)` returns that first day after the period, which is what rule
// packs mean by `decision_date + 3m` and what `since_decision >= 3m` tests against.
//
// Value type, trivially copyable; all functions are pure and thread-safe.
#ifndef XIUFU_DATE_H_
#define XIUFU_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace xiufu {

struct Date {
  int32_t days = 0;  // days since 1970-01-01

  friend constexpr bool operator==(Date a, Date b) { return a.days == b.days; }
  friend constexpr auto operator<=>(Date a, Date b) { return a.days <=> b.days; }
};

struct YearMonthDay {
  int32_t year;
  int32_t month;  // 1..12
  int32_t day;    // 1..31
};

// Sentinel used where a date is absent (empty CSV cell, "never").
inline constexpr int32_t kNoDay = INT32_MIN;

// The years input dates and report years may lie in (ParseDate and the input builder).
inline constexpr int32_t kMinYear = 1900;
inline constexpr int32_t kMaxYear = 2199;

constexpr bool IsLeapYear(int32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int32_t DaysInMonth(int32_t y, int32_t m) {
  constexpr int8_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days.
constexpr Date FromYmd(int32_t y, int32_t m, int32_t d) {
  y -= m <= 2;
  const int32_t era = (y >= 0 ? y : y - 399) / 400;
  const int32_t yoe = y - era * 400;
  const int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + doe - 719468};
}

constexpr YearMonthDay ToYmd(Date date) {
  const int32_t z = date.days + 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t d = doy - (153 * mp + 2) / 5 + 1;
  const int32_t m = mp < 10 ? mp + 3 : mp - 9;
  return YearMonthDay{yoe + era * 400 + (m <= 2), m, d};
}

// 0 = Monday … 6 = Sunday.
constexpr int32_t Weekday(Date date) {
  const int32_t w = (date.days + 3) % 7;  // 1970-01-01 was a Thursday
  return w < 0 ? w + 7 : w;
}

constexpr Date AddDays(Date d, int32_t n) { return Date{d.days + n}; }

// Same day-of-month N months later, clamped to the month end (Jan 31 + 1m = Feb 28/29).
constexpr Date AddMonths(Date d, int32_t months) {
  const YearMonthDay ymd = ToYmd(d);
  const int32_t total = ymd.year * 12 + (ymd.month - 1) + months;
  const int32_t y = total >= 0 ? total / 12 : (total - 11) / 12;
  const int32_t m = total - y * 12 + 1;
  const int32_t dim = DaysInMonth(y, m);
  return FromYmd(y, m, ymd.day < dim ? ymd.day : dim);
}

// Units a period can be written in: 180d, 3m, 1y, 10wd (working days).
enum class DurationUnit : uint8_t { kDays = 0, kMonths = 1, kYears = 2, kWorkingDays = 3 };

struct Duration {
  int32_t amount = 0;
  DurationUnit unit = DurationUnit::kDays;
  friend constexpr bool operator==(Duration, Duration) = default;
};

// Whole months elapsed between `from` and `as_of` under the Civil Code rule: the largest k with
// AddMonths(from, k) < as_of (the k-month period's last day is over). Negative if as_of <= from.
// AddMonths(from, k) lands in as_of's month for k = month difference, on day min(from.day,
// month length); the answer is k when that day is before as_of.day, else k - 1.
constexpr int32_t ElapsedMonths(const YearMonthDay& a, const YearMonthDay& b) {
  const int32_t k = (b.year - a.year) * 12 + (b.month - a.month);
  const int32_t dim = DaysInMonth(b.year, b.month);
  return (a.day < dim ? a.day : dim) < b.day ? k : k - 1;
}
constexpr int32_t ElapsedMonths(Date from, Date as_of) {
  return ElapsedMonths(ToYmd(from), ToYmd(as_of));
}

// Whole days elapsed: the largest k with from + k < as_of, i.e. as_of - from - 1.
constexpr int32_t ElapsedDays(Date from, Date as_of) { return as_of.days - from.days - 1; }

// "YYYY-MM-DD" (also accepts "YYYY/M/D" as spreadsheets write it). Rejects impossible days.
absl::StatusOr<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);  // "YYYY-MM-DD"; "" for kNoDay

// "3m", "1y", "180d", "10wd" (also 月/年/天/日/工作日 suffixes).
absl::StatusOr<Duration> ParseDuration(std::string_view text);
std::string FormatDuration(Duration d);

}  // namespace xiufu

#endif  // XIUFU_DATE_H_
