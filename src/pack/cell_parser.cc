#include "pack/cell_parser.h"

#include <algorithm>
#include <utility>

#include "base/sv_util.h"

namespace xiufu {
namespace {


int64_t SatAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? kRangeMax : kRangeMin;
  return std::clamp(r, kRangeMin, kRangeMax);
}


bool IsNull(std::string_view s) { return IEquals(s, "null"); }

// `not(...)` → its inner text.
std::optional<std::string_view> NotInner(std::string_view s) {
  if (s.size() >= 5 && IEquals(s.substr(0, 3), "not")) {
    std::string_view rest = Trim(s.substr(3));
    if (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')') {
      return Trim(rest.substr(1, rest.size() - 2));
    }
  }
  return std::nullopt;
}

uint64_t DomainMask(int n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }

std::string CodesHint(const EnumDomain& d) {
  if (d.values.size() > 16) return "";
  std::vector<std::string_view> codes;
  for (const EnumValue& v : d.values) codes.push_back(v.code);
  return Cat(" (codes: ", Join(codes, ", "), ")");
}

// ---- enum / bool cells -------------------------------------------------------------------

struct EnumSet {
  uint64_t mask = 0;
  bool null_ok = false;
};

class EnumCellParser {
 public:
  EnumCellParser(const FactInfo& info, const EnumDomain* domain, std::vector<CellError>* errors)
      : info_(info), domain_(domain), errors_(errors) {
    if (info_.type == FactType::kBool) {
      all_ = 0b11;
    } else {
      all_ = domain ? DomainMask(static_cast<int>(domain->values.size())) : 0;
    }
  }

  EnumSet ParseList(std::string_view text) {
    EnumSet set;
    const std::vector<std::string_view> items = SplitCellList(text);
    if (items.empty()) Error("syntax", Cat("empty list in '", text, "'"));
    for (std::string_view item : items) {
      const EnumSet one = ParseItem(item);
      set.mask |= one.mask;
      set.null_ok |= one.null_ok;
    }
    return set;
  }

 private:
  EnumSet ParseItem(std::string_view item) {
    EnumSet set;
    if (item.empty()) {
      Error("syntax", "empty item in a comma-separated list");
      return set;
    }
    if (std::optional<std::string_view> inner = NotInner(item)) {
      const EnumSet in = ParseList(*inner);
      set.mask = all_ & ~in.mask;
      return set;  // not(...) never matches a missing value
    }
    if (IsNull(item)) {
      set.null_ok = true;
      return set;
    }
    const char c = item.front();
    if (c == '<' || c == '>' || c == '=' || c == '[' || c == '(') {
      if (c == '=' && item.size() > 1 && item[1] != '=') return ParseItem(Trim(item.substr(1)));
      Error("type-error", Cat("'", item, "': ", info_.name, " is ",
                                 info_.type == FactType::kBool ? "a boolean" : "an enum",
                                 "; comparisons and intervals are for numbers, dates and "
                                 "durations"));
      return set;
    }
    const std::string_view code = Unquote(item);
    if (info_.type == FactType::kBool) {
      if (IEquals(code, "true")) set.mask = 0b10;
      else if (IEquals(code, "false")) set.mask = 0b01;
      else Error("type-error", Cat("'", code, "': ", info_.name, " is a boolean (true/false)"));
      return set;
    }
    if (domain_ == nullptr) {
      Error("unknown-enum", Cat("'", code, "': domain '", info_.domain,
                                   "' is not defined in enums.csv"));
      return set;
    }
    const int i = domain_->IndexOf(code);
    if (i < 0) {
      Error("unknown-enum", Cat("'", code, "' is not a code of domain '", domain_->name, "'",
                                   CodesHint(*domain_)));
      return set;
    }
    set.mask = uint64_t{1} << i;
    if (info_.fact == Fact::kStatus && i == static_cast<int>(RepairStatus::kEligible)) {
      set.mask |= uint64_t{1} << static_cast<int>(RepairStatus::kEligibleNow);
      set.mask |= uint64_t{1} << static_cast<int>(RepairStatus::kEligibleLater);
    }
    return set;
  }

  void Error(std::string code, std::string message) {
    errors_->push_back({std::move(code), std::move(message)});
  }

  FactInfo info_;
  const EnumDomain* domain_;
  std::vector<CellError>* errors_;
  uint64_t all_ = 0;
};

// ---- number / date / elapsed cells --------------------------------------------------------

struct RangeSet {
  std::vector<Range> ranges;
  bool null_ok = false;
};

class RangeCellParser {
 public:
  RangeCellParser(const FactInfo& info, std::vector<CellError>* errors)
      : info_(info), errors_(errors) {}

  RangeSet ParseList(std::string_view text) {
    RangeSet set;
    const std::vector<std::string_view> items = SplitCellList(text);
    if (items.empty()) Error("syntax", Cat("empty list in '", text, "'"));
    for (std::string_view item : items) {
      RangeSet one = ParseItem(item);
      set.ranges.insert(set.ranges.end(), one.ranges.begin(), one.ranges.end());
      set.null_ok |= one.null_ok;
    }
    set.ranges = NormalizeRanges(std::move(set.ranges));
    return set;
  }

  // Slot unit seen (kDays when the cell has no duration).
  DurationUnit unit() const { return unit_.value_or(DurationUnit::kDays); }

 private:
  RangeSet ParseItem(std::string_view item) {
    RangeSet set;
    if (item.empty()) {
      Error("syntax", "empty item in a comma-separated list");
      return set;
    }
    if (std::optional<std::string_view> inner = NotInner(item)) {
      const RangeSet in = ParseList(*inner);
      set.ranges = ComplementRanges(in.ranges);
      return set;
    }
    if (IsNull(item)) {
      set.null_ok = true;
      return set;
    }
    const char first = item.front();
    const char last = item.back();
    if ((first == '[' || first == '(') && (last == ']' || last == ')')) {
      const std::string_view body = item.substr(1, item.size() - 2);
      const size_t dots = body.find("..");
      if (dots == std::string_view::npos) {
        Error("syntax", Cat("'", item, "': an interval is written [a..b), (a..b], …"));
        return set;
      }
      const std::string_view a = Trim(body.substr(0, dots));
      const std::string_view b = Trim(body.substr(dots + 2));
      std::optional<int64_t> lo = a.empty() ? std::optional<int64_t>(kRangeMin) : Value(a);
      std::optional<int64_t> hi = b.empty() ? std::optional<int64_t>(kRangeMax) : Value(b);
      if (!lo || !hi) return set;
      if (!a.empty() && first == '(') lo = SatAdd(*lo, 1);
      if (!b.empty() && last == ']') hi = SatAdd(*hi, 1);
      if (*lo > *hi) {
        Error("bad-interval", Cat("'", item, "': the lower bound is above the upper bound"));
        return set;
      }
      set.ranges.push_back({*lo, *hi});
      return set;
    }
    std::string_view op;
    for (std::string_view candidate : {">=", "<=", ">", "<", "="}) {
      if (item.starts_with(candidate)) {
        op = candidate;
        break;
      }
    }
    const std::optional<int64_t> v = Value(Trim(item.substr(op.size())));
    if (!v) return set;
    if (op == ">=") set.ranges.push_back({*v, kRangeMax});
    else if (op == ">") set.ranges.push_back({SatAdd(*v, 1), kRangeMax});
    else if (op == "<=") set.ranges.push_back({kRangeMin, SatAdd(*v, 1)});
    else if (op == "<") set.ranges.push_back({kRangeMin, *v});
    else set.ranges.push_back({*v, SatAdd(*v, 1)});
    return set;
  }

  // One literal: a number, a date or a duration depending on the fact's type.
  std::optional<int64_t> Value(std::string_view s) {
    s = Unquote(s);
    switch (info_.type) {
      case FactType::kDate: {
        absl::StatusOr<Date> d = ParseDate(s);
        if (!d.ok()) {
          Error("bad-date", Cat(SV(d.status().message()), "; ", info_.name,
                                " takes dates (YYYY-MM-DD)"));
          return std::nullopt;
        }
        return d->days;
      }
      case FactType::kElapsed: {
        absl::StatusOr<Duration> d = ParseDuration(s);
        if (!d.ok()) {
          Error("bad-duration",
                Cat("'", s, "': ", info_.name, " takes durations (3m, 1y, 180d, 10wd)"));
          return std::nullopt;
        }
        return Amount(*d, s);
      }
      case FactType::kNumber: {
        int64_t n = 0;
        if (ParseInt64(s, &n) ||
            (info_.name.starts_with("until_") && s.size() >= 2 && s.back() == 'd' &&
             ParseInt64(s.substr(0, s.size() - 1), &n))) {
          if (n >= kRangeMin) return n;
          // INT64_MIN is kNull, the missing value: as a bound it would match missing values.
          Error("type-error", Cat("'", s, "': ", info_.name, " is out of range (the smallest "
                                  "number is ", kRangeMin, ")"));
          return std::nullopt;
        }
        Error("type-error", Cat("'", s, "': ", info_.name, " is a whole number",
                                   info_.name.starts_with("until_") ? " of days (30, 30d)"
                                                                          : ""));
        return std::nullopt;
      }
      default:
        Error("type-error", Cat("'", s, "': ", info_.name, " does not take numbers"));
        return std::nullopt;
    }
  }

  std::optional<int64_t> Amount(Duration d, std::string_view text) {
    DurationUnit unit = d.unit;
    int64_t amount = d.amount;
    if (unit == DurationUnit::kYears) {
      unit = DurationUnit::kMonths;
      amount *= 12;
    }
    if (unit_ && *unit_ != unit) {
      Error("mixed-units", Cat("'", text, "': one cell uses one duration unit (",
                                  FormatDuration(Duration{1, *unit_}).substr(1),
                                  " already used); write two columns or two rows"));
      return std::nullopt;
    }
    unit_ = unit;
    return amount;
  }

  void Error(std::string code, std::string message) {
    errors_->push_back({std::move(code), std::move(message)});
  }

  FactInfo info_;
  std::vector<CellError>* errors_;
  std::optional<DurationUnit> unit_;
};

std::optional<DateBase> BaseOf(std::string_view s) { return DateBaseByName(Trim(s)); }

DateExpr TextOnly(std::string text) {
  DateExpr e;
  e.text = std::move(text);
  return e;
}

}  // namespace

std::vector<std::string_view> SplitCellList(std::string_view text) {
  std::vector<std::string_view> items;
  text = Trim(text);
  if (text.empty() || text == "-") return items;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '(' || c == '[') ++depth;
    else if ((c == ')' || c == ']') && depth > 0) --depth;
    else if (c == ',' && depth == 0) {
      items.push_back(Trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  items.push_back(Trim(text.substr(start)));
  return items;
}

std::string_view Unquote(std::string_view text) {
  text = Trim(text);
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    text = Trim(text.substr(1, text.size() - 2));
  }
  return text;
}

std::vector<Range> NormalizeRanges(std::vector<Range> ranges) {
  std::erase_if(ranges, [](const Range& r) { return r.lo >= r.hi; });
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.lo < b.lo || (a.lo == b.lo && a.hi < b.hi); });
  std::vector<Range> out;
  for (const Range& r : ranges) {
    if (!out.empty() && r.lo <= out.back().hi) {
      out.back().hi = std::max(out.back().hi, r.hi);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

std::vector<Range> ComplementRanges(const std::vector<Range>& ranges) {
  std::vector<Range> out;
  int64_t at = kRangeMin;
  for (const Range& r : ranges) {
    if (r.lo > at) out.push_back({at, r.lo});
    at = std::max(at, r.hi);
  }
  if (at < kRangeMax) out.push_back({at, kRangeMax});
  return out;
}

CellTest ParseInputCell(std::string_view text, Fact fact, const EnumDomain* domain,
                        std::vector<CellError>* errors) {
  return ParseInputCell(text, InfoOf(fact), domain, errors);
}

CellTest ParseInputCell(std::string_view text, const FactInfo& info, const EnumDomain* domain,
                        std::vector<CellError>* errors) {
  const Fact fact = info.fact;
  CellTest t;
  t.text = std::string(text);
  const std::string_view s = Trim(text);
  if (s.empty() || s == "-") return t;  // kAny, null_ok
  if (info.type == FactType::kEnum || info.type == FactType::kBool) {
    EnumCellParser p(info, domain, errors);
    const EnumSet set = p.ParseList(s);
    t.kind = CellTest::Kind::kEnumSet;
    t.slot = SlotOf(fact);
    t.enum_mask = set.mask;
    t.null_ok = set.null_ok;
    return t;
  }
  RangeCellParser p(info, errors);
  RangeSet set = p.ParseList(s);
  t.kind = CellTest::Kind::kRanges;
  t.slot = info.type == FactType::kElapsed ? SlotOf(fact, p.unit()) : SlotOf(fact);
  t.ranges = std::move(set.ranges);
  t.null_ok = set.null_ok;
  return t;
}

BaseSet RecordBases() {
  BaseSet s = 0;
  for (DateBase b : {DateBase::kAsOf, DateBase::kDecisionDate, DateBase::kPublicationDate,
                     DateBase::kFulfilledDate, DateBase::kCorrectedDate,
                     DateBase::kRegistrationDate, DateBase::kAbnormalListedDate,
                     DateBase::kReportDeadline}) {
    s |= BaseBit(b);
  }
  return s;
}

BaseSet EntityBases() {
  return BaseBit(DateBase::kAsOf) | BaseBit(DateBase::kRegistrationDate) |
         BaseBit(DateBase::kAbnormalListedDate) | BaseBit(DateBase::kReportDeadline);
}

DateExpr ParseDateExpr(std::string_view text, BaseSet allowed, std::vector<CellError>* errors,
                       absl::Span<const CustomColumn> custom) {
  DateExpr e;
  e.text = std::string(text);
  std::string_view s = Trim(text);
  if (s.empty() || s == "-") return e;
  auto error = [&](std::string code, std::string msg) {
    errors->push_back({std::move(code), std::move(msg)});
  };
  std::vector<std::string_view> terms;
  if (s.size() > 4 && IEquals(s.substr(0, 3), "max") &&
      Trim(s.substr(3)).front() == '(' && s.back() == ')') {
    const std::string_view inner = Trim(s.substr(3));
    terms = SplitCellList(inner.substr(1, inner.size() - 2));
    if (terms.size() != 2) {
      error("bad-date-expr", Cat("'", s, "': max(...) takes exactly two terms"));
      return TextOnly(e.text);
    }
  } else {
    terms.push_back(s);
  }
  bool ok = true;
  for (size_t k = 0; k < terms.size(); ++k) {
    const std::string_view term = terms[k];
    const size_t plus = term.find('+');
    const std::string_view base_text = Trim(term.substr(0, plus));
    std::optional<DateBase> base = BaseOf(base_text);
    // A custom date column: an entity column anywhere, a record column where record dates are
    // (not in entity alerts).
    const bool record_context = (allowed & BaseBit(DateBase::kDecisionDate)) != 0;
    for (const CustomColumn& c : custom) {
      if (!base && c.date_base != DateBase::kNone && c.name == base_text) {
        if (c.scope == FactScope::kRecord && !record_context) {
          error("bad-date-expr", Cat("'", base_text, "' is a record column: not usable here"));
          ok = false;
          base = DateBase::kNone;
        } else {
          base = c.date_base;
        }
      }
    }
    if (base == DateBase::kNone) continue;
    if (!base) {
      std::vector<std::string_view> names;
      for (int b = 1; b < static_cast<int>(DateBase::kCustom0); ++b) {
        if (allowed & (BaseSet{1} << b)) names.push_back(DateBaseName(static_cast<DateBase>(b)));
      }
      for (const CustomColumn& c : custom) {
        if (c.date_base != DateBase::kNone && (record_context || c.scope == FactScope::kEntity)) {
          names.push_back(c.name);
        }
      }
      error("bad-date-expr", Cat("'", base_text, "' is not a date base (",
                                    Join(names, ", "), ")"));
      ok = false;
      continue;
    }
    if (*base < DateBase::kCustom0 && !(allowed & BaseBit(*base))) {
      error("bad-date-expr", Cat("'", base_text, "' cannot be used here"));
      ok = false;
      continue;
    }
    Duration dur;
    bool has_dur = false;
    if (plus != std::string_view::npos) {
      const std::string_view dur_text = Trim(term.substr(plus + 1));
      absl::StatusOr<Duration> d = ParseDuration(dur_text);
      if (!d.ok()) {
        error("bad-duration", Cat("'", dur_text, "' is not a duration (3m, 1y, 180d, 10wd)"));
        ok = false;
        continue;
      }
      dur = *d;
      has_dur = true;
    }
    if (k == 0) {
      e.base1 = *base;
      e.dur1 = dur;
      e.has_dur1 = has_dur;
    } else {
      e.base2 = *base;
      e.dur2 = dur;
      e.has_dur2 = has_dur;
    }
  }
  if (!ok) return TextOnly(e.text);
  return e;
}

std::optional<RepairStatus> ParseStatus(std::string_view text, std::vector<CellError>* errors) {
  const std::string_view s = Unquote(text);
  for (int i = 0; i < kNumStatuses; ++i) {
    if (StatusCode(static_cast<RepairStatus>(i)) == s) return static_cast<RepairStatus>(i);
  }
  errors->push_back({"unknown-enum", Cat("'", s, "' is not a status (not_shown, eligible, "
                                            "drops_off, not_repairable, repaired)")});
  return std::nullopt;
}

int ParseOptionalCode(std::string_view text, const EnumDomain* domain,
                      std::vector<CellError>* errors) {
  const std::string_view s = Unquote(text);
  if (s.empty() || s == "-") return -1;
  if (domain == nullptr) {
    errors->push_back({"unknown-enum", Cat("'", s, "': the domain is not defined")});
    return -1;
  }
  const int i = domain->IndexOf(s);
  if (i < 0) {
    errors->push_back({"unknown-enum", Cat("'", s, "' is not a code of domain '",
                                              domain->name, "'", CodesHint(*domain))});
  }
  return i;
}

}  // namespace xiufu
