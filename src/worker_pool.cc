#include "worker_pool.h"

#include <algorithm>

namespace xiufu::internal {

WorkerPool& WorkerPool::Shared() {
  static WorkerPool* pool =
      new WorkerPool(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) - 1);
  return *pool;
}

WorkerPool::WorkerPool(int workers) {
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this, i] { WorkerLoop(i); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Drain() {
  for (size_t c = next_.fetch_add(1); c < chunks_; c = next_.fetch_add(1)) (*fn_)(c);
}

void WorkerPool::WorkerLoop(int index) {
  uint64_t seen = 0;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stop_ || (generation_ != seen && index < active_workers_); });
      if (stop_) return;
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

}  // namespace xiufu::internal
