// Reading and writing entities.csv / records.csv. Tested by tests/population_io_test.cc.
#include "xiufu/population_io.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "base/csv_reader.h"
#include "base/csv_write.h"
#include "base/str_util.h"
#include "base/text_file.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu {

// ---------------------------------------------------------------------------------------------
// Reading

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <typename Strings>
std::string Join(const Strings& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.append(sep);
    out.append(p);
  }
  return out;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? a[i] + 32 : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// Column positions of the required headers within a file's rows.
template <size_t N>
struct Header {
  std::array<int, N> col{};        // 0-based field index of each required column
  size_t width = 0;                // fields per row
  std::vector<std::string> names;  // header text of every field
};

template <size_t N>
absl::StatusOr<Header<N>> MapHeader(const CsvRow& row, const std::array<std::string_view, N>& want,
                                    std::string_view file) {
  Header<N> h;
  h.col.fill(-1);
  h.width = row.size();
  for (size_t i = 0; i < row.size(); ++i) {
    const std::string_view name = Trim(row.fields[i]);
    h.names.emplace_back(name);
    for (size_t k = 0; k < N; ++k) {
      if (name != want[k]) continue;
      if (h.col[k] >= 0) {
        return absl::InvalidArgumentError(Cat(file, ":", row.line, ":", i + 1,
                                                       ": column '", name, "' appears twice"));
      }
      h.col[k] = static_cast<int>(i);
    }
  }
  std::vector<std::string_view> missing;
  for (size_t k = 0; k < N; ++k) {
    if (h.col[k] < 0) missing.push_back(want[k]);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        Cat(file, ":", row.line, ": missing required column(s) ",
                     Join(missing, ", "), " (expected header: ",
                     Join(want, ","), ")"));
  }
  return h;
}

// Empty string when `s` is syntactically a USCC (18 characters of the right classes); the
// check character is *not* tested here.
std::string UsccSyntaxProblem(std::string_view s) {
  if (s.empty()) return "USCC is empty";
  if (s.size() != 18) return Cat("USCC has ", s.size(), " characters, expected 18");
  for (size_t i = 0; i < 18; ++i) {
    if (UsccCharValue(s[i]) < 0) {
      return Cat("USCC character ", i + 1, " ('", s.substr(i, 1),
                          "') is not in the character set 0-9 A-H J-N P-R T U W X Y");
    }
    if (i >= 2 && i < 8 && (s[i] < '0' || s[i] > '9')) {
      return Cat("USCC character ", i + 1, " ('", s.substr(i, 1),
                          "') must be a digit (administrative division code)");
    }
  }
  return "";
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// Parses a date (empty → kNoDay). Fast path for YYYY-MM-DD; ParseDate for the other spellings
// and for the error message.
bool ParseDay(std::string_view s, int32_t* out, std::string* error) {
  if (s.empty()) {
    *out = kNoDay;
    return true;
  }
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && AllDigits(s.substr(0, 4)) &&
      AllDigits(s.substr(5, 2)) && AllDigits(s.substr(8, 2))) {
    const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const int m = (s[5] - '0') * 10 + (s[6] - '0');
    const int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m)) {
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

std::string_view UsccView(const Uscc& u) { return std::string_view(u.data(), u.size()); }

// Collects the diagnostics of rejected rows.
class Rejects {
 public:
  explicit Rejects(size_t cap) : sink_(cap) {}
  void Reject(std::string code, std::string_view file, int line, int column,
              std::string_view field, std::string_view value, std::string message) {
    sink_.Error(std::move(code), SourceLoc{std::string(file), line, column}, std::string(field),
                std::string(value), std::move(message));
  }
  DiagnosticSink& sink() { return sink_; }

 private:
  DiagnosticSink sink_;
};

// Shared per-file row loop: skips the header, reports CSV syntax errors and wrong field counts.
// `fn(row)` returns nothing; it rejects through `rejects` itself.
template <size_t N, typename Fn>
absl::Status ForEachRow(std::string_view bytes, std::string_view file,
                        const std::array<std::string_view, N>& columns, Rejects& rejects,
                        size_t* rows_seen, size_t* rejected, Fn fn) {
  CsvReader reader(bytes);
  CsvRow row;
  if (!reader.Next(&row)) {
    return absl::InvalidArgumentError(
        Cat(file, ": empty file, expected the header line ", Join(columns, ",")));
  }
  absl::StatusOr<Header<N>> header = MapHeader(row, columns, file);
  if (!header.ok()) return header.status();
  size_t errors_seen = reader.errors().size();
  while (reader.Next(&row)) {
    ++*rows_seen;
    if (reader.errors().size() > errors_seen) {
      const CsvError& e = reader.errors()[errors_seen];
      errors_seen = reader.errors().size();
      const size_t c = static_cast<size_t>(e.column);
      const std::string_view field =
          c >= 1 && c <= row.size() ? std::string_view(row.fields[c - 1]) : std::string_view();
      const std::string_view name =
          c >= 1 && c <= header->width ? std::string_view(header->names[c - 1]) : "";
      rejects.Reject("csv-syntax", file, e.line, e.column, name, field.substr(0, 80), e.message);
      ++*rejected;
      continue;
    }
    if (row.size() != header->width) {
      // Point at the first missing field, or at the first extra one.
      const size_t k = std::min(row.size(), header->width);
      const std::string_view name = k < header->width ? std::string_view(header->names[k]) : "";
      const std::string_view value = k < row.size() ? std::string_view(row.fields[k]) : "";
      rejects.Reject("column-count", file, row.FieldLine(k), static_cast<int>(k) + 1, name,
                     value.substr(0, 80),
                     Cat("row has ", row.size(), " fields, the header has ",
                                  header->width));
      ++*rejected;
      continue;
    }
    fn(row, header->col);
  }
  return absl::OkStatus();
}

// USCC hash: the 18 bytes as three words, mixed (absl::Hash of std::array goes char by char).
struct UsccHash {
  size_t operator()(const Uscc& u) const {
    uint64_t a, b;
    uint16_t c;
    std::memcpy(&a, u.data(), 8);
    std::memcpy(&b, u.data() + 8, 8);
    std::memcpy(&c, u.data() + 16, 2);
    uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ (uint64_t{c} << 47)) * 0xBF58476D1CE4E5B9ull;
    return static_cast<size_t>(h ^ (h >> 31));
  }
};

struct EntitySeen {
  uint32_t index;  // into the population; kNoRow when the row was rejected
  int line;
};

struct PendingRecord {
  uint32_t entity;
  std::string id;
  uint8_t enums[6];  // department, record_kind, severity, penalty, procedure, sector
  uint8_t shown;
  int32_t dates[4];  // decision, publication, fulfilled, corrected
  int64_t fine;
};

constexpr InputDomain kRecordEnums[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                         InputDomain::kSeverity,   InputDomain::kPenalty,
                                         InputDomain::kProcedure,  InputDomain::kSector};

}  // namespace

absl::StatusOr<PopulationReadResult> ParsePopulation(const Dictionary& dict,
                                                     std::string_view entities_csv,
                                                     std::string_view records_csv,
                                                     std::string_view entities_name,
                                                     std::string_view records_name,
                                                     const ReadOptions& options) {
  PopulationReadResult result;
  Rejects rejects(options.max_diagnostics);
  const int platforms = dict.num_platforms();

  // ---- entities: appended to the population as they are accepted ----
  Population& pop = result.population;
  pop.Clear();
  pop.num_platforms = platforms;
  const size_t expect_entities = entities_csv.size() / 70 + 16;
  const size_t expect_records = records_csv.size() / 150 + 16;
  pop.Reserve(expect_entities, expect_records);
  // USCC → the entity defined by it (or kNoRow and the line of a rejected row).
  absl::flat_hash_map<Uscc, EntitySeen, UsccHash> seen;
  seen.reserve(expect_entities);
  absl::Status st = ForEachRow(
      entities_csv, entities_name, kEntityColumns, rejects, &result.entity_rows,
      &result.rejected_entities, [&](const CsvRow& row, const std::array<int, 6>& col) {
        auto field = [&](int k) -> std::string_view {
          return Trim(row.fields[col[k]]);
        };
        auto reject = [&](const char* code, int k, std::string_view value, std::string msg) {
          rejects.Reject(code, entities_name, row.FieldLine(col[k]), col[k] + 1, kEntityColumns[k],
                         value, std::move(msg));
          ++result.rejected_entities;
        };
        const std::string_view code = field(0);
        if (std::string problem = UsccSyntaxProblem(code); !problem.empty()) {
          return reject("bad-uscc", 0, code, std::move(problem));
        }
        const Uscc uscc = ToUscc(code);
        if (auto it = seen.find(uscc); it != seen.end() && it->second.index != kNoRow) {
          return reject("duplicate-uscc", 0, code,
                        Cat("USCC already defined on line ", it->second.line));
        }
        // A rejected row with a well-formed USCC is remembered (so that its records say why
        // they are rejected) but does not block a later, valid row for the same USCC.
        auto reject_known = [&](const char* c, int k, std::string_view value, std::string msg) {
          seen.try_emplace(uscc, EntitySeen{kNoRow, row.line});
          reject(c, k, value, std::move(msg));
        };
        const int status = dict.Find(InputDomain::kEntityStatus, field(2));
        if (status < 0) {
          return reject_known("unknown-enum", 2, field(2),
                              Cat("unknown entity_status code '", field(2), "'"));
        }
        int32_t registration = kNoDay;
        std::string error;
        if (!ParseDay(field(3), &registration, &error)) {
          return reject_known("bad-date", 3, field(3), error);
        }
        int64_t year = 0;
        if (!field(4).empty() && (!ParseNonNegative(field(4), 2199, &year) || year < 1900)) {
          return reject_known("bad-number", 4, field(4),
                              "last_report_year must be a year (1900-2199) or empty for never");
        }
        bool unreachable = false;
        if (!ParseBool(field(5), &unreachable)) {
          return reject_known("bad-bool", 5, field(5), "unreachable must be true or false");
        }
        seen.insert_or_assign(uscc,
                              EntitySeen{static_cast<uint32_t>(pop.num_entities()), row.line});
        pop.BeginEntity(uscc, row.fields[col[1]], static_cast<uint8_t>(status),
                        Date{registration}, static_cast<int16_t>(year), unreachable);
        if (!(pop.entity_flags.back() & kFlagUsccValid)) ++result.invalid_uscc;
      });
  if (!st.ok()) return st;

  // ---- records ----
  std::vector<PendingRecord> records;
  std::vector<int32_t> repaired;  // records.size() * platforms
  records.reserve(expect_records);
  absl::flat_hash_map<std::string, int> record_line;  // record_id → line
  record_line.reserve(expect_records);
  std::vector<int32_t> rep(platforms);
  st = ForEachRow(
      records_csv, records_name, kRecordColumns, rejects, &result.record_rows,
      &result.rejected_records, [&](const CsvRow& row, const std::array<int, 15>& col) {
        auto field = [&](int k) -> std::string_view {
          return Trim(row.fields[col[k]]);
        };
        auto reject = [&](const char* code, int k, std::string_view value, std::string msg) {
          rejects.Reject(code, records_name, row.FieldLine(col[k]), col[k] + 1, kRecordColumns[k],
                         value, std::move(msg));
          ++result.rejected_records;
        };
        PendingRecord r;
        const std::string_view id = field(0);
        if (id.empty()) return reject("missing-value", 0, id, "record_id is empty");
        if (auto it = record_line.find(AV(id)); it != record_line.end()) {
          return reject("duplicate-record-id", 0, id,
                        Cat("record_id already used on line ", it->second));
        }
        const std::string_view code = field(1);
        if (std::string problem = UsccSyntaxProblem(code); !problem.empty()) {
          return reject("bad-uscc", 1, code, std::move(problem));
        }
        if (auto it = seen.find(ToUscc(code)); it != seen.end()) {
          if (it->second.index == kNoRow) {
            return reject("entity-rejected", 1, code,
                          Cat("the entity's row (", entities_name, " line ", it->second.line,
                              ") was rejected"));
          }
          r.entity = it->second.index;
        } else {
          return reject("unknown-uscc", 1, code,
                        Cat("USCC is not in ", entities_name));
        }
        for (int k = 0; k < 6; ++k) {
          const int v = dict.Find(kRecordEnums[k], field(2 + k));
          if (v < 0) {
            return reject("unknown-enum", 2 + k, field(2 + k),
                          Cat("unknown ", InputDomainName(kRecordEnums[k]), " code '",
                                       field(2 + k), "'"));
          }
          r.enums[k] = static_cast<uint8_t>(v);
        }
        constexpr int kDateCols[4] = {8, 9, 11, 12};
        std::string error;
        for (int k = 0; k < 4; ++k) {
          if (!ParseDay(field(kDateCols[k]), &r.dates[k], &error)) {
            return reject("bad-date", kDateCols[k], field(kDateCols[k]), error);
          }
        }
        r.fine = 0;
        if (!field(10).empty() && !ParseNonNegative(field(10), int64_t{1} << 53, &r.fine)) {
          return reject("bad-number", 10, field(10),
                        "fine_yuan must be a whole, non-negative number of yuan");
        }
        // shown_on: platform codes joined by '|'.
        r.shown = 0;
        const std::string_view shown = field(13);
        for (size_t pos = 0; !shown.empty() && pos <= shown.size();) {
          const size_t bar = std::min(shown.find('|', pos), shown.size());
          const std::string_view tok = Trim(shown.substr(pos, bar - pos));
          const int p = dict.Find(InputDomain::kPlatform, tok);
          if (p < 0) {
            return reject("unknown-enum", 13, tok.empty() ? shown : tok,
                          tok.empty() ? std::string("empty platform code in shown_on")
                                      : Cat("unknown platform code '", tok, "'"));
          }
          r.shown |= static_cast<uint8_t>(1u << p);
          pos = bar + 1;
        }
        // repaired_on: platform:YYYY-MM-DD joined by '|'.
        std::fill(rep.begin(), rep.end(), kNoDay);
        const std::string_view rv = field(14);
        for (size_t pos = 0; !rv.empty() && pos <= rv.size();) {
          const size_t bar = std::min(rv.find('|', pos), rv.size());
          const std::string_view tok = Trim(rv.substr(pos, bar - pos));
          pos = bar + 1;
          const size_t colon = tok.find(':');
          if (colon == std::string_view::npos) {
            return reject("bad-repaired", 14, tok.empty() ? rv : tok,
                          "repaired_on entries are platform:YYYY-MM-DD joined by '|'");
          }
          const std::string_view pcode = Trim(tok.substr(0, colon));
          const int p = dict.Find(InputDomain::kPlatform, pcode);
          if (p < 0) {
            return reject("unknown-enum", 14, pcode,
                          Cat("unknown platform code '", pcode, "'"));
          }
          if (rep[p] != kNoDay) {
            return reject("bad-repaired", 14, tok,
                          Cat("platform '", pcode, "' is listed twice in repaired_on"));
          }
          const std::string_view dtext = Trim(tok.substr(colon + 1));
          if (dtext.empty() || !ParseDay(dtext, &rep[p], &error)) {
            return reject("bad-date", 14, dtext,
                          dtext.empty() ? std::string("repaired_on date is empty") : error);
          }
        }
        record_line.emplace(std::string(id), row.line);
        r.id = std::string(id);
        records.push_back(std::move(r));
        repaired.insert(repaired.end(), rep.begin(), rep.end());
      });
  if (!st.ok()) return st;

  // ---- group records by entity (stable: file order within an entity) ----
  const size_t n = pop.num_entities();
  std::vector<uint32_t>& begin = pop.record_begin;  // BeginEntity left n zero-based slots
  begin.assign(n + 1, 0);
  for (const PendingRecord& r : records) ++begin[r.entity + 1];
  for (size_t e = 0; e < n; ++e) begin[e + 1] += begin[e];
  std::vector<uint32_t> order(records.size());
  {
    std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
    for (uint32_t i = 0; i < records.size(); ++i) order[next[records[i].entity]++] = i;
  }
  for (const uint32_t i : order) {
    const PendingRecord& r = records[i];
    pop.AddRecord(r.id, r.enums[0], r.enums[1], r.enums[2], r.enums[3], r.enums[4], r.enums[5],
                  r.shown, r.dates[0], r.dates[1], r.dates[2], r.dates[3], r.fine,
                  repaired.data() + static_cast<size_t>(i) * platforms);
  }

  result.diagnostics = rejects.sink().diagnostics();
  result.dropped_diagnostics = rejects.sink().dropped();
  return result;
}

absl::StatusOr<PopulationReadResult> ReadPopulation(const Dictionary& dict,
                                                    const std::string& entities_path,
                                                    const std::string& records_path,
                                                    const ReadOptions& options) {
  absl::StatusOr<std::string> entities = ReadTextFile(entities_path);
  if (!entities.ok()) return entities.status();
  absl::StatusOr<std::string> records = ReadTextFile(records_path);
  if (!records.ok()) return records.status();
  return ParsePopulation(dict, *entities, *records, entities_path, records_path, options);
}

// ---------------------------------------------------------------------------------------------
// Writing

namespace {

void AppendDay(std::string* out, int32_t days) {
  if (days == kNoDay) return;
  const YearMonthDay ymd = ToYmd(Date{days});
  char buf[16];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", ymd.year, ymd.month, ymd.day);
  out->append(buf, n);
}

template <size_t N>
void AppendHeader(std::string* out, const std::array<std::string_view, N>& columns) {
  out->append(Join(columns, ","));
  out->push_back('\n');
}

}  // namespace

std::string FormatEntitiesCsv(const Population& pop, const Dictionary& dict) {
  std::string out;
  out.reserve(64 + pop.num_entities() * 80);
  AppendHeader(&out, kEntityColumns);
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    out.append(UsccView(pop.uscc[e]));
    out.push_back(',');
    AppendCsvField(&out, pop.name[e]);
    out.push_back(',');
    AppendCsvField(&out, dict.Code(InputDomain::kEntityStatus, pop.entity_status[e]));
    out.push_back(',');
    AppendDay(&out, pop.registration_date[e]);
    out.push_back(',');
    if (pop.last_report_year[e] != 0) Append(&out, pop.last_report_year[e]);
    out.append((pop.entity_flags[e] & kFlagUnreachable) ? ",true\n" : ",false\n");
  }
  return out;
}

std::string FormatRecordsCsv(const Population& pop, const Dictionary& dict) {
  std::string out;
  out.reserve(256 + pop.num_records() * 200);
  AppendHeader(&out, kRecordColumns);
  const int platforms = pop.num_platforms;
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      AppendCsvField(&out, pop.record_id[r]);
      out.push_back(',');
      out.append(UsccView(pop.uscc[e]));
      const uint8_t enums[6] = {pop.department[r], pop.record_kind[r], pop.severity[r],
                                pop.penalty[r],    pop.procedure[r],   pop.sector[r]};
      for (int k = 0; k < 6; ++k) {
        out.push_back(',');
        AppendCsvField(&out, dict.Code(kRecordEnums[k], enums[k]));
      }
      out.push_back(',');
      AppendDay(&out, pop.decision_date[r]);
      out.push_back(',');
      AppendDay(&out, pop.publication_date[r]);
      out.push_back(',');
      Append(&out, pop.fine_yuan[r]);
      out.push_back(',');
      AppendDay(&out, pop.fulfilled_date[r]);
      out.push_back(',');
      AppendDay(&out, pop.corrected_date[r]);
      out.push_back(',');
      bool first = true;
      for (int p = 0; p < platforms; ++p) {
        if (!((pop.shown_mask[r] >> p) & 1)) continue;
        if (!first) out.push_back('|');
        first = false;
        out.append(dict.Code(InputDomain::kPlatform, p));
      }
      out.push_back(',');
      first = true;
      for (int p = 0; p < platforms; ++p) {
        const int32_t day = pop.repaired[static_cast<size_t>(r) * platforms + p];
        if (day == kNoDay) continue;
        if (!first) out.push_back('|');
        first = false;
        out.append(dict.Code(InputDomain::kPlatform, p));
        out.push_back(':');
        AppendDay(&out, day);
      }
      out.push_back('\n');
    }
  }
  return out;
}

absl::Status WriteEntitiesCsv(const Population& pop, const Dictionary& dict,
                              const std::string& path) {
  return WriteTextFile(path, FormatEntitiesCsv(pop, dict));
}

absl::Status WriteRecordsCsv(const Population& pop, const Dictionary& dict,
                             const std::string& path) {
  return WriteTextFile(path, FormatRecordsCsv(pop, dict));
}

}  // namespace xiufu
