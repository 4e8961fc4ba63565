#include "support/random_population.h"

#include <string>

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

}  // namespace

Population RandomPopulation(const DecisionTable& table, size_t entities, uint64_t seed,
                            Date as_of, int max_records_per_entity) {
  Rng rng(seed);
  Population pop;
  pop.num_platforms = table.NumPlatforms();
  auto size_of = [&](const char* domain) { return table.DomainSize(table.DomainIndex(domain)); };
  const int dept = size_of("department"), kind = size_of("record_kind"),
            sev = size_of("severity"), pen = size_of("penalty"), proc = size_of("procedure"),
            sec = size_of("sector"), status = size_of("entity_status");
  constexpr char kPrefixes[][3] = {"91", "92", "93", "51"};
  std::vector<int32_t> repaired(pop.num_platforms);
  for (size_t e = 0; e < entities; ++e) {
    std::string code = std::string(kPrefixes[rng.Uniform(4)]) + (rng.Chance(50) ? "330105" : "330103");
    for (int i = 0; i < 9; ++i) code += kUsccCharset[rng.Uniform(31)];
    code += rng.Chance(3) ? '0' : UsccCheckChar(code);
    Uscc u;
    std::copy(code.begin(), code.begin() + 18, u.begin());
    const int32_t reg = as_of.days - rng.Uniform(365 * 12);
    const int16_t report = static_cast<int16_t>(rng.Chance(10) ? 0 : ToYmd(as_of).year - 1 - rng.Uniform(4));
    pop.BeginEntity(u, "测试主体", static_cast<uint8_t>(rng.Uniform(status)), Date{reg}, report,
                    rng.Chance(10));
    const int n = rng.Uniform(max_records_per_entity + 1);
    for (int r = 0; r < n; ++r) {
      const int32_t decision = SomeDate(rng, as_of);
      for (int p = 0; p < pop.num_platforms; ++p) {
        repaired[p] = rng.Chance(15) ? decision + rng.Uniform(900) : kNoDay;
      }
      const uint8_t shown = static_cast<uint8_t>(rng.Next() & ((1u << pop.num_platforms) - 1));
      const int32_t fulfilled = rng.Chance(60) ? decision + rng.Uniform(400) : kNoDay;
      pop.AddRecord("R" + std::to_string(e) + "-" + std::to_string(r),
                    static_cast<uint8_t>(rng.Uniform(dept)), static_cast<uint8_t>(rng.Uniform(kind)),
                    static_cast<uint8_t>(rng.Uniform(sev)), static_cast<uint8_t>(rng.Uniform(pen)),
                    static_cast<uint8_t>(rng.Uniform(proc)), static_cast<uint8_t>(rng.Uniform(sec)),
                    shown, decision, rng.Chance(90) ? decision + rng.Uniform(20) : kNoDay,
                    fulfilled, rng.Chance(50) ? fulfilled : kNoDay,
                    rng.Chance(50) ? 0 : rng.Uniform(200000), repaired.data());
    }
  }
  pop.Finish();
  return pop;
}

}  // namespace xiufu::testing
