#include "summary.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "column_stream.h"
#include "json_object.h"
#include "base/str_util.h"
#include "suite.h"

namespace xiufu::bench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The figures of one district.
struct DistrictFigures {
  double entities = kNaN, records = kNaN, decisions = kNaN;
  double ms_1t = kNaN, ms_all = kNaN, speedup_all = kNaN, cpu_ms_1t = kNaN, stream_cpu_ms = kNaN;
  double stream_ms = kNaN, ratio_to_stream = kNaN, stream_gbps = kNaN;
  double io_ms = kNaN, ratio_to_io = kNaN, input_bytes = kNaN, output_bytes = kNaN;
  double ns_per_decision = kNaN, ns_per_entity = kNaN;
  double p50_ns = kNaN, p99_ns = kNaN, latency_records_per_entity = kNaN;
  double bytes_per_record = kNaN, record_bytes_per_record = kNaN;
  double handwritten_ms = kNaN, handwritten_ns_per_decision = kNaN, order36_agreement = kNaN;
  double order36_records = kNaN;
  double record_classes = kNaN, decision_classes = kNaN;
};

// Times use the minimum over repetitions: on a shared machine interference only ever adds
// time. Latency percentiles use the median repetition: the minimum of several p99s would
// understate the tail. A single run (short mode) is used as it is.
const Measurement* Pick(const Measurements& m, const std::string& name, const char* statistic) {
  const auto it = m.find(name);
  if (it == m.end()) return nullptr;
  for (const char* s : {statistic, ""}) {
    const auto f = it->second.find(s);
    if (f != it->second.end()) return &f->second;
  }
  return nullptr;
}

double MsOf(const Measurements& m, const std::string& name) {
  const Measurement* x = Pick(m, name, "min");
  return x == nullptr ? kNaN : x->real_ms;
}

double CpuMsOf(const Measurements& m, const std::string& name) {
  const Measurement* x = Pick(m, name, "min");
  return x == nullptr ? kNaN : x->cpu_ms;
}

double CounterOf(const Measurements& m, const std::string& name, const std::string& counter,
                 const char* statistic = "min") {
  const Measurement* x = Pick(m, name, statistic);
  if (x == nullptr) return kNaN;
  const auto c = x->counters.find(counter);
  return c == x->counters.end() ? kNaN : c->second;
}

DistrictFigures Figures(const BenchDistrict& d, const Measurements& m) {
  DistrictFigures f;
  const Population& pop = d.pop;
  f.entities = static_cast<double>(pop.num_entities());
  f.records = static_cast<double>(pop.num_records());
  f.decisions = static_cast<double>(d.decisions());
  f.ms_1t = MsOf(m, DistrictName(d.name, false));
  f.ms_all = MsOf(m, DistrictName(d.name, true));
  f.speedup_all = f.ms_1t / f.ms_all;
  f.cpu_ms_1t = CpuMsOf(m, DistrictName(d.name, false));
  f.stream_cpu_ms = CpuMsOf(m, StreamName(d.name));
  f.stream_ms = MsOf(m, StreamName(d.name));
  f.ratio_to_stream = f.ms_1t / f.stream_ms;
  f.stream_gbps = CounterOf(m, StreamName(d.name), "bytes_per_second") / 1e9;
  f.io_ms = MsOf(m, StreamIoName(d.name));
  f.ratio_to_io = f.ms_1t / f.io_ms;
  f.input_bytes = static_cast<double>(EvaluatedBytes(pop));
  f.output_bytes = static_cast<double>(OutputBytes(pop));
  f.ns_per_decision = f.ms_1t * 1e6 / f.decisions;
  f.ns_per_entity = f.ms_1t * 1e6 / f.entities;
  f.p50_ns = CounterOf(m, LatencyName(d.name), "p50_ns", "median");
  f.p99_ns = CounterOf(m, LatencyName(d.name), "p99_ns", "median");
  f.latency_records_per_entity = CounterOf(m, LatencyName(d.name), "records_per_entity");
  f.bytes_per_record = static_cast<double>(pop.ColumnBytes()) / f.records;
  // The per-record part alone: what each record adds, without the entity columns.
  f.record_bytes_per_record = static_cast<double>(RecordColumnBytes(pop)) / f.records;
  f.handwritten_ms = MsOf(m, HandwrittenName(d.name));
  f.order36_records = static_cast<double>(d.order36_records);
  f.handwritten_ns_per_decision = f.handwritten_ms * 1e6 / f.order36_records;
  f.order36_agreement = d.order36_agreement;
  f.record_classes = static_cast<double>(d.classes.record_classes);
  f.decision_classes = static_cast<double>(d.classes.decision_classes);
  return f;
}

struct Target {
  std::string key;  // summary key of the figure
  std::string text;
  double limit;
  bool at_least;  // figure >= limit (else <=)
  double dense_limit = kNaN;  // the dense district's limit when it differs from `limit`
  bool default_only = false;  // measured on the default district (or pack-wide) only
  double LimitFor(bool dense) const {
    return dense && std::isfinite(dense_limit) ? dense_limit : limit;
  }
  bool Met(double v, bool dense = false) const {
    const double l = LimitFor(dense);
    return std::isfinite(v) && (at_least ? v >= l : v <= l);
  }
};

// Figures measured by other processes and merged into the summary by scripts/bench.sh
// (bench/merge_summary.py): xiufu_bench writes their keys as null, their targets as not
// measured, and their rows with "-"; the merge fills them in. The labels must match
// merge_summary.py's.
inline constexpr const char* kPythonLabel = "Python frames in/out over C++ (%)";
inline constexpr const char* kProvinceMsLabel = "province, 2 threads (ms)";
inline constexpr const char* kProvinceRssLabel = "province peak RSS (MB)";

const std::vector<Target>& Targets() {
  static const std::vector<Target> kTargets = {
      {"district_ms_1t", "<= 2 ms (dense 60)", 2, false, 60},
      {"ratio_to_stream", "<= 3x", 3, false},
      {"ratio_to_stream_io", "<= 5x", 5, false},
      {"entity_p50_ns", "<= 200 ns", 200, false},
      {"entity_p99_ns", "<= 1000 ns", 1000, false},
      {"compile_ms", "<= 20 ms", 20, false},
      {"blob_load_ms", "<= 1 ms", 1, false},
      {"all_cores_speedup", ">= 1.8x (2 cores)", 1.8, true},
      {"bytes_per_record", "<= 48 B", 48, false},
      {"oracle_speedup", ">= 20x", 20, true, kNaN, true},
      {"diff_ratio", "<= 3x", 3, false, kNaN, true},
      // Merged by scripts/bench.sh (see above).
      {"python_overhead_pct", "<= +25%", 25, false, kNaN, true},
      {"province_ms", "<= 1500 ms", 1500, false, kNaN, true},
      {"province_peak_rss_mb", "<= 2500 MB", 2500, false, kNaN, true},
  };
  return kTargets;
}

void AddDistrict(JsonObject& j, const std::string& prefix, const DistrictFigures& f) {
  j.Num(prefix + "entities", f.entities);
  j.Num(prefix + "records", f.records);
  j.Num(prefix + "decisions", f.decisions);
  j.Num(prefix + "district_ms_1t", f.ms_1t);
  j.Num(prefix + "district_ms_all", f.ms_all);
  j.Num(prefix + "district_cpu_ms_1t", f.cpu_ms_1t);
  j.Num(prefix + "all_cores_speedup", f.speedup_all);
  j.Num(prefix + "stream_bound_ms", f.stream_ms);
  j.Num(prefix + "stream_bound_cpu_ms", f.stream_cpu_ms);
  j.Num(prefix + "stream_gb_per_s", f.stream_gbps);
  j.Num(prefix + "ratio_to_stream", f.ratio_to_stream);
  j.Num(prefix + "input_bytes", f.input_bytes);
  j.Num(prefix + "output_bytes", f.output_bytes);
  j.Num(prefix + "stream_io_bound_ms", f.io_ms);
  j.Num(prefix + "ratio_to_stream_io", f.ratio_to_io);
  j.Num(prefix + "ns_per_record_platform", f.ns_per_decision);
  j.Num(prefix + "ns_per_entity", f.ns_per_entity);
  j.Num(prefix + "entity_p50_ns", f.p50_ns);
  j.Num(prefix + "entity_p99_ns", f.p99_ns);
  j.Num(prefix + "latency_records_per_entity", f.latency_records_per_entity);
  j.Num(prefix + "bytes_per_record", f.bytes_per_record);
  j.Num(prefix + "record_column_bytes_per_record", f.record_bytes_per_record);
  j.Num(prefix + "handwritten_ms", f.handwritten_ms);
  j.Num(prefix + "handwritten_ns_per_decision", f.handwritten_ns_per_decision);
  j.Num(prefix + "handwritten_slice_records", f.order36_records);
  j.Num(prefix + "handwritten_agreement", f.order36_agreement);
  j.Num(prefix + "record_match_classes", f.record_classes);
  j.Num(prefix + "decision_match_classes", f.decision_classes);
}

// Pack-wide and default-district-only figures, for FigureFor.
struct OtherFigures {
  double compile_ms = kNaN, blob_ms = kNaN, oracle_speedup = kNaN, diff_ratio = kNaN;
};

// Value of a target's figure for one district (pack-wide figures are the same for both).
// NaN for the figures other processes measure (merged later).
double FigureFor(const std::string& key, const DistrictFigures& f, const OtherFigures& o) {
  if (key == "district_ms_1t") return f.ms_1t;
  if (key == "ratio_to_stream") return f.ratio_to_stream;
  if (key == "ratio_to_stream_io") return f.ratio_to_io;
  if (key == "entity_p50_ns") return f.p50_ns;
  if (key == "entity_p99_ns") return f.p99_ns;
  if (key == "compile_ms") return o.compile_ms;
  if (key == "blob_load_ms") return o.blob_ms;
  if (key == "all_cores_speedup") return f.speedup_all;
  if (key == "bytes_per_record") return f.bytes_per_record;
  if (key == "oracle_speedup") return o.oracle_speedup;
  if (key == "diff_ratio") return o.diff_ratio;
  return kNaN;
}

std::string Fmt(double v) {
  if (!std::isfinite(v)) return "-";
  const double a = std::fabs(v);
  if (a >= 1000) return absl::StrFormat("%.0f", v);
  if (a >= 100) return absl::StrFormat("%.1f", v);
  if (a >= 1) return absl::StrFormat("%.2f", v);
  return absl::StrFormat("%.3f", v);
}

std::string Row(const std::string& label, double a, double b, const std::string& target = "",
                const std::string& met_a = "", const std::string& met_b = "") {
  return absl::StrFormat("  %-36s %12s %12s  %-18s %-5s %-5s\n", label, Fmt(a), Fmt(b), target,
                         met_a, met_b);
}

std::string MetText(const Target& t, double v, int threads, bool dense) {
  if (t.key == "all_cores_speedup" && threads < 2) return "n/a";
  if (!std::isfinite(v)) return "-";
  return t.Met(v, dense) ? "yes" : "NO";
}

}  // namespace

std::string CompiledWith() {
  std::string s;
#if defined(__clang__)
  s = Cat("Clang ", __clang_major__, ".", __clang_minor__, ".", __clang_patchlevel__);
#elif defined(__GNUC__)
  s = Cat("GCC ", __GNUC__, ".", __GNUC_MINOR__, ".", __GNUC_PATCHLEVEL__);
#else
  s = "unknown compiler";
#endif
#ifdef __OPTIMIZE__
  s += ", optimized";
#else
  s += ", NOT optimized";
#endif
#ifdef NDEBUG
  s += ", NDEBUG";
#else
  s += ", asserts on";
#endif
#if defined(__AVX512F__)
  s += ", AVX-512 (-march=native)";
#elif defined(__AVX2__)
  s += ", AVX2 (-march=native)";
#elif defined(__x86_64__)
  s += ", x86-64 baseline ISA (SSE2)";
#endif
  return s;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  if (!(in >> a >> b >> c)) return "unknown";
  return a + " " + b + " " + c;
}

Summary BuildSummary(const BenchWorld& world, const BenchOptions& options,
                     const CycleClock& clock, const Measurements& m,
                     const std::string& load_at_start) {
  const DistrictFigures def = Figures(world.districts[0], m);
  const DistrictFigures dense = Figures(world.districts[1], m);
  const double compile_ms = MsOf(m, kCompileName);
  const double blob_ms = MsOf(m, kBlobLoadName);
  const double pack_load_ms = MsOf(m, kPackLoadName);
  const double serialize_ms = MsOf(m, kSerializeName);
  const double oracle_ms = MsOf(m, kOracleName);
  const double diff_ms = MsOf(m, kDiffName);
  // Like with like: DiffOutcomes runs on kDiffThreads threads, so it is divided by the
  // district's time on as many (district/default/1t for the default of 1).
  const double diff_base_ms = kDiffThreads == 1 ? def.ms_1t : def.ms_all;
  const std::string diff_base = DistrictName(world.districts[0].name, kDiffThreads != 1);
  OtherFigures other;
  other.compile_ms = compile_ms;
  other.blob_ms = blob_ms;
  other.oracle_speedup = oracle_ms / def.ms_1t;
  other.diff_ratio = diff_ms / diff_base_ms;
  const std::string pack = Cat(world.loaded.pack.name, " ", world.loaded.pack.version);

  const auto headline = m.find(DistrictName(world.districts[0].name, false));
  const bool repeated = headline != m.end() && headline->second.count("min") > 0;
  const std::string statistic = repeated
                                    ? "times: min over repetitions; latency: median repetition"
                                    : "single run";

  JsonObject j;
  j.Str("mode", options.short_mode ? "short" : "full");
  j.Str("statistic", statistic);
  j.Str("pack", pack);
  j.Str("as_of", FormatDate(world.as_of));
  j.Str("cpu", CpuModel());
  j.Num("nproc", static_cast<double>(std::thread::hardware_concurrency()));
  j.Num("threads", world.threads);
  j.Str("load_average_start", load_at_start);
  j.Str("load_average_end", LoadAverage());
  j.Str("compiled_with", CompiledWith());
  j.Str("build", options.build_info);
  j.Str("latency_clock", clock.name());
  j.Num("latency_clock_overhead_ns", clock.ToNs(clock.overhead_ticks()));
  AddDistrict(j, "", def);
  j.Num("compile_ms", compile_ms);
  j.Num("pack_load_ms", pack_load_ms);
  j.Num("serialize_ms", serialize_ms);
  j.Num("blob_load_ms", blob_ms);
  j.Num("blob_bytes", static_cast<double>(world.blob.size()));
  j.Num("oracle_ms", oracle_ms);
  j.Num("oracle_speedup", other.oracle_speedup);
  j.Num("diff_ms", diff_ms);
  j.Num("diff_threads", kDiffThreads);
  j.Str("diff_edit", Cat(kDiffParameter, " = ", kDiffValue));
  j.Num("diff_changes", CounterOf(m, kDiffName, "changes"));
  j.Num("diff_entities_changed", CounterOf(m, kDiffName, "entities_changed"));
  j.Str("diff_ratio_over", diff_base);
  j.Num("diff_ratio", other.diff_ratio);
  j.Num("many_records", static_cast<double>(kManyRecords));
  j.Num("many_records_evaluate_ms", MsOf(m, kManyEvaluateName));
  j.Num("many_records_plan_ms", MsOf(m, kManyPlanName));
  j.Num("many_records_plan_steps", CounterOf(m, kManyPlanName, "steps"));
  j.Num("many_records_explain_ms", MsOf(m, kManyExplainName));
  // Measured in separate processes by scripts/bench.sh, merged into this file after the run.
  j.Num("python_overhead_pct", kNaN);
  j.Str("python_skipped", "not merged: run by scripts/bench.sh (bench/python_bench.py)");
  j.Num("province_ms", kNaN);
  j.Num("province_peak_rss_mb", kNaN);
  j.Str("province_skipped", "not merged: run by scripts/bench.sh (xiufu_province_bench)");
  AddDistrict(j, "dense_", dense);
  JsonObject met, dense_met;
  for (const Target& t : Targets()) {
    const double a = FigureFor(t.key, def, other);
    const double b = FigureFor(t.key, dense, other);
    if (t.key == "all_cores_speedup" && world.threads < 2) continue;
    // null when the figure was not measured (a filtered run, or not merged yet).
    auto put = [&](JsonObject& o, double v, bool is_dense) {
      if (std::isfinite(v)) {
        o.Bool(t.key, t.Met(v, is_dense));
      } else {
        o.Num(t.key, kNaN);
      }
    };
    put(met, a, false);
    if (!t.default_only) put(dense_met, b, true);
  }
  j.Obj("targets_met", met);
  j.Obj("dense_targets_met", dense_met);

  std::string table = absl::StrFormat(
      "xiufu benchmark summary: pack %s, as of %s, %s mode (%s)\n"
      "  machine: %s, %d hardware threads, load average %s at start, %s at end\n"
      "  build: %s%s%s\n"
      "  %-36s %12s %12s  %-18s %-5s %-5s\n",
      pack, FormatDate(world.as_of), options.short_mode ? "short" : "full", statistic, CpuModel(),
      world.threads, load_at_start, LoadAverage(), CompiledWith(),
      options.build_info.empty() ? "" : "; ", options.build_info,
      "", "default", "dense", "target", "met", "dense");
  table += Row("entities", def.entities, dense.entities);
  table += Row("records", def.records, dense.records);
  table += Row("record x platform decisions", def.decisions, dense.decisions);
  auto target_row = [&](const std::string& label, const std::string& key, double a, double b) {
    for (const Target& t : Targets()) {
      if (t.key == key) {
        return Row(label, a, b, t.text, MetText(t, a, world.threads, false),
                   t.default_only ? "" : MetText(t, b, world.threads, true));
      }
    }
    return Row(label, a, b);
  };
  table += target_row("district, 1 thread (ms)", "district_ms_1t", def.ms_1t, dense.ms_1t);
  table += Row("  CPU time of that thread (ms)", def.cpu_ms_1t, dense.cpu_ms_1t);
  table += Row(absl::StrFormat("district, %d threads (ms)", world.threads), def.ms_all,
               dense.ms_all);
  table += target_row("all-cores speed-up (x)", "all_cores_speedup", def.speedup_all,
                      dense.speedup_all);
  table += Row("memory-stream bound (ms)", def.stream_ms, dense.stream_ms);
  table += Row("  CPU time (ms)", def.stream_cpu_ms, dense.stream_cpu_ms);
  table += Row("memory-stream rate (GB/s)", def.stream_gbps, dense.stream_gbps);
  table += target_row("district / stream bound (x)", "ratio_to_stream", def.ratio_to_stream,
                      dense.ratio_to_stream);
  table += Row("input columns read (MB)", def.input_bytes / 1e6, dense.input_bytes / 1e6);
  table += Row("outputs written (MB)", def.output_bytes / 1e6, dense.output_bytes / 1e6);
  table += Row("stream + write outputs (ms)", def.io_ms, dense.io_ms);
  table += target_row("district / stream+outputs (x)", "ratio_to_stream_io", def.ratio_to_io,
                      dense.ratio_to_io);
  table += Row("ns per record x platform, 1 thread", def.ns_per_decision, dense.ns_per_decision);
  table += Row("ns per entity, 1 thread", def.ns_per_entity, dense.ns_per_entity);
  table += target_row("EvaluateEntity p50 (ns)", "entity_p50_ns", def.p50_ns, dense.p50_ns);
  table += target_row("EvaluateEntity p99 (ns)", "entity_p99_ns", def.p99_ns, dense.p99_ns);
  table += Row("  records per sampled entity", def.latency_records_per_entity,
               dense.latency_records_per_entity);
  table += target_row("resident bytes per record", "bytes_per_record", def.bytes_per_record,
                      dense.bytes_per_record);
  table += Row("  record columns only (B/record)", def.record_bytes_per_record,
               dense.record_bytes_per_record);
  table += Row("match classes of records", def.record_classes, dense.record_classes);
  table += Row("  of record x platform decisions", def.decision_classes, dense.decision_classes);
  table += Row("hand-written Order 36 slice (ms)", def.handwritten_ms, dense.handwritten_ms);
  table += Row("  ns per slice decision", def.handwritten_ns_per_decision,
               dense.handwritten_ns_per_decision);
  table += Row("  agreement with engine (share)", def.order36_agreement,
               dense.order36_agreement);
  table += Row("oracle interpreter (ms)", oracle_ms, kNaN);
  table += target_row("compiled speed-up over oracle (x)", "oracle_speedup", other.oracle_speedup,
                      kNaN);
  table += Row(absl::StrFormat("what-if diff, %d thread%s (ms)", kDiffThreads,
                               kDiffThreads == 1 ? "" : "s"),
               diff_ms, kNaN);
  table += target_row(absl::StrFormat("diff / district %s (x)", kDiffThreads == 1 ? "1t" : "all"),
                      "diff_ratio", other.diff_ratio, kNaN);
  table += Row("  record x platform changes", CounterOf(m, kDiffName, "changes"), kNaN);
  table += Row(absl::StrFormat("entity of %zu records, evaluate (ms)", kManyRecords),
               MsOf(m, kManyEvaluateName), kNaN);
  table += Row("  its plan (ms)", MsOf(m, kManyPlanName), kNaN);
  table += Row("    plan steps", CounterOf(m, kManyPlanName, "steps"), kNaN);
  table += Row("  its explanations, all pairs (ms)", MsOf(m, kManyExplainName), kNaN);
  table += target_row("compile reference pack (ms)", "compile_ms", compile_ms, kNaN);
  table += Row("load pack files (ms)", pack_load_ms, kNaN);
  table += Row("serialize blob (ms)", serialize_ms, kNaN);
  table += target_row("blob load, DeserializeTable (ms)", "blob_load_ms", blob_ms, kNaN);
  table += Row("blob size (bytes)", static_cast<double>(world.blob.size()), kNaN);
  // Filled in by scripts/bench.sh after the Python benchmark and the province run.
  table += target_row(kPythonLabel, "python_overhead_pct", kNaN, kNaN);
  table += target_row(kProvinceMsLabel, "province_ms", kNaN, kNaN);
  table += target_row(kProvinceRssLabel, "province_peak_rss_mb", kNaN, kNaN);
  table += "  targets are reported, never asserted; every figure comes from this one run\n";
  return Summary{j.Render() + "\n", table};
}

}  // namespace xiufu::bench
