// The process's kept scratch blocks (reusable_memory.h).
#include "xiufu/runtime/reusable_memory.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

#include <pthread.h>

#include "runtime/address_sanitizer.h"

namespace xiufu {
namespace {

// Under AddressSanitizer a kept block is poisoned: a use after it was given back is reported
// as it would be after a free.
void Poison(void* data, size_t bytes) {
#ifdef XIUFU_ASAN
  ASAN_POISON_MEMORY_REGION(data, bytes);
#else
  (void)data, (void)bytes;
#endif
}
void Unpoison(void* data, size_t bytes) {
#ifdef XIUFU_ASAN
  ASAN_UNPOISON_MEMORY_REGION(data, bytes);
#else
  (void)data, (void)bytes;
#endif
}

constexpr size_t kHeader = 16;  // a block's size, in front of it (the data stays 16-byte aligned)

// The size a new block gets: `bytes` rounded up to a multiple of an eighth of the power of two
// above it (at most a quarter more), so a later request a little larger (the next partition of
// a Dask frame) still fits it.
size_t BlockBytes(size_t bytes) {
  size_t top = kMinReusableBytes;
  while (top < bytes) top <<= 1;
  const size_t step = top / 8;
  return (bytes + step - 1) / step * step;
}

size_t& SizeOf(void* data) { return *reinterpret_cast<size_t*>(static_cast<char*>(data) - kHeader); }

void FreeBlock(void* data) noexcept {
  Unpoison(data, SizeOf(data));
  ::operator delete(static_cast<char*>(data) - kHeader);
}

struct Kept {
  void* data;
  size_t bytes;
};

class Pool {
 public:
  // Leaked on purpose: vectors in other static objects may give blocks back during exit.
  static Pool& Get() {
    static Pool* pool = [] {
      Pool* p = new Pool;
      // A fork while another thread holds the lock would leave the child's pool locked for
      // good: the forking thread takes the lock first and both processes release it after
      // (as glibc's malloc does with its own locks).
      pthread_atfork([] { Get().mu_.lock(); }, [] { Get().mu_.unlock(); },
                     [] { Get().mu_.unlock(); });
      return p;
    }();
    return *pool;
  }

  void* Take(size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      // The smallest kept block that fits without wasting more than half the request.
      size_t best = kept_.size();
      for (size_t i = 0; i < kept_.size(); ++i) {
        const size_t b = kept_[i].bytes;
        if (b >= bytes && b - bytes <= bytes / 2 && (best == kept_.size() || b < kept_[best].bytes)) {
          best = i;
        }
      }
      if (best != kept_.size()) {
        void* data = kept_[best].data;
        Unpoison(data, kept_[best].bytes);
        held_ -= kept_[best].bytes;
        kept_.erase(kept_.begin() + static_cast<ptrdiff_t>(best));
        return data;
      }
    }
    const size_t size = BlockBytes(bytes);
    char* raw = static_cast<char*>(::operator new(kHeader + size));
    void* data = raw + kHeader;
    SizeOf(data) = size;
    return data;
  }

  void Give(void* data) noexcept {
    const size_t bytes = SizeOf(data);
    std::lock_guard<std::mutex> lock(mu_);
    // A size not given back in an earlier round is freed and remembered: a build done once (a
    // CLI run, the first call) keeps nothing, so what it allocates next (the outcomes) reuses
    // the memory as before. From the next round with blocks of that size on, they are kept.
    auto given = std::find_if(given_.begin(), given_.end(),
                              [bytes](const Given& g) { return g.bytes == bytes; });
    const bool keep = given != given_.end() && given->round < round_;
    if (given == given_.end()) given_[given_next_++ % given_.size()] = Given{bytes, round_};
    if (!keep || bytes > kMaxRetainedBytes) {
      FreeBlock(data);
      return;
    }
    size_t oldest = 0;  // kept_ is in the order the blocks came back
    while (held_ + bytes > kMaxRetainedBytes) {
      held_ -= kept_[oldest].bytes;
      FreeBlock(kept_[oldest++].data);
    }
    kept_.erase(kept_.begin(), kept_.begin() + static_cast<ptrdiff_t>(oldest));
    try {
      kept_.push_back(Kept{data, bytes});
      held_ += bytes;
      Poison(data, bytes);
    } catch (...) {  // no memory for the bookkeeping: free the block instead
      FreeBlock(data);
    }
  }

  void NextRound() {
    std::lock_guard<std::mutex> lock(mu_);
    ++round_;
  }

  size_t Held() {
    std::lock_guard<std::mutex> lock(mu_);
    return held_;
  }

  void Release() {
    std::vector<Kept> kept;
    {
      std::lock_guard<std::mutex> lock(mu_);
      kept.swap(kept_);
      held_ = 0;
      given_.fill(Given{});
      given_next_ = 0;
    }
    for (const Kept& k : kept) FreeBlock(k.data);
  }

 private:
  std::mutex mu_;
  std::vector<Kept> kept_;
  size_t held_ = 0;
  struct Given {
    size_t bytes = 0;
    uint64_t round = 0;  // the round it was first given back in
  };
  std::array<Given, 64> given_{};  // block sizes given back so far (the last 64 new ones)
  size_t given_next_ = 0;
  uint64_t round_ = 1;
};

}  // namespace

void* TakeReusable(size_t bytes) {
  if (bytes < kMinReusableBytes) return ::operator new(bytes);
  return Pool::Get().Take(bytes);
}

void GiveReusable(void* p, size_t bytes) noexcept {
  if (p == nullptr) return;
  if (bytes < kMinReusableBytes) {
    ::operator delete(p);  // unsized: clang declares sized deallocation only with -fsized-deallocation
    return;
  }
  Pool::Get().Give(p);
}

void StartReusableRound() { Pool::Get().NextRound(); }

size_t RetainedReusableBytes() { return Pool::Get().Held(); }

void ReleaseReusableMemory() { Pool::Get().Release(); }

}  // namespace xiufu
