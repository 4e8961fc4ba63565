// xiufu._core — the compiled half of the xiufu Python package. The public API is the pure
// Python package around it (bindings/python/xiufu); this module is private.
#include <pybind11/pybind11.h>

#include "common.h"
#include "register.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/reusable_memory.h"

PYBIND11_MODULE(_core, m) {
  namespace py = xiufu::py;
  m.doc() = "xiufu's C++ engine (private; use the xiufu package).";
  py::RegisterErrors(m);
  m.def("parse_date", [](const std::string& text) {
    absl::StatusOr<xiufu::Date> d = xiufu::ParseDate(text);
    if (!d.ok()) throw pybind11::value_error(std::string(d.status().message()));
    return d->days;
  }, pybind11::arg("text"), "YYYY-MM-DD (or YYYY/M/D) → days since 1970-01-01.");
  m.def("format_date", [](int32_t days) { return xiufu::FormatDate(xiufu::Date{days}); },
        pybind11::arg("days"));
  m.def("retained_memory", [] { return xiufu::RetainedReusableBytes(); },
        "Bytes of scratch blocks kept for the next build (reusable_memory.h).");
  m.def("release_memory", [] {
    const size_t bytes = xiufu::RetainedReusableBytes();
    xiufu::ReleaseReusableMemory();
    return bytes;
  }, "Frees the kept scratch blocks; returns how many bytes they held.");
  py::RegisterPack(m);
  py::RegisterTable(m);
  py::RegisterEvaluate(m);
  py::RegisterExplain(m);
  py::RegisterDiff(m);
  py::RegisterGenerate(m);
  py::RegisterPlan(m);
}
