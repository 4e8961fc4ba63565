// Internal: the matching kernel of the compiled table — pick the partition of the decision by
// its key values, AND one row bitset per tested slot, then take the lowest set bit (single-hit
// policies) or walk all set bits (COLLECT). Breakpoints come from `bps`: the table's own
// (TableData::breakpoints) for slots holding elapsed units, a DatePlan's for slots filled
// with that plan (elapsed facts as dates).
#ifndef XIUFU_SRC_TABLE_MATCH_H_
#define XIUFU_SRC_TABLE_MATCH_H_

#include <algorithm>
#include <cstdint>

#include "xiufu/runtime/decision_table.h"

namespace xiufu::internal {

inline uint32_t MaskIndex(const int64_t* bps, const SlotIndex& ix, int64_t v) {
  if (ix.direct) {
    return (v >= 0 && v < static_cast<int64_t>(ix.domain_size)) ? static_cast<uint32_t>(v)
                                                                 : ix.domain_size;
  }
  if (v == kNull) return ix.bp_count + 1;
  const int64_t* b = bps + ix.bp_begin;
  if (ix.bp_count <= 8) {  // branch-free count of breakpoints <= v
    uint32_t k = 0;
    for (uint32_t i = 0; i < ix.bp_count; ++i) k += b[i] <= v;
    return k;
  }
  return static_cast<uint32_t>(std::upper_bound(b, b + ix.bp_count, v) - b);
}

inline const Partition& PartitionFor(const TableData& d, const CompiledDecision& cd,
                                     const int64_t* slots) {
  uint32_t k = 0;
  for (int i = 0; i < 2; ++i) {
    if (cd.key_slot[i] == kNoKey) continue;
    const int64_t v = slots[cd.key_slot[i]];
    const uint32_t null_index = cd.key_size[i] - 1;
    k = k * cd.key_size[i] +
        ((v >= 0 && v < static_cast<int64_t>(null_index)) ? static_cast<uint32_t>(v) : null_index);
  }
  return d.partitions[cd.part_begin + k];
}

// Fills acc[0, p.words) with the partition's matching rows; returns false when none does.
inline bool MatchRows(const TableData& d, const int64_t* bps, const Partition& p,
                      const int64_t* slots, uint64_t* acc) {
  if (p.row_count == 0) return false;
  const uint32_t words = p.words;
  for (uint32_t w = 0; w < words; ++w) acc[w] = ~uint64_t{0};
  if (p.row_count % 64) acc[words - 1] = (uint64_t{1} << (p.row_count % 64)) - 1;
  const SlotIndex* ix = d.indexes.data() + p.index_begin;
  for (uint32_t i = 0; i < p.index_count; ++i) {
    const uint64_t* m = d.masks.data() + ix[i].mask_begin +
                        static_cast<size_t>(MaskIndex(bps, ix[i], slots[ix[i].slot])) * words;
    uint64_t any = 0;
    for (uint32_t w = 0; w < words; ++w) {
      acc[w] &= m[w];
      any |= acc[w];
    }
    if (!any) return false;
  }
  return true;
}

// The common case of a partition of at most 64 rows: the row set lives in a register. The
// partition's leading direct (enum, boolean) indexes are ANDed without a branch; the rest
// (ranges) until the set is empty.
inline uint64_t MatchOneWord(const TableData& d, const int64_t* bps, const Partition& p,
                             const int64_t* slots) {
  uint64_t acc = p.row_count == 64 ? ~uint64_t{0} : (uint64_t{1} << p.row_count) - 1;
  const SlotIndex* ix = d.indexes.data() + p.index_begin;
  const uint64_t* masks = d.masks.data();
  const uint32_t direct = d.part_direct[static_cast<size_t>(&p - d.partitions.data())];
  for (uint32_t i = 0; i < direct; ++i) {
    const uint64_t v = static_cast<uint64_t>(slots[ix[i].slot]);  // null, negative: huge
    acc &= masks[ix[i].mask_begin + (v < ix[i].domain_size ? v : ix[i].domain_size)];
  }
  for (uint32_t i = direct; i < p.index_count && acc; ++i) {
    acc &= masks[ix[i].mask_begin + MaskIndex(bps, ix[i], slots[ix[i].slot])];
  }
  return acc;
}

// FIRST / PRIORITY (pre-ordered) / UNIQUE: the first matching row, or kNoRow.
inline uint32_t FirstMatch(const TableData& d, const int64_t* bps, const CompiledDecision& cd,
                           const int64_t* slots, uint64_t* acc) {
  const Partition& p = PartitionFor(d, cd, slots);
  if (p.words == 1) {
    const uint64_t bits = MatchOneWord(d, bps, p, slots);
    return bits ? d.part_rows[p.list_begin + static_cast<uint32_t>(__builtin_ctzll(bits))] : kNoRow;
  }
  if (!MatchRows(d, bps, p, slots, acc)) return kNoRow;
  for (uint32_t w = 0; w < p.words; ++w) {
    if (acc[w]) {
      return d.part_rows[p.list_begin + w * 64 + static_cast<uint32_t>(__builtin_ctzll(acc[w]))];
    }
  }
  return kNoRow;
}

// Slots holding elapsed units: the table's own breakpoints.
inline uint32_t FirstMatch(const TableData& d, const CompiledDecision& cd, const int64_t* slots,
                           uint64_t* acc) {
  return FirstMatch(d, d.breakpoints.data(), cd, slots, acc);
}

// COLLECT: calls fn(row index) for every matching row, in order.
template <typename Fn>
inline void ForEachMatch(const TableData& d, const int64_t* bps, const CompiledDecision& cd,
                         const int64_t* slots, uint64_t* acc, Fn fn) {
  const Partition& p = PartitionFor(d, cd, slots);
  if (p.words == 1) {
    for (uint64_t bits = MatchOneWord(d, bps, p, slots); bits; bits &= bits - 1) {
      fn(d.part_rows[p.list_begin + static_cast<uint32_t>(__builtin_ctzll(bits))]);
    }
    return;
  }
  if (!MatchRows(d, bps, p, slots, acc)) return;
  for (uint32_t w = 0; w < p.words; ++w) {
    uint64_t bits = acc[w];
    while (bits) {
      fn(d.part_rows[p.list_begin + w * 64 + static_cast<uint32_t>(__builtin_ctzll(bits))]);
      bits &= bits - 1;
    }
  }
}

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_TABLE_MATCH_H_
