// xiufu::internal::PopCount — the number of set bits, without a library call: on the x86-64
// baseline (no POPCNT instruction) GCC compiles __builtin_popcount to a call into libgcc, which
// the repair-date lookups of the hot loop made once per record with repairs. Thread-safe (pure).
#ifndef XIUFU_RUNTIME_DETAIL_POPCOUNT_H_
#define XIUFU_RUNTIME_DETAIL_POPCOUNT_H_

#include <cstdint>

namespace xiufu::internal {

inline int PopCount(uint64_t x) {
#if defined(__POPCNT__) || !(defined(__x86_64__) || defined(__i386__))
  return __builtin_popcountll(x);
#else
  x -= (x >> 1) & 0x5555555555555555ull;
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<int>((x * 0x0101010101010101ull) >> 56);
#endif
}

}  // namespace xiufu::internal

#endif  // XIUFU_RUNTIME_DETAIL_POPCOUNT_H_
