// The compiled table must decide exactly what the reference interpreter decides, on random
// populations whose dates cluster on period edges, for several evaluation dates around the
// regime change — and again after a serialize → load round trip.
#include <gtest/gtest.h>

#include "support/oracle.h"
#include "support/pack_files.h"
#include "support/random_population.h"
#include "support/thread_sanitizer.h"
#include "support/tiny_pack.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/explain.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/serialize.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

struct Case {
  std::string name;
  std::string dir;
};

void CompareAll(const Pack& pack, const DecisionTable& table, size_t entities, uint64_t seed,
                size_t* compared, int max_records_per_entity = 6, size_t* many = nullptr) {
  for (const char* as_of : {"2025-05-01", "2026-03-31", "2026-04-01", "2026-06-30", "2026-11-22"}) {
    const Date day = *ParseDate(as_of);
    const Population pop =
        testing::RandomPopulation(table, entities, seed++, day, max_records_per_entity);
    for (size_t e = 0; many != nullptr && e < pop.num_entities(); ++e) {
      *many += pop.RecordsEnd(e) - pop.RecordsBegin(e) > internal::kSameTypeTableFrom;
    }
    BatchResult got;
    ASSERT_TRUE(EvaluateBatch(table, pop, day, got, 2).ok());
    const testing::OracleResult want = testing::OracleEvaluate(pack, pop, day);
    for (size_t i = 0; i < got.records.size(); ++i) {
      RecordOutcome g = got.records[i];
      const std::string rule = g.rule == kNoRow ? "" : std::string(internal::Str(table, internal::Data(table).rows[g.rule].rule_id));
      g.rule = kNoRow;
      ASSERT_EQ(rule, want.rule_ids[i]) << "record×platform " << i << " as of " << as_of;
      ASSERT_EQ(g, want.records[i]) << "record×platform " << i << " as of " << as_of;
    }
    for (size_t e = 0; e < got.entities.size(); ++e) {
      ASSERT_EQ(got.entities[e], want.entities[e]) << "entity " << e << " as of " << as_of;
    }
    *compared += pop.num_records();
  }
}

// Entities with more records than kSameTypeTableFrom have their same-type facts (same_type_count,
// later_same_type: Gongshu's repeat-offence rules read both) computed together by sorting, where
// the reference interpreter counts each record's own.
TEST(DifferentialManyRecords, EntitiesWithManyRecordsEqualOracle) {
  auto loaded = LoadPack(XIUFU_SOURCE_DIR "/rules/gongshu");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  auto table = Compile(*loaded);
  ASSERT_TRUE(table.ok()) << table.status();
  size_t n = 0, many = 0;
  CompareAll(loaded->pack, *table, 80, 1234, &n, 240, &many);
  EXPECT_GE(n, 20000u);
  EXPECT_GT(many, 200u);  // entities past the threshold, over the five dates
}

// Explaining every record of an entity with many records through one EntityExplainer gives what
// one Explain call per record gives, and the row each explanation ends on is the one the
// reference interpreter decides by.
TEST(DifferentialManyRecords, OneExplainerPerEntityExplainsAsTheInterpreterDecides) {
  auto loaded = LoadPack(XIUFU_SOURCE_DIR "/rules/gongshu");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  auto table = Compile(*loaded);
  ASSERT_TRUE(table.ok()) << table.status();
  const Date day = *ParseDate("2026-03-31");
  const Population pop = testing::RandomPopulation(*table, 12, 99, day, 120);
  const testing::OracleResult want = testing::OracleEvaluate(loaded->pack, pop, day);
  size_t explained = 0, ended_on_a_row = 0;
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    if (pop.RecordsEnd(e) - pop.RecordsBegin(e) <= internal::kSameTypeTableFrom) continue;
    EntityExplainer explainer(*table, pop, e, day);
    ASSERT_TRUE(explainer.status().ok());
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      for (int p = 0; p < pop.num_platforms; ++p) {
        absl::StatusOr<Explanation> reused = explainer.Explain(r, p);
        absl::StatusOr<Explanation> alone = Explain(*table, pop, e, r, p, day);
        ASSERT_TRUE(reused.ok() && alone.ok());
        ASSERT_EQ(reused->ToText(true, true), alone->ToText(true, true)) << "record " << r;
        ASSERT_EQ(reused->ToText(false, true), alone->ToText(false, true)) << "record " << r;
        ASSERT_EQ(reused->outcome, alone->outcome);
        ++explained;
        const size_t i = static_cast<size_t>(r) * pop.num_platforms + p;
        if (!reused->steps.empty() && reused->steps.back().matched &&
            reused->outcome.status != RepairStatus::kNotShown) {
          ASSERT_EQ(reused->steps.back().rule_id, want.rule_ids[i]) << "record " << r << " platform " << p;
          ++ended_on_a_row;
        }
      }
    }
  }
  EXPECT_GT(explained, 1000u);
  EXPECT_GT(ended_on_a_row, 500u);
  EXPECT_FALSE(EntityExplainer(*table, pop, pop.num_entities(), day).Explain(0, 0).ok());
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class DifferentialTest : public ::testing::TestWithParam<Case> {};

TEST_P(DifferentialTest, CompiledEqualsOracle) {
  auto loaded = LoadPack(GetParam().dir);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->ok()) << FormatDiagnostic(loaded->diagnostics.front());
  auto table = Compile(*loaded);
  ASSERT_TRUE(table.ok()) << table.status();
  // 5 dates × 8,000 entities × ~3 records ≈ 120,000 records (× every platform); a quarter of it
  // under ThreadSanitizer (the batch's two threads, the interpreter single-threaded and slow).
  size_t n = 0;
  CompareAll(loaded->pack, *table, testing::UnlessThreadSanitizer<size_t>(8000, 2000), 42, &n);
  EXPECT_GE(n, testing::UnlessThreadSanitizer<size_t>(100000, 25000));

  // The same decisions after a round trip through the blob.
  auto reloaded = DeserializeTable(SerializeTable(*table));
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(SerializeTable(*reloaded), SerializeTable(*table));
  size_t m = 0;
  CompareAll(loaded->pack, *reloaded, 1000, 7, &m);
  EXPECT_GT(m, 0u);
}

std::vector<Case> Cases() {
  std::vector<Case> cases = {
      {"tiny_first", testing::WritePackFiles("diff-first", testing::TinyPackFiles("FIRST"))},
      {"tiny_priority", testing::WritePackFiles("diff-priority", testing::TinyPackFiles("PRIORITY"))},
      {"gongshu", XIUFU_SOURCE_DIR "/rules/gongshu"},
      // custom columns of every type and parameters, two of them effective-dated
      {"custom", XIUFU_SOURCE_DIR "/tests/data/packs/custom"},
  };
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Packs, DifferentialTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace xiufu
