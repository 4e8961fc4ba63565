// Typed readers of one input column (frame_input.h's Column): text, dates, booleans, enum
// codes, shown_on / repaired_on, whole numbers. Per-distinct-value work (code lookups, date and
// boolean parsing) happens in the constructors, with the GIL; the per-row accessors touch no
// Python API, so worker threads may call them. Problems throw InputError naming the row.
//
// Header-only, internal to the extension.
#ifndef XIUFU_BINDINGS_PYTHON_COLUMN_READERS_H_
#define XIUFU_BINDINGS_PYTHON_COLUMN_READERS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frame_input.h"
#include "base/str_util.h"

namespace xiufu::py {

inline constexpr int32_t kMinDay = FromYmd(1900, 1, 1).days;
inline constexpr int32_t kMaxDay = FromYmd(2199, 12, 31).days;

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// For worker threads (no Python API): 1 with the text of a plain-ASCII str, 0 for a missing
// value (None, float NaN), -1 when the main thread must look (other objects, non-ASCII text).
inline int WorkerText(PyObject* o, std::string_view* out) {
  if (PyUnicode_CheckExact(o) && PyUnicode_IS_COMPACT_ASCII(o)) {
    *out = std::string_view(static_cast<const char*>(PyUnicode_DATA(o)),
                            static_cast<size_t>(PyUnicode_GET_LENGTH(o)));
    return 1;
  }
  if (o == Py_None || (PyFloat_CheckExact(o) && PyFloat_AS_DOUBLE(o) != PyFloat_AS_DOUBLE(o))) {
    return 0;
  }
  return -1;
}

// Text of a string-ish object; false for missing values. Throws for other types.
inline bool TextAt(const Column& c, PyObject* o, int64_t row, std::string_view* out) {
  if (StrView(o, out)) return true;
  if (IsMissing(o)) return false;
  c.Fail(row, ShortRepr(o), Cat("expected text, got a value of type ", Py_TYPE(o)->tp_name));
}

inline bool ParseDayText(std::string_view s, int32_t* out, std::string* error) {
  s = Trim(s);
  if (s.empty()) {
    *out = kNoDay;
    return true;
  }
  absl::StatusOr<Date> d = ParseDate(s);
  if (!d.ok()) {
    *error = std::string(d.status().message());
    return false;
  }
  *out = d->days;
  return true;
}

inline bool ParseBoolText(std::string_view s, uint8_t* out) {
  s = Trim(s);
  auto eq = [&](std::string_view w) {
    if (s.size() != w.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = (s[i] >= 'A' && s[i] <= 'Z') ? static_cast<char>(s[i] + 32) : s[i];
      if (c != w[i]) return false;
    }
    return true;
  };
  if (eq("true") || s == "1") return *out = 1, true;
  if (eq("false") || s == "0") return *out = 0, true;
  return false;
}

// The row of the first code `u` (for per-unique errors).
[[noreturn]] inline void FailUnique(const Column& c, size_t u, std::string message) {
  c.Fail(c.FirstRowWithCode(static_cast<int64_t>(u)), ShortRepr(c.UniqueAt(u)),
         std::move(message));
}

inline void RequireKind(const Column& c, Column::Kind kind, const char* what) {
  if (c.kind == Column::Kind::kAbsent) c.Fail(-1, "", "missing column");
  if (c.kind != kind) c.Fail(-1, "", Cat("internal: expected a ", what, " column"));
}

// Enum codes → dense ids of `domain`, one lookup per distinct value.
class EnumColumn {
 public:
  EnumColumn(const Column& c, const Dictionary& dict, InputDomain domain) : c_(c) {
    RequireKind(c, Column::Kind::kCodes, "codes");
    lut_.resize(c.NumUniques());
    for (size_t u = 0; u < lut_.size(); ++u) {
      std::string_view code;
      if (!StrView(c.UniqueAt(u), &code)) {
        FailUnique(c, u, Cat("expected a ", InputDomainName(domain), " code (text), got a value "
                             "of type ", Py_TYPE(c.UniqueAt(u))->tp_name));
      }
      const int id = dict.Find(domain, Trim(code));
      if (id < 0) {
        FailUnique(c, u, Cat("unknown ", InputDomainName(domain), " code '", code,
                             "' (the rule pack knows: ", Join(dict.Codes(domain)), ")"));
      }
      lut_[u] = static_cast<uint8_t>(id);
    }
  }
  uint8_t operator()(size_t i) const {
    const int64_t code = c_.CodeAt(i);
    if (code < 0) c_.Fail(static_cast<int64_t>(i), "", "missing value");
    return lut_[code];
  }

 private:
  static std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size() && i < 20; ++i) Append(&s, i ? ", " : "", v[i]);
    if (v.size() > 20) s += ", …";
    return s;
  }
  const Column& c_;
  std::vector<uint8_t> lut_;
};

// Dates as days (kNoDay when missing).
class DayColumn {
 public:
  explicit DayColumn(const Column& c) : c_(c) {
    if (c.kind == Column::Kind::kAbsent) c.Fail(-1, "", "missing column");
    if (c.kind == Column::Kind::kDatetime) return;
    RequireKind(c, Column::Kind::kCodes, "date");
    lut_.resize(c.NumUniques());
    std::string error;
    for (size_t u = 0; u < lut_.size(); ++u) {
      PyObject* o = c.UniqueAt(u);
      std::string_view s;
      if (StrView(o, &s)) {
        if (!ParseDayText(s, &lut_[u], &error)) FailUnique(c, u, Cat("bad date: ", error));
      } else if (IsMissing(o)) {
        lut_[u] = kNoDay;
      } else {
        FailUnique(c, u, Cat("expected a date, got a value of type ", Py_TYPE(o)->tp_name));
      }
    }
  }
  int32_t operator()(size_t i) const {
    if (c_.kind == Column::Kind::kCodes) {
      const int64_t code = c_.CodeAt(i);
      return code < 0 ? kNoDay : lut_[code];
    }
    const int64_t v = *reinterpret_cast<const int64_t*>(c_.data + static_cast<pyb::ssize_t>(i) * c_.stride);
    if (v == kNaT) return kNoDay;
    const int64_t q = v / c_.per_day, day = (v % c_.per_day < 0) ? q - 1 : q;
    if (day < kMinDay || day > kMaxDay) {
      c_.Fail(static_cast<int64_t>(i), "", "date outside 1900-01-01 … 2199-12-31");
    }
    return static_cast<int32_t>(day);
  }

 private:
  const Column& c_;
  std::vector<int32_t> lut_;
};

// Whole numbers (missing → false). Floats must be integral.
inline bool IntAt(const Column& c, size_t i, int64_t* out) {
  const char* p = c.data + static_cast<pyb::ssize_t>(i) * c.stride;
  const char k = c.dtype_kind;
  if (k == 'b') c.Fail(static_cast<int64_t>(i), "", "expected a number, got a boolean column");
  if (k == 'f') {
    const double v = c.itemsize == 4 ? *reinterpret_cast<const float*>(p)
                                     : *reinterpret_cast<const double*>(p);
    if (v != v) return false;
    if (v != static_cast<double>(static_cast<int64_t>(v))) {
      c.Fail(static_cast<int64_t>(i), Cat(v), "expected a whole number");
    }
    *out = static_cast<int64_t>(v);
    return true;
  }
  *out = c.CodeAt(i);  // same integer decoding as codes
  if (k == 'u' && c.itemsize == 8 && *out < 0) {
    c.Fail(static_cast<int64_t>(i), "", "number too large");
  }
  return true;
}

// Booleans: a bool/number column, or text true/false/1/0.
class BoolColumn {
 public:
  explicit BoolColumn(const Column& c) : c_(c) {
    if (c.kind == Column::Kind::kAbsent) c.Fail(-1, "", "missing column");
    if (c.kind == Column::Kind::kNumbers) return;
    RequireKind(c, Column::Kind::kCodes, "boolean");
    lut_.resize(c.NumUniques());
    for (size_t u = 0; u < lut_.size(); ++u) {
      PyObject* o = c.UniqueAt(u);
      std::string_view s;
      if (o == Py_True || o == Py_False) {
        lut_[u] = o == Py_True;
      } else if (!StrView(o, &s) || !ParseBoolText(s, &lut_[u])) {
        FailUnique(c, u, "expected true or false");
      }
    }
  }
  uint8_t operator()(size_t i) const {
    if (c_.kind == Column::Kind::kCodes) {
      const int64_t code = c_.CodeAt(i);
      if (code < 0) c_.Fail(static_cast<int64_t>(i), "", "missing value (expected true or false)");
      return lut_[code];
    }
    if (c_.dtype_kind == 'b') {
      return *reinterpret_cast<const uint8_t*>(c_.data + static_cast<pyb::ssize_t>(i) * c_.stride) != 0;
    }
    int64_t v = 0;
    if (!IntAt(c_, i, &v)) c_.Fail(static_cast<int64_t>(i), "", "missing value (expected true or false)");
    if (v != 0 && v != 1) c_.Fail(static_cast<int64_t>(i), Cat(v), "expected true or false (1 or 0)");
    return static_cast<uint8_t>(v);
  }

 private:
  const Column& c_;
  std::vector<uint8_t> lut_;
};

// shown_on: platform codes joined by '|' → bit mask, once per distinct value.
class ShownColumn {
 public:
  ShownColumn(const Column& c, const Dictionary& dict) : c_(c) {
    if (c.kind == Column::Kind::kAbsent) c.Fail(-1, "", "missing column");
    if (c.kind == Column::Kind::kNumbers) {  // an all-empty column read by pandas as NaN
      all_empty_ = true;
      return;
    }
    RequireKind(c, Column::Kind::kCodes, "text");
    lut_.resize(c.NumUniques());
    for (size_t u = 0; u < lut_.size(); ++u) {
      std::string_view s;
      if (!StrView(c.UniqueAt(u), &s)) {
        if (IsMissing(c.UniqueAt(u))) continue;
        FailUnique(c, u, "expected platform codes joined by '|'");
      }
      s = Trim(s);
      for (size_t pos = 0; !s.empty() && pos <= s.size();) {
        const size_t bar = std::min(s.find('|', pos), s.size());
        const std::string_view tok = Trim(s.substr(pos, bar - pos));
        const int p = dict.Find(InputDomain::kPlatform, tok);
        if (p < 0) {
          FailUnique(c, u, tok.empty() ? std::string("empty platform code in shown_on")
                                       : Cat("unknown platform code '", tok, "'"));
        }
        lut_[u] |= static_cast<uint8_t>(1u << p);
        pos = bar + 1;
      }
    }
  }
  uint8_t operator()(size_t i) const {
    if (all_empty_) return 0;
    const int64_t code = c_.CodeAt(i);
    return code < 0 ? 0 : lut_[code];
  }

 private:
  const Column& c_;
  bool all_empty_ = false;
  std::vector<uint8_t> lut_;
};

// repaired_on: platform:YYYY-MM-DD joined by '|' → one date per platform.
inline void ParseRepaired(const Column& c, int64_t row, std::string_view rv,
                          const Dictionary& dict, int32_t* rep) {
  std::string error;
  rv = Trim(rv);
  for (size_t pos = 0; !rv.empty() && pos <= rv.size();) {
    const size_t bar = std::min(rv.find('|', pos), rv.size());
    const std::string_view tok = Trim(rv.substr(pos, bar - pos));
    pos = bar + 1;
    const size_t colon = tok.find(':');
    if (colon == std::string_view::npos) {
      c.Fail(row, std::string(rv), "repaired_on entries are platform:YYYY-MM-DD joined by '|'");
    }
    const std::string_view pcode = Trim(tok.substr(0, colon));
    const int p = dict.Find(InputDomain::kPlatform, pcode);
    if (p < 0) c.Fail(row, std::string(rv), Cat("unknown platform code '", pcode, "'"));
    if (rep[p] != kNoDay) {
      c.Fail(row, std::string(rv), Cat("platform '", pcode, "' is listed twice in repaired_on"));
    }
    const std::string_view dtext = Trim(tok.substr(colon + 1));
    if (dtext.empty()) c.Fail(row, std::string(rv), "repaired_on date is empty");
    if (!ParseDayText(dtext, &rep[p], &error)) c.Fail(row, std::string(rv), Cat("bad date: ", error));
  }
}

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_COLUMN_READERS_H_
