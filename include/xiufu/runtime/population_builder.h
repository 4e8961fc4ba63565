// xiufu::PopulationBuilder — the one way into the engine. Every input path (the CSV reader,
// the pandas/numpy path of the Python package, a host service filling structs) hands named
// fields to this builder, which validates them and appends the accepted rows to a Population
// bound to one table's input dictionary. So all paths accept and reject exactly the same
// inputs, with the same Diagnostic (code, row, column, field, value, message).
//
// A field is given as a typed value (a Date, a dense id, a number), as text (parsed here: the
// library's only parser of input values — dates YYYY-MM-DD or YYYY/M/D, codes, numbers,
// true/false, `shown_on` as codes joined by '|', `repaired_on` as platform:date joined by '|'),
// or not at all. Empty text counts as absent.
//
//   PopulationBuilder b(dictionary);
//   b.AddEntity({.uscc = "91330105MA2XXXXXX1", .status = "active",
//                .registration_date = Date{...}, .unreachable = false});
//   b.AddRecord({.record_id = "R1", .uscc = "91330105MA2XXXXXX1", .department = "samr", …});
//   PopulationBuild built = std::move(b).Finish();
//
// Adapters that hold whole columns (a dataframe) give them as EntityColumns / RecordColumns to
// AddEntities / AddRecords: the same rules and diagnostics as row by row, with each distinct
// value of a dictionary-encoded column judged once and the rows that pass checked on several
// threads.
//
// Rules (the same for every adapter):
//   - a rejected row is counted and yields one Diagnostic; nothing is dropped silently;
//   - a code may be given as its Chinese label in the pack (存续 for `active`); an unknown code's
//     message lists the valid codes with their labels (the first ten and how many);
//   - a USCC or record id in Excel's text-formula form ="…" (how xiufu writes identifiers Excel
//     would turn into numbers) is read as the text inside; a USCC in Excel's scientific form
//     (9.23301E+17) is rejected with a message saying Excel converted it;
//   - accepted records with dates that are valid but implausible together get warnings (not
//     rejections): publication before decision, fulfilment before decision, the entity
//     registered after the decision, and — when BuildOptions::as_of is set — a decision after
//     the evaluation date on a record shown somewhere. Each is a Severity::kWarning
//     Diagnostic in PopulationBuild::warnings, counted, and a bit in
//     Population::record_warnings (kWarn*);
//   - a USCC with a wrong check character is kept (flagged invalid: the uscc_invalid alert);
//     one with a bad length or character is rejected;
//   - a duplicate USCC or record id is rejected (the first one stays);
//   - a record's entity must have been added before it; records of an unknown or rejected
//     entity are rejected; records are grouped by entity in the order they were added.
//
// Typed values are checked like text: a Date must lie in 1900-01-01..2199-12-31 (Date{kNoDay}
// counts as absent), a dense id must be one of the dictionary's, last_report_year 1900-2199,
// fine_yuan 0..2^53, a shown_on mask only has bits of the dictionary's platforms, and a
// repaired_on span has exactly one entry per platform. Text is trimmed of spaces and tabs
// (except `name`, kept verbatim).
//
// Not thread-safe (one builder per thread); the result is plain data.
#ifndef XIUFU_RUNTIME_POPULATION_BUILDER_H_
#define XIUFU_RUNTIME_POPULATION_BUILDER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/types/span.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/population.h"

namespace xiufu {

// One input field: absent, a typed value, or text for the library to parse.
template <typename T>
struct Input {
  enum class Kind : uint8_t { kAbsent, kValue, kText };
  Kind kind = Kind::kAbsent;
  T value{};
  std::string_view text;

  Input() = default;
  Input(T v) : kind(Kind::kValue), value(v) {}                       // NOLINT: implicit
  // Other integers for an integer field (`.fine_yuan = 0`), containers for a span field
  // (`.repaired_on = dates_vector`).
  template <typename U,
            std::enable_if_t<!std::is_same_v<U, T> &&
                                 ((std::is_integral_v<T> && std::is_integral_v<U>) ||
                                  (!std::is_arithmetic_v<T> && !std::is_arithmetic_v<U> &&
                                   !std::is_convertible_v<const U&, std::string_view> &&
                                   std::is_constructible_v<T, const U&>)),
                             int> = 0>
  Input(const U& v) : kind(Kind::kValue), value(static_cast<T>(v)) {}  // NOLINT: implicit
  Input(std::string_view t) : kind(t.empty() ? Kind::kAbsent : Kind::kText), text(t) {}  // NOLINT
  Input(const std::string& t) : Input(std::string_view(t)) {}       // NOLINT
  Input(const char* t) : Input(t ? std::string_view(t) : std::string_view()) {}  // NOLINT
  bool absent() const { return kind == Kind::kAbsent; }
  bool is_value() const { return kind == Kind::kValue; }
};

// An enum field: the pack's code ("samr") or the dense id of the table's dictionary.
using CodeInput = Input<int>;

// The columns of entities.csv, in this order (also the field numbers of diagnostics). Every
// field defaults to absent, so designated initializers may leave any out.
struct EntityInput {
  std::string_view uscc{};              // required: 18 characters, GB 32100
  std::string_view name{};              // free text
  CodeInput status{};                   // required: entity_status code
  Input<Date> registration_date{};      // absent = unknown
  Input<int64_t> last_report_year{};    // year the last filed annual report covers; absent = never
  Input<bool> unreachable{};            // required
  // The pack's entity-scope custom columns, by ordinal (Dictionary::Column); missing or absent
  // ones take the column's default. Text is parsed by the column's type (an enum code or its
  // Chinese label, true/false/1/0, a whole number, a date); a value is the dense id, 0/1, the
  // number or Date::days.
  absl::Span<const Input<int64_t>> custom{};
};

// The columns of records.csv, in this order.
struct RecordInput {
  std::string_view record_id{};         // required, unique
  std::string_view uscc{};              // required: an entity added before
  CodeInput department{}, record_kind{}, severity{}, penalty{}, procedure{}, sector{};  // required
  Input<Date> decision_date{}, publication_date{};  // absent = unknown
  Input<int64_t> fine_yuan{};           // whole yuan >= 0; absent = 0
  Input<Date> fulfilled_date{}, corrected_date{};  // absent = not (yet)
  Input<uint32_t> shown_on{};           // bit p = shown on platform p; text "a|b"; absent = none
  Input<absl::Span<const Date>> repaired_on{};  // one per platform (kNoDay = not repaired); text
                                              // "platform:YYYY-MM-DD|…"; absent = none
  absl::Span<const Input<int64_t>> custom{};  // record-scope custom columns (as for entities)
};

// ---- Columnar input (PopulationBuilder::AddEntities / AddRecords) ----
//
// The same fields for many rows at once, as columns (what a dataframe adapter holds). Each
// column gives row i's field in one of three forms; a column with none of them is absent in
// every row:
//   values (+ absent)     a typed value per row; absent[i] != 0 makes row i absent (an empty
//                         `absent` marks none);
//   codes + categories    dictionary-encoded (a pandas Categorical): row i is
//                         categories[codes[i]], a negative code is absent;
//   inputs                any Input per row (text for the builder to parse, typed, absent).
// The rows are judged exactly as AddEntity / AddRecord judge them (see AddEntities).
template <typename T>
struct ColumnInput {
  absl::Span<const T> values;
  absl::Span<const uint8_t> absent;
  absl::Span<const int32_t> codes;
  absl::Span<const Input<T>> categories;
  absl::Span<const Input<T>> inputs;

  [[gnu::always_inline]] Input<T> At(size_t i) const {  // per row in the builder's loops
    if (!values.empty()) return i < absent.size() && absent[i] ? Input<T>() : Input<T>(values[i]);
    if (!codes.empty()) return codes[i] < 0 ? Input<T>() : categories[static_cast<size_t>(codes[i])];
    if (!inputs.empty()) return inputs[i];
    return Input<T>();
  }
};

// A text field (USCC, name, record id) of many rows: a view per row; or the rows' bytes one
// after the other, row i being chars[offsets[i], offsets[i + 1]) (Arrow's string layout, so the
// builder reads them in one sequential sweep); or dictionary-encoded as above. Empty text =
// absent. No column = absent in every row.
struct TextColumn {
  absl::Span<const std::string_view> values;
  absl::Span<const char> chars;
  absl::Span<const int64_t> offsets;  // rows + 1 entries with `chars`
  absl::Span<const int32_t> codes;
  absl::Span<const std::string_view> categories;

  [[gnu::always_inline]] std::string_view At(size_t i) const {
    if (!offsets.empty()) {
      return std::string_view(chars.data() + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
    }
    if (!values.empty()) return values[i];
    if (!codes.empty()) return codes[i] < 0 ? std::string_view() : categories[static_cast<size_t>(codes[i])];
    return {};
  }
};

// EntityInput / RecordInput as columns of `rows` rows. Every given column has `rows` entries
// (codes: `rows` codes); `custom` has one column per custom column of the scope, by ordinal
// (missing ones are absent).
struct EntityColumns {
  size_t rows = 0;
  TextColumn uscc, name;
  ColumnInput<int> status;
  ColumnInput<Date> registration_date;
  ColumnInput<int64_t> last_report_year;
  ColumnInput<bool> unreachable;
  absl::Span<const ColumnInput<int64_t>> custom;
};

struct RecordColumns {
  size_t rows = 0;
  TextColumn record_id, uscc;
  ColumnInput<int> department, record_kind, severity, penalty, procedure, sector;
  ColumnInput<Date> decision_date, publication_date;
  ColumnInput<int64_t> fine_yuan;
  ColumnInput<Date> fulfilled_date, corrected_date;
  ColumnInput<uint32_t> shown_on;
  ColumnInput<absl::Span<const Date>> repaired_on;
  absl::Span<const ColumnInput<int64_t>> custom;
};

// The CSV column headers (= the field names of the structs above), in order.
inline constexpr std::array<std::string_view, 6> kEntityColumns = {
    "uscc", "name", "status", "registration_date", "last_report_year", "unreachable"};
inline constexpr std::array<std::string_view, 15> kRecordColumns = {
    "record_id",        "uscc",       "department",     "record_kind",    "severity",
    "penalty",          "procedure",  "sector",         "decision_date",  "publication_date",
    "fine_yuan",        "fulfilled_date", "corrected_date", "shown_on",   "repaired_on"};

// Where a row came from, for its diagnostics: the source's name ("entities.csv", "records"),
// the row's line (CSV) or 0-based position (frames), optionally the 1-based column of each
// field (custom columns are fields 6 + ordinal of an entity row, 15 + ordinal of a record
// row; default: field number + 1) and the line each field starts on (default: `line`; a
// quoted CSV field can span lines). Spans are indexed by field number and may be shorter.
struct InputRow {
  std::string_view source;
  int line = 0;
  absl::Span<const int> columns = {};
  absl::Span<const int> lines = {};
};

struct BuildOptions {
  size_t max_diagnostics = 100;  // diagnostics kept; rejected rows past the cap are still counted
  bool keep_text = true;         // copy names and record ids (explain and outputs need them);
                                 // false leaves them empty (ids are still checked for duplicates)
  // What record diagnostics call the entity input ("USCC is not in entities.csv"); empty = the
  // `source` of the entity rows (or "the entities" when none was offered).
  std::string entity_source;
  // The evaluation date, for the "decided after the evaluation date" warning; kNoDay = no check.
  Date as_of = Date{kNoDay};
};

// The population plus everything that was rejected on the way.
struct PopulationBuild {
  Population population;
  std::vector<Diagnostic> diagnostics;  // one per rejected row, in input order, capped
  size_t dropped_diagnostics = 0;       // rejected rows past the cap
  size_t entity_rows = 0;               // rows offered
  size_t record_rows = 0;
  size_t rejected_entities = 0;
  size_t rejected_records = 0;
  size_t invalid_uscc = 0;              // kept entities whose USCC check character is wrong
  // Plausibility warnings of accepted records (Severity::kWarning, in input order, capped like
  // the diagnostics), how many there were by kWarn* bit, and how many records have any.
  std::vector<Diagnostic> warnings;
  size_t dropped_warnings = 0;
  std::array<size_t, kNumRecordWarnings> warning_counts{};
  size_t warned_records = 0;
  // Input position of each accepted record, in population order (index into the offered
  // record rows — AddRecord and RejectRecordRow calls — 0-based), so outputs can point back at
  // the input.
  ReusableVector<uint32_t> record_row;
  // Notes (Severity::kNote): one per declared custom column an input lacks (NoteMissingColumn).
  std::vector<Diagnostic> notices;
  size_t rejected() const { return rejected_entities + rejected_records; }
  size_t rows() const { return entity_rows + record_rows; }  // = evaluated + rejected
  size_t warning_total() const {
    size_t n = 0;
    for (size_t c : warning_counts) n += c;
    return n;
  }
};

class PopulationBuilder {
 public:
  // `dict` must outlive the builder (it is not copied); a temporary does not compile.
  explicit PopulationBuilder(const Dictionary& dict, BuildOptions options = {});
  explicit PopulationBuilder(Dictionary&&, BuildOptions = {}) = delete;
  ~PopulationBuilder();
  PopulationBuilder(PopulationBuilder&&) noexcept;
  PopulationBuilder& operator=(PopulationBuilder&&) noexcept;

  // Room for about this many rows; `name_bytes`: for the entities' names, where an upper bound
  // (the entity file's size) costs only address space — the name column touches what it fills.
  void Reserve(size_t entities, size_t records, size_t name_bytes = 0);
  // Each returns true when the row was accepted, false when it was rejected (and reported).
  bool AddEntity(const EntityInput& in, const InputRow& where = {});
  bool AddRecord(const RecordInput& in, const InputRow& where = {});
  // Columnar forms: exactly what calling AddEntity / AddRecord for rows 0..rows-1 in order
  // would do (the same population, diagnostics, warnings and counts), faster. Row i is placed
  // at line `where.line + i` (`where.lines` is not used). A dictionary-encoded column's
  // categories are each judged once; rows whose fields all pass are checked on up to
  // `threads` threads (<= 0: all cores; the result does not depend on it) and go in without
  // being rebuilt as an EntityInput / RecordInput; any other row goes through AddEntity /
  // AddRecord itself. `accepted`, when not empty (size rows), gets 1 for each accepted row and
  // 0 for each rejected one. Return the number of rows accepted.
  size_t AddEntities(const EntityColumns& rows, const InputRow& where = {}, int threads = 1,
                     absl::Span<uint8_t> accepted = {});
  size_t AddRecords(const RecordColumns& rows, const InputRow& where = {}, int threads = 1,
                    absl::Span<uint8_t> accepted = {});
  // Reports a row the adapter could not even split into fields (CSV syntax, wrong field
  // count): counted as a rejected entity / record row with this diagnostic.
  void RejectEntityRow(Diagnostic d);
  void RejectRecordRow(Diagnostic d);
  // Says once that input `source` has no column for a declared custom column (by scope and
  // ordinal): every row takes the default. A note in PopulationBuild::notices.
  void NoteMissingColumn(FactScope scope, int ordinal, std::string_view source);

  const Dictionary& dictionary() const;
  // Closes the population (groups records by entity) and returns it with the diagnostics.
  PopulationBuild Finish() &&;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// DictionaryFingerprint(dict) (xiufu/runtime/dictionary.h): the builder stamps it on the
// Population (Population::dictionary_fingerprint), and EvaluateBatch refuses a table whose
// InputFingerprint differs.

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_POPULATION_BUILDER_H_
