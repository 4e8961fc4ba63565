// ConvertFrames: entities and records columns → xiufu::PopulationBuilder's columnar entry
// (AddEntities / AddRecords). The value rules (dates, codes, USCCs, shown_on / repaired_on,
// duplicates) are the builder's.
#include "frame_input.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "column_readers.h"
#include "xiufu/runtime/parallel_for.h"
#include "xiufu/runtime/population_builder.h"
#include "xiufu/runtime/reusable_memory.h"

namespace xiufu::py {
namespace {

Column Get(const pyb::dict& d, const char* frame, std::string_view name) {
  const std::string key(name);
  if (!d.contains(key)) return Column::From(pyb::none(), frame, key);
  return Column::From(d[pyb::str(key)], frame, key);
}

// The columns of one frame, in the builder's field order, all of one length.
template <size_t N>
std::vector<Column> Columns(const pyb::dict& d, const char* frame,
                            const std::array<std::string_view, N>& names, size_t* rows) {
  std::vector<Column> cols;
  for (std::string_view name : names) cols.push_back(Get(d, frame, name));
  *rows = cols[0].size;
  for (const Column& c : cols) {
    if (c.kind != Column::Kind::kAbsent && c.size != *rows) {
      c.Fail(-1, "", Text("has ", c.size, " rows, ", names[0], " has ", *rows));
    }
  }
  return cols;
}

// The 1-based frame column of each field, when the caller gave one per field.
absl::Span<const int> ColumnsOrDefault(const std::vector<int>& columns, size_t fields) {
  return columns.size() == fields ? absl::MakeConstSpan(columns) : absl::Span<const int>();
}

}  // namespace

std::vector<std::vector<std::string>> DomainCodes(const Dictionary& dict) {
  std::vector<std::vector<std::string>> out;
  for (int k = 0; k < kNumInputDomains; ++k) out.push_back(dict.Codes(static_cast<InputDomain>(k)));
  return out;
}

namespace {

// Owns what the builder's columns point at (converted values, codes, per-row inputs); text
// lives in the TextStore or in the Python objects the Columns keep alive.
class ColumnStore {
 public:
  // Columns and text in blocks kept for the next conversion (reusable_memory.h): a loop of
  // builds (Dask partitions, what-ifs) does not fault the same pages in again.
  template <typename T>
  ReusableVector<T>& New(size_t n = 0) {
    auto v = std::make_shared<ReusableVector<T>>(n);
    ReusableVector<T>& ref = *v;
    keep_.push_back(std::move(v));
    return ref;
  }
  // `n` uninitialised bytes (text is copied in; no zero fill first).
  char* Bytes(size_t n) {
    bytes_.push_back(Block(static_cast<char*>(TakeReusable(n)), BlockFree{n}));
    return bytes_.back().get();
  }
  TextStore text;
  int threads = 1;  // for the conversions that only touch numpy buffers

 private:
  struct BlockFree {
    size_t bytes;
    void operator()(char* p) const noexcept { GiveReusable(p, bytes); }
  };
  using Block = std::unique_ptr<char, BlockFree>;
  std::vector<std::shared_ptr<void>> keep_;
  std::vector<Block> bytes_;
};

// f(i) for rows [0, n) on the store's threads, without the GIL: for conversions that only read
// numpy buffers and write C++ vectors.
template <typename F>
void ForRows(size_t n, const ColumnStore* store, F f) {
  constexpr size_t kRows = 32768;
  if (n <= kRows) {  // one chunk: not worth waking the other threads
    for (size_t i = 0; i < n; ++i) f(i);
    return;
  }
  pyb::gil_scoped_release nogil;
  ParallelFor(store->threads, (n + kRows - 1) / kRows, [&](size_t chunk) {
    const size_t end = std::min(n, (chunk + 1) * kRows);
    for (size_t i = chunk * kRows; i < end; ++i) f(i);
  });
}

// A column's per-row Inputs from one of column_readers.h's readers (the general form: any
// dtype the readers take, judged by the builder row by row).
template <typename T, typename Reader>
ColumnInput<T> PerRow(const Column& c, const Reader& read, ColumnStore* store) {
  ReusableVector<Input<T>>& v = store->New<Input<T>>(c.size);
  for (size_t i = 0; i < c.size; ++i) v[i] = read(i);
  ColumnInput<T> out;
  out.inputs = v;
  return out;
}

// The codes of a kCodes column as int32 (the numpy buffer itself when it already is).
absl::Span<const int32_t> Codes32(const Column& c, ColumnStore* store) {
  if (c.dtype_kind == 'i' && c.itemsize == 4 && c.stride == 4) {
    return absl::MakeConstSpan(reinterpret_cast<const int32_t*>(c.data), c.size);
  }
  ReusableVector<int32_t>& v = store->New<int32_t>(c.size);
  for (size_t i = 0; i < c.size; ++i) v[i] = static_cast<int32_t>(c.IntegerAt(i));
  return v;
}

// A kCodes column: the codes and one Input per category, `input(text of the category)` — or
// `object(category object)` where the type takes objects (booleans).
template <typename T, typename FromText>
ColumnInput<T> Coded(const Column& c, FromText input, ColumnStore* store) {
  ReusableVector<Input<T>>& cats = store->New<Input<T>>(c.NumUniques());
  for (size_t u = 0; u < cats.size(); ++u) cats[u] = input(c.UniqueAt(u));
  ColumnInput<T> out;
  out.codes = Codes32(c, store);
  out.categories = cats;
  return out;
}

// `objects`, when given, gets a new reference to each row's str object (kStrings columns), taken
// in the same sweep that reads its text (the object is in cache then).
TextColumn TextCol(const Column& c, ColumnStore* store,
                   ReusableVector<PyObject*>* objects = nullptr) {
  TextColumn out;
  if (c.kind == Column::Kind::kCodes) {
    ReusableVector<std::string_view>& cats = store->New<std::string_view>(c.NumUniques());
    for (size_t u = 0; u < cats.size(); ++u) cats[u] = store->text.ObjectText(c.UniqueAt(u));
    out.codes = Codes32(c, store);
    out.categories = cats;
    return out;
  }
  if (c.kind == Column::Kind::kAbsent) return out;
  if (c.kind == Column::Kind::kStrings) {
    // The bytes of every row one after the other (str objects are scattered over the heap;
    // the builder then reads one sequential buffer). Plain ASCII str inline, anything else
    // through the reader.
    const TextReader read(c, &store->text);
    ReusableVector<int64_t>& offsets = store->New<int64_t>(c.size + 1);
    size_t cap = c.size * 20 + 64, used = 0;  // grown geometrically when the text is longer
    char* chars = store->Bytes(cap);
    if (objects != nullptr) objects->reserve(c.size);
    constexpr size_t kAhead = 32;  // rows between prefetching a str object and reading it
    for (size_t i = 0; i < c.size; ++i) {
      if (i + kAhead < c.size) __builtin_prefetch(c.ObjectAt(i + kAhead));
      offsets[i] = static_cast<int64_t>(used);
      PyObject* o = c.ObjectAt(i);
      if (objects != nullptr) {
        Py_INCREF(o);
        objects->push_back(o);
      }
      std::string_view s;
      if (PyUnicode_CheckExact(o) && PyUnicode_IS_COMPACT_ASCII(o)) {
        s = std::string_view(static_cast<const char*>(PyUnicode_DATA(o)),
                             static_cast<size_t>(PyUnicode_GET_LENGTH(o)));
      } else {
        s = read(i);
      }
      if (used + s.size() > cap) {
        cap = std::max(2 * cap, used + s.size());
        char* grown = store->Bytes(cap);
        std::memcpy(grown, chars, used);
        chars = grown;
      }
      if (s.size() == 18) {
        std::memcpy(chars + used, s.data(), 18);  // a USCC: a copy of constant size, inlined
      } else if (!s.empty()) {
        std::memcpy(chars + used, s.data(), s.size());
      }
      used += s.size();
    }
    offsets[c.size] = static_cast<int64_t>(used);
    out.chars = absl::MakeConstSpan(chars, used);
    out.offsets = offsets;
    return out;
  }
  ReusableVector<std::string_view>& v = store->New<std::string_view>(c.size);
  const TextReader read(c, &store->text);
  for (size_t i = 0; i < c.size; ++i) v[i] = read(i);
  out.values = v;
  return out;
}

ColumnInput<int> CodeCol(const Column& c, const Dictionary& dict, InputDomain domain,
                         ColumnStore* store) {
  if (c.kind == Column::Kind::kCodes) {
    return Coded<int>(c, [&](PyObject* o) {
      const std::string_view s = store->text.ObjectText(o);
      const int id = dict.Find(domain, s);
      return id >= 0 ? CodeInput(id) : CodeInput(s);
    }, store);
  }
  return PerRow<int>(c, CodeReader(c, dict, domain, &store->text), store);
}

// Days of a datetime64 column (NaT = kNoDay, which the builder takes as absent).
ReusableVector<Date>& Days(const Column& c, ColumnStore* store) {
  ReusableVector<Date>& v = store->New<Date>(c.size);
  ForRows(c.size, store, [&](size_t i) {
    const int64_t ns = *reinterpret_cast<const int64_t*>(c.data + static_cast<pyb::ssize_t>(i) * c.stride);
    if (ns == kNaT) {
      v[i] = Date{kNoDay};
      return;
    }
    const int64_t q = ns / c.per_day, day = (ns % c.per_day < 0) ? q - 1 : q;
    v[i] = Date{static_cast<int32_t>(day)};
  });
  return v;
}

template <typename T>
auto TextInput(ColumnStore* store) {
  return [store](PyObject* o) { return Input<T>(store->text.ObjectText(o)); };
}

ColumnInput<Date> DateCol(const Column& c, ColumnStore* store) {
  if (c.kind == Column::Kind::kDatetime) {
    ColumnInput<Date> out;
    out.values = Days(c, store);
    return out;
  }
  if (c.kind == Column::Kind::kCodes) return Coded<Date>(c, TextInput<Date>(store), store);
  return PerRow<Date>(c, DateReader(c, &store->text), store);
}

// Whole numbers as typed values when every row is one (or missing): integer columns (the int64
// buffer itself), floats holding whole numbers; otherwise the per-row reader's inputs.
ColumnInput<int64_t> IntCol(const Column& c, ColumnStore* store) {
  if (c.kind == Column::Kind::kCodes) return Coded<int64_t>(c, TextInput<int64_t>(store), store);
  if (c.kind != Column::Kind::kNumbers) return PerRow<int64_t>(c, IntReader(c, &store->text), store);
  ColumnInput<int64_t> out;
  if (c.has_mask) {  // nullable integers (they fit int64): values, and the mask as "absent"
    if (c.mask.strides(0) == 1) {
      out.absent = absl::MakeConstSpan(static_cast<const uint8_t*>(c.mask.data()), c.size);
    } else {
      ReusableVector<uint8_t>& absent = store->New<uint8_t>(c.size);
      const char* m = static_cast<const char*>(c.mask.data());
      for (size_t i = 0; i < c.size; ++i) absent[i] = m[static_cast<pyb::ssize_t>(i) * c.mask.strides(0)] != 0;
      out.absent = absent;
    }
  }
  if (c.dtype_kind == 'i' && c.itemsize == 8 && c.stride == 8) {
    out.values = absl::MakeConstSpan(reinterpret_cast<const int64_t*>(c.data), c.size);
    return out;
  }
  ReusableVector<int64_t>& v = store->New<int64_t>(c.size);
  if (c.dtype_kind == 'f') {
    ReusableVector<uint8_t>& absent = store->New<uint8_t>(c.size);
    std::atomic<bool> any_absent{false}, not_whole{false};
    ForRows(c.size, store, [&](size_t i) {
      const double x = c.DoubleAt(i);
      if (std::isnan(x)) {
        absent[i] = 1;
        any_absent.store(true, std::memory_order_relaxed);
      } else if (x >= -9.2e18 && x <= 9.2e18 && x == std::trunc(x)) {
        v[i] = static_cast<int64_t>(x);
      } else {
        not_whole.store(true, std::memory_order_relaxed);
      }
    });
    if (not_whole) return PerRow<int64_t>(c, IntReader(c, &store->text), store);  // as text
    out.values = v;
    if (any_absent) out.absent = absent;
    return out;
  }
  std::atomic<bool> beyond{false};
  ForRows(c.size, store, [&](size_t i) {
    v[i] = c.IntegerAt(i);
    if (c.dtype_kind == 'u' && c.itemsize == 8 && v[i] < 0) beyond.store(true, std::memory_order_relaxed);
  });
  if (beyond) {
    if (c.has_mask) c.Fail(-1, "", "internal: masked integers beyond int64");
    return PerRow<int64_t>(c, IntReader(c, &store->text), store);  // beyond int64: as text
  }
  out.values = v;
  return out;
}

// True / False objects as values, anything else as its text (BoolReader's categories).
Input<bool> BoolObject(PyObject* o, ColumnStore* store) {
  return o == Py_True ? Input<bool>(true)
         : o == Py_False ? Input<bool>(false)
                         : Input<bool>(store->text.ObjectText(o));
}

ColumnInput<bool> BoolCol(const Column& c, ColumnStore* store) {
  if (c.kind == Column::Kind::kCodes) {
    return Coded<bool>(c, [store](PyObject* o) { return BoolObject(o, store); }, store);
  }
  if (c.kind == Column::Kind::kNumbers && c.dtype_kind == 'b' && c.stride == 1) {
    ColumnInput<bool> out;  // numpy bools are the bytes 0 / 1: the buffer itself
    out.values = absl::MakeConstSpan(reinterpret_cast<const bool*>(c.data), c.size);
    return out;
  }
  return PerRow<bool>(c, BoolReader(c, &store->text), store);
}

ColumnInput<int64_t> CustomCol(const Column& c, FactType type, ColumnStore* store) {
  switch (type) {
    case FactType::kNumber: return IntCol(c, store);
    case FactType::kDate:
      if (c.kind == Column::Kind::kDatetime) {
        const ReusableVector<Date>& days = Days(c, store);
        ReusableVector<int64_t>& v = store->New<int64_t>(c.size);
        ReusableVector<uint8_t>& absent = store->New<uint8_t>(c.size);
        ForRows(c.size, store, [&](size_t i) {
          v[i] = days[i].days;
          absent[i] = days[i].days == kNoDay;
        });
        ColumnInput<int64_t> out;
        out.values = v;
        out.absent = absent;
        return out;
      }
      break;
    case FactType::kBool:
      if (c.kind == Column::Kind::kNumbers && c.dtype_kind == 'b') {
        ReusableVector<int64_t>& v = store->New<int64_t>(c.size);
        ForRows(c.size, store, [&](size_t i) {
          v[i] = *reinterpret_cast<const uint8_t*>(c.data + static_cast<pyb::ssize_t>(i) * c.stride) != 0;
        });
        ColumnInput<int64_t> out;
        out.values = v;
        return out;
      }
      if (c.kind == Column::Kind::kCodes) {
        return Coded<int64_t>(c, [store](PyObject* o) {
          const Input<bool> b = BoolObject(o, store);
          return b.is_value() ? Input<int64_t>(int64_t{b.value}) : Input<int64_t>(b.text);
        }, store);
      }
      break;
    default: break;
  }
  if (c.kind == Column::Kind::kCodes) return Coded<int64_t>(c, TextInput<int64_t>(store), store);
  return PerRow<int64_t>(c, CustomReader(c, type, &store->text), store);
}

// shown_on, repaired_on: text for the builder to parse, once per distinct text: a categorical
// column as it is, a str column coded here (most rows of repaired_on are empty: absent).
template <typename T>
ColumnInput<T> ParsedTextCol(const Column& c, ColumnStore* store) {
  if (c.kind == Column::Kind::kCodes) return Coded<T>(c, TextInput<T>(store), store);
  const TextReader read(c, &store->text);
  if (c.kind != Column::Kind::kStrings) {
    return PerRow<T>(c, [&](size_t i) { return Input<T>(read(i)); }, store);
  }
  ReusableVector<int32_t>& codes = store->New<int32_t>(c.size);
  ReusableVector<Input<T>>& categories = store->New<Input<T>>();
  absl::flat_hash_map<absl::string_view, int32_t> seen;
  for (size_t i = 0; i < c.size; ++i) {
    const std::string_view text = read(i);
    if (text.empty()) {
      codes[i] = -1;  // what Input("") is: absent
      continue;
    }
    const auto [it, added] = seen.try_emplace(absl::string_view(text.data(), text.size()),
                                              static_cast<int32_t>(categories.size()));
    if (added) categories.push_back(Input<T>(text));
    codes[i] = it->second;
  }
  ColumnInput<T> out;
  out.codes = codes;
  out.categories = categories;
  return out;
}

// The objects of the accepted rows (accepted[i] != 0), in row order, as a numpy object array
// that owns them; the references to the others are released. None when `objects` is empty
// (the column was not a str column) but rows were given.
struct OwnedObjects {  // references released on the way out (an exception included)
  ReusableVector<PyObject*> v;
  ~OwnedObjects() {
    for (PyObject* o : v) Py_DECREF(o);
  }
};

pyb::object AcceptedObjects(OwnedObjects& owned, const ReusableVector<uint8_t>& accepted) {
  ReusableVector<PyObject*>& objects = owned.v;
  if (objects.size() != accepted.size()) return pyb::none();
  size_t n = 0;
  for (uint8_t a : accepted) n += a != 0;
  // numpy zero-fills a new object array (NULL, not None: numpy.empty's None fill and its
  // release would cost a reference count update per row); every slot is set below, before
  // Python sees the array.
  pyb::array out(pyb::dtype("O"), pyb::array::ShapeContainer{static_cast<pyb::ssize_t>(n)});
  PyObject** data = static_cast<PyObject**>(out.mutable_data());
  size_t k = 0;
  for (size_t i = 0; i < objects.size(); ++i) {
    if (accepted[i]) {
      data[k++] = objects[i];  // the reference taken in TextCol moves into the array
    } else {
      Py_DECREF(objects[i]);
    }
  }
  objects.clear();
  return out;
}

}  // namespace

std::shared_ptr<Prepared> ConvertFrames(const Dictionary& dict, pyb::dict entities,
                                        pyb::dict records, const std::vector<int>& entity_columns,
                                        const std::vector<int>& record_columns, bool with_text,
                                        int threads, pyb::object* uscc_objects,
                                        pyb::object* record_id_objects) {
  auto out = std::make_shared<Prepared>();
  out->domains = DomainCodes(dict);
  size_t n = 0, m = 0;
  const std::vector<Column> ec = Columns(entities, "entities", kEntityColumns, &n);
  const std::vector<Column> rc = Columns(records, "records", kRecordColumns, &m);
  out->input_entities = n;
  out->input_records = m;

  BuildOptions options;
  options.max_diagnostics = std::numeric_limits<size_t>::max();  // Python caps what it prints
  options.keep_text = with_text;
  PopulationBuilder builder(dict, options);
  builder.Reserve(n, m);
  ColumnStore store;
  store.threads = threads;

  // The pack's custom columns of each scope (by ordinal), read by name; a frame without one
  // gets the default (the builder notes it once).
  std::vector<Column> entity_custom, record_custom;
  for (FactScope scope : {FactScope::kEntity, FactScope::kRecord}) {
    const bool is_entity = scope == FactScope::kEntity;
    auto& cols = is_entity ? entity_custom : record_custom;
    const pyb::dict& frame = is_entity ? entities : records;
    const char* frame_name = is_entity ? "entities" : "records";
    for (int k = 0; k < dict.NumColumns(scope); ++k) {
      cols.push_back(Get(frame, frame_name, dict.Column(scope, k)->name));
      const Column& c = cols.back();
      if (c.kind == Column::Kind::kAbsent) builder.NoteMissingColumn(scope, k, frame_name);
      else if (c.size != (is_entity ? n : m)) {
        c.Fail(-1, "", Text("has ", c.size, " rows, ", is_entity ? "uscc" : "record_id", " has ",
                            is_entity ? n : m));
      }
    }
  }
  std::vector<ColumnInput<int64_t>> entity_readers, record_readers;
  for (int k = 0; k < dict.NumColumns(FactScope::kEntity); ++k) {
    entity_readers.push_back(CustomCol(entity_custom[k], dict.Column(FactScope::kEntity, k)->type, &store));
  }
  for (int k = 0; k < dict.NumColumns(FactScope::kRecord); ++k) {
    record_readers.push_back(CustomCol(record_custom[k], dict.Column(FactScope::kRecord, k)->type, &store));
  }

  // The frames' columns as the builder's columns: numpy buffers viewed where the type is the
  // builder's, converted in one pass where not; categorical columns as their codes and one
  // input per category; text as views of the str objects.
  EntityColumns e;
  e.rows = n;
  OwnedObjects uscc_refs, id_refs;
  e.uscc = TextCol(ec[0], &store, &uscc_refs.v);
  if (with_text) e.name = TextCol(ec[1], &store);
  e.status = CodeCol(ec[2], dict, InputDomain::kEntityStatus, &store);
  e.registration_date = DateCol(ec[3], &store);
  e.last_report_year = IntCol(ec[4], &store);
  e.unreachable = BoolCol(ec[5], &store);
  e.custom = entity_readers;

  RecordColumns r;
  r.rows = m;
  r.record_id = TextCol(rc[0], &store, &id_refs.v);
  r.uscc = TextCol(rc[1], &store);
  ColumnInput<int>* enums[6] = {&r.department, &r.record_kind, &r.severity,
                                &r.penalty,    &r.procedure,   &r.sector};
  constexpr InputDomain kDomains[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                       InputDomain::kSeverity,   InputDomain::kPenalty,
                                       InputDomain::kProcedure,  InputDomain::kSector};
  for (int k = 0; k < 6; ++k) *enums[k] = CodeCol(rc[2 + k], dict, kDomains[k], &store);
  r.decision_date = DateCol(rc[8], &store);
  r.publication_date = DateCol(rc[9], &store);
  r.fine_yuan = IntCol(rc[10], &store);
  r.fulfilled_date = DateCol(rc[11], &store);
  r.corrected_date = DateCol(rc[12], &store);
  r.shown_on = ParsedTextCol<uint32_t>(rc[13], &store);
  r.repaired_on = ParsedTextCol<absl::Span<const Date>>(rc[14], &store);
  r.custom = record_readers;

  const InputRow entity_where{
      "entities", 0, ColumnsOrDefault(entity_columns, kEntityColumns.size() + entity_readers.size())};
  const InputRow record_where{
      "records", 0, ColumnsOrDefault(record_columns, kRecordColumns.size() + record_readers.size())};
  ReusableVector<uint8_t> accepted(n), accepted_records(m);
  PopulationBuild built;
  {
    // The builder reads only the C++ columns and the str buffers the Columns keep alive.
    pyb::gil_scoped_release nogil;
    builder.AddEntities(e, entity_where, threads, absl::MakeSpan(accepted));
    builder.AddRecords(r, record_where, threads, absl::MakeSpan(accepted_records));
    built = std::move(builder).Finish();
  }
  *uscc_objects = AcceptedObjects(uscc_refs, accepted);
  *record_id_objects = AcceptedObjects(id_refs, accepted_records);
  out->entity_row.reserve(built.population.num_entities());
  for (size_t i = 0; i < n; ++i) {
    if (accepted[i]) out->entity_row.push_back(static_cast<uint32_t>(i));
  }
  out->pop = std::move(built.population);
  out->record_row = std::move(built.record_row);
  out->diagnostics = std::move(built.diagnostics);
  out->dropped_diagnostics = built.dropped_diagnostics;
  out->rejected_entities = built.rejected_entities;
  out->rejected_records = built.rejected_records;
  for (const Diagnostic& d : built.notices) out->notices.push_back(d.message);

  // The accepted rows in input order (= record_row sorted: one AddRecords call from row 0).
  out->accepted_records.reserve(out->record_row.size());
  for (size_t i = 0; i < m; ++i) {
    if (accepted_records[i]) out->accepted_records.push_back(static_cast<uint32_t>(i));
  }
  ReusableVector<int32_t> rank(m, -1);
  for (size_t k = 0; k < out->accepted_records.size(); ++k) {
    rank[out->accepted_records[k]] = static_cast<int32_t>(k);
  }
  out->record_code.resize(out->record_row.size());
  for (size_t r = 0; r < out->record_row.size(); ++r) out->record_code[r] = rank[out->record_row[r]];
  return out;
}

}  // namespace xiufu::py
