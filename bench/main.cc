// xiufu_bench: builds the benchmark world (pack, districts, oracle gate), runs the Google
// Benchmark suite, writes its JSON to <out>/results.json and the summary to
// <out>/summary.json + summary.txt, and prints the summary table. Flags are Google
// Benchmark's; defaults follow XIUFU_BENCH_SHORT (see bench_options.h) unless given.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_options.h"
#include "cycle_clock.h"
#include "district_fixture.h"
#include "run_collector.h"
#include "suite.h"
#include "summary.h"
#include "xiufu/runtime/date.h"

namespace xiufu::bench {
namespace {

bool HasFlag(const std::vector<std::string>& args, const std::string& prefix) {
  for (const std::string& a : args) {
    if (a.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// Google Benchmark's flags, with this suite's defaults for the ones not given.
std::vector<std::string> WithDefaults(int argc, char** argv, const BenchOptions& o) {
  std::vector<std::string> args(argv, argv + argc);
  auto add = [&](const std::string& flag, const std::string& value) {
    if (!HasFlag(args, flag + "=")) args.push_back(flag + "=" + value);
  };
  add("--benchmark_out", o.out_dir + "/results.json");
  add("--benchmark_out_format", "json");
  add("--benchmark_min_time", o.short_mode ? "0.05" : "0.5");
  add("--benchmark_repetitions", o.short_mode ? "1" : "5");
  if (!o.short_mode) add("--benchmark_display_aggregates_only", "true");
  return args;
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

int Main(int argc, char** argv) {
  const BenchOptions options = OptionsFromEnv();
  const std::string load_at_start = LoadAverage();
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "bench: cannot create %s: %s\n", options.out_dir.c_str(),
                 ec.message().c_str());
    return 1;
  }
  std::vector<std::string> args = WithDefaults(argc, argv, options);
  std::vector<char*> cargs;
  for (std::string& a : args) cargs.push_back(a.data());
  int cargc = static_cast<int>(cargs.size());
  benchmark::Initialize(&cargc, cargs.data());
  if (benchmark::ReportUnrecognizedArguments(cargc, cargs.data())) return 1;

  const std::string compiled = CompiledWith();
  if (compiled.find("NOT optimized") != std::string::npos ||
      compiled.find("asserts on") != std::string::npos) {
    std::fprintf(stderr, "bench: WARNING: this binary is %s; timings are not meaningful\n",
                 compiled.c_str());
  }
  std::fprintf(stderr, "bench: %s mode, pack %s\n", options.short_mode ? "short" : "full",
               options.pack_dir.c_str());
  auto world = BuildWorld(options);
  if (!world.ok()) {
    std::fprintf(stderr, "bench: ABORTED before timing anything: %s\n",
                 std::string(world.status().message()).c_str());
    return 2;
  }
  const BenchWorld& w = **world;
  const CycleClock clock;

  RegisterDistrictBenchmarks(w);
  RegisterBaselineBenchmarks(w);
  RegisterEntityLatencyBenchmarks(w, options, clock);
  RegisterCompileBenchmarks(w);
  RegisterOracleBenchmarks(w, options);
  RegisterDiffBenchmarks(w);
  RegisterManyRecordsBenchmarks(w);
  benchmark::AddCustomContext("xiufu_pack", w.loaded.pack.name + " " + w.loaded.pack.version);
  benchmark::AddCustomContext("xiufu_as_of", FormatDate(w.as_of));
  benchmark::AddCustomContext("xiufu_mode", options.short_mode ? "short" : "full");
  benchmark::AddCustomContext("xiufu_compiled_with", compiled);
  benchmark::AddCustomContext("xiufu_build", options.build_info);
  benchmark::AddCustomContext("xiufu_cpu", CpuModel());

  RunCollector reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                              : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  const Summary summary =
      BuildSummary(w, options, clock, reporter.measurements(), load_at_start);
  const std::string json_path = options.out_dir + "/summary.json";
  const std::string text_path = options.out_dir + "/summary.txt";
  if (!WriteFile(json_path, summary.json) || !WriteFile(text_path, summary.table)) {
    std::fprintf(stderr, "bench: cannot write the summary to %s\n", options.out_dir.c_str());
    return 1;
  }
  std::printf("\n%s\nbench: wrote %s/results.json, %s\n", summary.table.c_str(),
              options.out_dir.c_str(), json_path.c_str());
  return 0;
}

}  // namespace
}  // namespace xiufu::bench

int main(int argc, char** argv) { return xiufu::bench::Main(argc, argv); }
