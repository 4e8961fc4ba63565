// xiufu::PopulationBuilder — validation and parsing of every input field (see the header for
// the rules). Tested by tests/population_builder_test.cc and, through the CSV adapter, by
// tests/population_io_test.cc.
#include "xiufu/runtime/population_builder.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "base/str_util.h"
#include "runtime/text_arena.h"
#include "runtime/uscc_index.h"
#include "xiufu/runtime/parallel_for.h"
#include "xiufu/runtime/reusable_memory.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu {
namespace {

using internal::kRejected;
using internal::UsccHash;
using internal::UsccIndex;

// Spaces and tabs only (a CSV cell's padding); other bytes are the value's.
inline std::string_view TrimBlanks(std::string_view s) {
  if (s.empty() || ((s.front() != ' ' && s.front() != '\t') && (s.back() != ' ' && s.back() != '\t'))) {
    return s;  // the usual case, kept inline
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {  // `b` is lower case
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? a[i] + 32 : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// An identifier written as Excel's text formula ="…" (how xiufu's CSV writers keep digit-only
// identifiers as text in Excel): the text inside; anything else unchanged.
std::string_view ExcelText(std::string_view s) {
  if (s.size() >= 3 && s[0] == '=' && s[1] == '"' && s.back() == '"') {
    return s.substr(2, s.size() - 3);
  }
  return s;
}

// True for Excel's scientific display of a number: 9.23301E+17, 9E+17, 9.2e17.
bool ExcelScientific(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i >= s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  return digits() && i == s.size();
}

// The character starting at byte i, for a message: a whole UTF-8 sequence when the byte
// starts one (messages stay valid UTF-8), else the byte as \xHH.
std::string CharAt(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return std::string(1, s[i]);
  const size_t len = c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  bool ok = len > 0 && i + len <= s.size();
  for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  if (ok) return std::string(s.substr(i, len));
  constexpr char kHex[] = "0123456789ABCDEF";
  return std::string{'\\', 'x', kHex[c >> 4], kHex[c & 15]};
}

// Empty string when `s` is syntactically a USCC (18 characters of the right classes); the
// check character is *not* tested here.
std::string UsccSyntaxProblem(std::string_view s) {
  if (UsccSyntaxOk(s)) return "";
  if (s.empty()) return "USCC is empty";
  if (ExcelScientific(s)) {
    return "USCC is a number in scientific notation: Excel converted the 18-digit code to a "
           "number and lost its last digits; keep the column as text (in Excel: Data > From "
           "Text/CSV, set the uscc column to Text, or format the column as Text before pasting; "
           "xiufu writes such codes as =\"…\") and restore the codes from the original file";
  }
  if (s.size() != 18) return Cat("USCC has ", s.size(), " characters, expected 18");
  for (size_t i = 0; i < 18; ++i) {
    if (UsccCharValue(s[i]) < 0) {
      return Cat("USCC character ", i + 1, " ('", CharAt(s, i),
                 "') is not in the character set 0-9 A-H J-N P-R T U W X Y");
    }
    if (i >= 2 && i < 8 && (s[i] < '0' || s[i] > '9')) {
      return Cat("USCC character ", i + 1, " ('", CharAt(s, i),
                 "') must be a digit (administrative division code)");
    }
  }
  return "";
}


bool DayInRange(int32_t days) {
  static const int32_t lo = FromYmd(kMinYear, 1, 1).days, hi = FromYmd(kMaxYear, 12, 31).days;
  return days >= lo && days <= hi;
}

// Parses a non-empty date text. Fast path for YYYY-MM-DD; ParseDate for the other spellings
// and for the error message.
bool ParseDay(std::string_view s, int32_t* out, std::string* error) {
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && AllDigits(s.substr(0, 4)) &&
      AllDigits(s.substr(5, 2)) && AllDigits(s.substr(8, 2))) {
    const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const int m = (s[5] - '0') * 10 + (s[6] - '0');
    const int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y >= kMinYear && y <= kMaxYear && m >= 1 && m <= 12 && d >= 1 &&
        d <= DaysInMonth(y, m)) {
      *out = FromYmd(y, m, d).days;
      return true;
    }
  }
  absl::StatusOr<Date> parsed = ParseDate(s);
  if (!parsed.ok()) {
    *error = std::string(parsed.status().message());
    return false;
  }
  *out = parsed->days;
  return true;
}

bool ParseNonNegative(std::string_view s, int64_t max, int64_t* out) {
  if (!AllDigits(s) || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  if (v > max) return false;
  *out = v;
  return true;
}

bool ParseBool(std::string_view s, bool* out) {
  if (EqualsNoCase(s, "true") || s == "1") {
    *out = true;
    return true;
  }
  if (EqualsNoCase(s, "false") || s == "0") {
    *out = false;
    return true;
  }
  return false;
}

Uscc ToUscc(std::string_view s) {
  Uscc u;
  std::copy_n(s.data(), 18, u.begin());
  return u;
}

struct PendingRecord {
  uint32_t entity;
  uint32_t row;      // index among the offered record rows
  std::string_view id;  // in State::ids; empty when built without keep_text
  uint8_t enums[6];  // department, record_kind, severity, penalty, procedure, sector
  uint8_t shown;
  uint8_t warnings = 0;  // kWarn* bits
  int32_t dates[4];  // decision, publication, fulfilled, corrected
  int64_t fine;
};

constexpr InputDomain kRecordEnums[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                         InputDomain::kSeverity,   InputDomain::kPenalty,
                                         InputDomain::kProcedure,  InputDomain::kSector};

// Why a field was refused: diagnostic code, offending value, message.
struct Problem {
  const char* code = nullptr;
  std::string value;
  std::string message;
};

// Reads one row's fields and reports its rejection with the row's place.
template <size_t N>
class RowReader {
 public:
  RowReader(const InputRow& where, const std::array<std::string_view, N>& names,
            const std::vector<const CustomColumn*>& custom)
      : where_(where), names_(names), custom_(custom) {}

  SourceLoc Loc(int k) const {
    const size_t i = static_cast<size_t>(k);
    return SourceLoc{std::string(where_.source), i < where_.lines.size() ? where_.lines[i] : where_.line,
                     i < where_.columns.size() ? where_.columns[i] : k + 1};
  }
  Diagnostic Make(int k, Problem p) const {
    Diagnostic d;
    d.code = p.code;
    d.loc = Loc(k);
    const size_t i = static_cast<size_t>(k);
    d.field = i < N ? std::string(names_[i])
                    : i - N < custom_.size() ? custom_[i - N]->name : std::string();
    d.value = std::move(p.value);
    d.message = std::move(p.message);
    return d;
  }

 private:
  const InputRow& where_;
  const std::array<std::string_view, N>& names_;
  const std::vector<const CustomColumn*>& custom_;
};

}  // namespace

struct PopulationBuilder::State {
  const Dictionary* dict;
  BuildOptions options;
  DiagnosticSink sink;
  DiagnosticSink warning_sink;
  PopulationBuild out;
  int platforms;
  std::string entity_source;  // what record diagnostics call the entity input
  // The build's scratch (freed by Finish) in blocks kept for the next build: reusable_memory.h.
  ReusableVector<int> entity_line;  // per accepted entity: the line of its row
  // USCC → the entity defined by it (or kRejected and the line of a rejected row).
  UsccIndex seen{&out.population, &entity_line};
  // The accepted records' ids, one copy each (the keys of record_line, PendingRecord::id).
  internal::TextArena ids;
  // record_id → line.
  absl::flat_hash_map<std::string_view, int,
                      absl::container_internal::hash_default_hash<std::string_view>,
                      absl::container_internal::hash_default_eq<std::string_view>,
                      ReusableAllocator<std::pair<const std::string_view, int>>>
      record_line;
  ReusableVector<PendingRecord> records;
  ReusableVector<int32_t> repaired;  // records.size() * platforms
  std::vector<int32_t> rep;       // one record's repaired dates
  // Custom columns by scope and ordinal (and their index in the dictionary, for enum codes).
  std::vector<const CustomColumn*> entity_cols, record_cols;
  std::vector<size_t> entity_col_index, record_col_index;
  ReusableVector<int64_t> custom;  // records.size() * record_cols.size()
  std::vector<int64_t> values;     // one row's custom values

  State(const Dictionary& d, BuildOptions o)
      : dict(&d), options(std::move(o)), sink(options.max_diagnostics),
        warning_sink(options.max_diagnostics),
        platforms(d.num_platforms()), rep(platforms) {
    out.population.num_platforms = platforms;
    out.population.dictionary_fingerprint = DictionaryFingerprint(d);
    for (FactScope scope : {FactScope::kEntity, FactScope::kRecord}) {
      auto& cols = scope == FactScope::kEntity ? entity_cols : record_cols;
      auto& index = scope == FactScope::kEntity ? entity_col_index : record_col_index;
      for (int k = 0; k < d.NumColumns(scope); ++k) {
        const CustomColumn* c = d.Column(scope, k);
        cols.push_back(c);
        index.push_back(static_cast<size_t>(c - d.Columns().data()));
      }
    }
    out.population.num_entity_custom = static_cast<int>(entity_cols.size());
    out.population.num_record_custom = static_cast<int>(record_cols.size());
  }

  // A custom column's value: absent → its default.
  bool Custom(const CustomColumn& c, const CodeSet& codes, const Input<int64_t>& in, int64_t* out,
              Problem* p) const {
    *out = c.default_value;
    if (in.absent()) return true;
    if (in.is_value()) {
      const int64_t v = in.value;
      bool ok = true;
      switch (c.type) {
        case FactType::kEnum: ok = v >= 0 && v < codes.Size(); break;
        case FactType::kBool: ok = v == 0 || v == 1; break;
        case FactType::kDate: ok = v == kNoDay || DayInRange(static_cast<int32_t>(v)); break;
        default: ok = v > -(int64_t{1} << 53) && v < (int64_t{1} << 53); break;
      }
      if (ok) {
        *out = c.type == FactType::kDate && v == kNoDay ? c.default_value : v;
        return true;
      }
      *p = {c.type == FactType::kDate ? "bad-date" : c.type == FactType::kEnum ? "unknown-enum"
                                                                                : "bad-number",
            std::to_string(v), Cat(c.name, " value ", v, " is not a valid ", FactTypeCode(c.type))};
      return false;
    }
    const std::string_view t = TrimBlanks(in.text);
    if (t.empty()) return true;
    switch (c.type) {
      case FactType::kEnum: {
        const int id = codes.Find(t);
        if (id >= 0) {
          *out = id;
          return true;
        }
        *p = {"unknown-enum", std::string(t),
              Cat("unknown ", c.name, " code '", t, "'; valid: ", codes.ValidCodes())};
        return false;
      }
      case FactType::kBool: {
        bool b = false;
        if (ParseBool(t, &b)) {
          *out = b;
          return true;
        }
        *p = {"bad-bool", std::string(t), Cat(c.name, " must be true or false")};
        return false;
      }
      case FactType::kDate: {
        int32_t day = kNoDay;
        std::string error;
        if (ParseDay(t, &day, &error)) {
          *out = day;
          return true;
        }
        *p = {"bad-date", std::string(t), Cat(c.name, ": ", error)};
        return false;
      }
      default: {
        const bool negative = t[0] == '-';
        int64_t v = 0;
        if (ParseNonNegative(negative ? t.substr(1) : t, int64_t{1} << 53, &v)) {
          *out = negative ? -v : v;
          return true;
        }
        *p = {"bad-number", std::string(t), Cat(c.name, " must be a whole number")};
        return false;
      }
    }
  }

  // Resolves a row's custom fields into `values`; false with the field number on a problem.
  bool CustomRow(absl::Span<const Input<int64_t>> in, bool entity, int first_field, int* field,
                 Problem* p) {
    const auto& cols = entity ? entity_cols : record_cols;
    const auto& index = entity ? entity_col_index : record_col_index;
    values.resize(cols.size());
    for (size_t k = 0; k < cols.size(); ++k) {
      const Input<int64_t> absent;
      if (!Custom(*cols[k], dict->ColumnCodes(index[k]), k < in.size() ? in[k] : absent,
                  &values[k], p)) {
        *field = first_field + static_cast<int>(k);
        return false;
      }
    }
    return true;
  }

  void NoteEntitySource(std::string_view source) {
    if (entity_source.empty() && options.entity_source.empty()) entity_source = source;
  }
  std::string_view EntitySource() const {
    if (!options.entity_source.empty()) return options.entity_source;
    return entity_source.empty() ? std::string_view("the entities") : entity_source;
  }

  // ---- field resolution: true and the value, or false and the problem ----

  // A typed value in range, inline; anything else (text, out of range, absent) CodeSlow.
  bool Code(const CodeInput& in, InputDomain dom, int* id, Problem* p) const {
    if (in.is_value() && in.value >= 0 && in.value < dict->Size(dom)) {
      *id = in.value;
      return true;
    }
    return CodeSlow(in, dom, id, p);
  }
  [[gnu::noinline]] bool CodeSlow(const CodeInput& in, InputDomain dom, int* id, Problem* p) const {
    if (in.is_value()) {
      if (in.value >= 0 && in.value < dict->Size(dom)) {
        *id = in.value;
        return true;
      }
      *p = {"unknown-enum", std::to_string(in.value),
            Cat("unknown ", InputDomainName(dom), " id ", in.value, " (the dictionary has ",
                dict->Size(dom), " codes)")};
      return false;
    }
    const std::string_view t = TrimBlanks(in.text);  // absent: "", never a code
    *id = dict->Find(dom, t);
    if (*id >= 0) return true;
    *p = {"unknown-enum", std::string(t),
          Cat("unknown ", InputDomainName(dom), " code '", t, "'; valid: ", dict->ValidCodes(dom))};
    return false;
  }

  // Absent → kNoDay.
  static bool Day(const Input<Date>& in, int32_t* out, Problem* p) {
    if (in.absent()) {
      *out = kNoDay;
      return true;
    }
    if (in.is_value() && (in.value.days == kNoDay || DayInRange(in.value.days))) {
      *out = in.value.days;
      return true;
    }
    return DaySlow(in, out, p);
  }
  [[gnu::noinline]] static bool DaySlow(const Input<Date>& in, int32_t* out, Problem* p) {
    *out = kNoDay;
    if (in.is_value()) {
      if (in.value.days == kNoDay) return true;
      if (DayInRange(in.value.days)) {
        *out = in.value.days;
        return true;
      }
      *p = {"bad-date", FormatDate(in.value),
            Cat("'", FormatDate(in.value), "' is outside 1900-01-01..2199-12-31")};
      return false;
    }
    const std::string_view t = TrimBlanks(in.text);
    if (t.empty()) return true;
    std::string error;
    if (ParseDay(t, out, &error)) return true;
    *p = {"bad-date", std::string(t), std::move(error)};
    return false;
  }

  // Absent → 0 (never).
  static bool ReportYear(const Input<int64_t>& in, int64_t* out, Problem* p) {
    if (in.absent()) {
      *out = 0;
      return true;
    }
    if (in.is_value() && in.value >= kMinYear && in.value <= kMaxYear) {
      *out = in.value;
      return true;
    }
    return ReportYearSlow(in, out, p);
  }
  [[gnu::noinline]] static bool ReportYearSlow(const Input<int64_t>& in, int64_t* out, Problem* p) {
    *out = 0;
    std::string value;
    if (in.is_value()) {
      if (in.value >= kMinYear && in.value <= kMaxYear) {
        *out = in.value;
        return true;
      }
      value = std::to_string(in.value);
    } else {
      const std::string_view t = TrimBlanks(in.text);
      if (t.empty()) return true;
      int64_t year = 0;
      if (ParseNonNegative(t, kMaxYear, &year) && year >= kMinYear) {
        *out = year;
        return true;
      }
      value = std::string(t);
    }
    *p = {"bad-number", std::move(value),
          "last_report_year must be a year (1900-2199) or empty for never"};
    return false;
  }

  // Required.
  static bool Bool(const Input<bool>& in, bool* out, Problem* p) {
    if (in.is_value()) {
      *out = in.value;
      return true;
    }
    return BoolSlow(in, out, p);
  }
  [[gnu::noinline]] static bool BoolSlow(const Input<bool>& in, bool* out, Problem* p) {
    if (in.is_value()) {
      *out = in.value;
      return true;
    }
    const std::string_view t = TrimBlanks(in.text);
    if (ParseBool(t, out)) return true;
    *p = {"bad-bool", std::string(t), "unreachable must be true or false"};
    return false;
  }

  // Absent → 0.
  static bool Fine(const Input<int64_t>& in, int64_t* out, Problem* p) {
    if (in.absent()) {
      *out = 0;
      return true;
    }
    if (in.is_value() && in.value >= 0 && in.value <= (int64_t{1} << 53)) {
      *out = in.value;
      return true;
    }
    return FineSlow(in, out, p);
  }
  [[gnu::noinline]] static bool FineSlow(const Input<int64_t>& in, int64_t* out, Problem* p) {
    constexpr int64_t kMax = int64_t{1} << 53;
    *out = 0;
    std::string value;
    if (in.is_value()) {
      if (in.value >= 0 && in.value <= kMax) {
        *out = in.value;
        return true;
      }
      value = std::to_string(in.value);
    } else {
      const std::string_view t = TrimBlanks(in.text);
      if (t.empty() || ParseNonNegative(t, kMax, out)) return true;
      value = std::string(t);
    }
    *p = {"bad-number", std::move(value), "fine_yuan must be a whole, non-negative number of yuan"};
    return false;
  }

  // shown_on: a mask, or platform codes joined by '|'; absent → none.
  bool Shown(const Input<uint32_t>& in, uint8_t* out, Problem* p) const {
    *out = 0;
    if (in.is_value()) {
      if (platforms >= 32 || (in.value >> platforms) == 0) {
        *out = static_cast<uint8_t>(in.value);
        return true;
      }
      *p = {"unknown-enum", std::to_string(in.value),
            Cat("shown_on mask ", in.value, " has bits beyond the dictionary's ", platforms,
                " platforms")};
      return false;
    }
    const std::string_view shown = TrimBlanks(in.text);
    for (size_t pos = 0; !shown.empty() && pos <= shown.size();) {
      const size_t bar = std::min(shown.find('|', pos), shown.size());
      const std::string_view tok = TrimBlanks(shown.substr(pos, bar - pos));
      const int q = dict->Find(InputDomain::kPlatform, tok);
      if (q < 0) {
        *p = {"unknown-enum", std::string(tok.empty() ? shown : tok),
              tok.empty() ? std::string("empty platform code in shown_on")
                          : Cat("unknown platform code '", tok, "'; valid: ",
                                dict->ValidCodes(InputDomain::kPlatform))};
        return false;
      }
      *out |= static_cast<uint8_t>(1u << q);
      pos = bar + 1;
    }
    return true;
  }

  void Plausibility(const RowReader<15>& rr, PendingRecord* r);

  // The rows of AddEntity / AddRecord, committed at population index (entities) or pending
  // record index (records) `at`: the next one (= push back), or a slot AddEntities /
  // AddRecords has sized the columns for.
  bool AddEntityAt(const EntityInput& in, const InputRow& where, size_t at);
  bool AddRecordAt(const RecordInput& in, const InputRow& where, size_t at);
  // Writes an accepted entity's values at `at` (<= the current size; the USCC's syntax
  // checked); its name when `name` is not null (the columnar pass copies its names after).
  // Thread-safe for distinct `at` below the current size with a null `name`.
  void PutEntity(size_t at, std::string_view code, bool uscc_valid, const std::string_view* name,
                 int status, int32_t registration, int64_t year, bool unreachable,
                 const int64_t* custom);
  void MoveEntity(size_t from, size_t to);
  void MoveRecord(size_t from, size_t to);
  template <typename Vector, typename T>
  static void Put(Vector& v, size_t at, T x) {
    if (at == v.size()) {
      v.push_back(std::move(x));
    } else {
      v[at] = std::move(x);
    }
  }

  // repaired_on: one date per platform, or platform:date joined by '|'; fills rep[0, platforms).
  bool Repaired(const Input<absl::Span<const Date>>& in, int32_t* rep, Problem* p) const {
    std::fill(rep, rep + platforms, kNoDay);
    if (in.is_value()) {
      const absl::Span<const Date> dates = in.value;
      if (dates.empty()) return true;  // none repaired
      if (dates.size() != static_cast<size_t>(platforms)) {
        *p = {"bad-repaired", Cat(dates.size(), " dates"),
              Cat("repaired_on has ", dates.size(), " dates, expected one per platform (",
                  platforms, ")")};
        return false;
      }
      for (int q = 0; q < platforms; ++q) {
        if (!Day(Input<Date>(dates[q]), &rep[q], p)) return false;
      }
      return true;
    }
    const std::string_view rv = TrimBlanks(in.text);
    std::string error;
    for (size_t pos = 0; !rv.empty() && pos <= rv.size();) {
      const size_t bar = std::min(rv.find('|', pos), rv.size());
      const std::string_view tok = TrimBlanks(rv.substr(pos, bar - pos));
      pos = bar + 1;
      const size_t colon = tok.find(':');
      if (colon == std::string_view::npos) {
        *p = {"bad-repaired", std::string(tok.empty() ? rv : tok),
              "repaired_on entries are platform:YYYY-MM-DD joined by '|'"};
        return false;
      }
      const std::string_view pcode = TrimBlanks(tok.substr(0, colon));
      const int q = dict->Find(InputDomain::kPlatform, pcode);
      if (q < 0) {
        *p = {"unknown-enum", std::string(pcode),
              Cat("unknown platform code '", pcode, "'; valid: ",
                  dict->ValidCodes(InputDomain::kPlatform))};
        return false;
      }
      if (rep[q] != kNoDay) {
        *p = {"bad-repaired", std::string(tok),
              Cat("platform '", pcode, "' is listed twice in repaired_on")};
        return false;
      }
      const std::string_view dtext = TrimBlanks(tok.substr(colon + 1));
      if (dtext.empty() || !ParseDay(dtext, &rep[q], &error)) {
        *p = {"bad-date", std::string(dtext),
              dtext.empty() ? std::string("repaired_on date is empty") : error};
        return false;
      }
    }
    return true;
  }
};

// The plausibility checks of an accepted record (see the header): warnings, not rejections.
void PopulationBuilder::State::Plausibility(const RowReader<15>& rr, PendingRecord* r) {
  const int32_t decision = r->dates[0], publication = r->dates[1], fulfilled = r->dates[2];
  const int32_t registered = out.population.registration_date[r->entity];
  const int32_t as_of = options.as_of.days;
  auto warn = [&](uint8_t bit, int field, int32_t value, std::string message) {
    r->warnings |= bit;
    for (int b = 0; b < kNumRecordWarnings; ++b) {
      if (bit == (1u << b)) ++out.warning_counts[static_cast<size_t>(b)];
    }
    Diagnostic d = rr.Make(field, {"implausible-date", FormatDate(Date{value}), std::move(message)});
    d.severity = Severity::kWarning;
    warning_sink.Add(std::move(d));
  };
  if (decision == kNoDay) return;
  auto dd = [&] { return FormatDate(Date{decision}); };  // only when warning: most records do not
  if (publication != kNoDay && publication < decision) {
    warn(kWarnPublicationBeforeDecision, 9, publication,
         Cat("publication_date is before decision_date ", dd(),
             "; evaluated as given, periods counted from the publication may be wrong"));
  }
  if (as_of != kNoDay && decision > as_of && r->shown != 0) {
    warn(kWarnDecisionAfterAsOf, 8, decision,
         Cat("decision_date is after the evaluation date ", FormatDate(Date{as_of}),
             " but the record is shown; evaluated as given (not shown yet on that date)"));
  }
  if (fulfilled != kNoDay && fulfilled < decision) {
    warn(kWarnFulfilledBeforeDecision, 11, fulfilled,
         Cat("fulfilled_date is before decision_date ", dd(), "; evaluated as given"));
  }
  if (registered != kNoDay && registered > decision) {
    warn(kWarnRegisteredAfterDecision, 8, decision,
         Cat("decision_date is before the entity's registration_date ",
             FormatDate(Date{registered}), "; evaluated as given"));
  }
  if (r->warnings != 0) ++out.warned_records;
}

void PopulationBuilder::State::PutEntity(size_t at, std::string_view code, bool valid,
                                         const std::string_view* name, int status, int32_t registration,
                                         int64_t year, bool unreachable, const int64_t* custom) {
  Population& pop = out.population;
  const size_t nc = entity_cols.size();
  if (at == pop.uscc.size()) {  // a new last entity: every column one longer
    pop.uscc.emplace_back();
    pop.name.emplace_back();
    pop.entity_kind.push_back(0);
    pop.entity_status.push_back(0);
    pop.registration_date.push_back(0);
    pop.registration_year.push_back(0);
    pop.last_report_year.push_back(0);
    pop.entity_flags.push_back(0);
    pop.entity_custom.resize((at + 1) * nc);
  }
  // Written through pointers read once: after a store through a byte pointer the compiler
  // would load every vector's data pointer again.
  uint8_t* const kind = pop.entity_kind.data();
  uint8_t* const st = pop.entity_status.data();
  uint8_t* const flags = pop.entity_flags.data();
  int32_t* const reg = pop.registration_date.data();
  int16_t* const reg_year = pop.registration_year.data();
  int16_t* const yr = pop.last_report_year.data();
  pop.uscc[at] = ToUscc(code);
  // The name (else the slot's stays empty); nullptr: the caller writes the names itself.
  if (options.keep_text && name != nullptr) pop.name.Set(at, *name);
  kind[at] = static_cast<uint8_t>(EntityKindFromUscc(code));
  st[at] = static_cast<uint8_t>(status);
  reg[at] = registration;
  reg_year[at] = static_cast<int16_t>(Population::RegistrationYearOf(registration));
  yr[at] = static_cast<int16_t>(year);
  flags[at] = static_cast<uint8_t>((valid ? kFlagUsccValid : 0) | (unreachable ? kFlagUnreachable : 0));
  if (nc != 0) std::copy_n(custom, nc, pop.entity_custom.data() + at * nc);
}

void PopulationBuilder::State::MoveEntity(size_t from, size_t to) {
  Population& pop = out.population;
  pop.uscc[to] = pop.uscc[from];
  pop.name.Move(from, to);
  pop.entity_kind[to] = pop.entity_kind[from];
  pop.entity_status[to] = pop.entity_status[from];
  pop.registration_date[to] = pop.registration_date[from];
  pop.registration_year[to] = pop.registration_year[from];
  pop.last_report_year[to] = pop.last_report_year[from];
  pop.entity_flags[to] = pop.entity_flags[from];
  const size_t nc = entity_cols.size();
  std::copy_n(pop.entity_custom.begin() + static_cast<ptrdiff_t>(from * nc), nc,
              pop.entity_custom.begin() + static_cast<ptrdiff_t>(to * nc));
}

void PopulationBuilder::State::MoveRecord(size_t from, size_t to) {
  records[to] = std::move(records[from]);
  const size_t np = static_cast<size_t>(platforms), nr = record_cols.size();
  std::copy_n(repaired.begin() + static_cast<ptrdiff_t>(from * np), np,
              repaired.begin() + static_cast<ptrdiff_t>(to * np));
  std::copy_n(custom.begin() + static_cast<ptrdiff_t>(from * nr), nr,
              custom.begin() + static_cast<ptrdiff_t>(to * nr));
}

PopulationBuilder::PopulationBuilder(const Dictionary& dict, BuildOptions options) {
  StartReusableRound();  // blocks of sizes the builds before gave back are kept from now on
  s_ = std::make_unique<State>(dict, std::move(options));
}
PopulationBuilder::~PopulationBuilder() = default;
PopulationBuilder::PopulationBuilder(PopulationBuilder&&) noexcept = default;
PopulationBuilder& PopulationBuilder::operator=(PopulationBuilder&&) noexcept = default;

const Dictionary& PopulationBuilder::dictionary() const { return *s_->dict; }

void PopulationBuilder::Reserve(size_t entities, size_t records, size_t name_bytes) {
  s_->out.population.Reserve(entities, 0);
  if (s_->options.keep_text) s_->out.population.name.reserve(entities, name_bytes);
  s_->seen.Reserve(entities);
  s_->entity_line.reserve(entities);
  s_->records.reserve(records);
  s_->repaired.reserve(records * static_cast<size_t>(s_->platforms));
  s_->record_line.reserve(records);
}

void PopulationBuilder::RejectEntityRow(Diagnostic d) {
  State& s = *s_;
  s.NoteEntitySource(d.loc.file);
  ++s.out.entity_rows;
  ++s.out.rejected_entities;
  s.sink.Add(std::move(d));
}

void PopulationBuilder::RejectRecordRow(Diagnostic d) {
  ++s_->out.record_rows;
  ++s_->out.rejected_records;
  s_->sink.Add(std::move(d));
}

bool PopulationBuilder::AddEntity(const EntityInput& in, const InputRow& where) {
  return s_->AddEntityAt(in, where, s_->out.population.num_entities());
}

bool PopulationBuilder::AddRecord(const RecordInput& in, const InputRow& where) {
  return s_->AddRecordAt(in, where, s_->records.size());
}

bool PopulationBuilder::State::AddEntityAt(const EntityInput& in, const InputRow& where,
                                           size_t at) {
  State& s = *this;
  s.NoteEntitySource(where.source);
  ++s.out.entity_rows;
  const RowReader<6> rr(where, kEntityColumns, s.entity_cols);
  auto reject = [&](int k, Problem p) {
    s.sink.Add(rr.Make(k, std::move(p)));
    ++s.out.rejected_entities;
    return false;
  };
  const std::string_view code = ExcelText(TrimBlanks(in.uscc));
  if (std::string problem = UsccSyntaxProblem(code); !problem.empty()) {
    return reject(0, {"bad-uscc", std::string(code), std::move(problem)});
  }
  const Uscc uscc = ToUscc(code);
  // One probe: a new USCC is entered as rejected and turned into the entity once the row is
  // accepted. A rejected row with a well-formed USCC stays remembered (so that its records say
  // why they are rejected) but does not block a later, valid row for the same USCC.
  const auto [seen, inserted] = s.seen.FindOrAddRejected(uscc, UsccHash(uscc), where.line);
  if (!inserted && seen.index != kRejected) {
    return reject(0, {"duplicate-uscc", std::string(code),
                      Cat("USCC already defined on line ", seen.line)});
  }
  Problem p;
  int status = -1;
  if (!s.Code(in.status, InputDomain::kEntityStatus, &status, &p)) return reject(2, p);
  int32_t registration = kNoDay;
  if (!State::Day(in.registration_date, &registration, &p)) return reject(3, p);
  int64_t year = 0;
  if (!State::ReportYear(in.last_report_year, &year, &p)) return reject(4, p);
  bool unreachable = false;
  if (!State::Bool(in.unreachable, &unreachable, &p)) return reject(5, p);
  int field = 0;
  if (!s.CustomRow(in.custom, true, 6, &field, &p)) return reject(field, p);

  s.PutEntity(at, code, UsccValid(code), &in.name, status, registration, year, unreachable,
              s.values.data());
  s.seen.SetLast(static_cast<uint32_t>(at));
  Put(s.entity_line, at, where.line);
  if ((s.out.population.entity_flags[at] & kFlagUsccValid) == 0) ++s.out.invalid_uscc;
  return true;
}

bool PopulationBuilder::State::AddRecordAt(const RecordInput& in, const InputRow& where,
                                           size_t at) {
  State& s = *this;
  const uint32_t row_index = static_cast<uint32_t>(s.out.record_rows++);
  const RowReader<15> rr(where, kRecordColumns, s.record_cols);
  auto reject = [&](int k, Problem p) {
    s.sink.Add(rr.Make(k, std::move(p)));
    ++s.out.rejected_records;
    return false;
  };
  PendingRecord r;
  r.row = row_index;
  const std::string_view id = ExcelText(TrimBlanks(in.record_id));
  if (id.empty()) return reject(0, {"missing-value", "", "record_id is empty"});
  if (auto it = s.record_line.find(id); it != s.record_line.end()) {
    return reject(0, {"duplicate-record-id", std::string(id),
                      Cat("record_id already used on line ", it->second)});
  }
  const std::string_view code = ExcelText(TrimBlanks(in.uscc));
  if (std::string problem = UsccSyntaxProblem(code); !problem.empty()) {
    return reject(1, {"bad-uscc", std::string(code), std::move(problem)});
  }
  const Uscc uscc = ToUscc(code);
  if (const std::optional<UsccIndex::Entry> seen = s.seen.Find(uscc, UsccHash(uscc))) {
    if (seen->index == kRejected) {
      return reject(1, {"entity-rejected", std::string(code),
                        Cat("the entity's row (", s.EntitySource(), " line ", seen->line,
                            ") was rejected")});
    }
    r.entity = seen->index;
  } else {
    return reject(1, {"unknown-uscc", std::string(code), Cat("USCC is not in ", s.EntitySource())});
  }
  Problem p;
  const CodeInput* enums[6] = {&in.department, &in.record_kind, &in.severity,
                               &in.penalty,    &in.procedure,   &in.sector};
  for (int k = 0; k < 6; ++k) {
    int v = -1;
    if (!s.Code(*enums[k], kRecordEnums[k], &v, &p)) return reject(2 + k, p);
    r.enums[k] = static_cast<uint8_t>(v);
  }
  const Input<Date>* dates[4] = {&in.decision_date, &in.publication_date, &in.fulfilled_date,
                                 &in.corrected_date};
  constexpr int kDateFields[4] = {8, 9, 11, 12};
  for (int k = 0; k < 4; ++k) {
    if (!State::Day(*dates[k], &r.dates[k], &p)) return reject(kDateFields[k], p);
  }
  if (!State::Fine(in.fine_yuan, &r.fine, &p)) return reject(10, p);
  if (!s.Shown(in.shown_on, &r.shown, &p)) return reject(13, p);
  if (!s.Repaired(in.repaired_on, s.rep.data(), &p)) return reject(14, p);
  int field = 0;
  if (!s.CustomRow(in.custom, false, 15, &field, &p)) return reject(field, p);

  s.Plausibility(rr, &r);
  const std::string_view kept = s.ids.Copy(id);
  s.record_line.emplace(kept, where.line);
  if (s.options.keep_text) r.id = kept;
  const size_t np = static_cast<size_t>(s.platforms), nr = s.record_cols.size();
  if (at == s.records.size()) {
    s.records.push_back(std::move(r));
    s.repaired.insert(s.repaired.end(), s.rep.begin(), s.rep.end());
    s.custom.insert(s.custom.end(), s.values.begin(), s.values.end());
  } else {
    s.records[at] = std::move(r);
    std::copy_n(s.rep.begin(), np, s.repaired.begin() + static_cast<ptrdiff_t>(at * np));
    std::copy_n(s.values.begin(), nr, s.custom.begin() + static_cast<ptrdiff_t>(at * nr));
  }
  return true;
}

namespace {

// A column's rows resolved by one of the builder's field checks, `check(input, &value,
// &problem)`: per row for values and inputs, once per category (and once for "absent") for a
// dictionary-encoded column. A row whose check fails is not clean: AddEntityAt / AddRecordAt
// judge it (and word the problem, which is only scratch here).
template <typename T, typename V, typename Check>
class Resolved {
 public:
  Resolved(const ColumnInput<T>& c, Check check) : c_(c), check_(check) {
    coded_ = c.values.empty() && !c.codes.empty();
    if (!coded_) return;
    ok_.assign(c.categories.size() + 1, 0);
    val_.resize(c.categories.size() + 1);
    Problem p;
    ok_[0] = check_(Input<T>(), &val_[0], &p);
    for (size_t k = 0; k < c.categories.size(); ++k) {
      ok_[k + 1] = check_(c.categories[k], &val_[k + 1], &p);
    }
  }
  bool Get(size_t i, V* out, Problem* p) const {
    if (!coded_) return check_(c_.At(i), out, p);
    const int32_t code = c_.codes[i];
    const size_t k = code < 0 ? 0 : static_cast<size_t>(code) + 1;
    if (k >= ok_.size() || !ok_[k]) return false;
    *out = val_[k];
    return true;
  }

 private:
  const ColumnInput<T>& c_;
  Check check_;
  bool coded_ = false;
  std::vector<uint8_t> ok_;
  std::vector<V> val_;
};

template <typename V, typename T, typename Check>
Resolved<T, V, Check> Resolve(const ColumnInput<T>& c, Check check) {
  return Resolved<T, V, Check>(c, check);
}

constexpr size_t kBulkChunk = 1024;  // rows per chunk of the parallel pass

size_t BulkChunks(size_t rows) { return (rows + kBulkChunk - 1) / kBulkChunk; }

const ColumnInput<int64_t>& CustomColumnAt(absl::Span<const ColumnInput<int64_t>> custom, size_t k) {
  static const ColumnInput<int64_t> kNone;
  return k < custom.size() ? custom[k] : kNone;
}

// The custom columns of one scope (`cols`, their dictionary columns `index`), each resolved
// once with its own checks; `given` holds the caller's columns by ordinal (missing = absent).
template <typename State>
auto ResolveCustom(State& s, const std::vector<const CustomColumn*>& cols,
                   const std::vector<size_t>& index,
                   absl::Span<const ColumnInput<int64_t>> given) {
  auto check = [&s, &cols, &index](size_t k) {
    return [&s, &cols, &index, k](const Input<int64_t>& in, int64_t* v, Problem* p) {
      return s.Custom(*cols[k], s.dict->ColumnCodes(index[k]), in, v, p);
    };
  };
  using Column = decltype(Resolve<int64_t>(std::declval<const ColumnInput<int64_t>&>(), check(0)));
  std::vector<Column> out;
  out.reserve(cols.size());
  for (size_t k = 0; k < cols.size(); ++k) {
    out.push_back(Resolve<int64_t>(CustomColumnAt(given, k), check(k)));
  }
  return out;
}

}  // namespace

size_t PopulationBuilder::AddEntities(const EntityColumns& c, const InputRow& where, int threads,
                                      absl::Span<uint8_t> accepted) {
  State& s = *s_;
  const size_t n = c.rows;
  if (n == 0) return 0;
  Population& pop = s.out.population;
  const size_t base = pop.num_entities(), nc = s.entity_cols.size();
  // The fast pass only asks whether a field passes; the problems are AddEntityAt's to word.
  auto status = Resolve<int>(c.status, [&](const CodeInput& in, int* v, Problem* p) {
    return s.Code(in, InputDomain::kEntityStatus, v, p);
  });
  auto registration = Resolve<int32_t>(c.registration_date, [](const Input<Date>& in, int32_t* v, Problem* p) {
    return State::Day(in, v, p);
  });
  auto year = Resolve<int64_t>(c.last_report_year, [](const Input<int64_t>& in, int64_t* v, Problem* p) {
    return State::ReportYear(in, v, p);
  });
  auto unreachable = Resolve<uint8_t>(c.unreachable, [](const Input<bool>& in, uint8_t* v, Problem* p) {
    bool b = false;
    const bool ok = State::Bool(in, &b, p);
    *v = b;
    return ok;
  });
  auto custom = ResolveCustom(s, s.entity_cols, s.entity_col_index, c.custom);

  // Pass 1, in parallel: every row whose fields all pass (all but the duplicate check) is
  // written at base + i.
  pop.uscc.resize(base + n);
  pop.name.resize(base + n);
  pop.entity_kind.resize(base + n);
  pop.entity_status.resize(base + n);
  pop.registration_date.resize(base + n);
  pop.registration_year.resize(base + n);
  pop.last_report_year.resize(base + n);
  pop.entity_flags.resize(base + n);
  pop.entity_custom.resize((base + n) * nc);
  s.entity_line.resize(base + n);
  ReusableVector<uint8_t> clean(n, 0);
  ReusableVector<uint64_t> hash(n);  // of each clean row's USCC, for pass 2's index
  // The clean rows' names, copied into the name column together after the pass (PackedTexts:
  // one buffer, filled on the threads).
  ReusableVector<std::string_view> names(s.options.keep_text ? n : 0);
  ParallelFor(threads, BulkChunks(n), [&](size_t chunk) {
    std::vector<int64_t> values(nc);
    Problem p;
    const size_t end = std::min(n, (chunk + 1) * kBulkChunk);
    for (size_t i = chunk * kBulkChunk; i < end; ++i) {
      const std::string_view code = ExcelText(TrimBlanks(c.uscc.At(i)));
      int st = -1;
      int32_t reg = kNoDay;
      int64_t yr = 0;
      uint8_t unr = 0;
      bool valid = false;
      if (!UsccScan(code, &valid) || !status.Get(i, &st, &p) || !registration.Get(i, &reg, &p) ||
          !year.Get(i, &yr, &p) || !unreachable.Get(i, &unr, &p)) {
        continue;
      }
      bool ok = true;
      for (size_t k = 0; k < nc && ok; ++k) ok = custom[k].Get(i, &values[k], &p);
      if (!ok) continue;
      if (s.options.keep_text) names[i] = c.name.At(i);
      s.PutEntity(base + i, code, valid, nullptr, st, reg, yr, unr != 0, values.data());
      hash[i] = UsccHash(pop.uscc[base + i]);
      clean[i] = 1;
    }
  });
  if (s.options.keep_text) pop.name.SetRows(base, names, threads);

  s.NoteEntitySource(where.source);  // what each row would do (n > 0)
  auto place = [&](size_t i) {
    InputRow at = where;
    at.line = where.line + static_cast<int>(i);
    at.lines = {};
    return at;
  };
  size_t w = base;
  // A clean row i whose USCC row `first_line` defined already; a clean row i that is accepted
  // as entity w (its columns written at base + i in pass 1).
  auto reject_duplicate = [&](size_t i, int first_line) {
    const Uscc& u = pop.uscc[base + i];
    const InputRow at = place(i);
    const RowReader<6> rr(at, kEntityColumns, s.entity_cols);
    s.sink.Add(rr.Make(0, {"duplicate-uscc", std::string(u.data(), u.size()),
                           Cat("USCC already defined on line ", first_line)}));
    ++s.out.rejected_entities;
  };
  auto accept_clean = [&](size_t i) {
    if (w != base + i) s.MoveEntity(base + i, w);
    s.entity_line[w] = where.line + static_cast<int>(i);
    if ((pop.entity_flags[w] & kFlagUsccValid) == 0) ++s.out.invalid_uscc;
  };
  if (std::all_of(clean.begin(), clean.end(), [](uint8_t c) { return c != 0; })) {
    // Every row passed pass 1: the index takes them all at once (UsccIndex::EnterAll, region by
    // region on the threads); then, in row order, the duplicates are reported and the others
    // accepted — what pass 2 below does row by row.
    ReusableVector<uint32_t> dup_of(n);
    s.seen.EnterAll(hash.data(), n, static_cast<uint32_t>(base), threads, dup_of.data());
    ReusableVector<uint32_t> moved;  // new index of row i's entity, once a row was a duplicate
    for (size_t i = 0; i < n; ++i) {
      ++s.out.entity_rows;
      const bool ok = dup_of[i] == kRejected;
      if (!ok) {
        const uint32_t first = dup_of[i];
        reject_duplicate(i, first >= base ? where.line + static_cast<int>(first - base)
                                          : s.entity_line[first]);
        if (moved.empty()) {
          moved.resize(n);
          for (size_t j = 0; j < i; ++j) moved[j] = static_cast<uint32_t>(base + j);
        }
      } else {
        if (!moved.empty()) moved[i] = static_cast<uint32_t>(w);
        accept_clean(i);
        ++w;
      }
      if (!accepted.empty()) accepted[i] = ok;
    }
    if (!moved.empty()) s.seen.Renumber(static_cast<uint32_t>(base), moved, threads);
  } else {
    // Pass 2, in row order: duplicates, the index, and every other row through AddEntityAt.
    std::vector<Input<int64_t>> custom_row(nc);
    constexpr size_t kAhead = 16;  // rows between prefetching a USCC's slot and probing it
    for (size_t i = 0; i < std::min(n, kAhead); ++i) {
      if (clean[i]) s.seen.Prefetch(hash[i]);
    }
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n && clean[i + kAhead]) s.seen.Prefetch(hash[i + kAhead]);
      bool ok = false;
      if (clean[i]) {
        ++s.out.entity_rows;
        const Uscc u = pop.uscc[base + i];
        const int line = where.line + static_cast<int>(i);
        const auto [seen, inserted] = s.seen.FindOrAddRejected(u, hash[i], line);
        if (!inserted && seen.index != kRejected) {
          reject_duplicate(i, seen.line);
        } else {
          s.seen.SetLast(static_cast<uint32_t>(w));
          accept_clean(i);
          ok = true;
        }
      } else {
        for (size_t k = 0; k < nc; ++k) custom_row[k] = CustomColumnAt(c.custom, k).At(i);
        const EntityInput in{.uscc = c.uscc.At(i),
                             .name = c.name.At(i),
                             .status = c.status.At(i),
                             .registration_date = c.registration_date.At(i),
                             .last_report_year = c.last_report_year.At(i),
                             .unreachable = c.unreachable.At(i),
                             .custom = custom_row};
        ok = s.AddEntityAt(in, place(i), w);
      }
      if (ok) ++w;
      if (!accepted.empty()) accepted[i] = ok;
    }
  }
  pop.uscc.resize(w);
  pop.name.resize(w);
  pop.entity_kind.resize(w);
  pop.entity_status.resize(w);
  pop.registration_date.resize(w);
  pop.registration_year.resize(w);
  pop.last_report_year.resize(w);
  pop.entity_flags.resize(w);
  pop.entity_custom.resize(w * nc);
  s.entity_line.resize(w);
  return w - base;
}

size_t PopulationBuilder::AddRecords(const RecordColumns& c, const InputRow& where, int threads,
                                     absl::Span<uint8_t> accepted) {
  State& s = *s_;
  const size_t n = c.rows;
  if (n == 0) return 0;
  const size_t base = s.records.size(), nr = s.record_cols.size();
  const size_t np = static_cast<size_t>(s.platforms);
  const size_t first_row = s.out.record_rows;
  auto code_check = [&s](InputDomain dom) {
    return [&s, dom](const CodeInput& in, int* v, Problem* p) {
      return s.Code(in, dom, v, p);
    };
  };
  const ColumnInput<int>* enum_cols[6] = {&c.department, &c.record_kind, &c.severity,
                                          &c.penalty,    &c.procedure,   &c.sector};
  using EnumResolved = decltype(Resolve<int>(c.department, code_check(InputDomain::kDepartment)));
  std::vector<EnumResolved> enums;
  enums.reserve(6);
  for (int k = 0; k < 6; ++k) enums.push_back(Resolve<int>(*enum_cols[k], code_check(kRecordEnums[k])));
  auto day_check = [](const Input<Date>& in, int32_t* v, Problem* p) {
    return State::Day(in, v, p);
  };
  const ColumnInput<Date>* date_cols[4] = {&c.decision_date, &c.publication_date,
                                           &c.fulfilled_date, &c.corrected_date};
  using DayResolved = decltype(Resolve<int32_t>(c.decision_date, day_check));
  std::vector<DayResolved> dates;
  dates.reserve(4);
  for (int k = 0; k < 4; ++k) dates.push_back(Resolve<int32_t>(*date_cols[k], day_check));
  auto fine = Resolve<int64_t>(c.fine_yuan, [](const Input<int64_t>& in, int64_t* v, Problem* p) {
    return State::Fine(in, v, p);
  });
  auto shown = Resolve<uint8_t>(c.shown_on, [&s](const Input<uint32_t>& in, uint8_t* v, Problem* p) {
    return s.Shown(in, v, p);
  });
  using Dates = std::array<int32_t, 32>;  // Shown allows at most 32 platforms
  auto repaired = Resolve<Dates>(c.repaired_on, [&s](const Input<absl::Span<const Date>>& in, Dates* v, Problem* p) {
    return s.platforms <= 32 && s.Repaired(in, v->data(), p);
  });
  auto custom = ResolveCustom(s, s.record_cols, s.record_col_index, c.custom);

  // Pass 1, in parallel: every row whose fields all pass (all but the duplicate id) is written
  // at base + i, and its entity looked up (the index does not change while records are added).
  s.records.resize(base + n);
  s.repaired.resize((base + n) * np);
  s.custom.resize((base + n) * nr);
  ReusableVector<uint8_t> clean(n, 0);
  ReusableVector<std::optional<UsccIndex::Entry>> entity(n);  // of the clean rows
  ReusableVector<uint64_t> hash(n);                           // of their USCCs
  ParallelFor(threads, BulkChunks(n), [&](size_t chunk) {
    Problem p;
    const size_t begin = chunk * kBulkChunk, end = std::min(n, (chunk + 1) * kBulkChunk);
    for (size_t i = begin; i < end; ++i) {
      const std::string_view code = ExcelText(TrimBlanks(c.uscc.At(i)));
      if (ExcelText(TrimBlanks(c.record_id.At(i))).empty() || !UsccSyntaxOk(code)) continue;
      PendingRecord& r = s.records[base + i];
      bool ok = true;
      for (int k = 0; k < 6 && ok; ++k) {
        int v = -1;
        ok = enums[k].Get(i, &v, &p);
        r.enums[k] = static_cast<uint8_t>(v);
      }
      for (int k = 0; k < 4 && ok; ++k) ok = dates[k].Get(i, &r.dates[k], &p);
      ok = ok && fine.Get(i, &r.fine, &p) && shown.Get(i, &r.shown, &p);
      Dates rep;
      ok = ok && repaired.Get(i, &rep, &p);
      int64_t* cv = s.custom.data() + (base + i) * nr;
      for (size_t k = 0; k < nr && ok; ++k) ok = custom[k].Get(i, &cv[k], &p);
      if (!ok) continue;
      std::copy_n(rep.begin(), np, s.repaired.begin() + static_cast<ptrdiff_t>((base + i) * np));
      r.row = static_cast<uint32_t>(first_row + i);
      r.warnings = 0;
      hash[i] = UsccHash(ToUscc(code));
      clean[i] = 1;
    }
    // The entity lookups miss the caches (the index, the entity's USCC): prefetched in two
    // stages, kAhead and kAhead / 2 rows before.
    constexpr size_t kAhead = 16;
    auto far = [&](size_t i) {
      if (i < end && clean[i]) s.seen.Prefetch(hash[i]);
    };
    auto near = [&](size_t i) {
      if (i < end && clean[i]) s.seen.PrefetchKey(hash[i]);
    };
    for (size_t i = begin; i < begin + kAhead; ++i) far(i);
    for (size_t i = begin; i < begin + kAhead / 2; ++i) near(i);
    for (size_t i = begin; i < end; ++i) {
      far(i + kAhead);
      near(i + kAhead / 2);
      if (clean[i]) entity[i] = s.seen.Find(ToUscc(ExcelText(TrimBlanks(c.uscc.At(i)))), hash[i]);
    }
  });

  // Pass 2, in row order: duplicate ids, the entity, warnings; every other row through
  // AddRecordAt.
  size_t w = base;
  std::vector<Input<int64_t>> custom_row(nr);
  // The id lookup and the entity's registration date (the warnings) of a row miss the caches:
  // prefetched kAhead rows before.
  constexpr size_t kAhead = 16;
  auto prefetch = [&](size_t i) {
    if (i >= n || !clean[i]) return;
    s.record_line.prefetch(ExcelText(TrimBlanks(c.record_id.At(i))));
    if (entity[i] && entity[i]->index != kRejected) {
      __builtin_prefetch(&s.out.population.registration_date[entity[i]->index]);
    }
  };
  for (size_t i = 0; i < kAhead; ++i) prefetch(i);
  for (size_t i = 0; i < n; ++i) {
    prefetch(i + kAhead);
    InputRow at = where;
    at.line = where.line + static_cast<int>(i);
    at.lines = {};
    bool ok = false;
    if (clean[i]) {
      ++s.out.record_rows;
      const RowReader<15> rr(at, kRecordColumns, s.record_cols);
      auto reject = [&](int k, Problem p) {
        s.sink.Add(rr.Make(k, std::move(p)));
        ++s.out.rejected_records;
      };
      const std::string_view id = ExcelText(TrimBlanks(c.record_id.At(i)));
      const std::string_view code = ExcelText(TrimBlanks(c.uscc.At(i)));
      // AddRecordAt's order (a repeated id, then the entity), with one probe of the id table
      // for an accepted row: the entity first (looked up in pass 1), then the id is entered.
      const std::optional<UsccIndex::Entry>& seen = entity[i];
      auto duplicate = [&](int first_line) {
        reject(0, {"duplicate-record-id", std::string(id),
                   Cat("record_id already used on line ", first_line)});
      };
      if (!seen || seen->index == kRejected) {
        if (auto it = s.record_line.find(id); it != s.record_line.end()) {
          duplicate(it->second);
        } else if (!seen) {
          reject(1, {"unknown-uscc", std::string(code), Cat("USCC is not in ", s.EntitySource())});
        } else {
          reject(1, {"entity-rejected", std::string(code),
                     Cat("the entity's row (", s.EntitySource(), " line ", seen->line,
                         ") was rejected")});
        }
      } else {
        // Entered with the arena's copy of the id (the row's own text is the caller's).
        bool added = false;
        const auto it = s.record_line.lazy_emplace(id, [&](const auto& make) {
          added = true;
          make(s.ids.Copy(id), at.line);
        });
        if (!added) {
          duplicate(it->second);
        } else {
          if (w != base + i) s.MoveRecord(base + i, w);
          PendingRecord& r = s.records[w];
          r.entity = seen->index;
          s.Plausibility(rr, &r);
          r.id = s.options.keep_text ? it->first : std::string_view();
          ok = true;
        }
      }
    } else {
      for (size_t k = 0; k < nr; ++k) custom_row[k] = CustomColumnAt(c.custom, k).At(i);
      const RecordInput in{.record_id = c.record_id.At(i),
                           .uscc = c.uscc.At(i),
                           .department = c.department.At(i),
                           .record_kind = c.record_kind.At(i),
                           .severity = c.severity.At(i),
                           .penalty = c.penalty.At(i),
                           .procedure = c.procedure.At(i),
                           .sector = c.sector.At(i),
                           .decision_date = c.decision_date.At(i),
                           .publication_date = c.publication_date.At(i),
                           .fine_yuan = c.fine_yuan.At(i),
                           .fulfilled_date = c.fulfilled_date.At(i),
                           .corrected_date = c.corrected_date.At(i),
                           .shown_on = c.shown_on.At(i),
                           .repaired_on = c.repaired_on.At(i),
                           .custom = custom_row};
      ok = s.AddRecordAt(in, at, w);
    }
    if (ok) ++w;
    if (!accepted.empty()) accepted[i] = ok;
  }
  s.records.resize(w);
  s.repaired.resize(w * np);
  s.custom.resize(w * nr);
  return w - base;
}

void PopulationBuilder::NoteMissingColumn(FactScope scope, int ordinal, std::string_view source) {
  const CustomColumn* c = s_->dict->Column(scope, ordinal);
  if (c == nullptr) return;
  Diagnostic d;
  d.severity = Severity::kNote;
  d.code = "missing-custom-column";
  d.loc = SourceLoc{std::string(source), 0, 0};
  d.field = c->name;
  d.value = c->default_text;
  d.message = Cat(source, " 没有“", c->zh, "”列（", c->name, "），每行取默认值 ", c->default_text,
                  " / ", source, " has no column '", c->name, "' (", c->en,
                  "): every row takes the default ", c->default_text);
  s_->out.notices.push_back(std::move(d));
}

PopulationBuild PopulationBuilder::Finish() && {
  State& s = *s_;
  PopulationBuild out = std::move(s.out);
  Population& pop = out.population;
  const int platforms = s.platforms;

  // Group records by entity (stable: add order within an entity).
  const size_t n = pop.num_entities(), m = s.records.size();
  const size_t nr = s.record_cols.size();
  ReusableVector<uint32_t>& begin = pop.record_begin;
  begin.assign(n + 1, 0);
  for (const PendingRecord& r : s.records) ++begin[r.entity + 1];
  for (size_t e = 0; e < n; ++e) begin[e + 1] += begin[e];
  ReusableVector<uint32_t> order(m);
  {
    ReusableVector<uint32_t> next(begin.begin(), begin.end() - 1);
    for (uint32_t i = 0; i < m; ++i) order[next[s.records[i].entity]++] = i;
  }
  // Each column sized once and written by position (no per-value capacity checks).
  const size_t np = static_cast<size_t>(platforms);
  out.record_row.resize(m);
  pop.record_id.resize(m);
  {
    size_t id_bytes = 0;
    for (const PendingRecord& r : s.records) id_bytes += r.id.size();
    pop.record_id.reserve(m, id_bytes);
  }
  for (auto* v : {&pop.department, &pop.record_kind, &pop.severity, &pop.penalty, &pop.procedure,
                  &pop.sector, &pop.shown_mask, &pop.record_warnings}) {
    v->resize(m);
  }
  for (auto* v : {&pop.decision_date, &pop.publication_date, &pop.fulfilled_date,
                  &pop.corrected_date}) {
    v->resize(m);
  }
  pop.fine_yuan.resize(m);
  pop.repaired.clear();
  pop.repaired.reserve(m);
  pop.record_custom.resize(m * nr);
  for (size_t k = 0; k < m; ++k) {
    const uint32_t i = order[k];
    PendingRecord& r = s.records[i];
    out.record_row[k] = r.row;
    if (!r.id.empty()) pop.record_id.Set(k, r.id);
    pop.department[k] = r.enums[0];
    pop.record_kind[k] = r.enums[1];
    pop.severity[k] = r.enums[2];
    pop.penalty[k] = r.enums[3];
    pop.procedure[k] = r.enums[4];
    pop.sector[k] = r.enums[5];
    pop.shown_mask[k] = r.shown;
    pop.decision_date[k] = r.dates[0];
    pop.publication_date[k] = r.dates[1];
    pop.fulfilled_date[k] = r.dates[2];
    pop.corrected_date[k] = r.dates[3];
    pop.fine_yuan[k] = r.fine;
    pop.record_warnings[k] = r.warnings;
    pop.repaired.Append(s.repaired.data() + static_cast<size_t>(i) * np, platforms);
    std::copy_n(s.custom.data() + static_cast<size_t>(i) * nr, nr, pop.record_custom.data() + k * nr);
  }
  out.diagnostics = s.sink.diagnostics();
  out.dropped_diagnostics = s.sink.dropped();
  out.warnings = s.warning_sink.diagnostics();
  out.dropped_warnings = s.warning_sink.dropped();
  s_.reset();
  return out;
}

}  // namespace xiufu
