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

// Days ↔ civil date by Neri and Schneider's Euclidean affine functions ("Euclidean affine
// functions and their application to calendar algorithms", Softw. Pract. Exper. 2023): unsigned
// arithmetic on a calendar that starts on March 1, shifted by 82 × 400 years so every day from
// about 30,800 BC on is non-negative — a few multiplications and shifts, no signed division.
namespace date_internal {
inline constexpr uint32_t kEraShift = 82;                            // 400-year cycles
inline constexpr uint32_t kYearShift = 400 * kEraShift;              // 32,800 years
inline constexpr uint32_t kDayShift = 719468 + 146097 * kEraShift;   // 0000-03-01 → 1970-01-01, shifted
}  // namespace date_internal

constexpr Date FromYmd(int32_t y, int32_t m, int32_t d) {
  using namespace date_internal;
  const uint32_t jan_feb = m <= 2;
  const uint32_t year = static_cast<uint32_t>(y) + kYearShift - jan_feb;  // March-based year
  const uint32_t month = jan_feb ? static_cast<uint32_t>(m) + 12 : static_cast<uint32_t>(m);
  const uint32_t century = year / 100;
  const uint32_t year_days = 1461 * year / 4 - century + century / 4;
  const uint32_t month_days = (979 * month - 2919) / 32;  // days from March 1 to the month
  return Date{static_cast<int32_t>(year_days + month_days + static_cast<uint32_t>(d) - 1 - kDayShift)};
}

constexpr YearMonthDay ToYmd(Date date) {
  using namespace date_internal;
  const uint32_t n = static_cast<uint32_t>(date.days) + kDayShift;
  const uint32_t n1 = 4 * n + 3;
  const uint32_t century = n1 / 146097;
  const uint32_t n2 = (n1 % 146097) | 3;  // 4 × (day of the century) + 3
  const uint64_t p2 = uint64_t{2939745} * n2;
  const uint32_t year_of_century = static_cast<uint32_t>(p2 >> 32);
  const uint32_t day_of_year = static_cast<uint32_t>(p2) / 2939745 / 4;  // from March 1
  const uint32_t n3 = 2141 * day_of_year + 197913;
  const uint32_t month = n3 >> 16;  // 3 … 14
  const uint32_t day = (n3 & 0xFFFF) / 2141 + 1;
  const uint32_t jan_feb = day_of_year >= 306;
  return YearMonthDay{
      static_cast<int32_t>(100 * century + year_of_century + jan_feb - kYearShift),
      static_cast<int32_t>(jan_feb ? month - 12 : month), static_cast<int32_t>(day)};
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
