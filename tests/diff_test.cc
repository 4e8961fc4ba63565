// DiffOutcomes on the tiny pack (tests/support/tiny_pack.cc) against an edited copy whose
// Order 36 minimum period for general penalties is 6 months instead of 3; hand-checked dates.
#include "xiufu/compile.h"
#include "xiufu/diff.h"

#include <gtest/gtest.h>

#include <string>

#include "support/pack_files.h"
#include "support/pop_builder.h"
#include "support/tiny_pack.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using testing::EntitySpec;
using testing::RecordSpec;

constexpr int kCc = 0;
constexpr int kWindowOpen = 0;  // alerts.csv row

DecisionTable CompileFiles(const std::string& name, const std::map<std::string, std::string>& f) {
  auto loaded = LoadPack(testing::WritePackFiles(name, f));
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  for (const Diagnostic& d : loaded->diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
  auto table = Compile(*loaded);
  EXPECT_TRUE(table.ok()) << table.status();
  return *table;
}

void Replace(std::string& s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
}

std::map<std::string, std::string> SixMonthFiles() {
  auto f = testing::TinyPackFiles();
  Replace(f["tables/eligibility.csv"],
          "O36-GEN,-,-,penalty,general,-,true,-,eligible,decision_date + 3m",
          "O36-GEN,-,-,penalty,general,-,true,-,eligible,decision_date + 6m");
  return f;
}

Date D(const char* s) { return *ParseDate(s); }
std::string F(int32_t days) { return FormatDate(Date{days}); }

RecordSpec Fulfilled(const char* id, const char* decided, const char* fulfilled) {
  RecordSpec r;
  r.id = id;
  r.shown_on = {"cc"};
  r.decision = decided;
  r.fulfilled = fulfilled;
  r.fine = 2000;
  return r;
}

// Entity 0: two Order 36 general penalties whose windows move; entity 1: a record past the
// one-year maximum, decided by O36-EXP under both packs (unchanged).
std::vector<EntitySpec> Entities() {
  EntitySpec a;
  a.uscc = "91330105MA27XL0F4M";
  a.records = {Fulfilled("A1", "2026-05-10", "2026-05-20"),
               Fulfilled("A2", "2026-04-02", "2026-04-10")};
  EntitySpec b;
  b.uscc = "91330105MA2H2KCJ8E";
  b.records = {Fulfilled("B1", "2025-01-10", "2025-02-01")};
  return {a, b};
}

TEST(DiffTest, SixMonthMinimumMovesEligibleFromAndStatus) {
  const DecisionTable before = CompileFiles("diff-before", testing::TinyPackFiles());
  const DecisionTable after = CompileFiles("diff-after", SixMonthFiles());
  const Population pop = testing::BuildPopulation(before, Entities());
  auto diff = DiffOutcomes(before, after, pop, D("2026-07-15"));
  ASSERT_TRUE(diff.ok()) << diff.status();
  EXPECT_EQ(diff->pairs_compared, 3u * 2u);  // 3 records × 2 platforms
  ASSERT_EQ(diff->changes.size(), 2u);

  // A1: decided 2026-05-10; the 3-month period's last day is 2026-08-10, so eligible from
  // 2026-08-11; with 6 months from 2026-11-11. Still "later" on 2026-07-15.
  const OutcomeChange& a1 = diff->changes[0];
  EXPECT_EQ(a1.entity, 0u);
  EXPECT_EQ(pop.record_id[a1.record], "A1");
  EXPECT_EQ(a1.platform, kCc);
  EXPECT_EQ(a1.what, kChangedEligibleFrom);
  EXPECT_EQ(a1.before.status, RepairStatus::kEligibleLater);
  EXPECT_EQ(a1.after.status, RepairStatus::kEligibleLater);
  EXPECT_EQ(F(a1.before.eligible_from), "2026-08-11");
  EXPECT_EQ(F(a1.after.eligible_from), "2026-11-11");
  EXPECT_EQ(F(a1.after.expires_on), "2027-05-11");  // 1-year maximum unchanged

  // A2: decided 2026-04-02 → eligible now (since 2026-07-03) before; from 2026-10-03 after,
  // which also drops the record alert `window_open` (RA-1 fires on eligible_now only).
  const OutcomeChange& a2 = diff->changes[1];
  EXPECT_EQ(pop.record_id[a2.record], "A2");
  EXPECT_EQ(a2.what, kChangedStatus | kChangedEligibleFrom | kChangedAlerts);
  EXPECT_EQ(a2.before.status, RepairStatus::kEligibleNow);
  EXPECT_EQ(a2.after.status, RepairStatus::kEligibleLater);
  EXPECT_EQ(F(a2.before.eligible_from), "2026-07-03");
  EXPECT_EQ(F(a2.after.eligible_from), "2026-10-03");
  EXPECT_EQ(a2.before.alerts, uint64_t{1} << kWindowOpen);
  EXPECT_EQ(a2.after.alerts, 0u);
  EXPECT_EQ(std::string(internal::Str(before, internal::Data(before).rows[a2.before.rule].rule_id)), "O36-GEN");
  EXPECT_EQ(std::string(internal::Str(after, internal::Data(after).rows[a2.after.rule].rule_id)), "O36-GEN");

  // Entity 0: clean by the latest eligible date, 2026-08-11 → 2026-11-11; loses window_open.
  ASSERT_EQ(diff->entities.size(), 1u);
  const EntityChange& e = diff->entities[0];
  EXPECT_EQ(e.entity, 0u);
  EXPECT_EQ(e.records_changed, 2u);
  EXPECT_EQ(e.what, kChangedCleanBy | kChangedAlerts);
  EXPECT_EQ(F(e.before.clean_by), "2026-08-11");
  EXPECT_EQ(F(e.after.clean_by), "2026-11-11");

  // Counts: both changes are samr (department 0) on cc.
  EXPECT_EQ(diff->by_department_platform[0 * 2 + kCc], 2u);
  uint32_t total = 0;
  for (uint32_t c : diff->by_department_platform) total += c;
  EXPECT_EQ(total, 2u);
  const auto tr = [&](RepairStatus b, RepairStatus a) {
    return diff->transitions[static_cast<int>(b) * kNumStatuses + static_cast<int>(a)];
  };
  EXPECT_EQ(tr(RepairStatus::kEligibleLater, RepairStatus::kEligibleLater), 1u);
  EXPECT_EQ(tr(RepairStatus::kEligibleNow, RepairStatus::kEligibleLater), 1u);
}

TEST(DiffTest, SameTableHasNoChanges) {
  const DecisionTable t = CompileFiles("diff-same", testing::TinyPackFiles());
  const Population pop = testing::BuildPopulation(t, Entities());
  auto diff = DiffOutcomes(t, t, pop, D("2026-07-15"));
  ASSERT_TRUE(diff.ok()) << diff.status();
  EXPECT_TRUE(diff->changes.empty());
  EXPECT_TRUE(diff->entities.empty());
  EXPECT_EQ(diff->pairs_compared, 6u);
}

TEST(DiffTest, ThreadCountDoesNotChangeTheResult) {
  const DecisionTable before = CompileFiles("diff-th-before", testing::TinyPackFiles());
  const DecisionTable after = CompileFiles("diff-th-after", SixMonthFiles());
  std::vector<EntitySpec> many;
  for (int i = 0; i < 3000; ++i) {
    for (EntitySpec e : Entities()) {
      // Distinct entities and record ids (the builder rejects duplicates).
      e.uscc = testing::NumberedUscc(static_cast<int>(many.size()));
      for (RecordSpec& r : e.records) r.id += "-" + std::to_string(i);
      many.push_back(e);
    }
  }
  const Population pop = testing::BuildPopulation(before, many);
  auto one = DiffOutcomes(before, after, pop, D("2026-07-15"), 1);
  auto two = DiffOutcomes(before, after, pop, D("2026-07-15"), 2);
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_EQ(one->changes.size(), 2u * 3000u);
  ASSERT_EQ(one->changes.size(), two->changes.size());
  for (size_t i = 0; i < one->changes.size(); ++i) {
    const OutcomeChange& x = one->changes[i];
    const OutcomeChange& y = two->changes[i];
    ASSERT_TRUE(x.entity == y.entity && x.record == y.record && x.platform == y.platform &&
                x.what == y.what && x.before == y.before && x.after == y.after)
        << i;
  }
  EXPECT_EQ(one->entities.size(), two->entities.size());
  EXPECT_EQ(one->by_department_platform, two->by_department_platform);
  EXPECT_EQ(one->transitions, two->transitions);
}

TEST(DiffTest, DifferentDomainsAreRejected) {
  auto f = testing::TinyPackFiles();
  Replace(f["enums.csv"], "department,tax,税务局,Tax\n",
          "department,fire,消防,Fire\ndepartment,tax,税务局,Tax\n");
  const DecisionTable before = CompileFiles("diff-dom-before", testing::TinyPackFiles());
  const DecisionTable other = CompileFiles("diff-dom-other", f);
  const Population pop = testing::BuildPopulation(before, Entities());
  auto diff = DiffOutcomes(before, other, pop, D("2026-07-15"));
  ASSERT_FALSE(diff.ok());
  EXPECT_EQ(diff.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string msg(diff.status().message());
  EXPECT_NE(msg.find("'department'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'fire'"), std::string::npos) << msg;
}

}  // namespace
}  // namespace xiufu
