// xiufu::DecisionTable — the compiled, flat form of a rule pack: every table of every decision
// merged into one row array per decision, and for every fact slot a column index (sorted
// breakpoints for ranges, direct dense ids for enums) mapping a value to a bitset of the rows
// whose cell accepts it. Evaluating a decision is: start from all rows, AND in one bitset per
// tested slot, then take the lowest set bit (FIRST / PRIORITY / UNIQUE) or OR together the
// outputs of all set bits (COLLECT). Effective dates are the pseudo-slot `as_of`, indexed like
// any other column. PRIORITY is compiled to FIRST by ordering rows by output priority.
//
// Everything lives in a handful of contiguous vectors of trivially copyable structs plus one
// string pool, so it serializes to one blob (serialize.h). Immutable after Compile; a
// DecisionTable is a cheap handle to shared const data: copy it freely and share it across
// threads. Mutable evaluation state lives in xiufu::Scratch (evaluate.h).
#ifndef XIUFU_DECISION_TABLE_H_
#define XIUFU_DECISION_TABLE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "xiufu/calendar.h"
#include "xiufu/pack.h"

namespace xiufu {

inline constexpr uint32_t kNoRow = 0xFFFFFFFFu;

struct StringPool {
  std::string chars;
  std::vector<uint32_t> offsets{0};  // string i = chars[offsets[i], offsets[i + 1])
  uint32_t Add(std::string_view s);
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
  uint8_t status;         // Status
  int8_t channel;
  int8_t authority;
  uint8_t pad = 0;
  CompiledDateExpr eligible_from;
  CompiledDateExpr expires_on;
  uint32_t pad2 = 0;
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

inline constexpr uint16_t kNoKey = 0xFFFF;

// A decision's rows are partitioned by up to two enum "key" slots (chosen by the compiler to
// minimise rows per partition, e.g. platform × record_kind): the key values index a partition
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
struct CompiledTableInfo {
  uint32_t name, file;
  uint8_t decision;
  uint8_t pad[3] = {0, 0, 0};
};

struct TableData {
  uint64_t pack_hash = 0;
  uint32_t pack_name = 0, pack_version = 0, pack_zh = 0, pack_en = 0;
  StringPool strings;
  std::vector<CompiledDomain> domains;
  std::vector<CompiledDomainValue> domain_values;
  std::array<int32_t, kNumFacts> fact_domain{};  // domain index per enum fact, else -1
  std::vector<CompiledMaterial> materials;
  std::vector<CompiledMapping> material_map;
  std::vector<CompiledAlert> alerts;
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
  // Derived when the table is built or loaded (not stored): which slots some index reads.
  std::array<uint8_t, kNumSlots> slot_used{};
};

class DecisionTable {
 public:
  DecisionTable() = default;
  explicit DecisionTable(std::shared_ptr<const TableData> data) : data_(std::move(data)) {}

  bool valid() const { return data_ != nullptr; }
  const TableData& data() const { return *data_; }
  std::string_view Str(uint32_t id) const { return data_->strings.Get(id); }

  // Domain lookups (not for the hot path).
  int DomainIndex(std::string_view name) const;               // -1 when absent
  int ValueIndex(int domain, std::string_view code) const;    // -1 when absent
  int DomainSize(int domain) const;
  std::string_view ValueCode(int domain, int value) const;
  std::string_view ValueZh(int domain, int value) const;
  std::string_view ValueEn(int domain, int value) const;
  int NumPlatforms() const;  // size of the "platform" domain

 private:
  std::shared_ptr<const TableData> data_;
};

// Compiles a loaded pack. Fails (InvalidArgument, listing the first problems) if the pack has
// load errors; lint warnings do not stop compilation.
absl::StatusOr<DecisionTable> Compile(const Pack& pack);

}  // namespace xiufu

#endif  // XIUFU_DECISION_TABLE_H_
