#include "support/random_population.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/population_builder.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu::testing {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {  // splitmix64
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int Uniform(int n) { return n <= 0 ? 0 : static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Uniform(100) < percent; }

 private:
  uint64_t s_;
};

// A date near one of the edges a period test can fall on, relative to as_of.
int32_t EdgeDate(Rng& rng, Date as_of) {
  constexpr int kMonths[] = {0, 3, 6, 12, 24, 33, 35, 36, 60};
  const int m = kMonths[rng.Uniform(9)];
  Date base = AddMonths(as_of, -m);
  if (rng.Chance(20)) base = FromYmd(ToYmd(base).year, ToYmd(base).month, DaysInMonth(ToYmd(base).year, ToYmd(base).month));
  if (rng.Chance(5)) base = FromYmd(2024, 2, 29);
  return base.days + rng.Uniform(5) - 2;
}

int32_t SomeDate(Rng& rng, Date as_of) {
  if (rng.Chance(60)) return EdgeDate(rng, as_of);
  return as_of.days - rng.Uniform(365 * 7) + 30;
}

// Random values of the pack's custom columns of one scope (a sixth absent: the default).
void CustomValues(Rng& rng, const Dictionary& dict, FactScope scope, Date as_of,
                  std::vector<Input<int64_t>>* out) {
  out->assign(static_cast<size_t>(dict.NumColumns(scope)), Input<int64_t>());
  for (int k = 0; k < dict.NumColumns(scope); ++k) {
    const CustomColumn* c = dict.Column(scope, k);
    if (rng.Uniform(6) == 0) continue;
    int64_t v = 0;
    switch (c->type) {
      case FactType::kEnum:
        v = rng.Uniform(dict.ColumnCodes(static_cast<size_t>(c - dict.Columns().data())).Size());
        break;
      case FactType::kBool: v = rng.Uniform(2); break;
      case FactType::kDate: v = SomeDate(rng, as_of); break;
      default: v = rng.Chance(30) ? 5000 * rng.Uniform(12) + rng.Uniform(3) - 1 : rng.Uniform(200000) - 100; break;
    }
    (*out)[static_cast<size_t>(k)] = Input<int64_t>(v);
  }
}

}  // namespace

Population RandomPopulation(const DecisionTable& table, size_t entities, uint64_t seed,
                            Date as_of, int max_records_per_entity) {
  Rng rng(seed);
  absl::StatusOr<Dictionary> dict = Dictionary::FromTable(table);
  if (!dict.ok()) {
    std::fprintf(stderr, "RandomPopulation: %s\n", dict.status().ToString().c_str());
    std::abort();
  }
  // Through the builder with dense ids and typed dates (what a host filling structs does).
  PopulationBuilder builder(*dict);
  const int platforms = dict->num_platforms();
  auto size_of = [&](InputDomain d) { return dict->Size(d); };
  const int dept = size_of(InputDomain::kDepartment), kind = size_of(InputDomain::kRecordKind),
            sev = size_of(InputDomain::kSeverity), pen = size_of(InputDomain::kPenalty),
            proc = size_of(InputDomain::kProcedure), sec = size_of(InputDomain::kSector),
            status = size_of(InputDomain::kEntityStatus);
  constexpr char kPrefixes[][3] = {"91", "92", "93", "51"};
  std::vector<Date> repaired(platforms);
  std::vector<Input<int64_t>> entity_custom, record_custom;
  for (size_t e = 0; e < entities; ++e) {
    std::string code = std::string(kPrefixes[rng.Uniform(4)]) + (rng.Chance(50) ? "330105" : "330103");
    for (int i = 0; i < 9; ++i) code += kUsccCharset[rng.Uniform(31)];
    code += rng.Chance(3) ? '0' : UsccCheckChar(code);
    const int32_t reg = as_of.days - rng.Uniform(365 * 12);
    const int16_t report = static_cast<int16_t>(rng.Chance(10) ? 0 : ToYmd(as_of).year - 1 - rng.Uniform(4));
    EntityInput entity{.uscc = code,
                       .name = "测试主体",
                       .status = rng.Uniform(status),
                       .registration_date = Date{reg}};
    if (report != 0) entity.last_report_year = int64_t{report};
    entity.unreachable = rng.Chance(10);
    CustomValues(rng, *dict, FactScope::kEntity, as_of, &entity_custom);
    entity.custom = entity_custom;
    builder.AddEntity(entity);
    const int n = rng.Uniform(max_records_per_entity + 1);
    for (int r = 0; r < n; ++r) {
      const int32_t decision = SomeDate(rng, as_of);
      for (int p = 0; p < platforms; ++p) {
        repaired[p] = Date{rng.Chance(15) ? decision + rng.Uniform(900) : kNoDay};
      }
      const uint32_t shown = static_cast<uint32_t>(rng.Next() & ((1u << platforms) - 1));
      const int32_t fulfilled = rng.Chance(60) ? decision + rng.Uniform(400) : kNoDay;
      const std::string id = "R" + std::to_string(e) + "-" + std::to_string(r);
      // Braced initializers are evaluated in order, so the draws are reproducible.
      RecordInput record{
          .record_id = id,
          .uscc = code,
          .department = rng.Uniform(dept),
          .record_kind = rng.Uniform(kind),
          .severity = rng.Uniform(sev),
          .penalty = rng.Uniform(pen),
          .procedure = rng.Uniform(proc),
          .sector = rng.Uniform(sec),
          .decision_date = Date{decision},
          .publication_date = Date{rng.Chance(90) ? decision + rng.Uniform(20) : kNoDay},
          .fine_yuan = int64_t{rng.Chance(50) ? 0 : rng.Uniform(200000)},
          .fulfilled_date = Date{fulfilled},
          .corrected_date = Date{rng.Chance(50) ? fulfilled : kNoDay},
          .shown_on = shown,
          .repaired_on = absl::MakeConstSpan(repaired)};
      CustomValues(rng, *dict, FactScope::kRecord, as_of, &record_custom);
      record.custom = record_custom;
      builder.AddRecord(record);
    }
  }
  PopulationBuild built = std::move(builder).Finish();
  if (!built.diagnostics.empty()) {
    std::fprintf(stderr, "RandomPopulation: %s\n", FormatDiagnostic(built.diagnostics[0]).c_str());
    std::abort();
  }
  return std::move(built.population);
}

}  // namespace xiufu::testing
