// The synthetic district generator. Tested by tests/generate_test.cc.
//
// Every entity draws from its own PRNG stream (seeded from the seed and the entity's index), so
// a district's first N entities do not depend on how many follow. Shares are modelled on
// docs/formats.md and the domain facts (§4 annual reports, §7 population statistics); where the
// facts have no source the numbers are plausible reconstructions, chosen so that every status
// and both rule regimes (before/after 2026-04-01) occur.
#include "xiufu/synth/generate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numeric>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "base/csv_write.h"
#include "base/str_util.h"
#include "base/text_file.h"
#include "xiufu/runtime/population_builder.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu {
namespace {

// ---- vocabularies (indices are the District's enum values) ----

constexpr std::string_view kPlatforms[] = {"credit_china", "credit_zhejiang", "credit_hangzhou",
                                           "necips"};
enum Platform : int { kCreditChina, kCreditZhejiang, kCreditHangzhou, kNecips };
constexpr uint8_t kAllPlatforms = 0xF;
constexpr uint8_t kCreditPlatforms = 0x7;  // Credit China + the two local platforms

constexpr std::string_view kDepartments[] = {
    "samr",   "tax",     "hrss",   "eco_env",         "emergency",       "fire",
    "housing", "transport", "health", "culture_tourism", "law_enforcement", "natural_resources",
    "statistics", "medical_insurance", "commerce", "court", "customs"};
enum Department : int {
  kSamr, kTax, kHrss, kEcoEnv, kEmergency, kFire, kHousing, kTransport, kHealth,
  kCultureTourism, kLawEnforcement, kNaturalResources, kStatistics, kMedicalInsurance,
  kCommerce, kCourt, kCustoms
};

constexpr std::string_view kRecordKinds[] = {
    "penalty",           "abnormal_list",  "individual_abnormal", "serious_list",
    "wage_arrears_list", "safety_serious_list", "tax_major_list", "court_dishonest",
    "stats_serious_list", "construction_blacklist"};
enum RecordKind : int {
  kPenaltyRecord, kAbnormalList, kIndividualAbnormal, kSeriousList, kWageArrearsList,
  kSafetySeriousList, kTaxMajorList, kCourtDishonest, kStatsSeriousList, kConstructionBlacklist
};

constexpr std::string_view kSeverities[] = {"minor", "general", "serious", "specific_serious"};
enum SeverityCode : int { kMinor, kGeneral, kSerious, kSpecificSerious };

constexpr std::string_view kPenalties[] = {
    "none", "warning", "criticism", "fine", "confiscation", "suspension", "downgrade",
    "restriction", "halt", "licence_revocation", "bl_revocation", "employment_ban"};
enum PenaltyCode : int {
  kNone, kWarning, kCriticism, kFine, kConfiscation, kSuspension, kDowngrade, kRestriction,
  kHalt, kLicenceRevocation, kBlRevocation, kEmploymentBan
};

constexpr std::string_view kProcedures[] = {"summary", "ordinary"};
enum Procedure : int { kSummary, kOrdinary };

constexpr std::string_view kSectors[] = {"general", "food", "drugs", "special_equipment",
                                         "production_safety", "fire", "environment",
                                         "construction"};
enum Sector : int {
  kGeneralSector, kFood, kDrugs, kSpecialEquipment, kProductionSafety, kFireSector,
  kEnvironment, kConstruction
};

constexpr std::string_view kEntityStatuses[] = {"active", "revoked", "cancelled"};
enum EntityStatusCode : int { kActive, kRevoked, kCancelled };

// ---- the PRNG: xoshiro256** seeded through splitmix64 ----

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (uint64_t& w : s_) w = SplitMix64(x);
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) (multiply-high; the bias is below 2^-32).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  // Uniform in [lo, hi]; lo when hi < lo.
  int32_t Between(int32_t lo, int32_t hi) {
    return hi <= lo ? lo : lo + static_cast<int32_t>(Below(static_cast<uint32_t>(hi - lo) + 1));
  }
  bool PerMille(uint32_t p) { return Below(1000) < p; }
  bool PerMillion(uint32_t p) { return Below(1000000) < p; }
  // Index drawn with integer weights.
  template <size_t N>
  int Pick(const std::array<uint32_t, N>& w) {
    uint32_t total = 0;
    for (uint32_t x : w) total += x;
    uint32_t r = Below(total);
    for (size_t i = 0; i < N; ++i) {
      if (r < w[i]) return static_cast<int>(i);
      r -= w[i];
    }
    return static_cast<int>(N - 1);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// ---- names ----

constexpr std::string_view kBrandChars[] = {
    "华", "鑫", "瑞", "恒", "嘉", "宏", "盛", "达", "源", "泰", "兴", "隆", "祥", "禾",
    "益", "丰", "汇", "德", "诚", "信", "安", "康", "宁", "远", "博", "创", "合", "美",
    "佳", "捷", "卓", "越", "新", "锦", "运", "河", "宸", "和", "润", "启", "明", "聚"};

struct Trade {
  std::string_view word;
  int sector;  // sector most of its penalties fall in
};
constexpr Trade kEnterpriseTrades[] = {
    {"商贸", kGeneralSector},      {"科技", kGeneralSector},     {"网络科技", kGeneralSector},
    {"信息技术", kGeneralSector},  {"餐饮管理", kFood},          {"建筑工程", kConstruction},
    {"物业管理", kGeneralSector},  {"文化传媒", kGeneralSector}, {"电子商务", kGeneralSector},
    {"食品", kFood},               {"医药", kDrugs},             {"机械设备", kSpecialEquipment},
    {"环保科技", kEnvironment},    {"服饰", kGeneralSector},     {"企业管理咨询", kGeneralSector},
    {"装饰工程", kConstruction},   {"物流", kGeneralSector},     {"教育科技", kGeneralSector},
    {"贸易", kGeneralSector},      {"健康管理", kGeneralSector}, {"电梯工程", kSpecialEquipment},
    {"化工", kProductionSafety}};
constexpr Trade kShopTrades[] = {
    {"便利店", kFood},       {"小吃店", kFood},         {"面馆", kFood},
    {"理发店", kGeneralSector}, {"水果店", kFood},      {"五金店", kGeneralSector},
    {"服装店", kGeneralSector}, {"烟酒店", kGeneralSector}, {"副食品店", kFood},
    {"汽车修理部", kGeneralSector}, {"干洗店", kGeneralSector}, {"早餐店", kFood},
    {"奶茶店", kFood},       {"花店", kGeneralSector},  {"大药房", kDrugs},
    {"美容店", kGeneralSector}, {"电动车维修部", kGeneralSector}, {"麻辣烫店", kFood}};
constexpr std::string_view kCoopWords[] = {"蔬菜", "果蔬", "茶叶", "花卉", "水产", "苗木"};

// ---- dates ----

constexpr Date kRecordsFrom = FromYmd(2019, 1, 1);
constexpr Date kNewClassesFrom = FromYmd(2025, 6, 22);  // 国办发〔2025〕22号: minor/general/serious

int32_t Year(int32_t day) { return ToYmd(Date{day}).year; }
int32_t Day(int y, int m, int d) { return FromYmd(y, m, d).days; }
int32_t PlusMonths(int32_t day, int months) { return AddMonths(Date{day}, months).days; }

// ---- one entity's generation ----

struct Rec {
  uint8_t department = kSamr, kind = kPenaltyRecord, severity = kGeneral, penalty = kNone,
          procedure = kOrdinary, sector = kGeneralSector, shown = 0;
  int32_t decision = kNoDay, publication = kNoDay, fulfilled = kNoDay, corrected = kNoDay;
  int64_t fine = 0;
  std::array<int32_t, kGenPlatforms> repaired{kNoDay, kNoDay, kNoDay, kNoDay};
};

class EntityGen {
 public:
  EntityGen(Rng& rng, int32_t snapshot, int32_t registration, int kind, int trade_sector)
      : rng_(rng), snapshot_(snapshot), registration_(registration), kind_(kind),
        trade_sector_(trade_sector) {}

  std::vector<Rec>& records() { return records_; }

  // A decision day in [max(from, registration + 20), snapshot]; kNoDay when the range is empty.
  int32_t DecisionDay(int32_t from) {
    const int32_t lo = std::max(from, registration_ + 20);
    if (lo > snapshot_) return kNoDay;
    int32_t d = rng_.Between(lo, snapshot_);
    if (rng_.PerMille(300)) d = std::max(d, rng_.Between(lo, snapshot_));  // tilt to recent
    return d;
  }

  // Published a few days after the decision (when that is before the snapshot).
  void Publish(Rec& r, uint8_t platforms, int max_delay) {
    const int32_t pub = r.decision + rng_.Between(1, max_delay);
    if (pub > snapshot_) return;
    r.publication = pub;
    r.shown = platforms;
  }

  int32_t Until(int32_t day) const { return day <= snapshot_ ? day : kNoDay; }

  // Repairs on `first`, then propagates to the other shown platforms with some lag (and
  // sometimes not yet): "repaired on one platform but not yet on the others".
  void Repair(Rec& r, int first, int32_t day, uint32_t propagate_per_mille) {
    if (day > snapshot_ || !((r.shown >> first) & 1)) return;
    r.repaired[first] = day;
    for (int p = 0; p < kGenPlatforms; ++p) {
      if (p == first || !((r.shown >> p) & 1) || !rng_.PerMille(propagate_per_mille)) continue;
      r.repaired[p] = Until(day + rng_.Between(1, 15));
    }
  }

  // Platforms stop publishing a record when its maximum publicity period ends (most do so on
  // time; a few lag, which the engine reports). Rough periods by class, at the code level:
  // minor, warnings and circulated criticism 3 months; general 1 year; serious 3 years; NECIPS
  // 3 years, 3 months for circulated criticism or a low fine (SAMR Order 45 Art. 13); court
  // dishonest list 2 years; other lists 3 years; abnormal listings never. (Shorter than some
  // regimes allow: an early withdrawal only makes the record not shown.)
  void Expire(Rec& r) {
    if (r.kind == kAbnormalList || r.kind == kIndividualAbnormal) return;
    for (int p = 0; p < kGenPlatforms; ++p) {
      if (!((r.shown >> p) & 1) || r.repaired[p] != kNoDay) continue;
      int months = 36;
      if (r.kind == kCourtDishonest) {
        months = 24;
      } else if (r.kind == kPenaltyRecord && p == kNecips) {
        const bool low = r.penalty == kCriticism || (r.penalty == kFine && r.fine <= 5000);
        months = low ? 3 : 36;
      } else if (r.kind == kPenaltyRecord) {
        const bool light = r.severity == kMinor || r.penalty == kWarning || r.penalty == kCriticism;
        months = light ? 3 : r.severity == kGeneral ? 12 : 36;
      }
      const int32_t end = PlusMonths(r.decision, months) + 1 + rng_.Between(0, 10);
      if (end <= snapshot_ && rng_.PerMille(940)) r.shown &= static_cast<uint8_t>(~(1u << p));
    }
  }

  void AddPenalty() {
    Rec r;
    r.kind = kPenaltyRecord;
    r.department = static_cast<uint8_t>(PickDepartment());
    r.decision = DecisionDay(kRecordsFrom.days);
    if (r.decision == kNoDay) return;
    r.sector = static_cast<uint8_t>(PickSector(r.department));
    r.penalty = static_cast<uint8_t>(PickPenalty(r.department));
    const bool has_fine = r.penalty == kFine || r.penalty == kConfiscation ||
                          (r.penalty >= kSuspension && rng_.PerMille(500));
    r.procedure = kOrdinary;
    if ((r.penalty == kWarning && rng_.PerMille(400)) ||
        (r.penalty == kFine && rng_.PerMille(220))) {
      r.procedure = kSummary;
    }
    if (has_fine) r.fine = r.procedure == kSummary ? 50 * rng_.Between(1, 60) : PickFine();
    r.severity = static_cast<uint8_t>(PickSeverity(r));
    Publish(r, r.department == kSamr ? kAllPlatforms : kCreditPlatforms, 27);

    // Obligations: fines are mostly paid; warnings carry none beyond the decision itself.
    if (r.penalty == kWarning || r.penalty == kCriticism) {
      r.fulfilled = r.decision;
    } else if (r.fine > 0 || r.penalty == kConfiscation) {
      if (rng_.PerMille(820)) r.fulfilled = Until(r.decision + rng_.Between(1, 45));
    } else if (rng_.PerMille(600)) {
      r.fulfilled = Until(r.decision + rng_.Between(30, 365));
    }
    if (rng_.PerMille(r.fulfilled != kNoDay ? 680 : 300)) {
      r.corrected = Until(r.decision + rng_.Between(5, 120));
    }

    // Some entities already repaired: after the minimum period, on the platform of their
    // channel first (NECIPS for market-regulation penalties, mostly), then elsewhere.
    const bool repairable = r.penalty < kRestriction && r.severity != kSpecificSerious;
    if (repairable && r.shown != 0 && r.fulfilled != kNoDay && r.corrected != kNoDay &&
        rng_.PerMille(240)) {
      const int months = r.sector == kFood || r.sector == kDrugs || r.sector == kFireSector ||
                                 r.sector == kSpecialEquipment ||
                                 r.sector == kProductionSafety || r.severity == kSerious
                             ? 12
                             : (r.department == kSamr ? 6 : 3);
      const int32_t earliest =
          std::max({PlusMonths(r.decision, months) + 1, r.fulfilled + 1, r.corrected + 1});
      const int first = r.department == kSamr && rng_.PerMille(700) ? kNecips : kCreditChina;
      Repair(r, first, earliest + rng_.Between(5, 150), 750);
    }
    Expire(r);
    records_.push_back(r);
  }

  // Listing (or, for individual businesses, marking) for not filing the report of `year`.
  void AddAbnormal(int32_t listed, bool resolved, bool unreachable_reason) {
    if (listed == kNoDay || listed > snapshot_) return;
    Rec r;
    r.department = kSamr;
    r.kind = kind_ == static_cast<int>(EntityKind::kIndividual) ? kIndividualAbnormal
                                                                : kAbnormalList;
    r.decision = listed;
    r.severity = listed >= kNewClassesFrom.days ? kMinor : kGeneral;
    r.penalty = kNone;
    Publish(r, kAllPlatforms, 5);
    if (resolved) {
      // Filed the missing report (or registered the new address), then applied for removal.
      r.corrected = Until(listed + rng_.Between(10, 400));
      r.fulfilled = r.corrected;
      if (r.corrected != kNoDay && r.shown != 0 && rng_.PerMille(850)) {
        Repair(r, kNecips, r.corrected + rng_.Between(2, 20), 800);
      }
    } else if (!unreachable_reason && rng_.PerMille(150)) {
      // Filed the report but has not applied for removal yet (filing does not remove).
      r.corrected = Until(listed + rng_.Between(10, 200));
      r.fulfilled = r.corrected;
    }
    records_.push_back(r);
  }

  void AddSeriousList(int32_t listed) {
    if (listed == kNoDay || listed > snapshot_) return;
    Rec r;
    r.department = kSamr;
    r.kind = kSeriousList;
    r.decision = listed;
    r.severity = kSerious;
    Publish(r, kAllPlatforms, 10);
    if (rng_.PerMille(300)) {
      r.corrected = Until(listed + rng_.Between(30, 500));
      r.fulfilled = r.corrected;
    }
    Expire(r);
    records_.push_back(r);
  }

  void AddDepartmentList(int kind) {
    Rec r;
    r.kind = static_cast<uint8_t>(kind);
    switch (kind) {
      case kWageArrearsList: r.department = kHrss; break;
      case kSafetySeriousList: r.department = kEmergency; r.sector = kProductionSafety; break;
      case kTaxMajorList: r.department = kTax; break;
      case kStatsSeriousList: r.department = kStatistics; break;
      default: r.department = kHousing; r.sector = kConstruction; break;
    }
    r.decision = DecisionDay(kRecordsFrom.days);
    if (r.decision == kNoDay) return;
    r.severity = kSerious;
    Publish(r, kCreditPlatforms, 20);
    if (rng_.PerMille(500)) {
      r.fulfilled = Until(r.decision + rng_.Between(20, 400));
      if (r.fulfilled != kNoDay && rng_.PerMille(700)) r.corrected = r.fulfilled;
    }
    if (r.corrected != kNoDay && rng_.PerMille(350)) {
      Repair(r, kCreditChina, PlusMonths(r.decision, 12) + rng_.Between(10, 200), 700);
    }
    Expire(r);
    records_.push_back(r);
  }

  void AddCourtDishonest() {
    Rec r;
    r.department = kCourt;
    r.kind = kCourtDishonest;
    r.decision = DecisionDay(kRecordsFrom.days);
    if (r.decision == kNoDay) return;
    r.severity = kSerious;
    Publish(r, 1u << kCreditChina, 7);
    if (rng_.PerMille(400)) {
      r.fulfilled = Until(r.decision + rng_.Between(30, 400));
      r.corrected = r.fulfilled;
      // The court removes the entry within 3 working days of performance.
      if (r.fulfilled != kNoDay && rng_.PerMille(700)) {
        Repair(r, kCreditChina, r.fulfilled + rng_.Between(1, 5), 0);
      }
    }
    Expire(r);
    records_.push_back(r);
  }

 private:
  int PickDepartment() {
    // samr, tax, hrss, eco_env, emergency, fire, housing, transport, health, culture_tourism,
    // law_enforcement, natural_resources, statistics, medical_insurance, commerce, court, customs
    static constexpr std::array<uint32_t, 17> kWeights = {330, 100, 20, 60, 45, 80, 35, 35, 45,
                                                          25,  170, 15, 10, 10, 8,  0,  7};
    return rng_.Pick(kWeights);
  }

  int PickSector(int department) {
    switch (department) {
      case kFire: return kFireSector;
      case kEmergency: return kProductionSafety;
      case kEcoEnv: return kEnvironment;
      case kHousing: return kConstruction;
      case kHealth: return rng_.PerMille(250) ? kFood : kGeneralSector;
      case kMedicalInsurance: return rng_.PerMille(300) ? kDrugs : kGeneralSector;
      case kSamr: {
        if (trade_sector_ != kGeneralSector && trade_sector_ != kConstruction &&
            trade_sector_ != kEnvironment && rng_.PerMille(700)) {
          return trade_sector_;
        }
        static constexpr std::array<uint32_t, 4> kSamrSectors = {620, 250, 50, 80};
        constexpr int kMap[4] = {kGeneralSector, kFood, kDrugs, kSpecialEquipment};
        return kMap[rng_.Pick(kSamrSectors)];
      }
      default: return kGeneralSector;
    }
  }

  int PickPenalty(int department) {
    // none, warning, criticism, fine, confiscation, suspension, downgrade, restriction, halt,
    // licence_revocation, bl_revocation, employment_ban
    static constexpr std::array<uint32_t, 12> kDefault = {0,  160, 30, 560, 90, 35,
                                                          15, 15,  40, 25,  15, 15};
    static constexpr std::array<uint32_t, 12> kTaxOrStats = {0, 150, 0, 800, 30, 0,
                                                             0, 0,   0, 0,   10, 10};
    static constexpr std::array<uint32_t, 12> kFireOrSafety = {0,  100, 10, 600, 10, 40,
                                                               10, 40,  150, 20, 5,  15};
    if (department == kTax || department == kStatistics) return rng_.Pick(kTaxOrStats);
    if (department == kFire || department == kEmergency) return rng_.Pick(kFireOrSafety);
    return rng_.Pick(kDefault);
  }

  int64_t PickFine() {
    static constexpr std::array<uint32_t, 5> kBands = {15, 30, 25, 20, 10};
    static constexpr int64_t kLo[5] = {200, 1000, 5000, 20000, 100000};
    static constexpr int64_t kHi[5] = {1000, 5000, 20000, 100000, 1000000};
    const int b = rng_.Pick(kBands);
    const int64_t v = kLo[b] + static_cast<int64_t>(rng_.Below(
                                   static_cast<uint32_t>(kHi[b] - kLo[b])));
    return v / 100 * 100;
  }

  int PickSeverity(const Rec& r) {
    const bool heavy = r.penalty == kHalt || r.penalty == kLicenceRevocation ||
                       r.penalty == kBlRevocation;
    const bool severe = heavy || r.penalty == kRestriction || r.penalty == kEmploymentBan;
    if (r.decision < kNewClassesFrom.days) {
      const bool key_sector = r.sector != kGeneralSector && r.sector != kSpecialEquipment;
      if (heavy && key_sector && rng_.PerMille(700)) return kSpecificSerious;
      if (severe || r.fine >= 100000) return kSerious;
      if ((r.penalty == kSuspension || r.penalty == kDowngrade) && rng_.PerMille(500)) {
        return kSerious;
      }
      return kGeneral;
    }
    if (severe) return kSerious;
    if (r.procedure == kSummary || r.penalty == kWarning || r.penalty == kCriticism) return kMinor;
    if (r.penalty == kFine && r.fine <= 5000 && rng_.PerMille(700)) return kMinor;
    return kGeneral;
  }

  Rng& rng_;
  int32_t snapshot_;
  int32_t registration_;
  int kind_;
  int trade_sector_;
  std::vector<Rec> records_;
};

// The organisation-code part (positions 9–17): 8 characters plus the GB 11714 check digit.
void OrganisationCode(Rng& rng, bool modern, char* out) {
  if (modern) {
    out[0] = 'M';
    out[1] = 'A';
    for (int i = 2; i < 8; ++i) out[i] = kUsccCharset[rng.Below(31)];
  } else {
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>('0' + rng.Below(10));
  }
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = out[i];
    const int v = c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10;
    sum += v * kWeights[i];
  }
  const int check = 11 - sum % 11;
  out[8] = check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
}

std::string_view Brand(Rng& rng, std::string* buf) {
  constexpr uint32_t n = std::size(kBrandChars);
  const uint32_t a = rng.Below(n);
  uint32_t b = rng.Below(n - 1);
  if (b >= a) ++b;
  buf->assign(kBrandChars[a]);
  buf->append(kBrandChars[b]);
  return *buf;
}

template <size_t N>
absl::Span<const std::string_view> SpanOf(const std::string_view (&a)[N]) {
  return absl::Span<const std::string_view>(a, N);
}

}  // namespace

absl::Span<const std::string_view> GenCodes(InputDomain domain) {
  switch (domain) {
    case InputDomain::kPlatform: return SpanOf(kPlatforms);
    case InputDomain::kDepartment: return SpanOf(kDepartments);
    case InputDomain::kRecordKind: return SpanOf(kRecordKinds);
    case InputDomain::kSeverity: return SpanOf(kSeverities);
    case InputDomain::kPenalty: return SpanOf(kPenalties);
    case InputDomain::kProcedure: return SpanOf(kProcedures);
    case InputDomain::kSector: return SpanOf(kSectors);
    case InputDomain::kEntityStatus: return SpanOf(kEntityStatuses);
  }
  return {};
}

Dictionary GenDictionary() {
  Dictionary::CodeLists codes;
  for (int d = 0; d < kNumInputDomains; ++d) {
    for (std::string_view c : GenCodes(static_cast<InputDomain>(d))) codes[d].emplace_back(c);
  }
  CustomColumn heavier;
  heavier.name = std::string(kLaterHeavierPenalty);
  heavier.scope = FactScope::kRecord;
  heavier.type = FactType::kBool;
  heavier.default_value = 0;
  heavier.default_text = "false";
  return *Dictionary::FromCodes(std::move(codes), {}, {heavier});  // the fixed lists are valid
}

District GenerateDistrict(const GenOptions& options) {
  District out;
  const size_t n = options.entities;
  const int32_t snapshot = options.snapshot.days;
  const YearMonthDay snap = ToYmd(options.snapshot);
  // The latest annual report that is overdue: last year's once June 30 has passed.
  const int32_t due_year = snap.month > 6 ? snap.year - 1 : snap.year - 2;
  const uint32_t invalid_per_million = static_cast<uint32_t>(
      std::lround(std::clamp(options.invalid_uscc_share, 0.0, 1.0) * 1e6));

  out.uscc.reserve(n); out.name.reserve(n, n * 64); out.status.reserve(n); out.registration.reserve(n);
  out.last_report_year.reserve(n); out.unreachable.reserve(n); out.planted_invalid.reserve(n);
  const size_t expect = options.dense ? n * 6 : n / 6;
  out.entity.reserve(expect); out.record_id.reserve(expect, expect * 9);  // "R" and 8 digits

  absl::flat_hash_set<std::array<char, 17>> seen;  // first 17 characters of every USCC
  seen.reserve(n);
  std::string brand;
  std::vector<Rec> recs;

  for (size_t e = 0; e < n; ++e) {
    Rng rng(options.seed, e + 1);

    // ---- kind, registration, USCC ----
    static constexpr std::array<uint32_t, 3> kKinds = {485, 485, 30};
    const int kind = rng.Pick(kKinds);  // 0 enterprise (91), 1 individual (92), 2 cooperative
    static constexpr std::array<uint32_t, 8> kAgeBands = {19, 14, 11, 17, 16, 12, 8, 3};
    static constexpr int kAgeLo[8] = {0, 1, 2, 3, 5, 8, 12, 20};
    static constexpr int kAgeHi[8] = {1, 2, 3, 5, 8, 12, 20, 30};
    const int band = rng.Pick(kAgeBands);
    // Dense districts need room before the snapshot for every entity's records.
    const int32_t age = rng.Between(std::max(kAgeLo[band] * 365, options.dense ? 60 : 0),
                                    kAgeHi[band] * 365 - 1);
    const int32_t registration = snapshot - age;
    const bool before_merge = registration < Day(2021, 4, 9);  // Xiacheng merged into Gongshu
    const char* division = before_merge && rng.PerMille(450) ? "330103" : "330105";

    char code[18];
    bool planted = false;
    for (;;) {
      code[0] = '9';
      code[1] = static_cast<char>('1' + kind);
      std::copy_n(division, 6, code + 2);
      OrganisationCode(rng, registration >= Day(2016, 1, 1), code + 8);
      std::array<char, 17> key;
      std::copy_n(code, 17, key.begin());
      if (seen.insert(key).second) break;
    }
    code[17] = UsccCheckChar(std::string_view(code, 17));
    if (invalid_per_million > 0 && rng.PerMillion(invalid_per_million)) {
      const int v = UsccCharValue(code[17]);
      code[17] = kUsccCharset[(v + 1 + static_cast<int>(rng.Below(30))) % 31];
      planted = true;
    }
    Uscc uscc;
    std::copy_n(code, 18, uscc.begin());

    // ---- name ----
    std::string name;
    int trade_sector = kGeneralSector;
    Brand(rng, &brand);
    if (kind == 0) {
      const Trade& t = kEnterpriseTrades[rng.Below(std::size(kEnterpriseTrades))];
      trade_sector = t.sector;
      static constexpr std::array<uint32_t, 3> kForms = {85, 10, 5};
      static constexpr std::string_view kFormWords[3] = {"有限公司", "有限责任公司",
                                                         "股份有限公司"};
      const std::string_view prefix = rng.PerMille(300) ? "杭州拱墅" : "杭州";
      const std::string_view form = kFormWords[rng.Pick(kForms)];
      name = Cat(prefix, brand, t.word, form);
    } else if (kind == 1) {
      const Trade& t = kShopTrades[rng.Below(std::size(kShopTrades))];
      trade_sector = t.sector;
      const std::string_view prefix = rng.PerMille(500) ? "拱墅区" : "杭州市拱墅区";
      const std::string_view suffix = rng.PerMille(300) ? "（个体工商户）" : "";
      name = Cat(prefix, brand, t.word, suffix);
    } else {
      name = Cat("杭州拱墅", brand, kCoopWords[rng.Below(std::size(kCoopWords))],
                 "专业合作社");
    }

    // ---- annual reports: ~12–15% missed the latest overdue one ----
    const int32_t reg_year = Year(registration);
    int16_t last_report = 0;
    int missed = 0;
    if (reg_year <= due_year) {
      const uint32_t miss_per_mille = kind == 0 ? 120 : kind == 1 ? 150 : 200;
      if (rng.PerMille(miss_per_mille)) {
        static constexpr std::array<uint32_t, 4> kMissed = {55, 25, 12, 8};
        static constexpr int kMissedLo[4] = {1, 2, 3, 4};
        static constexpr int kMissedHi[4] = {1, 2, 3, 6};
        const int b = rng.Pick(kMissed);
        missed = rng.Between(kMissedLo[b], kMissedHi[b]);
        const int last = due_year - missed;
        if (last < reg_year) missed = due_year - reg_year + 1;
        last_report = static_cast<int16_t>(last >= reg_year ? last : 0);
      } else {
        last_report = static_cast<int16_t>(due_year);
      }
    }
    if (snap.month <= 6 && reg_year <= snap.year - 1 && last_report == due_year &&
        rng.PerMille(500)) {
      last_report = static_cast<int16_t>(snap.year - 1);  // filed early in the open window
    }
    const bool unreachable = rng.PerMille(missed >= 2 ? 250 : 15);
    int status = kActive;
    if (missed >= 2 && unreachable && rng.PerMille(400)) {
      status = kRevoked;
    } else {
      static constexpr std::array<uint32_t, 3> kStatuses = {940, 20, 40};
      status = rng.Pick(kStatuses);
    }

    // ---- records ----
    EntityGen gen(rng, snapshot, registration, kind, trade_sector);
    const bool enterprise_like = kind != 1;
    if (!options.dense) {
      // Abnormal listing for the first missed report still outstanding (listed Jul–Sep of the
      // following year), for being unreachable, and earlier episodes already resolved.
      if (missed > 0 && rng.PerMille(470)) {
        const int32_t first_missed = due_year - missed + 1;
        const int32_t listed = Day(first_missed + 1, 7, 1) + rng.Between(0, 80);
        gen.AddAbnormal(listed, false, false);
        if (enterprise_like && missed >= 4 && rng.PerMille(500)) {
          gen.AddSeriousList(PlusMonths(listed, 36) + rng.Between(1, 60));
        }
      } else if (unreachable && rng.PerMille(300)) {
        gen.AddAbnormal(gen.DecisionDay(kRecordsFrom.days), false, true);
      }
      if (rng.PerMille(12)) {
        const int32_t y = rng.Between(std::max(reg_year, 2018), due_year - 1);
        if (y <= due_year - 1) gen.AddAbnormal(Day(y + 1, 7, 1) + rng.Between(0, 80), true, false);
      }
      // Administrative penalties: most entities have none.
      const uint32_t penalty_per_mille = kind == 0 ? 75 : kind == 1 ? 42 : 25;
      if (rng.PerMille(penalty_per_mille)) {
        static constexpr std::array<uint32_t, 4> kCounts = {70, 20, 7, 3};
        const int b = rng.Pick(kCounts);
        const int count = b < 3 ? b + 1 : rng.Between(4, 5);
        for (int i = 0; i < count; ++i) gen.AddPenalty();
      }
      // Department lists and court lists: a few.
      if (enterprise_like) {
        if (rng.PerMillion(700)) gen.AddDepartmentList(kWageArrearsList);
        if (rng.PerMillion(400)) gen.AddDepartmentList(kSafetySeriousList);
        if (rng.PerMillion(700)) gen.AddDepartmentList(kTaxMajorList);
        if (rng.PerMillion(300)) gen.AddDepartmentList(kStatsSeriousList);
        if (rng.PerMillion(400)) gen.AddDepartmentList(kConstructionBlacklist);
        if (rng.PerMillion(500)) gen.AddSeriousList(gen.DecisionDay(kRecordsFrom.days));
      }
      if (rng.PerMillion(enterprise_like ? 5000 : 2500)) gen.AddCourtDishonest();
    } else {
      // 3–8 records each; a draw that yields none (a listing dated after the snapshot) is
      // drawn again.
      const size_t count = static_cast<size_t>(rng.Between(3, 8));
      for (int attempt = 0; gen.records().size() < count && attempt < 64; ++attempt) {
        const uint32_t roll = rng.Below(100);
        if (roll < 68) {
          gen.AddPenalty();
        } else if (roll < 80) {
          const int32_t listed = gen.DecisionDay(kRecordsFrom.days);
          gen.AddAbnormal(listed, rng.PerMille(400), false);
        } else if (roll < 88) {
          gen.AddDepartmentList(kWageArrearsList + static_cast<int>(rng.Below(3)));
        } else if (roll < 92) {
          gen.AddDepartmentList(rng.PerMille(500) ? kStatsSeriousList : kConstructionBlacklist);
        } else if (roll < 96) {
          gen.AddCourtDishonest();
        } else {
          gen.AddSeriousList(gen.DecisionDay(kRecordsFrom.days));
        }
      }
    }

    out.uscc.push_back(uscc);
    out.name.push_back(name);
    out.status.push_back(static_cast<uint8_t>(status));
    out.registration.push_back(registration);
    out.last_report_year.push_back(last_report);
    out.unreachable.push_back(unreachable ? 1 : 0);
    out.planted_invalid.push_back(planted ? 1 : 0);

    std::vector<Rec>& rs = gen.records();
    std::stable_sort(rs.begin(), rs.end(),
                     [](const Rec& a, const Rec& b) { return a.decision < b.decision; });
    for (const Rec& r : rs) {
      char id[16];
      std::snprintf(id, sizeof id, "R%08zu", out.record_id.size() + 1);
      out.entity.push_back(static_cast<uint32_t>(e));
      out.record_id.push_back(id);
      out.department.push_back(r.department);
      out.record_kind.push_back(r.kind);
      out.severity.push_back(r.severity);
      out.penalty.push_back(r.penalty);
      out.procedure.push_back(r.procedure);
      out.sector.push_back(r.sector);
      out.shown_mask.push_back(r.shown);
      out.decision.push_back(r.decision);
      out.publication.push_back(r.publication);
      out.fulfilled.push_back(r.fulfilled);
      out.corrected.push_back(r.corrected);
      out.fine_yuan.push_back(r.fine);
      out.repaired.insert(out.repaired.end(), r.repaired.begin(), r.repaired.end());
      // A heavier SAMR penalty after a serious listing, for about 1 in 8 listings at least a
      // year old (drawn from the record's own hash: the main stream, and so every other
      // column, stays as it was before this column existed).
      uint64_t h = options.seed ^ (out.record_id.size() * 0xD6E8FEB86659FD93ull);
      out.later_heavier_penalty.push_back(r.kind == kSeriousList && r.decision != kNoDay &&
                                          r.decision <= snapshot - 365 && SplitMix64(h) % 8 == 0);
    }
  }
  return out;
}

// The CSV text comes from the one writer of the input formats (population_io), through the
// generator's own code lists, so the generator and the readers cannot disagree on the format.
std::string DistrictEntitiesCsv(const District& d, const CsvStyle& style) {
  const Dictionary dict = GenDictionary();
  return FormatEntitiesCsv(*DistrictToPopulation(d, dict), dict, style);
}

std::string DistrictRecordsCsv(const District& d, const CsvStyle& style) {
  const Dictionary dict = GenDictionary();
  return FormatRecordsCsv(*DistrictToPopulation(d, dict), dict, style);
}

absl::Status WriteDistrict(const District& district, const std::string& dir,
                           const CsvStyle& style) {
  absl::Status st = MakeDirs(dir);
  if (!st.ok()) return st;
  st = WriteTextFile(dir + "/entities.csv", DistrictEntitiesCsv(district, style));
  if (!st.ok()) return st;
  return WriteTextFile(dir + "/records.csv", DistrictRecordsCsv(district, style));
}

absl::StatusOr<Population> DistrictToPopulation(const District& d, const Dictionary& dict) {
  // Generator index → dictionary id, per domain.
  std::array<std::vector<int>, kNumInputDomains> map;
  for (int k = 0; k < kNumInputDomains; ++k) {
    const InputDomain dom = static_cast<InputDomain>(k);
    for (std::string_view c : GenCodes(dom)) map[k].push_back(dict.Find(dom, c));
  }
  auto id = [&](InputDomain dom, uint8_t v) -> int { return map[static_cast<int>(dom)][v]; };
  auto missing = [&](InputDomain dom, uint8_t v) {
    return absl::InvalidArgumentError(Cat("the rule pack's '", InputDomainName(dom),
                                          "' domain has no code '", GenCodes(dom)[v], "'"));
  };

  // The custom record column the generator fills, by the dictionary's ordinal (a pack without
  // it gets none; its other custom columns take their defaults).
  int heavier = -1;
  for (int k = 0; k < dict.NumColumns(FactScope::kRecord); ++k) {
    const CustomColumn* c = dict.Column(FactScope::kRecord, k);
    if (c->name == kLaterHeavierPenalty && c->type == FactType::kBool) heavier = k;
  }
  // Through the builder like every other input, with dense ids and typed values (it checks
  // them and stamps the dictionary's fingerprint): as columns, so the rows are checked on the
  // threads and the USCCs entered region by region (a province of 10 million entities).
  const size_t n = d.num_entities(), m = d.num_records();
  PopulationBuilder builder(dict);
  size_t name_bytes = 0;
  for (const std::string_view name : d.name) name_bytes += name.size();
  builder.Reserve(n, m, name_bytes);
  auto first_problem = [](PopulationBuilder& b) {
    PopulationBuild built = std::move(b).Finish();
    return absl::InternalError(Cat("the generated district does not build: ",
                                   built.diagnostics.empty()
                                       ? std::string("(no diagnostic)")
                                       : FormatDiagnostic(built.diagnostics[0])));
  };

  // A slice of rows per call, so the columns below stay small beside the district.
  constexpr size_t kSlice = size_t{1} << 20;
  auto uscc_of = [&d](size_t e) { return std::string_view(d.uscc[e].data(), d.uscc[e].size()); };
  {
    const size_t rows = std::min(n, kSlice);
    std::vector<std::string_view> uscc(rows), name(rows);
    std::vector<int> status(rows);
    std::vector<Date> registration(rows);
    std::vector<int64_t> report_year(rows);
    std::vector<uint8_t> never_filed(rows);
    std::unique_ptr<bool[]> unreachable(new bool[rows]);
    for (size_t lo = 0; lo < n; lo += kSlice) {
      const size_t k = std::min(kSlice, n - lo);
      for (size_t i = 0; i < k; ++i) {
        const size_t e = lo + i;
        status[i] = id(InputDomain::kEntityStatus, d.status[e]);
        if (status[i] < 0) return missing(InputDomain::kEntityStatus, d.status[e]);
        uscc[i] = uscc_of(e);
        name[i] = d.name[e];
        registration[i] = Date{d.registration[e]};
        report_year[i] = d.last_report_year[e];
        never_filed[i] = d.last_report_year[e] == 0;  // absent: never filed
        unreachable[i] = d.unreachable[e] != 0;
      }
      EntityColumns entities;
      entities.rows = k;
      entities.uscc.values = absl::MakeConstSpan(uscc.data(), k);
      entities.name.values = absl::MakeConstSpan(name.data(), k);
      entities.status.values = absl::MakeConstSpan(status.data(), k);
      entities.registration_date.values = absl::MakeConstSpan(registration.data(), k);
      entities.last_report_year.values = absl::MakeConstSpan(report_year.data(), k);
      entities.last_report_year.absent = absl::MakeConstSpan(never_filed.data(), k);
      entities.unreachable.values = absl::MakeConstSpan(unreachable.get(), k);
      if (builder.AddEntities(entities, InputRow{"district", static_cast<int>(lo)}, 0) != k) {
        return first_problem(builder);
      }
    }
  }

  // The records, once every entity is in (each record's entity is looked up).
  const InputDomain doms[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                               InputDomain::kSeverity,   InputDomain::kPenalty,
                               InputDomain::kProcedure,  InputDomain::kSector};
  const std::vector<uint8_t>* vals[6] = {&d.department, &d.record_kind, &d.severity,
                                         &d.penalty,    &d.procedure,   &d.sector};
  const int platforms = dict.num_platforms();
  const size_t rows = std::min(m, kSlice);
  std::vector<std::string_view> record_id(rows), owner(rows);
  std::array<std::vector<int>, 6> enums;
  for (auto& v : enums) v.resize(rows);
  std::vector<Date> decision(rows), publication(rows), fulfilled(rows), corrected(rows);
  std::vector<uint32_t> shown(rows);
  std::vector<Date> repaired_days(rows * static_cast<size_t>(platforms));
  std::vector<absl::Span<const Date>> repaired(rows);
  std::vector<uint8_t> not_repaired(rows);
  // The custom columns by ordinal: the generator's one (absent past its values), the others
  // absent in every row (their defaults).
  std::vector<ColumnInput<int64_t>> custom(static_cast<size_t>(dict.NumColumns(FactScope::kRecord)));
  std::vector<int64_t> heavier_values(rows);
  std::vector<uint8_t> heavier_absent(rows);
  for (size_t lo = 0; lo < m; lo += kSlice) {
    const size_t k = std::min(kSlice, m - lo);
    for (size_t i = 0; i < k; ++i) {
      const size_t r = lo + i;
      record_id[i] = d.record_id[r];
      owner[i] = uscc_of(d.entity[r]);
      for (int c = 0; c < 6; ++c) {
        enums[c][i] = id(doms[c], (*vals[c])[r]);
        if (enums[c][i] < 0) return missing(doms[c], (*vals[c])[r]);
      }
      decision[i] = Date{d.decision[r]};
      publication[i] = Date{d.publication[r]};
      fulfilled[i] = Date{d.fulfilled[r]};
      corrected[i] = Date{d.corrected[r]};
      Date* days = repaired_days.data() + i * static_cast<size_t>(platforms);
      std::fill(days, days + platforms, Date{kNoDay});
      shown[i] = 0;
      bool any_repaired = false;
      for (int p = 0; p < kGenPlatforms; ++p) {
        const bool is_shown = (d.shown_mask[r] >> p) & 1;
        const int32_t day = d.repaired[r * kGenPlatforms + p];
        if (!is_shown && day == kNoDay) continue;
        const int q = id(InputDomain::kPlatform, static_cast<uint8_t>(p));
        if (q < 0) return missing(InputDomain::kPlatform, static_cast<uint8_t>(p));
        if (is_shown) shown[i] |= 1u << q;
        days[q] = Date{day};
        any_repaired = any_repaired || day != kNoDay;
      }
      repaired[i] = absl::MakeConstSpan(days, static_cast<size_t>(platforms));
      not_repaired[i] = !any_repaired;  // absent: repaired nowhere
      const bool heavier_known = r < d.later_heavier_penalty.size();
      heavier_values[i] = heavier_known ? d.later_heavier_penalty[r] : 0;
      heavier_absent[i] = !heavier_known;
    }
    if (heavier >= 0) {
      custom[static_cast<size_t>(heavier)].values = absl::MakeConstSpan(heavier_values.data(), k);
      custom[static_cast<size_t>(heavier)].absent = absl::MakeConstSpan(heavier_absent.data(), k);
    }
    RecordColumns records;
    records.rows = k;
    records.record_id.values = absl::MakeConstSpan(record_id.data(), k);
    records.uscc.values = absl::MakeConstSpan(owner.data(), k);
    ColumnInput<int>* enum_cols[6] = {&records.department, &records.record_kind, &records.severity,
                                      &records.penalty,    &records.procedure,   &records.sector};
    for (int c = 0; c < 6; ++c) enum_cols[c]->values = absl::MakeConstSpan(enums[c].data(), k);
    records.decision_date.values = absl::MakeConstSpan(decision.data(), k);
    records.publication_date.values = absl::MakeConstSpan(publication.data(), k);
    records.fulfilled_date.values = absl::MakeConstSpan(fulfilled.data(), k);
    records.corrected_date.values = absl::MakeConstSpan(corrected.data(), k);
    records.fine_yuan.values = absl::MakeConstSpan(d.fine_yuan.data() + lo, k);
    records.shown_on.values = absl::MakeConstSpan(shown.data(), k);
    records.repaired_on.values = absl::MakeConstSpan(repaired.data(), k);
    records.repaired_on.absent = absl::MakeConstSpan(not_repaired.data(), k);
    records.custom = custom;
    if (builder.AddRecords(records, InputRow{"district", static_cast<int>(lo)}, 0) != k) {
      return first_problem(builder);
    }
  }
  return std::move(builder).Finish().population;
}

}  // namespace xiufu
