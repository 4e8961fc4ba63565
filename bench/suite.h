// Registration of the benchmark families and the names the summary looks them up by. Every
// family registers one benchmark per district (or one for the pack) at run time, after the
// world is built, so names carry the district ("district/dense/1t") and the data is captured
// by pointer — the world outlives the run.
#ifndef XIUFU_BENCH_SUITE_H_
#define XIUFU_BENCH_SUITE_H_

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bench_options.h"
#include "cycle_clock.h"
#include "district_fixture.h"

namespace xiufu::bench {

// district/<d>/1t, district/<d>/all   EvaluateBatch on one thread / on every hardware thread
void RegisterDistrictBenchmarks(const BenchWorld& world);
// stream/<d>       the memory-stream bound (column_stream.h)
// stream_io/<d>    the same plus writing the outputs
// handwritten/<d>  the Order 36 slice as plain ifs (order36_baseline.h)
void RegisterBaselineBenchmarks(const BenchWorld& world);
// entity_latency/<d>  EvaluateEntity per call, p50 / p99 from a histogram
void RegisterEntityLatencyBenchmarks(const BenchWorld& world, const BenchOptions& options,
                                     const CycleClock& clock);
// pack/load, pack/compile, pack/serialize, pack/blob_load
void RegisterCompileBenchmarks(const BenchWorld& world);
// oracle/default   the reference interpreter on the default district
void RegisterOracleBenchmarks(const BenchWorld& world, const BenchOptions& options);
// diff/default     DiffOutcomes of the default district: the pack against a copy with
//                  kDiffParameter set to kDiffValue, on kDiffThreads threads
void RegisterDiffBenchmarks(const BenchWorld& world);
// many_records/{evaluate,plan,explain}  one entity given kManyRecords of the default district's
//                  records: EvaluateEntity, PlanEntity, EntityExplainer over all of them
void RegisterManyRecordsBenchmarks(const BenchWorld& world);

// Adds the "min" statistic over repetitions (beside mean / median / stddev / cv). On a shared
// machine interference only ever adds time, so the summary prefers the minimum.
inline double MinOf(const std::vector<double>& v) {
  return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
}
inline benchmark::internal::Benchmark* WithMin(benchmark::internal::Benchmark* b) {
  return b->ComputeStatistics("min", &MinOf);
}

inline std::string DistrictName(const std::string& d, bool all_threads) {
  return "district/" + d + (all_threads ? "/all" : "/1t");
}
inline std::string StreamName(const std::string& d) { return "stream/" + d; }
inline std::string StreamIoName(const std::string& d) { return "stream_io/" + d; }
inline std::string HandwrittenName(const std::string& d) { return "handwritten/" + d; }
inline std::string LatencyName(const std::string& d) { return "entity_latency/" + d; }
inline constexpr const char* kPackLoadName = "pack/load";
inline constexpr const char* kCompileName = "pack/compile";
inline constexpr const char* kSerializeName = "pack/serialize";
inline constexpr const char* kBlobLoadName = "pack/blob_load";
inline constexpr const char* kOracleName = "oracle/default";
inline constexpr const char* kDiffName = "diff/default";
inline constexpr size_t kManyRecords = 2000;
inline constexpr const char* kManyEvaluateName = "many_records/evaluate";
inline constexpr const char* kManyPlanName = "many_records/plan";
inline constexpr const char* kManyExplainName = "many_records/explain";
// The what-if: the organisations' "low fine" threshold (SAMR-P-04) raised from 50,000 to
// 100,000 yuan, so more SAMR penalties drop off after three months.
inline constexpr const char* kDiffParameter = "low_fine_org";
inline constexpr const char* kDiffValue = "100000";
// DiffOutcomes runs on the threads it is given (default 1); compared with district/<d>/1t.
inline constexpr int kDiffThreads = 1;

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_SUITE_H_
