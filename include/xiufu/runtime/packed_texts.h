// xiufu::PackedTexts — a column of short texts (entity names, record ids) in one byte buffer:
// each row is an 8-byte place in it (offset and length), so a column of millions of texts is
// two allocations instead of one string, and usually one heap block, per row. A province of 10
// million entities held its names in about 850 MB as std::strings (a 32-byte string and a
// 48–64-byte block for a 40-byte Chinese name); here a name takes its bytes plus 8.
//
// Rows read as std::string_view, valid until the column is next changed. Setting a row appends
// its text to the buffer (the old text stays there, unused, until clear()); Move copies a row's
// place. SetRows writes many rows from several threads at once (PopulationBuilder's columnar
// entry). Copies are deep (the buffer is copied with the places).
//
// Plain data; thread-compatible (share read-only across evaluating threads).
#ifndef XIUFU_RUNTIME_PACKED_TEXTS_H_
#define XIUFU_RUNTIME_PACKED_TEXTS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <ostream>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "xiufu/runtime/reusable_memory.h"
#include "xiufu/runtime/unset_allocator.h"

namespace xiufu {

class PackedTexts {
 public:
  class const_iterator;
  using value_type = std::string_view;
  using size_type = size_t;
  using iterator = const_iterator;
  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  std::string_view operator[](size_t i) const {
    const uint64_t row = rows_[i];
    const uint64_t offset = row >> kLengthBits;
    size_t length = static_cast<size_t>(row & kLongText);
    if (length == kLongText) std::memcpy(&length, bytes_.data() + offset - sizeof(length), sizeof(length));
    return std::string_view(bytes_.data() + offset, length);
  }

  void push_back(std::string_view text) {
    rows_.push_back(0);
    Set(rows_.size() - 1, text);
  }
  void emplace_back() { rows_.push_back(0); }  // an empty row
  void resize(size_t rows) { rows_.resize(rows, 0); }  // new rows are empty
  void reserve(size_t rows, size_t text_bytes = 0) {
    rows_.reserve(rows);
    bytes_.reserve(text_bytes);
  }
  void clear() {  // keeps the capacity
    rows_.clear();
    bytes_.clear();
  }
  // Row i (< size()) holds `text` from now on.
  void Set(size_t i, std::string_view text);
  // Row `to` holds row `from`'s text (both < size()); row `from` is unchanged.
  void Move(size_t from, size_t to) { rows_[to] = rows_[from]; }
  // Rows [first, first + texts.size()) (all < size()) hold texts[k], copied on `threads`
  // threads (0 = hardware concurrency); the texts must not point into this column.
  void SetRows(size_t first, absl::Span<const std::string_view> texts, int threads);

  // Bytes held for the rows and their texts (not spare capacity; texts overwritten included).
  size_t Bytes() const { return rows_.size() * sizeof(uint64_t) + bytes_.size(); }

  // Iteration over the rows as string_views (read-only).
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;
    const_iterator() = default;
    const_iterator(const PackedTexts* c, size_t i) : c_(c), i_(i) {}
    std::string_view operator*() const { return (*c_)[i_]; }
    std::string_view operator[](difference_type k) const { return (*c_)[i_ + static_cast<size_t>(k)]; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { const_iterator t = *this; ++i_; return t; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { const_iterator t = *this; --i_; return t; }
    const_iterator& operator+=(difference_type k) { i_ += static_cast<size_t>(k); return *this; }
    const_iterator& operator-=(difference_type k) { i_ -= static_cast<size_t>(k); return *this; }
    friend const_iterator operator+(const_iterator a, difference_type k) { return a += k; }
    friend const_iterator operator+(difference_type k, const_iterator a) { return a += k; }
    friend const_iterator operator-(const_iterator a, difference_type k) { return a -= k; }
    friend difference_type operator-(const_iterator a, const_iterator b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const_iterator a, const_iterator b) { return a.i_ == b.i_; }
    friend auto operator<=>(const_iterator a, const_iterator b) { return a.i_ <=> b.i_; }

   private:
    const PackedTexts* c_ = nullptr;
    size_t i_ = 0;
  };
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, size()); }

  // Equal when every row's text is (wherever in the buffer it lies).
  friend bool operator==(const PackedTexts& a, const PackedTexts& b);
  friend std::ostream& operator<<(std::ostream& os, const PackedTexts& c);  // for test failures

 private:
  // A row: the text's offset in bytes_ (upper 40 bits) and its length (lower 24 bits); a text
  // of kLongText bytes or more has kLongText there and its length in the 8 bytes before it.
  static constexpr int kLengthBits = 24;
  static constexpr uint64_t kLongText = (uint64_t{1} << kLengthBits) - 1;
  static constexpr uint64_t kMaxOffset = (uint64_t{1} << (64 - kLengthBits)) - 1;
  // Writes `text` (its length first when long) at base + at and returns its row.
  static uint64_t Place(char* base, size_t at, std::string_view text);
  static size_t Footprint(std::string_view text) {
    return text.size() >= kLongText ? text.size() + sizeof(size_t) : text.size();
  }

  ReusableVector<uint64_t> rows_;
  // Every byte is written by Place before it is read, so growing it writes nothing.
  std::vector<char, UnsetAllocator<char, ReusableAllocator>> bytes_;
};

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_PACKED_TEXTS_H_
