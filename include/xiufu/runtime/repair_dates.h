// xiufu::RepairDates — the day each record was repaired on each platform, stored sparsely:
// most records are repaired nowhere. Per record one byte of platform bits (at most
// kMaxPlatforms = 8), per block of 8 records where the block's days start, and the days
// themselves packed in record, then platform order: about 1.5 bytes per record plus 4 per
// repair, where a dense records × platforms matrix took 4 per platform.
//
// Built by appending records in order (PopulationBuilder does); read by record and platform.
// Changing a day in place (Set) is for small populations, such as a one-entity simulation: a
// day that was not there moves every later one.
//
// Plain data; thread-compatible (share read-only across evaluating threads).
#ifndef XIUFU_RUNTIME_REPAIR_DATES_H_
#define XIUFU_RUNTIME_REPAIR_DATES_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "xiufu/runtime/date.h"
#include "xiufu/runtime/detail/popcount.h"

namespace xiufu {

class RepairDates {
 public:
  size_t size() const { return records_; }  // records
  bool empty() const { return records_ == 0; }
  void clear();
  void reserve(size_t records);

  // Appends one record: days[p] for p < platforms (kNoDay: not repaired there). platforms <= 8.
  void Append(const int32_t* days, int platforms);
  // Appends records [begin, end) of `from`.
  void AppendRange(const RepairDates& from, size_t begin, size_t end);

  // Bit p: record r has a repair day on platform p.
  uint8_t Mask(size_t r) const { return mask_[r]; }
  // Record r's repair day on platform p (r < size(), p < 8), or kNoDay.
  int32_t At(size_t r, int p) const {
    const uint32_t m = mask_[r];
    if (!((m >> p) & 1)) return kNoDay;
    return days_[First(r) + static_cast<size_t>(internal::PopCount(m & ((1u << p) - 1)))];
  }
  // Record r's days, one per set bit of Mask(r), lowest platform first.
  const int32_t* DaysOf(size_t r) const { return days_.data() + First(r); }
  // Sets record r's day on platform p (kNoDay removes it).
  void Set(size_t r, int p, int32_t day);

  size_t repairs() const { return days_.size(); }  // record × platform pairs with a day
  // The storage, for readers that stream it whole (benchmarks).
  const std::vector<uint8_t>& masks() const { return mask_; }
  const std::vector<uint32_t>& block_begins() const { return block_begin_; }
  const std::vector<int32_t>& days() const { return days_; }
  size_t Bytes() const {  // held for the records (not spare capacity)
    return records_ + block_begin_.size() * sizeof(uint32_t) + days_.size() * sizeof(int32_t);
  }
  friend bool operator==(const RepairDates& a, const RepairDates& b) {
    return a.records_ == b.records_ && a.mask_ == b.mask_ && a.days_ == b.days_;
  }

 private:
  // Where record r's days start: its block's start plus the days of the block's records before
  // it (one 8-byte load of the block's masks, kept to the bytes before r, and a popcount).
  size_t First(size_t r) const {
    const size_t block = r >> 3;
    uint64_t masks;
    std::memcpy(&masks, mask_.data() + (block << 3), sizeof(masks));
    if constexpr (std::endian::native == std::endian::big) masks = __builtin_bswap64(masks);
    const unsigned before = static_cast<unsigned>(r & 7) * 8;
    masks &= (uint64_t{1} << before) - 1;
    return block_begin_[block] + static_cast<size_t>(internal::PopCount(masks));
  }

  size_t records_ = 0;
  std::vector<uint8_t> mask_;           // whole blocks of 8, zero past records_
  std::vector<uint32_t> block_begin_;   // per block: index into days_ of its first day
  std::vector<int32_t> days_;
};

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_REPAIR_DATES_H_
