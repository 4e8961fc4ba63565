// xiufu::server::DecisionLog — one JSON line per decision, written off the request path.
//
// Requests hand finished lines to Push(), which only takes a short lock to append to a bounded
// queue and never waits for the disk: when the queue is full the line is dropped and counted
// (xiufu_decision_log_dropped_total), so a slow disk never slows answers. A writer thread
// drains the queue into DIR/decisions.log and rotates it by size: decisions.log →
// decisions.log.1 → … → decisions.log.<keep> (the oldest is removed).
//
// Thread-safe.
#ifndef XIUFU_SERVER_DECISION_LOG_H_
#define XIUFU_SERVER_DECISION_LOG_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"

namespace xiufu::server {

struct DecisionLogOptions {
  std::string dir;
  size_t queue_lines = 65536;           // bounded queue
  uint64_t rotate_bytes = 64ull << 20;  // rotate when the file reaches this size
  int keep = 5;                          // rotated files kept
};

class DecisionLog {
 public:
  explicit DecisionLog(DecisionLogOptions options);
  ~DecisionLog();
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  // Creates the directory if needed, opens the file and starts the writer.
  absl::Status Open();
  // Queues one line (without its newline); false when it was dropped.
  bool Push(std::string line);
  // Writes out everything queued so far and stops the writer.
  void Close();

  uint64_t written() const { return written_.load(std::memory_order_relaxed); }
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  uint64_t queued() const;
  std::string path() const { return options_.dir + "/decisions.log"; }

 private:
  void WriterLoop();
  void RotateIfNeeded();

  DecisionLogOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool closing_ = false;
  bool open_ = false;         // guarded by mu_
  std::FILE* file_ = nullptr;  // writer thread only (after Open)
  uint64_t file_bytes_ = 0;    // writer thread only
  std::atomic<uint64_t> written_{0}, dropped_{0};
  std::thread writer_;
};

}  // namespace xiufu::server

#endif  // XIUFU_SERVER_DECISION_LOG_H_
