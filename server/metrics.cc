#include "metrics.h"

#include <cmath>
#include <cstdio>

#include "str.h"

namespace xiufu::server {

std::string_view EndpointName(Endpoint e) {
  constexpr std::string_view k[kNumEndpoints] = {"healthz", "table",   "metrics",
                                                 "evaluate", "evaluate_batch", "explain",
                                                 "plan",     "admin_reload",   "other"};
  return k[static_cast<int>(e)];
}

void Histogram::Observe(double seconds) {
  size_t i = 0;
  while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(std::llround(seconds * 1e9)), std::memory_order_relaxed);
}

namespace {

std::string Le(double b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", b);
  return buf;
}

std::string Labels(std::string_view base, std::string_view extra) {
  if (base.empty()) return Cat("{", extra, "}");
  if (extra.empty()) return Cat("{", base, "}");
  return Cat("{", base, ",", extra, "}");
}

// Label values: backslash, quote and newline escaped.
std::string Esc(std::string_view v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out.append("\\n");
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void Histogram::Write(std::string* out, std::string_view name, std::string_view labels) const {
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= kLatencyBuckets.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    const std::string le = i < kLatencyBuckets.size() ? Le(kLatencyBuckets[i]) : "+Inf";
    Append(out, name, "_bucket", Labels(labels, Cat("le=\"", le, "\"")), " ",
                    cumulative, "\n");
  }
  char sum[40];
  std::snprintf(sum, sizeof sum, "%.9f", static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) * 1e-9);
  Append(out, name, "_sum", labels.empty() ? "" : Labels(labels, ""), " ", sum, "\n");
  Append(out, name, "_count", labels.empty() ? "" : Labels(labels, ""), " ",
                  count_.load(std::memory_order_relaxed), "\n");
}

void Metrics::Request(Endpoint e, int status, double seconds) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_[{static_cast<int>(e), status}];
  }
  latency_[static_cast<int>(e)].Observe(seconds);
}

std::string Metrics::Render(const MetricsSnapshotInputs& in) const {
  std::string out;
  out.reserve(16384);
  Append(&out,
                  "# HELP xiufu_table_info The decision table in service (value 1).\n"
                  "# TYPE xiufu_table_info gauge\n",
                  "xiufu_table_info{hash=\"", Esc(in.table_hash), "\",pack=\"", Esc(in.pack),
                  "\",version=\"", Esc(in.version), "\",loaded_at=\"", Esc(in.loaded_at),
                  "\"} 1\n",
                  "# HELP xiufu_table_generation Tables loaded since start (1 = the first).\n"
                  "# TYPE xiufu_table_generation gauge\n",
                  "xiufu_table_generation ", in.generation, "\n",
                  "# HELP xiufu_table_reloads_total Table reloads by result.\n"
                  "# TYPE xiufu_table_reloads_total counter\n",
                  "xiufu_table_reloads_total{result=\"ok\"} ", in.reloads_ok, "\n",
                  "xiufu_table_reloads_total{result=\"failed\"} ", in.reloads_failed, "\n");
  Append(&out,
                  "# HELP xiufu_http_requests_total HTTP requests by endpoint and status code.\n"
                  "# TYPE xiufu_http_requests_total counter\n");
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, n] : requests_) {
      Append(&out, "xiufu_http_requests_total{endpoint=\"",
                      EndpointName(static_cast<Endpoint>(key.first)), "\",code=\"", key.second,
                      "\"} ", n, "\n");
    }
  }
  Append(&out,
                  "# HELP xiufu_http_errors_total HTTP answers with a 4xx or 5xx status, by "
                  "endpoint.\n# TYPE xiufu_http_errors_total counter\n");
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::map<int, uint64_t> errors;
    for (const auto& [key, n] : requests_) {
      if (key.second >= 400) errors[key.first] += n;
    }
    for (const auto& [e, n] : errors) {
      Append(&out, "xiufu_http_errors_total{endpoint=\"",
                      EndpointName(static_cast<Endpoint>(e)), "\"} ", n, "\n");
    }
  }
  Append(&out,
                  "# HELP xiufu_http_request_duration_seconds Time from a complete request to "
                  "its answer being handed to the socket, by endpoint.\n"
                  "# TYPE xiufu_http_request_duration_seconds histogram\n");
  for (int e = 0; e < kNumEndpoints; ++e) {
    if (latency_[e].count() == 0) continue;
    latency_[e].Write(&out, "xiufu_http_request_duration_seconds",
                      Cat("endpoint=\"", EndpointName(static_cast<Endpoint>(e)), "\""));
  }
  Append(&out,
                  "# HELP xiufu_engine_evaluate_seconds In-process EvaluateEntity time per "
                  "entity (the engine alone, no parsing, rendering or HTTP).\n"
                  "# TYPE xiufu_engine_evaluate_seconds histogram\n");
  engine_.Write(&out, "xiufu_engine_evaluate_seconds", "");
  Append(&out,
                  "# HELP xiufu_decisions_total Entities decided (evaluate and batch lines).\n"
                  "# TYPE xiufu_decisions_total counter\n",
                  "xiufu_decisions_total ", decisions_.load(std::memory_order_relaxed), "\n",
                  "# HELP xiufu_http_inflight Requests being answered.\n"
                  "# TYPE xiufu_http_inflight gauge\n",
                  "xiufu_http_inflight ", inflight_.load(std::memory_order_relaxed), "\n",
                  "# HELP xiufu_decision_log_lines_total Decision log lines written.\n"
                  "# TYPE xiufu_decision_log_lines_total counter\n",
                  "xiufu_decision_log_lines_total ", in.log_written, "\n",
                  "# HELP xiufu_decision_log_dropped_total Decision log lines dropped because "
                  "the queue was full.\n"
                  "# TYPE xiufu_decision_log_dropped_total counter\n",
                  "xiufu_decision_log_dropped_total ", in.log_dropped, "\n",
                  "# HELP xiufu_decision_log_queue Lines waiting to be written.\n"
                  "# TYPE xiufu_decision_log_queue gauge\n",
                  "xiufu_decision_log_queue ", in.log_queue, "\n");
  return out;
}

}  // namespace xiufu::server
