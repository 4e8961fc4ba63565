// One checksum over every outcome of the benchmark's district: the default generated district
// (GenerateDistrict with default GenOptions — 178,000 entities, seed 20221101, the default mix;
// the same data `make bench` times as "district/default") under rules/gongshu as of the
// generator's snapshot day, 2026-10-31. The compiled table on one thread and on every hardware
// thread and the reference interpreter (OracleEvaluate) must give the same checksum, and that
// checksum must equal the golden value below.
//
// The evaluator and the oracle share the fact computation (runtime/detail/fact_slots.h) and the
// output date arithmetic, so "compiled == oracle" alone cannot catch a change in those; the
// golden does. It pins the outcomes of the code as it was when the golden was recorded, so it
// also moves when the generator, rules/gongshu or the meaning of an outcome field changes on
// purpose. Then, and only then, regenerate it:
//   cmake --build BUILD --target xiufu_tests &&
//   BUILD/xiufu_tests --gtest_filter='OutcomeChecksum.*'
// prints the computed value on mismatch ("computed 0x..."); check that the change of outcomes
// is the intended one (e.g. with `xiufu diff` or the differential tests) before pasting it into
// kGolden, and say why in the commit message.
//
// The checksum is 64-bit FNV-1a over the fields of each outcome, in a fixed order, each as a
// little-endian integer of its own width (never the raw struct bytes: RecordOutcome has a
// padding byte); the deciding eligibility rule is hashed as its rule id text, not its row index,
// so reordering rows in the table does not move it.
#include <gtest/gtest.h>

#include "absl/types/span.h"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "support/oracle.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/synth/generate.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

// Recorded from commit e91dc12 (2026-10-31, rules/gongshu 1.0.0, default GenOptions).
constexpr uint64_t kGolden = 0xe241eec3219f2618ull;

class Fnv1a {
 public:
  template <typename T>
  void Int(T v) {
    auto u = static_cast<uint64_t>(static_cast<std::make_unsigned_t<T>>(v));
    for (size_t i = 0; i < sizeof(T); ++i) Byte(static_cast<uint8_t>(u >> (8 * i)));
  }
  void Text(std::string_view s) {
    Int(static_cast<uint32_t>(s.size()));
    for (const char c : s) Byte(static_cast<uint8_t>(c));
  }
  uint64_t value() const { return h_; }

 private:
  void Byte(uint8_t b) {
    h_ ^= b;
    h_ *= 0x100000001b3ull;
  }
  uint64_t h_ = 0xcbf29ce484222325ull;
};

void HashRecord(const RecordOutcome& o, std::string_view rule_id, Fnv1a& h) {
  h.Int(static_cast<uint8_t>(o.status));
  h.Int(o.channel);
  h.Int(o.authority);
  h.Text(rule_id);  // "" when no eligibility row decided
  h.Int(o.eligible_from);
  h.Int(o.expires_on);
  h.Int(o.actions);
  h.Int(o.alerts);
  h.Int(o.materials.w[0]);
  h.Int(o.materials.w[1]);
}

void HashEntity(const EntityOutcome& o, Fnv1a& h) {
  h.Int(o.raw_materials.w[0]);
  h.Int(o.raw_materials.w[1]);
  h.Int(o.canonical_materials.w[0]);
  h.Int(o.canonical_materials.w[1]);
  h.Int(o.alerts);
  h.Int(o.clean_by);
  h.Int(o.shown);
}

struct Checksum {
  uint64_t records = 0;   // the record × platform outcomes alone
  uint64_t entities = 0;  // the entity outcomes alone
  uint64_t all = 0;       // sizes, then both of the above: the golden
};

std::string Show(const Checksum& c) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "0x%016" PRIx64 " (records 0x%016" PRIx64 ", entities 0x%016" PRIx64 ")",
                c.all, c.records, c.entities);
  return buf;
}

// `rule_id(i)`: the deciding rule id of record × platform i ("" for none).
template <typename RuleId>
Checksum ChecksumOf(absl::Span<const RecordOutcome> records, RuleId rule_id,
                    absl::Span<const EntityOutcome> entities, int num_platforms) {
  Fnv1a r, e, all;
  for (size_t i = 0; i < records.size(); ++i) HashRecord(records[i], rule_id(i), r);
  for (const EntityOutcome& o : entities) HashEntity(o, e);
  all.Int(static_cast<uint32_t>(num_platforms));
  all.Int(static_cast<uint64_t>(records.size()));
  all.Int(static_cast<uint64_t>(entities.size()));
  all.Int(r.value());
  all.Int(e.value());
  return {r.value(), e.value(), all.value()};
}

Checksum ChecksumOf(const DecisionTable& table, const BatchResult& b) {
  const auto& rows = internal::Data(table).rows;
  return ChecksumOf(
      b.records,
      [&](size_t i) {
        const uint32_t row = b.records[i].rule;
        return row == kNoRow ? std::string_view() : internal::Str(table, rows[row].rule_id);
      },
      b.entities, b.num_platforms);
}

Checksum ChecksumOf(const testing::OracleResult& o, int num_platforms) {
  return ChecksumOf(
      o.records, [&](size_t i) { return std::string_view(o.rule_ids[i]); }, o.entities,
      num_platforms);
}

TEST(OutcomeChecksum, DefaultDistrictCompiledEqualsOracleEqualsGolden) {
  auto loaded = LoadPack(XIUFU_SOURCE_DIR "/rules/gongshu");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->ok()) << FormatDiagnostic(loaded->diagnostics.front());
  auto table = Compile(*loaded);
  ASSERT_TRUE(table.ok()) << table.status();

  const GenOptions gen;  // the benchmark's district: every option at its default
  ASSERT_EQ(gen.entities, 178000u);
  const Date as_of = gen.snapshot;
  ASSERT_EQ(FormatDate(as_of), "2026-10-31");
  auto dict = Dictionary::FromTable(*table);
  ASSERT_TRUE(dict.ok()) << dict.status();
  auto pop = DistrictToPopulation(GenerateDistrict(gen), *dict);
  ASSERT_TRUE(pop.ok()) << pop.status();
  ASSERT_EQ(pop->num_entities(), 178000u);

  BatchResult one, all;
  ASSERT_TRUE(EvaluateBatch(*table, *pop, as_of, one, 1).ok());
  ASSERT_TRUE(EvaluateBatch(*table, *pop, as_of, all, 0).ok());
  const testing::OracleResult oracle = testing::OracleEvaluate(loaded->pack, *pop, as_of);

  const Checksum c1 = ChecksumOf(*table, one);
  const Checksum call = ChecksumOf(*table, all);
  const Checksum co = ChecksumOf(oracle, pop->num_platforms);
  std::printf("outcome checksum: %zu records x %d platforms, %zu entities: %s\n",
              pop->num_records(), pop->num_platforms, pop->num_entities(), Show(c1).c_str());

  EXPECT_EQ(c1.all, call.all) << "1 thread " << Show(c1) << " vs all threads " << Show(call);
  EXPECT_EQ(c1.all, co.all) << "compiled " << Show(c1) << " vs oracle " << Show(co)
                            << " (tests/differential_test.cc shows the first difference)";
  // A population filled by hand without the registration years (Population::registration_year
  // empty: the entities without records derive each year for their memo key) decides alike.
  Population by_hand = *pop;
  by_hand.registration_year.clear();
  BatchResult derived;
  ASSERT_TRUE(EvaluateBatch(*table, by_hand, as_of, derived, 1).ok());
  EXPECT_EQ(ChecksumOf(*table, derived).all, c1.all) << "registration years derived";
  EXPECT_EQ(c1.all, kGolden)
      << "computed " << Show(c1) << ", golden 0x" << std::hex << kGolden
      << ": the outcomes of the default district changed. If that is intended (the generator, "
         "rules/gongshu or an outcome's meaning changed), set kGolden in "
         "tests/outcome_checksum_test.cc to the computed value (see the comment at its top).";
}

}  // namespace
}  // namespace xiufu
