#include "decision_log.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "str.h"

namespace xiufu::server {

DecisionLog::DecisionLog(DecisionLogOptions options) : options_(std::move(options)) {}

DecisionLog::~DecisionLog() { Close(); }

absl::Status DecisionLog::Open() {
  if (mkdir(options_.dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return absl::UnavailableError(
        Cat("cannot create decision log directory ", options_.dir, ": ", std::strerror(errno)));
  }
  file_ = std::fopen(path().c_str(), "ab");
  if (file_ == nullptr) {
    return absl::UnavailableError(Cat("cannot open ", path(), ": ", std::strerror(errno)));
  }
  struct stat st;
  file_bytes_ = stat(path().c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
  }
  writer_ = std::thread([this] { WriterLoop(); });
  return absl::OkStatus();
}

bool DecisionLog::Push(std::string line) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_ || !open_ || queue_.size() >= options_.queue_lines) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(std::move(line));
  }
  cv_.notify_one();
  return true;
}

uint64_t DecisionLog::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void DecisionLog::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
}

void DecisionLog::RotateIfNeeded() {
  if (file_bytes_ < options_.rotate_bytes) return;
  std::fclose(file_);
  const std::string base = path();
  std::remove(Cat(base, ".", options_.keep).c_str());
  for (int i = options_.keep - 1; i >= 1; --i) {
    std::rename(Cat(base, ".", i).c_str(), Cat(base, ".", i + 1).c_str());
  }
  std::rename(base.c_str(), Cat(base, ".1").c_str());
  file_ = std::fopen(base.c_str(), "ab");
  file_bytes_ = 0;
}

void DecisionLog::WriterLoop() {
  std::vector<std::string> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty() && closing_) return;
      batch.clear();
      while (!queue_.empty() && batch.size() < 4096) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    for (const std::string& line : batch) {
      if (file_ == nullptr) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      std::fwrite(line.data(), 1, line.size(), file_);
      std::fputc('\n', file_);
      file_bytes_ += line.size() + 1;
      written_.fetch_add(1, std::memory_order_relaxed);
      RotateIfNeeded();
    }
    if (file_ != nullptr) std::fflush(file_);
  }
}

}  // namespace xiufu::server
