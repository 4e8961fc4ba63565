// Internal to plan.cc: whether an application changes the entity's listings. Repairing a record
// of an abnormal or serious kind can take the entity off that list (or move the day it has been
// on the abnormal list since), and then every record's outcome may change; otherwise only the
// repaired record's can. This answers without scanning the entity's records: the repaired record
// changes the listings on a day only if it lists the entity then and no other record does as it
// does — for the abnormal list, one listed since the same day or earlier (the entity is listed
// since the earliest); for a serious list, any other. The witnesses are looked for among the
// entity's listing records (abnormal ones by decision date), and a record known to be off its
// list for good (repaired, or past its term, by the plan's day, which only moves on) is skipped
// from then on: over a plan every record is passed over a bounded number of times.
// One planner's; its vectors keep their capacity from plan to plan.
#ifndef XIUFU_SRC_RUNTIME_PLAN_LISTINGS_H_
#define XIUFU_SRC_RUNTIME_PLAN_LISTINGS_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/population.h"

namespace xiufu::internal {

class PlanListings {
 public:
  // The records of entity 0 of `sim` that can list it (decided, of an abnormal or a serious
  // kind). `env`: context and calendar (ListsOn's).
  void Reset(const FactEnv& env, const Population& sim) {
    abnormal_.records.clear();
    serious_.records.clear();
    for (uint32_t r = 0; r < sim.num_records(); ++r) {
      if (sim.decision_date[r] == kNoDay) continue;
      const uint8_t kind = sim.record_kind[r];
      if (InMask(env.context->abnormal_kinds, kind)) abnormal_.records.push_back(r);
      if (InMask(env.context->serious_kinds, kind)) serious_.records.push_back(r);
    }
    std::sort(abnormal_.records.begin(), abnormal_.records.end(), [&](uint32_t a, uint32_t b) {
      return sim.decision_date[a] != sim.decision_date[b]
                 ? sim.decision_date[a] < sim.decision_date[b]
                 : a < b;
    });
    abnormal_.Open();
    serious_.Open();
  }

  // Whether repairing record r of `sim` on `at` (made after this call) leaves the entity's
  // listings — on the abnormal list, since when, on a serious list — as they are on `at` and on
  // each day of [day, day_end) (the regime changes after `at`). Days passed to successive calls
  // never go back (a plan's day only moves on). No record of r's kind may be on both lists.
  bool RepairKeeps(const FactEnv& env, const Population& sim, uint32_t r, Date at,
                   const int32_t* day, const int32_t* day_end) {
    if (!KeepsOn(env, sim, r, at, at)) return false;
    for (; day != day_end; ++day) {
      if (!KeepsOn(env, sim, r, Date{*day}, at)) return false;
    }
    return true;
  }

 private:
  // Listing records in the order they are looked at, and for each position the next one not
  // skipped for good (a path-compressed forest over the positions; the last is a sentinel).
  struct List {
    std::vector<uint32_t> records;
    std::vector<uint32_t> next;
    void Open() {
      next.resize(records.size() + 1);
      for (uint32_t i = 0; i < next.size(); ++i) next[i] = i;
    }
    uint32_t Find(uint32_t i) {
      uint32_t root = i;
      while (next[root] != root) root = next[root];
      while (next[i] != root) {
        const uint32_t up = next[i];
        next[i] = root;
        i = up;
      }
      return root;
    }
    void Skip(uint32_t i) { next[i] = i + 1; }
    uint32_t size() const { return static_cast<uint32_t>(records.size()); }
  };

  // Whether the listings on `day` stay when r is repaired (the plan's day `at` <= day).
  bool KeepsOn(const FactEnv& env, const Population& sim, uint32_t r, Date day, Date at) {
    if (!OnOrBefore(sim.decision_date[r], day)) return true;
    const unsigned lists = ListsOn(env, sim, r, day);
    if ((lists & 1) && !OtherAbnormal(env, sim, r, day, at)) return false;
    if ((lists & 2) && !OtherSerious(env, sim, r, day, at)) return false;
    return true;
  }

  // Another record on the abnormal list on `day`, listed since r's decision day or earlier.
  bool OtherAbnormal(const FactEnv& env, const Population& sim, uint32_t r, Date day, Date at) {
    const int32_t since = sim.decision_date[r];
    for (uint32_t i = abnormal_.Find(0); i < abnormal_.size(); i = abnormal_.Find(i + 1)) {
      const uint32_t q = abnormal_.records[i];
      if (sim.decision_date[q] > since) break;  // by decision date: none from here on
      if (q == r) continue;
      if (RepairedAnywhere(sim, q, at)) {  // off the list on every day from the plan's on
        abnormal_.Skip(i);
        continue;
      }
      if (ListsOn(env, sim, q, day) & 1) return true;
    }
    return false;
  }

  // Another record on a serious list on `day`.
  bool OtherSerious(const FactEnv& env, const Population& sim, uint32_t r, Date day, Date at) {
    for (uint32_t i = serious_.Find(0); i < serious_.size(); i = serious_.Find(i + 1)) {
      const uint32_t q = serious_.records[i];
      if (q == r) continue;
      if (OnOrBefore(sim.decision_date[q], at) && (ListsOn(env, sim, q, at) & 2) == 0) {
        serious_.Skip(i);  // repaired or past its term on the plan's day: so on every later one
        continue;
      }
      if (OnOrBefore(sim.decision_date[q], day) && (ListsOn(env, sim, q, day) & 2)) return true;
    }
    return false;
  }

  List abnormal_, serious_;
};

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_RUNTIME_PLAN_LISTINGS_H_
