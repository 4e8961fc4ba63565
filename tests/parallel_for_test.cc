// ParallelFor (xiufu/runtime/parallel_for.h): every chunk runs exactly once for any thread
// count; concurrent callers from several threads are served one after another without mixing
// their chunks; the exception of the lowest throwing chunk is rethrown after all chunks ran.
// Run under ThreadSanitizer by `make tsan`.
#include "xiufu/runtime/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace xiufu {
namespace XIUFU_UNITY_ID {

TEST(ParallelForTest, EveryChunkRunsOnceForAnyThreadCount) {
  for (int threads : {0, 1, 2, 3, 8, 64}) {
    for (size_t chunks : {size_t{0}, size_t{1}, size_t{2}, size_t{7}, size_t{1000}}) {
      std::vector<int> runs(chunks, 0);  // each chunk writes only its own slot
      ParallelFor(threads, chunks, [&](size_t c) { ++runs[c]; });
      for (size_t c = 0; c < chunks; ++c) {
        ASSERT_EQ(runs[c], 1) << "threads " << threads << ", chunk " << c << " of " << chunks;
      }
    }
  }
}

TEST(ParallelForTest, ConcurrentCallersFromSeveralThreads) {
  constexpr int kCallers = 6;
  constexpr int kRounds = 40;
  constexpr size_t kChunks = 97;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::vector<std::thread> callers;
  std::vector<std::string> failures(kCallers);
  for (int t = 0; t < kCallers; ++t) {
    callers.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        std::vector<uint64_t> out(kChunks, 0);
        ParallelFor(2 + (t + round) % 3, kChunks, [&](size_t c) {  // through the pool
          const int now = running.fetch_add(1) + 1;
          int seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
          out[c] += (uint64_t{1} << 20) * static_cast<uint64_t>(t) + c * c;
          running.fetch_sub(1);
        });
        for (size_t c = 0; c < kChunks; ++c) {
          if (out[c] != (uint64_t{1} << 20) * static_cast<uint64_t>(t) + c * c) {
            failures[t] = "caller " + std::to_string(t) + " round " + std::to_string(round) +
                          ": chunk " + std::to_string(c) + " wrong";
            return;
          }
        }
      }
    });
  }
  for (std::thread& c : callers) c.join();
  for (const std::string& f : failures) EXPECT_EQ(f, "");
  // Calls through the pool are served one at a time: never more chunks at once than one
  // call's threads (its caller and the pool's hardware_concurrency() - 1 workers).
  EXPECT_LE(most.load(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

TEST(ParallelForTest, LowestThrowingChunkIsRethrownAfterEveryChunkRan) {
  for (int threads : {1, 2, 4}) {
    std::vector<std::atomic<int>> runs(200);
    try {
      ParallelFor(threads, runs.size(), [&](size_t c) {
        runs[c].fetch_add(1);
        if (c % 37 == 11) throw std::runtime_error("chunk " + std::to_string(c));
      });
      ADD_FAILURE() << "no exception with " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "chunk 11") << threads << " threads";
    }
    for (size_t c = 0; c < runs.size(); ++c) ASSERT_EQ(runs[c].load(), 1) << c;
  }
}

TEST(ParallelForTest, ExceptionsInConcurrentCallsStayWithTheirCaller) {
  constexpr int kCallers = 4;
  std::vector<std::thread> callers;
  std::vector<std::string> caught(kCallers);
  for (int t = 0; t < kCallers; ++t) {
    callers.emplace_back([&, t] {
      for (int round = 0; round < 25; ++round) {
        try {
          ParallelFor(3, 64, [&](size_t c) {
            if (c >= static_cast<size_t>(10 + t)) {
              throw std::runtime_error(std::to_string(t) + ":" + std::to_string(c));
            }
          });
          caught[t] = "no exception";
        } catch (const std::runtime_error& e) {
          const std::string want = std::to_string(t) + ":" + std::to_string(10 + t);
          if (e.what() != want) caught[t] = std::string("got ") + e.what() + ", want " + want;
        }
      }
    });
  }
  for (std::thread& c : callers) c.join();
  for (const std::string& c : caught) EXPECT_EQ(c, "");
}

TEST(ParallelForTest, ThePoolKeepsWorkingAfterAnException) {
  EXPECT_THROW(ParallelFor(2, 8, [](size_t) { throw std::logic_error("all"); }),
               std::logic_error);
  std::vector<std::atomic<int>> runs(64);
  ParallelFor(2, runs.size(), [&](size_t c) { runs[c].fetch_add(1); });
  for (size_t c = 0; c < runs.size(); ++c) EXPECT_EQ(runs[c].load(), 1);
}

}  // namespace
}  // namespace xiufu
