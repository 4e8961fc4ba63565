// xiufu CSV reading — an RFC 4180 reader that remembers where every field came from, for the
// rule-pack loader and the input-data readers.
//
// Accepted: fields separated by ',', rows ended by LF, CRLF or a lone CR, quoted fields with
// doubled quotes ("a ""b"""), commas and line breaks inside quoted fields, a leading UTF-8
// byte-order mark. A completely empty line produces no row. Fields are returned verbatim (no
// whitespace trimming; callers decide). Problems (an unterminated quote, text after a closing
// quote) are reported as CsvError values and reading goes on with a best-effort field. A quote
// that is never closed — or whose closing quote on a later line is followed by text — is taken
// as a stray one: its field ends at the end of the line it opened on and the next line is read
// as the next row, so one stray quote never swallows the rest of the file. The separator is ','
// unless the reader is given another (a tab for Excel's "Unicode text").
//
// Usage, whole file:
//   CsvFile f = ParseCsv(bytes);
//   for (const CsvRow& r : f.rows) ... r.line, r.fields[i], r.FieldLine(i) ...
// Usage, one row at a time (no per-file row vector; the row's buffers are reused):
//   CsvReader reader(bytes);
//   CsvRow row;
//   while (reader.Next(&row)) { ... }
//   for (const CsvError& e : reader.errors()) ...
//
// Columns are 1-based field numbers, lines are 1-based physical lines. The reader only views
// `bytes`; they must outlive it. Not thread-safe; use one reader per thread.
#ifndef XIUFU_SRC_CSV_READER_H_
#define XIUFU_SRC_CSV_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xiufu {

struct CsvRow {
  int line = 0;                     // physical line the row starts on
  std::vector<std::string> fields;  // unquoted field text; at least one field
  std::vector<int> lines;           // physical line each field starts on

  size_t size() const { return fields.size(); }
  // The line field `i` (0-based) starts on; differs from `line` only after a quoted field
  // with embedded line breaks.
  int FieldLine(size_t i) const { return i < lines.size() ? lines[i] : line; }
};

struct CsvError {
  int line = 0;
  int column = 0;  // 1-based field number
  std::string message;
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view bytes, char delimiter = ',');
  // Reads `bytes` from offset `pos`, a row start on physical line `line` (where another reader
  // of the same bytes stopped, see pos() and line()).
  CsvReader(std::string_view bytes, char delimiter, size_t pos, int line)
      : in_(bytes), delim_(delimiter), pos_(pos), line_(line) {}

  // Reads the next row into *row (replacing its contents). Returns false at end of input.
  bool Next(CsvRow* row);
  const std::vector<CsvError>& errors() const { return errors_; }
  // Where the next row starts: its offset in the bytes and its physical line.
  size_t pos() const { return pos_; }
  int line() const { return line_; }

 private:
  std::string_view in_;
  char delim_ = ',';
  size_t pos_ = 0;
  int line_ = 1;
  std::vector<CsvError> errors_;
};

struct CsvFile {
  std::vector<CsvRow> rows;
  std::vector<CsvError> errors;
};

CsvFile ParseCsv(std::string_view bytes);

}  // namespace xiufu

#endif  // XIUFU_SRC_CSV_READER_H_
