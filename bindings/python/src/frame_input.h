// Input conversion: the columns of the two input frames (docs/formats.md: entities and
// records), as handed over by xiufu/_input.py, fed row by row to xiufu::PopulationBuilder — the
// library's one way in, which validates every field exactly as the CSV reader does and reports
// each rejected row as a Diagnostic (frame, row position, column, field, value, message).
//
// This file only reads the frames' buffers: codes are mapped to dense ids once per distinct
// value (pandas categories or the uniques of pd.factorize) through the table's Dictionary, and
// a code the dictionary does not know is handed to the builder as its text, so the builder
// words the problem; datetime64 columns become dates (NaT = absent); numbers become typed
// values (NaN = absent); text columns are passed as text for the builder to parse.
//
// Runs with the GIL held (it reads Python objects).
#ifndef XIUFU_BINDINGS_PYTHON_FRAME_INPUT_H_
#define XIUFU_BINDINGS_PYTHON_FRAME_INPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/population.h"

namespace xiufu::py {

// One input column. Built from the Python tuples
//   ("strings", object_array)          one str per row
//   ("codes", int_codes, uniques)      factorized / categorical; code -1 = missing
//   ("datetime", int64_array, per_day) datetime64 data (NaT = missing), `per_day` units a day
//   ("numbers", numeric_array)         ints, floats (NaN = missing) or bools
//   ("numbers", int_array, mask)       nullable integers: values and mask (True = missing)
//   None                               column not given (optional columns only)
struct Column {
  enum class Kind { kAbsent, kStrings, kCodes, kDatetime, kNumbers };
  Kind kind = Kind::kAbsent;
  std::string frame, name;
  pyb::array values;   // keeps the buffer alive
  pyb::array uniques;
  pyb::array mask;     // kNumbers with has_mask: nullable integers' mask (bool, True = missing)
  bool has_mask = false;
  int64_t per_day = 0;
  size_t size = 0;
  // The buffers, read once (numpy's dtype accessors build Python objects: not per row).
  const char* data = nullptr;
  pyb::ssize_t stride = 0;
  char dtype_kind = 0;  // numpy kind of `values`: 'i', 'u', 'f', 'b', 'O', 'M'
  int itemsize = 0;
  const char* udata = nullptr;
  pyb::ssize_t ustride = 0;

  static Column From(pyb::handle spec, const std::string& frame, const std::string& name);
  [[noreturn]] void Fail(int64_t row, std::string value, std::string message) const;
  // kStrings: the object at row i.
  PyObject* ObjectAt(size_t i) const {
    return *reinterpret_cast<PyObject* const*>(data + static_cast<pyb::ssize_t>(i) * stride);
  }
  // kCodes (and integer kNumbers): the integer at row i.
  int64_t IntegerAt(size_t i) const {
    const char* p = data + static_cast<pyb::ssize_t>(i) * stride;
    const bool is_signed = dtype_kind == 'i';
    switch (itemsize) {
      case 1: return is_signed ? int64_t{*reinterpret_cast<const int8_t*>(p)} : *reinterpret_cast<const uint8_t*>(p);
      case 2: return is_signed ? int64_t{*reinterpret_cast<const int16_t*>(p)} : *reinterpret_cast<const uint16_t*>(p);
      case 4: return is_signed ? int64_t{*reinterpret_cast<const int32_t*>(p)} : *reinterpret_cast<const uint32_t*>(p);
      default: return *reinterpret_cast<const int64_t*>(p);
    }
  }
  double DoubleAt(size_t i) const {
    const char* p = data + static_cast<pyb::ssize_t>(i) * stride;
    return itemsize == 4 ? *reinterpret_cast<const float*>(p) : *reinterpret_cast<const double*>(p);
  }
  PyObject* UniqueAt(size_t u) const {
    return *reinterpret_cast<PyObject* const*>(udata + static_cast<pyb::ssize_t>(u) * ustride);
  }
  size_t NumUniques() const { return static_cast<size_t>(uniques.shape(0)); }
};

// The population plus what the output frames need to point back at the input.
struct Prepared {
  Population pop;
  ReusableVector<uint32_t> entity_row;   // population entity → row of the entities frame
  ReusableVector<uint32_t> record_row;   // population record → row of the records frame
  // Population record → its rank among the accepted records in input order (the code of its
  // record id in the output frames' record_id categories).
  ReusableVector<int32_t> record_code;
  ReusableVector<uint32_t> accepted_records;  // rows of the accepted records, in input order
  size_t input_entities = 0, input_records = 0;
  size_t rejected_entities = 0, rejected_records = 0, dropped_diagnostics = 0;
  std::vector<Diagnostic> diagnostics;  // one per rejected row, input order
  std::vector<std::string> notices;     // one per declared custom column a frame lacks
  std::vector<std::vector<std::string>> domains;  // the dictionary's codes, for compatibility
};

// Converts the two frames' columns (dicts column name → spec tuple; `*_columns` the 1-based
// position of each field's column in its frame, 0 when absent). `with_text` also copies names
// and record ids into the population (explain needs them; evaluate does not). The builder runs
// on `threads` threads without the GIL. `uscc_objects` / `record_id_objects` get the accepted
// rows' uscc / record_id objects (numpy object arrays, input order: the output frames'
// categories), or None when those columns were not str columns.
std::shared_ptr<Prepared> ConvertFrames(const Dictionary& dict, pyb::dict entities,
                                        pyb::dict records, const std::vector<int>& entity_columns,
                                        const std::vector<int>& record_columns, bool with_text,
                                        int threads, pyb::object* uscc_objects,
                                        pyb::object* record_id_objects);

// The code lists of the eight input domains of `dict`, in InputDomain order.
std::vector<std::vector<std::string>> DomainCodes(const Dictionary& dict);

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_FRAME_INPUT_H_
