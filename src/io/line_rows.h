// LineRows: the rows of a piece of a CSV file that each lie on one line, split into fields
// without copying — what the population reader tokenizes on its threads, piece by piece, before
// handing the rows to the builder in file order.
//
// ScanLineRows reads whole lines of [begin, end) of a text with CsvReader's rules restricted to
// one line: fields split at the separator, a field that starts with '"' quoted ("" for a quote),
// an empty line no row, LF or CRLF ends. It stops at the first line those rules cannot settle
// alone — a quoted field not closed on its line (it may hold a line break), text after a
// closing quote, a lone CR — and says where; CsvReader reads from there (base/csv_reader.h), so
// the rows, lines and diagnostics are the same as reading the file with CsvReader throughout.
// Internal to the population reader; one LineRows per thread.
#ifndef XIUFU_SRC_IO_LINE_ROWS_H_
#define XIUFU_SRC_IO_LINE_ROWS_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace xiufu {

struct LineRows {
  // Row i: fields [field_begin[i], field_begin[i + 1]) of `fields`, on line first_line +
  // line_offset[i] (first_line: the piece's first line, set by the caller).
  std::vector<uint32_t> line_offset;
  std::vector<uint32_t> field_begin;        // rows() + 1 entries
  std::vector<std::string_view> fields;     // views into the text, or into `unescaped`
  std::deque<std::string> unescaped;        // quoted fields with "" in them, unescaped
  uint32_t lines = 0;  // lines read: up to `stop`, or all of the piece
  size_t stop = std::string_view::npos;  // offset in the text of the line not read, or npos

  size_t rows() const { return line_offset.size(); }
  size_t width(size_t i) const { return field_begin[i + 1] - field_begin[i]; }
  const std::string_view* row(size_t i) const { return fields.data() + field_begin[i]; }
  void Clear();
};

// Scans the lines of text[begin, end) (begin at a line start; end at a line start or the end of
// the text) into *out (cleared first).
void ScanLineRows(std::string_view text, size_t begin, size_t end, char separator, LineRows* out);

// Cuts text[begin, size) into pieces of about `piece_bytes`, each ending just after a '\n' (the
// last at the end of the text): the offsets where pieces start, then text.size().
std::vector<size_t> CutAtLines(std::string_view text, size_t begin, size_t piece_bytes);

}  // namespace xiufu

#endif  // XIUFU_SRC_IO_LINE_ROWS_H_
