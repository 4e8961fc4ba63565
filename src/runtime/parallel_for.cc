// The worker pool behind ParallelFor.
#include "xiufu/runtime/parallel_for.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <vector>

namespace xiufu {
namespace {

// The one pool of the process (Shared): created on first use and never destroyed — its workers
// wait for work until the process exits, so a destructor run at exit cannot join a worker that
// another static's destructor still uses.
class WorkerPool {
 public:
  static WorkerPool& Shared();

  explicit WorkerPool(int workers);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

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
};


WorkerPool& WorkerPool::Shared() {
  static WorkerPool* pool =
      new WorkerPool(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) - 1);
  return *pool;
}

WorkerPool::WorkerPool(int workers) {
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this, i] { WorkerLoop(i); });
}

void WorkerPool::Drain() {
  for (size_t c = next_.fetch_add(1); c < chunks_; c = next_.fetch_add(1)) (*fn_)(c);
}

void WorkerPool::WorkerLoop(int index) {
  uint64_t seen = 0;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return generation_ != seen && index < active_workers_; });
      seen = generation_;
    }
    Drain();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (--running_ == 0) done_.notify_one();
    }
  }
}

void WorkerPool::Run(int threads, size_t chunks, const std::function<void(size_t)>& fn) {
  std::lock_guard<std::mutex> run_lock(run_mu_);
  const int helpers = std::clamp(threads - 1, 0, workers());
  {
    std::lock_guard<std::mutex> lock(mu_);
    fn_ = &fn;
    chunks_ = chunks;
    next_.store(0);
    active_workers_ = helpers;
    running_ = helpers;
    ++generation_;
  }
  if (helpers > 0) wake_.notify_all();
  Drain();
  std::unique_lock<std::mutex> lock(mu_);
  done_.wait(lock, [&] { return running_ == 0; });
  fn_ = nullptr;
}

}  // namespace

void ParallelFor(int threads, size_t chunks, const std::function<void(size_t)>& fn) {
  if (chunks == 0) return;
  std::vector<std::exception_ptr> errors;
  std::mutex errors_mu;
  const std::function<void(size_t)> guarded = [&](size_t c) {
    try {
      fn(c);
    } catch (...) {
      std::lock_guard<std::mutex> lock(errors_mu);
      if (errors.empty()) errors.resize(chunks);
      errors[c] = std::current_exception();
    }
  };
  threads = ResolveThreads(threads);
  if (threads <= 1 || chunks == 1) {
    for (size_t c = 0; c < chunks; ++c) guarded(c);
  } else {
    WorkerPool::Shared().Run(threads, chunks, guarded);
  }
  for (std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace xiufu
