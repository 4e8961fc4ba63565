#include "runtime/platform_classes.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "xiufu/runtime/detail/match.h"
#include "xiufu/runtime/facts.h"

namespace xiufu::internal {
namespace {

// Facts a record has with the same value in a blocked-record simulation that does not copy the
// entity (kSimDoneFacts, kSimFieldFacts change) and on every evaluation date: its own columns
// and dates, not the time since them.
bool StableFact(Fact f) {
  return IsRecordCode(f) || f == Fact::kFineAmount || f == Fact::kDecisionDate ||
         f == Fact::kPublicationDate;
}

bool StableKey(uint16_t slot) { return slot == kNoKey || StableFact(FactOfSlot(slot)); }

bool KeyedByPlatform(const CompiledDecision& cd) {
  for (uint16_t slot : cd.key_slot) {
    if (slot != kNoKey && FactOfSlot(slot) == Fact::kPlatform) return true;
  }
  return false;
}

// The first mask word (of part.words) of index ix for platform p; false when out of range.
bool PlatformMask(const TableData& d, const Partition& part, const SlotIndex& ix, int p,
                  size_t* at) {
  uint32_t k = 0;
  if (!KnownMaskIndex(ix, p, &k)) return false;
  *at = ix.mask_begin + static_cast<size_t>(k) * part.words;
  return *at + part.words <= d.masks.size();
}

// Whether partition `part` matches platforms p and q alike (see the header).
bool Alike(const TableData& d, const Partition& part, int p, int q) {
  if (part.index_begin + part.index_count > d.indexes.size()) return false;
  for (uint32_t i = 0; i < part.index_count; ++i) {
    const SlotIndex& ix = d.indexes[part.index_begin + i];
    if (FactOfSlot(ix.slot) != Fact::kPlatform) continue;
    size_t a = 0, b = 0;
    if (!PlatformMask(d, part, ix, p, &a) || !PlatformMask(d, part, ix, q, &b)) return false;
    if (!std::equal(d.masks.begin() + a, d.masks.begin() + a + part.words, d.masks.begin() + b)) {
      return false;
    }
  }
  return true;
}

// The classes of `np` platforms under `alike` (an equivalence): each platform's class is the
// lowest platform alike to it, 4 bits per platform.
template <typename AlikeFn>
uint32_t Classes(int np, AlikeFn alike) {
  uint32_t out = PartSplit::kDistinctPlatforms;
  for (int p = 1; p < np; ++p) {
    for (int q = 0; q < p; ++q) {
      if (!alike(p, q)) continue;
      const uint32_t c = PlatformClass(out, q);
      out = (out & ~(uint32_t{15} << (4 * p))) | (c << (4 * p));
      break;
    }
  }
  return out;
}

// PartSplit::stable_indexes of eligibility partition pi, when it has unrepaired rows.
void DeriveStableIndexes(TableData& d, uint32_t pi) {
  const Partition& part = d.partitions[pi];
  PartSplit& split = d.part_split[pi];
  if (split.unrepaired == PartSplit::kNoUnrepaired ||
      part.index_begin + part.index_count > d.indexes.size()) {
    return;
  }
  split.stable_indexes = static_cast<uint32_t>(d.stable_indexes.size());
  d.stable_indexes.push_back(0);
  for (uint32_t i = 0; i < part.index_count; ++i) {
    const uint32_t at = part.index_begin + i;
    const Fact f = FactOfSlot(d.indexes[at].slot);
    if (f != Fact::kAsOf && !StableFact(f)) continue;
    d.stable_indexes.push_back(f == Fact::kAsOf ? at | kAsOfIndexMark : at);
    ++d.stable_indexes[split.stable_indexes];
  }
}

}  // namespace

void DerivePlatformClasses(TableData& d) {
  d.stable_indexes.clear();
  for (PartSplit& split : d.part_split) {
    split.platform_class = PartSplit::kDistinctPlatforms;
    split.stable_indexes = PartSplit::kNoStableIndexes;
  }
  const int32_t dom = d.fact_domain[static_cast<int>(Fact::kPlatform)];
  if (dom < 0 || static_cast<size_t>(dom) >= d.domains.size()) return;
  const int np = static_cast<int>(
      std::min<uint32_t>(d.domains[static_cast<size_t>(dom)].value_count, kMaxPlatforms));
  for (const Decision k : {Decision::kEligibility, Decision::kMaterials, Decision::kRecordAlerts}) {
    const CompiledDecision& cd = d.decisions[static_cast<int>(k)];
    if (KeyedByPlatform(cd)) continue;
    const uint32_t end = std::min<uint32_t>(cd.part_begin + cd.part_count,
                                            static_cast<uint32_t>(d.partitions.size()));
    const bool elig = k == Decision::kEligibility;
    if (!elig || (StableKey(cd.key_slot[0]) && StableKey(cd.key_slot[1]))) {
      for (uint32_t pi = cd.part_begin; pi < end; ++pi) {
        d.part_split[pi].platform_class =
            Classes(np, [&](int p, int q) { return Alike(d, d.partitions[pi], p, q); });
        if (elig) DeriveStableIndexes(d, pi);
      }
      continue;
    }
    const uint32_t all = Classes(np, [&](int p, int q) {
      for (uint32_t pi = cd.part_begin; pi < end; ++pi) {
        if (!Alike(d, d.partitions[pi], p, q)) return false;
      }
      return true;
    });
    for (uint32_t pi = cd.part_begin; pi < end; ++pi) d.part_split[pi].platform_class = all;
  }
}

}  // namespace xiufu::internal
