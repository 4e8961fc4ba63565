// Shared helpers of the xiufu._core extension: absl::Status → Python exceptions, the
// InputError exception (a ValueError naming frame, column, row and value), numpy array access
// and reading Python strings without copying.
//
// Everything here runs with the GIL held unless a comment says otherwise.
#ifndef XIUFU_BINDINGS_PYTHON_COMMON_H_
#define XIUFU_BINDINGS_PYTHON_COMMON_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // in every file: type casters must be the same in all of them

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/reusable_memory.h"

namespace xiufu::py {

namespace pyb = pybind11;

// Nanoseconds per day: pandas' datetime64[ns] unit.
inline constexpr int64_t kNsPerDay = 86'400'000'000'000;
// numpy's NaT as int64.
inline constexpr int64_t kNaT = INT64_MIN;

// Text of its arguments (strings, string views, numbers) one after the other. Debian's Abseil
// has its own absl::string_view, so absl::StrCat does not take std::string_view directly.
inline void AppendPiece(std::string* out, std::string_view s) { out->append(s); }
inline void AppendPiece(std::string* out, const char* s) { out->append(s); }
inline void AppendPiece(std::string* out, const std::string& s) { out->append(s); }
template <typename N, std::enable_if_t<std::is_arithmetic_v<N> && !std::is_same_v<N, char>, int> = 0>
void AppendPiece(std::string* out, N n) {
  out->append(absl::StrCat(n));
}
template <typename... A>
std::string Text(const A&... a) {
  std::string out;
  (AppendPiece(&out, a), ...);
  return out;
}

// Thrown by C++ code, translated into xiufu._core.InputError (a ValueError) with attributes
// frame, column, row (0-based position, -1 for the whole column), value.
struct InputError {
  std::string frame;   // "entities" / "records"
  std::string column;
  int64_t row = -1;
  std::string value;
  std::string message;
  std::string What() const;  // "records.decision_date, row 3: bad date '2025-02-30': …"
};

// Raises the Python exception matching the status code (FileNotFoundError for NotFound,
// OSError for Unavailable, ValueError for argument/data errors, RuntimeError otherwise),
// prefixed by `context` when non-empty. Never returns.
[[noreturn]] void ThrowStatus(const absl::Status& status, std::string_view context = {});

// Registers InputError and the exception translator on the module.
void RegisterErrors(pyb::module_& m);

// UTF-8 view of a Python str (valid while the object lives); false if `o` is not a str.
// Plain ASCII strings (USCCs, codes, record ids) take the inline path: no call, no copy.
inline bool StrView(PyObject* o, std::string_view* out) {
  if (PyUnicode_CheckExact(o) && PyUnicode_IS_COMPACT_ASCII(o)) {
    *out = std::string_view(static_cast<const char*>(PyUnicode_DATA(o)),
                            static_cast<size_t>(PyUnicode_GET_LENGTH(o)));
    return true;
  }
  if (!PyUnicode_Check(o)) return false;
  Py_ssize_t n = 0;
  const char* s = PyUnicode_AsUTF8AndSize(o, &n);
  if (s == nullptr) {
    PyErr_Clear();
    return false;
  }
  *out = std::string_view(s, static_cast<size_t>(n));
  return true;
}

// True for None, float NaN, pandas NA / NaT (anything pandas treats as missing in an object
// array): None, a float that is NaN, or an object whose type name is NAType or NaTType.
bool IsMissing(PyObject* o);

// repr()-like short text of any object for error messages (at most 80 characters).
std::string ShortRepr(PyObject* o);

// A 1-d numpy array of objects; throws InputError naming `frame.column` otherwise.
PyObject* const* ObjectData(const pyb::array& a, std::string_view frame, std::string_view column);

// datetime64[ns] values from days (kNoDay → NaT).
inline int64_t DaysToNs(int32_t days) {
  return days == kNoDay ? kNaT : static_cast<int64_t>(days) * kNsPerDay;
}

// A new 1-d numpy array of `n` elements of T (uninitialised). From 64 KiB on, its buffer is a
// kept block (reusable_memory.h) that goes back when the array is freed: the output frames of
// a loop of evaluations (Dask partitions) reuse the pages of the ones dropped before.
template <typename T>
pyb::array_t<T> NewArray(size_t n) {
  const size_t bytes = n * sizeof(T);
  if (bytes < kMinReusableBytes) return pyb::array_t<T>(static_cast<pyb::ssize_t>(n));
  struct Block {
    void* data;
    size_t bytes;
  };
  auto block = std::make_unique<Block>(Block{TakeReusable(bytes), bytes});
  T* data = static_cast<T*>(block->data);
  pyb::capsule owner;
  try {
    owner = pyb::capsule(block.get(), [](void* b) {
      const Block* k = static_cast<Block*>(b);
      GiveReusable(k->data, k->bytes);
      delete k;
    });
  } catch (...) {
    GiveReusable(block->data, bytes);
    throw;
  }
  block.release();  // the capsule owns it now
  return pyb::array_t<T>({static_cast<pyb::ssize_t>(n)}, {static_cast<pyb::ssize_t>(sizeof(T))},
                         data, owner);
}

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_COMMON_H_
