// Internal: the data behind a compiled xiufu::DecisionTable — every table of every decision
// merged into one row array per decision, and for every fact slot a column index (sorted
// breakpoints for ranges, direct dense ids for enums) mapping a value to a bitset of the rows
// whose cell accepts it. Effective dates are the pseudo-slot `as_of`, indexed like any other
// column. PRIORITY is compiled to FIRST by ordering rows by output priority.
//
// Everything lives in a handful of contiguous vectors of trivially copyable structs plus one
// string pool, so it serializes to one blob. Not API: the compiler, the blob reader, the
// inline evaluator and the toolchain's reports read it; hosts use DecisionTable's accessors.
// Immutable once built; shared read-only across threads.
#ifndef XIUFU_RUNTIME_DETAIL_TABLE_DATA_H_
#define XIUFU_RUNTIME_DETAIL_TABLE_DATA_H_

#include <algorithm>
#include <array>
#include <iterator>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "xiufu/runtime/calendar.h"
#include "xiufu/runtime/facts.h"
#include "xiufu/runtime/rule_types.h"

namespace xiufu {

inline constexpr uint32_t kNoRow = 0xFFFFFFFFu;  // "no row decided"

namespace internal {

struct StringPool {
  std::string chars;
  std::vector<uint32_t> offsets{0};  // string i = chars[offsets[i], offsets[i + 1])
  uint32_t Add(std::string_view s) {
    chars.append(s);
    offsets.push_back(static_cast<uint32_t>(chars.size()));
    return static_cast<uint32_t>(offsets.size() - 2);
  }
  std::string_view Get(uint32_t id) const {
    return std::string_view(chars).substr(offsets[id], offsets[id + 1] - offsets[id]);
  }
};

// Serialized structs spell out their padding (always zero) so that a blob's bytes are fully
// determined by the pack; serialize.cc checks this with has_unique_object_representations.
struct CompiledDateExpr {
  uint8_t base1 = 0, unit1 = 0, base2 = 0, unit2 = 0;  // DateBase, DurationUnit
  int32_t amount1 = 0, amount2 = 0;
  uint8_t has_dur1 = 0, has_dur2 = 0;
  uint8_t pad[2] = {0, 0};
};

struct CompiledRow {
  uint32_t rule_id;       // string ids
  uint32_t source;
  uint32_t reason_zh;
  uint32_t reason_en;
  uint32_t table;         // index into TableData::tables
  uint32_t line;          // CSV line of the row
  uint32_t cell_begin;    // explain: cells of this row in TableData::cells
  uint32_t cell_count;
  int32_t effective_from;  // kNoDay = open
  int32_t effective_to;
  uint8_t status;         // RepairStatus
  int8_t channel;
  int8_t authority;
  uint8_t pad = 0;
  CompiledDateExpr eligible_from;
  CompiledDateExpr expires_on;
  uint32_t actions = 0;   // blocked rows: unblocking action ids
  Bits128 materials;
  uint64_t alerts;
};

// A row's cell, kept for explain and lint (not used on the hot path).
struct CompiledCell {
  uint16_t slot;
  uint8_t kind;     // CellTest::Kind
  uint8_t null_ok;
  uint32_t header;  // string id of the column header
  uint32_t text;    // string id of the cell text
  uint32_t column;  // 1-based CSV column
  uint32_t range_begin;
  uint32_t range_count;
  uint64_t enum_mask;
};

// Maps the value of one slot to the bitset of rows (of one decision) that accept it.
struct SlotIndex {
  uint16_t slot;
  uint8_t direct;         // 1: enum/bool, value v → mask v (null → mask `domain_size`)
  uint8_t pad = 0;
  uint32_t domain_size;   // direct: number of values
  uint32_t bp_begin;      // ranges: breakpoints[bp_begin, bp_begin + bp_count), sorted;
  uint32_t bp_count;      //   value v → mask upper_bound(v) in [0, bp_count]; null → bp_count+1
  uint32_t mask_begin;    // masks[mask_begin + k * words, … + words)
};

// The rows of a decision that can match for one combination of key values, in decision order,
// with the column indexes of only the slots those rows test (besides the keys).
struct Partition {
  uint32_t list_begin = 0;  // rows: part_rows[list_begin, list_begin + row_count)
  uint32_t row_count = 0;
  uint32_t words = 0;       // bitset words for row_count rows
  uint32_t index_begin = 0, index_count = 0;  // into TableData::indexes
};

// How a partition's indexes divide (the compiler orders them so; any order stays correct):
// [0, shared) test slots that are the same for all platforms of a record (VariesByPlatform
// false), the first shared_direct of them direct; [shared, index_count) the platform's own,
// the first own_direct of them direct. Derived when the table is built or loaded.
struct PartSplit {
  uint32_t shared_direct = 0, shared = 0, own_direct = 0;
  // The rows the platform's own indexes accept for a record repaired nowhere (TableData::
  // unrepaired_own[unrepaired + platform * 2 + shown]), when those indexes read only the
  // platform's facts (platform, shown, repaired, repaired elsewhere and since when);
  // kNoUnrepaired otherwise, or when the partition has no own index.
  uint32_t unrepaired = kNoUnrepaired;
  static constexpr uint32_t kNoUnrepaired = 0xFFFFFFFFu;
  // Eligibility partitions: where the rows that settle a record × platform by its platform,
  // shown flag and repaired flag alone start (TableData::settled_rows[settled + SettledKey]; see
  // DeriveSettledRows); kNoSettled when the partition has none.
  uint32_t settled = kNoSettled;
  static constexpr uint32_t kNoSettled = 0xFFFFFFFFu;
};

inline constexpr uint16_t kNoKey = 0xFFFF;

// A decision's keys as the matcher reads them (derived): the partition is
// KeyIndex(slots[slot[0]], last[0]) * size1 + KeyIndex(slots[slot[1]], last[1]), where `last`
// is the index that stands for null and out-of-range values. A missing key reads slot 0 (the
// evaluation date, always filled) with last = 0, which maps every value to index 0.
struct KeyRead {
  uint16_t slot[2] = {0, 0};
  uint32_t last[2] = {0, 0};
  uint32_t size1 = 1;
  // No key is a fact that varies by platform: all platforms of a record use one partition.
  uint32_t same_for_platforms = 0;
};

// A decision's rows are partitioned by up to two enum "key" slots (chosen by the compiler to
// minimise rows per partition, e.g. record_kind × department): the key values index a partition
// directly (value v → v, null or out of range → domain size), so evaluation only ANDs the
// bitsets of the few rows that can apply.
struct CompiledDecision {
  uint8_t policy = 0;  // HitPolicy
  uint8_t pad[3] = {0, 0, 0};
  uint32_t row_begin = 0, row_count = 0;  // all rows, in decision order (explain, lint, reports)
  uint16_t key_slot[2] = {kNoKey, kNoKey};
  uint32_t key_size[2] = {1, 1};          // domain size + 1 (null); 1 when no key
  uint32_t part_begin = 0, part_count = 0;
  uint32_t max_words = 1;
};

struct CompiledDomainValue { uint32_t code, zh, en; };
struct CompiledDomain { uint32_t name; uint32_t value_begin, value_count; };
struct CompiledMaterial {
  uint32_t code, zh, en, requested_by, source;
  uint8_t canonical;
  uint8_t pad[3] = {0, 0, 0};
};
struct CompiledMapping { uint32_t raw, canonical; int32_t effective_from, effective_to; };
struct CompiledAlert {
  uint32_t code, severity, zh, en, source;
  uint8_t entity_scope;
  uint8_t pad[3] = {0, 0, 0};
  CompiledDateExpr due;
};
struct CompiledAction {
  uint32_t code, zh, en, source;
  uint8_t effect;  // ActionEffect
  uint8_t pad[3] = {0, 0, 0};
};
struct CompiledTableInfo {
  uint32_t name, file;
  uint8_t decision;
  uint8_t pad[3] = {0, 0, 0};
};

// A message template split at its {field}s: a literal run of the template string `str`
// (field == kLiteralPart) or one field (MessageField in outcome_text.h).
inline constexpr uint8_t kLiteralPart = 0xFF;
struct MessagePart {
  uint32_t str;
  uint32_t begin, len;
  uint8_t field;
};
struct MessageSpan {
  uint32_t part_begin = 0, part_count = 0;
  uint8_t uses = 0;  // bit per field the template uses
};

// A custom input column (custom_column.h), as stored in the blob. Explicitly padded: the
// blob writer copies it byte for byte.
struct CompiledColumn {
  int64_t default_value;  // kNull = missing
  uint32_t name, domain, default_text, zh, en, source, since_name, since_zh, since_en;
  uint32_t reserved;
  uint8_t scope;    // FactScope (kEntity / kRecord)
  uint8_t type;     // FactType
  uint8_t fact;     // its fact id
  uint8_t since;    // its since_ fact id; 0 (kAsOf) = none
  uint8_t ordinal;  // index among the columns of its scope
  uint8_t changeable;  // 1: explain shows rows missed on it as "if it changed"
  uint8_t pad[2];
};

// What the evaluator does per custom column: copy one value into its slot (and, for a date
// column, the elapsed since_ slots).
struct CustomSlot {
  int64_t default_value;  // for a population without the column (filled by hand)
  uint16_t slot;     // SlotOf(fact)
  uint8_t since;     // since_ fact id, 0 = none
  uint8_t ordinal;   // column index in Population::entity_custom / record_custom rows
  uint8_t date_base; // date columns: DateBase::kCustom0 + k in date expressions; 0 = none
};

struct TableData {
  uint64_t pack_hash = 0;
  uint32_t pack_name = 0, pack_version = 0, pack_zh = 0, pack_en = 0;
  StringPool strings;
  std::vector<CompiledDomain> domains;
  std::vector<CompiledDomainValue> domain_values;
  std::array<int32_t, kNumFactIds> fact_domain{};  // domain index per enum fact, else -1
  std::vector<CompiledColumn> columns;            // custom input columns, declaration order
  std::vector<CompiledMaterial> materials;
  std::vector<CompiledMapping> material_map;
  std::vector<CompiledAlert> alerts;
  std::vector<CompiledAction> actions;
  std::vector<CompiledTableInfo> tables;
  ContextConfig context;
  std::array<CompiledDecision, kNumDecisions> decisions{};
  std::vector<CompiledRow> rows;
  std::vector<Partition> partitions;
  std::vector<uint32_t> part_rows;  // row indexes (into rows) of every partition
  std::vector<CompiledCell> cells;
  std::vector<Range> ranges;
  std::vector<SlotIndex> indexes;
  std::vector<int64_t> breakpoints;
  std::vector<uint64_t> masks;
  WorkCalendar calendar;
  // ---- derived when the table is built or loaded (not stored in the blob) ----
  std::array<uint8_t, kNumSlots> slot_used{};  // which slots some index reads
  // Of the slots the eligibility decision reads, those of kSimDoneFacts, then those of
  // kSimFieldFacts (from sim_done_count on).
  std::vector<uint16_t> sim_slots;
  uint32_t sim_done_count = 0;
  std::vector<PartSplit> part_split;           // per partition: how its indexes divide
  std::vector<uint64_t> unrepaired_own;        // PartSplit::unrepaired's rows, 2 per platform
  size_t unrepaired_stride = 0;                // entries per partition: 2 × platforms
  std::vector<uint32_t> settled_rows;          // PartSplit::settled's rows (kNoRow: none),
                                               // 4 per platform
  std::array<KeyRead, kNumDecisions> key_reads{};  // per decision: its keys, as read
  // material_map indexes grouped by raw material: map_of_raw[map_by_raw[m], map_by_raw[m + 1])
  std::vector<uint32_t> map_by_raw, map_of_raw;
  std::vector<MessagePart> message_parts;      // every message template, split once
  std::vector<MessageSpan> row_messages;       // 2 per row: reason_zh, reason_en
  std::vector<MessageSpan> alert_messages;     // 2 per alert: zh, en
  std::vector<int32_t> regime_changes;         // days an eligibility row starts or stops, sorted
  std::vector<CustomSlot> entity_custom, record_custom;  // custom columns by scope
  uint8_t num_entity_custom = 0, num_record_custom = 0;  // Population row widths
  // Whether the outcome of an entity without records is a function of its kind, status,
  // flags and annual-report facts alone (the entity-alert decision tests nothing else that
  // varies between such entities): then it is memoised on them (RecordlessKey, evaluate.h).
  bool recordless_memo = false;
};

// The facts a blocked-record simulation that does not copy the entity can change
// (evaluate.h, ScratchAccess::Simulated): the record's fulfilment and correction
// (SetDoneSlots), and — when filing the reports due or becoming reachable is simulated
// (ApplyEntityEffects) — those of the entity's own columns that this changes
// (FillEntityFieldSlots). Every other fact keeps the record's own value.
inline constexpr Fact kSimDoneFacts[] = {Fact::kObligationsFulfilled, Fact::kCorrected,
                                         Fact::kSinceFulfilled, Fact::kSinceCorrected};
inline constexpr Fact kSimFieldFacts[] = {Fact::kUnreachable, Fact::kMissedReports,
                                          Fact::kReportPending};

// The facts an entity without records can differ in that the record-less memo keys on, plus
// the ones that are the same for all of them on one date.
inline bool RecordlessKeyFact(Fact f) {
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

// The message fields, in MessageField order (outcome_text.h).
inline constexpr std::string_view kMessageFields[] = {
    "{eligible_from}", "{expires_on}", "{department}", "{platform}",
    "{channel}",       "{authority}",  "{rule_id}"};

inline MessageSpan SplitMessage(TableData& d, uint32_t str) {
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
inline bool UnrepairedPlatformValue(Fact f, int p, int shown, int64_t* v) {
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
inline void DeriveUnrepairedOwn(TableData& d) {
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
          uint32_t k;
          if (ix.direct) {
            k = (v >= 0 && v < static_cast<int64_t>(ix.domain_size)) ? static_cast<uint32_t>(v)
                                                                    : ix.domain_size;
          } else {
            k = ix.bp_count + 1;  // null
          }
          const size_t m = static_cast<size_t>(ix.mask_begin) + k;
          rows &= m < d.masks.size() ? d.masks[m] : 0;
        }
        d.unrepaired_own.push_back(rows);
      }
    }
  }
}

// Where a record × platform's settled row is (PartSplit::settled): by platform p, shown flag and
// repaired flag (repaired on p on or before the evaluation date), as FillPlatformSlots fills them.
inline constexpr int kSettledPerPlatform = 4;
inline int SettledKey(int p, int shown, int repaired) {
  return p * kSettledPerPlatform + shown * 2 + repaired;
}

// The facts a settled row is chosen by (DeriveSettledRows): direct indexes over them are the
// ones whose values the key gives.
inline bool SettledKeyFact(Fact f) {
  return f == Fact::kPlatform || f == Fact::kShown || f == Fact::kRepaired;
}

// The value a fact is known to have for a record × platform settled by its platform p, shown
// flag and repaired flag with an eligibility row of status `status` and no dates
// (DeriveSettledRows): as FillPlatformSlots and FillDerivedSlots fill it; false for every other
// fact.
inline bool SettledValue(Fact f, int p, int shown, int repaired, int status, int64_t* v) {
  switch (f) {
    case Fact::kPlatform: *v = p; return true;
    case Fact::kShown: *v = shown; return true;
    case Fact::kRepaired: *v = repaired; return true;
    case Fact::kStatus: *v = status; return true;
    case Fact::kUntilEligible: case Fact::kUntilExpiry: *v = kNull; return true;
    default: return false;
  }
}

// The mask index an index gives a known value (MaskIndex without the date's breakpoints):
// false when it depends on them (a range index over a value that is not null).
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

// Whether no row of decision `dec` can match a record × platform whose facts of SettledValue
// are (p, shown, repaired, status, no dates), whatever its other facts: in every partition the
// keys can select with those values, the indexes reading them leave no row.
inline bool DecisionSilent(const TableData& d, int dec, int p, int shown, int repaired,
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

// PartSplit::settled and settled_rows (needs the key reads): for every one-word eligibility
// partition (of a decision whose keys are the same for all platforms) and every platform,
// shown flag and repaired flag (SettledKey), the row that decides each of its record ×
// platforms with those values whatever their other facts and on every date — kNoRow when there
// is none. Such a row R is the lowest row the partition's indexes over those three facts accept
// for the key, it is accepted by every mask of every other index (so it matches, and no row
// before it can), it neither blocks nor is eligible (no simulation, no forecast), it has no
// date expressions, and with its status no materials or record-alert row can match. Then the
// whole outcome is the row's (evaluate.h): in Gongshu "not shown on this platform" (VIS-01) and
// "repaired on this platform" (VIS-02) — 42% of the default district's record × platform
// decisions, 57% of the dense one's.
inline void DeriveSettledRows(TableData& d) {
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

// Fills the derived members: which slots some index reads, and every message template split
// at its fields. Called by the compiler and the blob reader.
inline void DeriveTableCaches(TableData& d) {
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
}

}  // namespace internal
}  // namespace xiufu

#endif  // XIUFU_RUNTIME_DETAIL_TABLE_DATA_H_
