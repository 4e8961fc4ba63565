#include "xiufu/runtime/repair_dates.h"

#include <algorithm>

namespace xiufu {

void RepairDates::clear() {
  records_ = 0;
  mask_.clear();
  block_begin_.clear();
  days_.clear();
}

void RepairDates::reserve(size_t records) {
  mask_.reserve((records + 7) / 8 * 8);
  block_begin_.reserve((records + 7) / 8);
}

void RepairDates::Append(const int32_t* days, int platforms) {
  if ((records_ & 7) == 0) {
    mask_.resize(mask_.size() + 8, 0);
    block_begin_.push_back(static_cast<uint32_t>(days_.size()));
  }
  uint8_t m = 0;
  for (int p = 0; p < platforms; ++p) {
    if (days[p] == kNoDay) continue;
    m |= static_cast<uint8_t>(1u << p);
    days_.push_back(days[p]);
  }
  mask_[records_++] = m;
}

void RepairDates::AppendRange(const RepairDates& from, size_t begin, size_t end) {
  for (size_t r = begin; r < end; ++r) {
    int32_t days[8];
    const uint8_t m = from.Mask(r);
    const int32_t* d = from.DaysOf(r);
    for (int p = 0; p < 8; ++p) days[p] = (m >> p) & 1 ? *d++ : kNoDay;
    Append(days, 8);
  }
}

void RepairDates::Set(size_t r, int p, int32_t day) {
  const uint8_t bit = static_cast<uint8_t>(1u << p);
  const size_t at = First(r) + static_cast<size_t>(internal::PopCount(mask_[r] & (bit - 1u)));
  const bool had = mask_[r] & bit;
  if (day != kNoDay && had) {
    days_[at] = day;
    return;
  }
  if (day == kNoDay && !had) return;
  if (day != kNoDay) {
    days_.insert(days_.begin() + static_cast<ptrdiff_t>(at), day);
    mask_[r] |= bit;
  } else {
    days_.erase(days_.begin() + static_cast<ptrdiff_t>(at));
    mask_[r] &= static_cast<uint8_t>(~bit);
  }
  const int32_t step = day != kNoDay ? 1 : -1;
  for (size_t b = (r >> 3) + 1; b < block_begin_.size(); ++b) {
    block_begin_[b] = static_cast<uint32_t>(static_cast<int64_t>(block_begin_[b]) + step);
  }
}

}  // namespace xiufu
