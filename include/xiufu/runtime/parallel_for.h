// xiufu::ParallelFor — the project's one way to spread work over cores: chunks [0, chunks) are
// claimed from an atomic counter by a fixed pool of worker threads (created once, on first use,
// with hardware_concurrency() - 1 workers) and the calling thread, so a core slowed down by
// another process simply takes fewer chunks. Results written per chunk index are the same for
// any thread count.
//
// Thread-safe: calls from several threads are serialized; a chunk must not call ParallelFor.
#ifndef XIUFU_RUNTIME_PARALLEL_FOR_H_
#define XIUFU_RUNTIME_PARALLEL_FOR_H_

#include <algorithm>
#include <cstddef>
#include <functional>
#include <thread>

namespace xiufu {

// `threads` as given, or hardware concurrency for threads <= 0.
inline int ResolveThreads(int threads) {
  return threads > 0 ? threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Calls fn(chunk) for every chunk in [0, chunks) on at most ResolveThreads(threads) threads,
// the caller included, and returns when all are done. If chunks throw, the exception of the
// lowest such chunk is rethrown after every chunk has run.
void ParallelFor(int threads, size_t chunks, const std::function<void(size_t)>& fn);

// Chunk c of [0, n) split into `chunks` contiguous, nearly equal parts: [begin(c), begin(c+1)).
inline size_t ChunkBegin(size_t n, size_t chunks, size_t c) { return n * c / chunks; }

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_PARALLEL_FOR_H_
