// xiufu::server::Metrics — the server's counters in the Prometheus text format (0.0.4):
// requests by endpoint and status code, a request latency histogram per endpoint, the engine's
// own EvaluateEntity latency histogram (to compare HTTP with engine time), table reloads and
// reload failures, decision-log lines written and dropped, and the table in service as labels.
//
// Thread-safe: counters are relaxed atomics; the (endpoint, code) map takes a short lock.
#ifndef XIUFU_SERVER_METRICS_H_
#define XIUFU_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace xiufu::server {

enum class Endpoint : uint8_t {
  kHealthz, kTable, kMetrics, kEvaluate, kEvaluateBatch, kExplain, kPlan, kAdminReload, kOther,
};
inline constexpr int kNumEndpoints = 9;
std::string_view EndpointName(Endpoint e);  // "evaluate", "evaluate_batch", …

// Upper bounds (seconds) of the latency buckets, shared by every histogram: 1 µs … 5 s.
inline constexpr std::array<double, 20> kLatencyBuckets = {
    1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3,
    2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1.0, 5.0};

class Histogram {
 public:
  void Observe(double seconds);
  // Appends `name_bucket{labels,le=…}` lines, `_sum` and `_count` (labels: "" or `k="v"`).
  void Write(std::string* out, std::string_view name, std::string_view labels) const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> buckets_{};  // last = +Inf
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

struct MetricsSnapshotInputs {
  std::string table_hash, pack, version, loaded_at;
  uint64_t generation = 0;
  uint64_t reloads_ok = 0, reloads_failed = 0;
  bool decision_log = false;
  uint64_t log_written = 0, log_dropped = 0, log_queue = 0;
};

class Metrics {
 public:
  void Request(Endpoint e, int status, double seconds);
  void Engine(double seconds) { engine_.Observe(seconds); }
  void InflightAdd(int delta) { inflight_.fetch_add(delta, std::memory_order_relaxed); }
  void Decisions(uint64_t n) { decisions_.fetch_add(n, std::memory_order_relaxed); }

  std::string Render(const MetricsSnapshotInputs& in) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<int, int>, uint64_t> requests_;  // (endpoint, status) → count
  std::array<Histogram, kNumEndpoints> latency_;
  Histogram engine_;
  std::atomic<int64_t> inflight_{0};
  std::atomic<uint64_t> decisions_{0};
};

}  // namespace xiufu::server

#endif  // XIUFU_SERVER_METRICS_H_
