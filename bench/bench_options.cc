#include "bench_options.h"

#include <cstdlib>
#include <string_view>

namespace xiufu::bench {
namespace {

std::string Env(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

}  // namespace

BenchOptions OptionsFromEnv() {
  BenchOptions o;
  const std::string short_flag = Env("XIUFU_BENCH_SHORT", "0");
  o.short_mode = !short_flag.empty() && short_flag != "0";
  o.out_dir = Env("XIUFU_BENCH_OUT_DIR", XIUFU_SOURCE_DIR "/build/bench");
  o.pack_dir = Env("XIUFU_BENCH_PACK", XIUFU_SOURCE_DIR "/rules/gongshu");
  o.build_info = Env("XIUFU_BENCH_BUILD_INFO", "");
  return o;
}

}  // namespace xiufu::bench
