#include "lint/lint_space.h"

#include <algorithm>

#include "pack/cell_parser.h"
#include "base/sv_util.h"

namespace xiufu::lint_internal {
namespace {

// Facts whose value can be missing when evaluating (fact_slots.cc): dates and elapsed times
// without their date, and the outcome distances without an outcome date. Enum, bool and
// number facts always have a value (the data readers reject empty or unknown codes).
bool Nullable(const Pack& pack, Fact f) {
  const FactInfo info = pack.Facts().Info(f);
  if (const CustomColumn* c = pack.Facts().ColumnOf(f); c && c->default_value == kNull) return true;
  return info.type == FactType::kDate || info.type == FactType::kElapsed ||
         f == Fact::kUntilEligible || f == Fact::kUntilExpiry;
}

// Facts whose natural values start at 0 (elapsed times, amounts, counts).
bool NonNegative(const Pack& pack, Fact f) {
  if (pack.Facts().ColumnOf(f) && pack.Facts().Info(f).type == FactType::kNumber) return false;
  const FactInfo info = pack.Facts().Info(f);
  if (info.type == FactType::kElapsed) return true;
  return info.type == FactType::kNumber && !info.name.starts_with("until_") &&
         !info.name.starts_with("days_to_");
}

int EnumSize(const Pack& pack, Fact f) {
  const FactInfo info = pack.Facts().Info(f);
  if (info.type == FactType::kBool) return 2;
  const EnumDomain* d = pack.Domain(info.domain);
  return d ? static_cast<int>(d->values.size()) : 0;
}

std::vector<Elem> Intervals(std::vector<int64_t> bps) {
  std::sort(bps.begin(), bps.end());
  bps.erase(std::unique(bps.begin(), bps.end()), bps.end());
  std::vector<Elem> out;
  for (size_t i = 0; i + 1 < bps.size(); ++i) {
    out.push_back(Elem{Elem::Kind::kInterval, bps[i], bps[i + 1]});
  }
  return out;
}

Dim FactDim(const Pack& pack, const std::vector<RowRef>& rows, int slot, SpaceMode mode) {
  Dim dim;
  dim.slot = slot;
  const Fact fact = FactOfSlot(slot);
  const FactInfo info = pack.Facts().Info(fact);
  if (info.type == FactType::kEnum || info.type == FactType::kBool) {
    const int n = EnumSize(pack, fact);
    for (int v = 0; v < n; ++v) {
      // Tables write `eligible`; outcomes are always eligible_now or eligible_later.
      if (fact == Fact::kStatus && v == static_cast<int>(RepairStatus::kEligible)) continue;
      dim.elems.push_back(Elem{Elem::Kind::kCode, v, v + 1});
    }
  } else {
    const int64_t lb = mode == SpaceMode::kGaps && NonNegative(pack, fact) ? 0 : kRangeMin;
    std::vector<int64_t> bps = {lb, kRangeMax};
    for (const RowRef& r : rows) {
      for (const CellTest& c : r.row->cells) {
        if (c.kind != CellTest::Kind::kRanges || c.slot != slot) continue;
        for (const Range& range : c.ranges) {
          if (range.lo > lb) bps.push_back(range.lo);
          if (range.hi > lb) bps.push_back(range.hi);
        }
      }
    }
    dim.elems = Intervals(std::move(bps));
  }
  if (mode == SpaceMode::kAll && Nullable(pack, fact)) dim.elems.push_back(Elem{Elem::Kind::kNull});
  return dim;
}

int64_t FromOf(const Row& r) { return r.effective_from.days == kNoDay ? kRangeMin : r.effective_from.days; }
int64_t ToOf(const Row& r) {
  return r.effective_to.days == kNoDay ? kRangeMax : int64_t{r.effective_to.days} + 1;
}

Dim DateDim(const std::vector<RowRef>& rows, SpaceMode mode) {
  Dim dim;
  dim.slot = kDateSlot;
  std::vector<int64_t> bps = {kRangeMin, kRangeMax};
  for (const RowRef& r : rows) {
    bps.push_back(FromOf(*r.row));
    bps.push_back(ToOf(*r.row));
  }
  for (const Elem& e : Intervals(std::move(bps))) {
    if (mode == SpaceMode::kGaps) {
      const bool in_force = std::any_of(rows.begin(), rows.end(), [&](const RowRef& r) {
        return FromOf(*r.row) <= e.lo && e.lo < ToOf(*r.row);
      });
      if (!in_force) continue;
    }
    dim.elems.push_back(e);
  }
  return dim;
}

std::string FormatValue(const Pack& pack, int slot, int64_t v) {
  if (slot == kDateSlot) return FormatDate(Date{static_cast<int32_t>(v)});
  const FactInfo info = pack.Facts().Info(FactOfSlot(slot));
  if (info.type == FactType::kDate) return FormatDate(Date{static_cast<int32_t>(v)});
  if (info.type == FactType::kElapsed) {
    constexpr const char* kUnits[] = {"d", "m", "m", "wd"};
    return Cat(v, kUnits[static_cast<int>(UnitOfSlot(slot))]);
  }
  return Cat(v);
}

// Numbers and dates read best with closed bounds ([10000..50000], [2026-01-01..2026-03-31]);
// durations keep the half-open form of the cells ([0m..3m)).
bool ClosedDisplay(const Pack& pack, int slot) {
  return slot == kDateSlot || pack.Facts().Info(FactOfSlot(slot)).type != FactType::kElapsed;
}

}  // namespace

Bits Bits::All(size_t n) {
  Bits b(n);
  for (size_t i = 0; i < n; ++i) b.Set(i);
  return b;
}

bool Bits::Any() const {
  for (uint64_t w : w_) {
    if (w) return true;
  }
  return false;
}

size_t Bits::Count() const {
  size_t c = 0;
  for (uint64_t w : w_) c += __builtin_popcountll(w);
  return c;
}

int Bits::Lowest() const {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (w_[i]) return static_cast<int>(i * 64 + __builtin_ctzll(w_[i]));
  }
  return -1;
}

bool Bits::Intersects(const Bits& o) const {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (w_[i] & o.w_[i]) return true;
  }
  return false;
}

bool Bits::Contains(const Bits& o) const {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (o.w_[i] & ~w_[i]) return false;
  }
  return true;
}

Bits& Bits::operator&=(const Bits& o) {
  for (size_t i = 0; i < w_.size(); ++i) w_[i] &= o.w_[i];
  return *this;
}

Bits& Bits::operator|=(const Bits& o) {
  for (size_t i = 0; i < w_.size(); ++i) w_[i] |= o.w_[i];
  return *this;
}

namespace {

// True for an elapsed-fact cell whose value set is empty or everything: it only says whether
// a missing value matches, which is the same for every unit of the fact.
bool UnitFree(const Pack& pack, const CellTest& c) {
  if (c.kind != CellTest::Kind::kRanges ||
      pack.Facts().Info(FactOfSlot(c.slot)).type != FactType::kElapsed) {
    return false;
  }
  return c.ranges.empty() ||
         (c.ranges.size() == 1 && c.ranges[0].lo == kRangeMin && c.ranges[0].hi == kRangeMax);
}

}  // namespace

std::vector<int> TestedSlots(const Pack& pack, const std::vector<RowRef>& rows) {
  std::vector<int> slots;
  for (bool unit_free : {false, true}) {
    for (const RowRef& r : rows) {
      for (const CellTest& c : r.row->cells) {
        if (c.kind == CellTest::Kind::kAny || c.slot < 0 || UnitFree(pack, c) != unit_free) continue;
        const int slot = CanonicalSlot(pack, c, slots);
        if (std::find(slots.begin(), slots.end(), slot) == slots.end()) slots.push_back(slot);
      }
    }
  }
  return slots;
}

int CanonicalSlot(const Pack& pack, const CellTest& c, const std::vector<int>& slots) {
  if (!UnitFree(pack, c)) return c.slot;
  for (int s : slots) {
    if (FactOfSlot(s) == FactOfSlot(c.slot)) return s;
  }
  return c.slot;
}

Space Space::Build(const Pack& pack, const std::vector<RowRef>& rows,
                   const std::vector<int>& slots, SpaceMode mode) {
  Space s;
  s.pack_ = &pack;
  for (int slot : slots) s.dims.push_back(FactDim(pack, rows, slot, mode));
  s.dims.push_back(DateDim(rows, mode));
  s.member.resize(rows.size());
  s.empty.assign(rows.size(), false);
  for (size_t r = 0; r < rows.size(); ++r) {
    const Row& row = *rows[r].row;
    for (const Dim& dim : s.dims) {
      Bits b(dim.elems.size());
      for (size_t v = 0; v < dim.elems.size(); ++v) {
        const Elem& e = dim.elems[v];
        bool in = true;
        if (dim.slot == kDateSlot) {
          in = FromOf(row) <= e.lo && e.lo < ToOf(row);
        } else {
          const int64_t value = e.kind == Elem::Kind::kNull ? kNull : e.lo;
          for (const CellTest& c : row.cells) {
            if (c.kind != CellTest::Kind::kAny && CanonicalSlot(pack, c, slots) == dim.slot &&
                !c.Matches(value)) {
              in = false;
            }
          }
        }
        if (in) b.Set(v);
      }
      if (b.None()) s.empty[r] = true;
      s.member[r].push_back(std::move(b));
    }
  }
  s.contain.resize(s.dims.size());
  for (size_t k = 0; k < s.dims.size(); ++k) {
    s.contain[k].assign(s.dims[k].elems.size(), Bits(rows.size()));
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t v = 0; v < s.dims[k].elems.size(); ++v) {
        if (s.member[r][k].Test(v)) s.contain[k][v].Set(r);
      }
    }
  }
  return s;
}

bool Space::Intersect(size_t a, size_t b) const {
  for (size_t k = 0; k < dims.size(); ++k) {
    if (!member[a][k].Intersects(member[b][k])) return false;
  }
  return true;
}

std::string Space::Describe(size_t k, const Bits& values) const {
  const Dim& dim = dims[k];
  const std::string name =
      dim.slot == kDateSlot ? "as_of" : std::string(pack_->Facts().Info(FactOfSlot(dim.slot)).name);
  std::vector<std::string> parts;
  bool has_null = false;
  const FactInfo info_value = pack_->Facts().Info(FactOfSlot(dim.slot == kDateSlot ? 0 : dim.slot));
  const FactInfo* info = dim.slot == kDateSlot ? nullptr : &info_value;
  const bool codes = info && (info->type == FactType::kEnum || info->type == FactType::kBool);
  if (codes) {
    const EnumDomain* domain = info->type == FactType::kEnum ? pack_->Domain(info->domain) : nullptr;
    for (size_t v = 0; v < dim.elems.size(); ++v) {
      if (!values.Test(v)) continue;
      const Elem& e = dim.elems[v];
      if (e.kind == Elem::Kind::kNull) {
        has_null = true;
      } else if (info->type == FactType::kBool) {
        parts.push_back(e.lo ? "true" : "false");
      } else {
        parts.push_back(domain && e.lo < static_cast<int64_t>(domain->values.size())
                            ? domain->values[e.lo].code
                            : Cat("#", e.lo));
      }
    }
  } else {
    // Merge adjacent intervals into runs.
    size_t v = 0;
    while (v < dim.elems.size()) {
      if (!values.Test(v)) { ++v; continue; }
      const Elem& e = dim.elems[v];
      if (e.kind == Elem::Kind::kNull) { has_null = true; ++v; continue; }
      const int64_t lo = e.lo;
      int64_t hi = e.hi;
      ++v;
      while (v < dim.elems.size() && values.Test(v) &&
             dim.elems[v].kind == Elem::Kind::kInterval && dim.elems[v].lo == hi) {
        hi = dim.elems[v].hi;
        ++v;
      }
      if (lo == kRangeMin && hi == kRangeMax) parts.push_back("any");
      else if (lo == kRangeMin) parts.push_back(Cat("< ", FormatValue(*pack_, dim.slot, hi)));
      else if (hi == kRangeMax) parts.push_back(Cat(">= ", FormatValue(*pack_, dim.slot, lo)));
      else if (hi == lo + 1) parts.push_back(Cat("= ", FormatValue(*pack_, dim.slot, lo)));
      else if (ClosedDisplay(*pack_, dim.slot)) {
        parts.push_back(Cat("[", FormatValue(*pack_, dim.slot, lo), "..", FormatValue(*pack_, dim.slot, hi - 1), "]"));
      } else {
        parts.push_back(Cat("[", FormatValue(*pack_, dim.slot, lo), "..", FormatValue(*pack_, dim.slot, hi), ")"));
      }
    }
  }
  if (has_null) parts.push_back("null");
  if (parts.empty()) return Cat(name, " in {}");
  if (parts.size() == 1) {
    const std::string& p = parts[0];
    if (codes || p == "null") return Cat(name, "=", p);
    if (p.starts_with("[")) return Cat(name, " in ", p);
    return Cat(name, " ", p);
  }
  return Cat(name, " in {", Join(parts, ", "), "}");
}

}  // namespace xiufu::lint_internal
