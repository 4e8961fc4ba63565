// Per-row readers of one input column (frame_input.h's Column), each giving the field as the
// xiufu::Input the PopulationBuilder takes: a typed value read from the numpy buffer, the text
// for the builder to parse, or absent. Nothing here judges a value: what is wrong with it is
// the builder's to say. Work per distinct value (code lookups) happens in the constructors.
//
// Header-only, internal to the extension; the GIL must be held (objects may be converted).
#ifndef XIUFU_BINDINGS_PYTHON_COLUMN_READERS_H_
#define XIUFU_BINDINGS_PYTHON_COLUMN_READERS_H_

#include <cmath>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "frame_input.h"
#include "xiufu/runtime/population_builder.h"

namespace xiufu::py {

// Owns the text of values that are not Python str (numbers, dates, other objects), so the
// builder can be handed views of it; views stay valid while the store lives.
class TextStore {
 public:
  std::string_view Keep(std::string s) { return texts_.emplace_back(std::move(s)); }

  // The text of object `o`: a str as it is, "" for a missing value (None, NaN, NA, NaT),
  // str(o) for anything else.
  std::string_view ObjectText(PyObject* o) {
    std::string_view s;
    if (StrView(o, &s)) return s;
    if (IsMissing(o)) return {};
    pyb::object text = pyb::reinterpret_steal<pyb::object>(PyObject_Str(o));
    if (!text) {
      PyErr_Clear();
      return Keep(ShortRepr(o));
    }
    return Keep(pyb::str(text).cast<std::string>());
  }

  // A number that is not a whole int64, as text (the builder rejects it with its message).
  std::string_view NumberText(double v) { return Keep(absl::StrCat(v)); }

 private:
  std::deque<std::string> texts_;
};

// One text field per row ("" = absent): str objects, factorized text, or numbers.
class TextReader {
 public:
  TextReader(const Column& c, TextStore* store) : c_(c), store_(store) {
    if (c.kind == Column::Kind::kCodes) {
      for (size_t u = 0; u < c.NumUniques(); ++u) unique_.push_back(store->ObjectText(c.UniqueAt(u)));
    }
  }
  std::string_view operator()(size_t i) const {
    switch (c_.kind) {
      case Column::Kind::kStrings: {
        PyObject* o = c_.ObjectAt(i);
        std::string_view s;
        if (PyUnicode_CheckExact(o) && PyUnicode_IS_COMPACT_ASCII(o)) {  // the common case, inline
          return std::string_view(static_cast<const char*>(PyUnicode_DATA(o)),
                                  static_cast<size_t>(PyUnicode_GET_LENGTH(o)));
        }
        return store_->ObjectText(o);
      }
      case Column::Kind::kCodes: {
        const int64_t code = c_.IntegerAt(i);
        return code < 0 ? std::string_view() : unique_[code];
      }
      case Column::Kind::kNumbers: {
        if (c_.dtype_kind != 'f') return store_->Keep(absl::StrCat(c_.IntegerAt(i)));
        const double v = c_.DoubleAt(i);
        return std::isnan(v) ? std::string_view() : store_->NumberText(v);
      }
      default: return {};
    }
  }

 private:
  const Column& c_;
  TextStore* store_;
  std::vector<std::string_view> unique_;
};

// Enum codes: the dense id of each distinct code the dictionary knows, else its text.
class CodeReader {
 public:
  CodeReader(const Column& c, const Dictionary& dict, InputDomain domain, TextStore* store)
      : c_(c), text_(c, store) {
    if (c.kind != Column::Kind::kCodes) return;
    for (size_t u = 0; u < c.NumUniques(); ++u) {
      const std::string_view s = store->ObjectText(c.UniqueAt(u));
      const int id = dict.Find(domain, s);
      lut_.push_back(id >= 0 ? CodeInput(id) : CodeInput(s));
    }
  }
  CodeInput operator()(size_t i) const {
    if (c_.kind != Column::Kind::kCodes) return CodeInput(text_(i));
    const int64_t code = c_.IntegerAt(i);
    return code < 0 ? CodeInput() : lut_[code];
  }

 private:
  const Column& c_;
  TextReader text_;
  std::vector<CodeInput> lut_;
};

// Dates: datetime64 values (NaT = absent), or text.
class DateReader {
 public:
  DateReader(const Column& c, TextStore* store) : c_(c), text_(c, store) {}
  Input<Date> operator()(size_t i) const {
    if (c_.kind != Column::Kind::kDatetime) return Input<Date>(text_(i));
    const int64_t v = *reinterpret_cast<const int64_t*>(c_.data + static_cast<pyb::ssize_t>(i) * c_.stride);
    if (v == kNaT) return {};
    const int64_t q = v / c_.per_day, day = (v % c_.per_day < 0) ? q - 1 : q;
    return Input<Date>(Date{static_cast<int32_t>(day)});
  }

 private:
  const Column& c_;
  TextReader text_;
};

// Whole numbers: integer columns as they are, floats holding whole numbers (NaN = absent);
// anything else as text.
class IntReader {
 public:
  IntReader(const Column& c, TextStore* store) : c_(c), store_(store), text_(c, store) {}
  Input<int64_t> operator()(size_t i) const {
    if (c_.kind != Column::Kind::kNumbers) return Input<int64_t>(text_(i));
    if (c_.dtype_kind == 'f') {
      const double v = c_.DoubleAt(i);
      if (std::isnan(v)) return {};
      if (v >= -9.2e18 && v <= 9.2e18 && v == std::trunc(v)) return Input<int64_t>(static_cast<int64_t>(v));
      return Input<int64_t>(store_->NumberText(v));
    }
    const int64_t v = c_.IntegerAt(i);
    if (c_.dtype_kind == 'u' && c_.itemsize == 8 && v < 0) {
      return Input<int64_t>(store_->Keep(absl::StrCat(static_cast<uint64_t>(v))));
    }
    return Input<int64_t>(v);
  }

 private:
  const Column& c_;
  TextStore* store_;
  TextReader text_;
};

// Booleans: bool columns, 0/1 numbers, True/False objects; anything else as text.
class BoolReader {
 public:
  BoolReader(const Column& c, TextStore* store) : c_(c), store_(store), text_(c, store) {
    if (c.kind != Column::Kind::kCodes) return;
    for (size_t u = 0; u < c.NumUniques(); ++u) {
      PyObject* o = c.UniqueAt(u);
      lut_.push_back(o == Py_True    ? Input<bool>(true)
                     : o == Py_False ? Input<bool>(false)
                                     : Input<bool>(store->ObjectText(o)));
    }
  }
  Input<bool> operator()(size_t i) const {
    switch (c_.kind) {
      case Column::Kind::kCodes: {
        const int64_t code = c_.IntegerAt(i);
        return code < 0 ? Input<bool>() : lut_[code];
      }
      case Column::Kind::kNumbers: {
        if (c_.dtype_kind == 'b') {
          return Input<bool>(*reinterpret_cast<const uint8_t*>(c_.data + static_cast<pyb::ssize_t>(i) * c_.stride) != 0);
        }
        if (c_.dtype_kind == 'f') {
          const double v = c_.DoubleAt(i);
          if (std::isnan(v)) return {};
          if (v == 0 || v == 1) return Input<bool>(v == 1);
          return Input<bool>(store_->NumberText(v));
        }
        const int64_t v = c_.IntegerAt(i);
        if (v == 0 || v == 1) return Input<bool>(v == 1);
        return Input<bool>(store_->Keep(absl::StrCat(v)));
      }
      default: return Input<bool>(text_(i));
    }
  }

 private:
  const Column& c_;
  TextStore* store_;
  TextReader text_;
  std::vector<Input<bool>> lut_;
};

// A custom column of the rule pack (custom_column.h) by its type: dates and booleans as
// typed values when the column holds them, numbers as IntReader reads them, enum codes (or
// their labels) as text for the builder; anything else as text.
class CustomReader {
 public:
  CustomReader(const Column& c, FactType type, TextStore* store)
      : type_(type), text_(c, store), date_(c, store), int_(c, store), bool_(c, store) {}
  Input<int64_t> operator()(size_t i) const {
    switch (type_) {
      case FactType::kDate: return From(date_(i), [](Date d) { return int64_t{d.days}; });
      case FactType::kBool: return From(bool_(i), [](bool b) { return int64_t{b}; });
      case FactType::kNumber: return int_(i);
      default: return Input<int64_t>(text_(i));
    }
  }

 private:
  template <typename T, typename F>
  static Input<int64_t> From(const Input<T>& in, F value) {
    if (in.is_value()) return Input<int64_t>(value(in.value));
    return in.absent() ? Input<int64_t>() : Input<int64_t>(in.text);
  }
  FactType type_;
  TextReader text_;
  DateReader date_;
  IntReader int_;
  BoolReader bool_;
};

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_COLUMN_READERS_H_
