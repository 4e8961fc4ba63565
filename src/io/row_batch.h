// RowBatch: consecutive rows of a CSV file kept for PopulationBuilder's columnar entry
// (AddEntities / AddRecords check their rows on the threads). That entry places row i on the
// first row's line + i and knows one line per row, so a batch holds only rows that each lie on
// one line, on consecutive lines; the reader hands any other row to the builder by itself,
// after the batch before it. Internal to the population reader; not thread-safe.
#ifndef XIUFU_SRC_IO_ROW_BATCH_H_
#define XIUFU_SRC_IO_ROW_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv_reader.h"

namespace xiufu {

class RowBatch {
 public:
  // `limit`: rows per batch (at least 1).
  explicit RowBatch(size_t limit) : limit_(limit < 1 ? 1 : limit) {}

  // Whether `row` may join: on one line, the line after the batch's last row, batch not full.
  bool Takes(const CsvRow& row) const {
    if (rows_ == limit_) return false;
    for (int line : row.lines) {
      if (line != row.line) return false;  // a quoted field with a line break
    }
    return rows_ == 0 || row.line == first_line_ + static_cast<int>(rows_);
  }
  // Keeps the fields `take` of `row` (indexes into row.fields; -1: an empty field).
  void Add(const CsvRow& row, const std::vector<int>& take) {
    if (rows_ == 0) first_line_ = row.line;
    width_ = take.size();
    for (int f : take) {
      if (f >= 0) chars_.append(row.fields[static_cast<size_t>(f)]);
      ends_.push_back(chars_.size());
    }
    ++rows_;
  }
  size_t rows() const { return rows_; }
  int first_line() const { return first_line_; }
  // Field k (position in `take`) of row i; valid until Clear.
  std::string_view Field(size_t i, size_t k) const {
    const size_t at = i * width_ + k;
    const size_t begin = at == 0 ? 0 : ends_[at - 1];
    return std::string_view(chars_).substr(begin, ends_[at] - begin);
  }
  void Clear() {
    rows_ = 0;
    chars_.clear();
    ends_.clear();
  }

 private:
  size_t limit_;
  size_t rows_ = 0, width_ = 0;
  int first_line_ = 0;
  std::string chars_;
  std::vector<size_t> ends_;
};

}  // namespace xiufu

#endif  // XIUFU_SRC_IO_ROW_BATCH_H_
