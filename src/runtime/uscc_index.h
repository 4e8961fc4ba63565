// UsccIndex — the PopulationBuilder's map from a USCC to the entity defined by it (or to the
// line of a rejected row that had it): the duplicate check of entity rows and the entity lookup
// of record rows.
//
// An open-addressing table of (hash tag, reference) pairs, 8 bytes a slot; the keys live in the
// population's uscc column (accepted entities) or in the index's list of rejected rows, so a new
// key costs one probe of one cache line. The table is cut into regions of kRegionSlots slots and
// a probe never leaves the region of its home slot: rows whose USCCs fall in different regions
// touch different memory, which is what lets EnterAll enter a whole column of rows region by
// region, on several threads, each region small enough to stay in the cache.
//
// Not thread-safe, except that Find, Prefetch and PrefetchKey may run on several threads while
// nothing enters keys, and EnterAll spreads its own work over threads.
#ifndef XIUFU_SRC_RUNTIME_USCC_INDEX_H_
#define XIUFU_SRC_RUNTIME_USCC_INDEX_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "xiufu/runtime/parallel_for.h"
#include "xiufu/runtime/population.h"
#include "xiufu/runtime/reusable_memory.h"

namespace xiufu::internal {

// USCC hash: the 18 bytes as three words, mixed.
inline uint64_t UsccHash(const Uscc& u) {
  uint64_t a, b;
  uint16_t c;
  std::memcpy(&a, u.data(), 8);
  std::memcpy(&b, u.data() + 8, 8);
  std::memcpy(&c, u.data() + 16, 2);
  uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ (uint64_t{c} << 47)) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

inline constexpr uint32_t kRejected = 0xFFFFFFFFu;

class UsccIndex {
 public:
  struct Entry {
    uint32_t index;  // into the population; kRejected when only rejected rows had this USCC
    int line;        // of the first rejected row; of the entity's row from FindOrAddRejected only
  };
  // Slots per region (32 KiB): a probe wraps around within its region.
  static constexpr size_t kRegionSlots = 4096;

  UsccIndex(const Population* pop, const ReusableVector<int>* entity_line)
      : pop_(pop), entity_line_(entity_line) {}

  // Room for n keys. An empty index only remembers it: its table is made by the first entry
  // (EnterAll then zeroes each region just before filling it, while it is in the cache).
  void Reserve(size_t n) {
    const size_t cap = CapacityFor(n);
    if (slots_.empty()) reserved_ = std::max(reserved_, cap);
    else if (cap > slots_.size()) Rehash(cap);
  }
  void Prefetch(uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }
  // Second stage of a prefetch (after Prefetch(h) has had time): the key of the first slot
  // tagged like h, if it is an entity's.
  void PrefetchKey(uint64_t h) const {
    if (slots_.empty()) return;
    const uint32_t tag = Tag(h);
    for (size_t i = Home(h);; i = Next(i)) {
      const Slot& sl = slots_[i];
      if (sl.tag == 0) return;
      if (sl.tag == tag) {
        if ((sl.ref & kRejectedRef) == 0) __builtin_prefetch(&pop_->uscc[sl.ref]);
        return;
      }
    }
  }
  // The entry of `u` (hash h), if any. Its line is set for a rejected entry only (records ask
  // for an entity's index; reading its line would be one more cache miss per record).
  std::optional<Entry> Find(const Uscc& u, uint64_t h) const {
    if (slots_.empty()) return std::nullopt;
    const uint32_t tag = Tag(h);
    for (size_t i = Home(h);; i = Next(i)) {
      const Slot& sl = slots_[i];
      if (sl.tag == 0) return std::nullopt;
      if (sl.tag == tag && Same(Key(sl.ref), u)) {
        if (sl.ref != kPendingRef && (sl.ref & kRejectedRef) == 0) return Entry{sl.ref, -1};
        return EntryOf(sl.ref);
      }
    }
  }
  // try_emplace(u, rejected row at `line`): the existing entry and false, or the new one and
  // true. The slot found or made is remembered for SetLast; a new key stays pending (kept
  // only in pending_) until SetLast makes it an entity or the next insertion files it as
  // rejected, so an accepted row costs one slot write.
  std::pair<Entry, bool> FindOrAddRejected(const Uscc& u, uint64_t h, int line) {
    Settle();
    if (2 * (size_ + 1) > slots_.size()) {  // more than half full: grow
      Rehash(std::max({size_t{16}, 2 * slots_.size(), reserved_}));
    }
    const uint32_t tag = Tag(h);
    for (size_t i = Home(h);; i = Next(i)) {
      Slot& sl = slots_[i];
      if (sl.tag == 0) {
        sl = Slot{tag, kPendingRef};
        pending_ = {u, line};
        ++size_;
        last_ = &sl;
        return {Entry{kRejected, line}, true};
      }
      if (sl.tag == tag && Same(Key(sl.ref), u)) {
        last_ = &sl;
        return {EntryOf(sl.ref), false};
      }
    }
  }
  // Makes the entry found or added by the last FindOrAddRejected the entity `index` (whose
  // USCC must be in the population's column, and its line in entity_line, from now on).
  void SetLast(uint32_t index) { last_->ref = index; }

  // What AddEntities' rows [0, n) do, entered one after another with FindOrAddRejected and
  // SetLast(base + i) when accepted — every row's USCC already in the population's column at
  // base + i, its hash in hash[i], and no row rejected for a field: row i is a duplicate when its
  // USCC is an entity's already (one of an earlier build step, or an earlier row of these), and
  // then dup_of[i] says whose (its population index, base + j for row j); otherwise it becomes
  // entity base + i (dup_of[i] = kRejected) — over a rejected row's entry, if any. The rows are
  // entered region by region (each region's rows in row order, so the first of equal USCCs is
  // the entity), on `threads` threads.
  void EnterAll(const uint64_t* hash, size_t n, uint32_t base, int threads, uint32_t* dup_of) {
    Settle();
    last_ = nullptr;
    // An index without a table yet gets one uninitialised; each task zeroes its regions.
    const bool fresh = slots_.empty();
    if (fresh) slots_.resize(std::max(reserved_, CapacityFor(n)));
    else if (CapacityFor(size_ + n) > slots_.size()) Rehash(CapacityFor(size_ + n));
    const size_t mask = slots_.size() - 1;
    const size_t regions = (mask >> RegionBits()) + 1;
    // The rows by region (a counting sort; each region's rows stay in row order), each with its
    // hash, so a region's rows are read in one sequential sweep.
    ReusableVector<uint32_t> start(regions + 1, 0);
    for (size_t i = 0; i < n; ++i) ++start[((hash[i] & mask) >> RegionBits()) + 1];
    for (size_t r = 0; r < regions; ++r) start[r + 1] += start[r];
    ReusableVector<std::pair<uint64_t, uint32_t>> rows(n);
    {
      ReusableVector<uint32_t> at(start.begin(), start.end() - 1);
      for (size_t i = 0; i < n; ++i) {
        rows[at[(hash[i] & mask) >> RegionBits()]++] = {hash[i], static_cast<uint32_t>(i)};
      }
    }
    // Regions in groups of about 8,192 rows per task.
    const size_t per_task = std::max<size_t>(1, regions * 8192 / std::max<size_t>(n, 1));
    const size_t tasks = (regions + per_task - 1) / per_task;
    std::atomic<size_t> added{0};
    constexpr size_t kAhead = 16;
    ParallelFor(threads, tasks, [&](size_t task) {
      size_t new_keys = 0;
      const size_t r_end = std::min(regions, (task + 1) * per_task);
      if (fresh) {
        const size_t lo = (task * per_task) << RegionBits(), hi = r_end << RegionBits();
        std::fill(slots_.begin() + static_cast<ptrdiff_t>(lo),
                  slots_.begin() + static_cast<ptrdiff_t>(hi), Slot{0, 0});
      }
      const size_t k_end = start[r_end];
      for (size_t k = start[task * per_task]; k < k_end; ++k) {
        // The slots are not in the cache yet: each home slot fetched kAhead rows before.
        if (k + kAhead < k_end) Prefetch(rows[k + kAhead].first);
        const auto [h, i] = rows[k];
        const uint32_t tag = Tag(h);
        const Uscc& u = pop_->uscc[base + i];
        dup_of[i] = kRejected;
        for (size_t s = Home(h);; s = Next(s)) {
          Slot& sl = slots_[s];
          if (sl.tag == 0) {
            sl = Slot{tag, base + i};
            ++new_keys;
            break;
          }
          if (sl.tag == tag && Same(Key(sl.ref), u)) {
            if (sl.ref & kRejectedRef) sl.ref = base + i;  // a rejected row's: now the entity
            else dup_of[i] = sl.ref;
            break;
          }
        }
      }
      added += new_keys;
    });
    size_ += added.load();
  }
  // After EnterAll: the entities base + i that moved to new_index[i] (rows before them were
  // duplicates and left the population) are found there.
  void Renumber(uint32_t base, const ReusableVector<uint32_t>& new_index, int threads) {
    const uint32_t end = base + static_cast<uint32_t>(new_index.size());
    const size_t chunk = 1 << 16;
    ParallelFor(threads, (slots_.size() + chunk - 1) / chunk, [&](size_t c) {
      const size_t hi = std::min(slots_.size(), (c + 1) * chunk);
      for (size_t s = c * chunk; s < hi; ++s) {
        Slot& sl = slots_[s];
        if (sl.tag != 0 && sl.ref >= base && sl.ref < end) sl.ref = new_index[sl.ref - base];
      }
    });
  }

 private:
  struct Slot {
    // Not zeroed when made (Reserve, EnterAll: resize leaves the memory as it is); Rehash and
    // EnterAll zero what they use.
    Slot() {}  // NOLINT: deliberately leaves the members uninitialised
    Slot(uint32_t t, uint32_t r) : tag(t), ref(r) {}
    uint32_t tag;  // 0 = empty
    uint32_t ref;  // population index, kRejectedRef | index into rejected_, or kPendingRef
  };
  struct RejectedRow {
    Uscc uscc;
    int line;
  };
  static constexpr uint32_t kRejectedRef = 0x80000000u;
  static constexpr uint32_t kPendingRef = 0xFFFFFFFFu;
  static uint32_t Tag(uint64_t h) { return static_cast<uint32_t>(h >> 32) | 1; }
  // Slots for n keys: at most half full, a power of two.
  static size_t CapacityFor(size_t n) {
    size_t cap = 16;
    while (cap < 2 * n) cap <<= 1;
    return cap;
  }
  // log2 of the slots per region (a table smaller than a region is one region).
  int RegionBits() const {
    return slots_.size() < kRegionSlots ? __builtin_ctzll(slots_.size())
                                        : __builtin_ctzll(kRegionSlots);
  }
  size_t Home(uint64_t h) const { return h & (slots_.size() - 1); }
  // The next slot of a probe: the following one, wrapping around within the region.
  size_t Next(size_t i) const {
    const size_t region = std::min(slots_.size(), kRegionSlots) - 1;
    return (i & ~region) | ((i + 1) & region);
  }
  static bool Same(const Uscc& a, const Uscc& b) {
    uint64_t a0, a1, b0, b1;
    uint16_t a2, b2;
    std::memcpy(&a0, a.data(), 8);
    std::memcpy(&a1, a.data() + 8, 8);
    std::memcpy(&a2, a.data() + 16, 2);
    std::memcpy(&b0, b.data(), 8);
    std::memcpy(&b1, b.data() + 8, 8);
    std::memcpy(&b2, b.data() + 16, 2);
    return ((a0 ^ b0) | (a1 ^ b1) | static_cast<uint64_t>(a2 ^ b2)) == 0;
  }
  const Uscc& Key(uint32_t ref) const {
    if (ref == kPendingRef) return pending_.uscc;
    return (ref & kRejectedRef) ? rejected_[ref & ~kRejectedRef].uscc : pop_->uscc[ref];
  }
  Entry EntryOf(uint32_t ref) const {
    if (ref == kPendingRef) return Entry{kRejected, pending_.line};
    if (ref & kRejectedRef) return Entry{kRejected, rejected_[ref & ~kRejectedRef].line};
    return Entry{ref, (*entity_line_)[ref]};
  }
  // Files a pending key that did not become an entity as rejected.
  void Settle() {
    if (last_ == nullptr || last_->ref != kPendingRef) return;
    last_->ref = kRejectedRef | static_cast<uint32_t>(rejected_.size());
    rejected_.push_back(pending_);
  }
  void Rehash(size_t cap) {
    Settle();  // last_ does not survive the move
    ReusableVector<Slot> old = std::move(slots_);
    slots_.assign(cap, Slot{0, 0});
    for (const Slot& sl : old) {
      if (sl.tag == 0) continue;
      size_t i = Home(UsccHash(Key(sl.ref)));
      while (slots_[i].tag != 0) i = Next(i);
      slots_[i] = sl;
    }
    last_ = nullptr;
  }

  const Population* pop_;
  const ReusableVector<int>* entity_line_;
  ReusableVector<Slot> slots_;
  std::vector<RejectedRow> rejected_;
  RejectedRow pending_{};
  size_t size_ = 0;
  size_t reserved_ = 0;  // slots to make once the first key comes (Reserve on an empty index)
  Slot* last_ = nullptr;
};

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_RUNTIME_USCC_INDEX_H_
