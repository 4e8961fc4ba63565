// Tested by tests/interop_test.cc.
#include "interop/unary.h"

#include <charconv>
#include <cstdint>
#include <vector>

#include "base/str_util.h"
#include "base/sv_util.h"
#include "absl/strings/ascii.h"
#include "pack/cell_parser.h"

namespace xiufu::interop_internal {
namespace {

std::string DateLiteral(int64_t days) {
  return Cat("date(\"", FormatDate(Date{static_cast<int32_t>(days)}), "\")");
}

std::string ValueText(const FactInfo& info, int64_t v) {
  return info.type == FactType::kDate ? DateLiteral(v) : Cat(v);
}

std::string AnyValue(Dialect d) { return d == Dialect::kZen ? "" : "-"; }
std::string NotNull(Dialect d) { return d == Dialect::kZen ? "$ != null" : "not(null)"; }

// One half-open range [lo, hi) as a test: `< hi`, `>= lo`, `v`, `[lo..hi-1]`.
std::string RangeText(const Range& r, const FactInfo& info, Dialect d) {
  const bool open_lo = r.lo <= kRangeMin, open_hi = r.hi >= kRangeMax;
  if (open_lo && open_hi) return NotNull(d);
  if (open_lo) return Cat("< ", ValueText(info, r.hi));
  if (open_hi) return Cat(">= ", ValueText(info, r.lo));
  if (r.hi == r.lo + 1 && info.type != FactType::kDate) return ValueText(info, r.lo);
  return Cat("[", ValueText(info, r.lo), "..", ValueText(info, r.hi - 1), "]");
}

}  // namespace

std::string QuoteLiteral(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string CellToUnary(const CellTest& cell, const FactInfo& info, const EnumDomain* domain,
                        Dialect dialect, bool* never) {
  *never = false;
  std::vector<std::string> items;
  switch (cell.kind) {
    case CellKind::kAny:
      return cell.null_ok ? AnyValue(dialect) : NotNull(dialect);
    case CellKind::kEnumSet:
      if (cell.null_ok) items.push_back("null");
      for (int v = 0; v < 64; ++v) {
        if (!((cell.enum_mask >> v) & 1)) continue;
        if (info.type == FactType::kBool) {
          items.push_back(v == 0 ? "false" : "true");
        } else if (domain != nullptr && v < static_cast<int>(domain->values.size())) {
          items.push_back(QuoteLiteral(domain->values[v].code));
        }
      }
      break;
    case CellKind::kRanges:
      if (cell.null_ok) items.push_back("null");
      for (const Range& r : cell.ranges) items.push_back(RangeText(r, info, dialect));
      break;
  }
  if (items.empty()) {
    // Accepts nothing (lint's never-matches): an empty interval says so in both dialects.
    *never = true;
    return "[0..0)";
  }
  return Join(items, ", ");
}

std::string EffectiveToUnary(Date from, Date to, Dialect dialect) {
  const bool f = from.days != kNoDay, t = to.days != kNoDay;
  if (f && t) return Cat("[", DateLiteral(from.days), "..", DateLiteral(to.days), "]");
  if (f) return Cat(">= ", DateLiteral(from.days));
  if (t) return Cat("<= ", DateLiteral(to.days));
  return AnyValue(dialect);
}

// --- Reading unary tests back ---------------------------------------------------------------

namespace {

struct Value {
  enum class Kind { kNone, kNumber, kString, kDate, kBool, kNull } kind = Kind::kNone;
  int64_t number = 0;  // kNumber; kDate: days; kBool: 0/1
  std::string text;    // kString
};

struct Test {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kInterval, kNotNull } op = Op::kEq;
  Value a, b;  // kInterval: bounds (kNone = unbounded)
  bool a_closed = true, b_closed = true;
};

// Splits at commas outside quotes, parentheses and brackets.
std::vector<std::string_view> SplitTop(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '(' || c == '[') ++depth;
    else if (c == ')' || c == ']') --depth;
    else if (c == ',' && depth == 0) {
      out.push_back(Trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(Trim(s.substr(start)));
  return out;
}

bool ParseString(std::string_view s, std::string* out) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
  out->clear();
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) ++i;
    else if (s[i] == '"') return false;
    out->push_back(s[i]);
  }
  return true;
}

bool ParseValue(std::string_view s, Value* v) {
  s = Trim(s);
  if (s == "null") {
    v->kind = Value::Kind::kNull;
    return true;
  }
  if (s == "true" || s == "false") {
    v->kind = Value::Kind::kBool;
    v->number = s == "true";
    return true;
  }
  if (ParseString(s, &v->text)) {
    v->kind = Value::Kind::kString;
    return true;
  }
  if (ConsumePrefix(&s, "date(") && ConsumeSuffix(&s, ")")) {
    std::string inner;
    if (!ParseString(Trim(s), &inner)) return false;
    absl::StatusOr<Date> d = ParseDate(inner);
    if (!d.ok()) return false;
    v->kind = Value::Kind::kDate;
    v->number = d->days;
    return true;
  }
  int64_t n = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, n);
  if (ec != std::errc() || p != end || s.empty()) return false;
  v->kind = Value::Kind::kNumber;
  v->number = n;
  return true;
}

bool ParseTest(std::string_view s, Test* t, std::string* error) {
  if (s == "$ != null" || s == "not(null)") {
    t->op = Test::Op::kNotNull;
    return true;
  }
  static constexpr struct { std::string_view text; Test::Op op; } kOps[] = {
      {"<=", Test::Op::kLe}, {">=", Test::Op::kGe}, {"==", Test::Op::kEq},
      {"<", Test::Op::kLt},  {">", Test::Op::kGt},  {"=", Test::Op::kEq}};
  for (const auto& o : kOps) {
    if (s.substr(0, o.text.size()) == o.text) {
      t->op = o.op;
      if (!ParseValue(s.substr(o.text.size()), &t->a) || t->a.kind == Value::Kind::kNull) {
        *error = Cat("'", s, "': expected a number, date(\"YYYY-MM-DD\") or string");
        return false;
      }
      return true;
    }
  }
  if (!s.empty() && (s.front() == '[' || s.front() == '(' || s.front() == ']') &&
      (s.back() == ']' || s.back() == ')' || s.back() == '[')) {
    const size_t dots = s.find("..");
    if (dots == std::string_view::npos) {
      *error = Cat("'", s, "': an interval needs '..'");
      return false;
    }
    t->op = Test::Op::kInterval;
    t->a_closed = s.front() == '[';
    t->b_closed = s.back() == ']';
    const std::string_view lo = Trim(s.substr(1, dots - 1));
    const std::string_view hi = Trim(s.substr(dots + 2, s.size() - dots - 3));
    if ((!lo.empty() && !ParseValue(lo, &t->a)) || (!hi.empty() && !ParseValue(hi, &t->b))) {
      *error = Cat("'", s, "': interval bounds must be numbers or date(\"YYYY-MM-DD\")");
      return false;
    }
    return true;
  }
  if (!ParseValue(s, &t->a)) {
    *error = Cat("'", s,
                          "' is not a unary test xiufu can map (literals, comparisons, "
                          "intervals, null, $ != null)");
    return false;
  }
  t->op = Test::Op::kEq;
  return true;
}

// A bound's text for the fact: numbers, dates, durations.
bool BoundText(const Value& v, const FactInfo& info, DurationUnit unit, std::string* out,
               std::string* error) {
  switch (info.type) {
    case FactType::kNumber:
      if (v.kind != Value::Kind::kNumber) break;
      *out = Cat(v.number);
      return true;
    case FactType::kElapsed: {
      if (v.kind != Value::Kind::kNumber) break;
      static constexpr std::string_view kUnit[] = {"d", "m", "y", "wd"};
      *out = Cat(v.number, kUnit[static_cast<int>(unit)]);
      return true;
    }
    case FactType::kDate:
      if (v.kind != Value::Kind::kDate) break;
      *out = FormatDate(Date{static_cast<int32_t>(v.number)});
      return true;
    default:
      break;
  }
  *error = Cat("a value of the wrong type for ", info.name, " (",
                        info.type == FactType::kDate ? "write date(\"YYYY-MM-DD\")" : "a number",
                        ")");
  return false;
}

}  // namespace

std::optional<std::string> UnaryToCell(std::string_view text, const FactInfo& info,
                                       DurationUnit unit, const EnumDomain* domain,
                                       std::string* error) {
  text = Trim(text);
  if (text.empty() || text == "-") return std::string("-");
  std::vector<std::string> items;
  for (std::string_view item : SplitTop(text)) {
    Test t;
    if (!ParseTest(item, &t, error)) return std::nullopt;
    if (t.op == Test::Op::kNotNull) {
      items.push_back("not(null)");
      continue;
    }
    if (t.op == Test::Op::kEq && t.a.kind == Value::Kind::kNull) {
      items.push_back("null");
      continue;
    }
    if (info.type == FactType::kEnum || info.type == FactType::kBool) {
      if (t.op != Test::Op::kEq) {
        *error = Cat("'", item, "': ", info.name, " takes ",
                              info.type == FactType::kBool ? "true/false" : "codes", " only");
        return std::nullopt;
      }
      if (info.type == FactType::kBool) {
        if (t.a.kind != Value::Kind::kBool) {
          *error = Cat("'", item, "': ", info.name, " is true or false");
          return std::nullopt;
        }
        items.push_back(t.a.number ? "true" : "false");
        continue;
      }
      if (t.a.kind != Value::Kind::kString) {
        *error = Cat("'", item, "': ", info.name, " takes quoted codes");
        return std::nullopt;
      }
      if (domain == nullptr || domain->IndexOf(t.a.text) < 0) {
        *error = Cat("'", t.a.text, "' is not a code of domain '", info.domain, "'");
        return std::nullopt;
      }
      items.push_back(t.a.text);
      continue;
    }
    std::string a, b;
    switch (t.op) {
      case Test::Op::kEq:
      case Test::Op::kLt:
      case Test::Op::kLe:
      case Test::Op::kGt:
      case Test::Op::kGe: {
        if (!BoundText(t.a, info, unit, &a, error)) return std::nullopt;
        static constexpr std::string_view kOp[] = {"", "< ", "<= ", "> ", ">= "};
        items.push_back(Cat(kOp[static_cast<int>(t.op)], a));
        break;
      }
      case Test::Op::kInterval:
        if ((t.a.kind != Value::Kind::kNone && !BoundText(t.a, info, unit, &a, error)) ||
            (t.b.kind != Value::Kind::kNone && !BoundText(t.b, info, unit, &b, error))) {
          return std::nullopt;
        }
        items.push_back(Cat(t.a_closed ? "[" : "(", a, "..", b, t.b_closed ? "]" : ")"));
        break;
      case Test::Op::kNotNull:
        break;
    }
  }
  return Join(items, ", ");
}

bool UnaryToEffective(std::string_view text, Date* from, Date* to, std::string* error) {
  *from = Date{kNoDay};
  *to = Date{kNoDay};
  text = Trim(text);
  if (text.empty() || text == "-") return true;
  Test t;
  if (SplitTop(text).size() != 1 || !ParseTest(text, &t, error)) {
    if (error->empty()) *error = Cat("'", text, "': as_of takes one interval of dates");
    return false;
  }
  auto day = [&](const Value& v, int shift, Date* out) {
    if (v.kind != Value::Kind::kDate) {
      *error = Cat("'", text, "': as_of bounds are date(\"YYYY-MM-DD\")");
      return false;
    }
    *out = Date{static_cast<int32_t>(v.number + shift)};
    return true;
  };
  switch (t.op) {
    case Test::Op::kGe: return day(t.a, 0, from);
    case Test::Op::kGt: return day(t.a, 1, from);
    case Test::Op::kLe: return day(t.a, 0, to);
    case Test::Op::kLt: return day(t.a, -1, to);
    case Test::Op::kEq: return day(t.a, 0, from) && day(t.a, 0, to);
    case Test::Op::kInterval:
      return (t.a.kind == Value::Kind::kNone || day(t.a, t.a_closed ? 0 : 1, from)) &&
             (t.b.kind == Value::Kind::kNone || day(t.b, t.b_closed ? 0 : -1, to));
    case Test::Op::kNotNull:
      return true;
  }
  return false;
}

std::optional<std::string> OutputLiteral(std::string_view text, std::string* error) {
  text = Trim(text);
  if (text.empty() || text == "null") return std::string();
  std::string s;
  if (ParseString(text, &s)) return s;
  *error = Cat("'", text, "' is not a string literal (outputs are carried as \"text\")");
  return std::nullopt;
}

}  // namespace xiufu::interop_internal
