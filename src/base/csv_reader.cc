#include "base/csv_reader.h"

#include <utility>

namespace xiufu {

CsvReader::CsvReader(std::string_view bytes, char delimiter) : in_(bytes), delim_(delimiter) {
  if (in_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::Next(CsvRow* row) {
  // Skip completely empty lines.
  while (pos_ < in_.size() && (in_[pos_] == '\n' || in_[pos_] == '\r')) {
    if (in_[pos_] == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }
  if (pos_ >= in_.size()) return false;

  row->line = line_;
  // Field strings are reused across rows (assigned in place) to avoid reallocating them.
  size_t n = 0;
  auto next_field = [&]() -> std::string& {
    if (n == row->fields.size()) row->fields.emplace_back();
    std::string& f = row->fields[n];
    f.clear();
    return f;
  };
  row->lines.clear();
  std::string* field = &next_field();
  int field_line = line_;
  int column = 1;
  auto end_field = [&] {
    row->lines.push_back(field_line);
    ++n;
    field_line = line_;
    ++column;
  };

  while (true) {
    if (pos_ < in_.size() && in_[pos_] == '"') {
      // Quoted field. It may span lines; but when it is never closed, or text follows the
      // closing quote on a later line, the quote is taken as a stray one: the field ends at
      // the end of the line it opened on, and reading goes on with the next line, so one
      // stray quote never merges the rest of the file into a single row.
      const int open_line = line_;
      const size_t open_pos = pos_;
      const size_t field_start = field->size();
      ++pos_;
      bool closed = false;
      while (pos_ < in_.size()) {
        const char c = in_[pos_];
        if (c == '"') {
          if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '"') {
            *field += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          closed = true;
          break;
        }
        if (c == '\n' || (c == '\r' && !(pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n'))) {
          ++line_;
        }
        *field += c;
        ++pos_;
      }
      const bool trailing = closed && pos_ < in_.size() && in_[pos_] != delim_ &&
                            in_[pos_] != '\n' && in_[pos_] != '\r';
      if (line_ > open_line && (!closed || trailing)) {
        // Back to the opening line: the field is its rest, taken verbatim.
        size_t end = open_pos + 1;
        while (end < in_.size() && in_[end] != '\n' && in_[end] != '\r') ++end;
        field->resize(field_start);
        field->append(in_.data() + open_pos + 1, end - open_pos - 1);
        pos_ = end;
        line_ = open_line;
        errors_.push_back({open_line, column,
                           closed ? "quoted field is not closed on its line (a quote on a later "
                                    "line is followed by text); closed at the end of the line"
                                  : "quoted field is not closed; closed at the end of its line"});
      } else {
        if (!closed) {
          errors_.push_back({open_line, column, "quoted field is not closed; closed at the end of its line"});
        }
        // Anything between the closing quote and the separator is kept but reported.
        bool reported = false;
        while (pos_ < in_.size() && in_[pos_] != delim_ && in_[pos_] != '\n' &&
               in_[pos_] != '\r') {
          if (!reported) {
            errors_.push_back({line_, column, "text after the closing quote of a quoted field"});
            reported = true;
          }
          *field += in_[pos_++];
        }
      }
    } else {
      const size_t start = pos_;
      while (pos_ < in_.size() && in_[pos_] != delim_ && in_[pos_] != '\n' &&
             in_[pos_] != '\r') {
        ++pos_;
      }
      field->append(in_.data() + start, pos_ - start);
    }
    if (pos_ < in_.size() && in_[pos_] == delim_) {
      ++pos_;
      end_field();
      field = &next_field();
      continue;
    }
    // End of row (line break or end of input).
    end_field();
    row->fields.resize(n);
    if (pos_ < in_.size()) {
      if (in_[pos_] == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
    }
    return true;
  }
}

CsvFile ParseCsv(std::string_view bytes) {
  CsvFile file;
  CsvReader reader(bytes);
  CsvRow row;
  while (reader.Next(&row)) file.rows.push_back(row);
  file.errors = reader.errors();
  return file;
}

}  // namespace xiufu
