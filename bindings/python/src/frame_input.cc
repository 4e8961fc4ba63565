// ConvertFrames: entities and records columns → Population. The value rules are the CSV
// reader's (src/population_io.cc): YYYY-MM-DD dates (also YYYY/M/D), empty = missing, shown_on
// as platform codes joined by '|', repaired_on as platform:date joined by '|', a USCC with a
// wrong check character kept and flagged.
#include "frame_input.h"

#include <algorithm>
#include <cstring>

#include "absl/container/flat_hash_set.h"
#include "parallel.h"
#include "str_util.h"
#include "xiufu/uscc.h"

namespace xiufu::py {
namespace {

constexpr int32_t kMinDay = FromYmd(1900, 1, 1).days;
constexpr int32_t kMaxDay = FromYmd(2199, 12, 31).days;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The CSV reader's syntax check: 18 characters of the charset, digits in positions 3–8.
std::string UsccSyntaxProblem(std::string_view s) {
  if (s.empty()) return "USCC is empty";
  if (s.size() != 18) return Cat("USCC has ", s.size(), " characters, expected 18");
  for (size_t i = 0; i < 18; ++i) {
    if (UsccCharValue(s[i]) < 0) {
      return Cat("USCC character ", i + 1, " ('", s.substr(i, 1),
                 "') is not in the character set 0-9 A-H J-N P-R T U W X Y");
    }
    if (i >= 2 && i < 8 && (s[i] < '0' || s[i] > '9')) {
      return Cat("USCC character ", i + 1, " ('", s.substr(i, 1),
                 "') must be a digit (administrative division code)");
    }
  }
  return "";
}

// GB 32100-2015 in one pass, for bulk input: the CSV reader's syntax rules (18 characters of
// the charset, digits in positions 3-8) and the check character of xiufu::ValidateUscc, with
// no message building. False on a syntax problem (UsccSyntaxProblem words it); else *valid
// says whether the check character is right.
struct UsccChars {
  int8_t v[256];
  constexpr UsccChars() : v{} {
    for (int i = 0; i < 256; ++i) v[i] = -1;
    for (int i = 0; i < 31; ++i) v[static_cast<unsigned char>(kUsccCharset[i])] = static_cast<int8_t>(i);
  }
};
constexpr UsccChars kUsccChars;
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

inline bool FastUscc(std::string_view s, bool* valid) {
  if (s.size() != 18) return false;
  int sum = 0;
  bool bad = false;
  for (int i = 0; i < 17; ++i) {
    const int v = kUsccChars.v[static_cast<unsigned char>(s[i])];
    bad |= v < 0;
    sum += v * kUsccWeights[i];
  }
  for (int i = 2; i < 8; ++i) bad |= s[i] < '0' || s[i] > '9';
  const int last = kUsccChars.v[static_cast<unsigned char>(s[17])];
  if (bad || last < 0) return false;
  const int check = (31 - sum % 31) % 31;
  *valid = last == check;
  return true;
}

// For worker threads (no Python API): 1 with the text of a plain-ASCII str, 0 for a missing
// value (None, float NaN), -1 when the main thread must look (other objects, non-ASCII text).
int WorkerText(PyObject* o, std::string_view* out) {
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
bool TextAt(const Column& c, PyObject* o, int64_t row, std::string_view* out) {
  if (StrView(o, out)) return true;
  if (IsMissing(o)) return false;
  c.Fail(row, ShortRepr(o), Cat("expected text, got a value of type ", Py_TYPE(o)->tp_name));
}

bool ParseDayText(std::string_view s, int32_t* out, std::string* error) {
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

bool ParseBoolText(std::string_view s, uint8_t* out) {
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
[[noreturn]] void FailUnique(const Column& c, size_t u, std::string message) {
  c.Fail(c.FirstRowWithCode(static_cast<int64_t>(u)), ShortRepr(c.UniqueAt(u)),
         std::move(message));
}

void RequireKind(const Column& c, Column::Kind kind, const char* what) {
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
bool IntAt(const Column& c, size_t i, int64_t* out) {
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
void ParseRepaired(const Column& c, int64_t row, std::string_view rv, const Dictionary& dict,
                   int32_t* rep) {
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

// Open-addressing index of the entities' USCCs (18 bytes) → entity index. Slots keep a hash
// tag next to the index, so a probe touches the key itself only on a likely match.
class UsccIndex {
 public:
  explicit UsccIndex(const std::vector<Uscc>& keys) : keys_(keys) {
    size_t cap = 16;
    while (cap < keys.size() * 2) cap <<= 1;
    mask_ = cap - 1;
    slots_.assign(cap, Slot{-1, 0});
  }
  // Inserts entity `e`; returns the index of an earlier entity with the same USCC, or -1.
  int64_t Insert(uint32_t e) {
    const uint64_t h = Hash(keys_[e].data());
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].index < 0) {
        slots_[i] = Slot{static_cast<int32_t>(e), tag};
        return -1;
      }
      if (slots_[i].tag == tag && Equal(keys_[slots_[i].index].data(), keys_[e].data())) {
        return slots_[i].index;
      }
    }
  }
  int64_t Find(std::string_view s) const {
    if (s.size() != 18) return -1;
    const uint64_t h = Hash(s.data());
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].index < 0) return -1;
      if (slots_[i].tag == tag && Equal(keys_[slots_[i].index].data(), s.data())) {
        return slots_[i].index;
      }
    }
  }

 private:
  struct Slot {
    int32_t index;
    uint32_t tag;
  };
  static void Load(const char* p, uint64_t* a, uint64_t* b, uint16_t* c) {
    std::memcpy(a, p, 8);
    std::memcpy(b, p + 8, 8);
    std::memcpy(c, p + 16, 2);
  }
  static bool Equal(const char* x, const char* y) {
    uint64_t a1, b1, a2, b2;
    uint16_t c1, c2;
    Load(x, &a1, &b1, &c1);
    Load(y, &a2, &b2, &c2);
    return ((a1 ^ a2) | (b1 ^ b2) | static_cast<uint64_t>(c1 ^ c2)) == 0;
  }
  static uint64_t Hash(const char* p) {
    uint64_t a, b;
    uint16_t c;
    Load(p, &a, &b, &c);
    uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ ((b + c) * 0xC2B2AE3D27D4EB4Full);
    return h ^ (h >> 29);
  }
  const std::vector<Uscc>& keys_;
  size_t mask_ = 0;
  std::vector<Slot> slots_;
};

Column Get(const pyb::dict& d, const char* frame, const char* name, bool required) {
  if (!d.contains(name)) {
    if (required) throw InputError{frame, name, -1, "", "missing column"};
    return Column::From(pyb::none(), frame, name);
  }
  return Column::From(d[name], frame, name);
}

void ConvertEntities(const Dictionary& dict, const pyb::dict& in, bool with_text, int threads,
                     Population& pop) {
  const Column uscc = Get(in, "entities", "uscc", true);
  const Column name = Get(in, "entities", "name", false);
  const Column status_col = Get(in, "entities", "status", true);
  const Column reg_col = Get(in, "entities", "registration_date", true);
  const Column year = Get(in, "entities", "last_report_year", true);
  const Column unreach_col = Get(in, "entities", "unreachable", true);
  RequireKind(uscc, Column::Kind::kStrings, "text");
  const size_t n = uscc.size;
  for (const Column* c : {&name, &status_col, &reg_col, &year, &unreach_col}) {
    if (c->kind != Column::Kind::kAbsent && c->size != n) {
      c->Fail(-1, "", Cat("has ", c->size, " rows, uscc has ", n));
    }
  }
  const EnumColumn status(status_col, dict, InputDomain::kEntityStatus);
  const DayColumn registration(reg_col);
  const BoolColumn unreachable(unreach_col);
  if (year.kind != Column::Kind::kNumbers) year.Fail(-1, "", "expected numbers (a year or empty)");

  pop.uscc.resize(n);
  pop.entity_kind.resize(n);
  pop.entity_status.resize(n);
  pop.registration.resize(n);
  pop.last_report_year.resize(n);
  pop.entity_flags.resize(n);
  if (with_text) pop.name.resize(n);
  auto convert = [&](size_t e, std::string_view s) {
    bool valid = false;
    if (!FastUscc(s, &valid)) uscc.Fail(static_cast<int64_t>(e), std::string(s), UsccSyntaxProblem(s));
    std::copy_n(s.data(), 18, pop.uscc[e].begin());
    pop.entity_kind[e] = static_cast<uint8_t>(EntityKindFromUscc(s));
    pop.entity_status[e] = status(e);
    pop.registration[e] = registration(e);
    int64_t y = 0;
    if (IntAt(year, e, &y) && y != 0 && (y < 1900 || y > 2199)) {
      year.Fail(static_cast<int64_t>(e), Cat(y),
                "last_report_year must be a year (1900-2199) or empty for never");
    }
    pop.last_report_year[e] = static_cast<int16_t>(y);
    pop.entity_flags[e] = static_cast<uint8_t>((valid ? kFlagUsccValid : 0) |
                                               (unreachable(e) ? kFlagUnreachable : 0));
  };
  // Plain-ASCII USCCs are converted on worker threads; anything else (missing values, other
  // objects, non-ASCII text) afterwards on this thread, with the Python API.
  const int chunks = ChunkCount(n, threads, 16384);
  std::vector<std::vector<size_t>> deferred(chunks);
  ParallelChunks(n, chunks, [&](int c, size_t lo, size_t hi) {
    for (size_t e = lo; e < hi; ++e) {
      std::string_view s;
      if (WorkerText(uscc.ObjectAt(e), &s) != 1) {
        deferred[c].push_back(e);
        continue;
      }
      convert(e, s);
    }
  });
  for (const std::vector<size_t>& rows : deferred) {
    for (size_t e : rows) {
      std::string_view s;
      if (!TextAt(uscc, uscc.ObjectAt(e), static_cast<int64_t>(e), &s)) s = {};
      convert(e, s);
    }
  }
  if (with_text && name.kind == Column::Kind::kStrings) {
    for (size_t e = 0; e < n; ++e) {
      std::string_view nm;
      if (TextAt(name, name.ObjectAt(e), static_cast<int64_t>(e), &nm)) pop.name[e] = std::string(nm);
    }
  }
}

}  // namespace

std::vector<std::vector<std::string>> DomainCodes(const Dictionary& dict) {
  std::vector<std::vector<std::string>> out;
  for (int k = 0; k < kNumInputDomains; ++k) out.push_back(dict.Codes(static_cast<InputDomain>(k)));
  return out;
}

std::shared_ptr<Prepared> ConvertFrames(const Dictionary& dict, pyb::dict entities,
                                        pyb::dict records, bool with_text, int threads) {
  auto out = std::make_shared<Prepared>();
  out->domains = DomainCodes(dict);
  Population& pop = out->pop;
  pop.num_platforms = dict.num_platforms();
  ConvertEntities(dict, entities, with_text, threads, pop);
  const size_t n = pop.uscc.size();

  UsccIndex index(pop.uscc);
  for (uint32_t e = 0; e < n; ++e) {
    if (const int64_t first = index.Insert(e); first >= 0) {
      throw InputError{"entities", "uscc", e, std::string(pop.uscc[e].data(), 18),
                       Cat("USCC already used in row ", first)};
    }
  }

  // ---- records: owning entity of every row, then grouped by entity (stable) ----
  const Column rid = Get(records, "records", "record_id", true);
  const Column ruscc = Get(records, "records", "uscc", true);
  RequireKind(rid, Column::Kind::kStrings, "text");
  const size_t m = rid.size;
  out->input_records = m;
  std::vector<uint32_t> owner(m);
  if (ruscc.size != m) ruscc.Fail(-1, "", Cat("has ", ruscc.size, " rows, record_id has ", m));
  if (ruscc.kind == Column::Kind::kCodes) {
    std::vector<int64_t> lut(ruscc.NumUniques());
    for (size_t u = 0; u < lut.size(); ++u) {
      std::string_view s;
      if (!StrView(ruscc.UniqueAt(u), &s)) FailUnique(ruscc, u, "expected a USCC (text)");
      if ((lut[u] = index.Find(s)) < 0) FailUnique(ruscc, u, "USCC is not in entities");
    }
    for (size_t i = 0; i < m; ++i) {
      const int64_t code = ruscc.CodeAt(i);
      if (code < 0) ruscc.Fail(static_cast<int64_t>(i), "", "USCC is empty");
      owner[i] = static_cast<uint32_t>(lut[code]);
    }
  } else {
    RequireKind(ruscc, Column::Kind::kStrings, "text");
    for (size_t i = 0; i < m; ++i) {
      std::string_view s;
      if (!StrView(ruscc.ObjectAt(i), &s) &&
          !TextAt(ruscc, ruscc.ObjectAt(i), static_cast<int64_t>(i), &s)) {
        s = {};
      }
      const int64_t e = index.Find(s);
      if (e < 0) {
        std::string problem = UsccSyntaxProblem(s);
        ruscc.Fail(static_cast<int64_t>(i), std::string(s),
                   problem.empty() ? std::string("USCC is not in entities") : problem);
      }
      owner[i] = static_cast<uint32_t>(e);
    }
  }
  // Record ids: non-empty text, unique (the output frames use them as categories).
  {
    absl::flat_hash_set<absl::string_view> seen;
    seen.reserve(m);
    for (size_t i = 0; i < m; ++i) {
      std::string_view s;
      if ((!StrView(rid.ObjectAt(i), &s) &&
           !TextAt(rid, rid.ObjectAt(i), static_cast<int64_t>(i), &s)) || Trim(s).empty()) {
        rid.Fail(static_cast<int64_t>(i), "", "record_id is empty");
      }
      if (!seen.insert(AV(s)).second) {
        rid.Fail(static_cast<int64_t>(i), std::string(s), "record_id is used twice");
      }
    }
  }
  pop.record_begin.assign(n + 1, 0);
  for (size_t i = 0; i < m; ++i) ++pop.record_begin[owner[i] + 1];
  for (size_t e = 0; e < n; ++e) pop.record_begin[e + 1] += pop.record_begin[e];
  out->record_row.resize(m);
  {
    std::vector<uint32_t> next(pop.record_begin.begin(), pop.record_begin.end() - 1);
    for (size_t i = 0; i < m; ++i) out->record_row[next[owner[i]]++] = static_cast<uint32_t>(i);
  }

  // ---- record columns, in population order ----
  const char* kEnumNames[6] = {"department", "record_kind", "severity", "penalty", "procedure",
                               "sector"};
  constexpr InputDomain kEnumDomains[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                           InputDomain::kSeverity,   InputDomain::kPenalty,
                                           InputDomain::kProcedure,  InputDomain::kSector};
  std::vector<Column> enum_cols, date_cols;
  for (const char* nm : kEnumNames) enum_cols.push_back(Get(records, "records", nm, true));
  for (const char* nm : {"decision_date", "publication_date", "fulfilled_date", "corrected_date"}) {
    date_cols.push_back(Get(records, "records", nm, true));
  }
  const Column fine = Get(records, "records", "fine_yuan", true);
  const Column shown_col = Get(records, "records", "shown_on", true);
  const Column repaired = Get(records, "records", "repaired_on", true);
  for (const Column* c : {&fine, &shown_col, &repaired}) {
    if (c->size != m) c->Fail(-1, "", Cat("has ", c->size, " rows, record_id has ", m));
  }
  for (const std::vector<Column>* v : {&enum_cols, &date_cols}) {
    for (const Column& c : *v) {
      if (c.size != m) c.Fail(-1, "", Cat("has ", c.size, " rows, record_id has ", m));
    }
  }
  if (fine.kind != Column::Kind::kNumbers) fine.Fail(-1, "", "expected numbers (whole yuan)");
  std::vector<EnumColumn> enums;
  enums.reserve(6);
  for (int k = 0; k < 6; ++k) enums.emplace_back(enum_cols[k], dict, kEnumDomains[k]);
  std::vector<DayColumn> dates;
  dates.reserve(4);
  for (const Column& c : date_cols) dates.emplace_back(c);
  const ShownColumn shown(shown_col, dict);
  const bool repaired_all_empty = repaired.kind == Column::Kind::kNumbers;
  if (!repaired_all_empty && repaired.kind != Column::Kind::kStrings &&
      repaired.kind != Column::Kind::kCodes) {
    repaired.Fail(-1, "", "expected text (platform:YYYY-MM-DD joined by '|')");
  }

  std::vector<uint8_t>* enum_out[6] = {&pop.department, &pop.record_kind, &pop.severity,
                                       &pop.penalty,    &pop.procedure,   &pop.sector};
  std::vector<int32_t>* date_out[4] = {&pop.decision, &pop.publication, &pop.fulfilled,
                                       &pop.corrected};
  for (auto* v : enum_out) v->resize(m);
  for (auto* v : date_out) v->resize(m);
  pop.shown_mask.resize(m);
  pop.fine_yuan.resize(m);
  const int np = pop.num_platforms;
  pop.repaired.assign(m * np, kNoDay);
  if (with_text) pop.record_id.resize(m);
  // The repaired_on text of input row i: 1 text, 0 missing, -1 needs the main thread.
  auto repaired_text = [&](size_t i, std::string_view* s) -> int {
    if (repaired_all_empty) return 0;
    if (repaired.kind == Column::Kind::kStrings) return WorkerText(repaired.ObjectAt(i), s);
    const int64_t code = repaired.CodeAt(i);
    return code < 0 ? 0 : WorkerText(repaired.UniqueAt(code), s);
  };
  auto convert = [&](size_t r, bool on_worker) {
    const size_t i = out->record_row[r];
    for (int k = 0; k < 6; ++k) (*enum_out[k])[r] = enums[k](i);
    for (int k = 0; k < 4; ++k) (*date_out[k])[r] = dates[k](i);
    int64_t f = 0;
    if (IntAt(fine, i, &f) && (f < 0 || f > (int64_t{1} << 53))) {
      fine.Fail(static_cast<int64_t>(i), Cat(f), "fine_yuan must be a whole, non-negative number of yuan");
    }
    pop.fine_yuan[r] = f;
    pop.shown_mask[r] = shown(i);
    std::string_view s;
    int text = repaired_text(i, &s);
    if (text < 0) {
      if (on_worker) return false;
      PyObject* o = repaired.kind == Column::Kind::kStrings ? repaired.ObjectAt(i)
                                                            : repaired.UniqueAt(repaired.CodeAt(i));
      text = TextAt(repaired, o, static_cast<int64_t>(i), &s) ? 1 : 0;
    }
    if (text == 1 && !s.empty()) {
      ParseRepaired(repaired, static_cast<int64_t>(i), s, dict, &pop.repaired[r * np]);
    }
    return true;
  };
  const int chunks = ChunkCount(m, threads, 16384);
  std::vector<std::vector<size_t>> deferred(chunks);
  ParallelChunks(m, chunks, [&](int c, size_t lo, size_t hi) {
    for (size_t r = lo; r < hi; ++r) {
      if (!convert(r, true)) deferred[c].push_back(r);
    }
  });
  for (const std::vector<size_t>& rows : deferred) {
    for (size_t r : rows) convert(r, false);
  }
  if (with_text) {
    for (size_t r = 0; r < m; ++r) {
      std::string_view s;
      StrView(rid.ObjectAt(out->record_row[r]), &s);
      pop.record_id[r] = std::string(s);
    }
  }
  return out;
}

}  // namespace xiufu::py
