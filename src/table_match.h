// Internal: the matching kernel of the compiled table — AND one row bitset per tested slot,
// then take the lowest set bit (single-hit policies) or walk all set bits (COLLECT).
#ifndef XIUFU_SRC_TABLE_MATCH_H_
#define XIUFU_SRC_TABLE_MATCH_H_

#include <algorithm>
#include <cstdint>

#include "xiufu/decision_table.h"

namespace xiufu::internal {

inline const uint64_t* MaskFor(const TableData& d, const SlotIndex& ix, int64_t v,
                               uint32_t words) {
  uint32_t k;
  if (ix.direct) {
    k = (v >= 0 && v < static_cast<int64_t>(ix.domain_size)) ? static_cast<uint32_t>(v)
                                                              : ix.domain_size;
  } else if (v == kNull) {
    k = ix.bp_count + 1;
  } else {
    const int64_t* b = d.breakpoints.data() + ix.bp_begin;
    k = static_cast<uint32_t>(std::upper_bound(b, b + ix.bp_count, v) - b);
  }
  return d.masks.data() + ix.mask_begin + static_cast<size_t>(k) * words;
}

// Fills acc[0, words) with the rows of `cd` that match; returns false when none does.
inline bool MatchRows(const TableData& d, const CompiledDecision& cd, const int64_t* slots,
                      uint64_t* acc) {
  if (cd.row_count == 0) return false;
  const uint32_t words = cd.words;
  for (uint32_t w = 0; w < words; ++w) acc[w] = ~uint64_t{0};
  if (cd.row_count % 64) acc[words - 1] = (uint64_t{1} << (cd.row_count % 64)) - 1;
  const SlotIndex* ix = d.indexes.data() + cd.index_begin;
  for (uint32_t i = 0; i < cd.index_count; ++i) {
    const uint64_t* m = MaskFor(d, ix[i], slots[ix[i].slot], words);
    uint64_t any = 0;
    for (uint32_t w = 0; w < words; ++w) {
      acc[w] &= m[w];
      any |= acc[w];
    }
    if (!any) return false;
  }
  return true;
}

// FIRST / PRIORITY (pre-ordered) / UNIQUE: the first matching row, or kNoRow.
inline uint32_t FirstMatch(const TableData& d, const CompiledDecision& cd, const int64_t* slots,
                           uint64_t* acc) {
  if (!MatchRows(d, cd, slots, acc)) return kNoRow;
  for (uint32_t w = 0; w < cd.words; ++w) {
    if (acc[w]) return cd.row_begin + w * 64 + static_cast<uint32_t>(__builtin_ctzll(acc[w]));
  }
  return kNoRow;
}

// COLLECT: calls fn(row index) for every matching row, in order.
template <typename Fn>
inline void ForEachMatch(const TableData& d, const CompiledDecision& cd, const int64_t* slots,
                         uint64_t* acc, Fn fn) {
  if (!MatchRows(d, cd, slots, acc)) return;
  for (uint32_t w = 0; w < cd.words; ++w) {
    uint64_t bits = acc[w];
    while (bits) {
      fn(cd.row_begin + w * 64 + static_cast<uint32_t>(__builtin_ctzll(bits)));
      bits &= bits - 1;
    }
  }
}

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_TABLE_MATCH_H_
