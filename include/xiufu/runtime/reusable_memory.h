// Large scratch buffers kept for the next build instead of handed back to the C library.
//
// Building a population (PopulationBuilder, the Python binding's column conversion) needs about
// 110 bytes of transient buffers per entity — the USCC index, the record-id table, converted
// columns — freed again when the build ends. glibc returns freed memory at the top of its heap,
// and every block of 128 KiB or more, to the kernel (at once under Dask's worker default,
// MALLOC_TRIM_THRESHOLD_=65536; past a size-dependent threshold otherwise), so the next build
// takes a page fault per 4 KiB to get it back: +60–80% on a build repeated in a loop. Blocks of
// at least kMinReusableBytes allocated through ReusableAllocator are instead kept, up to
// kMaxRetainedBytes in the whole process (the oldest dropped first), and handed to the next
// request of about the same size (at most half again as large). A block is kept only when a
// block of its size was given back in an earlier round (PopulationBuilder starts one): a build
// done once keeps nothing (its memory goes back to the C library, for the outcomes allocated
// next), a build repeated keeps its blocks from the second time on.
//
// Thread-safe: one mutex, taken once per block of 64 KiB or more (and around fork(), so a child
// never inherits it locked).
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace xiufu {

inline constexpr size_t kMinReusableBytes = size_t{64} << 10;
inline constexpr size_t kMaxRetainedBytes = size_t{128} << 20;

// A block of at least `bytes` (aligned as by operator new): a kept one when one fits, else new
// memory.
// Blocks under kMinReusableBytes come from operator new and go back to operator delete.
void* TakeReusable(size_t bytes);
// Gives back a block from TakeReusable(bytes) (the same `bytes`): kept for reuse while the
// kept blocks stay within kMaxRetainedBytes, else freed.
void GiveReusable(void* p, size_t bytes) noexcept;

// Starts a round of work (PopulationBuilder's constructor calls it): blocks given back from now
// on are kept when a block of their size was given back in an earlier round.
void StartReusableRound();

// What is kept now, in bytes (for tests and for the memory a host accounts for).
size_t RetainedReusableBytes();
// Frees every kept block and forgets the sizes seen (a host about to idle, a test).
void ReleaseReusableMemory();

// A standard allocator over TakeReusable / GiveReusable.
template <typename T>
struct ReusableAllocator {
  using value_type = T;
  ReusableAllocator() = default;
  template <typename U>
  ReusableAllocator(const ReusableAllocator<U>&) noexcept {}  // NOLINT: rebinding is implicit
  T* allocate(size_t n) {
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "over-aligned types");
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(TakeReusable(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept { GiveReusable(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const ReusableAllocator<U>&) const noexcept {
    return true;
  }
};

template <typename T>
using ReusableVector = std::vector<T, ReusableAllocator<T>>;

}  // namespace xiufu
