#include "runtime/settled_rows.h"

#include <cstdint>
#include <vector>

#include "xiufu/runtime/detail/match.h"

namespace xiufu::internal {
namespace {

// The facts a settled row is chosen by (DeriveSettledRows): direct indexes over them are the
// ones whose values the key gives.
bool SettledKeyFact(Fact f) {
  return f == Fact::kPlatform || f == Fact::kShown || f == Fact::kRepaired;
}

// The value a fact is known to have for a record × platform settled by its platform p, shown
// flag and repaired flag with an eligibility row of status `status` and no dates
// (DeriveSettledRows): as FillPlatformSlots and FillDerivedSlots fill it; false for every other
// fact.
bool SettledValue(Fact f, int p, int shown, int repaired, int status, int64_t* v) {
  switch (f) {
    case Fact::kPlatform: *v = p; return true;
    case Fact::kShown: *v = shown; return true;
    case Fact::kRepaired: *v = repaired; return true;
    case Fact::kStatus: *v = status; return true;
    case Fact::kUntilEligible: case Fact::kUntilExpiry: *v = kNull; return true;
    default: return false;
  }
}

// Whether no row of decision `dec` can match a record × platform whose facts of SettledValue
// are (p, shown, repaired, status, no dates), whatever its other facts: in every partition the
// keys can select with those values, the indexes reading them leave no row.
bool DecisionSilent(const TableData& d, int dec, int p, int shown, int repaired,
                           int status) {
  const CompiledDecision& cd = d.decisions[dec];
  const KeyRead& kr = d.key_reads[dec];
  int64_t v = 0;
  for (uint32_t local = 0; local < cd.part_count; ++local) {
    const uint32_t coord[2] = {local / kr.size1, local % kr.size1};
    bool reachable = true;
    for (int i = 0; i < 2; ++i) {
      const bool keyed = cd.key_slot[i] != kNoKey && cd.key_size[i] >= 1;
      if (keyed && SettledValue(FactOfSlot(cd.key_slot[i]), p, shown, repaired, status, &v)) {
        const uint64_t u = static_cast<uint64_t>(v);
        const uint32_t want = u < kr.last[i] ? static_cast<uint32_t>(u) : kr.last[i];
        reachable = reachable && coord[i] == want;
      }
    }
    const size_t pi = static_cast<size_t>(cd.part_begin) + local;
    if (!reachable || pi >= d.partitions.size()) continue;
    const Partition& part = d.partitions[pi];
    if (part.row_count == 0) continue;
    for (uint32_t w = 0; w < part.words; ++w) {
      uint64_t rows = ~uint64_t{0};
      if (w + 1 == part.words && part.row_count % 64) {
        rows = (uint64_t{1} << (part.row_count % 64)) - 1;
      }
      for (uint32_t i = part.index_begin; i < part.index_begin + part.index_count && rows; ++i) {
        const SlotIndex& ix = d.indexes[i];
        uint32_t k = 0;
        if (!SettledValue(FactOfSlot(ix.slot), p, shown, repaired, status, &v) ||
            !KnownMaskIndex(ix, v, &k)) {
          continue;
        }
        const size_t m = ix.mask_begin + static_cast<size_t>(k) * part.words + w;
        rows &= m < d.masks.size() ? d.masks[m] : 0;
      }
      if (rows != 0) return false;
    }
  }
  return true;
}

}  // namespace

void DeriveSettledRows(TableData& d) {
  d.settled_rows.clear();
  const CompiledDecision& elig = d.decisions[static_cast<int>(Decision::kEligibility)];
  const KeyRead& keys = d.key_reads[static_cast<int>(Decision::kEligibility)];
  if (d.unrepaired_stride == 0 || !keys.same_for_platforms) return;
  const int np = static_cast<int>(d.unrepaired_stride / 2);
  // Whether materials and record alerts are silent for a key and status: the same for every
  // partition, so each is worked out once (-1: not yet).
  std::vector<int8_t> silent(static_cast<size_t>(np) * kSettledPerPlatform * kNumStatuses, -1);
  auto is_silent = [&](int key, int q, int shown, int repaired, int st) {
    int8_t& known = silent[static_cast<size_t>(key) * kNumStatuses + static_cast<size_t>(st)];
    if (known < 0) {
      known = DecisionSilent(d, static_cast<int>(Decision::kMaterials), q, shown, repaired, st) &&
              DecisionSilent(d, static_cast<int>(Decision::kRecordAlerts), q, shown, repaired, st);
    }
    return known == 1;
  };
  for (uint32_t pi = elig.part_begin;
       pi < elig.part_begin + elig.part_count && pi < d.partitions.size(); ++pi) {
    const Partition& part = d.partitions[pi];
    if (part.words != 1 || part.row_count == 0 ||
        part.index_begin + part.index_count > d.indexes.size()) {
      continue;
    }
    const uint64_t all = part.row_count == 64 ? ~uint64_t{0} : (uint64_t{1} << part.row_count) - 1;
    // The rows every index but those over the key's facts accepts for every value.
    uint64_t universal = all;
    for (uint32_t i = part.index_begin; i < part.index_begin + part.index_count; ++i) {
      const SlotIndex& ix = d.indexes[i];
      if (ix.direct && SettledKeyFact(FactOfSlot(ix.slot))) continue;
      const uint64_t masks = ix.direct ? uint64_t{ix.domain_size} + 1 : uint64_t{ix.bp_count} + 2;
      if (ix.mask_begin + masks > d.masks.size()) {
        universal = 0;  // the blob reader refuses such a table
        break;
      }
      for (uint64_t k = 0; k < masks; ++k) universal &= d.masks[ix.mask_begin + k];
    }
    const size_t begin = d.settled_rows.size();
    bool any = false;
    for (int key = 0; key < np * kSettledPerPlatform; ++key) {
      const int q = key / kSettledPerPlatform, shown = (key >> 1) & 1, repaired = key & 1;
      uint64_t accepted = all;
      for (uint32_t i = part.index_begin; i < part.index_begin + part.index_count; ++i) {
        const SlotIndex& ix = d.indexes[i];
        const Fact f = FactOfSlot(ix.slot);
        if (!ix.direct || !SettledKeyFact(f)) continue;
        uint32_t k = 0;
        KnownMaskIndex(ix, f == Fact::kPlatform ? q : f == Fact::kShown ? shown : repaired, &k);
        const size_t m = static_cast<size_t>(ix.mask_begin) + k;
        accepted &= m < d.masks.size() ? d.masks[m] : 0;
      }
      uint32_t row = kNoRow;
      if (accepted != 0 && ((universal >> __builtin_ctzll(accepted)) & 1)) {
        const uint32_t at = part.list_begin + static_cast<uint32_t>(__builtin_ctzll(accepted));
        const uint32_t r = at < d.part_rows.size() ? d.part_rows[at] : kNoRow;
        if (r < d.rows.size()) {
          const CompiledRow& cr = d.rows[r];
          const int st = cr.status;
          const bool plain = st < kNumStatuses &&
                             st != static_cast<int>(RepairStatus::kEligible) &&
                             st != static_cast<int>(RepairStatus::kBlocked) &&
                             cr.eligible_from.base1 == static_cast<uint8_t>(DateBase::kNone) &&
                             cr.expires_on.base1 == static_cast<uint8_t>(DateBase::kNone);
          if (plain && is_silent(key, q, shown, repaired, st)) row = r;
        }
      }
      any = any || row != kNoRow;
      d.settled_rows.push_back(row);
    }
    if (any) {
      d.part_split[pi].settled = static_cast<uint32_t>(begin);
    } else {
      d.settled_rows.resize(begin);
    }
  }
}

}  // namespace xiufu::internal
