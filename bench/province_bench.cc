// xiufu_province_bench: a 10-million-entity "province" — the district generator's default mix
// with the entity count scaled (GenerateDistrict, default seed) — evaluated with EvaluateBatch
// on 2 threads as of the generator's snapshot day, in a process of its own, so that its peak
// resident set is the province's and not the benchmark world's (xiufu_bench holds two 178,000-
// entity districts, their fixtures and the oracle's results).
//
//   xiufu_province_bench [--entities=N] [--passes=K] [--threads=T] [--out=FILE]
//
// Steps, each timed: load + compile the pack; GenerateDistrict (on a thread of its own, see
// GeneratorThread); DistrictToPopulation (the population a host would hold); the generator's
// District is then freed and the heap trimmed. Then one cold EvaluateBatch pass (sizes and
// faults in the outputs) and K warm passes into the same outputs; `province_ms` is the best
// warm pass (interference on a shared machine only ever adds time), as district/<d>/<t> in
// xiufu_bench.
//
// Memory, getrusage(RUSAGE_SELF).ru_maxrss: once the generator's data is freed, the peak is
// reset to what is resident (/proc/self/clear_refs), so `province_peak_rss_mb` is the peak of
// a process holding the table, the population and the outputs while it evaluates — the
// province alone. `province_process_peak_rss_mb` is the whole process's, generation included
// (the District, the generator's USCC set and the population at once). When the kernel refuses
// the reset, `province_peak_rss_mb` is the whole process's and `province_peak_rss_scope` says so.
//
// Writes JSON (flat `province_*` keys) to FILE (default $XIUFU_BENCH_OUT_DIR/province.json, else
// <repo>/build/bench/province.json) and prints a few lines. XIUFU_BENCH_SHORT=1 (CI): the same
// 10 million entities with 2 warm passes instead of 5. Never asserts a time.
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "json_object.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/synth/generate.h"

namespace xiufu::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// Peak resident set of this process so far, in MB (10^6 bytes); ru_maxrss is in KiB.
double PeakRssMb() {
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) != 0) return kNaN;
  return static_cast<double>(u.ru_maxrss) * 1024.0 / 1e6;
}

// A "VmRSS:" / "VmHWM:" line of /proc/self/status, in MB.
double StatusMb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtod(line.c_str() + field.size() + 1, nullptr) * 1024.0 / 1e6;
    }
  }
  return kNaN;
}

// Resets the peak resident set to the current one (Linux >= 4.0). ru_maxrss follows it while
// no thread of the process has exited since (an exiting thread records the peak it saw).
bool ResetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// Heap bytes of a vector (its capacity): with PackedTexts::Bytes, an estimate of where the
// population's resident bytes go.
template <typename T, typename A>
double VectorBytes(const std::vector<T, A>& v) {
  return static_cast<double>(v.capacity() * sizeof(T));
}
struct PopulationHeap {
  double names = 0, record_ids = 0, uscc = 0, other = 0;
  double total() const { return names + record_ids + uscc + other; }
};
PopulationHeap HeapOf(const Population& p) {
  PopulationHeap h;
  // PackedTexts: what the rows and texts fill (its spare capacity is never touched, so not
  // resident).
  h.names = static_cast<double>(p.name.Bytes());
  h.record_ids = static_cast<double>(p.record_id.Bytes());
  h.uscc = VectorBytes(p.uscc);
  for (const auto* v : {&p.entity_kind, &p.entity_status, &p.entity_flags, &p.department,
                        &p.record_kind, &p.severity, &p.penalty, &p.procedure, &p.sector,
                        &p.shown_mask, &p.record_warnings}) {
    h.other += VectorBytes(*v);
  }
  for (const auto* v : {&p.registration_date, &p.decision_date, &p.publication_date,
                        &p.fulfilled_date, &p.corrected_date}) {
    h.other += VectorBytes(*v);
  }
  h.other += VectorBytes(p.repaired.masks()) + VectorBytes(p.repaired.block_begins()) +
             VectorBytes(p.repaired.days());
  h.other += VectorBytes(p.last_report_year) + VectorBytes(p.record_begin) +
             VectorBytes(p.fine_yuan) + VectorBytes(p.entity_custom) +
             VectorBytes(p.record_custom);
  return h;
}

// Runs the generator on a thread of its own that stays parked until destroyed, for two
// reasons. Its allocations (the District and the generator's set of USCCs) come from another
// malloc arena than the population's, so freeing the District gives its pages back; generated
// on this thread, the population's strings would fill the holes between the District's, and
// about 40% of the generator's memory stayed resident after it was freed. And it must not exit
// before the measurement ends: a thread that exits records the process's peak RSS so far for
// getrusage (the kernel's do_exit), which would undo the reset of the high-water mark.
class GeneratorThread {
 public:
  explicit GeneratorThread(const GenOptions& gen)
      : thread_([this, gen] {
          district_ = GenerateDistrict(gen);
          generated_.set_value();
          release_.get_future().wait();
        }) {}
  GeneratorThread(const GeneratorThread&) = delete;
  GeneratorThread& operator=(const GeneratorThread&) = delete;
  ~GeneratorThread() {
    release_.set_value();
    thread_.join();
  }
  // Waits for the district (call once).
  District& district() {
    generated_.get_future().wait();
    return district_;
  }

 private:
  District district_;
  std::promise<void> generated_, release_;
  std::thread thread_;  // last: starts once the members above exist
};

struct Args {
  size_t entities = 10'000'000;
  int passes = 5;
  int threads = 2;
  std::string out;
  std::string pack;
  bool short_mode = false;
};

bool Parse(int argc, char** argv, Args* a) {
  const std::string short_flag = Env("XIUFU_BENCH_SHORT", "0");
  a->short_mode = !short_flag.empty() && short_flag != "0";
  a->passes = a->short_mode ? 2 : 5;
  a->pack = Env("XIUFU_BENCH_PACK", XIUFU_SOURCE_DIR "/rules/gongshu");
  a->out = Env("XIUFU_BENCH_OUT_DIR", XIUFU_SOURCE_DIR "/build/bench") + "/province.json";
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    auto value = [&](const char* flag) -> const char* {
      const size_t n = std::char_traits<char>::length(flag);
      return s.compare(0, n, flag) == 0 ? s.c_str() + n : nullptr;
    };
    if (const char* v = value("--entities=")) {
      a->entities = std::strtoull(v, nullptr, 10);
    } else if (const char* v = value("--passes=")) {
      a->passes = std::atoi(v);
    } else if (const char* v = value("--threads=")) {
      a->threads = std::atoi(v);
    } else if (const char* v = value("--out=")) {
      a->out = v;
    } else {
      std::fprintf(stderr,
                   "usage: xiufu_province_bench [--entities=N] [--passes=K] [--threads=T] "
                   "[--out=FILE]\n");
      return false;
    }
  }
  if (a->entities == 0 || a->passes < 1 || a->threads < 1) {
    std::fprintf(stderr, "province: --entities, --passes and --threads must be positive\n");
    return false;
  }
  return true;
}

int Main(int argc, char** argv) {
  Args args;
  if (!Parse(argc, argv, &args)) return 2;
  std::fprintf(stderr, "province: %s mode, %zu entities, %d threads, %d warm passes\n",
               args.short_mode ? "short" : "full", args.entities, args.threads, args.passes);

  auto t0 = Clock::now();
  auto loaded = LoadPack(args.pack);
  if (!loaded.ok() || !loaded->ok()) {
    std::fprintf(stderr, "province: cannot load %s: %s\n", args.pack.c_str(),
                 !loaded.ok() ? std::string(loaded.status().message()).c_str()
                 : loaded->diagnostics.empty()
                     ? "load errors"
                     : FormatDiagnostic(loaded->diagnostics.front()).c_str());
    return 1;
  }
  auto table = Compile(*loaded);
  if (!table.ok()) {
    std::fprintf(stderr, "province: %s\n", std::string(table.status().message()).c_str());
    return 1;
  }
  auto dict = Dictionary::FromTable(*table);
  if (!dict.ok()) {
    std::fprintf(stderr, "province: %s\n", std::string(dict.status().message()).c_str());
    return 1;
  }
  const double pack_ms = MsSince(t0);

  GenOptions gen;
  gen.entities = args.entities;
  const Date as_of = gen.snapshot;
  double generate_ms = 0, convert_ms = 0;
  Population pop;
  t0 = Clock::now();
  GeneratorThread generator(gen);
  {
    District& district = generator.district();
    generate_ms = MsSince(t0);
    std::fprintf(stderr, "province: generated %zu entities, %zu records in %.1f s\n",
                 district.num_entities(), district.num_records(), generate_ms / 1e3);
    t0 = Clock::now();
    auto p = DistrictToPopulation(district, *dict);
    if (!p.ok()) {
      std::fprintf(stderr, "province: %s\n", std::string(p.status().message()).c_str());
      return 1;
    }
    pop = *std::move(p);
    convert_ms = MsSince(t0);
    std::fprintf(stderr, "province: population built in %.1f s\n", convert_ms / 1e3);
    district = District();  // freed: the process holds the province's population only
  }
  malloc_trim(0);
  // From here the process holds the table and the population: reset the peak to what is
  // resident now, and check that getrusage follows (it does unless a thread has exited).
  const double process_peak_before_mb = PeakRssMb();
  const double rss_before_eval_mb = StatusMb("VmRSS");
  const bool reset = ResetPeakRss() && PeakRssMb() < process_peak_before_mb;

  BatchResult out;
  t0 = Clock::now();
  if (absl::Status st = EvaluateBatch(*table, pop, as_of, out, args.threads); !st.ok()) {
    std::fprintf(stderr, "province: %s\n", std::string(st.message()).c_str());
    return 1;
  }
  const double first_ms = MsSince(t0);
  std::vector<double> passes;
  for (int i = 0; i < args.passes; ++i) {
    t0 = Clock::now();
    (void)EvaluateBatch(*table, pop, as_of, out, args.threads);
    passes.push_back(MsSince(t0));
  }
  const double after_mb = PeakRssMb();  // ru_maxrss
  const double hwm_mb = StatusMb("VmHWM");
  // The whole process, generation included (the reset moved ru_maxrss down too).
  const double process_peak_mb = std::max(process_peak_before_mb, after_mb);
  // The province's peak: from the evaluation on when the reset worked, else the whole process.
  const double peak_mb = reset ? after_mb : process_peak_mb;
  const char* scope =
      reset ? "from the evaluation on: the table, the population and the outputs (the peak was "
              "reset once the generator's data was freed)"
            : "whole process, generation included (the kernel refused to reset the peak)";
  std::vector<double> sorted = passes;
  std::sort(sorted.begin(), sorted.end());
  const double best_ms = sorted.front();
  const double median_ms = sorted[sorted.size() / 2];

  size_t eligible = 0;
  for (const RecordOutcome& o : out.records) {
    eligible += o.status == RepairStatus::kEligibleNow;
  }
  const double decisions = static_cast<double>(out.records.size());
  const double output_mb = (static_cast<double>(out.records.size() * sizeof(RecordOutcome)) +
                            static_cast<double>(out.entities.size() * sizeof(EntityOutcome))) /
                           1e6;

  JsonObject j;
  j.Str("province_mode", args.short_mode ? "short" : "full");
  j.Str("province_as_of", FormatDate(as_of));
  j.Int("province_entities", static_cast<int64_t>(static_cast<double>(pop.num_entities())));
  j.Int("province_records", static_cast<int64_t>(static_cast<double>(pop.num_records())));
  j.Int("province_decisions", static_cast<int64_t>(decisions));
  j.Num("province_threads", args.threads);
  j.Num("province_passes", args.passes);
  j.Num("province_pack_ms", pack_ms);
  j.Num("province_generate_ms", generate_ms);
  j.Num("province_convert_ms", convert_ms);
  j.Num("province_first_pass_ms", first_ms);
  j.Num("province_ms", best_ms);
  j.Num("province_ms_median", median_ms);
  j.Num("province_ns_per_entity", best_ms * 1e6 / static_cast<double>(pop.num_entities()));
  j.Num("province_peak_rss_mb", peak_mb);
  j.Str("province_peak_rss_scope", scope);
  j.Num("province_peak_vmhwm_mb", hwm_mb);
  j.Num("province_process_peak_rss_mb", process_peak_mb);
  j.Num("province_rss_before_eval_mb", rss_before_eval_mb);
  j.Num("province_column_mb", static_cast<double>(pop.ColumnBytes()) / 1e6);
  // Estimated heap of the population by part (VectorBytes and PackedTexts::Bytes above).
  const PopulationHeap heap = HeapOf(pop);
  j.Num("province_population_heap_mb", heap.total() / 1e6);
  j.Num("province_names_mb", heap.names / 1e6);
  j.Num("province_record_ids_mb", heap.record_ids / 1e6);
  j.Num("province_uscc_mb", heap.uscc / 1e6);
  j.Num("province_other_columns_mb", heap.other / 1e6);
  j.Num("province_output_mb", output_mb);
  j.Int("province_eligible_now", static_cast<int64_t>(static_cast<double>(eligible)));
  const std::string json = j.Render() + "\n";

  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(args.out).parent_path(), ec);
  std::ofstream f(args.out, std::ios::binary);
  f << json;
  if (!f) {
    std::fprintf(stderr, "province: cannot write %s\n", args.out.c_str());
    return 1;
  }
  std::printf(
      "province: %zu entities, %zu records (%.0f record x platform decisions), as of %s\n"
      "  generate %.1f s, build population %.1f s, pack %.0f ms\n"
      "  EvaluateBatch on %d threads: first pass %.0f ms, best of %d warm passes %.0f ms "
      "(median %.0f ms)\n"
      "  peak RSS %.0f MB, %s\n"
      "  resident before the evaluation %.0f MB; whole process, generation included, %.0f MB\n"
      "  wrote %s\n",
      pop.num_entities(), pop.num_records(), decisions, FormatDate(as_of).c_str(),
      generate_ms / 1e3, convert_ms / 1e3, pack_ms, args.threads, first_ms, args.passes,
      best_ms, median_ms, peak_mb, scope, rss_before_eval_mb, process_peak_mb,
      args.out.c_str());
  return 0;
}

}  // namespace
}  // namespace xiufu::bench

int main(int argc, char** argv) { return xiufu::bench::Main(argc, argv); }
