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
#include <utility>
#include <vector>

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
  // src/runtime/settled_rows.h); kNoSettled when the partition has none.
  uint32_t settled = kNoSettled;
  static constexpr uint32_t kNoSettled = 0xFFFFFFFFu;
  // Eligibility, materials and record-alert partitions: which platforms the partition's rows
  // cannot tell apart, 4 bits per platform (PlatformClass; src/runtime/platform_classes.h).
  uint32_t platform_class = kDistinctPlatforms;
  static constexpr uint32_t kDistinctPlatforms = 0x76543210u;  // each platform its own class
  // Eligibility partitions with unrepaired rows: where the list of the indexes over facts a
  // record keeps on every date and in every simulation starts (TableData::stable_indexes
  // [stable_indexes]: their count, then the indexes); kNoStableIndexes for other partitions. A
  // record with no repair date then is decided alike on two platforms whose unrepaired rows
  // agree on every row those indexes leave it (src/runtime/platform_classes.h).
  uint32_t stable_indexes = kNoStableIndexes;
  static constexpr uint32_t kNoStableIndexes = 0xFFFFFFFFu;
};

// Platform p's class in PartSplit::platform_class: the lowest platform alike to it.
inline uint32_t PlatformClass(uint32_t classes, int p) { return (classes >> (4 * p)) & 15u; }
// Marks the evaluation-date index in TableData::stable_indexes (its rows count from the
// evaluation date on: a forecast decides later days).
inline constexpr uint32_t kAsOfIndexMark = 1u << 31;

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
  std::vector<uint32_t> stable_indexes;        // PartSplit::stable_indexes: count, indexes
  std::array<KeyRead, kNumDecisions> key_reads{};  // per decision: its keys, as read
  // material_map indexes grouped by raw material: map_of_raw[map_by_raw[m], map_by_raw[m + 1])
  std::vector<uint32_t> map_by_raw, map_of_raw;
  std::vector<MessagePart> message_parts;      // every message template, split once
  std::vector<MessageSpan> row_messages;       // 2 per row: reason_zh, reason_en
  std::vector<MessageSpan> alert_messages;     // 2 per alert: zh, en
  std::vector<int32_t> regime_changes;         // days an eligibility row starts or stops, sorted
  // The breakpoints of the indexes on elapsed slots, which a date plan turns into start dates
  // (date_plan.h): each distinct period (unit, amount) once, and each such breakpoint's
  // position in `breakpoints` with its period.
  struct ElapsedPeriod {
    DurationUnit unit;
    int64_t amount;
  };
  std::vector<ElapsedPeriod> elapsed_periods;
  std::vector<std::pair<uint32_t, uint32_t>> elapsed_breakpoints;  // (position, period)
  std::vector<CustomSlot> entity_custom, record_custom;  // custom columns by scope
  uint8_t num_entity_custom = 0, num_record_custom = 0;  // Population row widths
  // Whether the outcome of an entity without records is a function of its kind, status,
  // flags and annual-report facts alone (the entity-alert decision tests nothing else that
  // varies between such entities): then it is memoised on them (RecordlessKey, evaluate.h).
  bool recordless_memo = false;
  // Whether the eligibility decision's keys are record codes (FillRecordCodeSlots) or none: then
  // a record's partition, and whether every platform of it is settled, is known before its
  // other facts are computed (evaluate.h).
  bool codes_key_eligibility = false;
  // Whether the record-alert decision reads the same keys as the materials decision (Gongshu:
  // status × record kind): then a record × platform's two partitions share one key reading
  // (evaluate.h).
  bool alert_keys_like_materials = false;
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

// The message fields, in MessageField order (outcome_text.h).
inline constexpr std::string_view kMessageFields[] = {
    "{eligible_from}", "{expires_on}", "{department}", "{platform}",
    "{channel}",       "{authority}",  "{rule_id}"};

// Where a record × platform's settled row is (PartSplit::settled): by platform p, shown flag and
// repaired flag (repaired on p on or before the evaluation date), as FillPlatformSlots fills them.
inline constexpr int kSettledPerPlatform = 4;
inline int SettledKey(int p, int shown, int repaired) {
  return p * kSettledPerPlatform + shown * 2 + repaired;
}

// Fills the derived members (TableData's "derived when the table is built or loaded"): which
// slots some index reads, every message template split at its fields, the regime changes, the
// custom columns' slots, the key reads, the partitions' splits with their unrepaired and settled
// rows and platform classes, the material map by raw material, the simulation's slots, whether
// the record-less memo applies, whether record codes key the eligibility decision and whether
// the record alerts are keyed like the materials, and the elapsed periods. Called by
// the compiler and the blob reader (src/runtime/table_caches.cc).
void DeriveTableCaches(TableData& d);

}  // namespace internal
}  // namespace xiufu

#endif  // XIUFU_RUNTIME_DETAIL_TABLE_DATA_H_
