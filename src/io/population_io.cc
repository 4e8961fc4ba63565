// Reading and writing entities.csv / records.csv. Reading is a thin adapter: it splits rows,
// maps the header and hands the fields to PopulationBuilder, which validates them. Tested by
// tests/population_io_test.cc.
#include "xiufu/population_io.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "base/csv_reader.h"
#include "base/csv_write.h"
#include "base/str_util.h"
#include "base/text_file.h"
#include "io/line_rows.h"
#include "io/row_batch.h"
#include "xiufu/runtime/parallel_for.h"

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

// Shared per-file row loop: skips the header, rejects rows with CSV syntax errors and wrong
// field counts through `reject`, hands the others to `fn(row, header)`.
// ',' — or a tab when the header line has tabs and no comma (Excel's "Unicode text").
char Separator(std::string_view text) {
  const std::string_view header = text.substr(0, text.find_first_of("\r\n"));
  return header.find(',') == std::string_view::npos &&
                 header.find('\t') != std::string_view::npos
             ? '\t'
             : ',';
}

// How ForEachRow splits the rows that lie on one line each: on `threads` threads (<= 0: all
// cores), in pieces of about `piece_bytes` of the file, four pieces a thread at a time.
struct LineSplit {
  int threads = 1;
  size_t piece_bytes = 0;
};

// Reads `bytes` as a CSV file with a header of `columns`: `on_header(header)` once, then for
// every data row in file order `reject(diagnostic)` (CSV syntax errors, wrong field counts) or
// the row itself. With `split` (not null), runs of lines that are rows by themselves are split
// on the threads and go to `fn_line(line, fields)` (the fields of the header's width, views into
// `bytes`); from the first line that needs more (a quoted line break, a CSV syntax error) on,
// and without `split`, rows go to `fn(row, header)` as CsvReader reads them. The rows, lines and
// diagnostics are the same either way.
template <size_t N, typename OnHeader, typename Reject, typename Fn, typename FnLine>
absl::Status ForEachRow(std::string_view bytes, std::string_view file,
                        const std::array<std::string_view, N>& columns, const LineSplit* split,
                        OnHeader on_header, Reject reject, Fn fn, FnLine fn_line) {
  const char separator = Separator(bytes);
  CsvReader reader(bytes, separator);
  CsvRow row;
  if (!reader.Next(&row)) {
    return absl::InvalidArgumentError(
        Cat(file, ": empty file, expected the header line ", Join(columns, ",")));
  }
  absl::StatusOr<Header<N>> header = MapHeader(row, columns, file);
  if (!header.ok()) return header.status();
  on_header(*header);
  auto diagnostic = [&](const char* code, int line, int column, std::string_view field,
                        std::string_view value, std::string message) {
    Diagnostic d;
    d.code = code;
    d.loc = SourceLoc{std::string(file), line, column};
    d.field = std::string(field);
    d.value = std::string(value);
    d.message = std::move(message);
    return d;
  };
  // A row of `size` fields (field(k), on line field_line(k)) against the header's width.
  auto column_count = [&](size_t size, auto field, auto field_line) {
    // Point at the first missing field, or at the first extra one.
    const size_t k = std::min(size, header->width);
    const std::string_view name = k < header->width ? std::string_view(header->names[k]) : "";
    const std::string_view value = k < size ? field(k) : std::string_view();
    return diagnostic("column-count", field_line(k), static_cast<int>(k) + 1, name,
                      value.substr(0, 80),
                      Cat("row has ", size, " fields, the header has ", header->width));
  };
  if (split != nullptr) {
    const std::vector<size_t> cuts = CutAtLines(bytes, reader.pos(), split->piece_bytes);
    const size_t pieces = cuts.size() - 1;
    const size_t wave = 4 * static_cast<size_t>(ResolveThreads(split->threads));
    std::vector<LineRows> scanned(std::min(wave, pieces));
    int line = reader.line();
    bool stopped = false;
    for (size_t first = 0; first < pieces && !stopped; first += wave) {
      const size_t n = std::min(wave, pieces - first);
      ParallelFor(split->threads, n, [&](size_t i) {
        ScanLineRows(bytes, cuts[first + i], cuts[first + i + 1], separator, &scanned[i]);
      });
      for (size_t i = 0; i < n && !stopped; ++i) {
        const LineRows& piece = scanned[i];
        for (size_t r = 0; r < piece.rows(); ++r) {
          const int at = line + static_cast<int>(piece.line_offset[r]);
          const std::string_view* fields = piece.row(r);
          if (piece.width(r) != header->width) {
            reject(column_count(
                piece.width(r), [&](size_t k) { return fields[k]; }, [&](size_t) { return at; }));
          } else {
            fn_line(at, fields);
          }
        }
        line += static_cast<int>(piece.lines);
        if (piece.stop != std::string_view::npos) {
          // CsvReader takes over at the line the split could not settle, to the end.
          reader = CsvReader(bytes, separator, piece.stop, line);
          stopped = true;
        }
      }
    }
    if (!stopped) return absl::OkStatus();
  }
  size_t errors_seen = reader.errors().size();
  while (reader.Next(&row)) {
    if (reader.errors().size() > errors_seen) {
      const CsvError& e = reader.errors()[errors_seen];
      errors_seen = reader.errors().size();
      const size_t c = static_cast<size_t>(e.column);
      const std::string_view field =
          c >= 1 && c <= row.size() ? std::string_view(row.fields[c - 1]) : std::string_view();
      const std::string_view name =
          c >= 1 && c <= header->width ? std::string_view(header->names[c - 1]) : "";
      reject(diagnostic("csv-syntax", e.line, e.column, name, field.substr(0, 80), e.message));
      continue;
    }
    if (row.size() != header->width) {
      reject(column_count(
          row.size(), [&](size_t k) { return std::string_view(row.fields[k]); },
          [&](size_t k) { return row.FieldLine(k); }));
      continue;
    }
    fn(row, *header);
  }
  return absl::OkStatus();
}

// The pack's custom columns of one scope in a file: the field index of each (by ordinal; -1
// when the file lacks it — the builder notes that once and every row takes the default).
struct CustomFields {
  std::vector<int> field;
  std::vector<Input<int64_t>> values;  // one row's, reused

  template <size_t N>
  void Map(const Header<N>& h, const Dictionary& dict, FactScope scope, std::string_view file,
           PopulationBuilder& builder) {
    field.assign(static_cast<size_t>(dict.NumColumns(scope)), -1);
    for (size_t k = 0; k < field.size(); ++k) {
      const std::string& name = dict.Column(scope, static_cast<int>(k))->name;
      for (size_t i = 0; i < h.names.size(); ++i) {
        if (h.names[i] == name) field[k] = static_cast<int>(i);
      }
      if (field[k] < 0) builder.NoteMissingColumn(scope, static_cast<int>(k), file);
    }
    values.resize(field.size());
  }
  absl::Span<const Input<int64_t>> Of(const CsvRow& row) {
    for (size_t k = 0; k < field.size(); ++k) {
      values[k] = field[k] < 0 ? Input<int64_t>() : Input<int64_t>(std::string_view(row.fields[field[k]]));
    }
    return values;
  }
};

// The place of a row's fields for the builder: the 1-based column of each field (fixed by the
// header; custom columns after the N fixed ones) and the line each starts on (differs from the
// row's line after a quoted newline).
template <size_t N>
struct RowPlace {
  std::vector<int> columns;
  std::vector<int> lines;
  RowPlace(const Header<N>& h, const CustomFields& custom) {
    for (size_t k = 0; k < N; ++k) columns.push_back(h.col[k] + 1);
    for (int f : custom.field) columns.push_back(f + 1);  // 0 = absent
    lines.resize(columns.size());
  }
  InputRow At(std::string_view file, const CsvRow& row) {
    for (size_t k = 0; k < columns.size(); ++k) {
      lines[k] = columns[k] > 0 ? row.FieldLine(static_cast<size_t>(columns[k] - 1)) : row.line;
    }
    return InputRow{file, row.line, columns, lines};
  }
};

// Field k of every row of `b` as one Input column (text for the builder to parse; empty text is
// absent, as for a row given by itself).
template <typename T>
void FieldColumn(const RowBatch& b, size_t k, std::vector<Input<T>>* out, ColumnInput<T>* col) {
  out->resize(b.rows());
  for (size_t i = 0; i < b.rows(); ++i) (*out)[i] = Input<T>(b.Field(i, k));
  col->inputs = *out;
}
void TextFieldColumn(const RowBatch& b, size_t k, std::vector<std::string_view>* out,
                     TextColumn* col) {
  out->resize(b.rows());
  for (size_t i = 0; i < b.rows(); ++i) (*out)[i] = b.Field(i, k);
  col->values = *out;
}

// What a batch of entity rows becomes for AddEntities (RowBatch fields: the kEntityColumns in
// order, then the custom columns by ordinal); the buffers are kept from batch to batch.
struct EntityBatchColumns {
  std::vector<std::string_view> uscc, name;
  std::vector<CodeInput> status;
  std::vector<Input<Date>> registration;
  std::vector<Input<int64_t>> year;
  std::vector<Input<bool>> unreachable;
  std::vector<std::vector<Input<int64_t>>> custom;
  std::vector<ColumnInput<int64_t>> custom_columns;

  void Flush(RowBatch& b, PopulationBuilder& builder, InputRow where, int threads) {
    if (b.rows() == 0) return;
    EntityColumns c;
    c.rows = b.rows();
    TextFieldColumn(b, 0, &uscc, &c.uscc);
    TextFieldColumn(b, 1, &name, &c.name);
    FieldColumn(b, 2, &status, &c.status);
    FieldColumn(b, 3, &registration, &c.registration_date);
    FieldColumn(b, 4, &year, &c.last_report_year);
    FieldColumn(b, 5, &unreachable, &c.unreachable);
    for (size_t k = 0; k < custom.size(); ++k) {
      FieldColumn(b, kEntityColumns.size() + k, &custom[k], &custom_columns[k]);
    }
    c.custom = custom_columns;
    where.line = b.first_line();
    builder.AddEntities(c, where, threads);
    b.Clear();
  }
};

// The same for record rows and AddRecords.
struct RecordBatchColumns {
  std::vector<std::string_view> id, uscc;
  std::vector<CodeInput> codes[6];
  std::vector<Input<Date>> dates[4];  // decision, publication, fulfilled, corrected
  std::vector<Input<int64_t>> fine;
  std::vector<Input<uint32_t>> shown;
  std::vector<Input<absl::Span<const Date>>> repaired;
  std::vector<std::vector<Input<int64_t>>> custom;
  std::vector<ColumnInput<int64_t>> custom_columns;

  void Flush(RowBatch& b, PopulationBuilder& builder, InputRow where, int threads) {
    if (b.rows() == 0) return;
    RecordColumns c;
    c.rows = b.rows();
    TextFieldColumn(b, 0, &id, &c.record_id);
    TextFieldColumn(b, 1, &uscc, &c.uscc);
    ColumnInput<int>* enums[6] = {&c.department, &c.record_kind, &c.severity,
                                  &c.penalty,    &c.procedure,   &c.sector};
    for (size_t k = 0; k < 6; ++k) FieldColumn(b, 2 + k, &codes[k], enums[k]);
    FieldColumn(b, 8, &dates[0], &c.decision_date);
    FieldColumn(b, 9, &dates[1], &c.publication_date);
    FieldColumn(b, 10, &fine, &c.fine_yuan);
    FieldColumn(b, 11, &dates[2], &c.fulfilled_date);
    FieldColumn(b, 12, &dates[3], &c.corrected_date);
    FieldColumn(b, 13, &shown, &c.shown_on);
    FieldColumn(b, 14, &repaired, &c.repaired_on);
    for (size_t k = 0; k < custom.size(); ++k) {
      FieldColumn(b, kRecordColumns.size() + k, &custom[k], &custom_columns[k]);
    }
    c.custom = custom_columns;
    where.line = b.first_line();
    builder.AddRecords(c, where, threads);
    b.Clear();
  }
};

// The fields a batch keeps of each row: the required columns in order, then the custom ones
// (-1 where the file has none).
template <size_t N>
std::vector<int> BatchFields(const Header<N>& h, const CustomFields& custom) {
  std::vector<int> take(h.col.begin(), h.col.end());
  take.insert(take.end(), custom.field.begin(), custom.field.end());
  return take;
}

// Both files decoded (DecodeText); the rows handed to the builder: in batches of consecutive
// one-line rows through its columnar entry (options.batch_rows), any other row by itself.
absl::StatusOr<PopulationReadResult> ParseDecoded(const Dictionary& dict, DecodedText entities,
                                                  DecodedText records,
                                                  std::string_view entities_name,
                                                  std::string_view records_name,
                                                  const ReadOptions& options) {
  const std::string_view entities_csv = entities.text, records_csv = records.text;
  BuildOptions build = options;
  if (build.entity_source.empty()) build.entity_source = std::string(entities_name);
  PopulationBuilder builder(dict, std::move(build));
  builder.Reserve(entities_csv.size() / 70 + 16, records_csv.size() / 150 + 16, entities_csv.size());

  CustomFields custom;
  const bool batches = options.batch_rows > 0;
  const LineSplit split{.threads = options.threads, .piece_bytes = options.split_bytes};
  const LineSplit* line_split = batches && options.split_bytes > 0 ? &split : nullptr;
  RowBatch batch(options.batch_rows);
  std::vector<int> take;

  std::optional<RowPlace<6>> entity_place;
  EntityBatchColumns entity_columns;
  auto flush_entities = [&] {
    entity_columns.Flush(batch, builder, InputRow{entities_name, 0, entity_place->columns},
                         options.threads);
  };
  absl::Status st = ForEachRow(
      entities_csv, entities_name, kEntityColumns, line_split,
      [&](const Header<6>& h) {
        custom.Map(h, dict, FactScope::kEntity, entities_name, builder);
        entity_place.emplace(h, custom);
        take = BatchFields(h, custom);
        entity_columns.custom.resize(custom.field.size());
        entity_columns.custom_columns.resize(custom.field.size());
      },
      [&](Diagnostic d) {
        if (batches) flush_entities();
        builder.RejectEntityRow(std::move(d));
      },
      [&](const CsvRow& row, const Header<6>& h) {
        if (batches) {
          if (!batch.Takes(row)) flush_entities();
          if (batch.Takes(row)) {
            batch.Add(row, take);
            return;
          }
        }
        const auto f = [&](int k) -> std::string_view { return row.fields[h.col[k]]; };
        builder.AddEntity({.uscc = f(0),
                           .name = f(1),
                           .status = f(2),
                           .registration_date = f(3),
                           .last_report_year = f(4),
                           .unreachable = f(5),
                           .custom = custom.Of(row)},
                          entity_place->At(entities_name, row));
      },
      [&](int line, const std::string_view* fields) {
        if (!batch.TakesLine(line)) flush_entities();
        batch.AddViews(line, fields, take, entities_csv);
      });
  if (!st.ok()) return st;
  if (batches) flush_entities();

  std::optional<RowPlace<15>> record_place;
  RecordBatchColumns record_columns;
  auto flush_records = [&] {
    record_columns.Flush(batch, builder, InputRow{records_name, 0, record_place->columns},
                         options.threads);
  };
  st = ForEachRow(
      records_csv, records_name, kRecordColumns, line_split,
      [&](const Header<15>& h) {
        custom.Map(h, dict, FactScope::kRecord, records_name, builder);
        record_place.emplace(h, custom);
        take = BatchFields(h, custom);
        record_columns.custom.resize(custom.field.size());
        record_columns.custom_columns.resize(custom.field.size());
      },
      [&](Diagnostic d) {
        if (batches) flush_records();
        builder.RejectRecordRow(std::move(d));
      },
      [&](const CsvRow& row, const Header<15>& h) {
        if (batches) {
          if (!batch.Takes(row)) flush_records();
          if (batch.Takes(row)) {
            batch.Add(row, take);
            return;
          }
        }
        const auto f = [&](int k) -> std::string_view { return row.fields[h.col[k]]; };
        builder.AddRecord({.record_id = f(0),
                           .uscc = f(1),
                           .department = f(2),
                           .record_kind = f(3),
                           .severity = f(4),
                           .penalty = f(5),
                           .procedure = f(6),
                           .sector = f(7),
                           .decision_date = f(8),
                           .publication_date = f(9),
                           .fine_yuan = f(10),
                           .fulfilled_date = f(11),
                           .corrected_date = f(12),
                           .shown_on = f(13),
                           .repaired_on = f(14),
                           .custom = custom.Of(row)},
                          record_place->At(records_name, row));
      },
      [&](int line, const std::string_view* fields) {
        if (!batch.TakesLine(line)) flush_records();
        batch.AddViews(line, fields, take, records_csv);
      });
  if (!st.ok()) return st;
  if (batches) flush_records();
  PopulationReadResult out;
  static_cast<PopulationBuild&>(out) = std::move(builder).Finish();
  for (const Diagnostic& d : out.notices) out.notes.push_back(Cat("xiufu: ", d.message));
  const std::pair<const DecodedText*, std::string_view> files[2] = {{&entities, entities_name},
                                                                    {&records, records_name}};
  for (const auto& [decoded, name] : files) {
    if (!decoded->note.empty()) out.notes.push_back(decoded->note);
    if (Separator(decoded->text) == '\t') {
      out.notes.push_back(Cat("xiufu: ", name, " 按制表符分隔读取（Excel「Unicode 文本」） / read as "
                              "tab-separated (Excel's \"Unicode text\")"));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<PopulationReadResult> ParsePopulation(const Dictionary& dict,
                                                     std::string_view entities_csv,
                                                     std::string_view records_csv,
                                                     std::string_view entities_name,
                                                     std::string_view records_name,
                                                     const ReadOptions& options) {
  absl::StatusOr<TextEncoding> encoding = ParseTextEncoding(options.encoding);
  if (!encoding.ok()) return encoding.status();
  absl::StatusOr<DecodedText> entities =
      DecodeText(std::string(entities_csv), entities_name, *encoding, options.threads);
  if (!entities.ok()) return entities.status();
  absl::StatusOr<DecodedText> records =
      DecodeText(std::string(records_csv), records_name, *encoding, options.threads);
  if (!records.ok()) return records.status();
  return ParseDecoded(dict, *std::move(entities), *std::move(records), entities_name,
                      records_name, options);
}

absl::StatusOr<PopulationReadResult> ReadPopulation(const Dictionary& dict,
                                                    const std::string& entities_path,
                                                    const std::string& records_path,
                                                    const ReadOptions& options) {
  absl::StatusOr<TextEncoding> encoding = ParseTextEncoding(options.encoding);
  if (!encoding.ok()) return encoding.status();
  // The two files read at once, then each decoded on the threads.
  absl::StatusOr<std::string> bytes[2];
  ParallelFor(options.threads, 2, [&](size_t i) {
    bytes[i] = ReadTextFile(i == 0 ? entities_path : records_path);
  });
  if (!bytes[0].ok()) return bytes[0].status();
  absl::StatusOr<DecodedText> entities =
      DecodeText(*std::move(bytes[0]), entities_path, *encoding, options.threads);
  if (!entities.ok()) return entities.status();
  if (!bytes[1].ok()) return bytes[1].status();
  absl::StatusOr<DecodedText> records =
      DecodeText(*std::move(bytes[1]), records_path, *encoding, options.threads);
  if (!records.ok()) return records.status();
  return ParseDecoded(dict, *std::move(entities), *std::move(records), entities_path,
                      records_path, options);
}

// ---------------------------------------------------------------------------------------------
// Writing

namespace {

std::string_view UsccView(const Uscc& u) { return std::string_view(u.data(), u.size()); }

constexpr InputDomain kRecordEnums[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                         InputDomain::kSeverity,   InputDomain::kPenalty,
                                         InputDomain::kProcedure,  InputDomain::kSector};

void AppendDay(std::string* out, int32_t days) {
  if (days == kNoDay) return;
  const YearMonthDay ymd = ToYmd(Date{days});
  char buf[16];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", ymd.year, ymd.month, ymd.day);
  out->append(buf, n);
}

// The fixed columns, then the pack's custom columns of `scope`.
template <size_t N>
void AppendHeader(std::string* out, const std::array<std::string_view, N>& columns,
                  const Dictionary& dict, FactScope scope) {
  out->append(Join(columns, ","));
  for (int k = 0; k < dict.NumColumns(scope); ++k) Append(out, ",", dict.Column(scope, k)->name);
  out->push_back('\n');
}

// One custom value as the reader takes it back: a code, true/false, a number, a date; empty
// when missing.
void AppendCustom(std::string* out, const Dictionary& dict, FactScope scope, int k, int64_t v) {
  out->push_back(',');
  if (v == kNull) return;
  const CustomColumn* c = dict.Column(scope, k);
  switch (c->type) {
    case FactType::kEnum:
      AppendCsvField(out, dict.ColumnCodes(static_cast<size_t>(c - dict.Columns().data()))
                              .Code(static_cast<int>(v)));
      break;
    case FactType::kBool: out->append(v ? "true" : "false"); break;
    case FactType::kDate: AppendDay(out, static_cast<int32_t>(v)); break;
    default: Append(out, v);
  }
}

}  // namespace

std::string FormatEntitiesCsv(const Population& pop, const Dictionary& dict,
                              const CsvStyle& style) {
  std::string out;
  out.reserve(64 + pop.num_entities() * 80);
  if (style.bom) out.append(kUtf8Bom);
  AppendHeader(&out, kEntityColumns, dict, FactScope::kEntity);
  const int ne = dict.NumColumns(FactScope::kEntity);
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    AppendCsvId(&out, UsccView(pop.uscc[e]), style.excel_text);
    out.push_back(',');
    AppendCsvField(&out, pop.name[e]);
    out.push_back(',');
    AppendCsvField(&out, dict.Code(InputDomain::kEntityStatus, pop.entity_status[e]));
    out.push_back(',');
    AppendDay(&out, pop.registration_date[e]);
    out.push_back(',');
    if (pop.last_report_year[e] != 0) Append(&out, pop.last_report_year[e]);
    out.append((pop.entity_flags[e] & kFlagUnreachable) ? ",true" : ",false");
    for (int k = 0; k < ne; ++k) {
      AppendCustom(&out, dict, FactScope::kEntity, k,
                   k < pop.num_entity_custom ? pop.EntityCustom(e, k) : dict.Column(FactScope::kEntity, k)->default_value);
    }
    out.push_back('\n');
  }
  return out;
}

std::string FormatRecordsCsv(const Population& pop, const Dictionary& dict,
                             const CsvStyle& style) {
  std::string out;
  out.reserve(256 + pop.num_records() * 200);
  if (style.bom) out.append(kUtf8Bom);
  AppendHeader(&out, kRecordColumns, dict, FactScope::kRecord);
  const int nr = dict.NumColumns(FactScope::kRecord);
  const int platforms = pop.num_platforms;
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      AppendCsvId(&out, pop.record_id[r], style.excel_text);
      out.push_back(',');
      AppendCsvId(&out, UsccView(pop.uscc[e]), style.excel_text);
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
        const int32_t day = pop.repaired.At(r, p);
        if (day == kNoDay) continue;
        if (!first) out.push_back('|');
        first = false;
        out.append(dict.Code(InputDomain::kPlatform, p));
        out.push_back(':');
        AppendDay(&out, day);
      }
      for (int k = 0; k < nr; ++k) {
        AppendCustom(&out, dict, FactScope::kRecord, k,
                     k < pop.num_record_custom ? pop.RecordCustom(r, k) : dict.Column(FactScope::kRecord, k)->default_value);
      }
      out.push_back('\n');
    }
  }
  return out;
}

absl::Status WriteEntitiesCsv(const Population& pop, const Dictionary& dict,
                              const std::string& path, const CsvStyle& style) {
  return WriteTextFile(path, FormatEntitiesCsv(pop, dict, style));
}

absl::Status WriteRecordsCsv(const Population& pop, const Dictionary& dict,
                             const std::string& path, const CsvStyle& style) {
  return WriteTextFile(path, FormatRecordsCsv(pop, dict, style));
}

}  // namespace xiufu
