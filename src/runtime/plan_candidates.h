// Internal to plan.cc: the record × platform pairs a plan can still apply for, in the order the
// plan takes them — the earliest day first, then abnormal listings (they unblock others), then
// the record, the channel to apply through and the platform. Kept record by record: after an
// application only the records whose outcomes changed are entered again, so planning an entity
// with thousands of records does not scan all its pairs after every application.
//
// A binary heap with lazy removal: each pair's current key is kept apart (from_, channel_), and
// a heap entry that no longer equals its pair's key is dropped when it comes to the top.
// One planner's; its vectors keep their capacity from plan to plan.
#ifndef XIUFU_SRC_RUNTIME_PLAN_CANDIDATES_H_
#define XIUFU_SRC_RUNTIME_PLAN_CANDIDATES_H_

#include <algorithm>
#include <climits>
#include <cstdint>
#include <functional>
#include <tuple>
#include <vector>

#include "xiufu/runtime/date.h"
#include "xiufu/runtime/outcome.h"

namespace xiufu::internal {

class PlanCandidates {
 public:
  // (day, 0 for an abnormal listing else 1, record, channel, platform); the smallest is next.
  using Key = std::tuple<int32_t, int, uint32_t, int, int>;

  // No pairs open, for a plan of `records` records on `platforms` platforms.
  void Reset(uint32_t records, int platforms) {
    np_ = platforms;
    heap_.clear();
    from_.assign(static_cast<size_t>(records) * platforms, kClosed);
    channel_.assign(static_cast<size_t>(records) * platforms, -1);
  }

  // Record r's pairs from its outcomes o[0..platforms) on day t: a pair is open when the record
  // is eligible there and the pair is not covered (covered[p]: applied for, or follows an
  // application); its day is the eligible date, or t when that is earlier or unknown.
  void Set(uint32_t r, const RecordOutcome* o, const uint8_t* covered, bool abnormal, Date t) {
    for (int p = 0; p < np_; ++p) {
      const size_t i = static_cast<size_t>(r) * np_ + p;
      const bool eligible = o[p].status == RepairStatus::kEligibleNow ||
                            o[p].status == RepairStatus::kEligibleLater;
      if (!eligible || covered[p]) {
        from_[i] = kClosed;
        continue;
      }
      const int32_t from =
          std::max(o[p].eligible_from == kNoDay ? t.days : o[p].eligible_from, t.days);
      const int c = o[p].channel >= 0 ? o[p].channel : p;
      if (from_[i] == from && channel_[i] == c) continue;  // its entry is in the heap already
      from_[i] = from;
      channel_[i] = static_cast<int8_t>(c);
      heap_.emplace_back(from, abnormal ? 0 : 1, r, c, p);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    }
  }

  // The next pair to apply for, or nullptr when none is open.
  const Key* Top() {
    while (!heap_.empty()) {
      const Key& k = heap_.front();
      const size_t i = static_cast<size_t>(std::get<2>(k)) * np_ + std::get<4>(k);
      if (from_[i] == std::get<0>(k) && channel_[i] == std::get<3>(k)) return &k;
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      heap_.pop_back();
    }
    return nullptr;
  }

 private:
  static constexpr int32_t kClosed = INT32_MIN;
  int np_ = 0;
  std::vector<Key> heap_;       // min-heap; entries of closed or re-keyed pairs dropped at the top
  std::vector<int32_t> from_;   // per pair: its day, kClosed when not open
  std::vector<int8_t> channel_;
};

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_RUNTIME_PLAN_CANDIDATES_H_
