// Benchmark run options: where the pack and the outputs are, and whether this is the short
// (CI) mode. Read once in main from the environment:
//   XIUFU_BENCH_SHORT=1        short mode: 0.05 s min-time, one repetition, fewer samples
//   XIUFU_BENCH_OUT_DIR=DIR    outputs (default: <repo>/build/bench)
//   XIUFU_BENCH_PACK=DIR       rule pack (default: <repo>/rules/gongshu)
//   XIUFU_BENCH_BUILD_INFO=S   free text describing the build (compiler flags), set by
//                              scripts/bench.sh from the CMake cache
#ifndef XIUFU_BENCH_BENCH_OPTIONS_H_
#define XIUFU_BENCH_BENCH_OPTIONS_H_

#include <string>

namespace xiufu::bench {

struct BenchOptions {
  bool short_mode = false;
  std::string out_dir;
  std::string pack_dir;
  std::string build_info;
};

BenchOptions OptionsFromEnv();

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_BENCH_OPTIONS_H_
