// RowBatch: consecutive rows of a CSV file kept for PopulationBuilder's columnar entry
// (AddEntities / AddRecords check their rows on the threads). That entry places row i on the
// first row's line + i and knows one line per row, so a batch holds only rows that each lie on
// one line, on consecutive lines; the reader hands any other row to the builder by itself,
// after the batch before it. Fields are views: into the file's text for rows the reader split
// in place (LineRows), into the batch's own blocks for rows it copies (a CsvRow). Internal to
// the population reader; not thread-safe.
#ifndef XIUFU_SRC_IO_ROW_BATCH_H_
#define XIUFU_SRC_IO_ROW_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv_reader.h"

namespace xiufu {

class RowBatch {
 public:
  // `limit`: rows per batch (at least 1).
  explicit RowBatch(size_t limit) : limit_(limit < 1 ? 1 : limit) {}

  // Whether a one-line row on `line` may join: the line after the batch's last row, batch not
  // full.
  bool TakesLine(int line) const {
    return rows_ != limit_ && (rows_ == 0 || line == first_line_ + static_cast<int>(rows_));
  }
  // The same for `row`, which must also lie on one line.
  bool Takes(const CsvRow& row) const {
    for (int line : row.lines) {
      if (line != row.line) return false;  // a quoted field with a line break
    }
    return TakesLine(row.line);
  }
  // Keeps the fields `take` of `row` (indexes into row.fields; -1: an empty field), copied.
  void Add(const CsvRow& row, const std::vector<int>& take) {
    Start(row.line, take.size());
    for (int f : take) fields_.push_back(f >= 0 ? Keep(row.fields[static_cast<size_t>(f)]) : "");
    ++rows_;
  }
  // Keeps the fields `take` of a one-line row on `line` whose fields are `row`: a field within
  // `text` as a view (the text must outlive the batch's use, until Clear), any other copied.
  void AddViews(int line, const std::string_view* row, const std::vector<int>& take,
                std::string_view text) {
    Start(line, take.size());
    const char* lo = text.data();
    const char* hi = lo + text.size();
    for (int f : take) {
      if (f < 0) {
        fields_.emplace_back();
        continue;
      }
      const std::string_view v = row[static_cast<size_t>(f)];
      fields_.push_back(v.data() >= lo && v.data() + v.size() <= hi ? v : Keep(v));
    }
    ++rows_;
  }
  size_t rows() const { return rows_; }
  int first_line() const { return first_line_; }
  // Field k (position in `take`) of row i; valid until Clear.
  std::string_view Field(size_t i, size_t k) const { return fields_[i * width_ + k]; }
  void Clear() {
    rows_ = 0;
    fields_.clear();
    used_ = 0;
    block_ = 0;
  }

 private:
  void Start(int line, size_t width) {
    if (rows_ == 0) first_line_ = line;
    width_ = width;
  }
  // A copy of `s` in the batch's blocks (kept across Clear; none moves while the batch grows).
  std::string_view Keep(std::string_view s) {
    constexpr size_t kBlock = size_t{64} << 10;
    if (s.empty()) return {};
    while (block_ < blocks_.size() && used_ + s.size() > blocks_[block_].size) {
      ++block_;
      used_ = 0;
    }
    if (block_ == blocks_.size()) {
      const size_t size = s.size() > kBlock ? s.size() : kBlock;
      blocks_.push_back({std::make_unique<char[]>(size), size});
      used_ = 0;
    }
    char* at = blocks_[block_].data.get() + used_;
    std::memcpy(at, s.data(), s.size());
    used_ += s.size();
    return std::string_view(at, s.size());
  }
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  size_t limit_;
  size_t rows_ = 0, width_ = 0;
  int first_line_ = 0;
  std::vector<std::string_view> fields_;
  std::vector<Block> blocks_;
  size_t block_ = 0, used_ = 0;
};

}  // namespace xiufu

#endif  // XIUFU_SRC_IO_ROW_BATCH_H_
