#include "cycle_clock.h"

#include <algorithm>
#include <vector>

namespace xiufu::bench {

CycleClock::CycleClock() {
#ifdef XIUFU_BENCH_HAVE_TSC
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const uint64_t c0 = Start();
  while (Clock::now() - t0 < std::chrono::milliseconds(20)) {
  }
  const uint64_t c1 = Stop();
  const auto t1 = Clock::now();
  const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
  if (c1 > c0) ns_per_tick_ = ns / static_cast<double>(c1 - c0);
#endif
  std::vector<uint64_t> pairs(4096);
  for (uint64_t& p : pairs) {
    const uint64_t a = Start();
    p = Stop() - a;
  }
  std::nth_element(pairs.begin(), pairs.begin() + pairs.size() / 2, pairs.end());
  overhead_ticks_ = pairs[pairs.size() / 2];
}

const char* CycleClock::name() const {
#ifdef XIUFU_BENCH_HAVE_TSC
  return "rdtsc (calibrated against steady_clock)";
#else
  return "steady_clock";
#endif
}

}  // namespace xiufu::bench
