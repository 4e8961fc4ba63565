#include "pack/cell_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "xiufu/runtime/date.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::ElementsAre;

EnumDomain PenaltyDomain() {
  return EnumDomain{"penalty", {{"warning", "", ""}, {"fine", "", ""}, {"confiscation", "", ""},
                                {"revocation", "", ""}}};
}

EnumDomain StatusDomain() {
  EnumDomain d{"status", {}};
  for (int i = 0; i < kNumStatuses; ++i) d.values.push_back({std::string(StatusCode(RepairStatus(i))), "", ""});
  return d;
}

struct Parsed {
  CellTest test;
  std::vector<CellError> errors;
};

Parsed Parse(std::string_view text, Fact fact, const EnumDomain* domain = nullptr) {
  Parsed p;
  p.test = ParseInputCell(text, fact, domain, &p.errors);
  return p;
}

int64_t Day(int y, int m, int d) { return FromYmd(y, m, d).days; }

TEST(CellParser, DashAndEmptyMatchEverything) {
  for (std::string_view text : {"-", "", "  "}) {
    const Parsed p = Parse(text, Fact::kSeverity);
    EXPECT_TRUE(p.errors.empty());
    EXPECT_EQ(p.test.kind, CellTest::Kind::kAny);
    EXPECT_TRUE(p.test.null_ok);
    EXPECT_TRUE(p.test.Matches(kNull));
    EXPECT_TRUE(p.test.Matches(3));
  }
}

TEST(CellParser, EnumListsWithAndWithoutQuotes) {
  const EnumDomain d = PenaltyDomain();
  for (std::string_view text : {"\"fine\",\"confiscation\"", "fine, confiscation", "'fine' ,confiscation"}) {
    const Parsed p = Parse(text, Fact::kPenalty, &d);
    EXPECT_TRUE(p.errors.empty()) << text;
    EXPECT_EQ(p.test.kind, CellTest::Kind::kEnumSet);
    EXPECT_EQ(p.test.slot, SlotOf(Fact::kPenalty));
    EXPECT_EQ(p.test.enum_mask, 0b0110u) << text;
    EXPECT_FALSE(p.test.null_ok);
    EXPECT_EQ(p.test.text, text);
  }
}

TEST(CellParser, NotComplementsOverTheDomainAndNeverMatchesNull) {
  const EnumDomain d = PenaltyDomain();
  const Parsed p = Parse("not(\"warning\")", Fact::kPenalty, &d);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.test.enum_mask, 0b1110u);
  EXPECT_FALSE(p.test.null_ok);
  EXPECT_FALSE(p.test.Matches(kNull));
  EXPECT_FALSE(p.test.Matches(0));
  EXPECT_TRUE(p.test.Matches(3));
  EXPECT_FALSE(p.test.Matches(4));  // outside the domain
  // not(null): every value, but not a missing one.
  const Parsed q = Parse("not(null)", Fact::kPenalty, &d);
  EXPECT_EQ(q.test.enum_mask, 0b1111u);
  EXPECT_FALSE(q.test.null_ok);
}

TEST(CellParser, NullAloneAndInAList) {
  const EnumDomain d = PenaltyDomain();
  const Parsed p = Parse("null", Fact::kPenalty, &d);
  EXPECT_EQ(p.test.kind, CellTest::Kind::kEnumSet);
  EXPECT_EQ(p.test.enum_mask, 0u);
  EXPECT_TRUE(p.test.null_ok);
  const Parsed q = Parse("null, not(warning)", Fact::kPenalty, &d);
  EXPECT_EQ(q.test.enum_mask, 0b1110u);
  EXPECT_TRUE(q.test.null_ok);
  const Parsed r = Parse("NULL", Fact::kSinceDecision);
  EXPECT_EQ(r.test.kind, CellTest::Kind::kRanges);
  EXPECT_TRUE(r.test.ranges.empty());
  EXPECT_TRUE(r.test.Matches(kNull));
  EXPECT_FALSE(r.test.Matches(0));
}

TEST(CellParser, UnknownCodeIsReportedAndLeftOut) {
  const EnumDomain d = PenaltyDomain();
  const Parsed p = Parse("fine, fin", Fact::kPenalty, &d);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].code, "unknown-enum");
  EXPECT_NE(p.errors[0].message.find("'fin'"), std::string::npos);
  EXPECT_NE(p.errors[0].message.find("warning, fine, confiscation, revocation"), std::string::npos);
  EXPECT_EQ(p.test.enum_mask, 0b0010u);
}

TEST(CellParser, Booleans) {
  EXPECT_EQ(Parse("true", Fact::kShown).test.enum_mask, 0b10u);
  EXPECT_EQ(Parse("FALSE", Fact::kShown).test.enum_mask, 0b01u);  // spreadsheets upper-case them
  EXPECT_EQ(Parse("true, false", Fact::kShown).test.enum_mask, 0b11u);
  EXPECT_EQ(Parse("not(true)", Fact::kShown).test.enum_mask, 0b01u);
  const Parsed p = Parse("yes", Fact::kShown);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].code, "type-error");
}

TEST(CellParser, NumberComparisons) {
  EXPECT_THAT(Parse(">= 90", Fact::kFineAmount).test.ranges, ElementsAre(Range{90, kRangeMax}));
  EXPECT_THAT(Parse(">90", Fact::kFineAmount).test.ranges, ElementsAre(Range{91, kRangeMax}));
  EXPECT_THAT(Parse("< 5000", Fact::kFineAmount).test.ranges, ElementsAre(Range{kRangeMin, 5000}));
  EXPECT_THAT(Parse("<= 5000", Fact::kFineAmount).test.ranges, ElementsAre(Range{kRangeMin, 5001}));
  EXPECT_THAT(Parse("= 3", Fact::kFineAmount).test.ranges, ElementsAre(Range{3, 4}));
  EXPECT_THAT(Parse("90", Fact::kFineAmount).test.ranges, ElementsAre(Range{90, 91}));
  EXPECT_THAT(Parse("-5", Fact::kDaysToReportDeadline).test.ranges, ElementsAre(Range{-5, -4}));
  const Parsed p = Parse("< 5000", Fact::kFineAmount);
  EXPECT_EQ(p.test.slot, SlotOf(Fact::kFineAmount));
  EXPECT_FALSE(p.test.null_ok);
  EXPECT_TRUE(p.test.Matches(4999));
  EXPECT_FALSE(p.test.Matches(5000));
  EXPECT_FALSE(p.test.Matches(kNull));
}

TEST(CellParser, Intervals) {
  EXPECT_THAT(Parse("[3..12)", Fact::kRecords12m).test.ranges, ElementsAre(Range{3, 12}));
  EXPECT_THAT(Parse("(0..50000]", Fact::kFineAmount).test.ranges, ElementsAre(Range{1, 50001}));
  EXPECT_THAT(Parse("[2023-05-01..2026-03-31]", Fact::kDecisionDate).test.ranges,
              ElementsAre(Range{Day(2023, 5, 1), Day(2026, 4, 1)}));
  EXPECT_THAT(Parse("[3m..)", Fact::kSinceDecision).test.ranges, ElementsAre(Range{3, kRangeMax}));
  EXPECT_THAT(Parse("(..10]", Fact::kFineAmount).test.ranges, ElementsAre(Range{kRangeMin, 11}));
  const Parsed p = Parse("[12..3)", Fact::kRecords12m);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].code, "bad-interval");
}

TEST(CellParser, DurationsUseTheirUnitsSlot) {
  const Parsed m = Parse(">= 3m", Fact::kSinceDecision);
  EXPECT_TRUE(m.errors.empty());
  EXPECT_EQ(m.test.slot, SlotOf(Fact::kSinceDecision, DurationUnit::kMonths));
  EXPECT_THAT(m.test.ranges, ElementsAre(Range{3, kRangeMax}));
  // Years fold into months.
  const Parsed y = Parse("< 1y", Fact::kSinceDecision);
  EXPECT_EQ(y.test.slot, SlotOf(Fact::kSinceDecision, DurationUnit::kMonths));
  EXPECT_THAT(y.test.ranges, ElementsAre(Range{kRangeMin, 12}));
  const Parsed my = Parse("[6m..3y)", Fact::kSinceDecision);
  EXPECT_TRUE(my.errors.empty());
  EXPECT_THAT(my.test.ranges, ElementsAre(Range{6, 36}));
  const Parsed d = Parse(">= 180d", Fact::kSincePublication);
  EXPECT_EQ(d.test.slot, SlotOf(Fact::kSincePublication, DurationUnit::kDays));
  EXPECT_THAT(d.test.ranges, ElementsAre(Range{180, kRangeMax}));
  const Parsed wd = Parse(">= 3wd", Fact::kSinceCorrected);
  EXPECT_EQ(wd.test.slot, SlotOf(Fact::kSinceCorrected, DurationUnit::kWorkingDays));
  EXPECT_THAT(wd.test.ranges, ElementsAre(Range{3, kRangeMax}));
}

TEST(CellParser, MixedUnitsInOneCellAreAnError) {
  const Parsed p = Parse("[6m..400d)", Fact::kSinceDecision);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].code, "mixed-units");
  const Parsed q = Parse("< 3m, >= 90d", Fact::kSinceDecision);
  ASSERT_EQ(q.errors.size(), 1u);
  EXPECT_EQ(q.errors[0].code, "mixed-units");
}

TEST(CellParser, ListsAreUnionsAndNormalized) {
  EXPECT_THAT(Parse("< 3m, >= 3y", Fact::kSinceDecision).test.ranges,
              ElementsAre(Range{kRangeMin, 3}, Range{36, kRangeMax}));
  EXPECT_THAT(Parse("[3..8), [1..5)", Fact::kFineAmount).test.ranges, ElementsAre(Range{1, 8}));
  EXPECT_THAT(Parse("[1..3), [3..5)", Fact::kFineAmount).test.ranges, ElementsAre(Range{1, 5}));
  EXPECT_THAT(Parse("[5..5)", Fact::kFineAmount).test.ranges, ElementsAre());
}

TEST(CellParser, NotOnRanges) {
  const Parsed p = Parse("not([3..5))", Fact::kFineAmount);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_THAT(p.test.ranges, ElementsAre(Range{kRangeMin, 3}, Range{5, kRangeMax}));
  EXPECT_FALSE(p.test.null_ok);
  EXPECT_TRUE(p.test.Matches(2));
  EXPECT_FALSE(p.test.Matches(4));
  EXPECT_TRUE(p.test.Matches(5));
}

TEST(CellParser, Dates) {
  const Parsed p = Parse(">= 2026-04-01", Fact::kDecisionDate);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_THAT(p.test.ranges, ElementsAre(Range{Day(2026, 4, 1), kRangeMax}));
  const Parsed bad = Parse(">= 2025-02-30", Fact::kDecisionDate);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].code, "bad-date");
  EXPECT_NE(bad.errors[0].message.find("not a calendar day"), std::string::npos);
}

TEST(CellParser, TypeErrors) {
  const EnumDomain d = PenaltyDomain();
  auto code = [](const Parsed& p) { return p.errors.empty() ? std::string() : p.errors[0].code; };
  EXPECT_EQ(code(Parse(">= 3m", Fact::kFineAmount)), "type-error");
  EXPECT_EQ(code(Parse("fine", Fact::kFineAmount)), "type-error");
  EXPECT_EQ(code(Parse(">= 3", Fact::kPenalty, &d)), "type-error");
  EXPECT_EQ(code(Parse(">= 3", Fact::kSinceDecision)), "bad-duration");  // needs a unit
  EXPECT_EQ(code(Parse(">= 3x", Fact::kSinceDecision)), "bad-duration");
  EXPECT_EQ(code(Parse("2026-01-01", Fact::kSinceDecision)), "bad-duration");
  EXPECT_EQ(code(Parse("[3..", Fact::kFineAmount)), "type-error");
  EXPECT_EQ(code(Parse("fine,,warning", Fact::kPenalty, &d)), "syntax");
}

TEST(CellParser, UntilFactsAcceptDays) {
  const Parsed p = Parse("<= 30d", Fact::kUntilEligible);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_THAT(p.test.ranges, ElementsAre(Range{kRangeMin, 31}));
  EXPECT_EQ(p.test.slot, SlotOf(Fact::kUntilEligible));
  EXPECT_TRUE(Parse("<= 30", Fact::kUntilExpiry).errors.empty());
}

TEST(CellParser, EligibleStatusMatchesNowAndLater) {
  const EnumDomain d = StatusDomain();
  const Parsed p = Parse("eligible", Fact::kStatus, &d);
  EXPECT_TRUE(p.test.Matches(static_cast<int>(RepairStatus::kEligibleNow)));
  EXPECT_TRUE(p.test.Matches(static_cast<int>(RepairStatus::kEligibleLater)));
  EXPECT_FALSE(p.test.Matches(static_cast<int>(RepairStatus::kDropsOff)));
  const Parsed q = Parse("eligible_later", Fact::kStatus, &d);
  EXPECT_EQ(q.test.enum_mask, uint64_t{1} << static_cast<int>(RepairStatus::kEligibleLater));
}

TEST(DateExprParser, Forms) {
  std::vector<CellError> errors;
  const DateExpr a = ParseDateExpr("decision_date + 3m", RecordBases(), &errors);
  EXPECT_EQ(a.base1, DateBase::kDecisionDate);
  EXPECT_TRUE(a.has_dur1);
  EXPECT_EQ(a.dur1, (Duration{3, DurationUnit::kMonths}));
  EXPECT_EQ(a.base2, DateBase::kNone);
  const DateExpr b = ParseDateExpr("max(decision_date + 1y, fulfilled_date + 6m)", RecordBases(), &errors);
  EXPECT_EQ(b.base1, DateBase::kDecisionDate);
  EXPECT_EQ(b.dur1, (Duration{1, DurationUnit::kYears}));  // years kept for PeriodEnd
  EXPECT_EQ(b.base2, DateBase::kFulfilledDate);
  EXPECT_EQ(b.dur2, (Duration{6, DurationUnit::kMonths}));
  const DateExpr c = ParseDateExpr("corrected_date", RecordBases(), &errors);
  EXPECT_EQ(c.base1, DateBase::kCorrectedDate);
  EXPECT_FALSE(c.has_dur1);
  EXPECT_TRUE(ParseDateExpr("-", RecordBases(), &errors).empty());
  EXPECT_TRUE(errors.empty());
  const DateExpr wd = ParseDateExpr("decision_date + 20wd", RecordBases(), &errors);
  EXPECT_EQ(wd.dur1, (Duration{20, DurationUnit::kWorkingDays}));
}

TEST(DateExprParser, Errors) {
  std::vector<CellError> errors;
  EXPECT_TRUE(ParseDateExpr("decided + 3m", RecordBases(), &errors).empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "bad-date-expr");
  errors.clear();
  // Outcome dates are only for alerts.
  EXPECT_TRUE(ParseDateExpr("eligible_from", RecordBases(), &errors).empty());
  ASSERT_EQ(errors.size(), 1u);
  errors.clear();
  EXPECT_FALSE(ParseDateExpr("eligible_from", RecordBases() | BaseBit(DateBase::kEligibleFrom), &errors).empty());
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(ParseDateExpr("decision_date + 3q", RecordBases(), &errors).empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "bad-duration");
  errors.clear();
  ParseDateExpr("max(decision_date)", RecordBases(), &errors);
  EXPECT_EQ(errors.size(), 1u);
}

TEST(OutputCells, StatusAndCodes) {
  std::vector<CellError> errors;
  EXPECT_EQ(ParseStatus("eligible", &errors), RepairStatus::kEligible);
  EXPECT_EQ(ParseStatus(" drops_off ", &errors), RepairStatus::kDropsOff);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(ParseStatus("eligable", &errors), std::nullopt);
  EXPECT_EQ(errors.size(), 1u);
  errors.clear();
  const EnumDomain d = PenaltyDomain();
  EXPECT_EQ(ParseOptionalCode("-", &d, &errors), -1);
  EXPECT_EQ(ParseOptionalCode("", &d, &errors), -1);
  EXPECT_EQ(ParseOptionalCode("\"fine\"", &d, &errors), 1);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(ParseOptionalCode("nope", &d, &errors), -1);
  EXPECT_EQ(errors.size(), 1u);
}

TEST(OutputCells, SplitCellList) {
  EXPECT_THAT(SplitCellList("\"m01\",\"m12\""), ElementsAre("\"m01\"", "\"m12\""));
  EXPECT_THAT(SplitCellList(" m01 , m12 "), ElementsAre("m01", "m12"));
  EXPECT_THAT(SplitCellList("max(a, b), c"), ElementsAre("max(a, b)", "c"));
  EXPECT_THAT(SplitCellList("-"), ElementsAre());
  EXPECT_THAT(SplitCellList(""), ElementsAre());
}

}  // namespace
}  // namespace xiufu
