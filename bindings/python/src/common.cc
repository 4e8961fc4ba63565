#include "common.h"

#include <cmath>
#include <cstring>


namespace xiufu::py {

namespace {
PyObject* g_input_error = nullptr;  // xiufu._core.InputError, owned by the module
}  // namespace

std::string InputError::What() const {
  return row >= 0 ? Text(frame, ".", column, ", row ", row, ": ", message)
                  : Text(frame, ".", column, ": ", message);
}

void ThrowStatus(const absl::Status& status, std::string_view context) {
  std::string msg(context);
  if (!msg.empty()) msg += ": ";
  msg += std::string(status.message());
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      PyErr_SetString(PyExc_FileNotFoundError, msg.c_str());
      throw pyb::error_already_set();
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kPermissionDenied:
      PyErr_SetString(PyExc_OSError, msg.c_str());
      throw pyb::error_already_set();
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kDataLoss:
      throw pyb::value_error(msg);
    default:
      throw std::runtime_error(msg);
  }
}

void RegisterErrors(pyb::module_& m) {
  g_input_error = PyErr_NewExceptionWithDoc(
      "xiufu._core.InputError",
      "Bad input data: a missing column, a wrong type, a bad date or an unknown code.\n\n"
      "A ValueError whose message names the frame, column and row. Attributes: frame, column,\n"
      "row (0-based position, -1 for the whole column), value (the offending text).",
      PyExc_ValueError, nullptr);
  m.add_object("InputError", pyb::handle(g_input_error));
  pyb::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      pyb::object exc = pyb::reinterpret_steal<pyb::object>(
          PyObject_CallFunction(g_input_error, "s", e.What().c_str()));
      if (!exc) return;  // the call set an error already
      exc.attr("frame") = e.frame;
      exc.attr("column") = e.column;
      exc.attr("row") = e.row;
      exc.attr("value") = e.value;
      PyErr_SetObject(g_input_error, exc.ptr());
    }
  });
}

bool IsMissing(PyObject* o) {
  if (o == Py_None) return true;
  if (PyFloat_Check(o)) return std::isnan(PyFloat_AS_DOUBLE(o));
  const char* type = Py_TYPE(o)->tp_name;
  return std::strcmp(type, "NAType") == 0 || std::strcmp(type, "NaTType") == 0 ||
         std::strcmp(type, "pandas._libs.missing.NAType") == 0 ||
         std::strcmp(type, "pandas._libs.tslibs.nattype.NaTType") == 0;
}

std::string ShortRepr(PyObject* o) {
  std::string_view sv;
  if (StrView(o, &sv)) return std::string(sv.substr(0, 80));
  pyb::object r = pyb::reinterpret_steal<pyb::object>(PyObject_Repr(o));
  if (!r) {
    PyErr_Clear();
    return "?";
  }
  std::string s = pyb::str(r);
  return s.substr(0, 80);
}

PyObject* const* ObjectData(const pyb::array& a, std::string_view frame, std::string_view column) {
  if (a.ndim() != 1 || a.dtype().kind() != 'O') {
    throw InputError{std::string(frame), std::string(column), -1, "",
                     Text("expected a column of strings (object dtype), got dtype ",
                         std::string(pyb::str(a.dtype())))};
  }
  if (a.strides(0) != static_cast<pyb::ssize_t>(sizeof(PyObject*))) {
    throw InputError{std::string(frame), std::string(column), -1, "",
                     "internal: object column is not contiguous"};
  }
  return static_cast<PyObject* const*>(a.data());
}

}  // namespace xiufu::py
