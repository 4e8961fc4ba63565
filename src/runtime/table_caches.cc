// DeriveTableCaches (table_data.h): what a compiled table derives when it is built or loaded.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "runtime/platform_classes.h"
#include "runtime/settled_rows.h"
#include "xiufu/runtime/detail/date_plan.h"
#include "xiufu/runtime/detail/match.h"
#include "xiufu/runtime/detail/table_data.h"

namespace xiufu::internal {
namespace {

// The facts an entity without records can differ in that the record-less memo keys on, plus
// the ones that are the same for all of them on one date.
bool RecordlessKeyFact(Fact f) {
  switch (f) {
    case Fact::kAsOf: case Fact::kEntityKind: case Fact::kEntityStatus: case Fact::kUsccValid:
    case Fact::kUnreachable: case Fact::kMissedReports: case Fact::kReportPending:
    case Fact::kDaysToReportDeadline: case Fact::kOnAbnormalList: case Fact::kOnSeriousList:
    case Fact::kSinceAbnormalListed: case Fact::kRecordCount: case Fact::kSeriousShown:
    case Fact::kShownCount:
      return true;
    default:
      return false;
  }
}

// Message template `str` (a string id) split at its fields (kMessageFields) into
// d.message_parts.
MessageSpan SplitMessage(TableData& d, uint32_t str) {
  const std::string_view t = d.strings.Get(str);
  MessageSpan span;
  span.part_begin = static_cast<uint32_t>(d.message_parts.size());
  size_t lit = 0;  // start of the pending literal run
  for (size_t i = t.find('{'); i != std::string_view::npos; i = t.find('{', i + 1)) {
    for (uint8_t f = 0; f < std::size(kMessageFields); ++f) {
      if (t.compare(i, kMessageFields[f].size(), kMessageFields[f]) != 0) continue;
      if (i > lit) {
        d.message_parts.push_back({str, static_cast<uint32_t>(lit),
                                   static_cast<uint32_t>(i - lit), kLiteralPart});
      }
      d.message_parts.push_back({str, 0, 0, f});
      span.uses |= static_cast<uint8_t>(1u << f);
      lit = i + kMessageFields[f].size();
      i = lit - 1;
      break;
    }
  }
  if (lit < t.size()) {
    d.message_parts.push_back({str, static_cast<uint32_t>(lit),
                               static_cast<uint32_t>(t.size() - lit), kLiteralPart});
  }
  span.part_count = static_cast<uint32_t>(d.message_parts.size()) - span.part_begin;
  return span;
}

// The platform facts a record repaired nowhere (on or before the evaluation date) has on
// platform p with shown flag `shown`: the value FillPlatformSlots gives `f`, or false when f is
// not one of the platform's own facts.
bool UnrepairedPlatformValue(Fact f, int p, int shown, int64_t* v) {
  switch (f) {
    case Fact::kPlatform: *v = p; return true;
    case Fact::kShown: *v = shown; return true;
    case Fact::kRepaired: case Fact::kRepairedElsewhere: *v = 0; return true;
    case Fact::kSinceRepairedElsewhere: *v = kNull; return true;
    default: return false;
  }
}

// PartSplit::unrepaired and unrepaired_own (needs part_split's groups): for every one-word
// partition whose own indexes read only the platform's facts, the AND of their masks for a
// record repaired nowhere, per platform and shown flag — so the matcher replaces those
// lookups by one load for most records (match.h MatchOneWord). Null and the 0/1 flags never
// read a breakpoint, so the rows hold on every evaluation date.
void DeriveUnrepairedOwn(TableData& d) {
  d.unrepaired_own.clear();
  d.unrepaired_stride = 0;
  const int32_t dom = d.fact_domain[static_cast<int>(Fact::kPlatform)];
  if (dom < 0 || static_cast<size_t>(dom) >= d.domains.size()) return;
  const int np = static_cast<int>(d.domains[static_cast<size_t>(dom)].value_count);
  d.unrepaired_stride = static_cast<size_t>(np) * 2;
  for (size_t pi = 0; pi < d.partitions.size(); ++pi) {
    const Partition& p = d.partitions[pi];
    PartSplit& split = d.part_split[pi];
    if (p.words != 1 || p.index_begin + p.index_count > d.indexes.size() ||
        split.shared >= p.index_count) {
      continue;
    }
    // Only the platform's facts, and a range only over a value that is null here (a range
    // over another value would need the date's breakpoints).
    bool platform_only = true;
    int64_t v = 0;
    for (uint32_t i = split.shared; i < p.index_count; ++i) {
      const SlotIndex& ix = d.indexes[p.index_begin + i];
      platform_only = platform_only && UnrepairedPlatformValue(FactOfSlot(ix.slot), 0, 0, &v) &&
                      (ix.direct || v == kNull);
    }
    if (!platform_only) continue;
    split.unrepaired = static_cast<uint32_t>(d.unrepaired_own.size());
    for (int q = 0; q < np; ++q) {
      for (int shown = 0; shown < 2; ++shown) {
        uint64_t rows = ~uint64_t{0};
        for (uint32_t i = split.shared; i < p.index_count; ++i) {
          const SlotIndex& ix = d.indexes[p.index_begin + i];
          UnrepairedPlatformValue(FactOfSlot(ix.slot), q, shown, &v);
          uint32_t k = 0;
          KnownMaskIndex(ix, v, &k);  // a direct value, or null (platform_only above)
          const size_t m = static_cast<size_t>(ix.mask_begin) + k;
          rows &= m < d.masks.size() ? d.masks[m] : 0;
        }
        d.unrepaired_own.push_back(rows);
      }
    }
  }
}

}  // namespace

void DeriveTableCaches(TableData& d) {
  d.message_parts.clear();
  d.row_messages.clear();
  d.alert_messages.clear();
  for (const CompiledRow& r : d.rows) {
    d.row_messages.push_back(SplitMessage(d, r.reason_zh));
    d.row_messages.push_back(SplitMessage(d, r.reason_en));
  }
  for (const CompiledAlert& a : d.alerts) {
    d.alert_messages.push_back(SplitMessage(d, a.zh));
    d.alert_messages.push_back(SplitMessage(d, a.en));
  }
  d.regime_changes.clear();
  const CompiledDecision& elig = d.decisions[static_cast<int>(Decision::kEligibility)];
  for (uint32_t i = elig.row_begin; i < elig.row_begin + elig.row_count && i < d.rows.size(); ++i) {
    if (d.rows[i].effective_from != kNoDay) d.regime_changes.push_back(d.rows[i].effective_from);
    if (d.rows[i].effective_to != kNoDay) d.regime_changes.push_back(d.rows[i].effective_to + 1);
  }
  std::sort(d.regime_changes.begin(), d.regime_changes.end());
  d.regime_changes.erase(std::unique(d.regime_changes.begin(), d.regime_changes.end()),
                         d.regime_changes.end());
  d.entity_custom.clear();
  d.record_custom.clear();
  d.num_entity_custom = d.num_record_custom = 0;
  int dates = 0;  // the k-th date column is DateBase::kCustom0 + k (AssignCustomFacts)
  for (const CompiledColumn& c : d.columns) {
    const bool entity = c.scope == static_cast<uint8_t>(FactScope::kEntity);
    const bool is_date = c.type == static_cast<uint8_t>(FactType::kDate) && dates < kMaxCustomDateBases;
    const uint8_t base = is_date ? static_cast<uint8_t>(static_cast<int>(DateBase::kCustom0) + dates++) : 0;
    (entity ? d.entity_custom : d.record_custom)
        .push_back(CustomSlot{c.default_value, static_cast<uint16_t>(c.fact * 4), c.since, c.ordinal, base});
    ++(entity ? d.num_entity_custom : d.num_record_custom);
  }
  d.slot_used.fill(0);
  for (const SlotIndex& ix : d.indexes) d.slot_used[ix.slot] = 1;
  for (const CompiledDecision& cd : d.decisions) {
    for (uint16_t k : cd.key_slot) {
      if (k != kNoKey) d.slot_used[k] = 1;
    }
  }
  for (int k = 0; k < kNumDecisions; ++k) {
    const CompiledDecision& cd = d.decisions[k];
    KeyRead& kr = d.key_reads[k];
    for (int i = 0; i < 2; ++i) {
      const bool keyed = cd.key_slot[i] != kNoKey && cd.key_size[i] >= 1;
      kr.slot[i] = keyed ? cd.key_slot[i] : 0;
      kr.last[i] = keyed ? cd.key_size[i] - 1 : 0;
    }
    kr.size1 = cd.key_slot[1] != kNoKey ? cd.key_size[1] : 1;
    kr.same_for_platforms = 1;
    for (uint16_t slot : cd.key_slot) {
      if (slot != kNoKey && VariesByPlatform(FactOfSlot(slot))) kr.same_for_platforms = 0;
    }
  }
  {
    const KeyRead& m = d.key_reads[static_cast<int>(Decision::kMaterials)];
    const KeyRead& a = d.key_reads[static_cast<int>(Decision::kRecordAlerts)];
    d.alert_keys_like_materials = m.slot[0] == a.slot[0] && m.slot[1] == a.slot[1] &&
                                  m.last[0] == a.last[0] && m.last[1] == a.last[1] &&
                                  m.size1 == a.size1 &&
                                  d.decisions[static_cast<int>(Decision::kMaterials)].part_count ==
                                      d.decisions[static_cast<int>(Decision::kRecordAlerts)].part_count;
  }
  d.part_split.assign(d.partitions.size(), PartSplit{});
  for (size_t pi = 0; pi < d.partitions.size(); ++pi) {
    const Partition& p = d.partitions[pi];
    if (p.index_begin + p.index_count > d.indexes.size()) continue;  // the blob reader rejects it
    const SlotIndex* ix = d.indexes.data() + p.index_begin;
    PartSplit& split = d.part_split[pi];
    while (split.shared < p.index_count && !VariesByPlatform(FactOfSlot(ix[split.shared].slot))) {
      ++split.shared;
    }
    while (split.shared_direct < split.shared && ix[split.shared_direct].direct) {
      ++split.shared_direct;
    }
    while (split.shared + split.own_direct < p.index_count &&
           ix[split.shared + split.own_direct].direct) {
      ++split.own_direct;
    }
  }
  DeriveUnrepairedOwn(d);
  DeriveSettledRows(d);
  DerivePlatformClasses(d);
  d.map_by_raw.assign(d.materials.size() + 1, 0);
  for (const CompiledMapping& m : d.material_map) {
    if (m.raw < d.materials.size()) ++d.map_by_raw[m.raw + 1];
  }
  for (size_t m = 0; m < d.materials.size(); ++m) d.map_by_raw[m + 1] += d.map_by_raw[m];
  d.map_of_raw.assign(d.map_by_raw.back(), 0);
  {
    std::vector<uint32_t> next(d.map_by_raw.begin(), d.map_by_raw.end() - 1);
    for (uint32_t i = 0; i < d.material_map.size(); ++i) {
      const uint32_t raw = d.material_map[i].raw;
      if (raw < d.materials.size()) d.map_of_raw[next[raw]++] = i;
    }
  }
  {
    std::array<uint8_t, kNumSlots> read{};
    const CompiledDecision& el = d.decisions[static_cast<int>(Decision::kEligibility)];
    for (uint16_t k : el.key_slot) {
      if (k != kNoKey) read[k] = 1;
    }
    for (uint32_t pi = el.part_begin; pi < el.part_begin + el.part_count && pi < d.partitions.size(); ++pi) {
      const Partition& p = d.partitions[pi];
      for (uint32_t i = p.index_begin; i < p.index_begin + p.index_count && i < d.indexes.size(); ++i) {
        read[d.indexes[i].slot] = 1;
      }
    }
    d.sim_slots.clear();
    for (const bool done : {true, false}) {
      for (const Fact f : done ? absl::MakeConstSpan(kSimDoneFacts) : absl::MakeConstSpan(kSimFieldFacts)) {
        for (int u = 0; u < 4; ++u) {
          const int slot = static_cast<int>(f) * 4 + u;
          if (read[slot]) d.sim_slots.push_back(static_cast<uint16_t>(slot));
        }
      }
      if (done) d.sim_done_count = static_cast<uint32_t>(d.sim_slots.size());
    }
  }
  // The record-less memo: every slot the entity-alert decision reads is a key fact, and no
  // entity custom column could vary outside the key.
  const CompiledDecision& ea = d.decisions[static_cast<int>(Decision::kEntityAlerts)];
  bool memo = d.entity_custom.empty();
  for (uint16_t k : ea.key_slot) {
    if (k != kNoKey) memo = memo && RecordlessKeyFact(FactOfSlot(k));
  }
  for (uint32_t pi = ea.part_begin; pi < ea.part_begin + ea.part_count && pi < d.partitions.size(); ++pi) {
    const Partition& p = d.partitions[pi];
    for (uint32_t i = p.index_begin; i < p.index_begin + p.index_count && i < d.indexes.size(); ++i) {
      memo = memo && RecordlessKeyFact(FactOfSlot(d.indexes[i].slot));
    }
  }
  d.recordless_memo = memo;
  d.codes_key_eligibility = true;
  for (uint16_t k : d.decisions[static_cast<int>(Decision::kEligibility)].key_slot) {
    if (k == kNoKey) continue;
    const Fact f = FactOfSlot(k);
    d.codes_key_eligibility = d.codes_key_eligibility && IsRecordCode(f) && k == SlotOf(f);
  }
  DeriveElapsedPeriods(d);  // after the custom columns: their since_ facts are elapsed too
}

}  // namespace xiufu::internal
