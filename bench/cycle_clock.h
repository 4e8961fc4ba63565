// A cheap clock for per-call latency histograms: the x86 time-stamp counter (invariant TSC,
// serialized with lfence / rdtscp so the measured call cannot drift across the reads),
// calibrated once against std::chrono::steady_clock. Elsewhere it falls back to steady_clock.
// A read pair costs ~10–40 ns; Overhead() measures it so it can be subtracted.
#ifndef XIUFU_BENCH_CYCLE_CLOCK_H_
#define XIUFU_BENCH_CYCLE_CLOCK_H_

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define XIUFU_BENCH_HAVE_TSC 1
#endif

namespace xiufu::bench {

class CycleClock {
 public:
  // Calibrates over ~20 ms.
  CycleClock();

  static inline uint64_t Start() {
#ifdef XIUFU_BENCH_HAVE_TSC
    _mm_lfence();
    const uint64_t t = __rdtsc();
    _mm_lfence();
    return t;
#else
    return Steady();
#endif
  }
  static inline uint64_t Stop() {
#ifdef XIUFU_BENCH_HAVE_TSC
    unsigned aux;
    const uint64_t t = __rdtscp(&aux);
    _mm_lfence();
    return t;
#else
    return Steady();
#endif
  }

  double ToNs(uint64_t ticks) const { return static_cast<double>(ticks) * ns_per_tick_; }
  double ns_per_tick() const { return ns_per_tick_; }
  // Median ticks of an empty Start/Stop pair.
  uint64_t overhead_ticks() const { return overhead_ticks_; }
  const char* name() const;

 private:
  static inline uint64_t Steady() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
  }
  double ns_per_tick_ = 1.0;
  uint64_t overhead_ticks_ = 0;
};

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_CYCLE_CLOCK_H_
