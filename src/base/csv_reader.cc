#include "base/csv_reader.h"

#include <utility>

namespace xiufu {

CsvReader::CsvReader(std::string_view bytes) : in_(bytes) {
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
      // Quoted field.
      const int open_line = line_;
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
      if (!closed) {
        errors_.push_back({open_line, column, "quoted field is not closed before end of file"});
      }
      // Anything between the closing quote and the separator is kept but reported.
      bool reported = false;
      while (pos_ < in_.size() && in_[pos_] != ',' && in_[pos_] != '\n' && in_[pos_] != '\r') {
        if (!reported) {
          errors_.push_back({line_, column, "text after the closing quote of a quoted field"});
          reported = true;
        }
        *field += in_[pos_++];
      }
    } else {
      const size_t start = pos_;
      while (pos_ < in_.size() && in_[pos_] != ',' && in_[pos_] != '\n' && in_[pos_] != '\r') {
        ++pos_;
      }
      field->append(in_.data() + start, pos_ - start);
    }
    if (pos_ < in_.size() && in_[pos_] == ',') {
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
