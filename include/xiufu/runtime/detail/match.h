// Internal: the matching kernel of the compiled table — pick the partition of the decision by
// its key values, AND one row bitset per tested slot, then take the lowest set bit (single-hit
// policies) or walk all set bits (COLLECT). The slots that are the same for all platforms of a
// record are ANDed first, and once per record when the caller keeps a SharedMatch.
// Breakpoints come from `bps`: the table's own (TableData::breakpoints) for slots holding
// elapsed units, a DatePlan's for slots filled with that plan (elapsed facts as dates).
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

// MaskIndex of a value known without the date's breakpoints (building the table's derived
// rows): false when it depends on them (a range index over a value that is not null).
inline bool KnownMaskIndex(const SlotIndex& ix, int64_t v, uint32_t* k) {
  if (ix.direct) {
    *k = (v >= 0 && v < static_cast<int64_t>(ix.domain_size)) ? static_cast<uint32_t>(v)
                                                             : ix.domain_size;
    return true;
  }
  if (v != kNull) return false;
  *k = ix.bp_count + 1;
  return true;
}

// A key value's index: v itself when in [0, last), else `last` (null, out of range; negative
// values compare as huge).
inline uint32_t KeyIndex(int64_t v, uint32_t last) {
  const uint64_t u = static_cast<uint64_t>(v);
  return u < last ? static_cast<uint32_t>(u) : last;
}

// The index (into TableData::partitions) of the partition the key slots select.
inline uint32_t PartitionIndex(const CompiledDecision& cd, const KeyRead& kr, const int64_t* slots) {
  return cd.part_begin + KeyIndex(slots[kr.slot[0]], kr.last[0]) * kr.size1 +
         KeyIndex(slots[kr.slot[1]], kr.last[1]);
}
inline const Partition& PartitionFor(const TableData& d, const CompiledDecision& cd,
                                     const int64_t* slots) {
  return d.partitions[PartitionIndex(
      cd, d.key_reads[static_cast<size_t>(&cd - d.decisions.data())], slots)];
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

// ANDs into `acc` the partition's indexes [begin, end), of which [begin, direct_end) are
// direct (enum, boolean: without a branch), the rest until the set is empty.
[[gnu::always_inline]] inline uint64_t AndIndexes(const TableData& d, const int64_t* bps,
                                                   const SlotIndex* ix, uint32_t begin,
                                                   uint32_t direct_end, uint32_t end,
                                                   const int64_t* slots, uint64_t acc) {
  const uint64_t* masks = d.masks.data();
  for (uint32_t i = begin; i < direct_end; ++i) {
    const uint64_t v = static_cast<uint64_t>(slots[ix[i].slot]);  // null, negative: huge
    acc &= masks[ix[i].mask_begin + (v < ix[i].domain_size ? v : ix[i].domain_size)];
  }
  for (uint32_t i = direct_end; i < end && acc; ++i) {
    acc &= masks[ix[i].mask_begin + MaskIndex(bps, ix[i], slots[ix[i].slot])];
  }
  return acc;
}

// The rows of a one-word partition that the slots the same for all platforms of a record
// accept (the partition's leading indexes, PartSplit::shared): computed for the record's first
// platform that uses the partition, then reused by the others. Valid for one record's slots;
// reset (= {}) when the record, or any slot it was made from, changes.
struct SharedMatch {
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  uint32_t part = kNone;  // index into TableData::partitions
  uint64_t rows = 0;
};

// Whether `shared` already holds the partition the record's keys select for `cd`: it has one,
// and the decision's keys are the same for all platforms (then the record's other platforms
// land in it too, whatever their own facts).
inline bool PartitionKnown(const TableData& d, const CompiledDecision& cd,
                           const SharedMatch* shared) {
  return shared != nullptr && shared->part != SharedMatch::kNone &&
         d.key_reads[static_cast<size_t>(&cd - d.decisions.data())].same_for_platforms;
}

// PartitionIndex, or the partition `shared` remembers (PartitionKnown).
inline uint32_t PartitionIndex(const TableData& d, const CompiledDecision& cd, const int64_t* slots,
                               const SharedMatch* shared) {
  if (PartitionKnown(d, cd, shared)) return shared->part;
  return PartitionIndex(cd, d.key_reads[static_cast<size_t>(&cd - d.decisions.data())], slots);
}

[[gnu::always_inline]] inline uint64_t SharedRows(const TableData& d, const int64_t* bps,
                                                   const Partition& p, const PartSplit& split,
                                                   const int64_t* slots) {
  const uint64_t all = p.row_count == 64 ? ~uint64_t{0} : (uint64_t{1} << p.row_count) - 1;
  return AndIndexes(d, bps, d.indexes.data() + p.index_begin, 0, split.shared_direct,
                    split.shared, slots, all);
}

// What MatchOneWord reads a partition's unrepaired own rows with (PartSplit::unrepaired):
// platform p and its shown flag (0/1) of a record repaired nowhere on the evaluation date
// (RepairsOf: first == kNoDay), as FillPlatformSlots filled the slots; -1 (look the platform's
// own indexes up) for any other record.
inline int UnrepairedKey(const TableData& d, bool repaired_nowhere, int p, int shown) {
  return repaired_nowhere && p >= 0 && static_cast<size_t>(p) * 2 + 2 <= d.unrepaired_stride
             ? p * 2 + shown
             : -1;
}

// The common case of a partition of at most 64 rows: the row set lives in a register. First
// the slots the same for all platforms (from `shared` when it holds them for this partition),
// then the platform's own — one load for a record repaired nowhere (`unrepaired`, from
// UnrepairedKey) when the partition has its rows.
// (Forced inline: GCC otherwise calls it out of line, 4.7% more instructions.)
[[gnu::always_inline]] inline uint64_t MatchOneWord(const TableData& d, const int64_t* bps,
                                                    uint32_t pi, const int64_t* slots,
                                                    SharedMatch* shared, int unrepaired) {
  const Partition& p = d.partitions[pi];
  if (p.row_count == 0) return 0;  // a key value no row accepts (e.g. a status no table names)
  const PartSplit& split = d.part_split[pi];
  uint64_t acc;
  if (shared == nullptr) {
    acc = SharedRows(d, bps, p, split, slots);
  } else {
    if (shared->part != pi) {
      shared->part = pi;
      shared->rows = SharedRows(d, bps, p, split, slots);
    }
    acc = shared->rows;
  }
  if (!acc) return 0;
  if (unrepaired >= 0 && split.unrepaired != PartSplit::kNoUnrepaired) {
    return acc & d.unrepaired_own[split.unrepaired + static_cast<uint32_t>(unrepaired)];
  }
  return AndIndexes(d, bps, d.indexes.data() + p.index_begin, split.shared,
                    split.shared + split.own_direct, p.index_count, slots, acc);
}

// The partition of decision `decision` the slots select, as the record's own facts and (for
// the materials and record alerts) its outcome's derived ones leave them.
inline uint32_t RecordPartition(const TableData& d, int decision, const int64_t* slots) {
  return PartitionIndex(d.decisions[decision], d.key_reads[decision], slots);
}

// The settled rows of eligibility partition `pi` (RecordPartition; settled[SettledKey(p, shown,
// repaired)], kNoRow where the full match is needed; TableData::settled_rows), or nullptr when
// it has none. Such partitions are selected by keys that are the same for all platforms.
inline const uint32_t* SettledRows(const TableData& d, uint32_t pi) {
  if (d.settled_rows.empty()) return nullptr;
  const uint32_t at = d.part_split[pi].settled;
  return at == PartSplit::kNoSettled ? nullptr : d.settled_rows.data() + at;
}

// Whether the partition `pi` of a record decision matches platforms p and q of one record alike
// when all their other facts are equal (PartSplit::platform_class).
inline bool PlatformsAlike(const TableData& d, uint32_t pi, int p, int q) {
  const uint32_t c = d.part_split[pi].platform_class;
  return PlatformClass(c, p) == PlatformClass(c, q);
}

// The rows of eligibility partition pi (one with PartSplit::stable_indexes) that a record with
// these slots can match on the evaluation date or later, its actions simulated or not: those
// the indexes over its stable facts accept (the evaluation date's index: on that date or a
// later one).
inline uint64_t StableRows(const TableData& d, const int64_t* bps, uint32_t pi,
                           const int64_t* slots) {
  const Partition& part = d.partitions[pi];
  uint64_t rows = part.row_count >= 64 ? ~uint64_t{0} : (uint64_t{1} << part.row_count) - 1;
  const uint32_t* list = d.stable_indexes.data() + d.part_split[pi].stable_indexes;
  for (uint32_t i = 1; i <= list[0]; ++i) {
    const SlotIndex& ix = d.indexes[list[i] & ~kAsOfIndexMark];
    const uint64_t* m = d.masks.data() + ix.mask_begin;
    uint32_t k = MaskIndex(bps, ix, slots[ix.slot]);
    if (!(list[i] & kAsOfIndexMark)) {
      rows &= m[k];
    } else if (!ix.direct && k <= ix.bp_count) {  // later days: the intervals from k on
      uint64_t later = 0;
      for (; k <= ix.bp_count; ++k) later |= m[k];
      rows &= later;
    }
  }
  return rows;
}

// Whether platforms p and q of one record, both with shown flag `shown` and neither with a
// repair date, are decided alike in eligibility partition pi: the partition cannot tell them
// apart, or — for a record with no repair date on any platform (`undated`; then every own fact
// of a platform is the same on every date) — no row the record can match (StableRows, computed
// into *stable on first use) is among the unrepaired rows of one and not the other.
inline bool PlatformsAlikeFor(const TableData& d, const int64_t* bps, uint32_t pi,
                              const int64_t* slots, int p, int q, int shown, bool undated,
                              uint64_t* stable, bool* stable_known) {
  if (PlatformsAlike(d, pi, p, q)) return true;
  const PartSplit& split = d.part_split[pi];
  if (!undated || split.stable_indexes == PartSplit::kNoStableIndexes) return false;
  if (!*stable_known) {
    *stable = StableRows(d, bps, pi, slots);
    *stable_known = true;
  }
  const uint64_t* own = d.unrepaired_own.data() + split.unrepaired + shown;
  return ((own[2 * p] ^ own[2 * q]) & *stable) == 0;
}

// FIRST / PRIORITY (pre-ordered) / UNIQUE: the first matching row, or kNoRow. `shared`: the
// record's remembered shared rows for this decision (nullptr: none); `unrepaired`:
// UnrepairedKey for the record and platform in `slots` (-1: none).
[[gnu::always_inline]] inline uint32_t FirstMatch(const TableData& d, const int64_t* bps,
                                                   const CompiledDecision& cd, const int64_t* slots,
                                                   uint64_t* acc, SharedMatch* shared = nullptr,
                                                   int unrepaired = -1) {
  const uint32_t pi = PartitionIndex(d, cd, slots, shared);
  const Partition& p = d.partitions[pi];
  if (p.words == 1) {
    const uint64_t bits = MatchOneWord(d, bps, pi, slots, shared, unrepaired);
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

// ForEachMatch in partition `pi`, already chosen (PartitionIndex).
template <typename Fn>
[[gnu::always_inline]] inline void ForEachMatchIn(const TableData& d, const int64_t* bps,
                                                  uint32_t pi, const int64_t* slots, uint64_t* acc,
                                                  Fn fn, SharedMatch* shared = nullptr,
                                                  int unrepaired = -1) {
  const Partition& p = d.partitions[pi];
  if (p.words == 1) {
    for (uint64_t bits = MatchOneWord(d, bps, pi, slots, shared, unrepaired); bits;
         bits &= bits - 1) {
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

// COLLECT: calls fn(row index) for every matching row, in order (`shared`, `unrepaired` as
// for FirstMatch).
template <typename Fn>
[[gnu::always_inline]] inline void ForEachMatch(const TableData& d, const int64_t* bps,
                                                const CompiledDecision& cd, const int64_t* slots,
                                                uint64_t* acc, Fn fn, SharedMatch* shared = nullptr,
                                                int unrepaired = -1) {
  ForEachMatchIn(d, bps, PartitionIndex(d, cd, slots, shared), slots, acc, fn, shared,
                 unrepaired);
}

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_TABLE_MATCH_H_
