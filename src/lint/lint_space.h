// Internal to lint: the box model. A Space is a list of dimensions (fact slots and the
// effective-date interval), each cut into elementary values, and for every row the set of
// elementary values its cell accepts in every dimension.
//
// Immutable after Build; thread-compatible.
#ifndef XIUFU_SRC_LINT_SPACE_H_
#define XIUFU_SRC_LINT_SPACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "xiufu/pack.h"

namespace xiufu::lint_internal {

// A small dynamic bitset.
class Bits {
 public:
  Bits() = default;
  explicit Bits(size_t n) : n_(n), w_((n + 63) / 64, 0) {}
  static Bits All(size_t n);
  size_t size() const { return n_; }
  void Set(size_t i) { w_[i >> 6] |= uint64_t{1} << (i & 63); }
  bool Test(size_t i) const { return (w_[i >> 6] >> (i & 63)) & 1; }
  bool Any() const;
  bool None() const { return !Any(); }
  size_t Count() const;
  int Lowest() const;  // -1 when empty
  bool Intersects(const Bits& o) const;
  bool Contains(const Bits& o) const;  // o ⊆ this
  Bits& operator&=(const Bits& o);
  Bits& operator|=(const Bits& o);
  friend Bits operator&(Bits a, const Bits& b) { return a &= b; }
  friend bool operator==(const Bits&, const Bits&) = default;
  const std::vector<uint64_t>& words() const { return w_; }
  template <typename H>
  friend H AbslHashValue(H h, const Bits& b) {
    return H::combine(std::move(h), b.w_);
  }

 private:
  size_t n_ = 0;
  std::vector<uint64_t> w_;
};

inline constexpr int kDateSlot = -1;  // the effective-date dimension

struct Elem {
  enum class Kind : uint8_t { kCode, kInterval, kNull };
  Kind kind = Kind::kCode;
  int64_t lo = 0;  // code, or interval [lo, hi)
  int64_t hi = 0;
};

struct Dim {
  int slot = kDateSlot;
  std::vector<Elem> elems;
};

// A row of a decision, by table.
struct RowRef {
  const Table* table = nullptr;
  const Row* row = nullptr;
};

enum class SpaceMode {
  kAll,   // every possible value, `null` for facts that can be missing; full date line
  kGaps,  // the natural domain (no null; elapsed times and counts from 0); the date line
          //   restricted to days on which some row is in force
};

struct Space {
  std::vector<Dim> dims;
  std::vector<std::vector<Bits>> member;  // [row][dim]: elementary values the row accepts
  std::vector<std::vector<Bits>> contain;  // [dim][elem]: rows accepting the value
  std::vector<bool> empty;                 // [row]: the row's box is empty

  // Builds the space over `slots` (in this order; the date dimension is appended last).
  static Space Build(const Pack& pack, const std::vector<RowRef>& rows,
                     const std::vector<int>& slots, SpaceMode mode);
  bool Intersect(size_t a, size_t b) const;
  // "severity=minor", "since_decision in [0m..3m)", "as_of >= 2026-04-01".
  std::string Describe(size_t dim, const Bits& values) const;

 private:
  const Pack* pack_ = nullptr;
};

// Fact slots tested (by a cell other than `-`) by `rows`, in order of first appearance. A cell
// on an elapsed fact that accepts all values or none (`null`, `not(null)`) tests only whether
// the value is missing, the same in every unit: it joins a slot of its fact that other cells
// use, if any (see CanonicalSlot).
std::vector<int> TestedSlots(const Pack& pack, const std::vector<RowRef>& rows);

// The dimension slot of a cell among `slots` (from TestedSlots).
int CanonicalSlot(const Pack& pack, const CellTest& cell, const std::vector<int>& slots);

}  // namespace xiufu::lint_internal

#endif  // XIUFU_SRC_LINT_SPACE_H_
