// xiufu::Pack — a rule pack as authored and parsed: manifest, enum domains, materials, alerts,
// holidays and the decision tables with every cell parsed into a normalized unary test. This is
// the editable, inspectable form; `Compile` (decision_table.h) turns it into the flat table.
// The reference interpreter (oracle.h) and lint (lint.h) work on this form too.
//
// Plain value types; immutable once loaded, so safe to share for reading.
#ifndef XIUFU_PACK_H_
#define XIUFU_PACK_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "xiufu/runtime/custom_column.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/facts.h"
#include "xiufu/runtime/rule_types.h"

namespace xiufu {



struct EnumValue {
  std::string code;  // stable ASCII id used in CSV cells and input data
  std::string zh;
  std::string en;
};

struct EnumDomain {
  std::string name;  // "department", "platform", …; "status" and "entity_kind" are built in
  std::vector<EnumValue> values;
  int IndexOf(std::string_view code) const;  // -1 when absent
};


// A parsed unary test. `-` → kAny. Enum and bool facts → kEnumSet (bool: bit 0 false, bit 1
// true). Number, date and elapsed facts → kRanges (a sorted, disjoint union). `null_ok` says
// whether a missing value matches. Negation is folded in at parse time.
struct CellTest {
  using Kind = CellKind;
  Kind kind = Kind::kAny;
  bool null_ok = true;
  int slot = -1;                // xiufu::SlotOf(fact, unit); -1 for kAny
  uint64_t enum_mask = 0;
  std::vector<Range> ranges;
  std::string text;             // the cell as written (with `$parameter` names)
  std::string resolved;         // the text parsed after parameters were substituted ("" = none)
  SourceLoc loc;

  bool Matches(int64_t value) const;  // the reference semantics (used by the oracle)
};

// An output date: max(base1 + dur1, base2 + dur2) with Civil-Code period ends (calendar.h).
// base2 == kNone for the single-term form; base1 == kNone means "no date".
struct DateExpr {
  DateBase base1 = DateBase::kNone;
  Duration dur1;
  bool has_dur1 = false;
  DateBase base2 = DateBase::kNone;
  Duration dur2;
  bool has_dur2 = false;
  std::string text;      // as written (with `$parameter` names)
  SourceLoc loc;         // the cell (table outputs)
  bool empty() const { return base1 == DateBase::kNone; }
};


// Output columns a table may carry (by decision):
//   eligibility:   status, eligible_from, expires_on, channel, authority, reason_zh, reason_en
//   materials:     materials
//   record_alerts: alerts
//   entity_alerts: alerts
struct RowOutputs {
  RepairStatus status = RepairStatus::kNotShown;
  DateExpr eligible_from;
  DateExpr expires_on;
  int channel = -1;     // platform id where the repair is applied for; -1 = not set
  int authority = -1;   // department id that decides; -1 = the record's own department
  std::string reason_zh;  // message templates: {eligible_from} {expires_on} {department}
  std::string reason_en;  //   {platform} {channel} {authority} {rule_id}
  Bits128 materials;    // raw material ids (index into Pack::materials)
  uint64_t alerts = 0;  // alert ids (index into Pack::alerts)
  uint32_t actions = 0; // eligibility, status blocked: action ids (index into Pack::actions)
};

// A row whose cells use `$parameters` is one Row per period in which those parameters keep
// their values (consecutive Rows with the same rule_id, each with its cells parsed for that
// period and effective_from/effective_to narrowed to it); `authored_*` keep the row's own dates.
struct Row {
  std::string rule_id;          // stable, unique within the pack (per CSV row)
  std::vector<CellTest> cells;  // one per input column of the table, same order
  Date effective_from{kNoDay};  // kNoDay = open
  Date effective_to{kNoDay};    // inclusive; kNoDay = open
  Date authored_from{kNoDay};   // effective_from / effective_to as written in the table
  Date authored_to{kNoDay};
  uint32_t parameters = 0;      // bit i: a cell uses Pack::parameters[i]
  std::string source;           // legal basis
  RowOutputs out;
  SourceLoc loc;                // file and line of the row
};

struct InputColumn {
  Fact fact;
  std::string header;
  int csv_column;  // 1-based
};

struct Table {
  std::string name;
  std::string file;        // relative to the pack directory
  Decision decision;
  bool complete = false;   // lint reports input combinations no row covers
  std::string description;
  std::vector<InputColumn> inputs;
  std::vector<std::string> output_headers;  // in CSV order
  std::vector<Row> rows;
  int header_line = 0;     // line of the CSV header (diagnostics about the whole table)
};

struct Material {
  std::string code;
  std::string zh;
  std::string en;
  bool canonical = false;    // one of the canonical documents the one-stop service asks for
  std::string requested_by;  // free text: departments / platforms that ask for it
  std::string source;
  SourceLoc loc;             // its row in materials.csv
};

// raw material → canonical material, effective-dated. A raw material with no mapping in force
// is not asked for at all (e.g. identity papers fetched by USCC under 22号).
struct MaterialMapping {
  int raw = -1;
  int canonical = -1;
  Date effective_from{kNoDay};
  Date effective_to{kNoDay};
  std::string source;
  SourceLoc loc;
};

struct AlertDef {
  std::string code;
  std::string severity;  // "info" | "warning" | "critical"
  bool entity_scope = false;
  DateExpr due;
  std::string zh;        // message template, same placeholders as reasons
  std::string en;
  std::string source;
  SourceLoc loc;         // its row in alerts.csv
};


// An unblocking action (actions.csv): what a company must do before a blocked record can be
// repaired, with the effect the engine simulates to say from when it could then apply.
struct ActionDef {
  std::string code;
  ActionEffect effect = ActionEffect::kNone;
  std::string zh;
  std::string en;
  std::string source;
  SourceLoc loc;
};

// A named, typed, effective-dated value (manifest `[parameter NAME]`) that table cells use as
// `$NAME` (`<= $low_fine_org`, `decision_date + $blacklist_min`): the text of the value in force
// is put in its place before the cell is parsed, so it means what the literal would.
enum class ParamType : uint8_t { kNumber, kDuration, kDate, kBool, kEnum };
inline constexpr size_t kMaxParameters = 32;  // Row::parameters is one bit per parameter
std::string_view ParamTypeName(ParamType t);  // "number", "duration", "date", "bool", "enum"

struct Parameter {
  struct Value {
    Date from{kNoDay};  // first day in force; kNoDay = from the beginning (the first value)
    std::string text;   // the literal ("50000", "6m", "2026-04-01", "true", a code)
    SourceLoc loc;
  };
  std::string name;
  ParamType type = ParamType::kNumber;
  std::string domain;         // kEnum: the enums.csv domain of the code
  std::vector<Value> values;  // sorted by `from`; values[0].from == kNoDay
  std::string zh, en, source;
  SourceLoc loc;              // its [parameter NAME] section
  const Value& At(Date d) const;  // the value in force on d (kNoDay: the first)
};

struct DecisionSpec {
  HitPolicy policy = HitPolicy::kFirst;
  std::vector<RepairStatus> priority;  // PRIORITY: status order, highest first
};

struct Pack {
  std::string dir;
  std::string name;
  std::string version;
  std::string zh;
  std::string en;
  uint64_t hash = 0;  // FNV-1a over every file's bytes, in manifest order
  std::vector<EnumDomain> domains;
  std::vector<Material> materials;
  std::vector<MaterialMapping> material_map;
  std::vector<AlertDef> alerts;
  std::vector<ActionDef> actions;
  std::vector<Date> holidays;
  std::vector<Date> workdays;
  ContextConfig context;
  std::array<DecisionSpec, kNumDecisions> decisions;
  std::vector<Parameter> parameters;  // manifest [parameter NAME] sections, in order
  std::vector<CustomColumn> columns;  // manifest [column NAME] sections, in order
  std::vector<Table> tables;  // in manifest order: the FIRST order across tables

  const EnumDomain* Domain(std::string_view name) const;
  const Parameter* FindParameter(std::string_view name) const;
  // The facts tables may test: the built-in ones and `columns` (views into this pack).
  FactVocabulary Facts() const { return FactVocabulary(columns); }
};

// The result of loading: the pack (possibly partial) plus every problem found.
struct LoadResult {
  Pack pack;
  std::vector<Diagnostic> diagnostics;
  size_t error_count = 0;
  size_t dropped = 0;  // diagnostics past the cap
  bool ok() const { return error_count == 0; }
};

// Reads PACK_DIR/manifest.ini and the files it names. Never stops at the first problem.
// Non-OK status only for I/O failure on the manifest itself.
absl::StatusOr<LoadResult> LoadPack(std::string_view dir, size_t max_diagnostics = 100);

// A pack held in memory: file contents by path relative to the pack directory
// ("manifest.ini", "enums.csv", "tables/base.csv", …).
using PackFiles = std::map<std::string, std::string, std::less<>>;

// The same load from memory (LoadPack is this over the files on disk: one parser, the same
// diagnostics and hash); a file the manifest names but `files` lacks is a missing file.
// Pack::dir is empty. Non-OK status (NotFound) only when `files` has no manifest.ini.
absl::StatusOr<LoadResult> LoadPackFromFiles(const PackFiles& files,
                                             size_t max_diagnostics = 100);

}  // namespace xiufu

#endif  // XIUFU_PACK_H_
