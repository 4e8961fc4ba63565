// Tests for the columnar entry of include/xiufu/runtime/population_builder.h
// (PopulationBuilder::AddEntities / AddRecords): on random rows — good and bad, typed, text and
// absent values, duplicates, Excel forms, implausible dates, records of unknown or rejected
// entities — given as columns in every form (typed values, dictionary-encoded, per-row inputs;
// text as views, as one buffer with offsets, or encoded), the columnar entry gives exactly what
// AddEntity / AddRecord row by row give: the same population, diagnostics, warnings, counts,
// record rows and accepted rows, on any number of threads.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "support/same_build.h"
#include "support/test_codes.h"
#include "xiufu/runtime/population_builder.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

Dictionary ColumnsDictionary() {
  const Dictionary::CodeLists codes = testing::SmallTestCodes();
  Dictionary::CodeLists labels;
  labels[7] = {"存续", "吊销", "注销"};
  std::vector<CustomColumn> columns(4);
  columns[0] = {.name = "credit_grade", .scope = FactScope::kEntity, .type = FactType::kEnum,
                .domain = "grade", .default_value = 0, .default_text = "a"};
  columns[1] = {.name = "listed_on", .scope = FactScope::kEntity, .type = FactType::kDate,
                .default_value = kNull, .default_text = "-"};
  columns[2] = {.name = "heavier", .scope = FactScope::kRecord, .type = FactType::kBool,
                .default_value = 0, .default_text = "false"};
  columns[3] = {.name = "count", .scope = FactScope::kRecord, .type = FactType::kNumber,
                .default_value = 0, .default_text = "0"};
  absl::StatusOr<Dictionary> d =
      Dictionary::FromCodes(codes, labels, columns, {{"a", "b", "c"}, {}, {}, {}});
  EXPECT_TRUE(d.ok()) << d.status();
  return *d;
}

// ---- random rows: every field an Input (what AddEntity / AddRecord take) ----

class Rows {
 public:
  explicit Rows(uint64_t seed) : rng_(seed) {}

  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  // Most rows are good in every field (the columnar fast path); the others may be bad in any.
  // Rows from `from` on are all good (the columnar entry's parallel passes take them all): with
  // `repeats`, entity rows now and then repeat a USCC and record rows an id or name an unknown
  // USCC; without, every record row has its own id and a USCC of the pool.
  void CleanFrom(size_t from, bool repeats) {
    clean_from_ = from;
    repeats_ = repeats;
  }
  void NextRow(size_t i) {
    clean_ = i >= clean_from_;
    good_ = clean_ || Chance(70);
  }
  bool clean() const { return clean_; }
  bool repeats() const { return repeats_; }
  size_t K(size_t good_below) { return good_ ? Pick(good_below) : Pick(100); }
  bool good() const { return good_; }
  bool Chance(int percent) { return static_cast<int>(Pick(100)) < percent; }
  std::string_view Keep(std::string s) { return *texts_.emplace_back(std::make_unique<std::string>(std::move(s))); }

  std::string Uscc() {
    std::string s = "9" + std::string(1, "123"[Pick(3)]) + "330105";
    for (int i = 0; i < 9; ++i) s += kUsccCharset[Pick(kUsccCharset.size())];
    s += UsccCheckChar(s);
    return s;
  }
  // One of `pool` (reused: duplicates), a fresh one, or a broken one.
  std::string_view UsccText(std::vector<std::string>* pool) {
    if (clean_ && repeats_ && Chance(3) && !pool->empty()) {
      return Keep((*pool)[Pick(pool->size())]);
    }
    const size_t k = clean_ && Chance(2) ? 15 : good_ ? 17 + Pick(83) : Pick(100);
    if (k < 8 && !pool->empty()) return Keep((*pool)[Pick(pool->size())]);
    if (k < 10) return Keep("=\"" + Uscc() + "\"");
    if (k < 12) return Keep(" " + Uscc() + "\t");
    if (k < 13) return "9.23301E+17";
    if (k < 14) return Keep(Uscc().substr(0, 17));
    if (k < 15) {
      std::string s = Uscc();
      s[3] = 'A';
      return Keep(s);
    }
    if (k < 16) {
      std::string s = Uscc();
      s[17] = s[17] == '0' ? '1' : '0';  // wrong check character: kept, flagged
      pool->push_back(s);
      return Keep(s);
    }
    if (k < 17) return "";
    pool->push_back(Uscc());
    return Keep(pool->back());
  }
  template <typename T>
  Input<T> Text(std::string_view s) { return Input<T>(s); }

  CodeInput Code(const Dictionary& dict, InputDomain d) {
    const size_t k = K(89);
    const int size = dict.Size(d);
    if (k < 45) return CodeInput(static_cast<int>(Pick(static_cast<size_t>(size))));
    if (k < 85) return CodeInput(dict.Codes(d)[Pick(static_cast<size_t>(size))]);
    if (k < 89 && d == InputDomain::kEntityStatus) return CodeInput("吊销");
    if (k < 92) return CodeInput(Keep(" " + std::string(dict.Codes(d)[0]) + " "));
    if (k < 94) return CodeInput(size + 3);
    if (k < 97) return CodeInput("nope");
    return CodeInput();
  }
  Input<Date> Day(bool required_ish) {
    const size_t k = K(75);
    const int32_t base = FromYmd(2015, 1, 1).days;
    const Date d{base + static_cast<int32_t>(Pick(4000))};
    if (k < (required_ish ? 60 : 40)) return d;
    if (k < 75) return Keep(FormatDate(d));
    if (k < 78) return Keep("2020/3/" + std::to_string(Pick(40)));
    if (k < 80) return "2021-02-30";
    if (k < 81) return Date{FromYmd(1800, 1, 1).days};
    if (k < 83) return Date{kNoDay};
    if (k < 85) return " ";
    return {};
  }
  Input<int64_t> Year() {
    const size_t k = K(65);
    if (k < 50) return int64_t{2015 + static_cast<int64_t>(Pick(12))};
    if (k < 65) return Keep(std::to_string(2015 + Pick(12)));
    if (k < 68) return int64_t{1800};
    if (k < 70) return "20x5";
    return {};
  }
  Input<bool> Bool() {
    const size_t k = K(75);
    if (k < 60) return Chance(50);
    if (k < 75) return Chance(50) ? "true" : "0";
    if (k < 78) return "yes";
    if (k < 80) return {};
    return false;
  }
  Input<int64_t> Fine() {
    const size_t k = K(70);
    if (k < 55) return int64_t{static_cast<int64_t>(Pick(100000))};
    if (k < 70) return Keep(std::to_string(Pick(100000)));
    if (k < 72) return int64_t{-5};
    if (k < 74) return "12.5";
    return {};
  }
  Input<uint32_t> Shown() {
    const size_t k = K(70);
    if (k < 40) return static_cast<uint32_t>(Pick(8));
    if (k < 70) return Chance(50) ? "necips|credit_china" : "credit_zhejiang";
    if (k < 72) return uint32_t{64};
    if (k < 74) return "necips||credit_china";
    if (k < 76) return "weibo";
    return {};
  }
  Input<absl::Span<const Date>> Repaired() {
    const size_t k = K(20);
    if (k < 10) {
      auto& v = spans_.emplace_back(std::make_unique<std::vector<Date>>(3, Date{kNoDay}));
      (*v)[Pick(3)] = Date{FromYmd(2024, 1, 1).days + static_cast<int32_t>(Pick(600))};
      return absl::Span<const Date>(*v);
    }
    if (k < 20) return "credit_china:2024-08-01";
    if (k < 22) return "credit_china:2024-08-01|credit_china:2024-09-01";
    if (k < 24) return "necips-2024-08-01";
    if (k < 25) {
      auto& v = spans_.emplace_back(std::make_unique<std::vector<Date>>(2, Date{kNoDay}));
      return absl::Span<const Date>(*v);  // wrong length
    }
    return {};
  }
  Input<int64_t> Custom(FactType type) {
    const size_t k = K(type == FactType::kDate ? 60 : 70);
    switch (type) {
      case FactType::kEnum:
        if (k < 40) return int64_t{static_cast<int64_t>(Pick(3))};
        if (k < 70) return Chance(50) ? "b" : "c";
        if (k < 73) return "z";
        if (k < 75) return int64_t{7};
        return {};
      case FactType::kDate:
        if (k < 40) return int64_t{FromYmd(2020, 1, 1).days + static_cast<int64_t>(Pick(900))};
        if (k < 60) return "2021-06-30";
        if (k < 62) return "2021-13-01";
        if (k < 64) return int64_t{kNoDay};
        return {};
      case FactType::kBool:
        if (k < 50) return int64_t{static_cast<int64_t>(Pick(2))};
        if (k < 70) return "true";
        if (k < 72) return int64_t{2};
        if (k < 74) return "maybe";
        return {};
      default:
        if (k < 50) return int64_t{static_cast<int64_t>(Pick(1000)) - 10};
        if (k < 70) return "-42";
        if (k < 72) return "4.5";
        return {};
    }
  }

 private:
  std::mt19937_64 rng_;
  bool good_ = false, clean_ = false, repeats_ = false;
  size_t clean_from_ = SIZE_MAX;
  std::vector<std::unique_ptr<std::string>> texts_;
  std::vector<std::unique_ptr<std::vector<Date>>> spans_;
};

// What makes two inputs the same category: their kind and their text or value (a span by its
// address). A map key, so that a column of n rows finds its categories in O(n).
template <typename T>
std::string CategoryKey(const Input<T>& a) {
  std::string key(1, static_cast<char>(a.kind));
  if (a.kind == Input<T>::Kind::kText) return key.append(a.text);
  if (a.kind == Input<T>::Kind::kAbsent) return key;
  if constexpr (std::is_same_v<T, absl::Span<const Date>>) {
    return absl::StrCat(key, reinterpret_cast<uintptr_t>(a.value.data()), ",", a.value.size());
  } else if constexpr (std::is_same_v<T, Date>) {
    return absl::StrCat(key, a.value.days);
  } else {
    return absl::StrCat(key, a.value);
  }
}

class ColumnMaker {
 public:
  explicit ColumnMaker(Rows* rng) : rng_(rng) {}

  // The rows' inputs in a form picked at random among those that can hold them.
  template <typename T>
  ColumnInput<T> Make(const std::vector<Input<T>>& in) {
    ColumnInput<T> c;
    const bool typed = std::all_of(in.begin(), in.end(),
                                   [](const Input<T>& x) { return x.kind != Input<T>::Kind::kText; });
    const size_t form = rng_->Pick(typed ? 4 : 3);
    if (form == 0 && !in.empty()) {
      c.inputs = Keep(in);
    } else if (form == 3 || (form == 0 && in.empty())) {
      // bool values as bytes (std::vector<bool> has no buffer to view).
      using Stored = std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>;
      std::vector<Stored> values(in.size());
      std::vector<uint8_t> absent(in.size());
      bool any_absent = false;
      for (size_t i = 0; i < in.size(); ++i) {
        if (in[i].is_value()) values[i] = static_cast<Stored>(in[i].value);
        absent[i] = in[i].absent();
        any_absent = any_absent || absent[i];
      }
      const absl::Span<const Stored> kept = Keep(std::move(values));
      c.values = absl::MakeConstSpan(reinterpret_cast<const T*>(kept.data()), kept.size());
      if (any_absent || rng_->Chance(30)) c.absent = Keep(std::move(absent));
    } else {
      std::vector<Input<T>> cats;
      absl::flat_hash_map<std::string, int32_t> code_of;
      std::vector<int32_t> codes(in.size());
      for (size_t i = 0; i < in.size(); ++i) {
        if (in[i].absent() && rng_->Chance(70)) {
          codes[i] = -1;
          continue;
        }
        const auto [it, added] =
            code_of.try_emplace(CategoryKey(in[i]), static_cast<int32_t>(cats.size()));
        if (added) cats.push_back(in[i]);
        codes[i] = it->second;
      }
      if (cats.empty()) cats.push_back(Input<T>());  // pandas keeps unused categories
      c.codes = Keep(std::move(codes));
      c.categories = Keep(std::move(cats));
    }
    return c;
  }
  TextColumn MakeText(const std::vector<std::string_view>& in) {
    TextColumn c;
    switch (rng_->Pick(3)) {
      case 0: c.values = Keep(in); break;
      case 1: {
        std::vector<char> chars;
        std::vector<int64_t> offsets;
        for (std::string_view s : in) {
          offsets.push_back(static_cast<int64_t>(chars.size()));
          chars.insert(chars.end(), s.begin(), s.end());
        }
        offsets.push_back(static_cast<int64_t>(chars.size()));
        c.chars = Keep(std::move(chars));
        c.offsets = Keep(std::move(offsets));
        break;
      }
      default: {
        std::vector<std::string_view> cats;
        absl::flat_hash_map<std::string_view, int32_t> code_of;
        std::vector<int32_t> codes(in.size());
        for (size_t i = 0; i < in.size(); ++i) {
          if (in[i].empty() && rng_->Chance(50)) {
            codes[i] = -1;
            continue;
          }
          const auto [it, added] = code_of.try_emplace(in[i], static_cast<int32_t>(cats.size()));
          if (added) cats.push_back(in[i]);
          codes[i] = it->second;
        }
        c.codes = Keep(std::move(codes));
        c.categories = Keep(std::move(cats));
      }
    }
    return c;
  }

 private:
  template <typename T>
  absl::Span<const T> Keep(std::vector<T> v) {
    auto p = std::make_shared<std::vector<T>>(std::move(v));
    keep_.push_back(p);
    return *p;
  }
  Rows* rng_;
  std::vector<std::shared_ptr<void>> keep_;
};

struct EntityRows {
  std::vector<std::string_view> uscc, name;
  std::vector<CodeInput> status;
  std::vector<Input<Date>> registration;
  std::vector<Input<int64_t>> year;
  std::vector<Input<bool>> unreachable;
  std::vector<std::vector<Input<int64_t>>> custom;  // by ordinal
  size_t size() const { return uscc.size(); }
  EntityInput Row(size_t i, std::vector<Input<int64_t>>* custom_row) const {
    custom_row->clear();
    for (const auto& c : custom) custom_row->push_back(c[i]);
    return {.uscc = uscc[i], .name = name[i], .status = status[i],
            .registration_date = registration[i], .last_report_year = year[i],
            .unreachable = unreachable[i], .custom = *custom_row};
  }
};

struct RecordRows {
  std::vector<std::string_view> id, uscc;
  std::vector<CodeInput> enums[6];
  std::vector<Input<Date>> dates[4];  // decision, publication, fulfilled, corrected
  std::vector<Input<int64_t>> fine;
  std::vector<Input<uint32_t>> shown;
  std::vector<Input<absl::Span<const Date>>> repaired;
  std::vector<std::vector<Input<int64_t>>> custom;
  size_t size() const { return id.size(); }
  RecordInput Row(size_t i, std::vector<Input<int64_t>>* custom_row) const {
    custom_row->clear();
    for (const auto& c : custom) custom_row->push_back(c[i]);
    return {.record_id = id[i], .uscc = uscc[i], .department = enums[0][i],
            .record_kind = enums[1][i], .severity = enums[2][i], .penalty = enums[3][i],
            .procedure = enums[4][i], .sector = enums[5][i], .decision_date = dates[0][i],
            .publication_date = dates[1][i], .fine_yuan = fine[i], .fulfilled_date = dates[2][i],
            .corrected_date = dates[3][i], .shown_on = shown[i], .repaired_on = repaired[i],
            .custom = *custom_row};
  }
};

EntityRows MakeEntities(Rows& r, const Dictionary& dict, size_t n, std::vector<std::string>* pool) {
  EntityRows e;
  e.custom.resize(static_cast<size_t>(dict.NumColumns(FactScope::kEntity)));
  for (size_t i = 0; i < n; ++i) {
    r.NextRow(i);
    e.uscc.push_back(r.UsccText(pool));
    e.name.push_back(r.Chance(90) ? r.Keep("企业" + std::to_string(i)) : std::string_view());
    e.status.push_back(r.Code(dict, InputDomain::kEntityStatus));
    e.registration.push_back(r.Day(false));
    e.year.push_back(r.Year());
    e.unreachable.push_back(r.Bool());
    for (size_t k = 0; k < e.custom.size(); ++k) {
      e.custom[k].push_back(r.Custom(dict.Column(FactScope::kEntity, static_cast<int>(k))->type));
    }
  }
  return e;
}

RecordRows MakeRecords(Rows& r, const Dictionary& dict, size_t m, std::vector<std::string>* pool) {
  constexpr InputDomain kDomains[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                       InputDomain::kSeverity,   InputDomain::kPenalty,
                                       InputDomain::kProcedure,  InputDomain::kSector};
  RecordRows rr;
  rr.custom.resize(static_cast<size_t>(dict.NumColumns(FactScope::kRecord)));
  std::vector<std::string> no_new;
  for (size_t i = 0; i < m; ++i) {
    r.NextRow(i);
    size_t k = r.Pick(100);
    if (r.good() && k < 4) k = 50;  // a good row has an id (perhaps a repeated one)
    const bool perfect = r.clean() && !r.repeats();
    if (perfect && k < 12) k = 50;  // its own id
    // Ids of every length the builder's id arena sees: empty, short, a Chinese document number
    // (longer than a std::string's inline buffer), and one longer than an arena block.
    rr.id.push_back(k < 4 ? std::string_view() : k < 10 && i > 0 ? rr.id[r.Pick(i)]
                    : k < 12 ? r.Keep("=\"R" + std::to_string(i) + "\"")
                    : i == m / 2 ? r.Keep(std::string(70000, 'x') + std::to_string(i))
                    : k < 30 ? r.Keep("杭拱市监罚处〔2025〕" + std::to_string(i) + "号")
                             : r.Keep("R" + std::to_string(i)));
    rr.uscc.push_back((perfect || r.Chance(85)) && !pool->empty() ? r.Keep((*pool)[r.Pick(pool->size())])
                                                      : r.UsccText(&no_new));
    for (int d = 0; d < 6; ++d) rr.enums[d].push_back(r.Code(dict, kDomains[d]));
    for (int d = 0; d < 4; ++d) rr.dates[d].push_back(r.Day(d == 0));
    rr.fine.push_back(r.Fine());
    rr.shown.push_back(r.Shown());
    rr.repaired.push_back(r.Repaired());
    for (size_t c = 0; c < rr.custom.size(); ++c) {
      rr.custom[c].push_back(r.Custom(dict.Column(FactScope::kRecord, static_cast<int>(c))->type));
    }
  }
  return rr;
}

// What the rows after the head are: random (mostly good), all good with repeated USCCs and ids
// and unknown USCCs, or all good and all accepted (unless they name a rejected head row).
enum class Tail { kMixed, kRepeats, kPerfect };

// Row by row vs columns, for `n` entities and `m` records of random rows (seed), with the
// first `head` rows of each frame given row by row to both (the columns take the rest).
void CheckSame(uint64_t seed, size_t n, size_t m, int threads, size_t head, BuildOptions options,
               Tail rest = Tail::kMixed) {
  SCOPED_TRACE(::testing::Message() << "seed " << seed << " threads " << threads << " head "
                                    << head << " rest " << static_cast<int>(rest));
  const Dictionary dict = ColumnsDictionary();
  Rows rng(seed);
  if (rest != Tail::kMixed) rng.CleanFrom(head, rest == Tail::kRepeats);
  std::vector<std::string> pool;
  EntityRows e = MakeEntities(rng, dict, n, &pool);
  const RecordRows r = MakeRecords(rng, dict, m, &pool);
  const bool with_names = rng.Chance(80);  // else the columns have no name column
  if (!with_names) std::fill(e.name.begin(), e.name.end(), std::string_view());
  const std::vector<int> entity_cols = {3, 1, 2, 4, 5, 6, 8, 7};
  const std::vector<int> record_cols = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 16};
  auto ewhere = [&](int line) { return InputRow{"entities", line, entity_cols}; };
  auto rwhere = [&](int line) { return InputRow{"records", line, record_cols}; };

  std::vector<Input<int64_t>> custom_row;
  PopulationBuilder rows(dict, options);
  std::vector<uint8_t> entity_ok(n), record_ok(m);
  for (size_t i = 0; i < n; ++i) entity_ok[i] = rows.AddEntity(e.Row(i, &custom_row), ewhere(static_cast<int>(i)));
  for (size_t i = 0; i < m; ++i) record_ok[i] = rows.AddRecord(r.Row(i, &custom_row), rwhere(static_cast<int>(i)));
  const PopulationBuild by_row = std::move(rows).Finish();

  ColumnMaker make(&rng);
  PopulationBuilder cols(dict, options);
  cols.Reserve(n / 2, m / 2);
  std::vector<uint8_t> entity_acc(n, 2), record_acc(m, 2);
  for (size_t i = 0; i < std::min(head, n); ++i) {
    entity_acc[i] = cols.AddEntity(e.Row(i, &custom_row), ewhere(static_cast<int>(i)));
  }
  auto tail = [&](const auto& v, size_t from) {
    using V = typename std::decay_t<decltype(v)>::value_type;
    return std::vector<V>(v.begin() + static_cast<ptrdiff_t>(std::min(from, v.size())), v.end());
  };
  const size_t eh = std::min(head, n), rh = std::min(head, m);
  EntityColumns ec;
  ec.rows = n - eh;
  ec.uscc = make.MakeText(tail(e.uscc, eh));
  if (with_names) ec.name = make.MakeText(tail(e.name, eh));
  ec.status = make.Make(tail(e.status, eh));
  ec.registration_date = make.Make(tail(e.registration, eh));
  ec.last_report_year = make.Make(tail(e.year, eh));
  ec.unreachable = make.Make(tail(e.unreachable, eh));
  std::vector<ColumnInput<int64_t>> ecustom;
  for (const auto& c : e.custom) ecustom.push_back(make.Make(tail(c, eh)));
  ec.custom = ecustom;
  const size_t accepted_entities =
      cols.AddEntities(ec, ewhere(static_cast<int>(eh)), threads, absl::MakeSpan(entity_acc).subspan(eh));
  for (size_t i = 0; i < rh; ++i) {
    record_acc[i] = cols.AddRecord(r.Row(i, &custom_row), rwhere(static_cast<int>(i)));
  }
  RecordColumns rc;
  rc.rows = m - rh;
  rc.record_id = make.MakeText(tail(r.id, rh));
  rc.uscc = make.MakeText(tail(r.uscc, rh));
  ColumnInput<int>* enums[6] = {&rc.department, &rc.record_kind, &rc.severity,
                                &rc.penalty,    &rc.procedure,   &rc.sector};
  for (int k = 0; k < 6; ++k) *enums[k] = make.Make(tail(r.enums[k], rh));
  rc.decision_date = make.Make(tail(r.dates[0], rh));
  rc.publication_date = make.Make(tail(r.dates[1], rh));
  rc.fulfilled_date = make.Make(tail(r.dates[2], rh));
  rc.corrected_date = make.Make(tail(r.dates[3], rh));
  rc.fine_yuan = make.Make(tail(r.fine, rh));
  rc.shown_on = make.Make(tail(r.shown, rh));
  rc.repaired_on = make.Make(tail(r.repaired, rh));
  std::vector<ColumnInput<int64_t>> rcustom;
  for (const auto& c : r.custom) rcustom.push_back(make.Make(tail(c, rh)));
  rc.custom = rcustom;
  cols.AddRecords(rc, rwhere(static_cast<int>(rh)), threads, absl::MakeSpan(record_acc).subspan(rh));
  const PopulationBuild by_column = std::move(cols).Finish();

  testing::ExpectSameBuild(by_row, by_column);
  // Each accepted record keeps the id it was given (an Excel-quoted ="…" unwrapped).
  if (options.keep_text) {
    const Population& p = by_row.population;
    for (size_t k = 0; k < p.num_records(); ++k) {
      std::string_view want = r.id[by_row.record_row[k]];
      if (want.size() >= 3 && want.substr(0, 2) == "=\"" && want.back() == '"') {
        want = want.substr(2, want.size() - 3);
      }
      ASSERT_EQ(p.record_id[k], want) << "record " << k;
    }
  }
  EXPECT_EQ(entity_acc, entity_ok);
  EXPECT_EQ(record_acc, record_ok);
  size_t accepted_tail = 0;
  for (size_t i = eh; i < n; ++i) accepted_tail += entity_ok[i];
  EXPECT_EQ(accepted_entities, accepted_tail);
  // The random rows do exercise both outcomes.
  EXPECT_GT(by_row.population.num_entities(), n / 4);
  EXPECT_GT(by_row.population.num_records(), m / 8);
  if (rest == Tail::kPerfect && head == 0) {
    EXPECT_EQ(by_row.rejected_entities, 0u);
    EXPECT_EQ(by_row.rejected_records, 0u);
    EXPECT_EQ(by_row.population.num_entities(), n);
    EXPECT_EQ(by_row.population.num_records(), m);
  } else if (rest != Tail::kPerfect) {
    EXPECT_GT(by_row.rejected_entities, 0u);
    EXPECT_GT(by_row.rejected_records, 0u);
  }
}

TEST(PopulationBuilderColumnsTest, ColumnsGiveWhatRowByRowGives) {
  BuildOptions options;
  options.max_diagnostics = 100000;
  options.as_of = FromYmd(2025, 6, 1);
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    CheckSame(seed, 300, 700, 1 + static_cast<int>(seed % 3), seed % 4 == 0 ? 17 : 0, options);
  }
}

TEST(PopulationBuilderColumnsTest, CappedDiagnosticsAndNoTextToo) {
  BuildOptions options;
  options.max_diagnostics = 7;
  options.keep_text = false;
  for (uint64_t seed = 100; seed < 110; ++seed) CheckSame(seed, 200, 400, 2, 0, options);
}

TEST(PopulationBuilderColumnsTest, ManyChunksOnSeveralThreads) {
  // More rows than one chunk of the parallel pass: the result does not depend on the threads.
  BuildOptions options;
  options.max_diagnostics = 1000000;
  CheckSame(7, 20000, 30000, 1, 0, options);
  CheckSame(7, 20000, 30000, 4, 0, options);
}

TEST(PopulationBuilderColumnsTest, AllGoodRowsWithRepeatsAndWithout) {
  // Every row after the head good in every field (the columnar fast path throughout): with
  // repeated USCCs and ids and unknown USCCs (rejected, reported in row order, the rows after
  // them moved up), with every row accepted (some USCCs with a wrong check character: counted),
  // and after head rows given one by one (rejected rows whose USCC a good row then takes over;
  // records of rejected entities).
  BuildOptions options;
  options.max_diagnostics = 1000000;
  options.as_of = FromYmd(2025, 6, 1);
  for (uint64_t seed = 200; seed < 216; ++seed) {
    const int threads = 1 + static_cast<int>(seed % 4);
    const size_t head = seed % 3 == 0 ? 23 : 0;
    CheckSame(seed, 400, 900, threads, head, options, Tail::kRepeats);
    CheckSame(seed, 400, 900, threads, head, options, Tail::kPerfect);
  }
}

TEST(PopulationBuilderColumnsTest, AllGoodRowsInManyChunksOnFourThreads) {
  // As above, with the parallel pass over several chunks on four threads (run under TSan too).
  BuildOptions options;
  options.max_diagnostics = 1000000;
  options.as_of = FromYmd(2025, 6, 1);
  // Two chunks of entities, three of records.
  CheckSame(8, 9000, 17000, 4, 40, options, Tail::kRepeats);
}

// Record columns with only ids and owners given, every code the first (`zeros`, one per row):
// good rows when the owners are entities. Views into the caller's vectors.
RecordColumns IdsAndOwners(const std::vector<std::string_view>& ids,
                           const std::vector<std::string_view>& owners,
                           const std::vector<int>& zeros) {
  RecordColumns rc;
  rc.rows = ids.size();
  rc.record_id.values = ids;
  rc.uscc.values = owners;
  for (ColumnInput<int>* c : {&rc.department, &rc.record_kind, &rc.severity, &rc.penalty,
                              &rc.procedure, &rc.sector}) {
    c->values = zeros;
  }
  return rc;
}

TEST(PopulationBuilderColumnsTest, CleanTypedColumnsAndAbsentColumns) {
  // The fast path throughout (every row good), and columns given in no form (absent everywhere).
  const Dictionary dict = ColumnsDictionary();
  std::vector<std::string> usccs;
  Rows rng(5);
  for (int i = 0; i < 50; ++i) usccs.push_back(rng.Uscc());
  std::vector<std::string_view> views(usccs.begin(), usccs.end());
  std::vector<int> status(50, 1);
  std::vector<bool> flags(50, false);
  std::unique_ptr<bool[]> unreachable(new bool[50]());
  EntityColumns ec;
  ec.rows = 50;
  ec.uscc.values = views;
  ec.status.values = status;
  ec.unreachable.values = absl::MakeConstSpan(unreachable.get(), 50);
  PopulationBuilder b(dict);
  std::vector<uint8_t> accepted(50);
  EXPECT_EQ(b.AddEntities(ec, {"e", 10}, 2, absl::MakeSpan(accepted)), 50u);
  EXPECT_EQ(accepted, std::vector<uint8_t>(50, 1));
  std::vector<std::string> ids;
  for (int i = 0; i < 80; ++i) ids.push_back("R" + std::to_string(i));
  std::vector<std::string_view> id_views(ids.begin(), ids.end()), owners;
  for (int i = 0; i < 80; ++i) owners.push_back(views[static_cast<size_t>(i % 50)]);
  const std::vector<int> zeros(80, 0);
  EXPECT_EQ(b.AddRecords(IdsAndOwners(id_views, owners, zeros), {"r", 0}, 2), 80u);
  const PopulationBuild out = std::move(b).Finish();
  EXPECT_EQ(out.rejected(), 0u);
  ASSERT_EQ(out.population.num_entities(), 50u);
  EXPECT_EQ(out.population.entity_status, ReusableVector<uint8_t>(50, 1));
  EXPECT_EQ(out.population.registration_date, ReusableVector<int32_t>(50, kNoDay));
  // Custom columns not given: their defaults (entity: grade a = 0, listed_on missing).
  EXPECT_EQ(out.population.entity_custom[0], 0);
  EXPECT_EQ(out.population.entity_custom[1], kNull);
  EXPECT_EQ(out.population.num_records(), 80u);
  EXPECT_EQ(out.population.record_begin[1], 2u);  // records 0 and 50 belong to entity 0
  EXPECT_EQ(out.record_row[0], 0u);
  EXPECT_EQ(out.record_row[1], 50u);
}

TEST(PopulationBuilderColumnsTest, AllGoodEntitiesEnteredTogetherAsRowByRow) {
  // 20,000 good entity rows (the index's bulk entry, several regions, two threads) among which:
  // the USCC of a row rejected before (the good row becomes its entity), a repeat of an earlier
  // row (reported with that row's line; the rows after it move up one place) and a repeat of
  // the row that took over the rejected USCC. Records then find each entity at its new place.
  const Dictionary dict = ColumnsDictionary();
  Rows rng(11);
  std::vector<std::string> usccs;
  absl::flat_hash_set<std::string> seen;
  while (usccs.size() < 20000) {
    std::string u = rng.Uscc();
    if (seen.insert(u).second) usccs.push_back(std::move(u));
  }
  const std::string taken = usccs[5];  // rejected on its own row first, then row 5's
  usccs[10] = usccs[3];
  usccs[700] = taken;
  PopulationBuilder b(dict);
  EntityInput bad;
  bad.uscc = taken;
  bad.status = "no such status";
  EXPECT_FALSE(b.AddEntity(bad, {"first", 1}));
  std::vector<std::string_view> views(usccs.begin(), usccs.end());
  std::vector<int> status(usccs.size(), 1);
  std::unique_ptr<bool[]> unreachable(new bool[usccs.size()]());
  EntityColumns ec;
  ec.rows = usccs.size();
  ec.uscc.values = views;
  ec.status.values = status;
  ec.unreachable.values = absl::MakeConstSpan(unreachable.get(), usccs.size());
  std::vector<uint8_t> accepted(usccs.size());
  EXPECT_EQ(b.AddEntities(ec, {"e", 2}, 2, absl::MakeSpan(accepted)), usccs.size() - 2);
  for (size_t i = 0; i < usccs.size(); ++i) EXPECT_EQ(accepted[i], i != 10 && i != 700) << i;
  // One record each for rows 5 (the taken-over USCC), 3, 11 (moved to 10) and 19,999.
  std::vector<std::string> ids = {"R5", "R3", "R11", "R19999"};
  std::vector<std::string_view> id_views(ids.begin(), ids.end());
  std::vector<std::string_view> owners = {views[5], views[3], views[11], views[19999]};
  const std::vector<int> zeros(4, 0);
  EXPECT_EQ(b.AddRecords(IdsAndOwners(id_views, owners, zeros), {"r", 2}, 2), 4u);
  const PopulationBuild out = std::move(b).Finish();
  ASSERT_EQ(out.diagnostics.size(), 3u);
  EXPECT_EQ(out.diagnostics[0].loc.line, 1);  // the rejected row
  EXPECT_EQ(out.diagnostics[1].code, "duplicate-uscc");
  EXPECT_EQ(out.diagnostics[1].loc.line, 12);  // row 10
  EXPECT_EQ(out.diagnostics[1].message, "USCC already defined on line 5");  // row 3
  EXPECT_EQ(out.diagnostics[2].code, "duplicate-uscc");
  EXPECT_EQ(out.diagnostics[2].loc.line, 702);
  EXPECT_EQ(out.diagnostics[2].message, "USCC already defined on line 7");  // row 5
  const Population& pop = out.population;
  ASSERT_EQ(pop.num_entities(), usccs.size() - 2);
  EXPECT_EQ(std::string(pop.uscc[10].data(), 18), usccs[11]);
  EXPECT_EQ(std::string(pop.uscc[19997].data(), 18), usccs[19999]);
  // Entities 3, 5, 10 (row 11) and 19,997 (row 19,999) have one record each, in that order.
  ASSERT_EQ(pop.num_records(), 4u);
  auto records_of = [&](size_t e) { return pop.RecordsEnd(e) - pop.RecordsBegin(e); };
  EXPECT_EQ(records_of(3), 1u);
  EXPECT_EQ(records_of(5), 1u);
  EXPECT_EQ(records_of(10), 1u);
  EXPECT_EQ(records_of(19997), 1u);
  EXPECT_EQ(std::vector<uint32_t>(out.record_row.begin(), out.record_row.end()),
            (std::vector<uint32_t>{1, 0, 2, 3}));
}

}  // namespace
}  // namespace xiufu
