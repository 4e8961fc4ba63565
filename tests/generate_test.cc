// Tests for include/xiufu/generate.h: determinism, realistic shares, valid USCCs except the
// planted ones, the documented visibility per record kind, dense mode, and the conversion to a
// Population.
#include "xiufu/synth/generate.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "xiufu/population_io.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

int CodeIndex(InputDomain d, std::string_view code) {
  const auto codes = GenCodes(d);
  for (size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] == code) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no code " << code;
  return -1;
}

std::string_view Code(InputDomain d, int i) { return GenCodes(d)[i]; }

const District& Shares() {  // one mid-sized district shared by the share tests
  static const District* d = [] {
    GenOptions o;
    o.entities = 40000;
    o.seed = 11;
    return new District(GenerateDistrict(o));
  }();
  return *d;
}

TEST(GenerateTest, SameSeedGivesIdenticalBytesAndOtherSeedsDiffer) {
  GenOptions o;
  o.entities = 3000;
  o.seed = 42;
  const District a = GenerateDistrict(o), b = GenerateDistrict(o);
  EXPECT_EQ(DistrictEntitiesCsv(a), DistrictEntitiesCsv(b));
  EXPECT_EQ(DistrictRecordsCsv(a), DistrictRecordsCsv(b));
  o.seed = 43;
  const District c = GenerateDistrict(o);
  EXPECT_NE(DistrictEntitiesCsv(a), DistrictEntitiesCsv(c));
  EXPECT_NE(DistrictRecordsCsv(a), DistrictRecordsCsv(c));
}

TEST(GenerateTest, ASmallerDistrictIsAPrefixOfALargerOne) {
  GenOptions o;
  o.entities = 500;
  const std::string small_e = DistrictEntitiesCsv(GenerateDistrict(o));
  const std::string small_r = DistrictRecordsCsv(GenerateDistrict(o));
  o.entities = 1000;
  const District big = GenerateDistrict(o);
  EXPECT_EQ(DistrictEntitiesCsv(big).substr(0, small_e.size()), small_e);
  EXPECT_EQ(DistrictRecordsCsv(big).substr(0, small_r.size()), small_r);
}

TEST(GenerateTest, DefaultIs178000Entities) {
  EXPECT_EQ(GenOptions{}.entities, 178000u);
  EXPECT_EQ(GenOptions{}.snapshot, FromYmd(2026, 10, 31));
}

TEST(GenerateTest, EveryUsccIsValidExceptThePlantedOnes) {
  const District& d = Shares();
  size_t planted = 0;
  std::set<std::string> seen;
  for (size_t e = 0; e < d.num_entities(); ++e) {
    const std::string u(d.uscc[e].data(), 18);
    EXPECT_TRUE(seen.insert(u).second) << "duplicate " << u;
    const absl::Status st = ValidateUscc(u);
    if (d.planted_invalid[e]) {
      ++planted;
      ASSERT_FALSE(st.ok()) << u;
      // Only the check character is wrong.
      EXPECT_NE(std::string(st.message()).find("check character"), std::string::npos) << st;
    } else {
      ASSERT_TRUE(st.ok()) << st;
    }
    const std::string division = u.substr(2, 6);
    EXPECT_TRUE(division == "330105" || division == "330103") << u;
  }
  // 0.05% of 40000 = 20 expected.
  EXPECT_GE(planted, 5u);
  EXPECT_LE(planted, 45u);
}

TEST(GenerateTest, KindsNamesAndStatusesHaveRealisticShares) {
  const District& d = Shares();
  std::map<char, size_t> kinds;
  for (size_t e = 0; e < d.num_entities(); ++e) {
    const char k = d.uscc[e][1];
    ++kinds[k];
    const std::string_view name = d.name[e];
    if (k == '1') {
      EXPECT_NE(name.find("公司"), std::string::npos) << name;
    }
    if (k == '2') {
      EXPECT_NE(name.find("拱墅区"), std::string::npos) << name;
    }
    if (k == '3') {
      EXPECT_NE(name.find("合作社"), std::string::npos) << name;
    }
    EXPECT_LE(d.registration[e], FromYmd(2026, 10, 31).days);
  }
  const double n = static_cast<double>(d.num_entities());
  EXPECT_NEAR(kinds['1'] / n, 0.485, 0.03);
  EXPECT_NEAR(kinds['2'] / n, 0.485, 0.03);
  EXPECT_GT(kinds['3'] / n, 0.015);
  EXPECT_LT(kinds['3'] / n, 0.05);
  EXPECT_EQ(kinds.size(), 3u);
  std::vector<size_t> statuses(3, 0);
  for (uint8_t s : d.status) ++statuses[s];
  EXPECT_GT(statuses[0] / n, 0.88);  // active
  EXPECT_GT(statuses[1], 0u);        // revoked
  EXPECT_GT(statuses[2], 0u);        // cancelled
}

TEST(GenerateTest, About13PercentMissedTheLatestAnnualReport) {
  const District& d = Shares();
  // Snapshot 2026-10-31: the 2025 report was due by 2026-06-30; entities registered in 2025 or
  // earlier must have filed it.
  size_t required = 0, missed = 0;
  for (size_t e = 0; e < d.num_entities(); ++e) {
    if (ToYmd(Date{d.registration[e]}).year > 2025) {
      EXPECT_EQ(d.last_report_year[e], 0);
      continue;
    }
    ++required;
    if (d.last_report_year[e] < 2025) ++missed;
  }
  const double share = static_cast<double>(missed) / required;
  EXPECT_GE(share, 0.12);
  EXPECT_LE(share, 0.15);
}

TEST(GenerateTest, ListingsPenaltiesAndListsHaveRealisticShares) {
  const District& d = Shares();
  const int abnormal = CodeIndex(InputDomain::kRecordKind, "abnormal_list");
  const int individual = CodeIndex(InputDomain::kRecordKind, "individual_abnormal");
  const int penalty = CodeIndex(InputDomain::kRecordKind, "penalty");
  std::vector<uint8_t> has_abnormal(d.num_entities(), 0), has_penalty(d.num_entities(), 0);
  std::map<std::string_view, size_t> kinds, departments;
  for (size_t r = 0; r < d.num_records(); ++r) {
    const uint32_t e = d.entity[r];
    ++kinds[Code(InputDomain::kRecordKind, d.record_kind[r])];
    if (d.record_kind[r] == abnormal || d.record_kind[r] == individual) has_abnormal[e] = 1;
    if (d.record_kind[r] == penalty) {
      has_penalty[e] = 1;
      ++departments[Code(InputDomain::kDepartment, d.department[r])];
    }
    // Individual businesses are marked (individual_abnormal), never listed, and vice versa.
    if (d.record_kind[r] == abnormal) {
      EXPECT_NE(d.uscc[e][1], '2');
    }
    if (d.record_kind[r] == individual) {
      EXPECT_EQ(d.uscc[e][1], '2');
    }
  }
  size_t enterprises = 0, enterprises_listed = 0, with_penalty = 0;
  for (size_t e = 0; e < d.num_entities(); ++e) {
    with_penalty += has_penalty[e];
    if (d.uscc[e][1] != '1') continue;
    ++enterprises;
    enterprises_listed += has_abnormal[e];
  }
  const double listed_share = static_cast<double>(enterprises_listed) / enterprises;
  EXPECT_GE(listed_share, 0.05);
  EXPECT_LE(listed_share, 0.08);
  const double penalty_share = static_cast<double>(with_penalty) / d.num_entities();
  EXPECT_GT(penalty_share, 0.02);
  EXPECT_LT(penalty_share, 0.12);  // most entities have none

  // Penalties by department: samr first, then law_enforcement, then tax.
  std::vector<std::pair<size_t, std::string_view>> ranked;
  for (const auto& [dept, count] : departments) ranked.emplace_back(count, dept);
  std::sort(ranked.rbegin(), ranked.rend());
  ASSERT_GE(ranked.size(), 10u);
  EXPECT_EQ(ranked[0].second, "samr");
  EXPECT_EQ(ranked[1].second, "law_enforcement");
  EXPECT_EQ(ranked[2].second, "tax");
  // A few of every list.
  for (std::string_view k : {"serious_list", "wage_arrears_list", "safety_serious_list",
                             "tax_major_list", "court_dishonest", "stats_serious_list",
                             "construction_blacklist"}) {
    EXPECT_GT(kinds[k], 0u) << k;
    EXPECT_LT(kinds[k], d.num_entities() / 100) << k;
  }
}

TEST(GenerateTest, RecordsCoverBothRegimesEveryStatusIngredientAndFollowTheVocabularyRules) {
  const District& d = Shares();
  const int32_t snapshot = FromYmd(2026, 10, 31).days;
  const int32_t new_classes = FromYmd(2025, 6, 22).days;
  const int32_t order36 = FromYmd(2026, 4, 1).days;
  const uint8_t all = 0xF, credit = 0x7, credit_china = 0x1;
  const int minor = CodeIndex(InputDomain::kSeverity, "minor");
  const int specific = CodeIndex(InputDomain::kSeverity, "specific_serious");
  const int none = CodeIndex(InputDomain::kPenalty, "none");
  const int samr = CodeIndex(InputDomain::kDepartment, "samr");
  const int court = CodeIndex(InputDomain::kRecordKind, "court_dishonest");
  const int penalty = CodeIndex(InputDomain::kRecordKind, "penalty");
  size_t before36 = 0, after36 = 0, unpaid = 0, partly_repaired = 0, serious = 0;
  std::set<int> sectors, severities, penalties;
  for (size_t r = 0; r < d.num_records(); ++r) {
    ASSERT_NE(d.decision[r], kNoDay);
    EXPECT_GE(d.decision[r], FromYmd(2019, 1, 1).days);
    for (int32_t day : {d.decision[r], d.publication[r], d.fulfilled[r], d.corrected[r]}) {
      if (day != kNoDay) {
        EXPECT_LE(day, snapshot);
      }
    }
    (d.decision[r] < order36 ? before36 : after36)++;
    // Severity vocabulary by decision date (22号, 2025-06-22).
    if (d.decision[r] < new_classes) {
      EXPECT_NE(d.severity[r], minor);
    }
    else EXPECT_NE(d.severity[r], specific);
    severities.insert(d.severity[r]);
    penalties.insert(d.penalty[r]);
    sectors.insert(d.sector[r]);
    serious += Code(InputDomain::kSeverity, d.severity[r]) != "minor" &&
               Code(InputDomain::kSeverity, d.severity[r]) != "general";
    // Visibility: never beyond the documented platforms.
    const uint8_t shown = d.shown_mask[r];
    if (d.record_kind[r] == penalty) {
      EXPECT_EQ(shown & ~(d.department[r] == samr ? all : credit), 0) << d.record_id[r];
      if (d.fine_yuan[r] > 0 && d.fulfilled[r] == kNoDay) ++unpaid;
    } else {
      EXPECT_EQ(d.penalty[r], none) << d.record_id[r];
      EXPECT_EQ(d.fine_yuan[r], 0);
      const std::string_view kind = Code(InputDomain::kRecordKind, d.record_kind[r]);
      if (d.record_kind[r] == court) {
        EXPECT_EQ(shown & ~credit_china, 0);
      } else if (kind == "abnormal_list" || kind == "individual_abnormal" ||
                 kind == "serious_list") {
        EXPECT_EQ(shown & ~all, 0);
      } else {
        EXPECT_EQ(shown & ~credit, 0) << kind;
      }
    }
    int repaired = 0, shown_count = 0;
    for (int p = 0; p < kGenPlatforms; ++p) {
      const int32_t day = d.repaired[r * kGenPlatforms + p];
      shown_count += (shown >> p) & 1;
      if (day == kNoDay) continue;
      ++repaired;
      EXPECT_TRUE((shown >> p) & 1) << "repaired where never shown: " << d.record_id[r];
      EXPECT_GT(day, d.decision[r]);
      EXPECT_LE(day, snapshot);
    }
    if (repaired > 0 && repaired < shown_count) ++partly_repaired;
  }
  EXPECT_GT(before36, 1000u);
  EXPECT_GT(after36, 1000u);
  EXPECT_GT(unpaid, 100u);
  EXPECT_GT(partly_repaired, 50u);
  EXPECT_GT(serious, 100u);
  EXPECT_EQ(severities.size(), 4u);
  EXPECT_EQ(penalties.size(), GenCodes(InputDomain::kPenalty).size());
  EXPECT_EQ(sectors.size(), GenCodes(InputDomain::kSector).size());
}

TEST(GenerateTest, RecordsAreGroupedByEntityAndIdsAreUnique) {
  const District& d = Shares();
  std::set<std::string> ids;
  for (size_t r = 0; r < d.num_records(); ++r) {
    EXPECT_TRUE(ids.insert(std::string(d.record_id[r])).second);
    if (r > 0) {
      EXPECT_LE(d.entity[r - 1], d.entity[r]);
      if (d.entity[r - 1] == d.entity[r]) {
        EXPECT_LE(d.decision[r - 1], d.decision[r]);
      }
    }
  }
}

TEST(GenerateTest, DenseModeGivesEveryEntityThreeToEightRecords) {
  GenOptions o;
  o.entities = 2000;
  o.dense = true;
  const District d = GenerateDistrict(o);
  std::vector<int> count(d.num_entities(), 0);
  for (uint32_t e : d.entity) ++count[e];
  for (size_t e = 0; e < count.size(); ++e) {
    ASSERT_GE(count[e], 3) << e;
    ASSERT_LE(count[e], 8) << e;
  }
  const double mean = static_cast<double>(d.num_records()) / d.num_entities();
  EXPECT_GT(mean, 5.0);
  EXPECT_LT(mean, 6.0);
}

TEST(GenerateTest, PopulationEqualsWhatTheWrittenFilesReadBackAs) {
  GenOptions o;
  o.entities = 1500;
  o.seed = 5;
  const District d = GenerateDistrict(o);
  // A dictionary that orders platforms differently from the generator.
  Dictionary::CodeLists codes;
  for (int k = 0; k < kNumInputDomains; ++k) {
    for (std::string_view c : GenCodes(static_cast<InputDomain>(k))) codes[k].emplace_back(c);
  }
  std::reverse(codes[0].begin(), codes[0].end());
  const Dictionary dict = *Dictionary::FromCodes(codes);

  const std::string dir = ::testing::TempDir() + "/gen_district";
  ASSERT_TRUE(WriteDistrict(d, dir).ok());
  absl::StatusOr<PopulationReadResult> read =
      ReadPopulation(dict, dir + "/entities.csv", dir + "/records.csv");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->rejected(), 0u);
  absl::StatusOr<Population> direct = DistrictToPopulation(d, dict);
  ASSERT_TRUE(direct.ok()) << direct.status();
  const Population& a = read->population;
  const Population& b = *direct;
  EXPECT_EQ(a.uscc, b.uscc);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.entity_flags, b.entity_flags);
  EXPECT_EQ(a.last_report_year, b.last_report_year);
  EXPECT_EQ(a.record_begin, b.record_begin);
  EXPECT_EQ(a.record_id, b.record_id);
  EXPECT_EQ(a.shown_mask, b.shown_mask);
  EXPECT_EQ(a.repaired, b.repaired);
  EXPECT_EQ(a.fine_yuan, b.fine_yuan);
  EXPECT_EQ(a.decision_date, b.decision_date);
  EXPECT_EQ(a.severity, b.severity);

  // A dictionary missing a code the district uses is an error naming it.
  codes[1].erase(std::find(codes[1].begin(), codes[1].end(), "samr"));
  absl::StatusOr<Population> missing = DistrictToPopulation(d, *Dictionary::FromCodes(codes));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.status().message()).find("samr"), std::string::npos);
}

}  // namespace
}  // namespace xiufu
