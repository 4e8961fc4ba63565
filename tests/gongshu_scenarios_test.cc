// Hand-checked scenarios for the Gongshu reference pack (rules/gongshu, docs/gongshu-pack.md):
// one or more per department family and platform, in both legal regimes (NDRC Order 58 up to
// 2026-03-31, Order 36 / 国办发〔2025〕22号 from 2026-04-01). Every expected date was worked out
// by hand with the Civil Code period rule (date.h): `D + N months` is the day after
// AddMonths(D, N).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "xiufu/compile.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/plan.h"
#include "xiufu/lint.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/population.h"
#include "xiufu/runtime/population_builder.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

constexpr char kEnterprise[] = "91330105MA2CXF31XQ";  // valid, Gongshu division code
constexpr char kIndividual[] = "92330105MA2H7KL10U";  // valid individual business
constexpr char kBadCheck[] = "91330105MA2CXF31XA";    // wrong check character
constexpr int kFiledLastYear = -1;

using Codes = std::vector<std::string>;

struct Rec {
  std::string department = "samr";
  std::string kind = "penalty";
  std::string severity = "general";
  std::string penalty = "fine";
  std::string procedure = "ordinary";
  std::string sector = "general";
  Codes shown;  // platform codes
  std::string decision, publication, fulfilled, corrected;
  int64_t fine = 0;
  std::map<std::string, std::string> repaired;  // platform code → date
};

struct Ent {
  std::string uscc = kEnterprise;
  std::string status = "active";
  std::string registration = "2018-03-01";
  int last_report_year = kFiledLastYear;
  bool unreachable = false;
  std::vector<Rec> records;
};

Date D(const std::string& s) { return *ParseDate(s); }

class GongshuPack : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = LoadPack(XIUFU_SOURCE_DIR "/rules/gongshu");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    for (const Diagnostic& d : loaded->diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    ASSERT_TRUE(loaded->ok());
    auto table = Compile(*loaded);
    pack_ = new Pack(std::move(loaded->pack));
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = new DecisionTable(*table);
  }
  static void TearDownTestSuite() {
    delete table_;
    delete pack_;
    table_ = nullptr;
    pack_ = nullptr;
  }

  static const DecisionTable& T() { return *table_; }

  static uint8_t Id(const char* domain, const std::string& code) {
    const int d = T().DomainIndex(domain);
    const int v = d < 0 ? -1 : T().ValueIndex(d, code);
    EXPECT_GE(v, 0) << domain << " has no code " << code;
    return static_cast<uint8_t>(std::max(v, 0));
  }
  static int Platform(const std::string& code) { return Id("platform", code); }

  struct Result {
    int num_platforms = 0;
    std::vector<RecordOutcome> records;
    EntityOutcome entity;
    const RecordOutcome& At(size_t record, const std::string& platform) const {
      return records[record * num_platforms + Platform(platform)];
    }
  };

  // Builds a one-entity Population through PopulationBuilder: codes and dates as text, the
  // way a CSV row gives them; a rejected field fails the test.
  static Population Build(const Ent& e, const std::string& as_of) {
    static const Dictionary* dict = [] {
      absl::StatusOr<Dictionary> d = Dictionary::FromTable(T());
      EXPECT_TRUE(d.ok()) << d.status();
      return new Dictionary(d.ok() ? *std::move(d) : Dictionary());
    }();
    PopulationBuilder builder(*dict);
    const int report_year =
        e.last_report_year == kFiledLastYear ? ToYmd(D(as_of)).year - 1 : e.last_report_year;
    EntityInput entity{.uscc = e.uscc,
                       .name = "test entity",
                       .status = e.status,
                       .registration_date = e.registration,
                       .unreachable = e.unreachable};
    if (report_year != 0) entity.last_report_year = int64_t{report_year};
    builder.AddEntity(entity);
    std::vector<std::string> ids(e.records.size());
    for (size_t i = 0; i < e.records.size(); ++i) {
      const Rec& r = e.records[i];
      std::string shown, repaired;
      for (const std::string& p : r.shown) shown += (shown.empty() ? "" : "|") + p;
      for (const auto& [p, date] : r.repaired) {
        repaired += (repaired.empty() ? "" : "|") + p + ":" + date;
      }
      ids[i] = "R" + std::to_string(i + 1);
      builder.AddRecord({.record_id = ids[i],
                         .uscc = e.uscc,
                         .department = r.department,
                         .record_kind = r.kind,
                         .severity = r.severity,
                         .penalty = r.penalty,
                         .procedure = r.procedure,
                         .sector = r.sector,
                         .decision_date = r.decision,
                         .publication_date = r.publication,
                         .fine_yuan = r.fine,
                         .fulfilled_date = r.fulfilled,
                         .corrected_date = r.corrected,
                         .shown_on = shown,
                         .repaired_on = repaired});
    }
    PopulationBuild built = std::move(builder).Finish();
    for (const Diagnostic& d : built.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    return std::move(built.population);
  }

  static Result Eval(const Ent& e, const std::string& as_of) {
    const Population pop = Build(e, as_of);
    Result out;
    out.num_platforms = pop.num_platforms;
    out.records.resize(pop.num_records() * pop.num_platforms);
    Scratch scratch;
    EvaluateEntity(T(), pop, 0, D(as_of), scratch, out.records.data(), &out.entity);
    return out;
  }

  static std::string Rule(const RecordOutcome& o) {
    return o.rule == kNoRow ? "" : std::string(internal::Str(T(), internal::Data(T()).rows[o.rule].rule_id));
  }
  static std::string Fmt(int32_t day) { return day == kNoDay ? "-" : FormatDate(Date{day}); }

  static Codes MaterialCodes(const Bits128& bits) {
    Codes out;
    for (size_t i = 0; i < internal::Data(T()).materials.size(); ++i) {
      if (bits.Test(static_cast<int>(i))) out.emplace_back(internal::Str(T(), internal::Data(T()).materials[i].code));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static Codes AlertCodes(uint64_t bits) {
    Codes out;
    for (size_t i = 0; i < internal::Data(T()).alerts.size(); ++i) {
      if ((bits >> i) & 1) out.emplace_back(internal::Str(T(), internal::Data(T()).alerts[i].code));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::string ChannelCode(const RecordOutcome& o) {
    return o.channel < 0 ? "-" : std::string(T().ValueCode(T().DomainIndex("platform"), o.channel));
  }
  static Codes Actions(const RecordOutcome& o) {
    Codes out;
    for (int i = 0; i < T().NumActions(); ++i) {
      if ((o.actions >> i) & 1) out.emplace_back(T().ActionCode(i));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static int AlertIndex(const std::string& code) {
    for (size_t i = 0; i < internal::Data(T()).alerts.size(); ++i) {
      if (internal::Str(T(), internal::Data(T()).alerts[i].code) == code) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no alert " << code;
    return -1;
  }

  // status, deciding rule, eligible_from, expires_on.
  static void Expect(const RecordOutcome& o, RepairStatus status, const std::string& rule,
                     const std::string& eligible_from, const std::string& expires_on,
                     int line = __builtin_LINE()) {
    SCOPED_TRACE(::testing::Message() << "expected at line " << line);
    EXPECT_EQ(StatusCode(o.status), StatusCode(status)) << "rule " << Rule(o);
    EXPECT_EQ(Rule(o), rule);
    EXPECT_EQ(Fmt(o.eligible_from), eligible_from) << "rule " << Rule(o);
    EXPECT_EQ(Fmt(o.expires_on), expires_on) << "rule " << Rule(o);
  }

  static Pack* pack_;
  static DecisionTable* table_;
};

Pack* GongshuPack::pack_ = nullptr;
DecisionTable* GongshuPack::table_ = nullptr;

const Codes kAllFour = {"credit_china", "credit_zhejiang", "credit_hangzhou", "necips"};
const Codes kCreditSites = {"credit_china", "credit_zhejiang", "credit_hangzhou"};

TEST_F(GongshuPack, LintIsClean) {
  const std::vector<Diagnostic> diags = Lint(*pack_);
  for (const Diagnostic& d : diags) ADD_FAILURE() << FormatDiagnostic(d);
  EXPECT_TRUE(diags.empty());
}

TEST_F(GongshuPack, EnumsAreTheAgreedCodes) {
  EXPECT_EQ(T().DomainSize(T().DomainIndex("platform")), 4);
  EXPECT_EQ(T().DomainSize(T().DomainIndex("department")), 17);
  EXPECT_EQ(T().DomainSize(T().DomainIndex("record_kind")), 10);
  EXPECT_EQ(T().DomainSize(T().DomainIndex("penalty")), 12);
  EXPECT_EQ(T().DomainSize(T().DomainIndex("sector")), 8);
  // active, revoked, cancelled + restructuring (bankruptcy route of 22号; see the docs).
  EXPECT_EQ(T().DomainSize(T().DomainIndex("entity_status")), 4);
  int raw = 0, canonical = 0;
  for (const internal::CompiledMaterial& m : internal::Data(T()).materials) (m.canonical ? canonical : raw)++;
  EXPECT_EQ(raw, 38);
  EXPECT_EQ(canonical, 3);
}

// ---- Credit China, Order 58: the minimum period's last day -------------------------------

Rec TransportFine() {
  Rec r;
  r.department = "transport";
  r.shown = kCreditSites;
  r.decision = "2025-01-31";
  r.publication = "2025-02-03";
  r.fulfilled = "2025-02-10";
  r.corrected = "2025-02-10";
  r.fine = 2000;
  return r;
}

TEST_F(GongshuPack, Order58GeneralPenaltyOpensTheDayAfterTheThreeMonthPeriod) {
  Ent e;
  e.records = {TransportFine()};

  const Result before = Eval(e, "2025-04-30");  // the 3-month period's last day
  const RecordOutcome& cc = before.At(0, "credit_china");
  Expect(cc, RepairStatus::kEligibleLater, "O58-05", "2025-05-01", "2028-02-01");
  EXPECT_EQ(ChannelCode(cc), "credit_china");
  EXPECT_EQ(cc.authority, Id("department", "transport"));
  EXPECT_EQ(AlertCodes(cc.alerts), Codes({"repair_soon"}));
  EXPECT_EQ(MaterialCodes(cc.materials),
            Codes({"m02", "m09", "m10", "m11", "m12", "m17", "m21", "m22", "m23", "m26"}));
  // Zhejiang layer: 1 year after recognition, kept 5 years.
  Expect(before.At(0, "credit_zhejiang"), RepairStatus::kEligibleLater, "ZJ-08", "2026-02-01",
         "2030-02-01");
  Expect(before.At(0, "credit_hangzhou"), RepairStatus::kEligibleLater, "ZJ-08", "2026-02-01",
         "2030-02-01");
  EXPECT_EQ(MaterialCodes(before.At(0, "credit_zhejiang").materials), Codes({"m22", "m26"}));
  EXPECT_EQ(before.At(0, "credit_zhejiang").alerts, 0u);
  Expect(before.At(0, "necips"), RepairStatus::kNotShown, "VIS-01", "-", "-");
  // 10 raw materials → the 3 canonical ones.
  EXPECT_EQ(MaterialCodes(before.entity.canonical_materials),
            Codes({"c_application", "c_commitment", "c_proof"}));
  EXPECT_EQ(AlertCodes(before.entity.alerts), Codes({"repair_soon"}));
  EXPECT_EQ(Fmt(before.entity.clean_by), "2026-02-01");

  const Result after = Eval(e, "2025-05-01");
  Expect(after.At(0, "credit_china"), RepairStatus::kEligibleNow, "O58-05", "2025-05-01", "2028-02-01");
  EXPECT_EQ(AlertCodes(after.At(0, "credit_china").alerts), Codes({"repair_open"}));
}

// ---- the regime switch on 2026-04-01 -----------------------------------------------------

TEST_F(GongshuPack, Order36TakesOverOnTheFirstOfApril2026) {
  Ent e;
  Rec r;
  r.department = "health";
  r.shown = kCreditSites;
  r.decision = "2025-12-15";
  r.fulfilled = "2025-12-20";
  r.corrected = "2025-12-20";
  r.fine = 5000;
  e.records = {r};

  const Result o58 = Eval(e, "2026-03-31");
  Expect(o58.At(0, "credit_china"), RepairStatus::kEligibleNow, "O58-05", "2026-03-16", "2028-12-16");
  // The Zhejiang layer alone would say 2026-12-16, but it stops on 2026-03-31: decided again as
  // of 2026-04-01 (the regime in force on that day), Order 36 makes the record eligible then.
  Expect(o58.At(0, "credit_zhejiang"), RepairStatus::kEligibleLater, "ZJ-08", "2026-04-01",
         "2030-12-16");
  EXPECT_EQ(MaterialCodes(o58.entity.canonical_materials),
            Codes({"c_application", "c_commitment", "c_proof"}));

  const Result o36 = Eval(e, "2026-04-01");
  // General: minimum 3 months, maximum 1 year; one channel (Credit China) for all three sites.
  for (const std::string& p : kCreditSites) {
    const RecordOutcome& o = o36.At(0, p);
    Expect(o, RepairStatus::kEligibleNow, "O36-GEN-03", "2026-03-16", "2026-12-16");
    EXPECT_EQ(ChannelCode(o), "credit_china") << p;
    EXPECT_EQ(AlertCodes(o.alerts), Codes({"repair_open"})) << p;
  }
  // Same raw materials, but under 22号 the application is pre-filled: 2 canonical.
  EXPECT_EQ(MaterialCodes(o36.entity.raw_materials), MaterialCodes(o58.entity.raw_materials));
  EXPECT_EQ(MaterialCodes(o36.entity.canonical_materials), Codes({"c_commitment", "c_proof"}));
}

TEST_F(GongshuPack, Order36SeverityClassesAndObligations) {
  Ent e;
  Rec minor;
  minor.department = "culture_tourism";
  minor.severity = "minor";
  minor.penalty = "warning";
  minor.shown = {"credit_china"};
  minor.decision = "2026-04-10";
  minor.fulfilled = "2026-04-20";
  minor.corrected = "2026-04-20";
  Rec serious = minor;
  serious.department = "natural_resources";
  serious.severity = "serious";
  serious.penalty = "licence_revocation";
  serious.decision = "2026-04-02";
  serious.fulfilled = "";  // not fulfilled
  serious.corrected = "";
  Rec general_uncorrected = minor;
  general_uncorrected.department = "medical_insurance";
  general_uncorrected.severity = "general";
  general_uncorrected.penalty = "fine";
  general_uncorrected.fine = 10000;
  general_uncorrected.corrected = "";
  e.records = {minor, serious, general_uncorrected};

  const Result r = Eval(e, "2026-05-01");
  // Minor: repairable once obligations are met; at most 3 months of publication.
  Expect(r.At(0, "credit_china"), RepairStatus::kEligibleNow, "O36-MIN-03", "2026-04-20", "2026-07-11");
  // Serious, unpaid: blocked; 3-year maximum. Paying today is not enough — the behaviour must
  // be corrected too — and then the 1-year minimum: 2026-04-02 + 1y → 2027-04-03.
  Expect(r.At(1, "credit_china"), RepairStatus::kBlocked, "O36-SER-05", "2027-04-03", "2029-04-03");
  EXPECT_EQ(Actions(r.At(1, "credit_china")), Codes({"correct_behaviour", "pay_obligations"}));
  EXPECT_EQ(AlertCodes(r.At(1, "credit_china").alerts), Codes({"blocked_unpaid"}));
  // General, paid but not corrected.
  // Corrected today, it is eligible once the 3-month minimum has passed (2026-04-10 + 3m).
  Expect(r.At(2, "credit_china"), RepairStatus::kBlocked, "O36-GEN-04", "2026-07-11", "2027-04-11");
  EXPECT_EQ(Actions(r.At(2, "credit_china")), Codes({"correct_behaviour"}));
  EXPECT_EQ(AlertCodes(r.At(2, "credit_china").alerts), Codes({"blocked_uncorrected"}));
  // A serious record is shown: bidding and procurement are restricted.
  EXPECT_EQ(AlertCodes(r.entity.alerts),
            Codes({"bidding_restricted", "blocked_uncorrected", "blocked_unpaid", "repair_open"}));

  // The minor record stops by itself after 3 months.
  const Result later = Eval(e, "2026-07-11");
  Expect(later.At(0, "credit_china"), RepairStatus::kDropsOff, "O36-MIN-01", "-", "2026-07-11");
  EXPECT_EQ(AlertCodes(later.At(0, "credit_china").alerts), Codes({"expired_still_shown"}));
}

TEST_F(GongshuPack, RestructuringEnterpriseUsesTheCourtRulingRouteUnderOrder36) {
  Ent e;
  e.status = "restructuring";
  Rec r;
  r.department = "commerce";
  r.shown = {"credit_china"};
  r.decision = "2026-02-01";
  r.fine = 30000;  // unpaid
  e.records = {r};

  // Order 58: blocked by the unpaid fine. Paid today, Order 58 would allow an application from
  // 2026-05-02 (3 months), but Order 36 takes over on 2026-04-01 and lets an enterprise under
  // restructuring apply from that day: the forecast follows the regime of the day it is for.
  const Result before = Eval(e, "2026-03-20");
  Expect(before.At(0, "credit_china"), RepairStatus::kBlocked, "O58-07", "2026-04-01", "2029-02-02");
  // Order 58 also wants the violation corrected (O58-06): both actions are listed.
  EXPECT_EQ(Actions(before.At(0, "credit_china")), Codes({"correct_behaviour", "pay_obligations"}));
  EXPECT_FALSE(before.entity.raw_materials.Any());

  const Result after = Eval(e, "2026-04-01");
  Expect(after.At(0, "credit_china"), RepairStatus::kEligibleNow, "O36-BK-01", "2026-04-01", "-");
  EXPECT_EQ(MaterialCodes(after.entity.raw_materials),
            Codes({"m02", "m09", "m10", "m11", "m12", "m17", "m21", "m22", "m23", "m26", "m38"}));
  EXPECT_EQ(MaterialCodes(after.entity.canonical_materials), Codes({"c_commitment", "c_proof"}));
}

// ---- SAMR on NECIPS -----------------------------------------------------------------------

Rec SamrFine(const std::string& sector) {
  Rec r;
  r.sector = sector;
  r.shown = kAllFour;
  r.decision = "2024-03-01";
  r.publication = "2024-03-15";
  r.fulfilled = "2024-03-20";
  r.corrected = "2024-03-20";
  r.fine = 80000;  // above the (placeholder) low-fine threshold
  return r;
}

TEST_F(GongshuPack, SamrFoodFineWaitsOneYearOnNecipsOtherSectorsSixMonths) {
  Ent food, other;
  food.records = {SamrFine("food")};
  other.records = {SamrFine("general")};

  // Six months after publication (2024-03-15 + 6m = 2024-09-16).
  const Result f6 = Eval(food, "2024-09-16");
  Expect(f6.At(0, "necips"), RepairStatus::kEligibleLater, "SAMR-P-11", "2025-03-16", "2027-03-16");
  EXPECT_EQ(f6.At(0, "necips").alerts, 0u);
  const Result g6 = Eval(other, "2024-09-16");
  Expect(g6.At(0, "necips"), RepairStatus::kEligibleNow, "SAMR-P-12", "2024-09-16", "2027-03-16");
  EXPECT_EQ(AlertCodes(g6.At(0, "necips").alerts), Codes({"repair_open"}));

  // Twelve months: the food fine opens too; the day before, it is a day away.
  const Result f12m1 = Eval(food, "2025-03-15");
  Expect(f12m1.At(0, "necips"), RepairStatus::kEligibleLater, "SAMR-P-11", "2025-03-16", "2027-03-16");
  EXPECT_EQ(AlertCodes(f12m1.At(0, "necips").alerts), Codes({"repair_soon"}));
  const Result f12 = Eval(food, "2025-03-16");
  for (const std::string& p : kAllFour) {
    const RecordOutcome& o = f12.At(0, p);
    Expect(o, RepairStatus::kEligibleNow, "SAMR-P-11", "2025-03-16", "2027-03-16");
    EXPECT_EQ(ChannelCode(o), "necips") << p;  // SAMR records go through NECIPS everywhere
  }
  EXPECT_EQ(MaterialCodes(f12.entity.raw_materials), Codes({"m01", "m12", "m15", "m22", "m26"}));
  EXPECT_EQ(MaterialCodes(f12.entity.canonical_materials),
            Codes({"c_application", "c_commitment", "c_proof"}));
}

TEST_F(GongshuPack, SamrPublicityRulesOnNecips) {
  Ent e;
  Rec warning = SamrFine("general");
  warning.penalty = "warning";
  warning.fine = 0;
  Rec low = SamrFine("general");
  low.fine = 3000;
  Rec revoked = SamrFine("general");
  revoked.penalty = "licence_revocation";
  Rec summary = SamrFine("general");
  summary.procedure = "summary";
  summary.fine = 200;
  e.records = {warning, low, revoked, summary};

  const Result r = Eval(e, "2024-05-20");
  // Warning only: not published on NECIPS (Order 45 Art. 2); Credit China follows Order 58.
  Expect(r.At(0, "necips"), RepairStatus::kNotShown, "SAMR-P-02", "-", "-");
  Expect(r.At(0, "credit_china"), RepairStatus::kEligibleLater, "O58-05", "2024-06-02", "2027-03-02");
  EXPECT_EQ(AlertCodes(r.At(0, "credit_china").alerts), Codes({"repair_soon"}));
  // Low fine: 3 months from publication, no early termination.
  Expect(r.At(1, "necips"), RepairStatus::kDropsOff, "SAMR-P-04", "-", "2024-06-16");
  EXPECT_EQ(AlertCodes(r.At(1, "necips").alerts), Codes({"drops_off_soon"}));
  // Licence revocation: never terminated early, 3 years from publication.
  Expect(r.At(2, "necips"), RepairStatus::kDropsOff, "SAMR-P-06", "-", "2027-03-16");
  EXPECT_EQ(r.At(2, "necips").alerts, 0u);
  // Summary procedure: not on NECIPS; on Credit Zhejiang not adverse information at all.
  Expect(r.At(3, "necips"), RepairStatus::kNotShown, "SAMR-P-01", "-", "-");
  Expect(r.At(3, "credit_zhejiang"), RepairStatus::kNotShown, "ZJ-01", "-", "-");
}

TEST_F(GongshuPack, SamrPenaltyBlockedWhileListedOrAfterASameTypePenalty) {
  Ent e;
  Rec first = SamrFine("general");
  Rec abnormal;
  abnormal.kind = "abnormal_list";
  abnormal.penalty = "none";
  abnormal.shown = {"necips"};
  abnormal.decision = "2024-07-01";
  abnormal.publication = "2024-07-01";
  e.records = {first, abnormal};

  const Result listed = Eval(e, "2024-10-01");
  // Blocked by the listing: once the entity leaves the abnormal list, the penalty (published
  // more than 6 months ago) can be terminated early at once.
  Expect(listed.At(0, "necips"), RepairStatus::kBlocked, "SAMR-P-10", "2024-10-01", "2027-03-16");
  EXPECT_EQ(Actions(listed.At(0, "necips")), Codes({"leave_abnormal_list"}));
  EXPECT_EQ(AlertCodes(listed.At(0, "necips").alerts), Codes({"blocked_listed"}));
  // Annual reports are filed and the entity is reachable: removal can be applied for now.
  Expect(listed.At(1, "necips"), RepairStatus::kEligibleNow, "SAMR-AB-04", "2024-10-01", "-");
  EXPECT_EQ(MaterialCodes(listed.At(1, "necips").materials),
            Codes({"m03", "m15", "m28", "m29", "m30", "m31"}));

  Ent twice;
  Rec second = SamrFine("general");
  second.decision = "2024-08-01";
  second.publication = "2024-08-10";
  twice.records = {first, second};
  const Result r = Eval(twice, "2024-10-01");
  Expect(r.At(0, "necips"), RepairStatus::kNotRepairable, "SAMR-P-08", "-", "2027-03-16");
  EXPECT_EQ(AlertCodes(r.At(0, "necips").alerts), Codes({"blocked_same_type"}));
  Expect(r.At(1, "necips"), RepairStatus::kEligibleLater, "SAMR-P-12", "2025-02-11", "2027-08-11");
}

TEST_F(GongshuPack, SamrSeriousListEarlyRemovalAfterOneYear) {
  Ent e;
  Rec r;
  r.kind = "serious_list";
  r.severity = "serious";
  r.penalty = "none";
  r.shown = kAllFour;
  r.decision = "2023-07-01";
  r.publication = "2023-07-01";
  r.fulfilled = "2023-08-01";
  r.corrected = "2023-08-01";
  e.records = {r};

  const Result day_before = Eval(e, "2024-07-01");
  Expect(day_before.At(0, "necips"), RepairStatus::kEligibleLater, "SAMR-SL-02", "2024-07-02",
         "2026-07-02");
  EXPECT_EQ(AlertCodes(day_before.At(0, "necips").alerts), Codes({"repair_soon"}));
  const Result open = Eval(e, "2024-07-02");
  Expect(open.At(0, "credit_hangzhou"), RepairStatus::kEligibleNow, "SAMR-SL-02", "2024-07-02",
         "2026-07-02");
  EXPECT_EQ(ChannelCode(open.At(0, "credit_hangzhou")), "necips");
  EXPECT_EQ(MaterialCodes(open.entity.raw_materials), Codes({"m07", "m12", "m14", "m15", "m26"}));
  EXPECT_EQ(AlertCodes(open.entity.alerts), Codes({"bidding_restricted", "repair_open"}));
  // Automatic removal after 3 years.
  const Result gone = Eval(e, "2026-07-02");
  Expect(gone.At(0, "necips"), RepairStatus::kDropsOff, "SAMR-SL-01", "-", "2026-07-02");
}

// ---- abnormal list and annual reports ------------------------------------------------------

TEST_F(GongshuPack, AbnormalListEscalationAlertAtTwoYearsElevenMonths) {
  Ent e;
  e.registration = "2015-05-20";
  e.last_report_year = 2020;
  e.unreachable = true;
  Rec r;
  r.kind = "abnormal_list";
  r.penalty = "none";
  r.shown = kAllFour;
  r.decision = "2022-06-01";
  r.publication = "2022-06-01";
  e.records = {r};

  // 2 years 9 months have not fully elapsed yet on 2025-03-01 (33-month period ends that day).
  const Result early = Eval(e, "2025-03-01");
  const Codes early_alerts = AlertCodes(early.entity.alerts);
  EXPECT_EQ(std::count(early_alerts.begin(), early_alerts.end(), "abnormal_escalation"), 0);

  const Result r35 = Eval(e, "2025-05-02");  // 35 months on the list
  for (const std::string& p : kAllFour) {
    const RecordOutcome& o = r35.At(0, p);
    // Reports missing, and unreachable too: both must be done; then removal can be applied for.
    Expect(o, RepairStatus::kBlocked, "SAMR-AB-02", "2025-05-02", "-");
    EXPECT_EQ(Actions(o), Codes({"become_reachable", "file_annual_reports"})) << p;
    EXPECT_EQ(AlertCodes(o.alerts), Codes({"abnormal_removal_blocked"})) << p;
  }
  EXPECT_EQ(AlertCodes(r35.entity.alerts),
            Codes({"abnormal_escalation", "abnormal_removal_blocked", "licence_revocation_risk",
                   "report_due", "report_missed"}));
  EXPECT_FALSE(r35.entity.raw_materials.Any());
  // The escalation is due when the 3-year period has elapsed.
  const Population pop = Build(e, "2025-05-02");
  EXPECT_EQ(Fmt(AlertDue(T(), pop, 0, -1, nullptr, AlertIndex("abnormal_escalation"),
                         D("2025-05-02"))),
            "2025-06-02");
  EXPECT_EQ(Fmt(AlertDue(T(), pop, 0, -1, nullptr, AlertIndex("report_due"), D("2025-05-02"))),
            "2025-06-30");

  // Once the reports are filed and the entity is reachable again it can apply for removal.
  e.last_report_year = 2024;
  e.unreachable = false;
  const Result fixed = Eval(e, "2025-05-02");
  Expect(fixed.At(0, "necips"), RepairStatus::kEligibleNow, "SAMR-AB-04", "2025-05-02", "-");
  EXPECT_EQ(AlertCodes(fixed.entity.alerts), Codes({"abnormal_escalation", "repair_open"}));
}

TEST_F(GongshuPack, IndividualBusinessAbnormalStatusIsNotEscalated) {
  Ent e;
  e.uscc = kIndividual;
  e.registration = "2019-04-01";
  Rec r;
  r.kind = "individual_abnormal";
  r.penalty = "none";
  r.shown = {"necips"};
  r.decision = "2022-06-01";
  r.corrected = "2025-04-20";  // missing report filed on paper
  e.records = {r};

  const Result res = Eval(e, "2025-05-02");
  Expect(res.At(0, "necips"), RepairStatus::kEligibleNow, "SAMR-IA-01", "2025-04-20", "-");
  EXPECT_EQ(MaterialCodes(res.entity.raw_materials), Codes({"m04", "m15", "m28", "m30", "m31"}));
  EXPECT_EQ(AlertCodes(res.entity.alerts), Codes({"repair_open"}));  // no escalation alert
}

// ---- unpaid fine: blocked everywhere ------------------------------------------------------

TEST_F(GongshuPack, UnpaidFineBlocksRepairOnEveryPlatform) {
  Ent e;
  Rec r;
  r.department = "eco_env";
  r.sector = "environment";
  r.shown = kCreditSites;
  r.decision = "2024-01-10";
  r.fine = 20000;
  e.records = {r};

  const Result res = Eval(e, "2025-01-10");
  // Paid today: eligible at once on Credit China (the 3-month minimum has long passed); on
  // Credit Zhejiang one year after the decision (2024-01-10 + 1y → 2025-01-11).
  Expect(res.At(0, "credit_china"), RepairStatus::kBlocked, "O58-07", "2025-01-10", "2027-01-11");
  Expect(res.At(0, "credit_zhejiang"), RepairStatus::kBlocked, "ZJ-09", "2025-01-11", "2029-01-11");
  // Paying is not all: Order 58 also wants the violation corrected (O58-06).
  EXPECT_EQ(Actions(res.At(0, "credit_china")), Codes({"correct_behaviour", "pay_obligations"}));
  for (const std::string& p : kCreditSites) {
    EXPECT_EQ(AlertCodes(res.At(0, p).alerts), Codes({"blocked_unpaid"})) << p;
    EXPECT_FALSE(res.At(0, p).materials.Any()) << p;
  }
  EXPECT_FALSE(res.entity.canonical_materials.Any());
  EXPECT_EQ(Fmt(res.entity.clean_by), "2029-01-11");

  // Paid: Credit China opens (3 months long over); the environment commitment is asked for.
  e.records[0].fulfilled = "2025-01-05";
  e.records[0].corrected = "2025-01-05";
  const Result paid = Eval(e, "2025-01-10");
  Expect(paid.At(0, "credit_china"), RepairStatus::kEligibleNow, "O58-05", "2025-01-05", "2027-01-11");
  EXPECT_EQ(MaterialCodes(paid.At(0, "credit_zhejiang").materials),
            Codes({"m20", "m22", "m26"}));
  Expect(paid.At(0, "credit_zhejiang"), RepairStatus::kEligibleLater, "ZJ-08", "2025-01-11",
         "2029-01-11");
}

// ---- platforms out of step ----------------------------------------------------------------

TEST_F(GongshuPack, RepairedOnCreditChinaButStillShownOnCreditHangzhou) {
  Ent e;
  Rec r;
  r.department = "law_enforcement";
  r.shown = kCreditSites;
  r.decision = "2025-01-06";
  r.fulfilled = "2025-01-20";
  r.corrected = "2025-01-20";
  r.fine = 500;
  r.repaired = {{"credit_china", "2025-04-25"}, {"credit_zhejiang", "2025-04-28"}};
  e.records = {r};

  // Friday 2025-04-25 + working days: Sun 04-27 is a make-up workday (调休), Mon 28, Tue 29.
  const Result lag = Eval(e, "2025-04-29");  // only 2 working days elapsed
  Expect(lag.At(0, "credit_china"), RepairStatus::kRepaired, "VIS-02", "-", "-");
  Expect(lag.At(0, "credit_zhejiang"), RepairStatus::kRepaired, "VIS-02", "-", "-");
  // Credit Hangzhou follows by itself within 3 working days: Wed 04-30, then the May Day
  // holiday (05-01..05-05), Tue 05-06, Wed 05-07 → gone from 05-08. No application.
  const RecordOutcome& following = lag.At(0, "credit_hangzhou");
  Expect(following, RepairStatus::kDropsOff, "SYNC-04", "-", "2025-05-08");
  EXPECT_EQ(AlertCodes(following.alerts), Codes({"drops_off_soon"}));
  EXPECT_FALSE(lag.entity.raw_materials.Any());

  const Result late = Eval(e, "2025-04-30");  // 3 working days: it should have followed
  const RecordOutcome& hz = late.At(0, "credit_hangzhou");
  Expect(hz, RepairStatus::kDropsOff, "SYNC-03", "-", "2025-04-30");
  EXPECT_EQ(ChannelCode(hz), "-");
  EXPECT_EQ(AlertCodes(hz.alerts), Codes({"platform_inconsistent"}));
  EXPECT_FALSE(late.entity.raw_materials.Any());
  EXPECT_EQ(late.entity.shown, 1u);
}

// ---- leap day --------------------------------------------------------------------------------

TEST_F(GongshuPack, LeapDayDecisionPlusOneYear) {
  Ent e;
  Rec r;
  r.department = "fire";
  r.sector = "fire";
  r.shown = kCreditSites;
  r.decision = "2024-02-29";
  r.fulfilled = "2024-03-05";
  r.corrected = "2024-03-05";
  r.fine = 5000;
  e.records = {r};

  // 2024-02-29 + 1y: the period's last day is 2025-02-28, so it has elapsed on 2025-03-01.
  const Result before = Eval(e, "2025-02-28");
  Expect(before.At(0, "credit_china"), RepairStatus::kEligibleLater, "O58-03", "2025-03-01",
         "2027-03-01");
  Expect(before.At(0, "credit_hangzhou"), RepairStatus::kEligibleLater, "ZJ-07", "2025-03-01",
         "2029-03-01");
  EXPECT_EQ(AlertCodes(before.At(0, "credit_hangzhou").alerts), Codes({"repair_soon"}));
  const Result after = Eval(e, "2025-03-01");
  Expect(after.At(0, "credit_china"), RepairStatus::kEligibleNow, "O58-03", "2025-03-01", "2027-03-01");
  EXPECT_EQ(MaterialCodes(after.entity.raw_materials),
            Codes({"m02", "m05", "m09", "m10", "m11", "m12", "m17", "m18", "m21", "m22", "m23",
                   "m26", "m27"}));
}

TEST_F(GongshuPack, HangzhouFireHaltWaitsThreeYearsLocally) {
  Ent e;
  Rec r;
  r.department = "fire";
  r.sector = "general";  // no fire sector flag: the department decides on Credit China
  r.penalty = "halt";
  r.shown = kCreditSites;
  r.decision = "2022-05-10";
  r.fulfilled = "2022-06-01";
  r.corrected = "2022-06-01";
  e.records = {r};

  const Result res = Eval(e, "2025-05-10");
  // Credit China (Order 58): fire department → 1-year minimum, long over.
  Expect(res.At(0, "credit_china"), RepairStatus::kEligibleNow, "O58-04", "2023-05-11", "2025-05-11");
  EXPECT_EQ(AlertCodes(res.At(0, "credit_china").alerts), Codes({"repair_open"}));
  // Hangzhou fire rules: 3 years for a halt order; the period ends on 2025-05-10.
  Expect(res.At(0, "credit_hangzhou"), RepairStatus::kEligibleLater, "ZJ-06", "2025-05-11",
         "2027-05-11");
}

// ---- department lists ----------------------------------------------------------------------

TEST_F(GongshuPack, DepartmentListsAreRemovedByTheListingAuthority) {
  Ent e;
  Rec wage;
  wage.department = "hrss";
  wage.kind = "wage_arrears_list";
  wage.severity = "serious";
  wage.penalty = "none";
  wage.shown = kCreditSites;
  wage.decision = "2024-01-15";
  wage.fulfilled = "2024-06-01";
  wage.corrected = "2024-06-01";
  Rec safety = wage;
  safety.department = "emergency";
  safety.kind = "safety_serious_list";
  safety.decision = "2024-02-20";
  Rec court = wage;
  court.department = "court";
  court.kind = "court_dishonest";
  court.decision = "2023-03-01";
  court.fulfilled = "";
  court.corrected = "";
  Rec tax = wage;
  tax.department = "tax";
  tax.kind = "tax_major_list";
  tax.decision = "2024-05-01";
  tax.fulfilled = "2024-09-30";
  e.records = {wage, safety, court, tax};

  const Result r = Eval(e, "2024-12-01");
  // Wage arrears: 6 months after the correction (2024-06-01 + 6m = 2024-12-02).
  const RecordOutcome& w = r.At(0, "credit_zhejiang");
  Expect(w, RepairStatus::kEligibleLater, "DL-WA-02", "2024-12-02", "2027-01-16");
  EXPECT_EQ(ChannelCode(w), "-");
  EXPECT_EQ(w.authority, Id("department", "hrss"));
  EXPECT_EQ(AlertCodes(w.alerts), Codes({"repair_soon"}));
  // Production-safety serious list: 12 months.
  Expect(r.At(1, "credit_china"), RepairStatus::kEligibleLater, "DL-SS-02", "2025-02-21", "2027-02-21");
  // Dishonest debtor, judgment not performed: 2-year listing.
  Expect(r.At(2, "credit_china"), RepairStatus::kBlocked, "DL-CT-03", "2024-12-01", "2025-03-02");
  EXPECT_EQ(Actions(r.At(2, "credit_china")), Codes({"perform_judgment"}));
  EXPECT_EQ(AlertCodes(r.At(2, "credit_china").alerts), Codes({"blocked_unpaid"}));
  // Major tax violation: taxes paid → early termination (no waiting period known).
  Expect(r.At(3, "credit_china"), RepairStatus::kEligibleNow, "DL-TX-02", "2024-09-30", "2027-05-02");
  EXPECT_EQ(MaterialCodes(r.entity.raw_materials),
            Codes({"m08", "m12", "m13", "m19", "m26", "m34", "m36"}));
  const Codes entity_alerts = AlertCodes(r.entity.alerts);
  EXPECT_EQ(entity_alerts,
            Codes({"bidding_restricted", "blocked_unpaid", "repair_open", "repair_soon"}));
}

TEST_F(GongshuPack, ConstructionAndStatisticsLists) {
  Ent e;
  Rec bl;
  bl.department = "housing";
  bl.kind = "construction_blacklist";
  bl.severity = "serious";
  bl.penalty = "none";
  bl.shown = {"credit_china"};
  bl.decision = "2024-01-31";
  bl.fulfilled = "2024-02-10";
  bl.corrected = "2024-02-10";
  Rec st = bl;
  st.department = "statistics";
  st.kind = "stats_serious_list";
  st.decision = "2024-06-30";
  e.records = {bl, st};

  const Result r = Eval(e, "2024-08-01");
  Expect(r.At(0, "credit_china"), RepairStatus::kEligibleNow, "DL-CB-03", "2024-08-01", "2027-02-01");
  Expect(r.At(1, "credit_china"), RepairStatus::kEligibleLater, "DL-ST-02", "2024-12-31", "2027-07-01");

  Rec again = bl;
  again.decision = "2024-05-01";
  e.records = {bl, again};
  const Result twice = Eval(e, "2024-08-01");
  Expect(twice.At(0, "credit_china"), RepairStatus::kNotRepairable, "DL-CB-02", "-", "2027-02-01");
  EXPECT_EQ(AlertCodes(twice.At(0, "credit_china").alerts), Codes({"blocked_same_type"}));
}

// ---- Order 58 special cases and the 2019 notice --------------------------------------------

TEST_F(GongshuPack, Order58ExpiredAndSpecificSeriousRecords) {
  Ent e;
  Rec old;
  old.department = "commerce";
  old.shown = {"credit_china"};
  old.decision = "2021-01-10";
  old.fulfilled = "2021-02-01";
  old.corrected = "2021-02-01";
  old.fine = 1000;
  Rec specific = old;
  specific.department = "eco_env";
  specific.severity = "specific_serious";
  specific.penalty = "halt";
  specific.decision = "2023-09-01";
  e.records = {old, specific};

  const Result r = Eval(e, "2024-02-01");
  Expect(r.At(0, "credit_china"), RepairStatus::kDropsOff, "O58-01", "-", "2024-01-11");
  EXPECT_EQ(AlertCodes(r.At(0, "credit_china").alerts), Codes({"expired_still_shown"}));
  Expect(r.At(1, "credit_china"), RepairStatus::kDropsOff, "O58-02", "-", "2026-09-02");
  EXPECT_EQ(r.At(1, "credit_china").alerts, 0u);
  EXPECT_FALSE(r.entity.raw_materials.Any());
}

TEST_F(GongshuPack, The2019NoticeBeforeOrder58) {
  Ent e;
  Rec serious;
  serious.department = "transport";
  serious.severity = "serious";
  serious.shown = {"credit_china"};
  serious.decision = "2022-09-30";
  serious.fulfilled = "2022-10-10";
  serious.corrected = "2022-10-10";
  serious.fine = 60000;
  e.records = {serious};

  const Result r = Eval(e, "2023-03-31");
  Expect(r.At(0, "credit_china"), RepairStatus::kEligibleNow, "CC19-03", "2023-03-31", "2025-10-01");
  EXPECT_EQ(MaterialCodes(r.At(0, "credit_china").materials),
            Codes({"m12", "m16", "m22", "m23", "m26", "m32", "m33"}));
  // The same record a month later is under Order 58 (3-year maximum, 3-month minimum).
  const Result o58 = Eval(e, "2023-05-01");
  Expect(o58.At(0, "credit_china"), RepairStatus::kEligibleNow, "O58-05", "2022-12-31", "2025-10-01");
}

TEST_F(GongshuPack, UsccCheckFailureAlert) {
  Ent e;
  e.uscc = kBadCheck;
  const Result r = Eval(e, "2025-08-01");
  EXPECT_EQ(AlertCodes(r.entity.alerts), Codes({"uscc_invalid"}));
  Ent ok;
  EXPECT_EQ(AlertCodes(Eval(ok, "2025-08-01").entity.alerts), Codes());
}

TEST_F(GongshuPack, AbnormalListingPastThreeYearsIsFlaggedOverdue) {
  Ent e;
  e.last_report_year = 2020;
  Rec r;
  r.kind = "abnormal_list";
  r.penalty = "none";
  r.shown = {"necips"};
  r.decision = "2022-06-01";
  r.publication = "2022-06-01";
  e.records = {r};
  // The 3-year period counted from 2022-06-01 ends with 2025-06-01: 36 whole months have
  // elapsed from 2025-06-02 on.
  const Codes on_last_day = AlertCodes(Eval(e, "2025-06-01").entity.alerts);
  EXPECT_EQ(std::count(on_last_day.begin(), on_last_day.end(), "abnormal_overdue"), 0);
  EXPECT_EQ(std::count(on_last_day.begin(), on_last_day.end(), "abnormal_escalation"), 1);
  const Codes after = AlertCodes(Eval(e, "2025-06-02").entity.alerts);
  EXPECT_EQ(std::count(after.begin(), after.end(), "abnormal_overdue"), 1);
  EXPECT_EQ(std::count(after.begin(), after.end(), "abnormal_escalation"), 0);
}

TEST_F(GongshuPack, CourtDishonestEntryLastsTwoYearsNotThreeOnTheListsFacts) {
  Ent e;
  Rec fine = SamrFine("general");  // published 2024-03-15, paid and corrected
  Rec court;
  court.department = "court";
  court.kind = "court_dishonest";
  court.penalty = "none";
  court.shown = {"credit_china"};
  court.decision = "2023-06-01";
  court.fulfilled = "2023-09-01";
  e.records = {fine, court};
  // The entry's own term (list_terms: court_dishonest 2y) ends with 2025-06-01: until then the
  // entity is on a serious dishonesty list and the SAMR penalty cannot be terminated early …
  Expect(Eval(e, "2025-06-01").At(0, "necips"), RepairStatus::kNotRepairable, "SAMR-P-09", "-",
         "2027-03-16");
  // … from 2025-06-02 it is not (a 3-year serious-list term would have kept it until 2026-06-01).
  EXPECT_NE(Rule(Eval(e, "2025-06-02").At(0, "necips")), "SAMR-P-09");
}

// ---- repair plans --------------------------------------------------------------------------

class GongshuPlan : public GongshuPack {
 protected:
  struct Planned {
    RepairPlan plan;
    Population pop;
  };
  static Planned PlanOf(const Ent& e, const std::string& as_of) {
    Planned out;
    out.pop = Build(e, as_of);
    absl::StatusOr<RepairPlan> plan = PlanEntity(T(), out.pop, 0, D(as_of));
    EXPECT_TRUE(plan.ok()) << plan.status();
    if (plan.ok()) out.plan = *std::move(plan);
    return out;
  }
  // "kind action/platform date" per step, e.g. "action pay_obligations 2026-11-27",
  // "apply credit_china 2026-12-02 (credit_zhejiang credit_hangzhou by 2026-12-08)".
  static Codes Steps(const Planned& p) {
    Codes out;
    for (const PlanStep& s : p.plan.steps) {
      std::string line(StepKindCode(s.kind));
      if (s.action >= 0) line += " " + std::string(T().ActionCode(s.action));
      for (int y : s.report_years) line += " " + std::to_string(y);
      if (s.platform >= 0) line += " " + std::string(T().PlatformCode(s.platform));
      line += " " + Fmt(s.date);
      if (s.followers) {
        line += " (";
        for (int q = 0; q < T().NumPlatforms(); ++q) {
          if ((s.followers >> q) & 1) line += std::string(T().PlatformCode(q)) + " ";
        }
        line += "by " + Fmt(s.followed_by) + ")";
      }
      out.push_back(line);
    }
    return out;
  }
};

// An environmental fine decided 2026-09-01, corrected, shown on the three credit sites, unpaid.
Rec UnpaidEcoFine() {
  Rec r;
  r.department = "eco_env";
  r.sector = "environment";
  r.shown = kCreditSites;
  r.decision = "2026-09-01";
  r.corrected = "2026-09-10";
  r.fine = 20000;  // unpaid
  return r;
}

TEST_F(GongshuPlan, UnpaidFinePayThenApplyOnceOnCreditChinaAndTheLocalSitesFollow) {
  Ent e;
  e.records = {UnpaidEcoFine()};
  const Planned p = PlanOf(e, "2026-11-27");
  // Pay today; Order 36 general: 3 months after the decision (2026-09-01 + 3m → 2026-12-02);
  // Credit Zhejiang and Credit Hangzhou follow Credit China within 3 working days: the repair
  // on Wed 2026-12-02 is followed by Mon 2026-12-07 at the latest, i.e. gone on 2026-12-08.
  EXPECT_EQ(Steps(p), Codes({"action pay_obligations 2026-11-27",
                             "apply credit_china 2026-12-02 (credit_zhejiang credit_hangzhou by 2026-12-08)"}));
  EXPECT_EQ(Fmt(p.plan.clean_by), "2026-12-08");
  const std::string zh = PlanText(T(), p.pop, p.plan, Lang::kZh);
  EXPECT_NE(zh.find("2026-12-02起向信用中国申请修复"), std::string::npos) << zh;
}

// An entity with many records gets an application for each: a plan stops after rounds that
// apply for nothing (a pack that cycles), not after a number of applications. Before, the 64th
// round ended the plan and the rest were listed as staying published, never clean.
TEST_F(GongshuPlan, HundredUnpaidFinesAHundredApplications) {
  Ent e;
  e.records.assign(100, UnpaidEcoFine());
  const Planned p = PlanOf(e, "2026-11-27");
  Codes want = {"action pay_obligations 2026-11-27"};
  want.insert(want.end(), 100,
              "apply credit_china 2026-12-02 (credit_zhejiang credit_hangzhou by 2026-12-08)");
  EXPECT_EQ(Steps(p), want);
  ASSERT_FALSE(p.plan.steps.empty());
  EXPECT_EQ(p.plan.steps.front().records.size(), 100u);  // one payment step names them all
  EXPECT_EQ(Fmt(p.plan.clean_by), "2026-12-08");
}

// An individual business's abnormal mark also shown on Credit China, recorded under another
// department than SAMR (as office data has it now and then): its rule on Credit China, as on
// NECIPS, has the restoration applied for at NECIPS, and Credit China follows NECIPS only for
// SAMR's records (SYNC-01/02). The one application on NECIPS is Credit China's too. Before,
// Credit China stayed eligible through NECIPS and every round applied on NECIPS again: 63
// identical steps, up to the round limit.
TEST_F(GongshuPlan, OneApplicationThroughNecipsServesCreditChinaToo) {
  Ent e;
  e.uscc = kIndividual;
  e.registration = "2019-04-01";
  Rec r;
  r.department = "natural_resources";
  r.kind = "individual_abnormal";
  r.penalty = "none";
  r.shown = {"credit_china", "necips"};
  r.decision = "2026-05-17";
  e.records = {r};
  const Planned p = PlanOf(e, "2026-11-22");
  EXPECT_EQ(Steps(p), Codes({"apply necips 2026-11-22 (credit_china by 2026-11-22)"}));
  EXPECT_EQ(Fmt(p.plan.clean_by), "2026-11-22");
}

TEST_F(GongshuPlan, AbnormalListFileBothReportsThenLeaveThenTheSamrPenalty) {
  Ent e;
  e.last_report_year = 2023;  // 2024 and 2025 are missing on 2026-11-27
  Rec abnormal;
  abnormal.kind = "abnormal_list";
  abnormal.penalty = "none";
  abnormal.shown = {"necips"};
  abnormal.decision = "2025-07-10";
  abnormal.publication = "2025-07-10";
  Rec fine = SamrFine("general");
  e.records = {abnormal, fine};
  const Planned p = PlanOf(e, "2026-11-27");
  // File both missing reports today; then apply to leave the abnormal list on NECIPS (the
  // listing is shown there only); then the SAMR penalty, which the listing blocked, can be
  // terminated early on NECIPS the same day (published 2024-03-15, more than 6 months ago), and
  // the three credit sites follow it within 3 working days (Fri 2026-11-27 → gone 2026-12-03).
  // No separate "leave the abnormal list" action: the removal is that application.
  EXPECT_EQ(Steps(p), Codes({"action file_annual_reports 2024 2025 2026-11-27",
                             "apply necips 2026-11-27",
                             "apply necips 2026-11-27 (credit_china credit_zhejiang "
                             "credit_hangzhou by 2026-12-03)"}));
  ASSERT_EQ(p.plan.steps.size(), 3u);
  EXPECT_EQ(p.plan.steps[1].records, std::vector<uint32_t>({0}));
  EXPECT_EQ(p.plan.steps[2].records, std::vector<uint32_t>({1}));
  EXPECT_EQ(Fmt(p.plan.clean_by), "2026-12-03");
  // What each step says, in both languages; AppendStepText adds the same to what a string holds.
  EXPECT_EQ(StepText(T(), p.pop, p.plan.steps[0], Lang::kZh),
            "补报并公示所缺年度报告（2024、2025年度）；涉及记录 R1");
  EXPECT_EQ(StepText(T(), p.pop, p.plan.steps[0], Lang::kEn),
            "file and publish the missing annual reports (2024, 2025); for record(s) R1");
  EXPECT_EQ(StepText(T(), p.pop, p.plan.steps[2], Lang::kZh),
            "自2026-11-27起向国家企业信用信息公示系统申请修复记录 R2（由市场监督管理局审核）；"
            "材料：信用承诺书（一份覆盖全部记录）、履行法定义务、纠正失信行为的证明材料；"
            "信用中国、信用浙江、信用杭州随之同步修复（最迟2026-12-03）；依据 SAMR-P-12");
  EXPECT_EQ(StepText(T(), p.pop, p.plan.steps[2], Lang::kEn),
            "apply on National Enterprise Credit Information Publicity System (NECIPS) from "
            "2026-11-27 to repair record R2 (decided by market regulation administration); "
            "materials: credit commitment (one covering all records); proof of fulfilled legal "
            "obligations and corrected behaviour; Credit China, Credit Zhejiang, Credit Hangzhou "
            "follow automatically (by 2026-12-03); rule SAMR-P-12");
  std::string appended = "1. ";
  AppendStepText(&appended, T(), p.pop, p.plan.steps[1], Lang::kEn);
  EXPECT_EQ(appended, "1. " + StepText(T(), p.pop, p.plan.steps[1], Lang::kEn));
}

TEST_F(GongshuPlan, NothingShownMeansAnEmptyPlan) {
  Ent e;
  const Planned p = PlanOf(e, "2026-11-27");
  EXPECT_TRUE(p.plan.steps.empty());
  EXPECT_EQ(Fmt(p.plan.clean_by), "2026-11-27");
}

}  // namespace
}  // namespace xiufu
