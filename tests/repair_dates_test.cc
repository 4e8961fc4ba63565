// RepairDates against a dense records × platforms matrix: appending, reading by record and
// platform, changing days in place across blocks of 8, copying a range.
#include "xiufu/runtime/repair_dates.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace xiufu {
namespace XIUFU_UNITY_ID {

constexpr int kPlatforms = 5;

void ExpectSame(const RepairDates& got, const std::vector<int32_t>& dense) {
  ASSERT_EQ(got.size() * kPlatforms, dense.size());
  size_t repairs = 0;
  for (size_t r = 0; r < got.size(); ++r) {
    uint8_t mask = 0;
    std::vector<int32_t> days;
    for (int p = 0; p < kPlatforms; ++p) {
      const int32_t want = dense[r * kPlatforms + p];
      EXPECT_EQ(got.At(r, p), want) << "record " << r << " platform " << p;
      if (want == kNoDay) continue;
      mask |= static_cast<uint8_t>(1u << p);
      days.push_back(want);
    }
    EXPECT_EQ(got.Mask(r), mask) << "record " << r;
    EXPECT_EQ(std::vector<int32_t>(got.DaysOf(r), got.DaysOf(r) + days.size()), days);
    repairs += days.size();
  }
  EXPECT_EQ(got.repairs(), repairs);
}

TEST(RepairDates, AppendReadSetAndCopyAgreeWithADenseMatrix) {
  std::mt19937 rng(20261127);
  RepairDates dates;
  std::vector<int32_t> dense;
  for (int r = 0; r < 61; ++r) {  // 7 whole blocks and a part
    int32_t row[kPlatforms];
    for (int p = 0; p < kPlatforms; ++p) {
      row[p] = rng() % 3 == 0 ? static_cast<int32_t>(19000 + rng() % 1000) : kNoDay;
      dense.push_back(row[p]);
    }
    dates.Append(row, kPlatforms);
  }
  ExpectSame(dates, dense);
  // Days added, changed and removed anywhere move the later records' days.
  for (int i = 0; i < 300; ++i) {
    const size_t r = rng() % dates.size();
    const int p = static_cast<int>(rng() % kPlatforms);
    const int32_t day = rng() % 2 ? kNoDay : static_cast<int32_t>(20000 + i);
    dates.Set(r, p, day);
    dense[r * kPlatforms + p] = day;
  }
  ExpectSame(dates, dense);
  RepairDates part;
  part.AppendRange(dates, 13, 42);
  ExpectSame(part, std::vector<int32_t>(dense.begin() + 13 * kPlatforms,
                                        dense.begin() + 42 * kPlatforms));
  RepairDates whole;
  whole.AppendRange(dates, 0, dates.size());
  EXPECT_TRUE(whole == dates);
  whole.Set(60, 4, 12345);
  EXPECT_FALSE(whole == dates);
  dates.clear();
  EXPECT_TRUE(dates.empty());
  EXPECT_EQ(dates.Bytes(), 0u);
}

TEST(RepairDates, BytesArePerRecordPerBlockAndPerRepair) {
  RepairDates dates;
  const int32_t none[kPlatforms] = {kNoDay, kNoDay, kNoDay, kNoDay, kNoDay};
  const int32_t two[kPlatforms] = {kNoDay, 100, kNoDay, kNoDay, 200};
  for (int r = 0; r < 16; ++r) dates.Append(r == 9 ? two : none, kPlatforms);
  EXPECT_EQ(dates.repairs(), 2u);
  EXPECT_EQ(dates.Bytes(), 16u + 2 * 4 + 2 * 4);  // masks, block starts, days
  EXPECT_EQ(dates.At(9, 4), 200);
  EXPECT_EQ(dates.At(10, 1), kNoDay);
}

// Eight platforms, the most a pack may declare: every bit of the mask byte in use.
TEST(RepairDates, EightPlatformsUseTheWholeMaskByte) {
  RepairDates dates;
  const int32_t all[8] = {10, 11, 12, 13, 14, 15, 16, 17};
  const int32_t last[8] = {kNoDay, kNoDay, kNoDay, kNoDay, kNoDay, kNoDay, kNoDay, 99};
  dates.Append(last, 8);
  dates.Append(all, 8);
  EXPECT_EQ(dates.Mask(0), 0x80);
  EXPECT_EQ(dates.Mask(1), 0xFF);
  EXPECT_EQ(dates.At(0, 7), 99);
  for (int p = 0; p < 8; ++p) EXPECT_EQ(dates.At(1, p), 10 + p);
  dates.Set(0, 0, 5);  // before every other day
  EXPECT_EQ(dates.At(0, 0), 5);
  EXPECT_EQ(dates.At(0, 7), 99);
  EXPECT_EQ(dates.At(1, 7), 17);
  dates.Set(1, 7, kNoDay);
  EXPECT_EQ(dates.Mask(1), 0x7F);
  EXPECT_EQ(dates.repairs(), 9u);
}

TEST(RepairDates, PopCountCountsEveryBit) {
  // The lookups' bit count (a portable sequence on the x86-64 baseline): edge words and random
  // ones, against counting bit by bit.
  auto slow = [](uint64_t x) {
    int n = 0;
    for (int b = 0; b < 64; ++b) n += static_cast<int>((x >> b) & 1);
    return n;
  };
  for (uint64_t x : {uint64_t{0}, uint64_t{1}, uint64_t{0x80}, ~uint64_t{0}, uint64_t{1} << 63,
                     uint64_t{0x00FF00FF00FF00FF}, uint64_t{0x0101010101010101}}) {
    EXPECT_EQ(internal::PopCount(x), slow(x)) << x;
  }
  std::mt19937_64 rng(11);
  for (int i = 0; i < 10000; ++i) {
    const uint64_t x = rng() & rng();
    ASSERT_EQ(internal::PopCount(x), slow(x)) << x;
  }
}

}  // namespace
}  // namespace xiufu
