// Internal: a fixed pool of worker threads for EvaluateBatch. Work is split into chunks that
// threads (the caller included) claim from an atomic counter, so a core slowed down by another
// process simply takes fewer chunks. The pool is created once, on first use, with
// hardware_concurrency() - 1 workers; Run is safe to call from several threads (calls are
// serialized).
#ifndef XIUFU_SRC_WORKER_POOL_H_
#define XIUFU_SRC_WORKER_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace xiufu::internal {

class WorkerPool {
 public:
  static WorkerPool& Shared();

  explicit WorkerPool(int workers);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Calls fn(chunk) for every chunk in [0, chunks), on at most `threads` threads including the
  // caller, and returns when all are done.
  void Run(int threads, size_t chunks, const std::function<void(size_t)>& fn);

  int workers() const { return static_cast<int>(threads_.size()); }

 private:
  void WorkerLoop(int index);
  void Drain();

  std::mutex run_mu_;  // one Run at a time
  std::mutex mu_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> threads_;
  const std::function<void(size_t)>* fn_ = nullptr;
  size_t chunks_ = 0;
  std::atomic<size_t> next_{0};
  int active_workers_ = 0;   // workers asked to take part in the current job
  int running_ = 0;          // workers still working on it
  uint64_t generation_ = 0;
  bool stop_ = false;
};

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_WORKER_POOL_H_
