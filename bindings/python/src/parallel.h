// Splitting bulk loops (input conversion, evaluation into output columns) over threads:
// contiguous chunks of [0, n), so results written per index are the same for any thread count
// and per-chunk results concatenate in order.
//
// Chunks run while the calling thread keeps the GIL: chunk code must not call the Python C API
// (reading numpy buffers and the inline str accessors of common.h is fine; nothing else runs
// Python meanwhile, so the objects cannot change).
#ifndef XIUFU_BINDINGS_PYTHON_PARALLEL_H_
#define XIUFU_BINDINGS_PYTHON_PARALLEL_H_

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace xiufu::py {

// Number of chunks for `n` items: `threads` (0 = hardware concurrency), at most one chunk per
// `min_per_chunk` items, at least 1.
inline int ChunkCount(size_t n, int threads, size_t min_per_chunk) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const size_t cap = std::max<size_t>(1, n / std::max<size_t>(1, min_per_chunk));
  return static_cast<int>(std::min<size_t>(static_cast<size_t>(threads), cap));
}

inline size_t ChunkBegin(size_t n, int chunks, int c) {
  return n * static_cast<size_t>(c) / static_cast<size_t>(chunks);
}

// Runs fn(chunk, lo, hi) for every chunk, chunk 0 on the calling thread. After all chunks
// finish, rethrows the exception of the lowest chunk that threw, if any.
template <typename Fn>
void ParallelChunks(size_t n, int chunks, Fn&& fn) {
  std::vector<std::exception_ptr> errors(chunks);
  auto run = [&](int c) {
    try {
      fn(c, ChunkBegin(n, chunks, c), ChunkBegin(n, chunks, c + 1));
    } catch (...) {
      errors[c] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(chunks > 0 ? chunks - 1 : 0);
  for (int c = 1; c < chunks; ++c) pool.emplace_back(run, c);
  if (chunks > 0) run(0);
  for (std::thread& t : pool) t.join();
  for (std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_PARALLEL_H_
