// Input conversion: the columns of the two input frames (docs/formats.md: entities and
// records), as handed over by xiufu/_input.py, into a xiufu::Population whose enum ids are a
// table's dense ids. Codes are mapped once per distinct value (pandas categories or the uniques
// of pd.factorize), numbers and datetime64 columns are read straight from the numpy buffers.
// Records may come in any order; they are grouped by entity (input order within an entity)
// and `record_row` remembers each one's input position. Every problem raises InputError naming
// the frame, column and row.
//
// Runs with the GIL held (it reads Python objects).
#ifndef XIUFU_BINDINGS_PYTHON_FRAME_INPUT_H_
#define XIUFU_BINDINGS_PYTHON_FRAME_INPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common.h"
#include "xiufu/runtime/population.h"
#include "xiufu/population_io.h"

namespace xiufu::py {

// One input column. Built from the Python tuples
//   ("strings", object_array)          one str per row
//   ("codes", int_codes, uniques)      factorized / categorical; code -1 = missing
//   ("datetime", int64_array, per_day) datetime64 data (NaT = missing), `per_day` units a day
//   ("numbers", numeric_array)         ints, floats (NaN = missing) or bools
//   None                               column not given (optional columns only)
struct Column {
  enum class Kind { kAbsent, kStrings, kCodes, kDatetime, kNumbers };
  Kind kind = Kind::kAbsent;
  std::string frame, name;
  pyb::array values;   // keeps the buffer alive
  pyb::array uniques;
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
  int64_t CodeAt(size_t i) const {
    const char* p = data + static_cast<pyb::ssize_t>(i) * stride;
    switch (itemsize) {
      case 1: return dtype_kind == 'i' ? *reinterpret_cast<const int8_t*>(p) : *reinterpret_cast<const uint8_t*>(p);
      case 2: return dtype_kind == 'i' ? *reinterpret_cast<const int16_t*>(p) : *reinterpret_cast<const uint16_t*>(p);
      case 4: return dtype_kind == 'i' ? *reinterpret_cast<const int32_t*>(p) : *reinterpret_cast<const uint32_t*>(p);
      default: return *reinterpret_cast<const int64_t*>(p);
    }
  }
  PyObject* UniqueAt(size_t u) const {
    return *reinterpret_cast<PyObject* const*>(udata + static_cast<pyb::ssize_t>(u) * ustride);
  }
  size_t NumUniques() const { return static_cast<size_t>(uniques.shape(0)); }
  // The first row whose code is `code` (for error messages).
  int64_t FirstRowWithCode(int64_t code) const;
};

// The population plus what the output frames need to point back at the input.
struct Prepared {
  Population pop;
  std::vector<uint32_t> record_row;  // population record → row of the records frame
  size_t input_records = 0;
  std::vector<std::vector<std::string>> domains;  // the dictionary's codes, for compatibility
};

// Converts the two frames' columns (dicts column name → spec tuple). `with_text` also copies
// names and record ids into the population (explain needs them; evaluate does not). Plain
// per-row work runs on `threads` threads (0 = hardware concurrency; parallel.h).
std::shared_ptr<Prepared> ConvertFrames(const Dictionary& dict, pyb::dict entities,
                                        pyb::dict records, bool with_text, int threads);

// The code lists of the eight input domains of `dict`, in InputDomain order.
std::vector<std::vector<std::string>> DomainCodes(const Dictionary& dict);

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_FRAME_INPUT_H_
