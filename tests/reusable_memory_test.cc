// The kept scratch blocks (reusable_memory.h): reuse, the size tolerance, the cap, release,
// and several threads taking and giving back at once.
#include "xiufu/runtime/reusable_memory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "runtime/address_sanitizer.h"
#include "support/test_codes.h"
#include "xiufu/runtime/population_builder.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

constexpr size_t kMiB = size_t{1} << 20;

class ReusableMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override { ReleaseReusableMemory(); }
  void TearDown() override { ReleaseReusableMemory(); }
};

// Takes and gives back a block of `bytes`, then starts a round: its size is then one given
// back in an earlier round.
void SeeSize(size_t bytes) {
  GiveReusable(TakeReusable(bytes), bytes);
  StartReusableRound();
}

TEST_F(ReusableMemoryTest, ABlockIsKeptOnlyWhenItsSizeWasGivenBackInAnEarlierRound) {
  GiveReusable(TakeReusable(kMiB), kMiB);  // the first of its size: freed
  EXPECT_EQ(RetainedReusableBytes(), 0u);
  GiveReusable(TakeReusable(kMiB), kMiB);  // again in the same round (one build's columns)
  EXPECT_EQ(RetainedReusableBytes(), 0u);
  StartReusableRound();  // the next build
  void* q = TakeReusable(kMiB);
  GiveReusable(q, kMiB);  // kept
  EXPECT_EQ(RetainedReusableBytes(), kMiB);
  EXPECT_EQ(TakeReusable(kMiB), q);
  GiveReusable(q, kMiB);
  ReleaseReusableMemory();  // forgets the sizes too
  StartReusableRound();
  GiveReusable(TakeReusable(kMiB), kMiB);
  EXPECT_EQ(RetainedReusableBytes(), 0u);
}

TEST_F(ReusableMemoryTest, ABuilderStartsARound) {
  absl::StatusOr<Dictionary> dict = Dictionary::FromCodes(testing::SmallTestCodes());
  ASSERT_TRUE(dict.ok()) << dict.status();
  GiveReusable(TakeReusable(kMiB), kMiB);
  GiveReusable(TakeReusable(kMiB), kMiB);
  EXPECT_EQ(RetainedReusableBytes(), 0u);
  { PopulationBuilder builder(*dict); }
  GiveReusable(TakeReusable(kMiB), kMiB);
  EXPECT_EQ(RetainedReusableBytes(), kMiB);
}

TEST_F(ReusableMemoryTest, SmallBlocksAreNotKept) {
  void* p = TakeReusable(kMinReusableBytes - 1);
  std::memset(p, 1, kMinReusableBytes - 1);
  GiveReusable(p, kMinReusableBytes - 1);
  EXPECT_EQ(RetainedReusableBytes(), 0u);
}

TEST_F(ReusableMemoryTest, AGivenBackBlockServesTheNextRequestOfAboutItsSize) {
  SeeSize(kMiB);
  SeeSize(kMiB / 2);
  void* p = TakeReusable(kMiB);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % __STDCPP_DEFAULT_NEW_ALIGNMENT__, 0u);
  std::memset(p, 7, kMiB);
  GiveReusable(p, kMiB);
  // 1 MiB is a power of two: the block is exactly 1 MiB.
  EXPECT_EQ(RetainedReusableBytes(), kMiB);

  // Half or less of the block: not worth it, new memory.
  void* small = TakeReusable(kMiB / 2);
  EXPECT_NE(small, p);
  EXPECT_EQ(RetainedReusableBytes(), kMiB);
  GiveReusable(small, kMiB / 2);
  EXPECT_EQ(RetainedReusableBytes(), kMiB + kMiB / 2);

  // 700 KiB: the 1 MiB block (the 512 KiB one is too small), and the pages are the same.
  void* again = TakeReusable(700 << 10);
  EXPECT_EQ(again, p);
  EXPECT_EQ(static_cast<unsigned char*>(again)[kMiB - 1], 7);
  EXPECT_EQ(RetainedReusableBytes(), kMiB / 2);
  GiveReusable(again, 700 << 10);  // goes back as the 1 MiB block it is
  EXPECT_EQ(RetainedReusableBytes(), kMiB + kMiB / 2);
}

TEST_F(ReusableMemoryTest, ABlockIsRoundedUpSoALittleMoreFitsNextTime) {
  // 1 MiB + 1: rounded up to 1 MiB + 256 KiB (a multiple of an eighth of 2 MiB).
  SeeSize(kMiB + 1);
  void* p = TakeReusable(kMiB + 1);
  GiveReusable(p, kMiB + 1);
  EXPECT_EQ(RetainedReusableBytes(), kMiB + kMiB / 4);
  void* q = TakeReusable(kMiB + kMiB / 4);  // a larger request still fits
  EXPECT_EQ(q, p);
  GiveReusable(q, kMiB + kMiB / 4);
  void* r = TakeReusable(kMiB + kMiB / 4 + 1);  // one byte more does not
  EXPECT_NE(r, p);
  GiveReusable(r, kMiB + kMiB / 4 + 1);
}

TEST_F(ReusableMemoryTest, KeepsAtMostTheCapDroppingTheOldest) {
  const size_t block = 16 * kMiB;
  const size_t fit = kMaxRetainedBytes / block;
  SeeSize(block);
  SeeSize(kMaxRetainedBytes + 1);
  std::vector<void*> blocks;
  for (size_t i = 0; i < fit + 3; ++i) blocks.push_back(TakeReusable(block));
  for (void* b : blocks) GiveReusable(b, block);
  EXPECT_EQ(RetainedReusableBytes(), fit * block);
  // The three given back first were dropped: none of them comes back.
  std::vector<void*> taken;
  for (size_t i = 0; i < fit; ++i) taken.push_back(TakeReusable(block));
  EXPECT_EQ(RetainedReusableBytes(), 0u);
  for (size_t i = 0; i < 3; ++i) {
    for (void* t : taken) EXPECT_NE(t, blocks[i]) << i;
  }
  for (void* t : taken) GiveReusable(t, block);

  // A block larger than the cap is never kept.
  void* huge = TakeReusable(kMaxRetainedBytes + 1);
  GiveReusable(huge, kMaxRetainedBytes + 1);
  EXPECT_EQ(RetainedReusableBytes(), fit * block);

  ReleaseReusableMemory();
  EXPECT_EQ(RetainedReusableBytes(), 0u);
}

TEST_F(ReusableMemoryTest, VectorsOnSeveralThreadsKeepTheirContents) {
  // Each thread builds vectors of a few sizes, fills them with its own pattern, checks them and
  // lets them go, many times: a block handed to two owners at once would mix the patterns.
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::vector<int> bad(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &bad] {
      for (int round = 0; round < 40; ++round) {
        const size_t n = (size_t{20000} << (round % 4)) + static_cast<size_t>(t) * 1000;
        ReusableVector<uint32_t> v(n);
        const uint32_t tag = static_cast<uint32_t>(t * 1000003 + round);
        for (size_t i = 0; i < n; ++i) v[i] = tag ^ static_cast<uint32_t>(i);
        std::this_thread::yield();
        for (size_t i = 0; i < n; ++i) bad[t] += v[i] != (tag ^ static_cast<uint32_t>(i));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(bad[t], 0) << t;
  EXPECT_LE(RetainedReusableBytes(), kMaxRetainedBytes);
}

TEST_F(ReusableMemoryTest, AForkWhileAnotherThreadTakesBlocksLeavesTheChildAWorkingPool) {
  // Without the fork handlers a child forked while the other thread held the pool's lock would
  // wait for it for ever: the alarm turns that into a failure instead of a hung test.
  SeeSize(kMiB);
  std::atomic<bool> stop{false};
  std::thread busy([&stop] {
    while (!stop.load(std::memory_order_relaxed)) GiveReusable(TakeReusable(kMiB), kMiB);
  });
  int failed = 0;  // 1 + the index of the first child that failed
  for (int i = 0; i < 200; ++i) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      alarm(5);
      GiveReusable(TakeReusable(kMiB), kMiB);
      _exit(RetainedReusableBytes() >= kMiB ? 0 : 3);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      failed = i + 1;  // the first child that failed (the others would wait 5 s each)
      break;
    }
  }
  stop = true;
  busy.join();
  EXPECT_EQ(failed, 0);
}

#ifdef XIUFU_ASAN
TEST_F(ReusableMemoryTest, AKeptBlockIsPoisonedUnderAddressSanitizer) {
  SeeSize(kMiB);
  char* p = static_cast<char*>(TakeReusable(kMiB));
  p[10] = 1;
  GiveReusable(p, kMiB);
  ASSERT_EQ(RetainedReusableBytes(), kMiB);
  EXPECT_DEATH({ static_cast<volatile char*>(p)[10] = 2; }, "use-after-poison");
}
#endif

}  // namespace
}  // namespace xiufu
